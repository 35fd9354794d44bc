import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import reference from '../fixtures/reference.json' with { type: 'json' };
import { mixtureOf } from '../../src/distributions/distribution.ts';
import { parseDistribution as P } from '../../src/distributions/spec.ts';
import { crossEntropy, entropy, jsDivergence, klDivergence, klIntegrand } from '../../src/numerics/divergences.ts';
import { virtualTrainingCriterion } from '../../src/numerics/discriminator.ts';
import { monteCarloJsd, monteCarloKl } from '../../src/numerics/montecarlo.ts';
import { createRandom } from '../../src/maths/random.ts';
import { pair } from '../arbitraries.ts';

/** The accuracy target: absolute error ≤ 1e-10 and relative error ≤ 1e-9 (the looser of the two). */
function expectAccurate(actual: number, expected: number): void {
  const tolerance = Math.max(1e-10, 1e-9 * Math.abs(expected));
  const error = Math.abs(actual - expected);
  if (!(error <= tolerance)) throw new Error(`got ${actual}, expected ${expected}: error ${error} > ${tolerance}`);
}

describe('KL divergence against closed forms', () => {
  const cases: [string, string, number][] = [
    // KL(N(m1,s1)‖N(m2,s2)) = log(s2/s1) + (s1² + (m1−m2)²)/(2 s2²) − 1/2
    ['normal(0, 1)', 'normal(1, 2)', Math.log(2) + 2 / 8 - 0.5],
    ['normal(-3, 0.3)', 'normal(2, 1.7)', Math.log(1.7 / 0.3) + (0.09 + 25) / (2 * 2.89) - 0.5],
    // KL(L(a1,b1)‖L(a2,b2)) = log(b2/b1) + |a1−a2|/b2 + (b1/b2) e^{−|a1−a2|/b1} − 1
    ['laplace(0, 1)', 'laplace(2, 0.5)', Math.log(0.5) + 2 / 0.5 + 2 * Math.exp(-2) - 1],
    ['laplace(1, 0.3)', 'laplace(1, 3)', Math.log(10) + 0.1 - 1],
    // KL(C(a1,g1)‖C(a2,g2)) = log(((g1+g2)² + (a1−a2)²) / (4 g1 g2))   (Chyzak & Nielsen 2019)
    ['cauchy(0, 1)', 'cauchy(2, 0.5)', Math.log((2.25 + 4) / 2)],
    ['cauchy(-1, 0.2)', 'cauchy(3, 4)', Math.log((4.2 ** 2 + 16) / 3.2)],
    // scales 1e4 apart, or far apart: a narrow density must not fall between quadrature nodes
    ['normal(3, 0.01)', 'normal(0, 100)', Math.log(1e4) + (1e-4 + 9) / 2e4 - 0.5],
    ['normal(0, 100)', 'normal(3, 0.01)', Math.log(1e-4) + (1e4 + 9) / 2e-4 - 0.5],
    ['normal(0, 0.0001)', 'normal(10000, 1)', Math.log(1e4) + (1e-8 + 1e8) / 2 - 0.5],
    ['normal(0.5, 0.001)', 'normal(0, 1)', Math.log(1e3) + (1e-6 + 0.25) / 2 - 0.5],
    // nested uniforms: log of the width ratio
    ['uniform(0, 1)', 'uniform(-1, 2)', Math.log(3)],
  ];
  for (const [p, q, expected] of cases) {
    it(`KL(${p} ‖ ${q}) matches its closed form`, () => expectAccurate(klDivergence(P(p), P(q)).value, expected));
  }

  it('is exactly 0 for identical distributions, including mixtures with uniform edges', () => {
    for (const s of ['normal(0, 1)', '0.3*uniform(-1, 1) + 0.7*cauchy(2, 0.4)', '0.5*laplace(0, 1) + 0.5*logistic(3, 0.2)']) {
      expect(klDivergence(P(s), P(s)).value).toBeLessThan(1e-14);
    }
  });

  it('keeps relative precision when the divergence is tiny', () => {
    // Two normals 1e-4 sd apart: KL = (Δ/s)²/2 = 5e-9, far below the absolute tolerance.
    const kl = klDivergence(P('normal(0, 1)'), P('normal(0.0001, 1)')).value;
    expect(Math.abs(kl - 5e-9) / 5e-9).toBeLessThan(1e-6);
  });
});

