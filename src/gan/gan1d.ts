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
import type { Density } from '../distributions/density.ts';
import { PushForward, type Atom } from '../distributions/pushforward.ts';
import { sigmoid } from '../maths/logmath.ts';
import type { Discriminator } from '../numerics/discriminator.ts';
import { criterionWithAtoms, jsdWithAtoms, optimalDiscriminatorWithAtoms, valueWithAtoms } from '../numerics/generator-panel.ts';
import { foldedModel, networkMap } from './generator-map.ts';
import { linspace, plotRange } from '../numerics/panel.ts';
import { createRandom, type Random } from '../maths/random.ts';
import { discriminatorDistance, type DiscriminatorDistance } from './distance.ts';
import { kernelDensity } from './kde.ts';
import { DivergedError } from './diverged.ts';
export { DivergedError } from './diverged.ts';
import type { GeneratorLossVariant } from './losses.ts';
import { checkTricks, tricksOf, type Gan1dConfig } from './gan1d-config.ts';
export { DEFAULT_GAN1D, NO_TRICKS, type Gan1dConfig } from './gan1d-config.ts';
import { latentFromNormal, throughUniformLatent } from './latent.ts';
import { exactModeCoverage } from './mode-masses.ts';
import { modeBasins, type Basin, type ModeCoverage } from '../numerics/mode-coverage.ts';


export interface StepResult {
  readonly step: number;
  /**
   * The loss D minimised on its last batch: −mean log D(x) − mean log(1 − D(G(z))), or with label smoothing or
   * label noise the cross-entropy against the soft or flipped targets.
   */
  readonly lossD: number;
  /** The generator's loss on its batch (NaN while G is frozen). */
  readonly lossG: number;
  /** V(G, D) on the last discriminator batch (−lossD when the labels are plain; with dropout or instance noise, of D and the points as trained). */
  readonly value: number;
}

/**
 * Everything the 1-D page draws about the current G and D. p_g is the exact push-forward density of the generator
 * (`PushForward`), so D*, JSD, C(G) and V by quadrature are exact to the stated quadrature tolerance; the minibatch
 * V and the kernel density estimate are estimates and are labelled as such.
 */
export interface Snapshot {
  readonly step: number;
  /** The x-grid of every array below (the page's plot range). */
  readonly grid: Float64Array;
  /** The network's D(x) on the grid. */
  readonly d: Float64Array;
  /** D* = p_data/(p_data + p_g) on the grid, from the exact p_g (0 at an atom of p_g). */
  readonly dStar: Float64Array;
  /** p_data on the grid. */
  readonly pData: Float64Array;
  /** The exact density of G(z), z ~ N(0, 1), on the grid (its absolutely continuous part; see `atoms`). */
  readonly pG: Float64Array;
  /** Whether `pG` is exact: always true now (an affine G gives a normal, any other the push-forward density). */
  readonly pGExact: boolean;
  /** Point masses of p_g, where G is flat over a stretch of z (mode collapse onto a point), as [x, mass, x, mass, …]. */
  readonly atoms: Float64Array;
  /** p_g's total mass: ∫ p_g dx by x-quadrature plus the atoms' masses. 1 when the density is right. */
  readonly mass: number;
  /** The x-quadrature's error estimate for `mass`. */
  readonly massError: number;
  /** For comparison only: a Gaussian kernel density estimate of p_g from 20,000 draws, on the grid (what a histogram-style estimate would show). */
  readonly kdePG: Float64Array;
  /** The estimate's Silverman bandwidth. */
  readonly bandwidth: number;
  /** True when the draws had no spread (complete mode collapse): the estimate is then a spike one bandwidth floor wide. */
  readonly kdeCollapsed: boolean;
  /** Mean |D*_KDE − D*| under (p_data + p_g)/2: what D* from the estimate would be off by. */
  readonly kdeDStarError: number;
  /** |D − D*| against the exact D*: its mean under (p_data + p_g)/2 and its largest value where that mixture is ≥ 1 % of its peak. */
  readonly distance: DiscriminatorDistance;
  /** An estimate: V(G, D) from 4096 fresh data points and 4096 fresh generated points. */
  readonly value: number;
  /** The standard error of `value`. */
  readonly valueStandardError: number;
  /** V(G, D) of the network's D by quadrature against p_data and the exact p_g (atoms included). */
  readonly valueQuadrature: number;
  /** The quadrature's error estimate for `valueQuadrature`. */
  readonly valueQuadratureError: number;
  /** JSD(p_data ‖ p_g) from the numerics core with the exact p_g (atoms included), in nats. */
  readonly jsd: number;
  /** The quadrature's error estimate for `jsd`. */
  readonly jsdError: number;
  /** C(G) = V(G, D*), integrated as a value function (so −log 4 + 2·JSD is a check, not its definition). */
  readonly cOfG: number;
  /** The quadrature's error estimate for `cOfG`. */
  readonly cOfGError: number;
  /** p_g's mass in each basin of p_data's modes, from p_g's exact cdf (atoms included), and how many modes it covers. */
  readonly modes: ModeCoverage;
  /** The bound any discriminator gives, JSD ≥ (V(G, D) + log 4)/2, with the minibatch V (so it holds only within its noise). */
  readonly jsdLowerBound: number;
  /** The same bound with V by quadrature: it must hold, up to the two error estimates. */
  readonly jsdLowerBoundQuadrature: number;
  /** The tolerance every quadrature above was asked for: |error| ≤ max(epsabs, epsrel·|value|). */
  readonly quadratureTolerance: { readonly epsrel: number; readonly epsabs: number };
}

