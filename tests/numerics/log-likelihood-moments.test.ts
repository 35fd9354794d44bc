import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { logLikelihoodMoments } from '../../src/numerics/log-likelihood-moments.ts';

describe('logLikelihoodMoments', () => {
  it('gives −H(P, Q) and the closed-form spread for two normals', () => {
    // X ∼ N(0, 1), log q(X) for Q = N(0, 2): −½log(8π) − X²/8, so the sd is √2/8.
    const m = logLikelihoodMoments(parseDistribution('normal(0, 1)'), parseDistribution('normal(0, 2)'));
    expect(Math.abs(m.mean - (-0.5 * Math.log(8 * Math.PI) - 1 / 8))).toBeLessThan(1e-12);
    expect(Math.abs(m.sd - Math.SQRT2 / 8)).toBeLessThan(1e-12);
  });
});
