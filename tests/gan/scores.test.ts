/**
 * The generator scores that need no classifier: the Inception Score from class probabilities (k for confident,
 * balanced predictions, 1 for identical rows, exp of the mean KL in general) and its spread over 10 splits; the
 * Fréchet distance's floor between two halves of one set; and the Parzen-window log-likelihood of Goodfellow et al.
 * (2014) against a direct float64 computation, with its standard error and the width chosen on validation data.
 * The tfjs parts run on the `cpu` backend with a few hundred 784-vectors at most.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseParzenWidth, inceptionScore, inceptionScoreSplits, parzenEstimate, parzenLogLikelihood, parzenPointLogLikelihoods } from '../../src/gan/mnist/scores.ts';
import { frechetDistance, meanAndCovariance } from '../../src/maths/linalg.ts';
import { createRandom, type Random } from '../../src/maths/random.ts';

const D = 784;

/** Rows of k probabilities, each a random point of the simplex (normalised uniforms). */
function randomRows(random: Random, n: number, k: number): Float64Array {
  const p = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let c = 0; c < k; c++) total += p[i * k + c] = random.uniform() ** 3; // cubed: more peaked rows
    for (let c = 0; c < k; c++) p[i * k + c]! /= total;
  }
  return p;
}

/** exp(mean_i Σ_c p_ic (log p_ic − log p̄_c)), written with the marginal accumulated as plain sums. */
function referenceInceptionScore(p: ArrayLike<number>, k: number): number {
  const n = p.length / k;
  const marginal = Array.from({ length: k }, (_, c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += p[i * k + c]!;
    return s / n;
  });
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let kl = 0;
    for (let c = 0; c < k; c++) {
      const q = p[i * k + c]!;
      if (q > 0) kl += q * (Math.log(q) - Math.log(marginal[c]!));
    }
    sum += kl;
  }
  return Math.exp(sum / n);
}

/**
 * The Parzen-window mean log-likelihood in float64, straight from the definition: for each point x,
 * logsumexp_j(−‖x − s_j‖²/(2σ²)) − log m − (784/2) log(2πσ²), averaged over the points.
 */
function referenceParzen(points: Float32Array, samples: Float32Array, sigma: number): number {
  const each = referenceParzenPoints(points, samples, sigma);
  return each.reduce((s, v) => s + v, 0) / each.length;
}

/** Each point's log-likelihood, as in referenceParzen. */
function referenceParzenPoints(points: Float32Array, samples: Float32Array, sigma: number): number[] {
  const n = points.length / D, m = samples.length / D;
  const each: number[] = [];
  for (let i = 0; i < n; i++) {
    const exponents: number[] = [];
    for (let j = 0; j < m; j++) {
      let sq = 0;
      for (let k = 0; k < D; k++) sq += (points[i * D + k]! - samples[j * D + k]!) ** 2;
      exponents.push(-sq / (2 * sigma * sigma));
    }
    const top = Math.max(...exponents);
    each.push(top + Math.log(exponents.reduce((s, e) => s + Math.exp(e - top), 0)) - Math.log(m) - (D / 2) * Math.log(2 * Math.PI * sigma * sigma));
  }
  return each;
}

