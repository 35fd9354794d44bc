/**
 * The forward-KL minimiser θ* = argmin_θ KL(P‖P_θ) of a location–scale family, found without minimising
 * anything: it is where the gradient of the cross-entropy vanishes. With P_θ(x) = f((x − a)/s)/s and
 * ψ = −(log f)′, the two stationarity (score) equations are
 *
 *   E_P[ψ(Z)] = 0  and  E_P[Z·ψ(Z)] = 1,   Z = (X − a)/s.
 *
 * ψ(z) = z for the normal gives the mean and standard deviation; ψ = sign gives the median and the mean absolute
 * deviation from it (Laplace); both are closed forms. The logistic (ψ = tanh(z/2)) and Cauchy (ψ = 2z/(1 + z²))
 * have none, so the equations are solved by Newton's method from the median and quartiles. This shares no code
 * with `projection` (Nelder–Mead on the KL itself), so the page can check one against the other.
 */
import type { Distribution } from '../distributions/distribution.ts';
import { integrateLine } from '../maths/quadrature.ts';
import { quadratureGrid } from './divergences.ts';

export type LocationScaleFamily = 'normal' | 'laplace' | 'logistic' | 'cauchy';

export interface ScoreSolution {
  readonly params: readonly [number, number];
  readonly method: string;
}

const PSI: Record<'logistic' | 'cauchy', (z: number) => number> = {
  logistic: (z) => Math.tanh(z / 2),
  cauchy: (z) => (2 * z) / (1 + z * z),
};

/** E_P[g(X)] by quadrature, with extra cuts (a kink of g). */
function expectation(p: Distribution, g: (x: number) => number, cuts: readonly number[] = []): number {
  const grid = quadratureGrid(p);
  return integrateLine((x) => {
    const d = p.pdf(x);
    return d === 0 ? 0 : d * g(x);
  }, [...grid.breakpoints, ...cuts], { tailScale: grid.tailScale }).value;
}

/**
 * θ* = (location, scale) for `family` from its score equations; undefined when KL(P‖P_θ) is +∞ for every θ (then
 * there is no minimiser) or Newton's method does not converge.
 *
 * @example
 * forwardKlByScoreEquations(parseDistribution('0.5*normal(-1, 1) + 0.5*normal(1, 1)'), 'normal')?.params; // [0, √2]
 */
export function forwardKlByScoreEquations(p: Distribution, family: LocationScaleFamily): ScoreSolution | undefined {
  if (family === 'normal') {
    const mean = p.mean, variance = p.variance;
    if (mean === undefined || variance === undefined) return undefined;
    return { params: [mean, Math.sqrt(variance)], method: 'closed form: the mean and standard deviation of p_data' };
  }
  if (family === 'laplace') {
    if (p.tails.left === 'polynomial' || p.tails.right === 'polynomial') return undefined;
    const median = p.quantile(0.5);
    return { params: [median, expectation(p, (x) => Math.abs(x - median), [median])], method: 'closed form: the median of p_data and the mean absolute deviation from it' };
  }
  if (family === 'logistic' && (p.tails.left === 'polynomial' || p.tails.right === 'polynomial')) return undefined;
  const psi = PSI[family];
  // Residuals of the two equations at (a, u = log s).
  const residual = (a: number, u: number): [number, number] => {
    const s = Math.exp(u);
    return [expectation(p, (x) => psi((x - a) / s)), expectation(p, (x) => ((x - a) / s) * psi((x - a) / s)) - 1];
  };
  let a = p.quantile(0.5);
  let u = Math.log((p.quantile(0.75) - p.quantile(0.25)) / 2);
  let r = residual(a, u);
  for (let iteration = 0; iteration < 60; iteration++) {
    const h = 1e-6;
    const ra = residual(a + h, u), ru = residual(a, u + h);
    const j = [[(ra[0] - r[0]) / h, (ru[0] - r[0]) / h], [(ra[1] - r[1]) / h, (ru[1] - r[1]) / h]] as const;
    const det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
    if (!Number.isFinite(det) || det === 0) return undefined;
    let da = -(j[1][1] * r[0] - j[0][1] * r[1]) / det;
    let du = -(-j[1][0] * r[0] + j[0][0] * r[1]) / det;
    // Damped: halve the step until the residual shrinks (Newton can overshoot far from the root).
    const size = Math.hypot(...r);
    let next = residual(a + da, u + du);
    for (let k = 0; k < 30 && !(Math.hypot(...next) < size); k++) {
      da /= 2;
      du /= 2;
      next = residual(a + da, u + du);
    }
    a += da;
    u += du;
    r = next;
    const converged = (Math.abs(da) < 1e-12 * Math.exp(u) && Math.abs(du) < 1e-12) || Math.hypot(...r) < 1e-14;
    if (converged) return { params: [a, Math.exp(u)], method: `Newton's method on the score equations (${iteration + 1} steps)` };
  }
  return undefined;
}
