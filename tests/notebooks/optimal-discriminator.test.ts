/** The checks of the optimal-discriminator page hold at the defaults and at the endpoint cases, and fail for wrong inputs. */
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { argmaxUnimodal } from '../../src/maths/optimize.ts';
import { optimalDiscriminator, valueFunction, valueGap, virtualTrainingCriterion, withLogitOffset } from '../../src/numerics/discriminator.ts';
import { verdictHolds } from '../../notebooks/components/verdict.ts';
import { curvatureCheck, derivativeCheck, gapCheck, optimalityCheck, pointCheck, pointwiseCheck, pointwiseObjective } from '../../notebooks/pages/optimal-discriminator.ts';

describe('the optimal-discriminator checks', () => {
  it('the search finds a/(a + b), including the endpoints a = 0 and b = 0, and a search on another curve fails', () => {
    for (const [a, b] of [[0.6, 0.3], [0, 0.3], [0.6, 0], [3, 0.01]] as const) {
      expect(verdictHolds(pointwiseCheck(argmaxUnimodal(pointwiseObjective(a, b), 1e-12, 1 - 1e-12), a, b)), `${a}, ${b}`).toBe(true);
    }
    // The maximiser of a·log y + b·log(1 + y) is 1, not a/(a + b).
    expect(verdictHolds(pointwiseCheck(argmaxUnimodal((y) => 0.6 * Math.log(y) + 0.3 * Math.log1p(y), 1e-12, 1 - 1e-12), 0.6, 0.3))).toBe(false);
    expect(verdictHolds(pointwiseCheck(0.5, 0, 0))).toBeUndefined();
  });

  it('both derivative checks hold across (0, 1) and fail for a curve with a wrong sign', () => {
    for (const [a, b] of [[0.6, 0.3], [0, 2], [1.5, 0]] as const) {
      for (const y0 of [0.001, 0.3, 0.5, 0.999]) {
        const f = pointwiseObjective(a, b);
        expect(verdictHolds(derivativeCheck(f, a, b, y0)), `f′ at ${y0}`).toBe(true);
        expect(verdictHolds(curvatureCheck(f, a, b, y0)), `f″ at ${y0}`).toBe(true);
      }
    }
    const wrong = (y: number) => 0.6 * Math.log(y) + 0.3 * Math.log1p(y);
    expect(verdictHolds(derivativeCheck(wrong, 0.6, 0.3, 0.3))).toBe(false);
    expect(verdictHolds(curvatureCheck(wrong, 0.6, 0.3, 0.3))).toBe(false);
  });

  const pData = parseDistribution('0.5*normal(-1.5, 0.6) + 0.5*normal(1.5, 0.8)');
  const pG = parseDistribution('laplace(0.5, 1.2)');

  it('the point check holds for D* and fails for the D* of the swapped pair', () => {
    const x0 = 0.4;
    expect(verdictHolds(pointCheck(pData.pdf(x0), pG.pdf(x0), optimalDiscriminator(pData, pG)(x0), x0))).toBe(true);
    expect(verdictHolds(pointCheck(pData.pdf(x0), pG.pdf(x0), optimalDiscriminator(pG, pData)(x0), x0))).toBe(false);
    const u = parseDistribution('uniform(0, 1)');
    expect(verdictHolds(pointCheck(u.pdf(5), u.pdf(5), NaN, 5))).toBeUndefined();
  });

  it('the optimality and gap checks hold for a bent D* and fail when the two sides belong to different discriminators', () => {
    const dStar = optimalDiscriminator(pData, pG);
    const bent = withLogitOffset(dStar, (x) => 1.5 * Math.exp(-((x / 0.8) ** 2)));
    const other = withLogitOffset(dStar, () => 0.7);
    const c = virtualTrainingCriterion(pData, pG).value, v = valueFunction(pData, pG, bent).value;
    expect(verdictHolds(optimalityCheck(v, c))).toBe(true);
    expect(verdictHolds(gapCheck(c - v, valueGap(pData, pG, bent).value))).toBe(true);
    // "C(G)" taken at another bent D rather than at D*: V(G, D) can exceed it.
    expect(verdictHolds(optimalityCheck(v, valueFunction(pData, pG, other).value))).toBe(false);
    expect(verdictHolds(gapCheck(c - v, valueGap(pData, pG, other).value))).toBe(false);
  });
});
