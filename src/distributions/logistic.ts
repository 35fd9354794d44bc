import { sigmoid } from '../maths/logmath.ts';
import { finite, positive, type Family } from './family.ts';

/**
 * log(p/(1 − p)) to full relative precision: near ½, as 2·atanh(2p − 1) (2p − 1 is exact there, and the result
 * small); in the upper quarter from 1 − p (exact there), so p = 1 − 2⁻⁵³ resolves.
 */
function logit(p: number): number {
  if (p < 0.25) return Math.log(p / (1 - p));
  if (p > 0.75) return -Math.log((1 - p) / p);
  return 2 * Math.atanh(2 * p - 1);
}

/** logistic(location, scale): e^{−z} / (scale (1 + e^{−z})²) with z = (x − location)/scale. */
export const logistic: Family = {
  name: 'logistic',
  parameters: ['location', 'scale'],
  check: (a, b) => finite('location', a) ?? positive('scale', b),
  logPdf(x, a, b) {
    // Written with |z| so e^{−|z|} never overflows.
    const z = Math.abs((x - a) / b);
    return -z - 2 * Math.log1p(Math.exp(-z)) - Math.log(b);
  },
  pdf(x, a, b) {
    const e = Math.exp(-Math.abs((x - a) / b));
    return e / (b * (1 + e) * (1 + e));
  },
  cdf: (x, a, b) => sigmoid((x - a) / b),
  survival: (x, a, b) => sigmoid((a - x) / b),
  quantile: (p, a, b) => a + b * logit(p),
  sample(random, a, b) {
    const u = random.uniform();
    return a + b * Math.log(u / (1 - u));
  },
  support: () => [[-Infinity, Infinity]],
  mean: (a) => a,
  variance: (_a, b) => (Math.PI * Math.PI * b * b) / 3,
  centre: (a) => a,
  scale: (_a, b) => b,
  kinks: () => [],
  tail: 'exponential',
};
