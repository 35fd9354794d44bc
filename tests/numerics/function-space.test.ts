import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { cellMasses, criterionGradient, criterionOnGrid, functionSpaceStep } from '../../src/numerics/function-space.ts';

const entropyOf = (m: ArrayLike<number>) => -Array.from(m).reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);

describe('the function-space criterion on a grid', () => {
  const pi = cellMasses(parseDistribution('0.5*normal(-1, 0.5) + 0.5*normal(1, 0.5)'), -4, 4, 200);
  const g = cellMasses(parseDistribution('normal(0.5, 1.5)'), -4, 4, 200);

  it('cellMasses are non-negative and sum to 1, and refuse an empty range', () => {
    expect(Math.abs(pi.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-14);
    expect(pi.every((v) => v >= 0)).toBe(true);
    expect(() => cellMasses(parseDistribution('uniform(0, 1)'), 5, 6, 10)).toThrow(/no mass on \[5, 6\]/);
    expect(() => cellMasses(parseDistribution('uniform(0, 1)'), 1, 0, 10)).toThrow(RangeError);
  });

  it('C(g) = −log 4 + 2·JSD(π‖g), with the JSD from the entropy form H(M) − ½H(π) − ½H(g)', () => {
    const m = pi.map((v, i) => 0.5 * (v + g[i]!));
    const jsd = entropyOf(m) - 0.5 * entropyOf(pi) - 0.5 * entropyOf(g);
    expect(Math.abs(criterionOnGrid(pi, g) - (-Math.log(4) + 2 * jsd))).toBeLessThan(1e-13);
    expect(Math.abs(criterionOnGrid(pi, pi) + Math.log(4))).toBeLessThan(1e-14);
  });

  it('the gradient is log(1 − D*), and a step of size 1 is the mixture (g + π)/2', () => {
    const grad = criterionGradient(pi, g);
    expect(Math.abs(grad[100]! - Math.log(g[100]! / (pi[100]! + g[100]!)))).toBe(0);
    const next = functionSpaceStep(pi, g, 1);
    for (let i = 0; i < pi.length; i++) expect(Math.abs(next[i]! - 0.5 * (pi[i]! + g[i]!))).toBeLessThan(1e-16);
    expect(() => functionSpaceStep(pi, g, NaN)).toThrow(/invalid step size/);
  });
});
