/**
 * How many of p_data's modes the generator covers: the line is cut into basins, one per mode of p_data, at the
 * density's lowest point between neighbouring modes, and each basin's mass under p_g is set against its mass under
 * p_data. A mode counts as covered when p_g puts at least `threshold` (default ½) of p_data's mass for it in its
 * basin. Srivastava et al. (2017, VEEGAN) count modes the same way, with samples near each mode.
 */
import type { Density } from '../distributions/density.ts';

export interface Basin {
  /** Where p_data peaks in this basin. */
  readonly mode: number;
  /** The basin's ends (−∞ and +∞ at the outside). */
  readonly from: number;
  readonly to: number;
}

/**
 * The basins of p_data's modes, found on a grid: local maxima of the density above `floor` (default 1 %) of its
 * highest value, with the basin boundary at the lowest grid point between two neighbouring maxima. A maximum whose
 * dip to its neighbour is shallower than 10 % of the lower peak is merged into it (a shoulder, not a mode).
 */
export function modeBasins(pData: Density, grid: ArrayLike<number>, floor = 0.01): Basin[] {
  const n = grid.length;
  if (n < 3) throw new RangeError(`mode search needs at least 3 grid points, got ${n}`);
  const y = Float64Array.from({ length: n }, (_, i) => pData.pdf(grid[i]!));
  const top = Math.max(...y);
  const peaks: number[] = [];
  for (let i = 1; i < n - 1; i++) if (y[i]! > floor * top && y[i]! >= y[i - 1]! && y[i]! > y[i + 1]!) peaks.push(i);
  // Merge shoulders into the higher neighbour.
  const kept: number[] = [];
  for (const i of peaks) {
    const j = kept[kept.length - 1];
    if (j === undefined) {
      kept.push(i);
      continue;
    }
    let low = Infinity;
    for (let t = j; t <= i; t++) low = Math.min(low, y[t]!);
    if (low > 0.9 * Math.min(y[i]!, y[j]!)) {
      if (y[i]! > y[j]!) kept[kept.length - 1] = i;
    } else kept.push(i);
  }
  return kept.map((i, k) => {
    const cut = (a: number, b: number) => {
      let m = a;
      for (let t = a; t <= b; t++) if (y[t]! < y[m]!) m = t;
      return grid[m]!;
    };
    return {
      mode: grid[i]!,
      from: k === 0 ? -Infinity : cut(kept[k - 1]!, i),
      to: k === kept.length - 1 ? Infinity : cut(i, kept[k + 1]!),
    };
  });
}

export interface ModeCoverage {
  readonly basins: readonly Basin[];
  /** Mass of p_data and of p_g in each basin. */
  readonly dataMass: readonly number[];
  readonly generatorMass: readonly number[];
  /** Basins where p_g has at least threshold × p_data's mass. */
  readonly covered: number;
}

/** Masses from two cdfs (exact for any Density with a cdf). */
export function modeCoverage(
  basins: readonly Basin[],
  dataCdf: (x: number) => number,
  generatorCdf: (x: number) => number,
  threshold = 0.5,
): ModeCoverage {
  const mass = (cdf: (x: number) => number) => basins.map((b) => (b.to === Infinity ? 1 : cdf(b.to)) - (b.from === -Infinity ? 0 : cdf(b.from)));
  const dataMass = mass(dataCdf), generatorMass = mass(generatorCdf);
  const covered = dataMass.filter((m, i) => generatorMass[i]! >= threshold * m).length;
  return { basins, dataMass, generatorMass, covered };
}

/**
 * The cdf of a density known on a grid, by the trapezoid rule (0 below the grid, the grid's whole mass above it):
 * for a generator whose density is only tabulated. Normalised to the mass the grid holds when `normalise` is set.
 */
export function gridCdf(grid: ArrayLike<number>, density: ArrayLike<number>, normalise = false): (x: number) => number {
  const n = grid.length;
  const cumulative = new Float64Array(n);
  for (let i = 1; i < n; i++) cumulative[i] = cumulative[i - 1]! + 0.5 * (density[i]! + density[i - 1]!) * (grid[i]! - grid[i - 1]!);
  const total = normalise && cumulative[n - 1]! > 0 ? cumulative[n - 1]! : 1;
  return (x) => {
    if (x <= grid[0]!) return 0;
    if (x >= grid[n - 1]!) return cumulative[n - 1]! / total;
    let lo = 0, hi = n - 1;
    while (hi - lo > 1) {
      const m = (lo + hi) >> 1;
      if (grid[m]! <= x) lo = m;
      else hi = m;
    }
    const t = (x - grid[lo]!) / (grid[hi]! - grid[lo]!);
    // Linear density across the cell: the integral from grid[lo] to x of the interpolated density.
    const a = density[lo]!, b = density[hi]!, h = grid[hi]! - grid[lo]!;
    return (cumulative[lo]! + h * (a * t + 0.5 * (b - a) * t * t)) / total;
  };
}
