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

/**
 * The Inception Score of each of `splits` consecutive parts of the rows (part i holds rows ⌊i·n/splits⌋ up to
 * ⌊(i + 1)·n/splits⌋, as in Salimans et al.'s code), with their mean, standard deviation and standard error.
 */
export interface SplitStatistics {
  readonly splits: number;
  readonly values: Float64Array;
  readonly mean: number;
  /** √(Σ(ISᵢ − mean)²/splits): the "± std" of published Inception Scores (numpy's std, dividing by the splits). */
  readonly std: number;
  /** √(Σ(ISᵢ − mean)²/(splits·(splits − 1))): the standard error of the mean over splits (sample std / √splits). */
  readonly standardError: number;
}

export function inceptionScoreSplits(probabilities: ArrayLike<number>, splits = 10, classes = 10): SplitStatistics {
  const n = probabilities.length / classes;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`expected n × ${classes} probabilities, got ${probabilities.length} values`);
  if (!Number.isInteger(splits) || splits < 2 || splits > n) throw new RangeError(`cannot split ${n} rows into ${splits} parts (need 2 to ${n} parts)`);
  const rows = Float64Array.from(probabilities);
  const values = new Float64Array(splits);
  for (let i = 0; i < splits; i++) {
    const from = Math.floor((i * n) / splits), to = Math.floor(((i + 1) * n) / splits);
    values[i] = inceptionScore(rows.subarray(from * classes, to * classes), classes);
  }
  let mean = 0;
  for (const v of values) mean += v / splits;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { splits, values, mean, std: Math.sqrt(squares / splits), standardError: Math.sqrt(squares / (splits * (splits - 1))) };
}

/** The customary number of splits for the Inception Score's spread, and the fewest rows each split may have. */
export const INCEPTION_SPLITS = 10;
export const MIN_ROWS_PER_SPLIT = 2;

export interface QualityScores {
  readonly inceptionScore: number;
  /** The IS over 10 splits; absent when there are fewer than 20 images. */
  readonly inceptionScoreSplits?: SplitStatistics;
  readonly frechetDistance: number;
  readonly count: number;
}

/**
 * IS of `images` (on all of them, and over 10 splits) and their FD to the reference images, both through the
 * classifier (images n × 784 in [0, 1]).
 */
export function qualityScores(classifier: tf.LayersModel, images: Float32Array, reference: { mean: Float64Array; covariance: Float64Array }): QualityScores {
  const { probabilities, features, count } = classify(classifier, images);
  const stats = meanAndCovariance(features, 64);
  return {
    inceptionScore: inceptionScore(probabilities),
    ...(count >= INCEPTION_SPLITS * MIN_ROWS_PER_SPLIT ? { inceptionScoreSplits: inceptionScoreSplits(probabilities, INCEPTION_SPLITS) } : {}),
    frechetDistance: frechetDistance(stats, reference, 64),
    count,
  };
}

/** Feature statistics of a set of images (the reference side of the Fréchet distance). */
export function featureStatistics(classifier: tf.LayersModel, images: Float32Array): { mean: Float64Array; covariance: Float64Array } {
  return meanAndCovariance(classify(classifier, images).features, 64);
}


const D = 784;
/**
 * Kernels more than this many nats below the largest one for a point are summed from their float32 distances: each
 * weighs less than e^−40 of the largest, so even 10⁶ of them move the log-likelihood by under 10⁻¹¹ nats.
 */
const EXACT_WITHIN_NATS = 40;

function squaredNorms(rows: Float32Array, count: number): Float64Array {
  const norms = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let k = i * D, end = k + D; k < end; k++) s += rows[k]! * rows[k]!;
    norms[i] = s;
  }
  return norms;
}

