/**
 * Arjovsky & Bottou (2017), Theorem 2.5, over random mixtures: with D* frozen, the gradient of the non-saturating
 * generator loss E_{p_g}[−log D*] equals the gradient of KL(p_g‖p_data) − 2·JSD(p_data‖p_g), for a shift and a
 * stretch of p_g. Both sides by Richardson's differences of independent quadratures.
 */
import { describe, expect, it } from 'vitest';
import { stretched } from '../../src/distributions/stretch.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { randomMixture } from '../../src/distributions/random-mixture.ts';
import { createRandom } from '../../src/maths/random.ts';
import { parameterGradients } from '../../notebooks/pages/non-saturating-loss.ts';

describe('Theorem 2.5 over random mixtures', () => {
  it('holds for a shift and a stretch of p_g, for 12 random pairs of smooth mixtures', () => {
    const random = createRandom(2017);
    for (let i = 0; i < 12; i++) {
      // p_data with full support and tails at least as heavy as p_g's, so that KL(p_g ‖ p_data) is finite.
      const pData = randomMixture(random, { families: ['normal', 'laplace', 'logistic', 'cauchy'] });
      const pG = randomMixture(random, { families: ['normal'] });
      const centre = pG.components[0]!.params[0];
      for (const [parameter, move] of [
        ['location', (delta: number) => shifted(pG, delta)],
        ['scale', (delta: number) => stretched(pG, 1 + delta, centre)],
      ] as const) {
        const g = parameterGradients(pData, move, parameter, 1e-3);
        expect(g.finite).toBe(true);
        const tolerance = 1e-6 * Math.max(1, Math.abs(g.klMinusJsd)) + (10 * g.error) / g.h;
        expect(Math.abs(g.nonSaturatingLoss - g.klMinusJsd), `${pData} | ${pG} (${parameter})`).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(g.saturatingLoss - g.twoJsd), `${pData} | ${pG} (${parameter}, saturating)`).toBeLessThanOrEqual(tolerance);
      }
    }
  });
});