describe('entropy and cross-entropy against closed forms', () => {
  const cases: [string, number][] = [
    ['normal(1, 3)', 0.5 * Math.log(2 * Math.PI * Math.E * 9)],
    ['laplace(0, 2)', 1 + Math.log(4)],
    ['logistic(0, 0.5)', Math.log(0.5) + 2],
    ['cauchy(0, 2)', Math.log(8 * Math.PI)],
    ['uniform(-1, 3)', Math.log(4)],
    ['normal(0, 0.001)', 0.5 * Math.log(2 * Math.PI * Math.E * 1e-6)],
  ];
  for (const [s, expected] of cases) it(`H(${s}) matches its closed form`, () => expectAccurate(entropy(P(s)).value, expected));

  it('H(N(0,1), N(m, s)) = ½ log(2π s²) + (1 + m²)/(2 s²)', () => {
    expectAccurate(crossEntropy(P('normal(0, 1)'), P('normal(2, 1.5)')).value, 0.5 * Math.log(2 * Math.PI * 2.25) + 5 / 4.5);
  });
});

describe('KL is infinite exactly when it is, with a reason', () => {
  const infinite: [string, string, RegExp][] = [
    ['uniform(0, 2)', 'uniform(0, 1)', /mass on \[1, 2\]/],
    ['uniform(0, 2)', '0.5*uniform(0, 1) + 0.5*uniform(1.5, 2)', /mass on \[1, 1.5\]/],
    ['normal(0, 1)', 'uniform(-5, 5)', /zero density/],
    ['cauchy(0, 1)', 'normal(0, 10)', /Cauchy/],
    ['0.99*normal(0, 1) + 0.01*cauchy(0, 1)', '0.5*laplace(0, 1) + 0.5*logistic(0, 3)', /Cauchy.*exponential/],
  ];
  for (const [p, q, why] of infinite) {
    it(`KL(${p} ‖ ${q}) = ∞`, () => {
      const r = klDivergence(P(p), P(q));
      expect(r.value).toBe(Infinity);
      expect(r.reason).toMatch(why);
      expect(crossEntropy(P(p), P(q)).value).toBe(Infinity);
    });
  }
  const finite: [string, string][] = [
    ['uniform(0, 1)', '0.5*uniform(0, 0.5) + 0.5*uniform(0.5, 1)'],
    ['normal(0, 1)', 'cauchy(0, 1)'],
    ['cauchy(0, 1)', '0.01*cauchy(5, 3) + 0.99*normal(0, 1)'],
    ['laplace(0, 1)', 'normal(0, 0.1)'],
  ];
  for (const [p, q] of finite) {
    it(`KL(${p} ‖ ${q}) is finite`, () => {
      const r = klDivergence(P(p), P(q));
      expect(Number.isFinite(r.value)).toBe(true);
      expect(r.reason).toBeUndefined();
    });
  }
});

describe('JSD', () => {
  it('is log 2 for disjoint supports, in nats and 1 in bits', () => {
    const p = P('uniform(0, 1)'), q = P('0.5*uniform(2, 3) + 0.5*uniform(-3, -1)');
    expectAccurate(jsDivergence(p, q).value, Math.LN2);
    expectAccurate(jsDivergence(p, q, { bits: true }).value, 1);
  });

  it('is 0 for P = Q', () => expect(jsDivergence(P('0.4*cauchy(0, 1) + 0.6*uniform(1, 2)'), P('0.4*cauchy(0, 1) + 0.6*uniform(1, 2)')).value).toBeLessThan(1e-15));

  it('equals ½ KL(P‖M) + ½ KL(Q‖M) with the midpoint built as a mixture, over random pairs', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const m = mixtureOf([{ weight: 0.5, distribution: p }, { weight: 0.5, distribution: q }]);
        expectAccurate(jsDivergence(p, q).value, 0.5 * (klDivergence(p, m).value + klDivergence(q, m).value));
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});

describe('identities over random mixtures (property tests)', () => {
  it('KL ≥ 0 and KL(P‖Q) = H(P, Q) − H(P)', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const kl = klDivergence(p, q).value;
        const viaEntropies = crossEntropy(p, q).value - entropy(p).value;
        expect(kl).toBeGreaterThanOrEqual(0);
        if (kl === Infinity) expect(viaEntropies).toBe(Infinity);
        else expectAccurate(kl, viaEntropies);
      }),
      { numRuns: 60, seed: 1 },
    );
  });

  it('JSD is symmetric and lies in [0, log 2]', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const a = jsDivergence(p, q).value, b = jsDivergence(q, p).value;
        expectAccurate(a, b);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(Math.LN2 + 1e-12);
      }),
      { numRuns: 60, seed: 2 },
    );
  });

  it('C(G) = −log 4 + 2·JSD, with C(G) integrated as V(G, D*)', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => expectAccurate(virtualTrainingCriterion(p, q).value, -Math.log(4) + 2 * jsDivergence(p, q).value)),
      { numRuns: 60, seed: 3 },
    );
  });
});