/**
 * Snapshots ask the quadratures for 8 digits (the page shows 6) and the roots of G for densities to 1e-10
 * relative, not the core's defaults of 11 and 12: each digit costs passes through G next to a fold.
 */
const SNAPSHOT_QUADRATURE = { epsrel: 1e-8, epsabs: 1e-10 } as const;
const SNAPSHOT_ROOT_TOLERANCE = 1e-10;

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

/**
 * The settings that can change while training runs (the others need a fresh GAN): k, the loss, freezing, and the
 * tricks in D's training (they change only the loss D and G see, not the networks). The instance noise's
 * annealing counts the model's iterations from its first. The latent is fixed with the model.
 */
export type LiveOptions = Pick<Gan1dConfig, 'k' | 'loss' | 'freezeG'> & Partial<Pick<Gan1dConfig, 'labelSmoothing' | 'labelNoise' | 'dropoutD' | 'instanceNoise' | 'instanceNoiseSteps'>>;


export class Gan1d {
  config: Required<Omit<Gan1dConfig, 'affineGenerator'>> & Pick<Gan1dConfig, 'affineGenerator'>;
  /** The basins of p_data's modes (found once, on 4,001 points of its plot range), for the snapshots' mode masses. */
  readonly basins: readonly Basin[];
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
    checkTricks(config);
    this.config = { ...config, ...tricksOf(config), hidden, freezeG: config.freezeG || config.affineGenerator !== undefined };
    this.basins = modeBasins(config.pData, linspace(...plotRange(config.pData), 4001));
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

  /** Changes k, the generator loss, freezing or the tricks in D's training between steps; an affine generator stays frozen. */
  setLiveOptions(options: LiveOptions): void {
    if (!Number.isInteger(options.k) || options.k < 1 || options.k > 100) throw new RangeError(`invalid k: ${options.k}`);
    if (options.loss !== 'saturating' && options.loss !== 'non-saturating') throw new RangeError(`invalid loss: ${String(options.loss)}`);
    const tricks = {
      labelSmoothing: options.labelSmoothing ?? this.config.labelSmoothing,
      labelNoise: options.labelNoise ?? this.config.labelNoise,
      dropoutD: options.dropoutD ?? this.config.dropoutD,
      instanceNoise: options.instanceNoise ?? this.config.instanceNoise,
      instanceNoiseSteps: options.instanceNoiseSteps ?? this.config.instanceNoiseSteps,
    };
    checkTricks(tricks);
    this.config = { ...this.config, k: options.k, loss: options.loss, ...tricks, freezeG: options.freezeG || this.config.affineGenerator !== undefined };
  }

