/**
 * Maximum-likelihood fits of a family to a sample, and projections of a distribution onto a family (the
 * parameters that minimise KL(P_data‖P_θ), which maximum likelihood approaches as the sample grows, or the
 * reverse KL(P_θ‖P_data), or the JSD).
 */
import { Distribution } from '../distributions/distribution.ts';
import { FAMILIES } from '../distributions/families.ts';
import type { ParametricFamilyName } from '../distributions/families.ts';
import { jsDivergence, klDivergence } from './divergences.ts';
import { minimize } from '../maths/optimize.ts';

export interface Fit {
  readonly family: ParametricFamilyName;
  readonly params: readonly [number, number];
  readonly distribution: Distribution;
  /** (1/m) Σ log p_θ(xᵢ) at the fit. */
  readonly averageLogLikelihood: number;
  readonly method: 'closed form' | 'Nelder–Mead';
}

/** (1/m) Σ log p(xᵢ). */
export function averageLogLikelihood(d: Distribution, sample: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < sample.length; i++) s += d.logPdf(sample[i]!);
  return s / sample.length;
}

function single(family: ParametricFamilyName, a: number, b: number): Distribution {
  return new Distribution([{ family, params: [a, b], weight: 1 }]);
}

function median(sorted: Float64Array): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : 0.5 * (sorted[m - 1]! + sorted[m]!);
}

function quantileOfSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  return sorted[i]! + (h - i) * ((sorted[Math.min(i + 1, sorted.length - 1)] ?? 0) - sorted[i]!);
}

/**
 * Fits `family` to `sample` by maximising the average log-likelihood: in closed form for the normal (mean and
 * the 1/m standard deviation), Laplace (median and mean absolute deviation from it) and uniform (min and max);
 * by Nelder–Mead over (location, log scale) for the logistic and Cauchy.
 *
 * @throws {RangeError} for fewer than two points, non-finite values, or a sample with no spread.
 */
export function fitMaximumLikelihood(family: ParametricFamilyName, sample: ArrayLike<number>): Fit {
  const m = sample.length;
  if (m < 2) throw new RangeError(`maximum likelihood needs at least 2 sample points, got ${m}`);
  const sorted = Float64Array.from(sample).sort();
  if (!Number.isFinite(sorted[0]!) || !Number.isFinite(sorted[m - 1]!) || sorted.some(Number.isNaN)) {
    throw new RangeError('the sample contains a non-finite value');
  }
  if (sorted[0] === sorted[m - 1]) throw new RangeError(`the sample has no spread (every point is ${sorted[0]}), so no scale can be fitted`);

  const closed = (a: number, b: number): Fit => {
    const distribution = single(family, a, b);
    return { family, params: [a, b], distribution, averageLogLikelihood: averageLogLikelihood(distribution, sorted), method: 'closed form' };
  };
  switch (family) {
    case 'normal': {
      let mean = 0;
      for (const x of sorted) mean += x / m;
      let ss = 0;
      for (const x of sorted) ss += (x - mean) * (x - mean);
      return closed(mean, Math.sqrt(ss / m));
    }
    case 'laplace': {
      const med = median(sorted);
      let mad = 0;
      for (const x of sorted) mad += Math.abs(x - med) / m;
      return closed(med, mad);
    }
    case 'uniform':
      return closed(sorted[0]!, sorted[m - 1]!);
    case 'logistic':
    case 'cauchy': {
      const f = FAMILIES[family];
      const med = median(sorted);
      const iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
      // Starting scales from the quartiles: logistic IQR = 2 s log 3, Cauchy IQR = 2 γ.
      const s0 = Math.max(iqr / (family === 'logistic' ? 2 * Math.log(3) : 2), 1e-6 * (sorted[m - 1]! - sorted[0]!));
      const negLogLik = ([a, logS]: readonly number[]): number => {
        const s = Math.exp(logS!);
        let sum = 0;
        for (let i = 0; i < m; i++) sum += f.logPdf(sorted[i]!, a!, s);
        return -sum / m;
      };
      const r = minimize(negLogLik, [med, Math.log(s0)], { step: [0.1 * s0, 0.1], xtol: 1e-11 });
      const a = r.x[0]!, s = Math.exp(r.x[1]!);
      const distribution = single(family, a, s);
      return { family, params: [a, s], distribution, averageLogLikelihood: -r.value, method: 'Nelder–Mead' };
    }
  }
}

