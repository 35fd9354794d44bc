import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Distribution } from '../../src/distributions/distribution.ts';
import type { FamilyName } from '../../src/distributions/family.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { mixture } from '../arbitraries.ts';
import reference from '../fixtures/quantile-reference.json' with { type: 'json' };
import { expectRelative } from '../tolerance.ts';

const EPS = Number.EPSILON;

interface Row {
  readonly spec: string;
  readonly p: number;
  readonly quantile: number;
  readonly density: number;
}
const ROWS: readonly Row[] = reference.quantiles.map((r) => ({ spec: r.spec, p: r.p, quantile: Number(r.quantile), density: Number(r.density) }));
const isMixture = (spec: string) => spec.includes('+');

function row(spec: string, p: number): Row {
  const r = ROWS.find((x) => x.spec === spec && x.p === p);
  if (!r) throw new Error(`no reference row for ${spec} at p = ${p}`);
  return r;
}

function single(family: FamilyName, a: number, b: number): Distribution {
  return new Distribution([{ family, params: [a, b], weight: 1 }]);
}

/**
 * The precision any double-precision cdf allows a mixture's quantile: cdf(x) carries an absolute rounding error of
 * a few ε·min(p, 1 − p) (the survival side above ½), which moves the root by that over the density there; and the
 * answer itself is a double (relative ε).
 */
function expectMixtureQuantile(actual: number, r: Row): void {
  const tolerance = 4 * EPS * Math.abs(r.quantile) + (4 * EPS * Math.min(r.p, 1 - r.p)) / r.density;
  if (!(Math.abs(actual - r.quantile) <= tolerance)) {
    throw new Error(`${r.spec} at p = ${r.p}: got ${actual}, expected ${r.quantile} within ${tolerance} (difference ${actual - r.quantile})`);
  }
}

describe('Distribution.quantile against 40-digit mpmath quantiles (tests/fixtures/make_quantile_reference.py)', () => {
  it('gives every single normal, Laplace, logistic, Cauchy and uniform quantile in closed form to relative 1e-15', () => {
    const singles = ROWS.filter((r) => !isMixture(r.spec));
    expect(singles.length).toBeGreaterThan(50);
    for (const r of singles) {
      const x = parseDistribution(r.spec).quantile(r.p);
      if (!(Math.abs(x - r.quantile) <= 1e-15 * Math.abs(r.quantile))) {
        throw new Error(`${r.spec} at p = ${r.p}: got ${x}, expected ${r.quantile} (relative error ${Math.abs(x - r.quantile) / Math.abs(r.quantile)})`);
      }
    }
  });

  it('gives every mixture quantile to the precision a double cdf allows (4ε|x| + 4ε·min(p, 1 − p)/f(x))', () => {
    const mixtures = ROWS.filter((r) => isMixture(r.spec));
    expect(mixtures.length).toBeGreaterThan(25);
    for (const r of mixtures) expectMixtureQuantile(parseDistribution(r.spec).quantile(r.p), r);
  });
});

describe('the quantile cases of issue 11', () => {
  it('resolves quantiles near the median in relative terms (p = ½ + 1.05e-9; the old absolute 1e-12 stop erred by 1e-9 relative and more)', () => {
    for (const spec of ['normal(0, 1)', 'laplace(0, 1)', 'logistic(0, 1)', 'cauchy(0, 1)']) {
      const p = spec === 'normal(0, 1)' ? 0.5 + 1.05e-9 : 0.5 + 1e-9;
      const r = row(spec, p);
      expect(Math.abs(r.quantile)).toBeLessThan(1e-8);
      expectRelative(parseDistribution(spec).quantile(p), r.quantile, 1e-15);
    }
    const mix = '0.5*normal(-1, 1) + 0.5*normal(1, 1)';
    expectMixtureQuantile(parseDistribution(mix).quantile(0.5 + 1.05e-9), row(mix, 0.5 + 1.05e-9));
  });

  it('keeps its relative precision for a narrow distribution: normal(0, 1e-6) and a mixture at that scale', () => {
    for (const p of [1e-20, 0.1, 0.5 + 1e-6, 0.9, 1 - 2 ** -53]) expectRelative(parseDistribution('normal(0, 1e-6)').quantile(p), row('normal(0, 1e-6)', p).quantile, 1e-15);
    const mix = '0.5*normal(-1e-6, 1e-6) + 0.5*normal(1e-6, 1e-6)';
    for (const p of [0.01, 0.3, 0.9]) expectRelative(parseDistribution(mix).quantile(p), row(mix, p).quantile, 4 * EPS);
  });

  it('gives uniform(0, 1).quantile(1e-300) = 1e-300 exactly, and a uniform mixture 1e-300/0.75 to 2 ulp', () => {
    expect(single('uniform', 0, 1).quantile(1e-300)).toBe(1e-300);
    expect(single('uniform', 0, 1).quantile(5e-324)).toBe(5e-324);
    // cdf of ½·U(0, 1) + ½·U(0, 2) is ¾x near 0.
    expectRelative(parseDistribution('0.5*uniform(0, 1) + 0.5*uniform(0, 2)').quantile(1e-300), 1e-300 / 0.75, 2 * EPS);
  });

  it('puts the median of every zero-centred symmetric family exactly at 0', () => {
    for (const d of [single('normal', 0, 1), single('normal', 0, 1e-6), single('laplace', 0, 2), single('logistic', 0, 0.3), single('cauchy', 0, 5), single('uniform', -1, 1), single('uniform', -3.5, 3.5)]) {
      expect(d.quantile(0.5)).toBe(0);
    }
  });

  it('puts the median of a zero-centred symmetric mixture within its rounding (4ε·½/f(0)) of 0', () => {
    const cases: [string, number][] = [
      ['0.5*normal(-1, 1) + 0.5*normal(1, 1)', Math.exp(-0.5) / Math.sqrt(2 * Math.PI)],
      ['0.25*laplace(-2, 1) + 0.5*cauchy(0, 1) + 0.25*laplace(2, 1)', 0.5 * (Math.exp(-2) / 2) + 0.5 / Math.PI],
    ];
    for (const [spec, density] of cases) expect(Math.abs(parseDistribution(spec).quantile(0.5))).toBeLessThanOrEqual((4 * EPS * 0.5) / density);
  });

  it('resolves the Cauchy upper tail: quantile(1 − 2⁻⁵³) = cot(π·2⁻⁵³) ≈ 2⁵³/π (relative 1e-15; bisecting the cdf erred by 0.56)', () => {
    // cot(t) = 1/t − t/3 − …, and t/3 is 1e-16 of 1/t's 1e-31 here.
    const cot = 2 ** 53 / Math.PI;
    expectRelative(single('cauchy', 0, 1).quantile(1 - 2 ** -53), cot, 1e-15);
    expectRelative(single('cauchy', 0, 1).quantile(2 ** -53), -cot, 1e-15);
    expectRelative(single('cauchy', 3, 0.5).quantile(1 - 2 ** -53), 3 + 0.5 * cot, 1e-15);
    // A mixture's upper tail through its survival function: ½·S_cauchy(x) = 2⁻⁵³ (the normal's is 0 there), so
    // x = cot(π·2⁻⁵²) ≈ 2⁵²/π.
    expectRelative(parseDistribution('0.5*cauchy(0, 1) + 0.5*normal(0, 1)').quantile(1 - 2 ** -53), 2 ** 52 / Math.PI, 4 * EPS);
  });
});

