/**
 * W₁ by the CDF integral and by the quantile integral, against closed forms (equal-width normals, two uniforms, a
 * point-mass limit, a stretch), against each other over random mixtures of every family, and its gradient against
 * closed forms and central differences of W₁ itself.
 */
import fc from 'fast-check';
import erfc from '@stdlib/math-base-special-erfc';
import { describe, expect, it } from 'vitest';
import { parseDistribution as P } from '../../src/distributions/spec.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { cdfCrossings, upperQuantile, wasserstein1, wasserstein1ByQuantiles, wasserstein1Gradient } from '../../src/numerics/wasserstein.ts';
import { pair } from '../arbitraries.ts';

/** Absolute error ≤ 1e-10 or relative ≤ 1e-9, the project's target. */
function expectAccurate(actual: number, expected: number): void {
  const tolerance = Math.max(1e-10, 1e-9 * Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`got ${actual}, expected ${expected}: error ${actual - expected} > ${tolerance}`);
}

const bothWays = (p: string, q: string) => [wasserstein1(P(p), P(q)).value, wasserstein1ByQuantiles(P(p), P(q)).value];

/** W₁ of uniform(a, b) and uniform(c, d): ∫₀¹ |α + βu| du for the linear quantile difference α + βu. */
function uniformsW1(a: number, b: number, c: number, d: number): number {
  const alpha = c - a, beta = d - c - (b - a), end = alpha + beta;
  if (alpha * end >= 0) return Math.abs(alpha + beta / 2);
  return (alpha * alpha + end * end) / (2 * Math.abs(beta));
}

/** E|X − c| for X ~ normal(μ, σ): σ√(2/π)·e^{−t²/2} + (μ − c)(1 − 2Φ(−t)) with t = (μ − c)/σ. */
function normalAbsoluteMoment(mu: number, sigma: number, c: number): number {
  const t = (mu - c) / sigma;
  return sigma * Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * t * t) + (mu - c) * (1 - erfc(t / Math.SQRT2));
}

describe('W₁ against closed forms', () => {
  const normals: [string, string, number][] = [
    ['normal(0, 1)', 'normal(3, 1)', 3],
    ['normal(-2, 0.3)', 'normal(-2.5, 0.3)', 0.5],
    ['normal(0, 0.001)', 'normal(0.02, 0.001)', 0.02],
    ['normal(100, 7)', 'normal(-40, 7)', 140],
  ];
  for (const [p, q, expected] of normals) {
    it(`normals of equal width ${p} and ${q} are |μ₁ − μ₂| = ${expected} apart both ways`, () => {
      for (const w of bothWays(p, q)) expectAccurate(w, expected);
    });
  }

  const uniforms: [number, number, number, number][] = [
    [0, 1, 0.5, 2],
    [0, 1, 3, 4],
    [-1, 1, -0.2, 0.3],
    [0, 4, 1, 2],
  ];
  for (const [a, b, c, d] of uniforms) {
    it(`uniform(${a}, ${b}) and uniform(${c}, ${d}) agree with the linear quantile difference both ways`, () => {
      for (const w of bothWays(`uniform(${a}, ${b})`, `uniform(${c}, ${d})`)) expectAccurate(w, uniformsW1(a, b, c, d));
    });
  }

  it('normals with equal means are |σ₁ − σ₂|·√(2/π) apart (quantiles differ by (σ₂ − σ₁)z)', () => {
    for (const w of bothWays('normal(1, 0.5)', 'normal(1, 2)')) expectAccurate(w, 1.5 * Math.sqrt(2 / Math.PI));
  });

  it('against a point mass (a uniform of width 2e-9) W₁ is E|X − c|, to within the width', () => {
    for (const [mu, sigma, c] of [[0, 1, 0], [0.5, 2, -1], [3, 0.2, 0]] as const) {
      const point = `uniform(${c - 1e-9}, ${c + 1e-9})`;
      const expected = normalAbsoluteMoment(mu, sigma, c);
      for (const w of bothWays(`normal(${mu}, ${sigma})`, point)) expect(Math.abs(w - expected)).toBeLessThan(1e-9);
    }
    // E|X − a| = b for laplace(a, b).
    for (const w of bothWays('laplace(2, 0.7)', 'uniform(1.999999999, 2.000000001)')) expect(Math.abs(w - 0.7)).toBeLessThan(1e-9);
  });

  it('is +∞ with a reason when only one side has a Cauchy component, or the Cauchy tails differ', () => {
    for (const [p, q] of [['cauchy(0, 1)', 'normal(0, 1)'], ['normal(0, 1)', '0.1*cauchy(0, 1) + 0.9*normal(0, 1)'], ['cauchy(0, 1)', 'cauchy(0, 2)']]) {
      const a = wasserstein1(P(p!), P(q!)), b = wasserstein1ByQuantiles(P(p!), P(q!));
      expect(a.value).toBe(Infinity);
      expect(b.value).toBe(Infinity);
      expect(a.reason).toMatch(/Cauchy/);
    }
  });

  it('is finite for Cauchy tails that match: cauchy(0, 1) and cauchy(3, 1) are 3 apart', () => {
    for (const w of bothWays('cauchy(0, 1)', 'cauchy(3, 1)')) expectAccurate(w, 3);
    // 0.5·cauchy(0, 2) has the same tail coefficient (0.5·2 = 1) as cauchy(5, 1): finite both ways, and equal.
    const [a, b] = bothWays('0.5*cauchy(0, 2) + 0.5*normal(0, 1)', 'cauchy(5, 1)');
    expect(Number.isFinite(a!)).toBe(true);
    expectAccurate(a!, b!);
  });

  it('the upper quantile resolves levels below 2⁻⁵³, where 1 − v rounds to 1', () => {
    // normal(0, 1): F⁻¹(1 − 1e-20) = −Φ⁻¹(1e-20) = 9.262340089798408
    expect(upperQuantile(P('normal(0, 1)'), 1e-20)).toBeCloseTo(9.262340089798408, 12);
    // The same by bisection on the survival function of a two-component mixture of the same normal.
    expect(upperQuantile(P('0.5*normal(0, 1) + 0.5*normal(0, 1)'), 1e-20)).toBeCloseTo(9.262340089798408, 12);
    expect(upperQuantile(P('uniform(2, 5)'), 1e-30)).toBe(5 - 3e-30);
  });
});

