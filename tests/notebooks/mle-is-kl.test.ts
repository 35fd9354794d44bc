/**
 * The checks of the maximum-likelihood page hold at the page's defaults, fail (✗) for deliberately wrong inputs,
 * and the Monte-Carlo check fails no more often than its note says.
 */
import { describe, expect, it } from 'vitest';
import { Distribution } from '../../src/distributions/distribution.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { createRandom } from '../../src/maths/random.ts';
import { crossEntropy, entropy, klDivergence } from '../../src/numerics/divergences.ts';
import { logLikelihoodMoments } from '../../src/numerics/log-likelihood-moments.ts';
import { fitMaximumLikelihood, projection } from '../../src/numerics/mle.ts';
import { forwardKlByScoreEquations } from '../../src/numerics/score-equations.ts';
import { verdictHolds } from '../../notebooks/components/verdict.ts';
import { averageCheck, entropyCheck, gibbsCheck, minimiserCheck, productCheck } from '../../notebooks/pages/mle-is-kl.ts';

const pData = parseDistribution('0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)');
const normal = (a: number, s: number) => new Distribution([{ family: 'normal', params: [a, s], weight: 1 }]);
const best = projection(pData, 'normal', 'forward-kl');
const moments = logLikelihoodMoments(pData, best.distribution);
const logsAt = (q: Distribution, xs: Float64Array) => xs.map((x) => q.logPdf(x));

describe('the mle-is-kl checks', () => {
  it('the product check holds for the model’s own logs and fails for another model’s', () => {
    const xs = pData.sample(createRandom(1000), 200);
    const fit = fitMaximumLikelihood('normal', xs).distribution;
    expect(verdictHolds(productCheck(xs.map((x) => fit.pdf(x)), logsAt(fit, xs)))).toBe(true);
    expect(verdictHolds(productCheck(xs.map((x) => fit.pdf(x)), logsAt(normal(0, 3), xs)))).toBe(false);
  });

  it('the average check holds for a sample of p_data and fails for a sample of something else', () => {
    const xs = pData.sample(createRandom(1000), 200);
    expect(verdictHolds(averageCheck(logsAt(best.distribution, xs), moments))).toBe(true);
    const other = parseDistribution('normal(1, 1)').sample(createRandom(1000), 200);
    expect(verdictHolds(averageCheck(logsAt(best.distribution, other), moments))).toBe(false);
    expect(verdictHolds(averageCheck(logsAt(best.distribution, xs), { mean: -Infinity, sd: NaN }))).toBeUndefined();
  });

  it('the average check at the fixed θ* fails rarely at m = 10, where the old check at θ̂ fitted to the same sample failed often', () => {
    const m = 10, samples = 1000;
    let atFixed = 0, old = 0;
    for (let k = 0; k < samples; k++) {
      const xs = pData.sample(createRandom(1000 + k), m);
      if (!verdictHolds(averageCheck(logsAt(best.distribution, xs), moments))) atFixed++;
      // The check as it was: θ̂ fitted to this sample, 4 standard errors estimated from the same sample.
      const fit = fitMaximumLikelihood('normal', xs).distribution;
      const ys = logsAt(fit, xs);
      const mean = ys.reduce((a, b) => a + b, 0) / m;
      const se = Math.sqrt(ys.reduce((a, y) => a + (y - mean) ** 2, 0) / (m - 1) / m);
      if (Math.abs(mean + crossEntropy(pData, fit).value) > 4 * se) old++;
    }
    // The note states 0.2 % at m = 10 (100,000 samples); 1 % leaves room for 1,000 samples' binomial noise.
    expect(atFixed / samples).toBeLessThanOrEqual(0.01);
    // The old check failed falsely about 8 % of the time here.
    expect(old / samples).toBeGreaterThan(0.04);
  });

  it('the entropy check holds for the forward KL and fails for the reverse one', () => {
    const q = normal(0.5, 1.5);
    const h = entropy(pData).value, ce = crossEntropy(pData, q).value;
    expect(verdictHolds(entropyCheck(ce, h, klDivergence(pData, q).value))).toBe(true);
    expect(verdictHolds(entropyCheck(ce, h, klDivergence(q, pData).value))).toBe(false);
  });

  it('the Gibbs check holds for H(P, Q) − H(P) and fails when the entropy of the wrong distribution is subtracted', () => {
    const p = normal(0, 1), q = normal(0, 2);
    expect(verdictHolds(gibbsCheck(crossEntropy(p, q).value, entropy(p).value))).toBe(true);
    // H(P, Q) − H(Q) = −3/8 here: not a KL, and negative.
    expect(verdictHolds(gibbsCheck(crossEntropy(p, q).value, entropy(q).value))).toBe(false);
  });

  it('the minimiser checks hold for every family on the default data and fail for the reverse-KL fit', () => {
    for (const family of ['normal', 'laplace', 'logistic', 'cauchy'] as const) {
      const nm = projection(pData, family, 'forward-kl');
      const score = forwardKlByScoreEquations(pData, family);
      expect(verdictHolds(minimiserCheck(nm, score, 'location')), family).toBe(true);
      expect(verdictHolds(minimiserCheck(nm, score, 'scale')), family).toBe(true);
    }
    const reverse = projection(pData, 'normal', 'reverse-kl');
    const score = forwardKlByScoreEquations(pData, 'normal');
    expect(verdictHolds(minimiserCheck(reverse, score, 'location'))).toBe(false);
    expect(verdictHolds(minimiserCheck(reverse, score, 'scale'))).toBe(false);
    expect(verdictHolds(minimiserCheck(projection(parseDistribution('cauchy(0, 1)'), 'normal'), undefined, 'location'))).toBeUndefined();
  });
});
