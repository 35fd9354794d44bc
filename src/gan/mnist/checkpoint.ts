/**
 * MNIST GAN checkpoints: what one holds, and a validator that checks a checkpoint completely before anything is
 * built from it — format and version, the config, the step, the random state, each network's topology and
 * weights against the model kind the config names, and both optimizers' slots. A checkpoint comes from outside
 * (IndexedDB, a directory a user may have edited), so nothing in it is trusted: a rejected one never replaces a
 * running model, and the error says whether the checkpoint itself is proven corrupt or the failure may pass.
 */
import * as tf from '@tensorflow/tfjs';
import { restoreRandom } from '../../maths/random.ts';
import { checkConfig, type DcganKernel, type MnistGanConfig, type MnistModelKind } from './config.ts';
import { buildDiscriminator, buildGenerator, DEFAULT_DCGAN_KERNEL } from './models.ts';

/** Everything needed to resume exactly. */
export interface MnistCheckpoint {
  readonly format: 'gan-theory-mnist-checkpoint';
  readonly version: 1;
  readonly config: MnistGanConfig;
  readonly step: number;
  readonly random: number[];
  readonly generator: tf.io.ModelArtifacts;
  readonly discriminator: tf.io.ModelArtifacts;
  readonly optimizerD: SavedWeights;
  readonly optimizerG: SavedWeights;
}

/** An optimizer's state: tfjs weight specs and the bytes they describe. */
export interface SavedWeights {
  readonly specs: tf.io.WeightsManifestEntry[];
  readonly data: ArrayBuffer;
}

export const CHECKPOINT_FORMAT = 'gan-theory-mnist-checkpoint';
export const CHECKPOINT_VERSION = 1;

/**
 * Why a checkpoint could not be resumed. `corrupt` is true when the checkpoint itself is proven unusable (keep it
 * aside, never resume it); false when the failure may be transient (the data did not load, the backend ran out
 * of memory) and the same checkpoint may well resume later — then it must be kept as it is.
 */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  /** What is wrong, without the verdict on the checkpoint that `message` adds. */
  readonly reason: string;
  constructor(
    reason: string,
    readonly corrupt: boolean,
  ) {
    super(`${reason} (${corrupt ? 'the checkpoint is corrupt' : 'this may be transient: the checkpoint itself passed every check'})`);
    this.reason = reason;
  }
}

/** At most this many characters of a checkpoint's own text go into a message. */
const QUOTE = 40;
const quote = (v: unknown): string => {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? (Array.isArray(v) ? `an array of ${v.length}` : 'an object') : String(v);
  } catch {
    s = typeof v;
  }
  return s.length > QUOTE ? `${s.slice(0, QUOTE)}…` : s;
};

const corrupt = (message: string): never => {
  throw new CheckpointError(message, true);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ExpectedModel {
  /** The layer list of the topology with initializer seeds removed (they depend on the training seed). */
  readonly layers: unknown;
  readonly className: string;
  /** Every weight in save order, and the trainable ones in the order an optimizer keeps its slots. */
  readonly weights: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly trainable: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

const expectedCache = new Map<string, ExpectedModel>();

/** What a freshly built network of this kind looks like (built once, read, and freed). */
function expectedModel(role: 'generator' | 'discriminator', kind: MnistModelKind, kernel: DcganKernel = DEFAULT_DCGAN_KERNEL): ExpectedModel {
  const key = `${role}|${kind}|${kind === 'dcgan' ? kernel : ''}`;
  const hit = expectedCache.get(key);
  if (hit) return hit;
  const model = role === 'generator' ? buildGenerator(kind, 1, kernel) : buildDiscriminator(kind, 2, kernel);
  try {
    const topology = model.toJSON(null, false) as unknown as Record<string, unknown>;
    const spec = (w: tf.LayerVariable) => ({ name: w.originalName, shape: [...w.shape] as number[] });
    const expected: ExpectedModel = {
      layers: withoutSeeds((topology.config as Record<string, unknown>).layers),
      className: String(topology.class_name),
      weights: model.weights.map(spec),
      trainable: model.trainableWeights.map(spec),
    };
    expectedCache.set(key, expected);
    return expected;
  } finally {
    model.dispose();
  }
}

function withoutSeeds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutSeeds);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'seed').map(([k, x]) => [k, withoutSeeds(x)]));
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    // An index loop, not every(): every() skips the holes a structured clone can carry.
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined), kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The bytes as an ArrayBuffer, whether stored as one, as a typed array or Node Buffer, or as a list of buffers. */
function bytesOf(v: unknown, what: string): ArrayBuffer {
  if (v instanceof ArrayBuffer) return v;
  if (ArrayBuffer.isView(v)) return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer;
  if (Array.isArray(v) && v.every((b) => b instanceof ArrayBuffer)) return tf.io.concatenateArrayBuffers(v as ArrayBuffer[]);
  return corrupt(`${what} are ${quote(v)}, not bytes`);
}

