import { describe, expect, it } from 'vitest';
import { Distribution, SpecError, type ComponentSpec } from '../../src/distributions/distribution.ts';
import type { FamilyName } from '../../src/distributions/family.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { integrateLine } from '../../src/maths/quadrature.ts';
import { createRandom } from '../../src/maths/random.ts';
import { expectClose, expectRelative } from '../tolerance.ts';

const LOG_2PI = Math.log(2 * Math.PI);

function single(family: FamilyName, a: number, b: number): Distribution {
  return new Distribution([{ family, params: [a, b], weight: 1 }]);
}

/** ∫ f over the line, cut at the distribution's breakpoints (plus any extra cuts). */
function integrate(d: Distribution, f: (x: number) => number, extra: number[] = []): number {
  const r = integrateLine(f, [...d.breakpoints, ...extra]);
  expect(r.converged).toBe(true);
  return r.value;
}

interface Case {
  readonly family: FamilyName;
  readonly a: number;
  readonly b: number;
  /** The density written out from the textbook formula, independently of the source. */
  readonly density: (x: number) => number;
  /** The quantile function in closed form. */
  readonly quantile: (p: number) => number;
  /** Closed-form mean and variance, and the fourth central moment μ₄ (for the standard error of a sample variance). */
  readonly mean?: number;
  readonly variance?: number;
  readonly mu4?: number;
  /** Points to check, spread over the bulk and the shoulders. */
  readonly points: readonly number[];
}

const CASES: readonly Case[] = [
  {
    family: 'normal',
    a: 0.7,
    b: 1.3,
    density: (x) => Math.exp(-((x - 0.7) ** 2) / (2 * 1.3 ** 2)) / (1.3 * Math.sqrt(2 * Math.PI)),
    // Φ⁻¹(p) for the tabulated points only (see the quantile test).
    quantile: (p) => {
      const z: Record<number, number> = { 0.5: 0, 0.975: 1.959963984540054, 0.025: -1.959963984540054, 0.8413447460685429: 1 };
      return 0.7 + 1.3 * z[p]!;
    },
    mean: 0.7,
    variance: 1.69,
    mu4: 3 * 1.69 ** 2,
    points: [-4, -1.5, -0.2, 0.7, 1.1, 2.9, 5.5],
  },
  {
    family: 'laplace',
    a: -1.2,
    b: 0.8,
    density: (x) => Math.exp(-Math.abs(x + 1.2) / 0.8) / 1.6,
    quantile: (p) => (p < 0.5 ? -1.2 + 0.8 * Math.log(2 * p) : -1.2 - 0.8 * Math.log(2 * (1 - p))),
    mean: -1.2,
    variance: 2 * 0.64,
    mu4: 24 * 0.8 ** 4,
    points: [-6, -2.5, -1.2, -1.19, -0.5, 1, 3],
  },
  {
    family: 'logistic',
    a: 2,
    b: 0.6,
    density: (x) => {
      const e = Math.exp(-(x - 2) / 0.6);
      return e / (0.6 * (1 + e) ** 2);
    },
    quantile: (p) => 2 + 0.6 * Math.log(p / (1 - p)),
    mean: 2,
    variance: (Math.PI ** 2 * 0.36) / 3,
    mu4: (7 * Math.PI ** 4 * 0.6 ** 4) / 15,
    points: [-3, 0.5, 1.7, 2, 2.4, 3.8, 7],
  },
  {
    family: 'cauchy',
    a: 0.5,
    b: 2,
    density: (x) => 2 / (Math.PI * (4 + (x - 0.5) ** 2)),
    quantile: (p) => 0.5 + 2 * Math.tan(Math.PI * (p - 0.5)),
    points: [-40, -5, -1, 0.5, 1.3, 6, 100],
  },
  {
    family: 'uniform',
    a: -1,
    b: 3,
    density: (x) => (x >= -1 && x <= 3 ? 0.25 : 0),
    quantile: (p) => -1 + 4 * p,
    mean: 1,
    variance: 16 / 12,
    mu4: 4 ** 4 / 80,
    points: [-2, -1, -0.3, 1, 2.2, 3, 4.5],
  },
];