/** ‖a_i − b_j‖² in float64, term by term (the differences of float32 values are exact in float64). */
function squaredDistance(a: Float32Array, i: number, b: Float32Array, j: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let k = 0, p = i * D, q = j * D; k < D; k += 4, p += 4, q += 4) {
    const t0 = a[p]! - b[q]!, t1 = a[p + 1]! - b[q + 1]!, t2 = a[p + 2]! - b[q + 2]!, t3 = a[p + 3]! - b[q + 3]!;
    s0 += t0 * t0;
    s1 += t1 * t1;
    s2 += t2 * t2;
    s3 += t3 * t3;
  }
  return s0 + s1 + s2 + s3;
}

function checkParzenInputs(points: Float32Array, samples: Float32Array, widths: readonly number[]): void {
  const n = points.length / D, m = samples.length / D;
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 1 || m < 1) throw new RangeError('points and samples must be n × 784 and m × 784');
  if (widths.length === 0) throw new RangeError('no Parzen widths given');
  for (const sigma of widths) if (!(sigma > 0 && sigma < Infinity)) throw new RangeError(`invalid Parzen width: ${sigma}`);
  for (const [name, rows] of [['points', points], ['samples', samples]] as const) {
    for (let k = 0; k < rows.length; k++) if (!Number.isFinite(rows[k]!)) throw new RangeError(`the Parzen ${name} hold a non-finite value (${rows[k]}) at row ${Math.floor(k / D)}`);
  }
}

/**
 * Each point's Parzen-window log-likelihood, for each width: `result[w][i]` = log p_σ(xᵢ) with σ = `widths[w]`,
 * log p_σ(x) = logsumexp_j(−‖x − s_j‖²/(2σ²)) − log m − (d/2) log(2πσ²), in float64.
 *
 * The squared distances come first from one float32 matrix product per batch, ‖x‖² + ‖s‖² − 2 x·s. That form
 * cancels: at σ = 0.05 its float32 rounding alone moves a log-likelihood by up to 3·10⁻² nats. So it only screens.
 * The product's rounding is at most γ_d Σ|x_k s_k| ≤ γ_d (‖x‖² + ‖s‖²)/2 in any order of summation (γ_d = d·u/(1 −
 * d·u), u the backend's unit roundoff; Higham 2002, §3.1), which bounds each screened distance on both sides (with
 * a factor 2 to spare). Every sample that could lie within 40 nats of the point's nearest kernel at the widest σ is
 * then measured again as ‖x − s‖², directly in float64; only kernels below e^−40 of the largest keep their float32
 * distance. The distances are shared by all the widths, so a grid search costs one pass.
 */
export function parzenPointLogLikelihoods(points: Float32Array, samples: Float32Array, widths: readonly number[], batch = 250): Float64Array[] {
  checkParzenInputs(points, samples, widths);
  const n = points.length / D, m = samples.length / D;
  const pointNorms = squaredNorms(points, n), sampleNorms = squaredNorms(samples, m);
  const u = tf.backend().floatPrecision() === 32 ? 2 ** -24 : 2 ** -11;
  const slack = (2 * D * u) / (1 - D * u); // twice γ_d: |screened − exact| ≤ slack · (‖x‖² + ‖s‖²)
  const widest = Math.max(...widths);
  const out = widths.map(() => new Float64Array(n));
  const scales = widths.map((sigma) => 1 / (2 * sigma * sigma));
  const constants = widths.map((sigma) => -Math.log(m) - (D / 2) * Math.log(2 * Math.PI * sigma * sigma));
  const distances = new Float64Array(m);
  // Samples stored transposed (d × m): on wasm the plain product is ~1.6× faster than one with transposeB.
  const sT = tf.tidy(() => tf.transpose(tf.tensor2d(samples, [m, D])));
  try {
    for (let start = 0; start < n; start += batch) {
      const k = Math.min(batch, n - start);
      const product = tf.tidy(() => tf.matMul(tf.tensor2d(points.subarray(start * D, (start + k) * D), [k, D]), sT));
      const dots = product.dataSync();
      product.dispose();
      for (let r = 0; r < k; r++) {
        const i = start + r, nx = pointNorms[i]!;
        let ceiling = Infinity;
        for (let j = 0; j < m; j++) {
          const screened = nx + sampleNorms[j]! - 2 * dots[r * m + j]!;
          distances[j] = screened;
          ceiling = Math.min(ceiling, screened + slack * (nx + sampleNorms[j]!));
        }
        // The nearest sample's exact distance is at most `ceiling`; anything whose lower bound passes `reach` is
        // more than 40 nats below it at every width given.
        const reach = ceiling + 2 * widest * widest * EXACT_WITHIN_NATS;
        let least = Infinity;
        for (let j = 0; j < m; j++) {
          if (distances[j]! - slack * (nx + sampleNorms[j]!) <= reach) distances[j] = squaredDistance(points, i, samples, j);
          least = Math.min(least, distances[j]!);
        }
        for (let w = 0; w < widths.length; w++) {
          const scale = scales[w]!;
          let sum = 0;
          for (let j = 0; j < m; j++) {
            const gap = (distances[j]! - least) * scale;
            if (gap < 60) sum += Math.exp(-gap); // e^−60 · m is far below float64 resolution of the sum (≥ 1)
          }
          out[w]![i] = -least * scale + Math.log(sum) + constants[w]!;
        }
      }
    }
  } finally {
    sT.dispose();
  }
  return out;
}

