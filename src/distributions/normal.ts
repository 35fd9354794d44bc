import erfc from '@stdlib/math-base-special-erfc';
import { standardNormalQuantile } from '../maths/normal-quantile.ts';
import { finite, positive, type Family } from './family.ts';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** normal(mean, sd): e^{−(x−mean)²/(2 sd²)} / (sd √(2π)). */
export const normal: Family = {
  name: 'normal',
  parameters: ['mean', 'sd'],
  check: (m, s) => finite('mean', m) ?? positive('sd', s),
  logPdf(x, m, s) {
    const z = (x - m) / s;
    return -0.5 * z * z - Math.log(s) - HALF_LOG_2PI;
  },
  pdf(x, m, s) {
    const z = (x - m) / s;
    return Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI));
  },
  cdf: (x, m, s) => 0.5 * erfc((m - x) / (s * Math.SQRT2)),
  survival: (x, m, s) => 0.5 * erfc((x - m) / (s * Math.SQRT2)),
  quantile: (p, m, s) => m + s * standardNormalQuantile(p),
  sample: (random, m, s) => m + s * random.normal(),
  support: () => [[-Infinity, Infinity]],
  mean: (m) => m,
  variance: (_m, s) => s * s,
  centre: (m) => m,
  scale: (_m, s) => s,
  kinks: () => [],
  tail: 'gaussian',
};
