/** The 1-D GAN's configuration and defaults, kept apart from TensorFlow.js so the CLI can show them without loading it. */
import type { Distribution } from '../distributions/distribution.ts';
import type { GeneratorLossVariant } from './losses.ts';

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
}

/**
 * Defaults that learn the page's bimodal example (JSD ≈ 0.01–0.03 after 3,000 steps): D gets five steps and a
 * larger learning rate than G, so it stays near D* while G moves. With k = 1 and equal rates the same run
 * oscillates (JSD 0.05–0.13), which the page invites the reader to try.
 */
export const DEFAULT_GAN1D: Omit<Gan1dConfig, 'pData'> = {
  seed: 1,
  k: 5,
  learningRateD: 2e-3,
  learningRateG: 5e-4,
  batchSize: 128,
  loss: 'non-saturating',
  freezeG: false,
};

