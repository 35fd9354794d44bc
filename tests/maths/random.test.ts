import { describe, expect, it } from 'vitest';
import { createRandom, polarNormalPair, restoreRandom, type Random } from '../../src/maths/random.ts';

function draws(random: Random, n: number, draw: (r: Random) => number): number[] {
  return Array.from({ length: n }, () => draw(random));
}

/** Sample mean and central moments 2–4 (population-normalised). */
function moments(xs: ArrayLike<number>): { mean: number; m2: number; m3: number; m4: number } {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i]!;
  const mean = sum / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { mean, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

describe('seeding', () => {
  it('reproduces the same uniform, normal and integer streams for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect(draws(a, 200, (r) => r.uniform())).toEqual(draws(b, 200, (r) => r.uniform()));
    expect(draws(a, 201, (r) => r.normal())).toEqual(draws(b, 201, (r) => r.normal()));
    expect(draws(a, 200, (r) => r.integer(1000))).toEqual(draws(b, 200, (r) => r.integer(1000)));
  });

  it('gives different streams for different seeds, including neighbouring and negative seeds', () => {
    const firsts = new Set<number>();
    for (let seed = -50; seed < 50; seed++) firsts.add(createRandom(seed).uniform());
    expect(firsts.size).toBe(100);
    expect(draws(createRandom(1), 10, (r) => r.uniform())).not.toEqual(draws(createRandom(2), 10, (r) => r.uniform()));
  });

  it('produces a varied stream from seed 0', () => {
    const xs = draws(createRandom(0), 100, (r) => r.uniform());
    expect(new Set(xs).size).toBe(100);
  });

  it('rejects a non-finite seed with a RangeError', () => {
    for (const seed of [NaN, Infinity, -Infinity]) expect(() => createRandom(seed)).toThrow(RangeError);
  });
});

describe('uniform()', () => {
  const n = 1_000_000;
  const xs = new Float64Array(n);
  const random = createRandom(20240601);
  for (let i = 0; i < n; i++) xs[i] = random.uniform();

  it('stays strictly inside (0, 1) over 1e6 draws', () => {
    let min = Infinity, max = -Infinity;
    for (const x of xs) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
  });

  it('has mean 1/2 and variance 1/12 within 5 standard errors over 1e6 draws', () => {
    const { mean, m2 } = moments(xs);
    // SE(mean) = √(1/12 / n); Var((U − ½)²) = 1/80 − 1/144 = 1/180, so SE(variance) ≈ √(1/180 / n).
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(m2 - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });

  it('fills ten equal bins evenly (each within 5 standard errors of n/10)', () => {
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]!++;
    const se = Math.sqrt(n * 0.1 * 0.9);
    for (const count of bins) expect(Math.abs(count - n / 10)).toBeLessThan(5 * se);
  });

  it('has no visible lag-1 correlation (within 5 standard errors of 0)', () => {
    let s = 0;
    for (let i = 1; i < n; i++) s += (xs[i]! - 0.5) * (xs[i - 1]! - 0.5);
    const correlation = s / (n - 1) / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(5 / Math.sqrt(n));
  });
});

describe('normal()', () => {
  const n = 400_000;
  const random = createRandom(7);
  const zs = Float64Array.from({ length: n }, () => random.normal());

  it('has mean 0, variance 1, skewness 0 and kurtosis 3 within 5 standard errors', () => {
    const { mean, m2, m3, m4 } = moments(zs);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m3 / m2 ** 1.5)).toBeLessThan(5 * Math.sqrt(6 / n));
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(5 * Math.sqrt(24 / n));
  });

  it('puts about 68.27% of draws within one standard deviation (within 5 standard errors)', () => {
    const p = 0.6826894921370859; // erf(1/√2)
    let inside = 0;
    for (const z of zs) if (Math.abs(z) < 1) inside++;
    expect(Math.abs(inside / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });

  it('returns finite values only', () => {
    expect(zs.every(Number.isFinite)).toBe(true);
  });
});

