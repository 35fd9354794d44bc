import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDistribution as P } from '../../src/distributions/spec.ts';
import { optimalDiscriminator, optimalDiscriminatorOn, valueFunction, virtualTrainingCriterion, type Discriminator } from '../../src/numerics/discriminator.ts';
import { jsDivergence } from '../../src/numerics/divergences.ts';
import { pair } from '../arbitraries.ts';

describe('optimalDiscriminator', () => {
  it('is p/(p + q) pointwise', () => {
    const p = P('0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)'), q = P('cauchy(0, 2)');
    const d = optimalDiscriminator(p, q);
    for (const x of [-5, -2, 0, 0.7, 1.5, 8]) {
      const expected = p.pdf(x) / (p.pdf(x) + q.pdf(x));
      expect(Math.abs(d(x) - expected)).toBeLessThan(1e-15);
    }
  });

  it('is ½ everywhere when P_G = P_data', () => {
    const p = P('0.25*cauchy(0, 0.4) + 0.5*logistic(2, 0.8) + 0.25*uniform(-1, 3)');
    for (let x = -10; x <= 10; x += 0.37) expect(optimalDiscriminator(p, p)(x)).toBe(0.5);
  });

  it('stays exact where both densities underflow, through their logs', () => {
    // At x = 40, N(0,1) and N(1,1) both underflow to 0; the log-ratio is −(x − ½) = −39.5.
    const d = optimalDiscriminator(P('normal(0, 1)'), P('normal(1, 1)'));
    expect(d.logit(40)).toBeCloseTo(-39.5, 10);
    expect(Math.abs(d(40) - 1 / (1 + Math.exp(39.5))) / d(40)).toBeLessThan(1e-12);
  });

  it('is NaN where both densities are 0, and 1 or 0 where only one is', () => {
    const d = optimalDiscriminator(P('uniform(0, 1)'), P('uniform(2, 3)'));
    expect(d(1.5)).toBeNaN();
    expect(d(0.5)).toBe(1);
    expect(d(2.5)).toBe(0);
    const grid = optimalDiscriminatorOn(P('uniform(0, 1)'), P('uniform(2, 3)'), [0.5, 1.5, 2.5]);
    expect([...grid]).toEqual([1, NaN, 0]);
  });
});

describe('valueFunction and C(G)', () => {
  it('V(G, D*) = C(G) = −log 4 when P_G = P_data', () => {
    const p = P('0.5*laplace(-1, 0.5) + 0.5*normal(2, 1)');
    expect(Math.abs(virtualTrainingCriterion(p, p).value + Math.log(4))).toBeLessThan(1e-12);
  });

  it('V with the constant D = ½ is −log 4 for any pair', () => {
    const v = valueFunction(P('normal(0, 1)'), P('cauchy(3, 2)'), () => 0.5).value;
    expect(Math.abs(v + Math.log(4))).toBeLessThan(1e-12);
  });

  it('V with D(x) = sigmoid(x) on two unit normals at ±μ matches its closed form expectations', () => {
    // E_{N(μ,1)}[log σ(x)] + E_{N(−μ,1)}[log(1 − σ(x))] = 2 E_{N(μ,1)}[log σ(x)] by symmetry; checked by a
    // 200,001-point trapezoid on [−40, 40] (an independent rule, accurate to ~1e-12 for this smooth integrand).
    const mu = 1.3;
    const logSigmoid = (x: number) => -(Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
    let trap = 0;
    const n = 200_000, lo = -40, h = 80 / n;
    for (let i = 0; i <= n; i++) {
      const x = lo + i * h;
      const f = (Math.exp(-0.5 * (x - mu) ** 2) / Math.sqrt(2 * Math.PI)) * logSigmoid(x);
      trap += (i === 0 || i === n ? 0.5 : 1) * f;
    }
    const expected = 2 * trap * h;
    const d: Discriminator = Object.assign((x: number) => 1 / (1 + Math.exp(-x)), { logit: (x: number) => x });
    expect(Math.abs(valueFunction(P(`normal(${mu}, 1)`), P(`normal(${-mu}, 1)`), d).value - expected)).toBeLessThan(1e-10);
  });

  it('is −∞ with a reason when D is 0 where the data has mass', () => {
    const r = valueFunction(P('normal(0, 1)'), P('normal(1, 1)'), (x) => (x < 0 ? 0 : 0.5));
    expect(r.value).toBe(-Infinity);
    expect(r.reason).toMatch(/is 0 where p_data has mass/);
  });

  it('refuses a D that is not a probability', () => {
    expect(() => valueFunction(P('normal(0, 1)'), P('normal(1, 1)'), () => 1.2)).toThrow(RangeError);
    expect(() => valueFunction(P('normal(0, 1)'), P('normal(1, 1)'), () => NaN)).toThrow(/not a probability/);
  });

  it('no perturbed discriminator beats D*: V(G, D) ≤ C(G) over random pairs and bends', () => {
    fc.assert(
      fc.property(pair, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), ([p, q], height, shift) => {
        const dStar = optimalDiscriminator(p, q);
        const logit = (x: number) => dStar.logit(x) + shift + height * Math.exp(-x * x);
        const d: Discriminator = Object.assign((x: number) => 1 / (1 + Math.exp(-logit(x))), { logit });
        expect(valueFunction(p, q, d).value).toBeLessThanOrEqual(virtualTrainingCriterion(p, q).value + 1e-12);
      }),
      { numRuns: 50, seed: 5 },
    );
  });

  it('C(G) reaches its minimum −log 4 only at P_G = P_data: it grows as P_G slides away', () => {
    const p = P('normal(0, 1)');
    const values = [0, 0.25, 0.5, 1, 2, 4].map((m) => virtualTrainingCriterion(p, P(`normal(${m}, 1)`)).value);
    expect(Math.abs(values[0]! + Math.log(4))).toBeLessThan(1e-12);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    // Disjoint supports: JSD = log 2, so C(G) = −log 4 + 2 log 2 = 0.
    expect(Math.abs(virtualTrainingCriterion(P('uniform(0, 1)'), P('uniform(5, 6)')).value)).toBeLessThan(1e-12);
    expect(Math.abs(jsDivergence(P('uniform(0, 1)'), P('uniform(5, 6)')).value - Math.LN2)).toBeLessThan(1e-12);
  });
});
