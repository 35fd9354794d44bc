import { describe, expect, it } from 'vitest';
import { parseDistribution as P } from '../../src/distributions/spec.ts';
import { stretched } from '../../src/distributions/stretch.ts';

describe('stretched(d, factor, centre)', () => {
  it('is the law of centre + factor·(X − centre): widths scale, centres move, the variance scales by factor²', () => {
    const d = P('0.3*normal(1, 2) + 0.7*uniform(-1, 3)');
    const s = stretched(d, 1.5, 1);
    expect(s.toString()).toBe('0.3*normal(1, 3) + 0.7*uniform(-2, 4)');
    expect(s.variance!).toBeCloseTo(2.25 * d.variance!, 12);
    expect(s.cdf(1 + 1.5 * 0.4)).toBeCloseTo(d.cdf(1.4), 14);
  });

  it('refuses a factor that is not positive and finite, and custom densities', () => {
    expect(() => stretched(P('normal(0, 1)'), 0, 0)).toThrow(/invalid stretch factor: 0/);
    expect(() => stretched(P('normal(0, 1)'), Infinity, 0)).toThrow(RangeError);
    expect(() => stretched(P('density("exp(-x^2)", -3, 3)'), 2, 0)).toThrow(/cannot be stretched/);
  });
});
