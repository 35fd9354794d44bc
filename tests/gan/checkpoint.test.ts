/**
 * The checkpoint validator and MnistGan.resume on hostile checkpoints: every tampered field is refused as corrupt
 * with a message naming it, nothing running is touched, and nothing loaded is left behind (tf.memory().numTensors
 * is back where it was).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Digits } from '../../src/data/idx.ts';
import { loadMnist } from '../../src/data/mnist-node.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { CheckpointError, validateCheckpoint, validateModelArtifacts, type MnistCheckpoint } from '../../src/gan/mnist/checkpoint.ts';
import { DEFAULT_MNIST_GAN, MnistGan } from '../../src/gan/mnist/gan.ts';
import { installWasmTrainingKernels } from '../../src/gan/wasm-kernels.ts';

let train: Digits;
let valid: MnistCheckpoint;
let freshDcgan: MnistCheckpoint;

beforeAll(async () => {
  await useBackend('wasm');
  installWasmTrainingKernels();
  train = loadMnist('train');
  const gan = new MnistGan({ ...DEFAULT_MNIST_GAN, batchSize: 16, seed: 4 }, train);
  for (let i = 0; i < 3; i++) gan.step();
  valid = await gan.checkpoint();
  gan.dispose();
  const dcgan = new MnistGan({ ...DEFAULT_MNIST_GAN, model: 'dcgan', batchSize: 8 }, train);
  freshDcgan = await dcgan.checkpoint();
  dcgan.dispose();
}, 60_000);

/** A deep copy with one change made by `edit`. */
function tampered(edit: (c: Record<string, any>) => void, from: MnistCheckpoint = valid): unknown {
  const c = structuredClone(from) as unknown as Record<string, any>;
  edit(c);
  return c;
}

const f32 = (buffer: ArrayBuffer) => new Float32Array(buffer);

const CORRUPTIONS: readonly [string, (c: Record<string, any>) => void, RegExp][] = [
  ['another format', (c) => (c.format = 'something else'), /format is "something else"/],
  ['another version', (c) => (c.version = 2), /version 2/],
  ['a string step', (c) => (c.step = '3'), /step is "3"/],
  ['a negative step', (c) => (c.step = -1), /step is -1/],
  ['a huge step', (c) => (c.step = 1e300), /step is 1e\+300/],
  ['a missing step', (c) => delete c.step, /step is undefined/],
  ['an all-zero random state', (c) => (c.random = [0, 0, 0, 0, null]), /all four words are 0/],
  ['a random state of the wrong length', (c) => (c.random = [1, 2]), /random state/],
  ['a config of another model kind (mlp weights under a dcgan config)', (c) => (c.config.model = 'dcgan'), /not the dcgan generator/],
  ['an unknown model kind', (c) => (c.config.model = 'evil'), /model must be mlp or dcgan/],
  ['a bad learning rate', (c) => (c.config.learningRate = 'fast'), /invalid learning rate/],
  ['an unknown config setting', (c) => (c.config.extra = 1), /unknown setting "extra"/],
  ['a generator weight of the wrong shape', (c) => (c.generator.weightSpecs[0].shape = [100, 127]), /g_hidden\/kernel has shape/],
  ['a renamed generator weight', (c) => (c.generator.weightSpecs[1].name = 'evil'), /weight 2 is "evil"/],
  ['truncated discriminator weights', (c) => (c.discriminator.weightData = c.discriminator.weightData.slice(0, 1000)), /1000 bytes of weights/],
  ['a NaN weight', (c) => (f32(c.generator.weightData)[5] = NaN), /holds NaN at index 5/],
  ['weights that are not bytes', (c) => (c.discriminator.weightData = 'AAAA'), /not bytes/],
  ['an edited topology', (c) => (c.generator.modelTopology.config.layers[0].config.units = 64), /not the mlp generator: its layer 1/],
  ['a hole in the topology (structured clones keep them)', (c) => delete c.discriminator.modelTopology.config.layers[0].config.batch_input_shape[0], /not the mlp discriminator: its layer 1/],
  ['the optimizers swapped', (c) => ([c.optimizerD, c.optimizerG] = [c.optimizerG, c.optimizerD]), /optimizer: weight 2 is "d_hidden\/kernel\/m"/],
  ['optimizer moments missing mid-run', (c) => {
    c.optimizerG.specs = c.optimizerG.specs.slice(0, 1);
    c.optimizerG.data = c.optimizerG.data.slice(0, 4);
  }, /holds no moments, but the checkpoint is at step 3/],
  ['an optimizer step count that does not match the step', (c) => (new Int32Array(c.optimizerG.data)[0] = 7), /has taken 7 steps/],
  ['a negative second moment', (c) => {
    const v = f32(c.optimizerD.data);
    v[v.length - 1] = -1;
  }, /second moment of d_logit\/bias is negative/],
];

