/**
 * What the DCGAN generator draws before any training: the per-pixel mean and standard deviation of its output over
 * latent draws, for one seed of its initialisers. A transposed convolution applies a different subset of its
 * kernel's taps to each output phase (pixel index mod the stride), so with random weights these moments vary with
 * period 2 per layer, 4 over the two layers, visible before the first gradient step: with kernel 4, whose path
 * counts are even, as with the earlier kernel 5, whose counts alone make a checkerboard.
 * (Exact counts of the same pattern, without TensorFlow.js: src/gan/checkerboard.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../../maths/random.ts';
import { buildGenerator, LATENT_SIZE } from './models.ts';

export interface OutputMoments {
  readonly seed: number;
  readonly samples: number;
  /** 784 values, row-major 28×28, in the generator's output units (tanh, [−1, 1]). */
  readonly mean: readonly number[];
  readonly sd: readonly number[];
}

/** Mean and sd of the untrained DCGAN's output over `samples` standard-normal latent vectors (seeded). */
export function untrainedOutputMoments(seed: number, samples: number): OutputMoments {
  const generator = buildGenerator('dcgan', seed);
  const random = createRandom(seed);
  const z = Float32Array.from({ length: samples * LATENT_SIZE }, () => random.normal());
  const images = tf.tidy(() => (generator.predict(tf.tensor2d(z, [samples, LATENT_SIZE]), { batchSize: samples }) as tf.Tensor2D).dataSync() as Float32Array);
  generator.dispose();
  const mean = new Array<number>(784).fill(0), sd = new Array<number>(784).fill(0);
  for (let s = 0; s < samples; s++) for (let p = 0; p < 784; p++) mean[p]! += images[s * 784 + p]! / samples;
  for (let s = 0; s < samples; s++) for (let p = 0; p < 784; p++) sd[p]! += (images[s * 784 + p]! - mean[p]!) ** 2 / (samples - 1);
  return { seed, samples, mean, sd: sd.map(Math.sqrt) };
}
