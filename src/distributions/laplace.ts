import { finite, positive, type Family } from './family.ts';

/** laplace(location, scale): e^{−|x−location|/scale} / (2 scale). */
export const laplace: Family = {
  name: 'laplace',
  parameters: ['location', 'scale'],
  check: (a, b) => finite('location', a) ?? positive('scale', b),
  logPdf: (x, a, b) => -Math.abs(x - a) / b - Math.log(2 * b),
  pdf: (x, a, b) => Math.exp(-Math.abs(x - a) / b) / (2 * b),
  cdf(x, a, b) {
    const z = (x - a) / b;
    return z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
  },
  survival(x, a, b) {
    const z = (x - a) / b;
    return z > 0 ? 0.5 * Math.exp(-z) : 1 - 0.5 * Math.exp(z);
  },
  // 2p and 2(1 − p) are exact (1 − p is, for p ≥ ½), so each side keeps full relative precision; p = ½ gives a.
  quantile: (p, a, b) => (p < 0.5 ? a + b * Math.log(2 * p) : a - b * Math.log(2 * (1 - p))),
  sample(random, a, b) {
    const u = random.uniform() - 0.5;
    return a - b * Math.sign(u) * Math.log1p(-2 * Math.abs(u));
  },
  support: () => [[-Infinity, Infinity]],
  mean: (a) => a,
  variance: (_a, b) => 2 * b * b,
  centre: (a) => a,
  scale: (_a, b) => b,
  kinks: (a) => [a],
  tail: 'exponential',
};