describe('validateCheckpoint', () => {
  it('accepts a checkpoint the GAN wrote, and one that went through JSON-like storage (spare draw as null)', () => {
    expect(validateCheckpoint(structuredClone(valid)).step).toBe(3);
    expect(validateCheckpoint(tampered((c) => (c.random[4] = null))).random[4]).toBeNull();
    expect(validateCheckpoint(structuredClone(freshDcgan)).config.model).toBe('dcgan');
  });

  it.each(CORRUPTIONS)('refuses %s as corrupt, naming the problem', (_name, edit, message) => {
    let error: unknown;
    try {
      validateCheckpoint(tampered(edit));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).corrupt).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/the checkpoint is corrupt/);
  });

  it('refuses DCGAN networks under an mlp config', () => {
    expect(() => validateCheckpoint(tampered((c) => (c.config.model = 'mlp'), freshDcgan))).toThrow(/not the mlp generator/);
  });

  it('refuses what is not a checkpoint at all, quoting at most a short window of it', () => {
    for (const bad of [null, 42, 'x'.repeat(100_000), [], { format: 'gan-theory-mnist-checkpoint', version: 1, config: null }]) {
      let message = '';
      try {
        validateCheckpoint(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(CheckpointError);
        message = (e as Error).message;
      }
      expect(message.length).toBeGreaterThan(0);
      expect(message.length).toBeLessThan(300);
    }
  });

  it('checks a generator alone against its model kind, as score does', () => {
    expect(() => validateModelArtifacts(structuredClone(valid.generator), 'generator', 'mlp')).not.toThrow();
    expect(() => validateModelArtifacts(structuredClone(valid.generator), 'generator', 'dcgan')).toThrow(/not the dcgan generator/);
  });
});

describe('MnistGan.resume', () => {
  it('leaks nothing when it succeeds', async () => {
    const before = tf.memory().numTensors;
    const resumed = await MnistGan.resume(structuredClone(valid), train);
    expect(resumed.steps).toBe(3);
    resumed.step();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses every corrupt checkpoint, leaves the running model as it was and frees what it loaded', async () => {
    const running = new MnistGan({ ...DEFAULT_MNIST_GAN, batchSize: 16, seed: 9 }, train);
    running.step();
    const weightsBefore = running.generator.getWeights().map((w) => Array.from(w.dataSync().slice(0, 50)));
    const before = tf.memory().numTensors;
    for (const [name, edit] of CORRUPTIONS) {
      await expect(MnistGan.resume(tampered(edit), train), name).rejects.toMatchObject({ name: 'CheckpointError', corrupt: true });
      expect(tf.memory().numTensors, name).toBe(before);
    }
    expect(running.generator.getWeights().map((w) => Array.from(w.dataSync().slice(0, 50)))).toEqual(weightsBefore);
    expect(running.steps).toBe(1);
    expect(Number.isFinite(running.step().lossD)).toBe(true);
    running.dispose();
  }, 60_000);

  it('says a failure that is not the checkpoint’s fault may be transient (no digits loaded), and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const error = await MnistGan.resume(structuredClone(valid), { count: 0, images: new Uint8Array(0) } as unknown as Digits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).corrupt).toBe(false);
    expect((error as Error).message).toMatch(/may be transient/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