describe.each(CASES)('the $family family', (c) => {
  const d = single(c.family, c.a, c.b);

  it('has a density matching the textbook formula (relative 1e-13)', () => {
    for (const x of c.points) {
      const expected = c.density(x);
      if (expected === 0) expect(d.pdf(x)).toBe(0);
      else expectRelative(d.pdf(x), expected, 1e-13);
    }
  });

  it('has a density that integrates to 1 (within 1e-10)', () => {
    expectClose(integrate(d, (x) => d.pdf(x)), 1, 1e-10);
  });

  it('has a cdf equal to the integral of the density up to x (within 1e-10)', () => {
    for (const x of c.points) {
      const upTo = integrate(d, (t) => (t <= x ? d.pdf(t) : 0), [x]);
      expectClose(d.cdf(x), upTo, 1e-10);
    }
  });

  it('has logPdf equal to log(pdf) wherever the density is not tiny (within 1e-12 of max(1, |log p|))', () => {
    const s = Math.abs(c.b);
    for (let k = -60; k <= 60; k++) {
      const x = c.a + (k / 4) * s;
      const p = d.pdf(x);
      if (p > 1e-250) expectClose(d.logPdf(x), Math.log(p), 1e-12);
    }
  });

  it('has a cdf that runs monotonically from 0 at −∞ to 1 at +∞', () => {
    expect(d.cdf(-Infinity)).toBe(0);
    expect(d.cdf(Infinity)).toBe(1);
    expect(d.cdf(-1e300)).toBeLessThan(1e-290);
    expect(d.cdf(1e300)).toBeGreaterThan(1 - 1e-15);
    let previous = -Infinity;
    for (let k = -2000; k <= 2000; k++) {
      const value = d.cdf(c.a + k * 0.03);
      expect(value).toBeGreaterThanOrEqual(previous);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      previous = value;
    }
  });

  it('has quantile inverting cdf (cdf(quantile(p)) = p within 1e-10, quantile(cdf(x)) = x within 1e-9)', () => {
    for (const p of [1e-6, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 - 1e-6]) expectClose(d.cdf(d.quantile(p)), p, 1e-10);
    for (const x of c.points) {
      const p = d.cdf(x);
      if (p > 1e-6 && p < 1 - 1e-6 && d.pdf(x) > 0) expectClose(d.quantile(p), x, 1e-9);
    }
  });

  it('has quantiles agreeing with the closed-form inverse cdf (within 1e-9)', () => {
    const ps = c.family === 'normal' ? [0.025, 0.5, 0.8413447460685429, 0.975] : [0.001, 0.1, 0.3, 0.5, 0.7, 0.95, 0.999];
    for (const p of ps) expectClose(d.quantile(p), c.quantile(p), 1e-9);
  });

  it('rejects quantile probabilities outside [0, 1] with a RangeError', () => {
    for (const p of [-0.1, 1.1, NaN]) expect(() => d.quantile(p)).toThrow(RangeError);
  });

  it('gives identical samples for the same seed and different ones for another seed', () => {
    const first = d.sample(createRandom(123), 1000);
    const again = d.sample(createRandom(123), 1000);
    const other = d.sample(createRandom(124), 1000);
    expect(Array.from(again)).toEqual(Array.from(first));
    expect(Array.from(other)).not.toEqual(Array.from(first));
    expect(first.every(Number.isFinite)).toBe(true);
  });

  if (c.family === 'cauchy') {
    it('has no mean or variance', () => {
      expect(d.mean).toBeUndefined();
      expect(d.variance).toBeUndefined();
    });

    it('draws 200k samples whose median and quartiles lie within 5 standard errors of location and location ± scale', () => {
      const n = 200_000;
      const xs = d.sample(createRandom(2024), n).sort();
      const at = (p: number) => xs[Math.floor(p * n)]!;
      // SE of a sample p-quantile: √(p(1−p)/n) / f(q); f(a) = 1/(πb), f(a ± b) = 1/(2πb).
      const seMedian = Math.sqrt(0.25 / n) * Math.PI * c.b;
      const seQuartile = Math.sqrt(0.1875 / n) * 2 * Math.PI * c.b;
      expect(Math.abs(at(0.5) - c.a)).toBeLessThan(5 * seMedian);
      expect(Math.abs(at(0.25) - (c.a - c.b))).toBeLessThan(5 * seQuartile);
      expect(Math.abs(at(0.75) - (c.a + c.b))).toBeLessThan(5 * seQuartile);
    });
  } else {
    it('has the closed-form mean and variance, which also match numerical moments (within 1e-9)', () => {
      expectClose(d.mean!, c.mean!, 1e-15);
      expectClose(d.variance!, c.variance!, 1e-14);
      const m = integrate(d, (x) => x * d.pdf(x));
      const v = integrate(d, (x) => (x - c.mean!) ** 2 * d.pdf(x));
      expectClose(m, c.mean!, 1e-9);
      expectClose(v, c.variance!, 1e-9);
    });

    it('draws 200k samples whose mean and variance lie within 5 standard errors of the true values', () => {
      const n = 200_000;
      const xs = d.sample(createRandom(99), n);
      let sum = 0;
      for (const x of xs) sum += x;
      const mean = sum / n;
      let ss = 0;
      for (const x of xs) ss += (x - mean) ** 2;
      const variance = ss / (n - 1);
      const seMean = Math.sqrt(c.variance! / n);
      const seVariance = Math.sqrt((c.mu4! - c.variance! ** 2) / n);
      expect(Math.abs(mean - c.mean!)).toBeLessThan(5 * seMean);
      expect(Math.abs(variance - c.variance!)).toBeLessThan(5 * seVariance);
    });
  }
});

