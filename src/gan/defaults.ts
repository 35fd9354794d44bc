/** Default settings of the 1-D GAN, kept apart from TensorFlow.js so the CLI can show them without loading it. */
import type { Gan1dConfig } from './gan1d.ts';

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