describe('integer(n)', () => {
  it('returns integers in [0, n) and hits every value for small n', () => {
    const random = createRandom(3);
    for (const n of [1, 2, 7, 1000]) {
      const seen = new Set<number>();
      for (let i = 0; i < 20_000; i++) {
        const k = random.integer(n);
        expect(Number.isInteger(k)).toBe(true);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThan(n);
        seen.add(k);
      }
      expect(seen.size).toBe(n);
    }
  });

  it('returns each of 6 values with frequency 1/6 within 5 standard errors', () => {
    const random = createRandom(11);
    const n = 300_000;
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < n; i++) counts[random.integer(6)]!++;
    const se = Math.sqrt((n * 5) / 36);
    for (const c of counts) expect(Math.abs(c - n / 6)).toBeLessThan(5 * se);
  });

  it('throws a RangeError for n that is not a positive integer', () => {
    const random = createRandom(1);
    for (const n of [0, -1, 1.5, NaN, Infinity, -Infinity]) expect(() => random.integer(n)).toThrow(RangeError);
  });
});

describe('clone()', () => {
  it('continues the stream identically to the original', () => {
    const original = createRandom(5);
    for (let i = 0; i < 17; i++) original.uniform();
    const copy = original.clone();
    expect(draws(copy, 100, (r) => r.uniform())).toEqual(draws(original, 100, (r) => r.uniform()));
    expect(draws(copy, 50, (r) => r.integer(97))).toEqual(draws(original, 50, (r) => r.integer(97)));
  });

  it('continues identically after an odd number of normal() calls, carrying the spare normal', () => {
    const original = createRandom(9);
    for (let i = 0; i < 3; i++) original.normal();
    const copy = original.clone();
    expect(draws(copy, 101, (r) => r.normal())).toEqual(draws(original, 101, (r) => r.normal()));
    expect(copy.uniform()).toBe(original.uniform());
  });

  it('is independent: drawing from the copy leaves the original untouched', () => {
    const original = createRandom(13);
    const reference = createRandom(13);
    original.normal();
    reference.normal();
    const copy = original.clone();
    draws(copy, 1000, (r) => r.normal());
    expect(draws(original, 20, (r) => r.normal())).toEqual(draws(reference, 20, (r) => r.normal()));
  });
});

describe('restoring a saved state', () => {
  it('continues the stream exactly, spare normal draw included', () => {
    const a = createRandom(9);
    a.normal();
    const b = restoreRandom(JSON.parse(JSON.stringify(a.state())) as number[]);
    expect(draws(b, 50, (r) => r.normal())).toEqual(draws(a, 50, (r) => r.normal()));
  });

  it('refuses an all-zero state, which xoshiro never leaves (a checkpoint holding it hung the polar method)', () => {
    expect(() => restoreRandom([0, 0, 0, 0, null])).toThrow(/all four words are 0/);
  });

  it('refuses words that are not 32-bit unsigned integers and a spare that is not a finite number or null', () => {
    for (const bad of [[1, 2, 3], [1, 2, 3, -1, null], [1, 2, 3, 2 ** 32, null], [1, 2, '3', 4, null], [1, 2, 3, 4, Infinity], [1, 2, 3, 4, 'x']]) {
      expect(() => restoreRandom(bad as never), JSON.stringify(bad)).toThrow(RangeError);
    }
    expect(() => restoreRandom('state' as never)).toThrow(/not a saved random state/);
  });
});

describe('normal draws from a degenerate stream', () => {
  it('end with a clear error instead of looping forever', () => {
    expect(() => polarNormalPair(() => 0.99)).toThrow(/random stream is degenerate/);
    expect(() => polarNormalPair(() => 0.5)).toThrow(/random stream is degenerate/); // r² = 0 every time
  });

  it('still accept the first pair inside the unit disc', () => {
    const values = [0.75, 0.5];
    let i = 0;
    const [z1, z2] = polarNormalPair(() => values[i++ % 2]!);
    // u = 0.5, v = 0: r² = 0.25, f = √(−2 log 0.25 / 0.25)
    expect(z1).toBeCloseTo(0.5 * Math.sqrt((-2 * Math.log(0.25)) / 0.25), 14);
    expect(z2).toBe(0);
  });
});