describe('log-densities far in the tails', () => {
  it('gives normal(0, 1).logPdf(40) = −800 − ½log(2π) (relative 1e-12) although pdf(40) underflows', () => {
    const d = single('normal', 0, 1);
    expect(d.pdf(40)).toBe(0);
    expectRelative(d.logPdf(40), -800 - 0.5 * LOG_2PI, 1e-12);
    expectRelative(d.logPdf(-40), -800 - 0.5 * LOG_2PI, 1e-12);
    expectRelative(d.logPdf(1e150), -0.5e300 - 0.5 * LOG_2PI, 1e-12);
  });

  it('gives a shifted, scaled normal its exact quadratic log-density far out (relative 1e-12)', () => {
    const d = single('normal', 3, 0.25);
    // z = (103 − 3)/0.25 = 400.
    expectRelative(d.logPdf(103), -0.5 * 400 * 400 - Math.log(0.25) - 0.5 * LOG_2PI, 1e-12);
  });

  it('gives cauchy its exact log-density at 1e200, where z² overflows (relative 1e-12)', () => {
    const d = single('cauchy', 0, 1);
    // log(1 + z²) = 2 log z + log1p(z⁻²), and z⁻² is below double precision here.
    const expected = -Math.log(Math.PI) - 2 * 200 * Math.LN10;
    expectRelative(d.logPdf(1e200), expected, 1e-12);
    expectRelative(d.logPdf(-1e200), expected, 1e-12);
    expect(Number.isFinite(d.logPdf(Number.MAX_VALUE))).toBe(true);
    expect(Number.isFinite(d.logPdf(-Number.MAX_VALUE))).toBe(true);
  });

  it('gives cauchy an exact log-density on both sides of its large-z switch (relative 1e-12)', () => {
    const d = single('cauchy', 3, 0.5);
    for (const x of [1e100, 1e149, 1e152, 1e160, -1e160]) {
      const z = Math.abs((x - 3) / 0.5);
      const expected = -2 * Math.log(z) - Math.log(0.5 * Math.PI);
      expectRelative(d.logPdf(x), expected, 1e-12);
    }
  });

  it('gives logistic logPdf(±1000) = −|z| − log(scale) (relative 1e-12)', () => {
    const d = single('logistic', 0.5, 2);
    for (const x of [1000, -1000]) {
      const z = Math.abs((x - 0.5) / 2);
      expectRelative(d.logPdf(x), -z - Math.log(2), 1e-12);
    }
    expect(d.pdf(1e4)).toBe(0);
    expectRelative(d.logPdf(1e4), -(1e4 - 0.5) / 2 - Math.log(2), 1e-12);
  });

  it('gives laplace logPdf(x) = −|x − a|/b − log(2b) far out (relative 1e-12)', () => {
    const d = single('laplace', -1, 0.5);
    expect(d.pdf(1e4)).toBe(0);
    expectRelative(d.logPdf(1e4), -(1e4 + 1) / 0.5 - Math.log(1), 1e-12);
    expectRelative(d.logPdf(-1e300), -(1e300 - 1) / 0.5, 1e-12);
  });

  it('keeps every unbounded family finite at ±1e150', () => {
    for (const family of ['normal', 'laplace', 'logistic', 'cauchy'] as const) {
      const d = single(family, 0, 1);
      expect(Number.isFinite(d.logPdf(1e150))).toBe(true);
      expect(Number.isFinite(d.logPdf(-1e150))).toBe(true);
    }
  });

  it('gives uniform logPdf = −log(width) on the closed support and −∞ outside', () => {
    const d = single('uniform', -1, 3);
    for (const x of [-1, 0, 2.5, 3]) expect(d.logPdf(x)).toBeCloseTo(-Math.log(4), 15);
    for (const x of [-1.000001, 3.000001, -1e300, 1e300, -Infinity, Infinity]) {
      expect(d.logPdf(x)).toBe(-Infinity);
      expect(d.pdf(x)).toBe(0);
    }
  });

  it('gives cauchy cdf full relative precision deep in the left tail (relative 1e-12)', () => {
    const d = single('cauchy', 0, 1);
    // F(−t) = atan(1/t)/π = (1/t − 1/(3t³) + …)/π.
    for (const t of [1e6, 1e10, 1e100]) expectRelative(d.cdf(-t), 1 / (Math.PI * t) - 1 / (3 * Math.PI * t ** 3), 1e-12);
  });
});

