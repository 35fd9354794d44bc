/**
 * Proposition 2 of Goodfellow et al. (2014) made computable: the generator's distribution p_g updated directly
 * ("in function space"), with the discriminator at its optimum after every step. On a grid of n cells p_g is a
 * vector of masses g (Σg = 1) and p_data one of masses π, and with D*ᵢ = πᵢ/(πᵢ + gᵢ)
 *
 *   C(g) = max_D U(g, D) = Σ πᵢ log(πᵢ/(πᵢ + gᵢ)) + gᵢ log(gᵢ/(πᵢ + gᵢ)) = −log 4 + 2·JSD(π‖g),
 *
 * exactly, with no quadrature. U(g, D) = Σ πᵢ log Dᵢ + gᵢ log(1 − Dᵢ) is linear in g for each D, so its maximum
 * over D is convex in g, and (the proof's argument) the derivative of U at D* is a subgradient of C:
 * ∂C/∂gᵢ = log(1 − D*ᵢ) = log(gᵢ/(πᵢ + gᵢ)). The update is a gradient step on the simplex in the geometry of the
 * KL divergence (mirror descent, exponentiated gradient): gᵢ ← gᵢ·exp(−η ∂C/∂gᵢ)/Z = gᵢ^{1−η}(πᵢ + gᵢ)^η / Z.
 * With η = 1 it replaces g by the mixture (g + π)/2 in one step; for η < 1 it multiplies every mass by a factor, so
 * it cannot create mass in a cell where g is 0.
 */
import type { Distribution } from '../distributions/distribution.ts';

/** The masses of d in n equal cells of [lo, hi], from its CDF, renormalised to sum to 1 over the range. */
export function cellMasses(d: Distribution, lo: number, hi: number, n: number): Float64Array {
  if (!(hi > lo) || !Number.isInteger(n) || n < 2) throw new RangeError(`cellMasses needs lo < hi and an integer n ≥ 2, got [${lo}, ${hi}], n = ${n}`);
  const masses = new Float64Array(n);
  let previous = d.cdf(lo), total = 0;
  for (let i = 0; i < n; i++) {
    const next = d.cdf(lo + ((hi - lo) * (i + 1)) / n);
    masses[i] = Math.max(0, next - previous);
    total += masses[i]!;
    previous = next;
  }
  if (!(total > 0)) throw new RangeError(`the distribution has no mass on [${lo}, ${hi}]`);
  return masses.map((m) => m / total);
}

/** x·log(x/(x + y)), with 0·log 0 = 0. */
const term = (x: number, y: number) => (x > 0 ? x * Math.log(x / (x + y)) : 0);

/** C(g) = Σ πᵢ log D*ᵢ + gᵢ log(1 − D*ᵢ) with D* = π/(π + g): the value function at the optimal discriminator. */
export function criterionOnGrid(pi: ArrayLike<number>, g: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < pi.length; i++) c += term(pi[i]!, g[i]!) + term(g[i]!, pi[i]!);
  return c;
}

/** ∂U/∂gᵢ at D = D*: log(1 − D*ᵢ) = log(gᵢ/(πᵢ + gᵢ)); 0 where both masses are 0 (D* undefined, no weight). */
export function criterionGradient(pi: ArrayLike<number>, g: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: pi.length }, (_, i) => (pi[i]! + g[i]! > 0 ? Math.log(g[i]! / (pi[i]! + g[i]!)) : 0));
}

/** One mirror-descent step of size η on C: gᵢ ← gᵢ^{1−η}(πᵢ + gᵢ)^η, normalised. */
export function functionSpaceStep(pi: ArrayLike<number>, g: ArrayLike<number>, eta: number): Float64Array {
  if (!Number.isFinite(eta)) throw new RangeError(`invalid step size: ${eta}`);
  const next = Float64Array.from({ length: g.length }, (_, i) => {
    const gi = g[i]!, s = pi[i]! + gi;
    if (gi === 0) return eta === 1 ? s : 0;
    // In logs: gᵢ can be 1e-300 where p_data's mass is far away, and s/gᵢ would overflow.
    return Math.exp((1 - eta) * Math.log(gi) + eta * Math.log(s));
  });
  let total = 0;
  for (const v of next) total += v;
  return next.map((v) => v / total);
}

export interface FunctionSpaceRun {
  /** C(g_t) for t = 0 … iterations. */
  readonly c: Float64Array;
  /** g_t at the requested iterations. */
  readonly snapshots: readonly { readonly t: number; readonly g: Float64Array }[];
}

/** `iterations` steps from g0, recording C after each and g at the `keep` iterations. */
export function functionSpaceDescent(pi: ArrayLike<number>, g0: ArrayLike<number>, eta: number, iterations: number, keep: readonly number[] = []): FunctionSpaceRun {
  const c = new Float64Array(iterations + 1);
  const snapshots: { t: number; g: Float64Array }[] = [];
  let g: Float64Array = Float64Array.from(g0);
  for (let t = 0; t <= iterations; t++) {
    c[t] = criterionOnGrid(pi, g);
    if (keep.includes(t)) snapshots.push({ t, g });
    if (t < iterations) g = functionSpaceStep(pi, g, eta);
  }
  return { c, snapshots };
}
