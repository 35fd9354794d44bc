/**
 * Total variation distance TV(P, Q) = ½∫|p − q| = sup_A |P(A) − Q(A)|, in [0, 1]: 0 only when P = Q, 1 only when
 * the supports are disjoint. It brackets the Jensen–Shannon divergence from both sides (in nats),
 *
 *   TV²/2 ≤ JSD(P‖Q) ≤ log 2 · TV,
 *
 * the lower bound from Pinsker's inequality applied to both KL terms against M = (P + Q)/2 (TV(P, M) = TV/2), the
 * upper because, with p = s(1 + t)/2 and q = s(1 − t)/2, the JSD integrand is (s/2)·φ(t) for the convex
 * φ(t) = ½[(1 + t)log(1 + t) + (1 − t)log(1 − t)] with φ(0) = 0 and φ(±1) = log 2, so φ(t) ≤ |t|·log 2.
 * Computed from the densities alone (never from a divergence), so the pages can check the JSD's range against it.
 */
import type { Distribution } from '../distributions/distribution.ts';
import type { QuadratureOptions } from '../maths/quadrature.ts';
import { integrateOver, type Estimate } from './divergences.ts';

/** TV(P, Q) = ½∫|p − q| by adaptive quadrature. */
export function totalVariation(p: Distribution, q: Distribution, options?: QuadratureOptions): Estimate {
  return integrateOver((x) => 0.5 * Math.abs(p.pdf(x) - q.pdf(x)), [p, q], options);
}