describe('mixtures', () => {
  const mix = parseDistribution('0.25*cauchy(0, 0.4) + 0.5*logistic(2, 0.8) + 0.25*uniform(-1, 3)');
  const parts: [number, Distribution][] = [
    [0.25, single('cauchy', 0, 0.4)],
    [0.5, single('logistic', 2, 0.8)],
    [0.25, single('uniform', -1, 3)],
  ];

  it('has a pdf and cdf equal to the weighted sums of the components (relative 1e-14)', () => {
    for (const x of [-50, -1, -0.3, 0, 1, 2, 2.9, 3, 3.1, 10, 1e6]) {
      const pdf = parts.reduce((s, [w, d]) => s + w * d.pdf(x), 0);
      const cdf = parts.reduce((s, [w, d]) => s + w * d.cdf(x), 0);
      expectRelative(mix.pdf(x), pdf, 1e-14);
      expectRelative(mix.cdf(x), cdf, 1e-14);
      expectClose(mix.logPdf(x), Math.log(pdf), 1e-13);
    }
  });

  it('has a density that integrates to 1 and a cdf equal to its integral (within 1e-10)', () => {
    expectClose(integrate(mix, (x) => mix.pdf(x)), 1, 1e-10);
    for (const x of [-2, 0.5, 3]) expectClose(mix.cdf(x), integrate(mix, (t) => (t <= x ? mix.pdf(t) : 0), [x]), 1e-10);
  });

  it('has quantile inverting cdf, including across the uniform edges (within 1e-10)', () => {
    for (const p of [0.01, 0.2, 0.5, 0.8, 0.99]) expectClose(mix.cdf(mix.quantile(p)), p, 1e-10);
  });

  it('merges touching uniform supports into one interval', () => {
    expect(parseDistribution('0.5*uniform(0, 1) + 0.5*uniform(1, 2)').support).toEqual([[0, 2]]);
    expect(parseDistribution('0.5*uniform(1, 2) + 0.5*uniform(0, 1.5)').support).toEqual([[0, 2]]);
    expect(parseDistribution('0.5*uniform(0, 3) + 0.5*uniform(1, 2)').support).toEqual([[0, 3]]);
  });

  it('keeps separated uniform supports as sorted disjoint intervals', () => {
    const d = parseDistribution('0.3*uniform(4, 5) + 0.4*uniform(0, 1) + 0.3*uniform(2, 3)');
    expect(d.support).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(d.supportHull).toEqual([0, 5]);
    expect(d.pdf(1.5)).toBe(0);
    expect(d.logPdf(1.5)).toBe(-Infinity);
  });

  it('has support [[−∞, ∞]] as soon as any component is unbounded', () => {
    expect(parseDistribution('0.5*uniform(0, 1) + 0.5*normal(5, 1)').support).toEqual([[-Infinity, Infinity]]);
    expect(parseDistribution('0.5*cauchy(0, 1) + 0.5*laplace(5, 1)').support).toEqual([[-Infinity, Infinity]]);
    expect(mix.support).toEqual([[-Infinity, Infinity]]);
  });

  it('computes logPdf by log-sum-exp where the direct sum underflows (x = ±60, relative 1e-12)', () => {
    const d = parseDistribution('0.4*normal(-1, 1) + 0.6*normal(2, 1.5)');
    const logTerm = (w: number, m: number, s: number, x: number) => Math.log(w) - 0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;
    for (const x of [60, -60]) {
      expect(d.pdf(x)).toBe(0);
      const t1 = logTerm(0.4, -1, 1, x);
      const t2 = logTerm(0.6, 2, 1.5, x);
      const max = Math.max(t1, t2);
      const expected = max + Math.log(Math.exp(t1 - max) + Math.exp(t2 - max));
      expectRelative(d.logPdf(x), expected, 1e-12);
    }
  });

  it('stays continuous across the switch between direct summation and log-sum-exp', () => {
    const d = parseDistribution('0.4*normal(-1, 1) + 0.6*normal(2, 1.5)');
    // The density passes 1e-280 near x ≈ 55; check the log-density against log-sum-exp on a fine grid there.
    for (let x = 50; x <= 60; x += 0.01) {
      const t1 = Math.log(0.4) - 0.5 * (x + 1) ** 2 - 0.5 * LOG_2PI;
      const t2 = Math.log(0.6) - 0.5 * ((x - 2) / 1.5) ** 2 - Math.log(1.5) - 0.5 * LOG_2PI;
      const max = Math.max(t1, t2);
      expectRelative(d.logPdf(x), max + Math.log(Math.exp(t1 - max) + Math.exp(t2 - max)), 1e-12);
    }
  });

  it('has the mean and variance of the law of total variance (within 1e-12)', () => {
    const d = parseDistribution('0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)');
    const mean = 0.3 * -2 + 0.7 * 1.5;
    const variance = 0.3 * (0.25 + (-2 - mean) ** 2) + 0.7 * (2 + (1.5 - mean) ** 2);
    expectClose(d.mean!, mean, 1e-12);
    expectClose(d.variance!, variance, 1e-12);
    expect(mix.mean).toBeUndefined();
    expect(mix.variance).toBeUndefined();
  });

  it('picks each component with its weight when sampling (200k draws, within 5 standard errors)', () => {
    const d = parseDistribution('0.2*uniform(0, 1) + 0.5*uniform(2, 3) + 0.3*uniform(4, 5)');
    const n = 200_000;
    const xs = d.sample(createRandom(7), n);
    const counts = [0, 0, 0];
    for (const x of xs) counts[Math.floor(x / 2)]!++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
    for (const [i, w] of [0.2, 0.5, 0.3].entries()) {
      expect(Math.abs(counts[i]! / n - w)).toBeLessThan(5 * Math.sqrt((w * (1 - w)) / n));
    }
  });

  it('rejects a sample size that is negative or fractional with a RangeError', () => {
    expect(() => mix.sample(createRandom(1), -1)).toThrow(RangeError);
    expect(() => mix.sample(createRandom(1), 2.5)).toThrow(RangeError);
    expect(mix.sample(createRandom(1), 0)).toHaveLength(0);
  });
});

