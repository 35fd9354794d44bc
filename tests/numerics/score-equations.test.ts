import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { forwardKlByScoreEquations } from '../../src/numerics/score-equations.ts';

describe('forwardKlByScoreEquations', () => {
  it('gives the mean and standard deviation for the normal family', () => {
    const r = forwardKlByScoreEquations(parseDistribution('0.5*normal(-1, 1) + 0.5*normal(1, 1)'), 'normal')!;
    expect(r.params[0]).toBeCloseTo(0, 14);
    expect(Math.abs(r.params[1] - Math.SQRT2)).toBeLessThan(1e-14);
  });

  it('recovers a family member’s own parameters (the KL is 0 there) for the Laplace, logistic and Cauchy', () => {
    for (const [spec, family] of [['laplace(1.5, 0.7)', 'laplace'], ['logistic(1, 2)', 'logistic'], ['cauchy(-0.5, 0.3)', 'cauchy']] as const) {
      const d = parseDistribution(spec);
      const r = forwardKlByScoreEquations(d, family)!;
      expect(Math.abs(r.params[0] - d.components[0]!.params[0]), spec).toBeLessThan(1e-8);
      expect(Math.abs(r.params[1] - d.components[0]!.params[1]), spec).toBeLessThan(1e-8);
    }
  });

  it('has no answer where the KL is infinite for every member (a Cauchy tail against a lighter family)', () => {
    for (const family of ['normal', 'laplace', 'logistic'] as const) expect(forwardKlByScoreEquations(parseDistribution('cauchy(0, 1)'), family)).toBeUndefined();
  });
});
