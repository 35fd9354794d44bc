import { describe, expect, it } from 'vitest';
import { standardNormalQuantile } from '../../src/maths/normal-quantile.ts';
import reference from '../fixtures/quantile-reference.json' with { type: 'json' };

describe('standardNormalQuantile (AS 241)', () => {
  it('matches the 40-digit mpmath quantiles of normal(0, 1) to relative 1e-15, from 1e-300 to 1 − 2⁻⁵³', () => {
    const rows = reference.quantiles.filter((r) => r.spec === 'normal(0, 1)');
    expect(rows.length).toBeGreaterThan(8);
    for (const r of rows) {
      const expected = Number(r.quantile);
      expect(Math.abs(standardNormalQuantile(r.p) - expected)).toBeLessThanOrEqual(1e-15 * Math.abs(expected));
    }
  });

  it('is odd about ½ exactly, 0 at ½, ∓∞ at 0 and 1, and NaN outside [0, 1]', () => {
    expect(standardNormalQuantile(0.5)).toBe(0);
    // Probabilities whose complement 1 − p is exact, so p and 1 − p name mirror-image points.
    for (const p of [2 ** -50, 2 ** -20, 3 / 256, 0.125, 0.25, 0.375, 0.4375]) expect(standardNormalQuantile(1 - p)).toBe(-standardNormalQuantile(p));
    expect(standardNormalQuantile(0)).toBe(-Infinity);
    expect(standardNormalQuantile(1)).toBe(Infinity);
    for (const p of [-0.1, 1.1, NaN]) expect(standardNormalQuantile(p)).toBeNaN();
  });
});
