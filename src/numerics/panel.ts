/**
 * The numbers a theory page shows for a pair (P_data, P_G): KL both ways, JSD, C(G) computed as V(G, D*), and
 * D* on a grid. One home for this bundle, shared by the pages, the CLI and the benchmark.
 */
import type { Density } from '../distributions/density.ts';
import { optimalDiscriminatorOn, virtualTrainingCriterion } from './discriminator.ts';
import { jsDivergence, klDivergence, type Estimate } from './divergences.ts';

export interface DivergencePanel {
  readonly klDataG: Estimate;
  readonly klGData: Estimate;
  readonly jsd: Estimate;
  /** C(G) = V(G, D*), integrated as a value function. */
  readonly cOfG: Estimate;
  /** −log 4 + 2·JSD, the closed-form side of the identity. */
  readonly cOfGFromJsd: number;
  /** The grid and D* on it (present when a grid was asked for). */
  readonly grid?: Float64Array;
  readonly dStar?: Float64Array;
  /** Density evaluations used by the four integrals (each evaluates both densities once). */
  readonly evaluations: number;
}

export function divergencePanel(pData: Density, pG: Density, grid?: Float64Array): DivergencePanel {
  const klDataG = klDivergence(pData, pG);
  const klGData = klDivergence(pG, pData);
  const jsd = jsDivergence(pData, pG);
  const cOfG = virtualTrainingCriterion(pData, pG);
  const evaluations = klDataG.evaluations + klGData.evaluations + jsd.evaluations + cOfG.evaluations;
  const base = { klDataG, klGData, jsd, cOfG, cOfGFromJsd: -Math.log(4) + 2 * jsd.value, evaluations };
  return grid ? { ...base, grid, dStar: optimalDiscriminatorOn(pData, pG, grid) } : base;
}

/** n evenly spaced points on [lo, hi]. */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  if (!(n >= 2) || !Number.isInteger(n)) throw new RangeError(`linspace needs an integer n ≥ 2, got ${n}`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) throw new RangeError(`invalid range [${lo}, ${hi}]`);
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/**
 * A plotting range that shows both distributions: from the smaller 0.5 % quantile to the larger 99.5 %
 * quantile, widened by 10 % (Cauchy tails would otherwise stretch the axis without bound).
 */
export function plotRange(...ds: readonly Density[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const d of ds) {
    lo = Math.min(lo, d.quantile(0.005));
    hi = Math.max(hi, d.quantile(0.995));
  }
  const pad = 0.1 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}