describe('agreement with independent high-precision values (mpmath, 40 digits: tests/fixtures/make_reference.py)', () => {
  for (const e of reference.pairs) {
    it(`${e.pdata}  vs  ${e.pg}`, () => {
      const p = P(e.pdata), q = P(e.pg);
      const ours: Record<string, number> = {
        kl_data_g: klDivergence(p, q).value,
        kl_g_data: klDivergence(q, p).value,
        jsd: jsDivergence(p, q).value,
        c_of_g: virtualTrainingCriterion(p, q).value,
        entropy_data: entropy(p).value,
        entropy_g: entropy(q).value,
      };
      for (const [key, value] of Object.entries(ours)) {
        const expected = (e as Record<string, string>)[key]!;
        if (expected === 'Infinity') expect(value, key).toBe(Infinity);
        else expectAccurate(value, Number(expected));
      }
    });
  }
});

describe('agreement with Monte-Carlo estimates', () => {
  const pairs: [string, string][] = [
    ['0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)', 'normal(0, 2)'],
    ['0.25*cauchy(0, 0.4) + 0.5*logistic(2, 0.8) + 0.25*uniform(-1, 3)', '0.5*cauchy(1, 1) + 0.5*normal(0, 3)'],
    ['0.5*uniform(-1, 1) + 0.5*normal(2, 0.3)', '0.6*logistic(0, 1) + 0.4*laplace(2, 0.5)'],
  ];
  for (const [p, q] of pairs) {
    it(`KL and JSD of ${p} vs ${q} lie within 4 standard errors of 200,000-draw estimates`, () => {
      const a = P(p), b = P(q), random = createRandom(11);
      const kl = monteCarloKl(a, b, 200_000, random), jsd = monteCarloJsd(a, b, 200_000, random);
      expect(Math.abs(klDivergence(a, b).value - kl.value)).toBeLessThan(4 * kl.standardError);
      expect(Math.abs(jsDivergence(a, b).value - jsd.value)).toBeLessThan(4 * jsd.standardError);
    });
  }
});

describe('klIntegrand', () => {
  it('equals p log(p/q) − p + q (to rounding of p + q) and is never negative', () => {
    for (const [lp, lq] of [[-1, -1.05], [-2, -0.5], [0.3, -4], [-30, -1], [-1e-3, 0], [2, 2.2]] as const) {
      const p = Math.exp(lp), q = Math.exp(lq);
      const direct = p * Math.log(p / q) - p + q;
      expect(Math.abs(klIntegrand(lp, lq) - direct)).toBeLessThanOrEqual(1e-14 * (p + q));
      expect(klIntegrand(lp, lq)).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps full relative precision near p = q, where the direct formula cancels', () => {
    // With L = log p − log q, the integrand is q·((L − 1)e^L + 1) = q·Σₙ≥₂ Lⁿ(n − 1)/n!.
    for (const L of [1e-3, -1e-5, 3e-8]) {
      // log q = 0, so L reaches the integrand without rounding.
      let expected = 0, factorial = 1;
      for (let n = 2; n <= 12; n++) expected += (L ** n * (n - 1)) / (factorial *= n);
      expect(Math.abs(klIntegrand(L, 0) - expected) / expected).toBeLessThan(1e-12);
    }
  });

  it('uses q where p is 0 and 0 where both are', () => {
    expect(klIntegrand(-Infinity, Math.log(0.25))).toBe(0.25);
    expect(klIntegrand(-Infinity, -Infinity)).toBe(0);
  });
});
