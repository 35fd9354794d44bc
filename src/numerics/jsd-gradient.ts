/**
 * The exact derivative of JSD(P_data ‖ P_G) when P_G is shifted (P_G^θ is the law of X + θ), from the densities'
 * closed-form slopes rather than from differences of the JSD, so it keeps its relative precision when it is
 * astronomically small — which is the point of Arjovsky & Bottou (2017, §2): as P_data and P_G separate, the JSD
 * tends to log 2 and its gradient to 0, faster than any power of the separation.
 *
 * Write JSD = ∫ f̃(p, q) dx with f̃(p, q) = ½ p log(2p/(p + q)) + ½ q log(q/(p + q)) (the JSD's integrand minus
 * ½ q log 2, which integrates to a constant). Then ∂f̃/∂q = ½ log(1 − D*) with D* = p/(p + q), and for
 * q_θ(x) = q(x − θ):
 *
 *   dJSD/dθ = ½ ∫ −q′(x)·log(1 − D*(x)) dx  +  Σ_edges [f̃(p(e), q(e⁻)) − f̃(p(e), q(e⁺))],
 *
 * the second sum over the points e where q jumps (a uniform component's ends), which slide with θ. Dropping the
 * ½ q log 2 term matters: ∫ q′ log 2 is 0 exactly, but by quadrature it is rounding noise of size 1e-16/σ that
 * would swamp a gradient of 1e-100.
 */
import { Distribution } from '../distributions/distribution.ts';
import { nextDown, nextUp } from '../maths/float-bisection.ts';
import { softplus } from '../maths/logmath.ts';
import { integrateOver, type Estimate } from './divergences.ts';

/**
 * x ↦ p′(x) for a mixture of normal, Laplace, logistic, Cauchy and uniform components, in closed form (a uniform
 * contributes 0 inside; its jumps are in {@link densityEdges}; a Laplace's cusp is a single point).
 *
 * @throws {RangeError} for a custom density(…) component, which has no closed-form slope.
 */
export function densitySlope(d: Distribution): (x: number) => number {
  const parts = d.components.map((c) => {
    const [a, b] = c.params, w = c.weight;
    switch (c.family) {
      case 'normal':
        return (x: number) => {
          const z = (x - a) / b;
          return (-w * z * Math.exp(-0.5 * z * z)) / (b * b * Math.sqrt(2 * Math.PI));
        };
      case 'laplace':
        return (x: number) => (-w * Math.sign(x - a) * Math.exp(-Math.abs(x - a) / b)) / (2 * b * b);
      case 'logistic':
        // p = e/(b(1 + e)²) with e = e^{−|z|}; p′ = −sign(z)·p·(1 − e)/(b(1 + e)).
        return (x: number) => {
          const e = Math.exp(-Math.abs((x - a) / b));
          return (-w * Math.sign(x - a) * e * (1 - e)) / (b * b * (1 + e) ** 3);
        };
      case 'cauchy':
        return (x: number) => {
          const z = (x - a) / b;
          return Math.abs(z) > 1e100 ? 0 : (-2 * w * z) / (Math.PI * b * b * (1 + z * z) ** 2);
        };
      case 'uniform':
        return () => 0;
      default:
        throw new RangeError(`the density's slope has no closed form for a ${c.family}(…) component`);
    }
  });
  return (x) => {
    let s = 0;
    for (const f of parts) s += f(x);
    return s;
  };
}

/** The points where a mixture's density jumps (its uniform components' ends), sorted, without repeats. */
export function densityEdges(d: Distribution): number[] {
  const edges = new Set<number>();
  for (const c of d.components) if (c.family === 'uniform') for (const e of c.params) edges.add(e);
  return [...edges].sort((a, b) => a - b);
}

/** f̃(p, q) = ½ p log(2p/(p + q)) + ½ q log(q/(p + q)), with 0·log 0 = 0. */
function reducedIntegrand(p: number, q: number): number {
  const s = p + q;
  if (s === 0) return 0;
  return (p > 0 ? 0.5 * p * Math.log((2 * p) / s) : 0) + (q > 0 ? 0.5 * q * Math.log(q / s) : 0);
}

/**
 * d/dθ JSD(P_data ‖ P_G^θ) at θ = 0, with P_G^θ the law of X + θ for X ~ P_G: exact (see the module comment),
 * in nats per unit of x. NaN, with a reason, where P_G's density jumps at a point where P_data's does too (two
 * edges touching): the JSD has a corner there and different one-sided derivatives.
 *
 * @example
 * // Overlapping uniforms of half-width 1: the JSD is (d/2)·log 2, its slope log(2)/2 until they separate.
 * jsdShiftGradient(parseDistribution('uniform(-1, 1)'), parseDistribution('uniform(0, 2)')).value; // 0.34657…
 * @throws {RangeError} for custom density(…) components (no closed-form slope).
 */
export function jsdShiftGradient(pData: Distribution, pG: Distribution): Estimate {
  const slope = densitySlope(pG);
  const dataEdges = new Set(densityEdges(pData));
  let edgeTerms = 0;
  for (const e of densityEdges(pG)) {
    const below = pG.pdf(nextDown(e)), above = pG.pdf(nextUp(e));
    if (below === above) continue;
    if (dataEdges.has(e)) {
      return { value: NaN, error: 0, evaluations: 0, reason: `p_g's edge at x = ${e} meets an edge of p_data: the JSD has a corner in θ there` };
    }
    const p = pData.pdf(e);
    edgeTerms += reducedIntegrand(p, below) - reducedIntegrand(p, above);
  }
  const interior = integrateOver(
    (x, residual) => {
      const lq = pG.logPdf(x, residual);
      if (lq === -Infinity) return 0;
      const lp = pData.logPdf(x, residual);
      const s = slope(x + residual);
      // −q′·log(1 − D*) = q′·softplus(log p − log q); 0 where p = 0.
      return s === 0 || lp === -Infinity ? 0 : 0.5 * s * softplus(lp - lq);
    },
    [pData, pG],
    // Relative accuracy only: the gradient is 1e-49 for normals 30σ apart, far below the default absolute target.
    { epsabs: 0 },
  );
  return { value: interior.value + edgeTerms, error: interior.error, evaluations: interior.evaluations };
}

/**
 * The leading term of dJSD/dd for P_data = normal(0, σ), P_G = normal(d, σ) as d/σ → ∞:
 * √(2π)/(4σ)·e^{−d²/(8σ²)}. It comes from log 2 − JSD ≈ √(2π)(σ/d)·e^{−d²/(8σ²)}: near the midpoint d/2, where
 * the two densities cross, substitute t = d(x − d/2)/σ², and the remaining integral is ∫ e^{−t/2}h(t) dt = 4π with
 * h(t) = (1 + e^t)log(1 + e^t) − t·e^t. Keeping the next term (the factor e^{−σ²t²/(2d²)} dropped above, whose
 * t²-moment is ∫ t²e^{−t/2}h(t) dt = 32π + 4π³) gives the slope times 1 − (π²/2)(σ/d)² + O((σ/d)⁴).
 */
export function separatedNormalsJsdSlope(d: number, sigma: number): number {
  return (Math.sqrt(2 * Math.PI) / (4 * sigma)) * Math.exp(-(d * d) / (8 * sigma * sigma));
}
