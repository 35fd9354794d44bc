/**
 * How far D is from D*: a density-weighted mean of |D − D*| (trapezoid weights on the grid) and the largest gap
 * where the mixture density is at least 1 % of its peak.
 */
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { discriminatorDistance } from '../../src/gan/distance.ts';
import { createRandom } from '../../src/maths/random.ts';

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/** D* = p_data/(p_data + p_g) and the mixture (p_data + p_g)/2 on a grid. */
function setting(data: string, generated: string, xs: number[]) {
  const pd = parseDistribution(data), pg = parseDistribution(generated);
  const dStar = xs.map((x) => pd.pdf(x) / (pd.pdf(x) + pg.pdf(x)));
  const mixture = xs.map((x) => 0.5 * (pd.pdf(x) + pg.pdf(x)));
  return { dStar, mixture };
}

describe('discriminatorDistance', () => {
  it('gives mean = max = c for a gap of c everywhere, above or below D*', () => {
    const xs = linspace(-6, 6, 241);
    const { dStar, mixture } = setting('0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)', 'normal(0.5, 1.5)', xs);
    const random = createRandom(3);
    for (const c of [0, 0.03, 0.25]) {
      // The sign of D − D* alternates at random: only |D − D*| may matter.
      const d = dStar.map((v) => (random.uniform() < 0.5 ? v + c : v - c));
      const r = discriminatorDistance(xs, d, dStar, mixture);
      // |(v ± c) − v| is c up to one rounding of v ± c (≤ 2^−53 · 2), and a weighted mean of such values stays
      // within a few ulps of c.
      expect(r.mean).toBeCloseTo(c, 14);
      expect(r.max).toBeCloseTo(c, 14);
    }
  });

  it('weights the gaps by trapezoid widths times the density, as a hand computation on an uneven grid', () => {
    const xs = [0, 1, 3, 3.5];
    const density = [1, 2, 0.5, 4];
    const dStar = [0.5, 0.5, 0.5, 0.5];
    const d = [0.6, 0.3, 0.9, 0.2]; // gaps 0.1, 0.2, 0.4, 0.3
    // Trapezoid widths: ½(0 + 1), ½(1 + 2), ½(2 + 0.5), ½(0.5 + 0) = 0.5, 1.5, 1.25, 0.25.
    // Weights × density: 0.5, 3, 0.625, 1 (total 5.125); Σ weight·gap = 0.05 + 0.6 + 0.25 + 0.3 = 1.2.
    const r = discriminatorDistance(xs, d, dStar, density);
    expect(r.mean).toBeCloseTo(1.2 / 5.125, 14);
    // The largest gap, 0.4 at x = 3, where the density 0.5 is well above 1 % of the peak 4.
    expect(r.max).toBeCloseTo(0.4, 15);
    expect(r.argmax).toBe(3);
  });

  it('does not depend on the density’s normalisation', () => {
    const xs = [0, 1, 3, 3.5], dStar = [0.5, 0.5, 0.5, 0.5], d = [0.6, 0.3, 0.9, 0.2];
    const a = discriminatorDistance(xs, d, dStar, [1, 2, 0.5, 4]);
    const b = discriminatorDistance(xs, d, dStar, [1e-3, 2e-3, 0.5e-3, 4e-3]);
    expect(b.mean).toBeCloseTo(a.mean, 14);
    expect(b.max).toBe(a.max);
  });

  it('ignores a gap where the density is zero, in the mean and in the max', () => {
    const xs = linspace(-3, 3, 121); // spacing 0.05
    const mixture = xs.map((x) => parseDistribution('uniform(-1, 1)').pdf(x));
    const dStar = xs.map(() => 0.5);
    const d = xs.map((x) => (Math.abs(x) > 1.5 ? 0.95 : 0.5));
    const r = discriminatorDistance(xs, d, dStar, mixture);
    expect(r.mean).toBe(0);
    expect(r.max).toBe(0);
  });

  it('counts a gap where the density is small but positive in the mean only, below 1 % of the peak', () => {
    const xs = [0, 1, 2, 3, 4];
    const density = [1, 0.5, 0.0099, 0.01, 0.2]; // peak 1: the point at x = 2 is below 1 %, x = 3 exactly at it
    const dStar = [0.5, 0.5, 0.5, 0.5, 0.5];
    const d = [0.6, 0.6, 0.0, 0.5, 0.6]; // gaps 0.1, 0.1, 0.5, 0, 0.1
    const r = discriminatorDistance(xs, d, dStar, density);
    expect(r.max).toBeCloseTo(0.1, 15);
    // Weights 0.5·1, 0.5, 0.0099, 0.01, 0.5·0.2 (total 1.1199); Σ weight·gap = 0.05 + 0.05 + 0.00495 + 0 + 0.01.
    expect(r.mean).toBeCloseTo(0.11495 / 1.1199, 14);

    // A point exactly at 1 % of the peak is inside the region the max looks at.
    const atThreshold = discriminatorDistance(xs, [0.6, 0.6, 0.5, 0.9, 0.6], dStar, density);
    expect(atThreshold.max).toBeCloseTo(0.4, 15);
    expect(atThreshold.argmax).toBe(3);
  });

  it('refuses arrays of different lengths, a grid of fewer than two points and a density that is zero everywhere', () => {
    const xs = [0, 1, 2];
    expect(() => discriminatorDistance(xs, [0.5, 0.5], [0.5, 0.5, 0.5], [1, 1, 1])).toThrow(RangeError);
    expect(() => discriminatorDistance(xs, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5], [1, 1, 1])).toThrow(RangeError);
    expect(() => discriminatorDistance(xs, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [1, 1])).toThrow(/same length/);
    expect(() => discriminatorDistance([0], [0.5], [0.5], [1])).toThrow(RangeError);
    expect(() => discriminatorDistance(xs, [0.4, 0.5, 0.6], [0.5, 0.5, 0.5], [0, 0, 0])).toThrow(/zero on the whole grid/);
  });
});
