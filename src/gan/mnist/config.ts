/**
 * The MNIST models' configurations and defaults, kept apart from TensorFlow.js so the pages can show and check
 * them without loading it (training runs in a worker).
 */
import type { GeneratorLossVariant } from '../losses.ts';

/** The classic fully connected GAN of Goodfellow et al. (2014), or a DCGAN (Radford et al. 2016). */
export type MnistModelKind = 'mlp' | 'dcgan';

/** The DCGAN's layout by its kernel size: 4 (the default) or 5 (the first layout; see models.ts). */
export type DcganKernel = 4 | 5;

/** The DCGAN's kernel size when none is given. */
export const DEFAULT_DCGAN_KERNEL: DcganKernel = 4;

export interface MnistGanConfig {
  readonly model: MnistModelKind;
  readonly seed: number;
  readonly k: number;
  readonly loss: GeneratorLossVariant;
  readonly learningRate: number;
  readonly batchSize: number;
  /** The DCGAN's kernel size (its layout); absent: 4, or for a checkpoint, whatever its networks' topology shows. */
  readonly kernel?: DcganKernel;
  /**
   * One-sided label smoothing (Salimans et al. 2016, §3.4), as the 1-D GAN's: D's target for real digits is 1 − s,
   * so real rows cost (1 − s)·(−log D) + s·(−log(1 − D)); generated rows keep target 0. Absent: 0.
   */
  readonly labelSmoothing?: number;
}

/** Adam at 1e-3 learns the classic GAN's digits in about 1,500 iterations (IS ≈ 4 against 1.6 at 2e-4). */
export const DEFAULT_MNIST_GAN: MnistGanConfig = { model: 'mlp', seed: 1, k: 1, loss: 'non-saturating', learningRate: 1e-3, batchSize: 128 };

/**
 * The learning rate each model trains best at here. The DCGAN's: of 30-minute runs (≈ 2,600 iterations) at 2e-4
 * (Radford et al.'s) and 5e-4, 5e-4 scored IS 6.0 / FD 13.9 against 5.5 / 20.2 (2,000 samples; kernel 5). With
 * kernel 4 and one-sided label smoothing 0.1, per iteration (5,000 samples, real digits 9.42): 2e-4 read IS/real
 * 0.39, 0.42, 0.41 at 400, 800, 1,200 iterations; 5e-4 read 0.44, 0.44, 0.48, 0.56, 0.57 at 400 … 2,000 (without
 * smoothing 0.44, 0.44, 0.49, 0.54, 0.56: smoothing made no clear difference). Seed 1, one run each.
 */
export function defaultLearningRate(model: MnistModelKind): number {
  return model === 'dcgan' ? 5e-4 : DEFAULT_MNIST_GAN.learningRate;
}

export function checkConfig(c: MnistGanConfig): void {
  if (c.model !== 'mlp' && c.model !== 'dcgan') throw new RangeError(`model must be mlp or dcgan, got ${String(c.model)}`);
  if (!Number.isInteger(c.k) || c.k < 1 || c.k > 20) throw new RangeError(`invalid k: ${c.k}`);
  if (!Number.isInteger(c.batchSize) || c.batchSize < 2 || c.batchSize > 1024) throw new RangeError(`invalid batch size: ${c.batchSize}`);
  if (!(c.learningRate > 0 && c.learningRate < 1)) throw new RangeError(`invalid learning rate: ${c.learningRate}`);
  if (!Number.isSafeInteger(c.seed)) throw new RangeError(`invalid seed: ${c.seed}`);
  if (c.loss !== 'saturating' && c.loss !== 'non-saturating') throw new RangeError(`invalid loss: ${String(c.loss)}`);
  if (c.kernel !== undefined && (c.model !== 'dcgan' || (c.kernel !== 4 && c.kernel !== 5))) throw new RangeError(`invalid kernel: ${String(c.kernel)} (4 or 5, and for the dcgan only)`);
  if (c.labelSmoothing !== undefined && !(typeof c.labelSmoothing === 'number' && c.labelSmoothing >= 0 && c.labelSmoothing <= 0.5)) throw new RangeError(`invalid label smoothing: ${String(c.labelSmoothing)} (from 0 to 0.5)`);
}

export interface CalibrationConfig {
  readonly alpha: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly learningRate: number;
}

export const DEFAULT_CALIBRATION: CalibrationConfig = { alpha: 0.5, seed: 1, batchSize: 64, learningRate: 1e-3 };