export interface ParzenEstimate {
  readonly sigma: number;
  /** Mean log-likelihood of the points, in nats. */
  readonly logLikelihood: number;
  /** Standard deviation of the points' log-likelihoods (n − 1) over √n; NaN for a single point. */
  readonly standardError: number;
  readonly count: number;
}

function estimate(sigma: number, each: Float64Array): ParzenEstimate {
  const n = each.length;
  let mean = 0;
  for (const v of each) mean += v / n;
  let squares = 0;
  for (const v of each) squares += (v - mean) ** 2;
  return { sigma, logLikelihood: mean, standardError: n > 1 ? Math.sqrt(squares / (n - 1) / n) : NaN, count: n };
}

/** The Parzen-window mean log-likelihood of `points` under `samples` at width σ, with its standard error over the points. */
export function parzenEstimate(points: Float32Array, samples: Float32Array, sigma: number, batch = 250): ParzenEstimate {
  return estimate(sigma, parzenPointLogLikelihoods(points, samples, [sigma], batch)[0]!);
}

/**
 * Mean log-likelihood of `points` under the Parzen window (isotropic Gaussian kernels of width σ) centred on
 * `samples`: log p(x) = logsumexp_i(−‖x − sᵢ‖²/(2σ²)) − log m − (d/2) log(2πσ²). Pixels in [0, 1], d = 784.
 */
export function parzenLogLikelihood(points: Float32Array, samples: Float32Array, sigma: number, batch = 250): number {
  return parzenEstimate(points, samples, sigma, batch).logLikelihood;
}

/** The default Parzen widths: a log grid of 20 from 0.05 to 1. */
export const PARZEN_WIDTHS: readonly number[] = Array.from({ length: 20 }, (_, i) => 0.05 * 20 ** (i / 19));

/**
 * The Parzen width with the best mean log-likelihood on `validation` among `widths` (Goodfellow et al. 2014 chose σ
 * this way on validation digits), with every width's validation log-likelihood; ties go to the first width.
 */
export function chooseParzenWidth(validation: Float32Array, samples: Float32Array, widths: readonly number[] = PARZEN_WIDTHS): { sigma: number; logLikelihood: number; widths: readonly number[]; logLikelihoods: Float64Array } {
  const each = parzenPointLogLikelihoods(validation, samples, widths);
  const logLikelihoods = Float64Array.from(each, (e, w) => estimate(widths[w]!, e).logLikelihood);
  let best = 0;
  for (let w = 1; w < widths.length; w++) if (logLikelihoods[w]! > logLikelihoods[best]!) best = w;
  return { sigma: widths[best]!, logLikelihood: logLikelihoods[best]!, widths, logLikelihoods };
}
