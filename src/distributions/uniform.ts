import { coded } from './coded.ts';
import { finite, type Family } from './family.ts';

/** uniform(low, high): 1/(high − low) on [low, high], 0 elsewhere. */
export const uniform: Family = {
  name: 'uniform',
  parameters: ['low', 'high'],
  check(lo, hi) {
    const bad = finite('low', lo) ?? finite('high', hi);
    if (bad) return bad;
    if (!(hi > lo)) return coded('uniform.order', { low: lo, high: hi }, `high must be greater than low, got low = ${lo}, high = ${hi}`);
    const width = hi - lo;
    return Number.isFinite(width) && Number.isFinite(1 / width) ? undefined : coded('uniform.width', { width }, `the width high − low = ${width} is out of range`);
  },
  logPdf: (x, lo, hi) => (x >= lo && x <= hi ? -Math.log(hi - lo) : -Infinity),
  pdf: (x, lo, hi) => (x >= lo && x <= hi ? 1 / (hi - lo) : 0),
  cdf: (x, lo, hi) => (x <= lo ? 0 : x >= hi ? 1 : (x - lo) / (hi - lo)),
  survival: (x, lo, hi) => (x <= lo ? 1 : x >= hi ? 0 : (hi - x) / (hi - lo)),
  // Measured from the nearer end, so quantile(1e-300) of uniform(0, 1) is 1e-300 and the ends are exact.
  quantile: (p, lo, hi) => (p <= 0.5 ? lo + (hi - lo) * p : hi - (hi - lo) * (1 - p)),
  sample: (random, lo, hi) => lo + (hi - lo) * random.uniform(),
  support: (lo, hi) => [[lo, hi]],
  mean: (lo, hi) => 0.5 * (lo + hi),
  variance: (lo, hi) => ((hi - lo) * (hi - lo)) / 12,
  centre: (lo, hi) => 0.5 * (lo + hi),
  scale: (lo, hi) => 0.5 * (hi - lo),
  kinks: (lo, hi) => [lo, hi],
  tail: 'bounded',
};