/** What a projection minimises: KL(P_data‖P_θ), KL(P_θ‖P_data) or JSD(P_data‖P_θ). */
export type ProjectionObjective = 'forward-kl' | 'reverse-kl' | 'jsd';

export interface Projection {
  readonly params: readonly [number, number];
  readonly distribution: Distribution;
  /** The minimised divergence; +∞ when it is infinite for every member of the family. */
  readonly value: number;
  /** When value is +∞: why (the divergence's own reason). */
  readonly reason?: string;
}

/**
 * The member of a one-component family closest to P_data: argmin over θ of KL(P_data‖P_θ) (`'forward-kl'`, the
 * maximum-likelihood limit, mode-covering), of KL(P_θ‖P_data) (`'reverse-kl'`, mode-seeking), or of
 * JSD(P_data‖P_θ). Nelder–Mead over (location, log scale), started from moment matching and, for the
 * mode-seeking objectives (which have one local minimum per well-separated mode), from every component of P_data.
 */
export function projection(
  pData: Distribution,
  family: ParametricFamilyName,
  objective: ProjectionObjective = 'forward-kl',
  start?: readonly [number, number],
): Projection {
  const toParams = (u: readonly number[]): [number, number] =>
    family === 'uniform' ? [u[0]!, u[0]! + Math.exp(u[1]!)] : [u[0]!, Math.exp(u[1]!)];
  const fromParams = ([a, b]: readonly [number, number]): number[] => (family === 'uniform' ? [a, Math.log(b - a)] : [a, Math.log(b)]);
  const divergence = (q: Distribution) =>
    objective === 'forward-kl' ? klDivergence(pData, q) : objective === 'reverse-kl' ? klDivergence(q, pData) : jsDivergence(pData, q);
  const value = (u: readonly number[]): number => {
    const [a, b] = toParams(u);
    if (!Number.isFinite(a) || !Number.isFinite(b) || FAMILIES[family].check(a, b)) return Infinity;
    return divergence(single(family, a, b)).value;
  };
  const starts: number[][] = [];
  if (start) starts.push(fromParams(start));
  else {
    const hull = pData.supportHull;
    if (family === 'uniform' && Number.isFinite(hull[0]) && Number.isFinite(hull[1])) starts.push(fromParams(hull as [number, number]));
    const mean = pData.mean ?? pData.quantile(0.5);
    const sd = Math.sqrt(pData.variance ?? ((pData.quantile(0.75) - pData.quantile(0.25)) / 1.349) ** 2);
    starts.push(family === 'uniform' ? [mean - 2 * sd, Math.log(4 * sd)] : [mean, Math.log(sd)]);
    if (objective !== 'forward-kl') {
      for (const e of pData.extents) starts.push(family === 'uniform' ? [e.centre - 2 * e.scale, Math.log(4 * e.scale)] : [e.centre, Math.log(e.scale)]);
    }
  }
  let best = minimize(value, starts[0]!, { step: [0.5 * Math.exp(starts[0]![1]!), 0.3], xtol: 1e-9, ftol: 1e-13 });
  for (const x0 of starts.slice(1)) {
    const candidate = minimize(value, x0, { step: [0.5 * Math.exp(x0[1]!), 0.3], xtol: 1e-9, ftol: 1e-13 });
    if (candidate.value < best.value) best = candidate;
  }
  const params = toParams(best.x);
  const distribution = single(family, params[0], params[1]);
  if (best.value === Infinity) {
    const reason = divergence(distribution).reason;
    return { params, distribution, value: Infinity, ...(reason ? { reason: `infinite for every ${family}: ${reason}` } : {}) };
  }
  return { params, distribution, value: best.value };
}
