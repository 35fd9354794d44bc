/**
 * A 1-D GAN in TensorFlow.js: G maps z ∼ N(0, 1) through a small MLP to x, D maps x through a small MLP to a
 * logit. One `step()` is Algorithm 1 of Goodfellow et al. (2014): k discriminator updates, then one generator
 * update (skipped when G is frozen). Data and noise come from the project's seeded random source and the weights
 * from seeded initialisers, so a run is replayed exactly by its seed (on the deterministic `cpu` backend).
 *
 * Nothing here touches the page: `snapshot()` returns finished arrays and numbers for the figures.
 */
import * as tf from '@tensorflow/tfjs';
import { trainableVariables } from './variables.ts';
import { Distribution } from '../distributions/distribution.ts';
import { optimalDiscriminatorOn } from '../numerics/discriminator.ts';
import { jsDivergence } from '../numerics/divergences.ts';
import { linspace, plotRange } from '../numerics/panel.ts';
import { createRandom, type Random } from '../maths/random.ts';
import { discriminatorDistance, type DiscriminatorDistance } from './distance.ts';
import { kernelDensity } from './kde.ts';
import { DivergedError } from './diverged.ts';
export { DivergedError } from './diverged.ts';
import type { GeneratorLossVariant } from './losses.ts';
import type { Gan1dConfig } from './gan1d-config.ts';
export { DEFAULT_GAN1D, type Gan1dConfig } from './gan1d-config.ts';


export interface StepResult {
  readonly step: number;
  /** −mean log D(x) − mean log(1 − D(G(z))) on the last discriminator batch. */
  readonly lossD: number;
  /** The generator's loss on its batch (NaN while G is frozen). */
  readonly lossG: number;
  /** V(G, D) on the last discriminator batch: −lossD. */
  readonly value: number;
}

export interface Snapshot {
  readonly step: number;
  readonly grid: Float64Array;
  readonly d: Float64Array;
  readonly dStar: Float64Array;
  readonly pData: Float64Array;
  /** p_g: the exact density for an affine generator, otherwise a kernel density estimate from `samples` draws. */
  readonly pG: Float64Array;
  readonly pGExact: boolean;
  readonly bandwidth: number;
  readonly distance: DiscriminatorDistance;
  /** V(G, D) from 4096 fresh data points and 4096 fresh generated points, with its standard error. */
  readonly value: number;
  readonly valueStandardError: number;
  /** JSD(p_data ‖ p_g) from the numerics core, with p_g as above. */
  readonly jsd: number;
  /** −log 4 + 2·JSD: what V(G, D*) would be. */
  readonly cOfG: number;
  /** The bound any discriminator gives: JSD ≥ (V(G, D) + log 4)/2. */
  readonly jsdLowerBound: number;
}

/** A generator or discriminator MLP: 1 → hidden → hidden → 1, with seeded Glorot-uniform weights. */
function mlp(name: string, hidden: number, seed: number, activation: 'tanh' | 'relu'): tf.Sequential {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed * 7919 + k });
  return tf.sequential({
    name,
    layers: [
      tf.layers.dense({ inputShape: [1], units: hidden, activation, kernelInitializer: init(1), name: `${name}_1` }),
      tf.layers.dense({ units: hidden, activation, kernelInitializer: init(2), name: `${name}_2` }),
      tf.layers.dense({ units: 1, kernelInitializer: init(3), name: `${name}_out` }),
    ],
  });
}

/** The settings that can change while training runs (the others need a fresh GAN). */
export type LiveOptions = Pick<Gan1dConfig, 'k' | 'loss' | 'freezeG'>;

export class Gan1d {
  config: Required<Omit<Gan1dConfig, 'affineGenerator'>> & Pick<Gan1dConfig, 'affineGenerator'>;
  readonly generator: tf.Sequential;
  readonly discriminator: tf.Sequential;
  /** Data are standardised with these before entering the networks (and G's output is mapped back). */
  readonly centre: number;
  readonly scale: number;
  readonly #random: Random;
  readonly #optimizerD: tf.Optimizer;
  readonly #optimizerG: tf.Optimizer;
  /** Fixed noise for snapshots, so successive figures differ only by training, not by resampling. */
  readonly #snapshotNoise: tf.Tensor2D;
  #steps = 0;
  #disposed = false;

