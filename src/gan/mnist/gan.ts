/**
 * GANs on MNIST (in Node and in the browser alike): Algorithm 1 with k discriminator steps per generator step,
 * Adam (β₁ = 0.5), batches drawn with the project's seeded random source, either generator loss. Snapshots hold
 * finished numbers and images; checkpoints are plain objects (tfjs model artifacts, optimizer weights, the random
 * state) that Node writes to files and the browser to IndexedDB.
 */
import * as tf from '@tensorflow/tfjs';
import { trainableVariables } from '../variables.ts';
import type { Digits } from '../../data/idx.ts';
import { sigmoid } from '../../maths/logmath.ts';
import { createRandom, restoreRandom, type Random } from '../../maths/random.ts';
import type { GeneratorLossVariant } from '../losses.ts';
import { DivergedError } from '../diverged.ts';
import { CheckpointError, validateCheckpoint, type MnistCheckpoint, type SavedWeights } from './checkpoint.ts';
import { checkConfig, type MnistGanConfig } from './config.ts';
import { buildDiscriminator, buildGenerator, LATENT_SIZE, pixelRange, reseedDropout, type MnistModelKind } from './models.ts';

export { checkConfig, DEFAULT_MNIST_GAN, defaultLearningRate, type MnistGanConfig } from './config.ts';

export interface MnistStep {
  readonly step: number;
  readonly lossD: number;
  readonly lossG: number;
  /** Mean D(x) on the real batch and mean D(G(z)) on the generated one (of the last D step). */
  readonly dReal: number;
  readonly dFake: number;
}

export interface MnistSnapshot {
  readonly step: number;
  /** Images from the fixed latent vectors (count × 784, pixels in [0, 1]). */
  readonly samples: Float32Array;
  readonly sampleCount: number;
  /** On 1,024 held-back real digits and 1,024 generated ones. */
  readonly dReal: number;
  readonly dFake: number;
  /** V(G, D) = E log D(x) + E log(1 − D(G(z))) on the same points. */
  readonly value: number;
  /** The bound any discriminator gives: JSD(p_data ‖ p_g) ≥ (V + log 4)/2. */
  readonly jsdLowerBound: number;
}

export { CheckpointError, validateCheckpoint, type MnistCheckpoint, type SavedWeights } from './checkpoint.ts';

/**
 * Rows per forward pass when evaluating (snapshots, generated samples): `predict` would otherwise cut its input into
 * batches of 32, each a slice, and large batches keep the per-op overhead small while bounding a DCGAN's memory.
 */
const EVAL_BATCH = 256;

export class MnistGan {
  config: MnistGanConfig;
  readonly generator: tf.LayersModel;
  readonly discriminator: tf.LayersModel;
  readonly #data: Digits;
  /** Grey level 0…255 → the model's pixel range, as a lookup table. */
  readonly #pixels: Float32Array;
  #random: Random;
  readonly #optimizerD: tf.Optimizer;
  readonly #optimizerG: tf.Optimizer;
  readonly #fixedLatents: tf.Tensor2D;
  readonly #evalLatents: tf.Tensor2D;
  readonly #evalReal: tf.Tensor2D;
  readonly #lossWeights: DiscriminatorLossWeights;
  #steps = 0;
  #disposed = false;

