import { describe, expect, it } from 'vitest';
import { cauchy } from '../../src/distributions/cauchy.ts';
import { Distribution } from '../../src/distributions/distribution.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { expectRelative } from '../tolerance.ts';

/**
 * 1/(π s (1 + z²)) evaluated with z scaled by 2⁻⁶⁰⁰ (exact) so nothing overflows, then scaled back by 2⁻¹²⁰⁰ in two
 * exact steps; only the last step rounds (into the subnormals, where the spacing is 2⁻¹⁰⁷⁴).
 */
function analyticDensity(x: number, a: number, s: number): number {
  const zs = ((x - a) / s) * 2 ** -600;
  return (1 / (Math.PI * s * (2 ** -1200 + zs * zs))) * 2 ** -600 * 2 ** -600;
}

// Points past |z| = 1.3e154 (where z² overflows) down to densities of ~1e-315 (subnormal) and on both sides.
const FAR = [2e154, -2e154, 1e156, 1e157, -1e157, 3e158, 1e160];

describe('the Cauchy density beyond |z| = 1.3e154, where z² overflows', () => {
  it('is the analytic value, not 0 (within 4ε relative plus 2 subnormal spacings)', () => {
    const mixture = parseDistribution('0.5*cauchy(0, 1) + 0.5*normal(0, 1)');
    for (const x of FAR) {
      const expected = analyticDensity(x, 0, 1);
      expect(expected).toBeGreaterThan(0);
      const tolerance = 4 * Number.EPSILON * expected + 2 * Number.MIN_VALUE;
      for (const actual of [cauchy.pdf(x, 0, 1), new Distribution([{ family: 'cauchy', params: [0, 1], weight: 1 }]).pdf(x), 2 * mixture.pdf(x)]) {
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
      }
    }
    expect(cauchy.pdf(1e157, 0, 1)).toBeLessThan(1e-314);
  });

  it('has logPdf = −log π − log s − 2 log|z| there (relative 1e-15), matching log(pdf) where pdf is still normal', () => {
    for (const [a, s] of [[0, 1], [3, 0.5], [-2, 40]] as const) {
      const d = new Distribution([{ family: 'cauchy', params: [a, s], weight: 1 }]);
      for (const x of FAR) {
        const z = Math.abs((x - a) / s);
        expectRelative(d.logPdf(x), -Math.log(Math.PI) - Math.log(s) - 2 * Math.log(z), 1e-15);
        const p = d.pdf(x);
        if (p > 2.2250738585072014e-308) expectRelative(Math.log(p), d.logPdf(x), 1e-15);
      }
    }
  });

  it('is continuous across its switch at |z| = 1e150 (relative 4ε on either side)', () => {
    for (const z of [0.999e150, 1e150, 1.001e150]) expectRelative(cauchy.pdf(z, 0, 1), analyticDensity(z, 0, 1), 4 * Number.EPSILON);
  });
});
