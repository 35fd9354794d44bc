/**
 * The checks of the C(G) = −log 4 + 2·JSD page hold at the page's defaults and fail (✗) when one side is
 * deliberately wrong, so none of them holds by construction.
 */
import { describe, expect, it } from 'vitest';
import { mixtureOf } from '../../src/distributions/distribution.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { optimalDiscriminator, valueFunction, virtualTrainingCriterion } from '../../src/numerics/discriminator.ts';
import { jsDivergence, klDivergence } from '../../src/numerics/divergences.ts';
import { plotRange } from '../../src/numerics/panel.ts';
import { totalVariation } from '../../src/numerics/total-variation.ts';
import { verdictHolds } from '../../notebooks/components/verdict.ts';
import {
  expectationCheck,
  jsdCheck,
  monteCarloCriterion,
  jsdFromEntropies,
  klMixtureCheck,
  lowerBoundCheck,
  minimumCheck,
  rangeCheck,
  slideCurve,
  uniqueMinimumCheck,
} from '../../notebooks/pages/value-is-jsd.ts';

const pData = parseDistribution('0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)');
const pG = parseDistribution('normal(0, 2)');
const c = virtualTrainingCriterion(pData, pG).value;
const half = 0.5;
const mixture = (w: number) => mixtureOf([{ weight: w, distribution: pData }, { weight: 1 - w, distribution: pG }]);
const [lo, hi] = plotRange(pData);
const span = 1.5 * (hi - lo);

describe('the value-is-jsd checks', () => {
  it('the Monte-Carlo check holds for D* and fails for a discriminator with its log-odds shifted by 0.5', () => {
    const logit = optimalDiscriminator(pData, pG).logit;
    expect(verdictHolds(expectationCheck(c, monteCarloCriterion(pData, pG, logit)))).toBe(true);
    expect(verdictHolds(expectationCheck(c, monteCarloCriterion(pData, pG, (x) => logit(x) + 0.5)))).toBe(false);
  });

  it('the KL-to-M check holds for the two KLs against M and fails for KLs against a lopsided mixture', () => {
    const kls = (w: number) => klDivergence(pData, mixture(w)).value + klDivergence(pG, mixture(w)).value;
    expect(verdictHolds(klMixtureCheck(c, kls(half)))).toBe(true);
    expect(verdictHolds(klMixtureCheck(c, kls(0.3)))).toBe(false);
  });

  it('the JSD check uses the entropy form, which agrees with the KL form, and fails for a wrong mixture entropy', () => {
    const byEntropies = jsdFromEntropies(pData, pG);
    expect(Math.abs(byEntropies - jsDivergence(pData, pG).value)).toBeLessThan(1e-12);
    expect(verdictHolds(jsdCheck(c, byEntropies))).toBe(true);
    // A JSD off by 0.01 nats must show as a failure.
    const wrong = jsdFromEntropies(pData, pG) + 0.01;
    expect(verdictHolds(jsdCheck(c, wrong))).toBe(false);
    // C(G) from a discriminator that is not D* fails too.
    expect(verdictHolds(jsdCheck(valueFunction(pData, pG, () => 0.5).value, byEntropies))).toBe(false);
  });

  it('the range checks hold at the slider’s default position and fail for a D stuck at ½ or a halved TV', () => {
    const q = shifted(pData, 0.25 * span);
    const cq = virtualTrainingCriterion(pData, q).value;
    const tv = totalVariation(pData, q).value;
    expect(verdictHolds(lowerBoundCheck(cq, tv))).toBe(true);
    expect(verdictHolds(rangeCheck(cq, tv))).toBe(true);
    // V(G, ½) = −log 4 for every G: below −log 4 + TV² whenever p_g ≠ p_data.
    expect(verdictHolds(lowerBoundCheck(valueFunction(pData, q, () => 0.5).value, tv))).toBe(false);
    expect(verdictHolds(rangeCheck(cq, tv / 2))).toBe(false);
    // Both bounds are attained at the ends: TV = 0 at p_g = p_data, and TV = 1 for disjoint uniforms.
    expect(verdictHolds(lowerBoundCheck(virtualTrainingCriterion(pData, pData).value, 0))).toBe(true);
    const u = parseDistribution('uniform(0, 1)'), v = parseDistribution('uniform(2, 3)');
    const cuv = virtualTrainingCriterion(u, v).value;
    expect(Math.abs(cuv)).toBeLessThan(1e-12);
    expect(verdictHolds(rangeCheck(cuv, totalVariation(u, v).value))).toBe(true);
  });

  it('the minimum checks hold along the slide and fail for criteria that are not V(G, D*)', () => {
    const curve = slideCurve(pData, span);
    expect(verdictHolds(minimumCheck(curve))).toBe(true);
    expect(verdictHolds(uniqueMinimumCheck(curve))).toBe(true);
    // D ≡ ½ gives V = −log 4 at every position: the minimum is no longer unique.
    const flat = slideCurve(pData, span, (p, q) => valueFunction(p, q, () => 0.5).value);
    expect(verdictHolds(minimumCheck(flat))).toBe(true);
    expect(verdictHolds(uniqueMinimumCheck(flat))).toBe(false);
    // D ≡ 0.3 gives V = log 0.3 + log 0.7 < −log 4: the curve dips below the minimum.
    const low = slideCurve(pData, span, (p, q) => valueFunction(p, q, () => 0.3).value);
    expect(verdictHolds(minimumCheck(low))).toBe(false);
  });
});