/** Checks one weight-spec list against the expected names and shapes (all float32 unless said otherwise). */
function checkSpecs(specs: unknown, expected: readonly { name: string; shape: readonly number[]; dtype?: string; pattern?: RegExp }[], what: string): tf.io.WeightsManifestEntry[] {
  if (!Array.isArray(specs)) return corrupt(`${what}: the weight list is ${quote(specs)}, not an array`);
  if (specs.length !== expected.length) return corrupt(`${what}: ${specs.length} weights where ${expected.length} were expected`);
  specs.forEach((s: unknown, i) => {
    const e = expected[i]!;
    if (!isObject(s)) return corrupt(`${what}: weight ${i + 1} is ${quote(s)}`);
    if (!(e.pattern ? typeof s.name === 'string' && e.pattern.test(s.name) : s.name === e.name)) return corrupt(`${what}: weight ${i + 1} is ${quote(s.name)} where ${e.name} was expected`);
    const dtype = e.dtype ?? 'float32';
    if (s.dtype !== dtype) return corrupt(`${what}: ${e.name} has dtype ${quote(s.dtype)}, not ${dtype}`);
    if (!Array.isArray(s.shape) || !sameJson(s.shape, e.shape)) return corrupt(`${what}: ${e.name} has shape ${quote(JSON.stringify(s.shape))}, not [${e.shape.join(', ')}]`);
    if (s.quantization !== undefined || s.group !== undefined) return corrupt(`${what}: ${e.name} is quantized or grouped, which these checkpoints never are`);
  });
  return specs as tf.io.WeightsManifestEntry[];
}

/** The bytes must hold exactly the listed float32/int32 values, every one finite. */
function checkValues(data: ArrayBuffer, specs: readonly tf.io.WeightsManifestEntry[], what: string): void {
  const expectedBytes = specs.reduce((n, s) => n + 4 * size(s.shape), 0);
  if (data.byteLength !== expectedBytes) return corrupt(`${what}: ${data.byteLength} bytes of weights where the specs need ${expectedBytes} (truncated or padded)`);
  let offset = 0;
  for (const s of specs) {
    const n = size(s.shape);
    if (s.dtype === 'float32') {
      const values = new Float32Array(data, offset, n);
      for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) return corrupt(`${what}: ${s.name} holds ${values[i]} at index ${i}`);
    }
    offset += 4 * n;
  }
}

/**
 * The DCGAN layout a saved network's topology shows: the kernel size of its first transposed convolution
 * (generator) or convolution (discriminator), when that is 4 or 5; undefined otherwise (then validation against
 * the default layout names what differs).
 */
export function dcganKernelOf(artifacts: unknown): DcganKernel | undefined {
  const topology = isObject(artifacts) ? artifacts.modelTopology : undefined;
  const layers = isObject(topology) && isObject(topology.config) && Array.isArray(topology.config.layers) ? topology.config.layers : [];
  for (const l of layers) {
    if (!isObject(l) || !isObject(l.config) || (l.config.name !== 'g_up1' && l.config.name !== 'd_conv1')) continue;
    const size = l.config.kernel_size;
    const k = Array.isArray(size) ? size[0] : size;
    return k === 4 || k === 5 ? k : undefined;
  }
  return undefined;
}

