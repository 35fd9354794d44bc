/**
 * Extreme but accepted parameters (issue 13, items 4–7): every value is exact, or +∞ when the true value overflows,
 * or the input is refused with a message naming the limit; the JSD stays in [0, log 2]; the error estimate bounds
 * the true error. Reference values are closed forms, derived in the comments.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/distributions/distribution.ts';
import { MAX_COMPONENTS, parseDistribution } from '../../src/distributions/spec.ts';
import { virtualTrainingCriterion } from '../../src/numerics/discriminator.ts';
import { integrateOver, jsDivergence, klDivergence } from '../../src/numerics/divergences.ts';
import { checkPlottable } from '../../src/numerics/plottable.ts';

const d = parseDistribution;

/** KL within 1e-9 relative of the closed form, and the quadrature's error estimate at least the true error. */
function expectKl(p: string, q: string, exact: number): void {
  const kl = klDivergence(d(p), d(q));
  const error = Math.abs(kl.value - exact);
  expect(error, `KL(${p} ‖ ${q}) = ${kl.value}, exact ${exact}`).toBeLessThanOrEqual(1e-9 * Math.abs(exact));
  expect(error, `error estimate ${kl.error} must bound the true error ${error}`).toBeLessThanOrEqual(kl.error + 4 * Number.EPSILON * Math.abs(exact));
}

