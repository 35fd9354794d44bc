/** The 1-D GAN's configuration and defaults, kept apart from TensorFlow.js so the CLI can show them without loading it. */
import type { Distribution } from '../distributions/distribution.ts';
import type { GeneratorLossVariant } from './losses.ts';
import type { LatentKind } from './latent.ts';

export interface Gan1dConfig {
  readonly pData: Distribution;
  readonly seed: number;
  /** Discriminator steps per generator step. */
  readonly k: number;
  readonly learningRateD: number;
  readonly learningRateG: number;
  readonly batchSize: number;
  readonly loss: GeneratorLossVariant;
  /** Train D alone: it should then converge onto D* for the current G. */
  readonly freezeG: boolean;
  /** Units in each of the two hidden layers of G and D (default 32). */
  readonly hidden?: number;
  /**
   * A fixed affine generator G(z) = a + b·z instead of the MLP: p_g is then exactly normal(a, |b|), which the
   * experiments use to compare D with an exactly known D*. Implies a frozen G.
   */
  readonly affineGenerator?: readonly [number, number];
  /**
   * One-sided label smoothing (Salimans et al. 2016, §3.4): D's target for the "real" label is 1 − labelSmoothing
   * instead of 1, generated points keep the target 0. 0 (the default) is off; in [0, 1). D's optimum is then
   * (1 − s)·D* rather than D*, so D can never be sure a point is real.
   */
  readonly labelSmoothing?: number;
  /**
   * Label noise in D: each label of D's batches (real and generated alike) is flipped with this probability, in
   * [0, ½). 0 (the default) is off. With flips at rate ρ, D's optimum is (1 − s)·((1 − ρ)·D* + ρ·(1 − D*)).
   */
  readonly labelNoise?: number;
  /**
   * Dropout in D: during training each hidden unit of D is zeroed with this probability (and the others scaled by
   * 1/(1 − rate), "inverted" dropout), in D's own steps and in the pass through D that gives G its gradient; the D
   * the figures and the exact quantities use is the whole network. In [0, 1); 0 (the default) is off.
   */
  readonly dropoutD?: number;
  /**
   * Instance noise (Sønderby et al. 2017; Arjovsky & Bottou 2017, §3): the standard deviation, in data units, of
   * Gaussian noise added to every point D sees in training, real and generated, in D's steps and G's. D then
   * learns the optimum for the two densities smoothed by N(0, σ²), whose supports always overlap. 0 (the default)
   * is off.
   */
  readonly instanceNoise?: number;
  /** Anneals the instance noise linearly to 0 over this many iterations, σ·max(0, 1 − step/T); 0 (the default) keeps it constant. */
  readonly instanceNoiseSteps?: number;
  /** G's latent: z ~ N(0, 1) (the default) or u ~ U(−1, 1) (drawn, and integrated exactly, as u = 2Φ(w) − 1 with w ~ N(0, 1)). */
  readonly latent?: LatentKind;
}

/** The tricks' settings, all off: the GAN of Goodfellow et al. (2014) as the page first shows it. */
export const NO_TRICKS = {
  labelSmoothing: 0,
  labelNoise: 0,
  dropoutD: 0,
  instanceNoise: 0,
  instanceNoiseSteps: 0,
  latent: 'normal',
} as const satisfies Partial<Gan1dConfig>;

/** The tricks' settings of a configuration, each left out filled with its {@link NO_TRICKS} value (off). */
export function tricksOf(config: Partial<Gan1dConfig>) {
  return {
    labelSmoothing: config.labelSmoothing ?? NO_TRICKS.labelSmoothing,
    labelNoise: config.labelNoise ?? NO_TRICKS.labelNoise,
    dropoutD: config.dropoutD ?? NO_TRICKS.dropoutD,
    instanceNoise: config.instanceNoise ?? NO_TRICKS.instanceNoise,
    instanceNoiseSteps: config.instanceNoiseSteps ?? NO_TRICKS.instanceNoiseSteps,
    latent: config.latent ?? NO_TRICKS.latent,
  };
}

/** Each numeric trick's allowed range, as a test and in words (the CLI's messages give the words). */
export const TRICK_RANGES: readonly (readonly [Exclude<keyof ReturnType<typeof tricksOf>, 'latent'>, (v: number) => boolean, string])[] = [
  ['labelSmoothing', (v) => v >= 0 && v < 1, 'at least 0 and below 1'],
  ['labelNoise', (v) => v >= 0 && v < 0.5, 'at least 0 and below 0.5'],
  ['dropoutD', (v) => v >= 0 && v < 1, 'at least 0 and below 1'],
  ['instanceNoise', (v) => v >= 0 && Number.isFinite(v), 'a finite number ≥ 0'],
  ['instanceNoiseSteps', (v) => Number.isSafeInteger(v) && v >= 0, 'an integer ≥ 0'],
];

/** Checks the tricks' settings; each message names the setting and its value. */
export function checkTricks(config: Partial<Gan1dConfig>): void {
  const t = tricksOf(config);
  for (const [key, ok] of TRICK_RANGES) if (!ok(t[key])) throw new RangeError(`invalid ${key}: ${t[key]}`);
  if (t.latent !== 'normal' && t.latent !== 'uniform') throw new RangeError(`invalid latent: ${String(t.latent)} (normal or uniform)`);
}

/**
 * Defaults that learn the page's bimodal example, covering both modes (exact JSD 0.089–0.179 after 3,000 steps
 * for seeds 1–5, measured with `gan-theory train-1d`; a kernel density estimate of p_g had shown 0.01–0.03): D
 * gets five steps and a larger learning rate than G, so it stays near D* while G moves. With k = 1 and equal
 * rates the same run oscillates, which the page invites the reader to try.
 */
export const DEFAULT_GAN1D: Omit<Gan1dConfig, 'pData'> = {
  seed: 1,
  k: 5,
  learningRateD: 2e-3,
  learningRateG: 5e-4,
  batchSize: 128,
  loss: 'non-saturating',
  freezeG: false,
  ...NO_TRICKS,
};