  /** n latent draws: z ~ N(0, 1), or u = 2Φ(w) − 1 ~ U(−1, 1) from w ~ N(0, 1). */
  #noise(n: number): Float32Array {
    const z = new Float32Array(n);
    const { latent } = this.config;
    if (latent === 'normal') for (let i = 0; i < n; i++) z[i] = this.#random.normal();
    else for (let i = 0; i < n; i++) z[i] = latentFromNormal(latent, this.#random.normal());
    return z;
  }

  /** n draws of N(0, sd²). */
  #gaussian(n: number, sd: number): Float32Array {
    const e = new Float32Array(n);
    for (let i = 0; i < n; i++) e[i] = sd * this.#random.normal();
    return e;
  }

  /**
   * D's targets for n real then n generated points: "real" is 1 − labelSmoothing and "generated" 0, each label
   * flipped with probability labelNoise (a flipped generated point is labelled real, and smoothed like one).
   */
  #targets(n: number): Float32Array {
    const { labelSmoothing: s, labelNoise: rho } = this.config;
    const t = new Float32Array(2 * n);
    for (let i = 0; i < 2 * n; i++) {
      const real = i < n !== (rho > 0 && this.#random.uniform() < rho);
      t[i] = real ? 1 - s : 0;
    }
    return t;
  }

  /** An inverted-dropout mask for one hidden layer over n rows: 0 with probability `rate`, else 1/(1 − rate). */
  #mask(n: number): Float32Array {
    const { dropoutD: rate, hidden } = this.config;
    const m = new Float32Array(n * hidden);
    for (let i = 0; i < m.length; i++) m[i] = this.#random.uniform() < rate ? 0 : 1 / (1 - rate);
    return m;
  }

  /** The instance noise's standard deviation at this iteration, in the networks' standardised units. */
  #instanceSigma(): number {
    const { instanceNoise: sd, instanceNoiseSteps: T } = this.config;
    if (!(sd > 0)) return 0;
    const anneal = T > 0 ? Math.max(0, 1 - this.#steps / T) : 1;
    return (sd * anneal) / this.scale;
  }

  /** D's logits in training: the whole network, or with a dropout mask on each hidden layer. */
  #trainingLogits(x: tf.Tensor, masks: readonly Float32Array[] | undefined): tf.Tensor {
    if (!masks) return this.discriminator.apply(x) as tf.Tensor;
    const layers = this.discriminator.layers;
    let h = x;
    layers.forEach((layer, i) => {
      h = layer.apply(h) as tf.Tensor;
      const mask = masks[i];
      if (i < layers.length - 1 && mask) h = tf.mul(h, tf.tensor2d(mask, [x.shape[0]!, this.config.hidden]));
    });
    return h;
  }

  #realBatch(n: number): Float32Array {
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = (this.config.pData.sampleOne(this.#random) - this.centre) / this.scale;
    return x;
  }

  /**
   * One iteration of Algorithm 1: k discriminator steps, then a generator step unless G is frozen. With the tricks
   * off this is the plain algorithm, and draws exactly the random numbers it always drew (a seed replays old runs).
   */
  step(): StepResult {
    if (this.#disposed) throw new Error('this GAN has been disposed');
    const { k, batchSize: n, loss, freezeG, labelSmoothing, labelNoise, dropoutD } = this.config;
    const labelled = labelSmoothing > 0 || labelNoise > 0;
    const dVars = trainableVariables(this.discriminator);
    let lossD = NaN, value = NaN;
    for (let i = 0; i < k; i++) {
      const real = this.#realBatch(n), z = this.#noise(n);
      const sigma = this.#instanceSigma();
      const targets = labelled ? this.#targets(n) : undefined;
      const noise = sigma > 0 ? this.#gaussian(2 * n, sigma) : undefined;
      const masks = dropoutD > 0 ? [[this.#mask(n), this.#mask(n)], [this.#mask(n), this.#mask(n)]] : undefined;
      let plain: tf.Tensor | undefined;
      const cost = tf.tidy(() => {
        const xz = tf.tensor2d(z, [n, 1]);
        let xr: tf.Tensor = tf.tensor2d(real, [n, 1]);
        if (noise) xr = tf.add(xr, tf.tensor2d(noise.subarray(0, n), [n, 1]));
        return this.#optimizerD.minimize(() => {
          let fake = this.generator.apply(xz) as tf.Tensor;
          if (noise) fake = tf.add(fake, tf.tensor2d(noise.subarray(n), [n, 1]));
          const realLogits = this.#trainingLogits(xr, masks?.[0]);
          const fakeLogits = this.#trainingLogits(fake, masks?.[1]);
          // −log σ(ℓ) = softplus(−ℓ);  −log(1 − σ(ℓ)) = softplus(ℓ)
          const v = tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))) as tf.Scalar;
          if (!targets) return v;
          plain = tf.keep(v);
          // The cross-entropy against soft targets t: t·softplus(−ℓ) + (1 − t)·softplus(ℓ).
          const t = tf.tensor2d(targets, [2 * n, 1]);
          const logits = tf.concat([realLogits, fakeLogits]);
          return tf.mean(tf.add(tf.mul(t, tf.softplus(tf.neg(logits))), tf.mul(tf.sub(1, t), tf.softplus(logits)))) as tf.Scalar;
        }, true, dVars)!;
      });
      lossD = cost.dataSync()[0]!;
      cost.dispose();
      if (plain) {
        value = -(plain as tf.Tensor).dataSync()[0]!;
        (plain as tf.Tensor).dispose();
      } else value = -lossD;
    }
    let lossG = NaN;
    if (!freezeG) {
      const z = this.#noise(n);
      const sigma = this.#instanceSigma();
      const noise = sigma > 0 ? this.#gaussian(n, sigma) : undefined;
      const masks = dropoutD > 0 ? [this.#mask(n), this.#mask(n)] : undefined;
      const gVars = trainableVariables(this.generator);
      const cost = tf.tidy(() => {
        const xz = tf.tensor2d(z, [n, 1]);
        return this.#optimizerG.minimize(() => {
          let fake = this.generator.apply(xz) as tf.Tensor;
          if (noise) fake = tf.add(fake, tf.tensor2d(noise, [n, 1]));
          const logits = this.#trainingLogits(fake, masks);
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
    return { step: this.#steps, lossD, lossG, value };
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

  /**
   * The generator's exact distribution: N(a, |b|) (or U(a − |b|, a + |b|) on the uniform latent) for an affine G,
   * otherwise the push-forward of N(0, 1) through the network read into Float64 (standardisation folded in), on
   * the uniform latent through w ↦ G(2Φ(w) − 1) (see latent.ts).
   *
   * @throws {DivergedError} when G is not finite somewhere on the latent range.
   */
  generatorDistribution(): Density & { readonly atoms?: readonly Atom[]; cdf(x: number): number } {
    const { affineGenerator, latent } = this.config;
    if (affineGenerator) {
      const [a, b] = affineGenerator;
      return latent === 'uniform' ? new Distribution([{ family: 'uniform', params: [a - Math.abs(b), a + Math.abs(b)], weight: 1 }]) : gaussian(a, Math.abs(b));
    }
    const net = networkMap(this.generator, { outputShift: this.centre, outputScale: this.scale });
    const g = latent === 'uniform' ? throughUniformLatent(net) : net;
    try {
      return new PushForward(g.value, g.derivative, { difference: g.difference, tolerance: SNAPSHOT_ROOT_TOLERANCE });
    } catch (e) {
      throw new DivergedError(`the generator stopped being finite at step ${this.#steps}: ${(e as Error).message}`);
    }
  }

  /** The network's D as a plain function with its logit, evaluated in Float64 from its weights. */
  discriminatorFunction(): Discriminator & { readonly logit: (x: number) => number } {
    const d = networkMap(this.discriminator, { inputShift: this.centre, inputScale: this.scale });
    return Object.assign((x: number) => sigmoid(d.value(x)), { logit: d.value });
  }

  /** Everything the figures need about the current G and D. */
  snapshot(grid: Float64Array = this.defaultGrid()): Snapshot {
    const { pData } = this.config;
    const pG = this.generatorDistribution();
    const atoms = pG.atoms ?? [];
    const d = this.discriminate(grid);
    const dStarFn = optimalDiscriminatorWithAtoms(pData, pG);
    const dStar = grid.map((x) => dStarFn(x));
    const pd = grid.map((x) => pData.pdf(x));
    const pg = grid.map((x) => pG.pdf(x));
    const distance = discriminatorDistance(grid, d, dStar, pd.map((v, i) => 0.5 * (v + pg[i]!)));
    const { value, standardError } = this.estimateValue(4096);
    const jsd = jsdWithAtoms(pData, pG, SNAPSHOT_QUADRATURE);
    const cOfG = criterionWithAtoms(pData, pG, SNAPSHOT_QUADRATURE);
    const vq = valueWithAtoms(pData, pG, this.discriminatorFunction(), SNAPSHOT_QUADRATURE);
    // The density's own check: ∫ p_g dx by x-quadrature (to 1e-10, not `mass`'s 1e-12) plus the atoms.
    const continuous = pG instanceof PushForward ? pG.integrate(() => 1, { epsrel: 1e-10, epsabs: 1e-12 }) : { value: 1, error: 0 };
    const mass = { total: continuous.value + atoms.reduce((t, a) => t + a.mass, 0), error: continuous.error };
    const modes = exactModeCoverage(pData, this.basins, pG);
    // The estimate a histogram-style method would give, kept only for comparison (never for D* or the JSD).
    const samples = this.generate();
    for (const x of samples) if (!Number.isFinite(x)) throw new DivergedError(`the generator produced ${x} at step ${this.#steps}`);
    const kde = kernelDensity(samples);
    const kdePG = grid.map((x) => kde.distribution.pdf(x));
    const kdeDStar = grid.map((_, i) => (pd[i]! + kdePG[i]! > 0 ? pd[i]! / (pd[i]! + kdePG[i]!) : NaN));
    const kdeDStarError = discriminatorDistance(grid, kdeDStar, dStar, pd.map((v, i) => 0.5 * (v + pg[i]!))).mean;
    return {
      step: this.#steps,
      grid,
      d,
      dStar,
      pData: pd,
      pG: pg,
      pGExact: true,
      atoms: Float64Array.from(atoms.flatMap((a) => [a.x, a.mass])),
      mass: mass.total,
      massError: mass.error,
      kdePG,
      bandwidth: kde.bandwidth,
      kdeCollapsed: kde.collapsed,
      kdeDStarError,
      distance,
      value,
      valueStandardError: standardError,
      valueQuadrature: vq.value,
      valueQuadratureError: vq.error,
      jsd: jsd.value,
      jsdError: jsd.error,
      cOfG: cOfG.value,
      cOfGError: cOfG.error,
      modes,
      jsdLowerBound: (value + Math.log(4)) / 2,
      jsdLowerBoundQuadrature: (vq.value + Math.log(4)) / 2,
      quadratureTolerance: SNAPSHOT_QUADRATURE,
    };
  }

  /**
   * What a sweep keeps of a run, without the rest of a snapshot: the exact JSD and the per-mode masses.
   *
   * @throws {DivergedError} when G is not finite, or the JSD is not a number.
   */
  measure(): { jsd: number; jsdError: number; modes: ModeCoverage } {
    const { pData } = this.config;
    const pG = this.generatorDistribution();
    const jsd = jsdWithAtoms(pData, pG, SNAPSHOT_QUADRATURE);
    if (!Number.isFinite(jsd.value)) throw new DivergedError(`the JSD stopped being a number at step ${this.#steps}`);
    return { jsd: jsd.value, jsdError: jsd.error, modes: exactModeCoverage(pData, this.basins, pG) };
  }

  /** The generator as a TensorFlow.js model mapping its latent (z, or u on the uniform latent; shape [n, 1]) straight to x in data units. */
  generatorInDataUnits(): tf.Sequential {
    return foldedModel(this.generator, { outputShift: this.centre, outputScale: this.scale });
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