describe('W₁ both ways over random mixtures', () => {
  it('the CDF integral and the quantile integral agree to 1e-9 (or are both +∞) for mixtures of every family', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const a = wasserstein1(p, q).value, b = wasserstein1ByQuantiles(p, q).value;
        if (a === Infinity || b === Infinity) return a === b;
        return Math.abs(a - b) <= 1e-9 * Math.max(1, a);
      }),
      { numRuns: 30, seed: 11 },
    );
  });

  it('includes a custom density: the two routes agree for density(…) against a Laplace', () => {
    const p = P('density("exp(-x^2/2) * (1 + sin(3*x)^2)", -6, 6)'), q = P('laplace(1, 0.5)');
    expectAccurate(wasserstein1(p, q).value, wasserstein1ByQuantiles(p, q).value);
  });
});

describe('the gradient of W₁', () => {
  it('is sign(μ₂ − μ₁) for a shift of equal-width normals, both ways, however narrow or far apart', () => {
    for (const [p, q, expected] of [['normal(0, 1)', 'normal(2, 1)', 1], ['normal(0, 0.001)', 'normal(-3, 0.001)', -1], ['normal(0, 0.001)', 'normal(50, 0.001)', 1]] as const) {
      expectAccurate(wasserstein1Gradient(P(p), P(q), { kind: 'location' }).value, expected);
      expectAccurate(wasserstein1Gradient(P(p), P(q), { kind: 'location' }, { byQuantiles: true }).value, expected);
    }
  });

  it('is σ₂·√(2/π) for a stretch of normal(1, σ₂) about its mean against the narrower normal(1, 0.5)', () => {
    const g = wasserstein1Gradient(P('normal(1, 0.5)'), P('normal(1, 2)'), { kind: 'scale', centre: 1 });
    expectAccurate(g.value, 2 * Math.sqrt(2 / Math.PI));
  });

  it('matches a central difference of W₁ under a shift, for random mixtures', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const w = wasserstein1(p, q);
        if (w.value === Infinity) return Number.isNaN(wasserstein1Gradient(p, q, { kind: 'location' }).value);
        // A small step on W₁ integrated to 1e-14: W₁ is smooth in θ but can bend sharply where the CDFs cross at a
        // small angle (normal(0.001, 0.15) against laplace(0, 0.15): a difference over ±1e-4 is off by 1.4e-5), so
        // h = 1e-6, whose rounding error (~1e-14/h) stays near 1e-8.
        const tight = { epsabs: 1e-15, epsrel: 1e-14 };
        const h = 1e-6;
        const difference = (wasserstein1(p, shifted(q, h), tight).value - wasserstein1(p, shifted(q, -h), tight).value) / (2 * h);
        const g = wasserstein1Gradient(p, q, { kind: 'location' }).value;
        return Math.abs(g - difference) <= 1e-6;
      }),
      { numRuns: 30, seed: 12 },
    );
  });

  it('cuts at the CDF crossings, where its integrand jumps (without them a jump hid between nodes, 2e-6 off)', () => {
    // normal(0, 1) and normal(0, 2) cross only at their common mean.
    const at = cdfCrossings(P('normal(0, 1)'), P('normal(0, 2)'));
    expect(at).toHaveLength(1);
    expect(Math.abs(at[0]!)).toBeLessThan(1e-15);
    const p = P('normal(0.035, 0.15)'), q = P('laplace(0, 0.164)');
    const [c] = cdfCrossings(p, q);
    expect(Math.abs(p.cdf(c!) - q.cdf(c!))).toBeLessThan(1e-15);
    expectAccurate(wasserstein1Gradient(p, q, { kind: 'location' }).value, wasserstein1Gradient(p, q, { kind: 'location' }, { byQuantiles: true }).value);
  });

  it('stretching a Cauchy has no derivative (W₁ is +∞ on either side), and says so', () => {
    const g = wasserstein1Gradient(P('cauchy(0, 1)'), P('cauchy(1, 1)'), { kind: 'scale', centre: 1 });
    expect(g.value).toBeNaN();
    expect(g.reason).toMatch(/Cauchy/);
  });
});