const uniformImages = (random: Random, n: number) => Float32Array.from({ length: n * D }, () => random.uniform());

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('inceptionScore', () => {
  it('is k for confident, balanced predictions (one-hot rows cycling through k classes), to 1e-12 relative', () => {
    for (const k of [2, 3, 10]) {
      const n = 4 * k;
      const p = new Float64Array(n * k);
      for (let i = 0; i < n; i++) p[i * k + (i % k)] = 1;
      expect(Math.abs(inceptionScore(p, k) - k) / k).toBeLessThanOrEqual(1e-12);
    }
  });

  it('is the number of classes used when confident predictions are balanced over only some of the 10 classes', () => {
    const used = [1, 4, 7, 8];
    const p = new Float64Array(20 * 10);
    for (let i = 0; i < 20; i++) p[i * 10 + used[i % 4]!] = 1;
    expect(inceptionScore(p)).toBeCloseTo(4, 12);
  });

  it('is 1 when every row is the same distribution (each KL to the marginal is 0), to 1e-12', () => {
    const row = [0.05, 0.1, 0.3, 0.02, 0.08, 0.1, 0.15, 0.1, 0.05, 0.05];
    const p = Float64Array.from({ length: 7 * 10 }, (_, i) => row[i % 10]!);
    expect(Math.abs(inceptionScore(p) - 1)).toBeLessThanOrEqual(1e-12);
    // A single row of any distribution is its own marginal.
    expect(Math.abs(inceptionScore(randomRows(createRandom(1), 1, 10)) - 1)).toBeLessThanOrEqual(1e-12);
    // Always the same class: confident, but not diverse.
    const oneClass = new Float64Array(5 * 10);
    for (let i = 0; i < 5; i++) oneClass[i * 10 + 3] = 1;
    expect(inceptionScore(oneClass)).toBe(1);
  });

  it('lies strictly between 1 and k for mixtures of confident and uniform predictions, rising with confidence', () => {
    const k = 10, n = 30;
    let previous = 1;
    for (const confidence of [0.1, 0.3, 0.6, 0.9, 0.99]) {
      // (1 − ε) one-hot + ε uniform, classes cycling: balanced, partly confident.
      const p = new Float64Array(n * k);
      for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) p[i * k + c] = (1 - confidence) / k + (c === i % k ? confidence : 0);
      const score = inceptionScore(p, k);
      expect(score).toBeGreaterThan(previous);
      expect(score).toBeLessThan(k);
      expect(Math.abs(score - referenceInceptionScore(p, k))).toBeLessThanOrEqual(1e-12 * score);
      previous = score;
    }
  });

  it('equals exp of the mean KL(p(y|x) ‖ p(y)) computed independently, for random rows, to 1e-12 relative', () => {
    const random = createRandom(2);
    for (const [n, k] of [[1, 10], [5, 3], [50, 10], [200, 10]] as const) {
      const p = randomRows(random, n, k);
      const expected = referenceInceptionScore(p, k);
      const score = inceptionScore(p, k);
      expect(Math.abs(score - expected)).toBeLessThanOrEqual(1e-12 * expected);
      expect(score).toBeGreaterThanOrEqual(1);
      expect(score).toBeLessThanOrEqual(k);
    }
  });

  it('does not depend on the order of the rows', () => {
    const k = 10, n = 40;
    const p = randomRows(createRandom(3), n, k);
    const reversed = new Float64Array(n * k);
    for (let i = 0; i < n; i++) reversed.set(p.subarray(i * k, (i + 1) * k), (n - 1 - i) * k);
    expect(inceptionScore(reversed)).toBeCloseTo(inceptionScore(p), 12);
  });

  it('refuses a length that is not a positive multiple of k', () => {
    expect(() => inceptionScore(new Float64Array(15))).toThrow(RangeError);
    expect(() => inceptionScore(new Float64Array(15))).toThrow(/n × 10 probabilities, got 15 values/);
    expect(() => inceptionScore(new Float64Array(7), 3)).toThrow(RangeError);
    expect(() => inceptionScore(new Float64Array(0))).toThrow(RangeError);
  });
});

