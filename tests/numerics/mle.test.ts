import { describe, expect, it } from 'vitest';
import { parseDistribution as P } from '../../src/distributions/spec.ts';
import { klDivergence } from '../../src/numerics/divergences.ts';
import { averageLogLikelihood, fitMaximumLikelihood, projection } from '../../src/numerics/mle.ts';
import { minimize } from '../../src/maths/optimize.ts';
import { createRandom } from '../../src/maths/random.ts';

const sample = (spec: string, n: number, seed = 3) => P(spec).sample(createRandom(seed), n);

describe('fitMaximumLikelihood', () => {
  it('fits a normal by the sample mean and the 1/m standard deviation', () => {
    const xs = [1, 2, 4, 7];
    const fit = fitMaximumLikelihood('normal', xs);
    expect(fit.params[0]).toBeCloseTo(3.5, 14);
    expect(fit.params[1]).toBeCloseTo(Math.sqrt((6.25 + 2.25 + 0.25 + 12.25) / 4), 14);
    expect(fit.method).toBe('closed form');
  });

  it('fits a Laplace by the median and the mean absolute deviation from it', () => {
    const fit = fitMaximumLikelihood('laplace', [0, 1, 3, 10, 11]);
    expect(fit.params).toEqual([3, (3 + 2 + 0 + 7 + 8) / 5]);
  });

  it('fits a uniform by the sample range', () => {
    expect(fitMaximumLikelihood('uniform', [0.5, -2, 3]).params).toEqual([-2, 3]);
  });

  for (const family of ['logistic', 'cauchy'] as const) {
    it(`finds a stationary point of the ${family} likelihood that no nearby parameter beats`, () => {
      const xs = sample(`${family}(1.5, 0.7)`, 2000);
      const fit = fitMaximumLikelihood(family, xs);
      const ll = (a: number, s: number) => averageLogLikelihood(P(`${family}(${a}, ${s})`), xs);
      const [a, s] = fit.params;
      const h = 1e-4;
      // central differences of the average log-likelihood vanish at the maximum
      expect(Math.abs((ll(a + h, s) - ll(a - h, s)) / (2 * h))).toBeLessThan(1e-6);
      expect(Math.abs((ll(a, s + h) - ll(a, s - h)) / (2 * h))).toBeLessThan(1e-6);
      for (const [da, ds] of [[0.01, 0], [-0.01, 0], [0, 0.01], [0, -0.01]]) expect(ll(a + da!, s + ds!)).toBeLessThan(fit.averageLogLikelihood);
      // and it is near the truth for 2000 draws
      expect(Math.abs(a - 1.5)).toBeLessThan(0.1);
      expect(Math.abs(s - 0.7)).toBeLessThan(0.1);
    });
  }

  it('refuses samples it cannot fit', () => {
    expect(() => fitMaximumLikelihood('normal', [1])).toThrow(/at least 2/);
    expect(() => fitMaximumLikelihood('normal', [1, 1, 1])).toThrow(/no spread/);
    expect(() => fitMaximumLikelihood('normal', [1, NaN])).toThrow(/non-finite/);
    expect(() => fitMaximumLikelihood('laplace', [1, Infinity])).toThrow(/non-finite/);
  });
});

describe('maximum likelihood approaches the KL minimiser', () => {
  const pData = P('0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)');

  it('the forward-KL projection onto normals is moment matching', () => {
    const proj = projection(pData, 'normal', 'forward-kl');
    expect(proj.params[0]).toBeCloseTo(pData.mean!, 6);
    expect(proj.params[1]).toBeCloseTo(Math.sqrt(pData.variance!), 6);
  });

  it('KL(P_data‖P_θ̂) of the MLE falls toward the minimum as the sample grows', () => {
    const best = projection(pData, 'logistic', 'forward-kl').value;
    const excess = [100, 1000, 30000].map((m) => {
      // average over a few seeds so the trend is not one lucky draw
      let total = 0;
      for (let seed = 1; seed <= 5; seed++) total += klDivergence(pData, fitMaximumLikelihood('logistic', pData.sample(createRandom(seed), m)).distribution).value - best;
      return total / 5;
    });
    for (const e of excess) expect(e).toBeGreaterThanOrEqual(-1e-9);
    expect(excess[1]!).toBeLessThan(excess[0]!);
    expect(excess[2]!).toBeLessThan(excess[1]!);
    expect(excess[2]!).toBeLessThan(1e-3);
  });

  it('projecting a Cauchy onto normals by forward KL is infinite for every normal, with the reason', () => {
    const r = projection(P('cauchy(0, 1)'), 'normal', 'forward-kl');
    expect(r.value).toBe(Infinity);
    expect(r.reason).toMatch(/every normal.*Cauchy/);
  });

  it('the JSD projection of a bimodal P_data lies between covering and seeking', () => {
    const bimodal = P('0.5*normal(-3, 0.7) + 0.5*normal(3, 0.7)');
    const j = projection(bimodal, 'normal', 'jsd');
    expect(j.value).toBeGreaterThan(0);
    expect(j.value).toBeLessThan(Math.LN2);
    expect(j.params[1]).toBeLessThan(Math.sqrt(9.49));
  });

  it('the reverse-KL projection of a well-separated bimodal P_data seeks one mode', () => {
    const bimodal = P('0.5*normal(-3, 0.7) + 0.5*normal(3, 0.7)');
    const forward = projection(bimodal, 'normal', 'forward-kl');
    const reverse = projection(bimodal, 'normal', 'reverse-kl');
    expect(forward.params[1]).toBeCloseTo(Math.sqrt(9 + 0.49), 5); // covers both modes
    expect(Math.abs(Math.abs(reverse.params[0]) - 3)).toBeLessThan(0.01); // sits on one
    expect(reverse.params[1]).toBeCloseTo(0.7, 2);
    expect(reverse.value).toBeCloseTo(Math.LN2, 3); // missing half the mass costs log 2
  });
});

describe('minimize', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const r = minimize(([x, y]) => (1 - x!) ** 2 + 100 * (y! - x! * x!) ** 2, [-1.2, 1]);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.converged).toBe(true);
  });

  it('treats NaN and ∞ as infeasible', () => {
    const r = minimize(([x]) => (x! < 0 ? NaN : (x! - 2) ** 2), [5]);
    expect(r.x[0]).toBeCloseTo(2, 6);
  });

  it('rejects a bad starting point', () => {
    expect(() => minimize(() => 0, [])).toThrow(RangeError);
    expect(() => minimize(() => 0, [NaN])).toThrow(/invalid starting point/);
  });
});
