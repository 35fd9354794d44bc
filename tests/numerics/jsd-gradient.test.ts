/**
 * The exact shift-gradient of the JSD: against closed forms for uniforms, against central differences of the JSD
 * over random mixtures, and, for normals sliding apart, against its asymptotic form √(2π)/(4σ)·e^{−d²/(8σ²)}·
 * (1 − (π²/2)(σ/d)²) — the decay Arjovsky & Bottou (2017) describe, followed here down to 1e-193.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Distribution } from '../../src/distributions/distribution.ts';
import { parseDistribution as P } from '../../src/distributions/spec.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { jsDivergence } from '../../src/numerics/divergences.ts';
import { densitySlope, jsdShiftGradient, separatedNormalsJsdSlope } from '../../src/numerics/jsd-gradient.ts';
import { pair } from '../arbitraries.ts';

describe('the JSD’s shift-gradient', () => {
  it('is log(2)/(2w) for overlapping uniforms of half-width w (the JSD is (d/2w)·log 2), and 0 once they are disjoint', () => {
    for (const [w, d] of [[1, 0.5], [1, 1.7], [0.001, 0.0015]] as const) {
      const g = jsdShiftGradient(P(`uniform(${-w}, ${w})`), P(`uniform(${d - w}, ${d + w})`)).value;
      expect(Math.abs(g - Math.LN2 / (2 * w))).toBeLessThan(1e-12 / w);
    }
    expect(jsdShiftGradient(P('uniform(-1, 1)'), P('uniform(2.5, 4.5)')).value).toBe(0);
  });

  it('is NaN with a reason where the edges touch (the JSD has a corner in the shift)', () => {
    const g = jsdShiftGradient(P('uniform(-1, 1)'), P('uniform(1, 3)'));
    expect(g.value).toBeNaN();
    expect(g.reason).toMatch(/corner/);
  });

  it('matches a central difference of the JSD itself for random mixtures (custom densities aside)', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const h = 1e-4;
        const difference = (jsDivergence(p, shifted(q, h)).value - jsDivergence(p, shifted(q, -h)).value) / (2 * h);
        const g = jsdShiftGradient(p, q);
        // An edge of q within h of an edge of p puts the JSD's corner inside the difference.
        if (Number.isNaN(g.value)) return true;
        return Math.abs(g.value - difference) <= 1e-6;
      }),
      { numRuns: 40, seed: 21 },
    );
  });

  it('for normals sliding apart follows √(2π)/(4σ)·e^{−d²/(8σ²)}·(1 − (π²/2)(σ/d)²) to O((σ/d)⁴), at σ = 1 and σ = 1e-3', () => {
    for (const sigma of [1, 1e-3]) {
      for (const r of [10, 15, 20, 30, 40, 60]) {
        const g = jsdShiftGradient(P(`normal(0, ${sigma})`), P(`normal(${r * sigma}, ${sigma})`)).value;
        const asymptotic = separatedNormalsJsdSlope(r * sigma, sigma) * (1 - (Math.PI * Math.PI) / (2 * r * r));
        // The next term is about 60/r⁴ (seen between r = 20 and 60); 100/r⁴ bounds it.
        expect(Math.abs(g / asymptotic - 1), `σ = ${sigma}, d = ${r}σ: ${g} against ${asymptotic}`).toBeLessThan(100 / r ** 4);
      }
    }
  });

  it('decays at the rate d/(4σ²) in log terms: log g falls by about (d₂² − d₁²)/(8σ²) from d₁ to d₂', () => {
    const sigma = 1e-3;
    const g = (r: number) => jsdShiftGradient(P(`normal(0, ${sigma})`), P(`normal(${r * sigma}, ${sigma})`)).value;
    for (const [r1, r2] of [[20, 30], [30, 50]] as const) {
      const drop = Math.log(g(r1)) - Math.log(g(r2));
      const leading = (r2 * r2 - r1 * r1) / 8;
      // log(r-independent prefactor) cancels; the correction 1 − π²/(2r²) changes the drop by under 0.02.
      expect(Math.abs(drop - leading)).toBeLessThan(0.02);
    }
  });

  it('the density slopes match central differences of the densities for every built-in family', () => {
    const d = P('0.2*normal(0, 1) + 0.2*laplace(1, 0.5) + 0.2*logistic(-1, 0.7) + 0.2*cauchy(0.5, 0.3) + 0.2*uniform(-3, 3)');
    const slope = densitySlope(d);
    for (const x of [-2.2, -0.4, 0.13, 0.77, 1.6, 2.9]) {
      const h = 1e-6;
      expect(Math.abs(slope(x) - (d.pdf(x + h) - d.pdf(x - h)) / (2 * h))).toBeLessThan(1e-7);
    }
    expect(() => densitySlope(new Distribution([{ family: 'density', params: [-1, 1], weight: 1, formula: 'exp(-x^2)' }]))).toThrow(/no closed form/);
  });
});