describe('inceptionScoreSplits', () => {
  it('gives the mean, the std (÷ splits) and the standard error (÷ splits·(splits − 1), rooted) of a hand-computed case', () => {
    // 20 one-hot rows in 10 splits of 2: the first five splits hold two different classes (IS = 2), the last five
    // the same class twice (IS = 1). Mean 1.5; every split is 0.5 from it, so std = √(10 · 0.25 / 10) = 0.5 and
    // the standard error = √(10 · 0.25 / (10 · 9)) = √(1/36) = 1/6.
    const p = new Float64Array(20 * 10);
    for (let split = 0; split < 10; split++) {
      p[(2 * split) * 10 + split] = 1;
      p[(2 * split + 1) * 10 + (split < 5 ? (split + 1) % 10 : split)] = 1;
    }
    const s = inceptionScoreSplits(p);
    expect(s.splits).toBe(10);
    expect(Array.from(s.values)).toEqual([2, 2, 2, 2, 2, 1, 1, 1, 1, 1].map((v) => expect.closeTo(v, 12)));
    expect(s.mean).toBeCloseTo(1.5, 12);
    expect(s.std).toBeCloseTo(0.5, 12);
    expect(s.standardError).toBeCloseTo(1 / 6, 12);
  });

  it('splits at ⌊i·n/splits⌋ like Salimans et al.: each split is the IS of its own rows, all rows used', () => {
    const k = 10, n = 25;
    const p = randomRows(createRandom(4), n, k);
    const s = inceptionScoreSplits(p, 10, k);
    const bounds = [0, 2, 5, 7, 10, 12, 15, 17, 20, 22, 25];
    for (let i = 0; i < 10; i++) {
      expect(s.values[i]).toBeCloseTo(referenceInceptionScore(p.subarray(bounds[i]! * k, bounds[i + 1]! * k), k), 12);
    }
    const mean = s.values.reduce((a, v) => a + v, 0) / 10;
    const squares = s.values.reduce((a, v) => a + (v - mean) ** 2, 0);
    expect(s.mean).toBeCloseTo(mean, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(squares / 10), 12);
    expect(s.standardError).toBeCloseTo(Math.sqrt(squares / 9) / Math.sqrt(10), 12);
    expect(s.standardError).toBeCloseTo(s.std / 3, 12); // √(10/9)/√10 = 1/3 for 10 splits
  });

  it('has no spread when every split is alike, and a smaller mean than the whole set when splits are small', () => {
    // Classes cycling 0…9 in each split of 10 rows: every split scores 10.
    const p = new Float64Array(100 * 10);
    for (let i = 0; i < 100; i++) p[i * 10 + (i % 10)] = 1;
    const s = inceptionScoreSplits(p);
    expect(s.mean).toBeCloseTo(10, 12);
    expect(s.std).toBe(0);
    expect(s.standardError).toBe(0);
    // Random rows: a split's marginal is noisier, so each split's KL to its own marginal is smaller on average.
    const q = randomRows(createRandom(5), 200, 10);
    expect(inceptionScoreSplits(q).mean).toBeLessThan(inceptionScore(q));
  });

  it('refuses fewer rows than splits, and fewer than 2 splits', () => {
    expect(() => inceptionScoreSplits(new Float64Array(9 * 10))).toThrow(/cannot split 9 rows into 10 parts/);
    expect(() => inceptionScoreSplits(new Float64Array(20 * 10), 1)).toThrow(RangeError);
    expect(() => inceptionScoreSplits(new Float64Array(15))).toThrow(RangeError);
  });
});

describe('the Fréchet distance between two halves of one set (its sampling noise)', () => {
  /** n rows of d correlated Gaussian features: z ~ N(0, I), feature j = z_j + 0.5 z_{j−1}. */
  function features(random: Random, n: number, d: number, shift = 0): Float64Array {
    const f = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      let previous = random.normal();
      for (let j = 0; j < d; j++) {
        const z = random.normal();
        f[i * d + j] = z + 0.5 * previous + shift;
        previous = z;
      }
    }
    return f;
  }

  it('is small and positive, shrinks as the halves grow, and is far below a real difference', () => {
    const d = 16, random = createRandom(31);
    const floors = [500, 4000].map((half) => {
      const all = features(random, 2 * half, d);
      const fd = frechetDistance(meanAndCovariance(all.subarray(0, half * d), d), meanAndCovariance(all.subarray(half * d), d), d);
      expect(fd).toBeGreaterThan(0);
      // The mean term alone averages 2·tr(Σ)/half = 2·1.25·16/half; the covariance term is of the same order.
      expect(fd).toBeLessThan(10 * (2 * 1.25 * d) / half);
      return fd;
    });
    expect(floors[1]!).toBeLessThan(floors[0]!);
    // A shift of 0.25 in every feature adds 16 · 0.0625 = 1 to the distance: far above the floor of 500-row halves.
    const a = features(random, 500, d), b = features(random, 500, d, 0.25);
    expect(frechetDistance(meanAndCovariance(a, d), meanAndCovariance(b, d), d)).toBeGreaterThan(floors[0]! + 0.5);
  });
});

