import { describe, expect, it } from 'vitest';
import { mergeIntervals } from '../../src/maths/intervals.ts';

describe('mergeIntervals', () => {
  it('merges overlapping and touching intervals in any order, keeps disjoint ones apart, and does not change its input', () => {
    const input = [[3, 4], [-1, 1], [0.5, 2], [2, 2.5], [10, Infinity]] as const;
    expect(mergeIntervals(input)).toEqual([[-1, 2.5], [3, 4], [10, Infinity]]);
    expect(input[0]).toEqual([3, 4]);
  });
  it('gives nothing for nothing, and one interval for one', () => {
    expect(mergeIntervals([])).toEqual([]);
    expect(mergeIntervals([[-Infinity, Infinity]])).toEqual([[-Infinity, Infinity]]);
  });
});
