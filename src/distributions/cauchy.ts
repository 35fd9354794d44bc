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
    return 1 / (Math.PI * b * (1 + z * z));
  },
  // atan2(1, −z)/π equals 1/2 + atan(z)/π but keeps full relative precision in the left tail.
  cdf: (x, a, b) => Math.atan2(1, -(x - a) / b) / Math.PI,
  sample: (random, a, b) => a + b * Math.tan(Math.PI * (random.uniform() - 0.5)),
  support: () => [[-Infinity, Infinity]],
  mean: () => undefined,
  variance: () => undefined,
  centre: (a) => a,
  scale: (_a, b) => b,
  kinks: () => [],
  tail: 'polynomial',
};