  /** A fresh GAN; pass `from` to resume a checkpoint (its config wins). */
  constructor(config: MnistGanConfig, data: Digits, models?: { generator: tf.LayersModel; discriminator: tf.LayersModel; step: number; random: number[] }) {
    checkConfig(config);
    this.config = config;
    this.#data = data;
    this.#random = models ? restoreRandom(models.random) : createRandom(config.seed);
    this.generator = models?.generator ?? buildGenerator(config.model, config.seed, config.kernel);
    this.discriminator = models?.discriminator ?? buildDiscriminator(config.model, config.seed + 1, config.kernel);
    this.#steps = models?.step ?? 0;
    const [lo, hi] = pixelRange(config.model);
    this.#pixels = Float32Array.from({ length: 256 }, (_, v) => lo + ((hi - lo) * v) / 255);
    this.#optimizerD = tf.train.adam(config.learningRate, 0.5);
    this.#optimizerG = tf.train.adam(config.learningRate, 0.5);
    // Fixed vectors for the sample grid and for evaluation, from a stream of their own so they do not depend on
    // how far training has gone.
    const fixed = createRandom(config.seed + 1_000_003);
    this.#fixedLatents = tf.tensor2d(Float32Array.from({ length: 36 * LATENT_SIZE }, () => fixed.normal()), [36, LATENT_SIZE]);
    this.#evalLatents = tf.tensor2d(Float32Array.from({ length: 1024 * LATENT_SIZE }, () => fixed.normal()), [1024, LATENT_SIZE]);
    this.#lossWeights = discriminatorLossWeights(config.batchSize, config.labelSmoothing ?? 0);
    this.#evalReal = this.#digits(Int32Array.from({ length: Math.min(1024, data.count) }, () => fixed.integer(data.count)));
  }

  get steps(): number {
    return this.#steps;
  }

  setLiveOptions(options: Pick<MnistGanConfig, 'k' | 'loss'>): void {
    checkConfig({ ...this.config, ...options });
    this.config = { ...this.config, ...options };
  }

