/**
 * How far a discriminator D is from the optimum D*, measured on a grid: the mean of |D − D*| under the mixture
 * (p_data + p_g)/2 (trapezoid weights times the mixture density, normalised over the grid), and the largest
 * |D − D*| where that mixture has at least 1 % of its peak density (elsewhere D is never trained, and D* is a ratio
 * of tiny densities that no finite sample constrains).
 */
export interface DiscriminatorDistance {
  readonly mean: number;
  readonly max: number;
  /** Where the maximum is. */
  readonly argmax: number;
}

export function discriminatorDistance(xs: ArrayLike<number>, d: ArrayLike<number>, dStar: ArrayLike<number>, mixtureDensity: ArrayLike<number>): DiscriminatorDistance {
  const n = xs.length;
  if (n < 2 || d.length !== n || dStar.length !== n || mixtureDensity.length !== n) {
    throw new RangeError(`the grid, D, D* and the density must have the same length ≥ 2 (got ${n}, ${d.length}, ${dStar.length}, ${mixtureDensity.length})`);
  }
  for (let i = 1; i < n; i++) if (!(xs[i]! > xs[i - 1]!)) throw new RangeError(`the grid must increase, but point ${i} (${xs[i]}) does not exceed point ${i - 1} (${xs[i - 1]})`);
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, mixtureDensity[i]!);
  let weighted = 0, total = 0, max = 0, argmax = xs[0]!;
  for (let i = 0; i < n; i++) {
    const gap = Math.abs(d[i]! - dStar[i]!);
    // Trapezoid weight of grid point i (half intervals at the ends).
    const left = i > 0 ? xs[i]! - xs[i - 1]! : 0;
    const right = i < n - 1 ? xs[i + 1]! - xs[i]! : 0;
    const w = 0.5 * (left + right) * mixtureDensity[i]!;
    if (Number.isFinite(gap) && w > 0) {
      weighted += w * gap;
      total += w;
    }
    if (mixtureDensity[i]! >= 0.01 * peak && gap > max) [max, argmax] = [gap, xs[i]!];
  }
  if (!(total > 0)) throw new RangeError('the mixture density is zero on the whole grid');
  return { mean: weighted / total, max, argmax };
}
