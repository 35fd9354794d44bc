import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { totalVariation } from '../../src/numerics/total-variation.ts';

describe('totalVariation', () => {
  it('equals the closed forms: erf(1/(2√2)) for unit normals one apart, ½ and 1 for overlapping and disjoint uniforms', () => {
    // erf(1/(2√2)) = 2Φ(½) − 1, from mpmath: 0.38292492254802620727…
    expect(Math.abs(totalVariation(parseDistribution('normal(0, 1)'), parseDistribution('normal(1, 1)')).value - 0.3829249225480262)).toBeLessThan(1e-13);
    expect(Math.abs(totalVariation(parseDistribution('uniform(0, 2)'), parseDistribution('uniform(1, 3)')).value - 0.5)).toBeLessThan(1e-13);
    expect(Math.abs(totalVariation(parseDistribution('uniform(0, 1)'), parseDistribution('uniform(2, 3)')).value - 1)).toBeLessThan(1e-13);
  });
});
