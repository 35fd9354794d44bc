/** The union of closed intervals as sorted, disjoint intervals (touching or overlapping ones merged). */
export function mergeIntervals(intervals: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = intervals.map(([lo, hi]) => [lo, hi] as [number, number]).sort((u, v) => u[0] - v[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}