  #latents(n: number): tf.Tensor2D {
    const z = new Float32Array(n * LATENT_SIZE);
    for (let i = 0; i < z.length; i++) z[i] = this.#random.normal();
    return tf.tensor2d(z, [n, LATENT_SIZE]);
  }

  /** The digits at these indices as a batch (copied from the byte array: far quicker than a gather on the backend). */
  #digits(indices: Int32Array): tf.Tensor2D {
    const out = new Float32Array(indices.length * 784), images = this.#data.images, pixels = this.#pixels;
    for (let r = 0; r < indices.length; r++) {
      const from = indices[r]! * 784, to = r * 784;
      for (let p = 0; p < 784; p++) out[to + p] = pixels[images[from + p]!]!;
    }
    return tf.tensor2d(out, [indices.length, 784]);
  }

  #realBatch(n: number): tf.Tensor2D {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = this.#random.integer(this.#data.count);
    return this.#digits(idx);
  }

  #reseed(): void {
    reseedDropout(this.discriminator, () => this.#random.integer(2 ** 31));
  }

  step(): MnistStep {
    if (this.#disposed) throw new Error('this GAN has been disposed');
    const { k, batchSize: n, loss } = this.config;
    const dVars = trainableVariables(this.discriminator), gVars = trainableVariables(this.generator);
    let lossD = NaN, dReal = NaN, dFake = NaN;
    for (let i = 0; i < k; i++) {
      let logits: tf.Tensor | undefined;
      const cost = tf.tidy(() => {
        // G's forward pass runs before the gradient tape starts: D's step needs its images, not its gradients.
        const real = this.#realBatch(n), fake = this.generator.apply(this.#latents(n), { training: true }) as tf.Tensor;
        // Real and generated images go through D as one batch of 2n: one product per layer instead of two, and
        // one loss, Σ softplus(∓logit)/n with − on the real rows (−log D(x)) and + on the generated (−log(1 − D)).
        const both = tf.concat([real, fake], 0);
        this.#reseed();
        return this.#optimizerD.minimize(() => {
          logits = tf.keep(this.discriminator.apply(both, { training: true }) as tf.Tensor);
          return discriminatorLoss(logits, n, this.#lossWeights);
        }, true, dVars)!;
      });
      lossD = cost.dataSync()[0]!;
      const l = logits!.dataSync();
      tf.dispose([cost, logits!]);
      [dReal, dFake] = [meanSigmoid(l, 0, n), meanSigmoid(l, n, 2 * n)];
    }
    const costG = tf.tidy(() => {
      const z = this.#latents(n);
      this.#reseed();
      return this.#optimizerG.minimize(() => {
        const logits = this.discriminator.apply(this.generator.apply(z, { training: true }) as tf.Tensor, { training: true }) as tf.Tensor;
        return (loss === 'saturating' ? tf.neg(tf.mean(tf.softplus(logits))) : tf.mean(tf.softplus(tf.neg(logits)))) as tf.Scalar;
      }, true, gVars)!;
    });
    const lossG = costG.dataSync()[0]!;
    costG.dispose();
    this.#steps++;
    if (!Number.isFinite(lossD) || !Number.isFinite(lossG)) {
      throw new DivergedError(`training diverged at step ${this.#steps}: discriminator loss ${lossD}, generator loss ${lossG}`);
    }
    return { step: this.#steps, lossD, lossG, dReal, dFake };
  }

  /** Images (n × 784, pixels in [0, 1]) from n fresh latent vectors, or from the given ones. */
  generate(n: number, random: Random = this.#random): Float32Array {
    return tf.tidy(() => {
      const z = tf.tensor2d(Float32Array.from({ length: n * LATENT_SIZE }, () => random.normal()), [n, LATENT_SIZE]);
      return this.#toUnit(this.generator.predict(z, { batchSize: EVAL_BATCH }) as tf.Tensor).dataSync() as Float32Array;
    });
  }

  #toUnit(images: tf.Tensor): tf.Tensor {
    const [lo, hi] = pixelRange(this.config.model);
    return images.sub(lo).div(hi - lo).clipByValue(0, 1);
  }

  snapshot(): MnistSnapshot {
    const samples = tf.tidy(() => this.#toUnit(this.generator.predict(this.#fixedLatents, { batchSize: EVAL_BATCH }) as tf.Tensor).dataSync() as Float32Array);
    const [dReal, dFake, logReal, log1mFake] = tf.tidy(() => {
      const lr = this.discriminator.predict(this.#evalReal, { batchSize: EVAL_BATCH }) as tf.Tensor;
      const lf = this.discriminator.predict(this.generator.predict(this.#evalLatents, { batchSize: EVAL_BATCH }) as tf.Tensor, { batchSize: EVAL_BATCH }) as tf.Tensor;
      return tf.stack([tf.mean(tf.sigmoid(lr)), tf.mean(tf.sigmoid(lf)), tf.mean(tf.neg(tf.softplus(tf.neg(lr)))), tf.mean(tf.neg(tf.softplus(lf)))]).dataSync();
    }) as unknown as [number, number, number, number];
    for (const v of [dReal, dFake, logReal, log1mFake]) if (!Number.isFinite(v)) throw new DivergedError(`the networks produce non-finite values at step ${this.#steps}`);
    const value = logReal + log1mFake;
    return { step: this.#steps, samples, sampleCount: 36, dReal, dFake, value, jsdLowerBound: (value + Math.log(4)) / 2 };
  }

  async checkpoint(): Promise<MnistCheckpoint> {
    const artifacts = async (m: tf.LayersModel) => {
      let saved: tf.io.ModelArtifacts | undefined;
      await m.save(tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      return saved!;
    };
    const optimizer = async (o: tf.Optimizer): Promise<SavedWeights> => {
      const named = await o.getWeights();
      const { data, specs } = await tf.io.encodeWeights(named);
      return { specs, data: data as ArrayBuffer };
    };
    return {
      format: 'gan-theory-mnist-checkpoint',
      version: 1,
      config: this.config,
      step: this.#steps,
      random: this.#random.state(),
      generator: await artifacts(this.generator),
      discriminator: await artifacts(this.discriminator),
      optimizerD: await optimizer(this.#optimizerD),
      optimizerG: await optimizer(this.#optimizerG),
    };
  }

  /**
   * A GAN that continues a checkpoint exactly. The checkpoint is checked completely first
   * ({@link validateCheckpoint}); nothing running is touched, and if anything fails, whatever was loaded is freed.
   *
   * @throws {CheckpointError} with `corrupt` true when the checkpoint is proven unusable, false when the failure
   * may be transient (the same checkpoint may resume later).
   */
  static async resume(checkpoint: unknown, data: Digits): Promise<MnistGan> {
    const c = validateCheckpoint(checkpoint);
    if (!data || !(data.count >= 1) || !(data.images?.length >= data.count * 784)) throw new CheckpointError('no MNIST digits to train on were loaded', false);
    const models: tf.LayersModel[] = [];
    const decoded: tf.Tensor[] = [];
    let gan: MnistGan | undefined;
    try {
      const load = async (a: tf.io.ModelArtifacts) => {
        const m = await tf.loadLayersModel(tf.io.fromMemory(a));
        models.push(m);
        return m;
      };
      const generator = await load(c.generator), discriminator = await load(c.discriminator);
      gan = new MnistGan(c.config, data, { generator, discriminator, step: c.step, random: c.random });
      // Adam keeps its moments in the order of the variable list, which the rebuilt models share. setWeights makes
      // variables of its own, so the decoded tensors are freed afterwards.
      const named = (w: SavedWeights) =>
        Object.entries(tf.io.decodeWeights(w.data, w.specs)).map(([name, tensor]) => {
          decoded.push(tensor);
          return { name, tensor };
        });
      await gan.#optimizerD.setWeights(named(c.optimizerD));
      await gan.#optimizerG.setWeights(named(c.optimizerG));
      return gan;
    } catch (e) {
      if (gan) gan.dispose();
      else for (const m of models) m.dispose();
      throw e instanceof CheckpointError ? e : new CheckpointError(`could not resume: ${String((e as Error)?.message ?? e).slice(0, 200)}`, false);
    } finally {
      tf.dispose(decoded);
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.generator.dispose();
    this.discriminator.dispose();
    this.#optimizerD.dispose();
    this.#optimizerG.dispose();
    tf.dispose([this.#fixedLatents, this.#evalLatents, this.#evalReal, ...Object.values(this.#lossWeights)]);
  }
}

/**
 * D's loss on a batch of n real rows followed by n generated ones, as constant tensors: without label smoothing
 * the signs (−1 on real rows, +1 on generated) of Σ softplus(∓logit)/n; with one-sided smoothing s the weights of
 * −log D = softplus(−logit) (1 − s on real rows, 0 on generated) and of −log(1 − D) = softplus(logit) (s, then 1).
 */
export type DiscriminatorLossWeights = { readonly signs: tf.Tensor2D } | { readonly real: tf.Tensor2D; readonly fake: tf.Tensor2D };

export function discriminatorLossWeights(n: number, labelSmoothing: number): DiscriminatorLossWeights {
  const column = (real: number, fake: number) => tf.tensor2d(Float32Array.from({ length: 2 * n }, (_, i) => (i < n ? real : fake)), [2 * n, 1]);
  // s = 0 keeps the signed form, so runs without smoothing compute exactly what they did before it existed.
  if (labelSmoothing === 0) return { signs: column(-1, 1) };
  return { real: column(1 - labelSmoothing, 0), fake: column(labelSmoothing, 1) };
}

/** D's loss (see {@link discriminatorLossWeights}) for logits of shape [2n, 1]. */
export function discriminatorLoss(logits: tf.Tensor, n: number, w: DiscriminatorLossWeights): tf.Scalar {
  return tf.tidy(() => {
    if ('signs' in w) return tf.div(tf.sum(tf.softplus(tf.mul(logits, w.signs))), n) as tf.Scalar;
    return tf.div(tf.sum(tf.add(tf.mul(w.real, tf.softplus(tf.neg(logits))), tf.mul(w.fake, tf.softplus(logits)))), n) as tf.Scalar;
  });
}

/** The mean of the logistic function over logits[from, to). */
function meanSigmoid(logits: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += sigmoid(logits[i]!);
  return sum / (to - from);
}