/**
 * Checks a network's saved artifacts against the network of this role and kind (and, for the DCGAN, layout): the topology (layer by layer,
 * initializer seeds aside), every weight's name, dtype and shape in order, the byte count, finite values.
 *
 * @throws {CheckpointError} (corrupt) naming the first thing that differs.
 */
export function validateModelArtifacts(artifacts: unknown, role: 'generator' | 'discriminator', kind: MnistModelKind, what: string = `the ${role}`, kernel: DcganKernel = DEFAULT_DCGAN_KERNEL): tf.io.ModelArtifacts {
  if (!isObject(artifacts)) return corrupt(`${what} is ${quote(artifacts)}, not saved model artifacts`);
  const expected = expectedModel(role, kind, kernel);
  const topology = artifacts.modelTopology;
  if (!isObject(topology) || !isObject(topology.config) || !Array.isArray(topology.config.layers)) return corrupt(`${what} has no layer list in its topology`);
  if (topology.class_name !== expected.className) return corrupt(`${what} is a ${quote(topology.class_name)} model, not ${expected.className}`);
  const layers = withoutSeeds(topology.config.layers) as unknown[], want = expected.layers as unknown[];
  const differs = want.findIndex((l, i) => !sameJson(layers[i], l));
  if (differs >= 0 || layers.length !== want.length) {
    const i = differs >= 0 ? differs : want.length;
    const name = (l: unknown) => (isObject(l) && isObject(l.config) ? `${String(l.class_name)} ${String(l.config.name)}` : quote(l));
    const layout = kind === 'dcgan' ? ` (kernel ${kernel})` : '';
    return corrupt(`${what} is not the ${kind} ${role}${layout}: its layer ${i + 1} is ${i < layers.length ? name(layers[i]) : 'missing'} where the ${kind} ${role} has ${i < want.length ? name(want[i]) : 'none'}`);
  }
  const specs = checkSpecs(artifacts.weightSpecs, expected.weights, what);
  const data = bytesOf(artifacts.weightData, `${what}'s weights`);
  checkValues(data, specs, what);
  return { modelTopology: topology, weightSpecs: specs, weightData: data };
}

function int32At(data: ArrayBuffer, index: number): number {
  return new Int32Array(data, 4 * index, 1)[0]!;
}

/**
 * Adam's slots: its iteration count (int32), then the first moment of every trainable weight, then the second.
 * A fresh optimizer (no step taken) saves only the count.
 */
function validateOptimizer(saved: unknown, role: 'generator' | 'discriminator', kind: MnistModelKind, step: number, kernel?: DcganKernel): SavedWeights {
  const what = `the ${role}'s optimizer`;
  if (!isObject(saved)) return corrupt(`${what} is ${quote(saved)}, not saved weights`);
  const trainable = expectedModel(role, kind, kernel).trainable;
  const iter = { name: 'iter', shape: [], dtype: 'int32' };
  // Slots are named after the variables, which tfjs numbers (d_logit/kernel_3) when several models share names.
  const slot = (w: { name: string; shape: readonly number[] }, moment: 'm' | 'v') => ({ ...w, name: `${w.name}/${moment}`, pattern: new RegExp(`^${w.name}(_\\d+)?/${moment}$`) });
  const full = [iter, ...trainable.map((w) => slot(w, 'm')), ...trainable.map((w) => slot(w, 'v'))];
  const count = Array.isArray(saved.specs) ? saved.specs.length : -1;
  const specs = checkSpecs(saved.specs, count === 1 ? [iter] : full, what);
  const data = bytesOf(saved.data, `${what}'s weights`);
  checkValues(data, specs, what);
  const iterations = int32At(data, 0);
  // G's optimizer steps once per training step; D's k ≥ 1 times (k may change between steps, up to 20).
  const [lo, hi] = role === 'generator' ? [step, step] : [step, 20 * step];
  if (iterations < lo || iterations > hi) {
    return corrupt(`${what} has taken ${iterations} steps, which does not fit a checkpoint at step ${step} (expected ${lo === hi ? lo : `${lo} to ${hi}`})`);
  }
  if (count === 1 && step > 0) return corrupt(`${what} holds no moments, but the checkpoint is at step ${step}`);
  // Second moments are averages of squares.
  let offset = 4 * (1 + trainable.reduce((n, w) => n + size(w.shape), 0));
  if (count > 1) {
    for (const w of trainable) {
      const v = new Float32Array(data, offset, size(w.shape));
      const negative = v.findIndex((x) => x < 0);
      if (negative >= 0) return corrupt(`${what}: the second moment of ${w.name} is negative (${v[negative]}) at index ${negative}`);
      offset += 4 * v.length;
    }
  }
  return { specs, data };
}