describe('parzenLogLikelihood', () => {
  it('matches a direct float64 log-sum-exp computation on random 784-vectors, to 1e-9 nats', () => {
    const random = createRandom(11);
    const points = uniformImages(random, 3), samples = uniformImages(random, 5);
    for (const sigma of [0.05, 0.1, 0.2, 0.5, 1, 2]) {
      const expected = referenceParzen(points, samples, sigma);
      expect(Math.abs(parzenLogLikelihood(points, samples, sigma) - expected)).toBeLessThanOrEqual(1e-9);
    }
  });

  /**
   * Bright images (‖x‖² ≈ 600) with samples 0.05–0.5 away from them: the regime where ‖x‖² + ‖s‖² − 2x·s in
   * float32 loses the distance. Many other samples lie far off, so both the re-measured and the screened-only
   * kernels are exercised; the widths range from much smaller than the nearest distance to far wider.
   */
  function brightNeighbours(seed: number) {
    const random = createRandom(seed);
    const points = Float32Array.from({ length: 6 * D }, () => 0.75 + 0.25 * random.uniform());
    const samples = new Float32Array(60 * D);
    for (let j = 0; j < 60; j++) {
      const base = j % 6, near = j < 18; // 3 close neighbours of each point, then samples of other points, far off
      for (let k = 0; k < D; k++) {
        samples[j * D + k] = near ? Math.min(1, Math.max(0, points[base * D + k]! + (0.002 + 0.006 * (j / 6 | 0)) * random.normal())) : 0.3 + 0.7 * random.uniform();
      }
    }
    return { points, samples };
  }

  it('stays within 1e-9 nats of float64 where the float32 ‖x‖² + ‖s‖² − 2x·s is off by more than 1e-3', () => {
    const { points, samples } = brightNeighbours(16);
    const widths = [0.01, 0.02, 0.05, 0.1, 0.3, 1];
    const all = parzenPointLogLikelihoods(points, samples, widths);
    for (const [w, sigma] of widths.entries()) {
      const expected = referenceParzenPoints(points, samples, sigma);
      for (let i = 0; i < 6; i++) expect(Math.abs(all[w]![i]! - expected[i]!), `σ = ${sigma}, point ${i}`).toBeLessThanOrEqual(1e-9);
      // One width at a time gives the same numbers as the shared pass.
      expect(Math.abs(parzenLogLikelihood(points, samples, sigma) - expected.reduce((s, v) => s + v, 0) / 6)).toBeLessThanOrEqual(1e-9);
    }
    // The cancelling form in float32 (as tfjs computes it) misses by more than 1e-3 nats at σ = 0.02 here.
    const sigma = 0.02;
    const cancelling = tf.tidy(() => {
      const x = tf.tensor2d(points, [6, D]), s = tf.tensor2d(samples, [60, D]);
      const sq = tf.sum(tf.square(x), 1, true).add(tf.sum(tf.square(s), 1)).sub(tf.matMul(x, s, false, true).mul(2)).relu();
      return tf.logSumExp(sq.div(-2 * sigma * sigma), 1).dataSync();
    });
    const constant = -Math.log(60) - 392 * Math.log(2 * Math.PI * sigma * sigma);
    const expected = referenceParzenPoints(points, samples, sigma);
    const worst = Math.max(...expected.map((e, i) => Math.abs(cancelling[i]! + constant - e)));
    expect(worst).toBeGreaterThan(1e-3);
  });

  it('reports the standard error over points: the points\' sample standard deviation over √n', () => {
    const { points, samples } = brightNeighbours(17);
    const e = parzenEstimate(points, samples, 0.05);
    const each = referenceParzenPoints(points, samples, 0.05);
    const mean = each.reduce((s, v) => s + v, 0) / 6;
    const sd = Math.sqrt(each.reduce((s, v) => s + (v - mean) ** 2, 0) / 5);
    expect(e.count).toBe(6);
    expect(e.sigma).toBe(0.05);
    expect(Math.abs(e.logLikelihood - mean)).toBeLessThanOrEqual(1e-9);
    expect(e.standardError).toBeGreaterThan(0);
    expect(Math.abs(e.standardError - sd / Math.sqrt(6))).toBeLessThanOrEqual(1e-9 * e.standardError + 1e-12);
    expect(parzenEstimate(points.subarray(0, D), samples, 0.05).standardError).toBeNaN();
  });

  it('gives the same result whatever the batch size, including batches that do not divide the points', () => {
    const random = createRandom(12);
    const points = uniformImages(random, 5), samples = uniformImages(random, 4);
    const whole = parzenLogLikelihood(points, samples, 0.3);
    for (const batch of [1, 2, 3, 5, 250]) {
      expect(Math.abs(parzenLogLikelihood(points, samples, 0.3, batch) - whole)).toBeLessThanOrEqual(1e-5 * Math.abs(whole));
    }
  });

  it('is the mean over points of each point on its own', () => {
    const random = createRandom(13);
    const points = uniformImages(random, 3), samples = uniformImages(random, 4);
    const each = [0, 1, 2].map((i) => parzenLogLikelihood(points.slice(i * D, (i + 1) * D), samples, 0.4));
    const mean = each.reduce((s, x) => s + x, 0) / 3;
    expect(Math.abs(parzenLogLikelihood(points, samples, 0.4) - mean)).toBeLessThanOrEqual(1e-5 * Math.abs(mean));
  });

  it('for a single sample equals the Gaussian log-density −‖x − s‖²/(2σ²) − 392 log(2πσ²), to 1e-4 relative', () => {
    // x = 0, s = 0.5 everywhere: ‖x − s‖² = 784/4 = 196.
    const x = new Float32Array(D), s = new Float32Array(D).fill(0.5);
    for (const sigma of [0.25, 1]) {
      const expected = -196 / (2 * sigma * sigma) - 392 * Math.log(2 * Math.PI * sigma * sigma);
      expect(Math.abs(parzenLogLikelihood(x, s, sigma) - expected)).toBeLessThanOrEqual(1e-4 * Math.abs(expected));
    }
  });

  it('rises when a test point is duplicated among the samples at a small width, to −log m − 392 log(2πσ²)', () => {
    const random = createRandom(14);
    const point = uniformImages(random, 1), samples = uniformImages(random, 5);
    const withCopy = new Float32Array(6 * D);
    withCopy.set(samples);
    withCopy.set(point, 5 * D);
    for (const sigma of [0.02, 0.05, 0.1]) {
      const without = parzenLogLikelihood(point, samples, sigma);
      const withDuplicate = parzenLogLikelihood(point, withCopy, sigma);
      expect(withDuplicate).toBeGreaterThan(without + 1000);
      // The duplicate's kernel (exponent 0) dominates: the others are below e^(−100·…), negligible.
      const expected = -Math.log(6) - 392 * Math.log(2 * Math.PI * sigma * sigma);
      expect(Math.abs(withDuplicate - expected)).toBeLessThanOrEqual(1e-4 * Math.abs(expected));
    }
  });

  it('leaves no tensors behind', () => {
    const random = createRandom(15);
    const points = uniformImages(random, 3), samples = uniformImages(random, 3);
    const before = tf.memory().numTensors;
    parzenLogLikelihood(points, samples, 0.2, 2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses non-finite pixels, naming the row, and an empty list of widths', () => {
    const ok = new Float32Array(2 * D), bad = new Float32Array(2 * D);
    bad[D + 5] = NaN;
    expect(() => parzenLogLikelihood(ok, bad, 0.1)).toThrow(/samples hold a non-finite value \(NaN\) at row 1/);
    bad[D + 5] = Infinity;
    expect(() => parzenLogLikelihood(bad, ok, 0.1)).toThrow(/points hold a non-finite value \(Infinity\) at row 1/);
    expect(() => parzenPointLogLikelihoods(ok, ok, [])).toThrow(/no Parzen widths/);
    expect(() => parzenPointLogLikelihoods(ok, ok, [0.1, Infinity])).toThrow(/invalid Parzen width: Infinity/);
  });

  it('refuses sizes that are not multiples of 784 and widths that are not positive', () => {
    const ok = new Float32Array(D);
    expect(() => parzenLogLikelihood(new Float32Array(D + 1), ok, 0.1)).toThrow(RangeError);
    expect(() => parzenLogLikelihood(ok, new Float32Array(100), 0.1)).toThrow(RangeError);
    expect(() => parzenLogLikelihood(new Float32Array(0), ok, 0.1)).toThrow(RangeError);
    expect(() => parzenLogLikelihood(ok, ok, 0)).toThrow(/invalid Parzen width: 0/);
    expect(() => parzenLogLikelihood(ok, ok, -0.1)).toThrow(RangeError);
    expect(() => parzenLogLikelihood(ok, ok, NaN)).toThrow(RangeError);
  });
});

describe('chooseParzenWidth', () => {
  // Validation digits are samples plus Gaussian noise of standard deviation 0.15, so the likelihood peaks at an
  // interior width near 0.15 (the nearest sample dominates at these distances).
  function noisyData(seed: number) {
    const random = createRandom(seed);
    const samples = uniformImages(random, 6);
    const validation = Float32Array.from({ length: 4 * D }, (_, i) => samples[i]! + 0.15 * random.normal());
    return { samples, validation };
  }

  it('picks the width with the largest validation log-likelihood among those given, and reports that likelihood', () => {
    const { samples, validation } = noisyData(21);
    const widths = [0.03, 0.08, 0.12, 0.16, 0.25, 0.5, 1];
    const own = widths.map((sigma) => parzenLogLikelihood(validation, samples, sigma));
    const reference = widths.map((sigma) => referenceParzen(validation, samples, sigma));
    const best = own.indexOf(Math.max(...own));
    // The float64 reference agrees on the winner, and the winner is interior (not the first or last width).
    expect(reference.indexOf(Math.max(...reference))).toBe(best);
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(widths.length - 1);
    const chosen = chooseParzenWidth(validation, samples, widths);
    expect(chosen.sigma).toBe(widths[best]);
    expect(Math.abs(chosen.logLikelihood - own[best]!)).toBeLessThanOrEqual(1e-9);
    // Every width's validation likelihood, from the one shared pass, is the one-width estimate's.
    expect(chosen.widths).toEqual(widths);
    for (const [w, ll] of own.entries()) expect(Math.abs(chosen.logLikelihoods[w]! - ll)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(chosen.logLikelihood - reference[best]!)).toBeLessThanOrEqual(1e-4 * Math.abs(reference[best]!));
  });

  it('does not depend on the order of the widths', () => {
    const { samples, validation } = noisyData(22);
    const widths = [0.05, 0.1, 0.15, 0.2, 0.4];
    const forward = chooseParzenWidth(validation, samples, widths);
    const backward = chooseParzenWidth(validation, samples, [...widths].reverse());
    expect(backward.sigma).toBe(forward.sigma);
  });

  it('searches a log grid from 0.05 to 1 by default and returns one of its widths with the best likelihood on it', () => {
    const { samples, validation } = noisyData(23);
    const grid = Array.from({ length: 20 }, (_, i) => 0.05 * 20 ** (i / 19));
    const chosen = chooseParzenWidth(validation, samples);
    expect(grid).toContain(chosen.sigma);
    expect(grid[0]).toBeCloseTo(0.05, 15);
    expect(grid[19]).toBeCloseTo(1, 15);
    // No grid width beats the chosen one in float64 by more than the float32 agreement (1e-4 relative).
    const atChosen = referenceParzen(validation, samples, chosen.sigma);
    for (const sigma of grid) expect(referenceParzen(validation, samples, sigma)).toBeLessThanOrEqual(atChosen + 1e-4 * Math.abs(atChosen));
  });

  it('with a single width returns that width', () => {
    const { samples, validation } = noisyData(24);
    expect(chooseParzenWidth(validation, samples, [0.7]).sigma).toBe(0.7);
  });
});
