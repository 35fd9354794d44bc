import { finite, positive, type Family } from './family.ts';

/** cauchy(location, scale): 1 / (π scale (1 + z²)) with z = (x − location)/scale. It has no mean or variance. */
export const cauchy: Family = {
  name: 'cauchy',
  parameters: ['location', 'scale'],
  check: (a, b) => finite('location', a) ?? positive('scale', b),
  logPdf(x, a, b) {
    const z = Math.abs((x - a) / b);
    // Beyond 1e150, z² overflows; log(1 + z²) = 2 log z to double precision there.
    const tail = z > 1e150 ? 2 * Math.log(z) : Math.log1p(z * z);
    return -tail - Math.log(Math.PI * b);
  },
  pdf(x, a, b) {
    const z = (x - a) / b;
    // Beyond 1e150, z² overflows (past 1.3e154) where the density is still ~1e-309…1e-323; 1 + z² = z² there, and
    // dividing by z twice keeps every digit that exp(logPdf) would lose to a log of size 700.
    if (Math.abs(z) > 1e150) return 1 / (Math.PI * b * z) / z;
    return 1 / (Math.PI * b * (1 + z * z));
  },
  // atan2(1, −z)/π equals 1/2 + atan(z)/π but keeps full relative precision in the left tail.
  cdf: (x, a, b) => Math.atan2(1, -(x - a) / b) / Math.PI,
  // atan2(1, z)/π = 1/2 − atan(z)/π, with full relative precision in the right tail.
  survival: (x, a, b) => Math.atan2(1, (x - a) / b) / Math.PI,
  /**
   * a + b·tan(π(p − ½)), written per region so that no step rounds away the answer: p − ½ is exact on [¼, ¾];
   * below, −cot(πp) from p itself ((b/π)/p once πp could be subnormal); above, cot(π(1 − p)) from the exact 1 − p.
   */
  quantile(p, a, b) {
    if (p < 1e-300) return a - b / Math.PI / p;
    if (p < 0.25) return a - b / Math.tan(Math.PI * p);
    if (p > 0.75) return a + b / Math.tan(Math.PI * (1 - p));
    return a + b * Math.tan(Math.PI * (p - 0.5));
  },
  sample: (random, a, b) => a + b * Math.tan(Math.PI * (random.uniform() - 0.5)),
  support: () => [[-Infinity, Infinity]],
  mean: () => undefined,
  variance: () => undefined,
  centre: (a) => a,
  scale: (_a, b) => b,
  kinks: () => [],
  tail: 'polynomial',
};