/**
 * Checks everything in a checkpoint and returns it typed, with its bytes as ArrayBuffers; builds nothing that
 * needs freeing.
 *
 * @throws {CheckpointError} (corrupt) naming the first problem: another format or version, a bad config, a step
 * that is not a non-negative safe integer, an invalid random state (an all-zero xoshiro state among them),
 * networks or optimizer slots that do not belong to the config's model kind.
 */
export function validateCheckpoint(checkpoint: unknown): MnistCheckpoint {
  if (!isObject(checkpoint)) return corrupt(`a checkpoint must be an object, got ${quote(checkpoint)}`);
  if (checkpoint.format !== CHECKPOINT_FORMAT) return corrupt(`not a gan-theory MNIST checkpoint: its format is ${quote(checkpoint.format)}`);
  if (checkpoint.version !== CHECKPOINT_VERSION) return corrupt(`checkpoint version ${quote(checkpoint.version)}, but this build reads version ${CHECKPOINT_VERSION}`);
  const config = checkpoint.config;
  if (!isObject(config)) return corrupt(`the checkpoint's config is ${quote(config)}`);
  const keys = ['model', 'seed', 'k', 'loss', 'learningRate', 'batchSize', 'kernel', 'labelSmoothing'];
  const extra = Object.keys(config).find((k) => !keys.includes(k));
  if (extra !== undefined) return corrupt(`the checkpoint's config has an unknown setting ${quote(extra)}`);
  try {
    checkConfig(config as unknown as MnistGanConfig);
  } catch (e) {
    return corrupt(`the checkpoint's config is invalid: ${(e as Error).message.slice(0, 120)}`);
  }
  const step = checkpoint.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) return corrupt(`the checkpoint's step is ${quote(step)}, not a whole number of steps`);
  const random = checkpoint.random;
  try {
    restoreRandom(random as unknown[]);
  } catch (e) {
    return corrupt(`the checkpoint's random state is invalid: ${(e as Error).message.slice(0, 160)}`);
  }
  const c = config as unknown as MnistGanConfig;
  const kind = c.model;
  // A DCGAN checkpoint written before its config named the layout (kernel 5) resumes in the layout its generator's
  // topology shows; the config it resumes with names it from then on.
  const kernel = kind === 'dcgan' ? (c.kernel ?? dcganKernelOf(checkpoint.generator) ?? DEFAULT_DCGAN_KERNEL) : undefined;
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: kernel === undefined ? { ...c } : { ...c, kernel },
    step,
    random: [...(random as number[])],
    generator: validateModelArtifacts(checkpoint.generator, 'generator', kind, undefined, kernel),
    discriminator: validateModelArtifacts(checkpoint.discriminator, 'discriminator', kind, undefined, kernel),
    optimizerG: validateOptimizer(checkpoint.optimizerG, 'generator', kind, step, kernel),
    optimizerD: validateOptimizer(checkpoint.optimizerD, 'discriminator', kind, step, kernel),
  };
}
