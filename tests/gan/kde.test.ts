/**
 * The binned Gaussian kernel density estimate the training page draws for p_g: Silverman's bandwidth against an
 * independent computation, the estimate as a proper density, its expectation against the closed form (a normal
 * sample smoothed by a Gaussian kernel is again normal, with the variances added), and its refusals.
 */
import { describe, expect, it } from 'vitest';
import { kernelDensity, silvermanBandwidth } from '../../src/gan/kde.ts';
import { integrateOver } from '../../src/numerics/divergences.ts';
import { createRandom } from '../../src/maths/random.ts';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const normalPdf = (x: number, mu: number, s: number) => Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * SQRT_2PI);

/** 0.9 · min(sd, IQR/1.34) · n^(−1/5), written out from the definition; also says which spread it used. */
function referenceBandwidth(sample: readonly number[]): { h: number; used: 'sd' | 'iqr' } {
  const n = sample.length;
  const sorted = [...sample].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  // Linear interpolation between order statistics (Hyndman & Fan type 7): position (n − 1)p, 0-based.
  const quantile = (p: number) => {
    const pos = (n - 1) * p, lo = Math.floor(pos), hi = Math.ceil(pos);
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
  };
  const iqrSpread = (quantile(0.75) - quantile(0.25)) / 1.34;
  return { h: 0.9 * Math.min(sd, iqrSpread) * n ** -0.2, used: sd <= iqrSpread ? 'sd' : 'iqr' };
}

function normalSample(seed: number, n: number, mu: number, sigma: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => mu + sigma * random.normal());
}

describe("Silverman's bandwidth", () => {
  it('is 0.9 · min(sd, IQR/1.34) · n^(−1/5) for a two-point sample worked by hand', () => {
    // [0, 1]: sd = √(1/2) ≈ 0.707; quartiles at positions 0.25 and 0.75 are 0.25 and 0.75, so IQR/1.34 ≈ 0.373.
    expect(silvermanBandwidth([1, 0])).toBeCloseTo(0.9 * (0.5 / 1.34) * 2 ** -0.2, 14);
  });

  it('matches an independent computation whether the standard deviation or the IQR is the smaller spread', () => {
    const random = createRandom(11);
    const samples = {
      // a normal sample: IQR/1.34 ≈ 1.007 σ, so the standard deviation is used
      normal: normalSample(1, 999, 3, 0.7),
      // uniform: sd = 1/√12 ≈ 0.289 < IQR/1.34 ≈ 0.373
      uniform: Array.from({ length: 500 }, () => random.uniform()),
      // a few far outliers inflate the standard deviation but hardly move the quartiles
      outliers: [...normalSample(2, 400, 0, 1), -80, 75, 90, 120],
      small: [4.5, -1, 2, 2, 7.25],
    };
    const used = new Set<string>();
    for (const sample of Object.values(samples)) {
      const reference = referenceBandwidth(sample);
      used.add(reference.used);
      // Both are a handful of float sums over at most 10³ terms: agreement to 1e-12 relative.
      expect(Math.abs(silvermanBandwidth(sample) - reference.h)).toBeLessThanOrEqual(1e-12 * reference.h);
    }
    expect(used).toEqual(new Set(['sd', 'iqr']));
  });

  it('leaves the sample it is given unsorted', () => {
    const sample = [3, -1, 2, 0.5];
    silvermanBandwidth(sample);
    expect(sample).toEqual([3, -1, 2, 0.5]);
  });

  it('refuses fewer than two points', () => {
    expect(() => silvermanBandwidth([])).toThrow(RangeError);
    expect(() => silvermanBandwidth([1.5])).toThrow(/at least 2 points, got 1/);
    expect(() => kernelDensity([1.5])).toThrow(/at least 2 points/);
  });

  it('refuses a sample with no spread', () => {
    expect(() => silvermanBandwidth([2, 2, 2, 2])).toThrow(/no spread/);
  });
});