describe('constructing a Distribution', () => {
  it('throws a SpecError when the weights do not sum to 1', () => {
    const components: ComponentSpec[] = [
      { family: 'normal', params: [0, 1], weight: 0.5 },
      { family: 'normal', params: [1, 1], weight: 0.6 },
    ];
    expect(() => new Distribution(components)).toThrow(SpecError);
    expect(() => new Distribution(components)).toThrow(/weights sum to 1\.1/);
  });

  it('accepts weights that miss 1 by less than 1e-9 and renormalises them', () => {
    const d = new Distribution([
      { family: 'uniform', params: [0, 1], weight: 0.5 + 4e-10 },
      { family: 'uniform', params: [2, 3], weight: 0.5 },
    ]);
    expectClose(d.cdf(1.5), (0.5 + 4e-10) / (1 + 4e-10), 1e-16);
    expectClose(d.cdf(3), 1, 1e-15);
  });

  it('throws a SpecError for a negative or zero scale', () => {
    expect(() => new Distribution([{ family: 'laplace', params: [0, -1], weight: 1 }])).toThrow(SpecError);
    expect(() => new Distribution([{ family: 'normal', params: [0, 0], weight: 1 }])).toThrow(SpecError);
    expect(() => new Distribution([{ family: 'uniform', params: [1, 1], weight: 1 }])).toThrow(SpecError);
  });

  it('throws a SpecError for non-finite parameters or weights', () => {
    expect(() => new Distribution([{ family: 'normal', params: [NaN, 1], weight: 1 }])).toThrow(SpecError);
    expect(() => new Distribution([{ family: 'cauchy', params: [0, Infinity], weight: 1 }])).toThrow(SpecError);
    expect(() => new Distribution([{ family: 'normal', params: [0, 1], weight: NaN }])).toThrow(SpecError);
  });

  it('throws a SpecError for an empty component list', () => {
    expect(() => new Distribution([])).toThrow(SpecError);
    expect(() => new Distribution([])).toThrow(/at least one component/);
  });

  it('throws a SpecError for an unknown family smuggled past the types', () => {
    expect(() => new Distribution([{ family: 'gamma' as FamilyName, params: [1, 1], weight: 1 }])).toThrow(SpecError);
  });

  it('freezes its components so that mutation attempts throw and change nothing', () => {
    const d = parseDistribution('0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)');
    const before = d.pdf(0.3);
    const components = d.components as ComponentSpec[];
    expect(Object.isFrozen(components)).toBe(true);
    expect(Object.isFrozen(components[0])).toBe(true);
    expect(Object.isFrozen(components[0]!.params)).toBe(true);
    // ES modules run in strict mode, where writes to frozen objects throw.
    expect(() => {
      (components[0] as { weight: number }).weight = 0.9;
    }).toThrow(TypeError);
    expect(() => {
      (components[1]!.params as [number, number])[1] = 100;
    }).toThrow(TypeError);
    expect(() => components.push({ family: 'normal', params: [0, 1], weight: 1 })).toThrow(TypeError);
    expect(() => {
      components[0] = { family: 'cauchy', params: [0, 1], weight: 0.3 };
    }).toThrow(TypeError);
    expect(d.components[0]).toEqual({ family: 'normal', params: [-2, 0.5], weight: 0.3 });
    expect(d.components[1]!.params).toEqual([1.5, 1]);
    expect(d.pdf(0.3)).toBe(before);
  });

  it('copies the caller’s components, so later changes to them have no effect', () => {
    const params: [number, number] = [0, 1];
    const input: { family: FamilyName; params: [number, number]; weight: number }[] = [{ family: 'normal', params, weight: 1 }];
    const d = new Distribution(input);
    const before = d.pdf(0.5);
    params[1] = 5;
    input[0]!.weight = 0.1;
    input.push({ family: 'cauchy', params: [0, 1], weight: 1 });
    expect(d.components).toEqual([{ family: 'normal', params: [0, 1], weight: 1 }]);
    expect(d.pdf(0.5)).toBe(before);
  });
});
