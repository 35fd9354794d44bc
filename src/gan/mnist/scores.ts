/**
 * Scores of a generator's images: the classifier-based Inception Score (Salimans et al. 2016, with this project's
 * MNIST classifier in place of Inception), the Fréchet distance in the classifier's feature space (Heusel et al.
 * 2017), and the Parzen-window log-likelihood of Goodfellow et al. (2014, Table 1; Breuleux et al. 2011).
 */
import * as tf from '@tensorflow/tfjs';
import { frechetDistance, meanAndCovariance } from '../../maths/linalg.ts';
import { classify } from './classifier.ts';

/** exp(E_x KL(p(y|x) ‖ p(y))) from class probabilities (n × k): 1 for one class always, k for confident, balanced classes. */
export function inceptionScore(probabilities: ArrayLike<number>, classes = 10): number {
  const n = probabilities.length / classes;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`expected n × ${classes} probabilities, got ${probabilities.length} values`);
  const marginal = new Float64Array(classes);
  for (let i = 0; i < n; i++) for (let c = 0; c < classes; c++) marginal[c]! += probabilities[i * classes + c]! / n;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) {
      const p = probabilities[i * classes + c]!;
      if (p > 0) kl += (p * Math.log(p / marginal[c]!)) / n;
    }
  }
  return Math.exp(kl);
}

export interface QualityScores {
  readonly inceptionScore: number;
  readonly frechetDistance: number;
  readonly count: number;
}

/** IS of `images` and their FD to the reference images, both through the classifier (images n × 784 in [0, 1]). */
export function qualityScores(classifier: tf.LayersModel, images: Float32Array, reference: { mean: Float64Array; covariance: Float64Array }): QualityScores {
  const { probabilities, features, count } = classify(classifier, images);
  const stats = meanAndCovariance(features, 64);
  return { inceptionScore: inceptionScore(probabilities), frechetDistance: frechetDistance(stats, reference, 64), count };
}

/** Feature statistics of a set of images (the reference side of the Fréchet distance). */
export function featureStatistics(classifier: tf.LayersModel, images: Float32Array): { mean: Float64Array; covariance: Float64Array } {
  return meanAndCovariance(classify(classifier, images).features, 64);
}

/**
 * Mean log-likelihood of `points` under the Parzen window (isotropic Gaussian kernels of width σ) centred on
 * `samples`: log p(x) = logsumexp_i(−‖x − sᵢ‖²/(2σ²)) − log m − (d/2) log(2πσ²). Pixels in [0, 1], d = 784.
 */
export function parzenLogLikelihood(points: Float32Array, samples: Float32Array, sigma: number, batch = 250): number {
  const d = 784, n = points.length / d, m = samples.length / d;
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 1 || m < 1) throw new RangeError('points and samples must be n × 784 and m × 784');
  if (!(sigma > 0)) throw new RangeError(`invalid Parzen width: ${sigma}`);
  const constant = -Math.log(m) - (d / 2) * Math.log(2 * Math.PI * sigma * sigma);
  const s = tf.tensor2d(samples, [m, d]);
  const sT = tf.transpose(s);
  const sNorm = tf.tidy(() => tf.sum(tf.square(s), 1));
  let total = 0;
  try {
    for (let start = 0; start < n; start += batch) {
      const k = Math.min(batch, n - start);
      total += tf.tidy(() => {
        const x = tf.tensor2d(points.subarray(start * d, (start + k) * d), [k, d]);
        // ‖x − s‖² = ‖x‖² + ‖s‖² − 2 x·s, one matrix product for the whole batch.
        const sq = tf.sum(tf.square(x), 1, true).add(sNorm).sub(tf.matMul(x, sT).mul(2)).relu();
        return tf.sum(tf.logSumExp(sq.div(-2 * sigma * sigma), 1)).dataSync()[0]!;
      });
    }
  } finally {
    tf.dispose([s, sT, sNorm]);
  }
  return total / n + constant;
}

/** The Parzen width with the best mean log-likelihood on `validation`, searched over a log grid (0.05 … 1). */
export function chooseParzenWidth(validation: Float32Array, samples: Float32Array, widths = Array.from({ length: 20 }, (_, i) => 0.05 * 20 ** (i / 19))): { sigma: number; logLikelihood: number } {
  let best = { sigma: NaN, logLikelihood: -Infinity };
  for (const sigma of widths) {
    const ll = parzenLogLikelihood(validation, samples, sigma);
    if (ll > best.logLikelihood) best = { sigma, logLikelihood: ll };
  }
  return best;
}