  constructor(config: Gan1dConfig) {
    const hidden = config.hidden ?? 32;
    for (const [key, v, ok] of [
      ['k', config.k, Number.isInteger(config.k) && config.k >= 1 && config.k <= 100],
      ['batchSize', config.batchSize, Number.isInteger(config.batchSize) && config.batchSize >= 2 && config.batchSize <= 8192],
      ['learningRateD', config.learningRateD, config.learningRateD > 0 && config.learningRateD < 1],
      ['learningRateG', config.learningRateG, config.learningRateG > 0 && config.learningRateG < 1],
      ['hidden', hidden, Number.isInteger(hidden) && hidden >= 1 && hidden <= 1024],
      ['seed', config.seed, Number.isSafeInteger(config.seed)],
    ] as const) {
      if (!ok) throw new RangeError(`invalid ${key}: ${v}`);
    }
    if (config.loss !== 'saturating' && config.loss !== 'non-saturating') throw new RangeError(`invalid loss: ${String(config.loss)}`);
    this.config = { ...config, hidden, freezeG: config.freezeG || config.affineGenerator !== undefined };
    // Robust location and scale (a Cauchy p_data has no variance).
    this.centre = config.pData.quantile(0.5);
    this.scale = Math.max(1e-3, (config.pData.quantile(0.75) - config.pData.quantile(0.25)) / 1.349);
    this.#random = createRandom(config.seed);
    this.discriminator = mlp('discriminator', hidden, config.seed, 'tanh');
    if (config.affineGenerator) {
      const [a, b] = config.affineGenerator;
      if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) throw new RangeError(`invalid affine generator: ${a} + ${b}·z`);
      // In standardised units: (a + b z − centre)/scale.
      this.generator = tf.sequential({
        name: 'generator',
        layers: [
          tf.layers.dense({
            inputShape: [1],
            units: 1,
            name: 'generator_affine',
            trainable: false,
            kernelInitializer: tf.initializers.constant({ value: b / this.scale }),
            biasInitializer: tf.initializers.constant({ value: (a - this.centre) / this.scale }),
          }),
        ],
      });
    } else {
      this.generator = mlp('generator', hidden, config.seed + 1, 'tanh');
    }
    // β₁ = 0.5, the usual choice for GANs (Radford et al. 2016).
    this.#optimizerD = tf.train.adam(config.learningRateD, 0.5);
    this.#optimizerG = tf.train.adam(config.learningRateG, 0.5);
    this.#snapshotNoise = tf.tensor2d(this.#noise(20_000), [20_000, 1]);
  }

  get steps(): number {
    return this.#steps;
  }

  /** Changes k, the generator loss or freezing between steps; an affine generator stays frozen. */
  setLiveOptions(options: LiveOptions): void {
    if (!Number.isInteger(options.k) || options.k < 1 || options.k > 100) throw new RangeError(`invalid k: ${options.k}`);
    if (options.loss !== 'saturating' && options.loss !== 'non-saturating') throw new RangeError(`invalid loss: ${String(options.loss)}`);
    this.config = { ...this.config, ...options, freezeG: options.freezeG || this.config.affineGenerator !== undefined };
  }

  #noise(n: number): Float32Array {
    const z = new Float32Array(n);
    for (let i = 0; i < n; i++) z[i] = this.#random.normal();
    return z;
  }

  #realBatch(n: number): Float32Array {
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = (this.config.pData.sampleOne(this.#random) - this.centre) / this.scale;
    return x;
  }

  /** One iteration of Algorithm 1: k discriminator steps, then a generator step unless G is frozen. */
  step(): StepResult {
    if (this.#disposed) throw new Error('this GAN has been disposed');
    const { k, batchSize: n, loss, freezeG } = this.config;
    const dVars = trainableVariables(this.discriminator);
    let lossD = NaN;
    for (let i = 0; i < k; i++) {
      const real = this.#realBatch(n), z = this.#noise(n);
      const cost = tf.tidy(() => {
        const xr = tf.tensor2d(real, [n, 1]), xz = tf.tensor2d(z, [n, 1]);
        return this.#optimizerD.minimize(() => {
          const realLogits = this.discriminator.apply(xr) as tf.Tensor;
          const fakeLogits = this.discriminator.apply(this.generator.apply(xz) as tf.Tensor) as tf.Tensor;
          // −log σ(ℓ) = softplus(−ℓ);  −log(1 − σ(ℓ)) = softplus(ℓ)
          return tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))) as tf.Scalar;
        }, true, dVars)!;
      });
      lossD = cost.dataSync()[0]!;
      cost.dispose();
    }
    let lossG = NaN;
    if (!freezeG) {
      const z = this.#noise(n);
      const gVars = trainableVariables(this.generator);
      const cost = tf.tidy(() => {
        const xz = tf.tensor2d(z, [n, 1]);
        return this.#optimizerG.minimize(() => {
          const logits = this.discriminator.apply(this.generator.apply(xz) as tf.Tensor) as tf.Tensor;
          // saturating: minimise log(1 − D) = −softplus(ℓ); non-saturating: minimise −log D = softplus(−ℓ)
          return (loss === 'saturating' ? tf.neg(tf.mean(tf.softplus(logits))) : tf.mean(tf.softplus(tf.neg(logits)))) as tf.Scalar;
        }, true, gVars)!;
      });
      lossG = cost.dataSync()[0]!;
      cost.dispose();
    }
    this.#steps++;
    if (!Number.isFinite(lossD) || (!freezeG && !Number.isFinite(lossG))) {
      throw new DivergedError(`training diverged at step ${this.#steps}: discriminator loss ${lossD}, generator loss ${lossG}`);
    }
    return { step: this.#steps, lossD, lossG, value: -lossD };
  }

  /** Generated points (in data units) from the fixed snapshot noise, or from fresh noise when n is given. */
  generate(n?: number): Float32Array {
    return tf.tidy(() => {
      const z = n === undefined ? this.#snapshotNoise : tf.tensor2d(this.#noise(n), [n, 1]);
      const out = (this.generator.apply(z) as tf.Tensor).mul(this.scale).add(this.centre);
      return out.dataSync() as Float32Array;
    });
  }

  /** D(x) for the given points. */
  discriminate(xs: ArrayLike<number>): Float64Array {
    const values = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(xs, (v) => (v - this.centre) / this.scale), [xs.length, 1]);
      return tf.sigmoid(this.discriminator.apply(x) as tf.Tensor).dataSync();
    });
    return Float64Array.from(values);
  }

  /** The grid the figures use: p_data's bulk, widened so a generator that strays stays in view. */
  defaultGrid(points = 512): Float64Array {
    const [lo, hi] = plotRange(this.config.pData);
    const pad = 0.25 * (hi - lo);
    return linspace(lo - pad, hi + pad, points);
  }

  /** Everything the figures need about the current G and D. */
  snapshot(grid: Float64Array = this.defaultGrid()): Snapshot {
    const { pData, affineGenerator } = this.config;
    let pG: Distribution, bandwidth = 0;
    if (affineGenerator) {
      pG = gaussian(affineGenerator[0], Math.abs(affineGenerator[1]));
    } else {
      const samples = this.generate();
      for (const x of samples) if (!Number.isFinite(x)) throw new DivergedError(`the generator produced ${x} at step ${this.#steps}`);
      const kde = kernelDensity(samples);
      pG = kde.distribution;
      bandwidth = kde.bandwidth;
    }
    const d = this.discriminate(grid);
    const dStar = optimalDiscriminatorOn(pData, pG, grid);
    const pd = grid.map((x) => pData.pdf(x));
    const pg = grid.map((x) => pG.pdf(x));
    const distance = discriminatorDistance(grid, d, dStar, pd.map((v, i) => 0.5 * (v + pg[i]!)));
    const { value, standardError } = this.estimateValue(4096);
    const jsd = jsDivergence(pData, pG).value;
    return {
      step: this.#steps,
      grid,
      d,
      dStar,
      pData: pd,
      pG: pg,
      pGExact: affineGenerator !== undefined,
      bandwidth,
      distance,
      value,
      valueStandardError: standardError,
      jsd,
      cOfG: -Math.log(4) + 2 * jsd,
      jsdLowerBound: (value + Math.log(4)) / 2,
    };
  }

  /** V(G, D) = E log D(x) + E log(1 − D(G(z))) from n fresh points of each, with its standard error. */
  estimateValue(n: number): { value: number; standardError: number } {
    const real = this.#realBatch(n), z = this.#noise(n);
    const [meanReal, varReal, meanFake, varFake] = tf.tidy(() => {
      const lr = this.discriminator.apply(tf.tensor2d(real, [n, 1])) as tf.Tensor;
      const lf = this.discriminator.apply(this.generator.apply(tf.tensor2d(z, [n, 1])) as tf.Tensor) as tf.Tensor;
      const a = tf.moments(tf.neg(tf.softplus(tf.neg(lr)))), b = tf.moments(tf.neg(tf.softplus(lf)));
      return tf.stack([a.mean, a.variance, b.mean, b.variance]).dataSync();
    }) as unknown as [number, number, number, number];
    return { value: meanReal + meanFake, standardError: Math.sqrt((varReal + varFake) / (n - 1)) };
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.generator.dispose();
    this.discriminator.dispose();
    this.#optimizerD.dispose();
    this.#optimizerG.dispose();
    this.#snapshotNoise.dispose();
  }
}

function gaussian(mean: number, sd: number): Distribution {
  return new Distribution([{ family: 'normal', params: [mean, sd], weight: 1 }]);
}
