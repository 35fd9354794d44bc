/**
 * Kernel density estimates of a sample, as Distributions, so the numerics core can integrate them like any other.
 *
 * Bandwidth: Silverman's rule of thumb, h = 0.9 · min(σ̂, IQR/1.34) · n^(−1/5) (Silverman 1986, eq. 3.31), robust
 * to a second mode and to outliers. The estimate is binned (Silverman 1982; Wand 1994): the sample is counted into
 * bins of width h/4 and each non-empty bin becomes one Gaussian kernel at its centre weighted by its count. Moving
 * a point by at most h/8 adds about (h/8)²/2 to the kernel's variance — under 1 % of h², far below the estimator's
 * own error — and keeps the mixture small enough (a few hundred components) to integrate in milliseconds. Only
 * occupied bins are kept, so a sample that spans many bandwidths (a spike with stragglers) costs one kernel per
 * occupied bin, never one per empty one.
 *
 * A sample with no spread at all (complete mode collapse: every draw the same float) has no rule-of-thumb
 * bandwidth; it gets a floor, 1e-6·max(1, |x|) (a few float32 steps at x), and is reported as `collapsed`, so a
 * page can show the spike for what it is rather than stop.
 */
import { Distribution } from '../distributions/distribution.ts';

export interface KernelDensity {
  readonly distribution: Distribution;
  readonly bandwidth: number;
  /** Points in the sample. */
  readonly n: number;
  /** True when the sample had no spread and the bandwidth is the floor (see above). */
  readonly collapsed: boolean;
}

/** Silverman's rule-of-thumb bandwidth for a sample (sorted internally; the input is not changed). */
export function silvermanBandwidth(sample: ArrayLike<number>): number {
  const n = sample.length;
  if (n < 2) throw new RangeError(`a bandwidth needs at least 2 points, got ${n}`);
  const sorted = Float64Array.from(sample).sort();
  let mean = 0;
  for (const x of sorted) mean += x / n;
  let ss = 0;
  for (const x of sorted) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const q = (p: number) => {
    const h = (n - 1) * p, i = Math.floor(h);
    return sorted[i]! + (h - i) * (sorted[Math.min(i + 1, n - 1)]! - sorted[i]!);
  };
  // A sample with most points tied has IQR 0; the sd alone then sets the spread.
  const spread = Math.min(sd, (q(0.75) - q(0.25)) / 1.34) || sd;
  const h = 0.9 * spread * n ** -0.2;
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError('the sample has no spread, so no bandwidth can be chosen');
  return h;
}

/**
 * A Gaussian kernel density estimate of the sample.
 *
 * @example
 * kernelDensity([0.3, 0.3, 0.3]).collapsed; // true: one kernel of width 1e-6 at 0.3
 * @throws {RangeError} for fewer than 2 points, non-finite values, or an invalid explicit bandwidth.
 */
export function kernelDensity(sample: ArrayLike<number>, bandwidthOrRule?: number): KernelDensity {
  const n = sample.length;
  if (n < 2) throw new RangeError(`a density estimate needs at least 2 points, got ${n}`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(sample[i]!)) throw new RangeError(`sample point ${i} is ${sample[i]}, not a finite number`);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, sample[i]!);
    hi = Math.max(hi, sample[i]!);
  }
  const collapsed = bandwidthOrRule === undefined && hi === lo;
  const bandwidth = bandwidthOrRule ?? (collapsed ? 1e-6 * Math.max(1, Math.abs(lo)) : silvermanBandwidth(sample));
  if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) throw new RangeError(`invalid bandwidth: ${bandwidth}`);
  const width = bandwidth / 4;
  // Occupied bins only, in order of their index.
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const b = Math.floor((sample[i]! - lo) / width);
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const components = [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, c]) => ({ family: 'normal' as const, params: [lo + (b + 0.5) * width, bandwidth] as const, weight: c / n }));
  return { distribution: new Distribution(components), bandwidth, n, collapsed };
}