function refusal(spec: string): string {
  try {
    d(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  throw new Error(`${spec} was accepted`);
}

describe('narrow heavy-tailed components keep their tails', () => {
  it('laplace(0, 1e-4) vs laplace(0, 1): log(b₂/b₁) + b₁/b₂ − 1 = 8.210440371976183', () => {
    expectKl('laplace(0, 1e-4)', 'laplace(0, 1)', Math.log(1e4) + 1e-4 - 1);
  });

  it('logistic(0, 3e-4) vs logistic(0, 1): −log s − 2 + 2 log 2 + s²π²/12 (series in s, next term ~1e-15)', () => {
    // E_P log p = −(log s + 2); with x = s·z, E log q = −s·E|z| − 2·E log(1 + e^{−s|z|}) = −2 log 2 − s²π²/12 + O(s⁴),
    // from log(1 + e^{−u}) = log 2 − u/2 + u²/8 − … with E|z| = 2 log 2 and E z² = π²/3.
    const s = 3e-4;
    expectKl('logistic(0, 3e-4)', 'logistic(0, 1)', -Math.log(s) - 2 + 2 * Math.LN2 + (s * s * Math.PI ** 2) / 12);
  });

  it('cauchy(0, 1e-13) vs cauchy(0, 1) both ways: log((b₁ + b₂)²/(4b₁b₂)) = 28.547…', () => {
    // KL between Cauchy laws is symmetric (Chyzak & Nielsen 2019): log((b₁ + b₂)² + (a₁ − a₂)²)/(4 b₁ b₂)).
    const exact = Math.log((1 + 1e-13) ** 2 / (4e-13));
    expectKl('cauchy(0, 1e-13)', 'cauchy(0, 1)', exact);
    expectKl('cauchy(0, 1)', 'cauchy(0, 1e-13)', exact);
  });
});

describe('narrow components far from 0', () => {
  it('normal(1e12, 1) vs normal(0, 1) both ways: μ²/2 = 5e23', () => {
    expectKl('normal(1e12, 1)', 'normal(0, 1)', 5e23);
    expectKl('normal(0, 1)', 'normal(1e12, 1)', 5e23);
  });

  it('0.5*normal(0, 1) + 0.5*normal(1e6, 1e-3) vs normal(0, 1): Σ wᵢ(log wᵢ + KL(Nᵢ ‖ Q))', () => {
    // The components are 1e6 apart: on each one's mass the other's density is below e^{−1e11}, so
    // p log(p/q) = wᵢNᵢ log(wᵢNᵢ/q) there, and KL(N(μ, σ) ‖ N(0, 1)) = −log σ + (σ² + μ²)/2 − 1/2.
    const exact = 0.5 * Math.log(0.5) + 0.5 * (Math.log(0.5) + -Math.log(1e-3) + (1e-6 + 1e12) / 2 - 0.5);
    expectKl('0.5*normal(0, 1) + 0.5*normal(1e6, 1e-3)', 'normal(0, 1)', exact);
  });

  it('is refused, naming the limit, where a component is narrower than 2^-42 of its centre (normal(1e20, 1))', () => {
    expect(refusal('normal(1e20, 1)')).toMatch(/2\^-42/);
    expect(refusal('0.5*normal(0, 1) + 0.5*laplace(-1e15, 1e-3)')).toMatch(/component|2\^-42/);
  });

  it('is refused, naming the limit, beyond ±1e300 (normal(1e308, 1), normal(1e308, 1e308))', () => {
    expect(refusal('normal(1e308, 1)')).toMatch(/±1e300/);
    expect(refusal('normal(-1e308, 1e308)')).toMatch(/1e300/);
    expect(refusal('normal(0, 1e301)')).toMatch(/exceeds 1e300/);
  });
});

describe('divergences whose true value overflows', () => {
  it('KL(normal(0, 1e200) ‖ normal(0, 1)) is +∞ with a reason; the other way is log 1e200 − 1/2 + 1/(2·1e400)', () => {
    const kl = klDivergence(d('normal(0, 1e200)'), d('normal(0, 1)'));
    expect(kl.value).toBe(Infinity);
    expect(kl.reason).toMatch(/overflows/);
    expectKl('normal(0, 1)', 'normal(0, 1e200)', Math.log(1e200) - 0.5);
  });

  it('KL(normal(0, 1) ‖ normal(0, 1e-300)) is +∞; the other way is −log 1e-300 − 1/2', () => {
    expect(klDivergence(d('normal(0, 1)'), d('normal(0, 1e-300)')).value).toBe(Infinity);
    expectKl('normal(0, 1e-300)', 'normal(0, 1)', -Math.log(1e-300) - 0.5);
  });

  it('a custom density on a range past ±1e300 is refused, naming the limit', () => {
    expect(refusal('density("1", 1e300, 1.0000001e300)')).toMatch(/±1e300/);
    expect(refusal('density("exp(-x^2)", -1e308, 1e308)')).toMatch(/too wide/);
  });
});

describe('the JSD', () => {
  it('stays in [0, log 2] for extreme pairs, and is log 2 for pairs whose overlap is below e^−1e20', () => {
    const pairs = [
      ['normal(1e12, 1)', 'normal(0, 1)'],
      ['normal(0, 1e200)', 'normal(0, 1)'],
      ['normal(0, 1)', 'normal(0, 1e-300)'],
      ['cauchy(0, 1e-13)', 'cauchy(0, 1)'],
      ['laplace(0, 1e-4)', 'laplace(0, 1)'],
      ['normal(1e299, 1e290)', 'normal(-1e299, 1e290)'],
    ];
    for (const [p, q] of pairs) {
      const jsd = jsDivergence(d(p!), d(q!));
      expect(jsd.value, `${p} vs ${q}`).toBeGreaterThanOrEqual(0);
      expect(jsd.value, `${p} vs ${q}`).toBeLessThanOrEqual(Math.LN2);
    }
    expect(Math.abs(jsDivergence(d('normal(1e12, 1)'), d('normal(0, 1)')).value - Math.LN2)).toBeLessThan(1e-12);
    expect(Math.abs(jsDivergence(d('normal(1e299, 1e290)'), d('normal(-1e299, 1e290)')).value - Math.LN2)).toBeLessThan(1e-12);
  });
});

describe('custom densities too narrow for their range', () => {
  it('say so, with where the mass is, instead of "integral is 0"', () => {
    expect(refusal('density("exp(-(x/1e-8)^2)", -1, 1)')).toMatch(/spike too narrow for this range.*narrow the range around x = 0/);
    expect(refusal('density("exp(-(x/1e-8)^2)", -1, 2)')).toMatch(/0 everywhere.*spike narrower than that/);
  });

  it('still normalise a narrow spike the table can follow: exp(−(x/1e-3)²) on [−1, 1] has density 1/(1e-3·√π) at 0', () => {
    expect(Math.abs(d('density("exp(-(x/1e-3)^2)", -1, 1)').pdf(0) * 1e-3 * Math.sqrt(Math.PI) - 1)).toBeLessThan(1e-9);
  });
});

describe('a bound on work', () => {
  const mixture = (n: number) => Array.from({ length: n }, (_, i) => `${1 / n}*normal(${i}, 1)`).join(' + ');

  it(`refuses a mixture of more than ${MAX_COMPONENTS} components at once, even of 10,000`, () => {
    const started = performance.now();
    expect(refusal(mixture(10_000))).toMatch(/limit is 12000 \(at most 20 components\)/);
    expect(refusal(mixture(MAX_COMPONENTS + 1))).toMatch(/at most 20 components; component 21 starts at position/);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it(`accepts ${MAX_COMPONENTS} components and computes their KL in well under a second`, () => {
    const p = d(mixture(MAX_COMPONENTS));
    const started = performance.now();
    const kl = klDivergence(p, d('normal(10, 5)'));
    expect(Number.isFinite(kl.value)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('quotes at most a short window of a long input in its messages', () => {
    const long = `${'x'.repeat(5000)}(0, 1)`;
    expect(refusal(long).length).toBeLessThan(200);
    expect(refusal(`normal(0, 1) + ${'y'.repeat(11_000)}`).length).toBeLessThan(200);
    expect(refusal('z'.repeat(1_000_000)).length).toBeLessThan(200);
  });
});

describe('what the fuzz test found', () => {
  it('a wide logistic far to the right keeps its left tail beside narrow components (C(G) = −log 4 + 2·JSD, mass 1)', () => {
    const p = d('0.25*cauchy(0, 0.4) + 0.5*logistic(1e21, 1e20) + 0.25*uniform(-1, 3)');
    const q = d('0.5*normal(0.3, 1.2) + 0.5*cauchy(-1, 2)');
    const jsd = jsDivergence(p, q), cOfG = virtualTrainingCriterion(p, q);
    expect(Math.abs(cOfG.value - (-Math.log(4) + 2 * jsd.value))).toBeLessThan(1e-9);
    expect(Math.abs(integrateOver((x, r) => p.pdf(x, r), [p, q]).value - 1)).toBeLessThan(1e-12);
  });

  it('a custom density with jumps inside table cells: density("abs(x) > 1 ? 1 : 0", -6, 6) vs uniform(-6, 6) is log(12/10)', () => {
    const p = d('density("abs(x) > 1 ? 1 : 0", -6, 6)');
    expect(p.support).toEqual([[-6, -1], [1, 6]]);
    expectKl('density("abs(x) > 1 ? 1 : 0", -6, 6)', 'uniform(-6, 6)', Math.log(1.2));
    const q = d('normal(0.3, 1.2)');
    expect(Math.abs(virtualTrainingCriterion(p, q).value - (-Math.log(4) + 2 * jsDivergence(p, q).value))).toBeLessThan(1e-9);
  });
});

describe('checkPlottable', () => {
  const fake = (quantile: (p: number) => number, pdf = (_x: number) => 0.1) =>
    ({ ...d('normal(0, 1)'), quantile, pdf, logPdf: (x: number) => Math.log(pdf(x)), extents: [], breakpoints: [], support: [[-Infinity, Infinity]], supportHull: [-Infinity, Infinity], tails: { left: 'gaussian', right: 'gaussian' } }) as never;

  it('passes what the pages can draw and refuses, with a SpecError, a range that is infinite, degenerate or has a bad density', () => {
    expect(checkPlottable(d('0.5*normal(0, 1) + 0.5*cauchy(1e12, 1)'))).toBeDefined();
    expect(() => checkPlottable(fake(() => Infinity))).toThrow(/not a finite interval/);
    expect(() => checkPlottable(fake((p) => 1e20 + (p < 0.5 ? 0 : 65536)))).toThrow(/too narrow for its position/);
    expect(() => checkPlottable(fake((p) => p, () => NaN))).toThrow(/density is NaN/);
    expect(() => checkPlottable(fake(() => Infinity))).toThrow(SpecError);
  });
});