describe('Distribution.survival', () => {
  it('equals 1 − cdf in the bulk (within 1e-15) for single families and a mixture', () => {
    for (const spec of ['normal(0.7, 1.3)', 'laplace(-1.2, 0.8)', 'logistic(2, 0.6)', 'cauchy(0.5, 2)', 'uniform(-1, 3)', '0.25*cauchy(0, 0.4) + 0.5*logistic(2, 0.8) + 0.25*uniform(-1, 3)']) {
      const d = parseDistribution(spec);
      for (const x of [-3, -1, -0.2, 0.5, 1, 2.5, 4]) expect(Math.abs(d.survival(x) - (1 - d.cdf(x)))).toBeLessThanOrEqual(1e-15);
    }
  });

  it('keeps full relative precision in the upper tail, where 1 − cdf is 0 (mirror images of the lower tail, relative 1e-14)', () => {
    for (const [family, a, b] of [['normal', 0.7, 1.3], ['laplace', -1.2, 0.8], ['logistic', 2, 0.6], ['cauchy', 0.5, 2]] as const) {
      const d = single(family, a, b);
      for (const t of [10, 40, 1e4]) {
        const lower = d.cdf(a - t * b);
        if (lower === 0) continue;
        if (lower < EPS / 4) expect(1 - d.cdf(a + t * b)).toBe(0);
        expectRelative(d.survival(a + t * b), lower, 1e-14);
      }
    }
    // S(t) = atan(1/t)/π for the standard Cauchy, written as its series.
    expectRelative(single('cauchy', 0, 1).survival(1e10), 1 / (Math.PI * 1e10), 1e-15);
  });

  it('is 1 below and 0 above a uniform support, and falls back to 1 − cdf for a custom density', () => {
    const u = single('uniform', -1, 3);
    expect(u.survival(-1)).toBe(1);
    expect(u.survival(3)).toBe(0);
    expect(u.survival(2)).toBe(0.25);
    const c = parseDistribution('density("1", 0, 2)');
    expect(Math.abs(c.survival(0.5) - 0.75)).toBeLessThan(1e-12);
  });
});

describe('quantile as a function of p', () => {
  it('is non-decreasing across ½ and through the tails of a mixture', () => {
    const d = parseDistribution('0.3*laplace(0, 1) + 0.7*logistic(0.5, 2)');
    const ps = [1e-300, 1e-100, 1e-10, 0.001, 0.2, 0.4999, 0.5, 0.5 + 1e-12, 0.6, 0.999, 1 - 1e-10, 1 - 2 ** -53];
    const xs = ps.map((p) => d.quantile(p));
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThanOrEqual(xs[i - 1]!);
  });

  it('inverts the cdf of random mixtures (cdf(quantile(p)) = p within 4ε + 8ε·p, survival side within 8ε·(1 − p))', () => {
    fc.assert(
      fc.property(mixture, fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (d, p) => {
        const x = d.quantile(p);
        if (p <= 0.5) expect(Math.abs(d.cdf(x) - p)).toBeLessThanOrEqual(4 * EPS * Math.abs(x) * d.pdf(x) + 8 * EPS * p);
        else expect(Math.abs(d.survival(x) - (1 - p))).toBeLessThanOrEqual(4 * EPS * Math.abs(x) * d.pdf(x) + 8 * EPS * (1 - p));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('returns the support’s ends at 0 and 1, and the left end of a gap between components', () => {
    const d = parseDistribution('0.5*uniform(0, 1) + 0.5*uniform(2, 3)');
    expect(d.quantile(0)).toBe(0);
    expect(d.quantile(1)).toBe(3);
    expect(d.quantile(0.5)).toBe(1);
    expect(single('normal', 0, 1).quantile(0)).toBe(-Infinity);
    expect(single('cauchy', 0, 1).quantile(1)).toBe(Infinity);
  });
});
