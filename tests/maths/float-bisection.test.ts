import { describe, expect, it } from 'vitest';
import { firstTrue, nextDown, nextUp } from '../../src/maths/float-bisection.ts';

describe('nextUp and nextDown', () => {
  it('step to the neighbouring doubles, across 0 and at the ends', () => {
    expect(nextUp(1) - 1).toBe(Number.EPSILON);
    expect(1 - nextDown(1)).toBe(Number.EPSILON / 2);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextDown(0)).toBe(-Number.MIN_VALUE);
    expect(nextUp(-Number.MIN_VALUE)).toBe(0);
    expect(nextUp(Number.MAX_VALUE)).toBe(Infinity);
    expect(nextDown(-Number.MAX_VALUE)).toBe(-Infinity);
    expect(nextUp(Infinity)).toBe(Infinity);
    expect(nextDown(-Infinity)).toBe(-Infinity);
    expect(nextDown(nextUp(-3.7))).toBe(-3.7);
  });
});

describe('firstTrue', () => {
  it('finds the smallest double where a monotone predicate holds: x² ≥ 2 from √2 rounded (Math.SQRT2)', () => {
    expect(firstTrue((x) => x * x >= 2, 0, 2)).toBe(Math.SQRT2);
    expect(nextDown(Math.SQRT2) ** 2).toBeLessThan(2);
  });

  it('resolves a boundary at any magnitude in at most 64 steps (1e-300, 5e-324, −1e300, and across 0)', () => {
    for (const [t, lo, hi] of [[1e-300, 0, 1], [5e-324, 0, 1], [-1e300, -Infinity, 0], [-2.5e-310, -1, 1], [7.25, -Infinity, Infinity]] as const) {
      let calls = 0;
      const x = firstTrue((y) => (calls++, y >= t), lo, hi);
      expect(x).toBe(t);
      expect(calls).toBeLessThanOrEqual(64);
    }
  });

  it('never evaluates the predicate at either end, and returns hi when only hi qualifies', () => {
    const seen: number[] = [];
    expect(firstTrue((x) => (seen.push(x), x >= 1), nextDown(1), 1)).toBe(1);
    expect(seen).toEqual([]);
  });

  it('rejects a bracket that is empty, reversed or NaN with a RangeError', () => {
    expect(() => firstTrue(() => true, 1, 1)).toThrow(RangeError);
    expect(() => firstTrue(() => true, 2, 1)).toThrow(RangeError);
    expect(() => firstTrue(() => true, NaN, 1)).toThrow(RangeError);
  });
});