describe('kernelDensity', () => {
  it('uses a bandwidth passed explicitly for every kernel, and reports it', () => {
    const sample = normalSample(3, 300, 0, 1);
    const kde = kernelDensity(sample, 0.37);
    expect(kde.bandwidth).toBe(0.37);
    expect(kde.n).toBe(300);
    for (const c of kde.distribution.components) {
      expect(c.family).toBe('normal');
      expect(c.params[1]).toBe(0.37);
    }
    expect(kernelDensity(sample).bandwidth).toBe(silvermanBandwidth(sample));
  });

  it('moves each point by at most an eighth of a bandwidth and weights each kernel by its share of the sample', () => {
    const sample = [-3.1, -3.05, -1, 0, 0.01, 0.02, 2.5, 7];
    const h = 0.4;
    const { distribution } = kernelDensity(sample, h);
    const { components } = distribution;
    // Bins are h/4 wide and a kernel sits at each bin's centre; 1e-12 allows for rounding in lo + (b + ½)·h/4.
    for (const x of sample) {
      expect(Math.min(...components.map((c) => Math.abs(c.params[0] - x)))).toBeLessThanOrEqual(h / 8 + 1e-12);
    }
    for (const c of components) {
      const k = c.weight * sample.length;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
      expect(Math.round(k)).toBeGreaterThanOrEqual(1);
    }
    expect(components.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 14);
    // -3.1 and -3.05 share a bin (0.05 < h/4 = 0.1), as do 0, 0.01 and 0.02.
    expect(components.length).toBeLessThan(sample.length);
  });

  it('integrates to 1', () => {
    const random = createRandom(5);
    const sample = Array.from({ length: 400 }, () => (random.uniform() < 0.3 ? -2 + 0.5 * random.normal() : 1.5 + random.normal()));
    const { distribution } = kernelDensity(sample);
    const integral = integrateOver((x) => distribution.pdf(x), [distribution]);
    // The quadrature's own target is 1e-11 relative; the mixture weights are renormalised to sum to 1.
    expect(Math.abs(integral.value - 1)).toBeLessThanOrEqual(1e-9);
    expect(distribution.cdf(-1e6)).toBeLessThan(1e-15);
    expect(distribution.cdf(1e6)).toBeCloseTo(1, 14);
  });

  it('is, in expectation, the sampled normal convolved with the kernel: within 5 standard deviations of normal(μ, √(σ² + h²))', () => {
    const mu = 1.5, sigma = 2, n = 200_000;
    const sample = normalSample(2024, n, mu, sigma);
    // Silverman's rule at the population σ (a normal's IQR/1.34 ≈ 1.007σ exceeds σ). Fixing h beforehand keeps it
    // independent of the sample, so E[f̂(x)] = ∫ N(y; μ, σ) N(x − y; 0, h) dy = N(x; μ, s) exactly.
    const h = 0.9 * sigma * n ** -0.2;
    expect(Math.abs(silvermanBandwidth(sample) / h - 1)).toBeLessThan(0.01); // and the default is that rule
    const s = Math.sqrt(sigma ** 2 + h ** 2);
    const { distribution } = kernelDensity(sample, h);

    // Var f̂(x) = (E[K_h(x − Y)²] − E[K_h(x − Y)]²)/n with K_h(u)² = N(u; 0, h/√2)/(2h√π), so
    // E[K_h(x − Y)²] = N(x; μ, √(σ² + h²/2))/(2h√π) — the exact form of p(x)·R(K)/(n h), R(K) = 1/(2√π).
    const sd = (x: number) => {
      const second = normalPdf(x, mu, Math.sqrt(sigma ** 2 + h ** 2 / 2)) / (2 * h * Math.sqrt(Math.PI));
      return Math.sqrt((second - normalPdf(x, mu, s) ** 2) / n);
    };
    // Binning moves a point by δ, |δ| ≤ w/2 with w = h/4: the first-order term averages out (δ runs over each bin
    // uniformly while the density is smooth on that scale) and the second-order term adds at most E[δ²]/2 ≈ w²/24
    // times |f''| ≤ f(μ)/s² — about 3e-6 here, against a statistical sd of about 1.3e-3 at the peak.
    const w = h / 4;
    const binning = (w ** 2 / 24) * (normalPdf(mu, mu, s) / s ** 2);

    let worst = 0;
    // Out to 3.5σ, where about n·h·p(x) ≈ 12 points still fall within a bandwidth, so the error is near Gaussian.
    for (let i = 0; i <= 140; i++) {
      const x = mu - 3.5 * sigma + (i / 140) * 7 * sigma;
      const error = Math.abs(distribution.pdf(x) - normalPdf(x, mu, s));
      worst = Math.max(worst, (error - binning) / sd(x));
    }
    expect(worst).toBeLessThanOrEqual(5);
    // The check has teeth: the sup of |error|/sd over ~90 bandwidths of grid is a few sd (it would fall below 0.5
    // at every independent point only with probability ≈ 0.38^90), not a vanishing fraction of the tolerance…
    expect(worst).toBeGreaterThan(0.5);
    // …and a kernel four times as wide is caught: its expectation N(μ, √(σ² + 16h²)) lies ≈ 8.5e-3 (over 6 sd)
    // below N(μ, s) at the peak.
    const wide = kernelDensity(sample, 4 * h).distribution;
    expect(Math.abs(wide.pdf(mu) - normalPdf(mu, mu, s)) / sd(mu)).toBeGreaterThan(5);
  });

  it('refuses a non-finite point and names its index when the bandwidth is given', () => {
    expect(() => kernelDensity([0, 1, NaN, 2], 0.5)).toThrow(/sample point 2 is NaN/);
    expect(() => kernelDensity([0, Infinity, 1], 0.5)).toThrow(/sample point 1 is Infinity/);
    expect(() => kernelDensity([0, 1, 2, -Infinity], 0.5)).toThrow(RangeError);
  });

  it('refuses a non-finite point when the bandwidth is left to the default', () => {
    expect(() => kernelDensity([0, 1, NaN, 2])).toThrow(RangeError);
    expect(() => kernelDensity([0, 1, Infinity, 2])).toThrow(RangeError);
  });

  // Known bug: the default parameter `bandwidth = silvermanBandwidth(sample)` runs before the finiteness check,
  // so a NaN or ±∞ reaches the bandwidth first and the error reads "the sample has no spread" without the index.
  // Remove `.fails` when kde.ts checks the points before choosing the bandwidth.
  it('names the non-finite point also when the bandwidth is left to the default (fails: reports "no spread")', () => {
    expect(() => kernelDensity([0, 1, NaN, 2])).toThrow(/sample point 2/);
  });

  it('refuses an invalid explicit bandwidth', () => {
    for (const h of [0, -1, NaN, Infinity]) expect(() => kernelDensity([0, 1, 2], h)).toThrow(/invalid bandwidth/);
  });

  it('keeps only occupied bins, so a sample spanning 10⁹ bandwidths is one kernel per occupied bin', () => {
    // With the default bandwidth: the quartiles of the healthy points keep h ≈ 0.1 while one point has run off.
    const stray = [...normalSample(9, 999, 0, 1), 1e9];
    const kde = kernelDensity(stray);
    expect(kde.distribution.components.length).toBeLessThanOrEqual(stray.length);
    expect(kde.distribution.components.at(-1)!.weight).toBe(1 / 1000);
    expect(Math.abs(kde.distribution.components.at(-1)!.params[0] - 1e9)).toBeLessThanOrEqual(kde.bandwidth / 8);
    expect(kernelDensity([0, 0.5, 250_000], 1).distribution.components).toHaveLength(3);
  });

  it('shows complete mode collapse as a spike one bandwidth floor wide, flagged as collapsed, instead of refusing it', () => {
    const kde = kernelDensity([-0.25, -0.25, -0.25]);
    expect(kde.collapsed).toBe(true);
    expect(kde.bandwidth).toBe(1e-6);
    expect(kde.distribution.components).toHaveLength(1);
    // The one kernel sits at its bin's centre, h/8 from the points.
    expect(Math.abs(kde.distribution.pdf(-0.25 + 1e-6 / 8) * 1e-6 * Math.sqrt(2 * Math.PI) - 1)).toBeLessThan(1e-9);
    expect(kernelDensity([0, 1, 2]).collapsed).toBe(false);
    expect(kernelDensity([5e3, 5e3]).bandwidth).toBe(5e-3);
  });
});
