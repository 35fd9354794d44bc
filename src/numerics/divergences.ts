/**
 * Information-theoretic divergences between 1-D distributions, by adaptive Gauss–Kronrod quadrature over the
 * whole line, in nats. Each returns an {@link Estimate}: the value, the quadrature's error estimate, the number of
 * density evaluations, and, when the value is +∞, the reason.
 */
import type { Distribution } from '../distributions/distribution.ts';
import { logAddExp } from './logmath.ts';
import { integrateLine, type QuadratureOptions } from './quadrature.ts';
import { infiniteKlReason } from './support.ts';

export interface Estimate {
  readonly value: number;
  /** The quadrature's (conservative) absolute error estimate; 0 for values decided by analysis. */
  readonly error: number;
  /** Integrand evaluations (each evaluates both densities once). */
  readonly evaluations: number;
  /** Why the value is infinite, in words a page can print. */
  readonly reason?: string;
}

/** Where to cut the line and how wide the tails are, for integrands built from p and q. */
export function quadratureGrid(...ds: readonly Distribution[]): { breakpoints: number[]; tailScale: number } {
  const breakpoints: number[] = [];
  let tailScale = 0;
  for (const d of ds) {
    breakpoints.push(...d.breakpoints);
    for (const e of d.extents) tailScale = Math.max(tailScale, e.scale);
  }
  return { breakpoints, tailScale };
}

function integrate(f: (x: number) => number, ds: readonly Distribution[], options?: QuadratureOptions): Estimate {
  const grid = quadratureGrid(...ds);
  const r = integrateLine(f, grid.breakpoints, { tailScale: grid.tailScale, ...options });
  return { value: r.value, error: r.error, evaluations: r.evaluations };
}

/**
 * The KL integrand p·log(p/q) − p + q, written through L = log p − log q. Adding −p + q changes no integral
 * (both densities integrate to 1) but makes the integrand non-negative, so small divergences keep their relative
 * precision; near L = 0 a series avoids the cancellation: (L − 1)e^L + 1 = Σₙ≥₂ Lⁿ (n − 1)/n!.
 */
export function klIntegrand(logP: number, logQ: number): number {
  if (logP === -Infinity) return logQ === -Infinity ? 0 : Math.exp(logQ);
  // q = 0 where p > 0 only on a null set once infiniteKlReason has passed (a support edge).
  if (logQ === -Infinity) return 0;
  const L = logP - logQ;
  if (Math.abs(L) < 0.1) {
    const L2 = L * L;
    const series = L2 * (1 / 2 + L * (1 / 3 + L * (1 / 8 + L * (1 / 30 + L * (1 / 144 + L * (1 / 840 + L * (1 / 5760 + L * (1 / 45360))))))));
    return Math.exp(logQ) * series;
  }
  return Math.exp(logP) * (L - 1) + Math.exp(logQ);
}

/**
 * KL(P‖Q) = ∫ p log(p/q), +∞ (with a reason) when P has mass where Q has none or a heavier (Cauchy) tail.
 *
 * @example
 * klDivergence(parseDistribution('normal(0, 1)'), parseDistribution('normal(1, 2)')).value;
 * // log 2 + (1 + 1)/8 − 1/2 = 0.4431471805599453
 * klDivergence(parseDistribution('cauchy(0, 1)'), parseDistribution('normal(0, 1)')).value; // Infinity
 */
export function klDivergence(p: Distribution, q: Distribution, options?: QuadratureOptions): Estimate {
  const reason = infiniteKlReason(p, q);
  if (reason) return { value: Infinity, error: 0, evaluations: 0, reason };
  return integrate((x) => klIntegrand(p.logPdf(x), q.logPdf(x)), [p, q], options);
}

/** Cross-entropy H(P, Q) = −∫ p log q; +∞ exactly when KL(P‖Q) is (every entropy here is finite). */
export function crossEntropy(p: Distribution, q: Distribution, options?: QuadratureOptions): Estimate {
  const reason = infiniteKlReason(p, q);
  if (reason) return { value: Infinity, error: 0, evaluations: 0, reason };
  return integrate(
    (x) => {
      const lp = p.logPdf(x);
      if (lp === -Infinity) return 0;
      const lq = q.logPdf(x);
      return lq === -Infinity ? 0 : -Math.exp(lp) * lq;
    },
    [p, q],
    options,
  );
}

/** Differential entropy H(P) = −∫ p log p (finite for every family here; negative for narrow densities). */
export function entropy(p: Distribution, options?: QuadratureOptions): Estimate {
  return integrate(
    (x) => {
      const lp = p.logPdf(x);
      return lp === -Infinity ? 0 : -Math.exp(lp) * lp;
    },
    [p],
    options,
  );
}

/**
 * Jensen–Shannon divergence JSD(P‖Q) = ½ KL(P‖M) + ½ KL(Q‖M) with M = (P + Q)/2, in nats (pass `bits: true` for
 * log base 2). Always finite, 0 only when P = Q, and at most log 2 (reached when the supports are disjoint).
 * Computed from the definition (both KL terms against the midpoint mixture, in one quadrature) and never from
 * the discriminator, so that C(G) = −log 4 + 2·JSD can be checked rather than assumed.
 */
export function jsDivergence(p: Distribution, q: Distribution, options?: QuadratureOptions & { bits?: boolean }): Estimate {
  const r = integrate(
    (x) => {
      const lp = p.logPdf(x), lq = q.logPdf(x);
      const lm = logAddExp(lp, lq) - Math.LN2;
      return 0.5 * (klIntegrand(lp, lm) + klIntegrand(lq, lm));
    },
    [p, q],
    options,
  );
  // Not clamped to [0, log 2]: the integrand is pointwise ≥ 0, and the upper bound is left for `verify` to check.
  return options?.bits ? { ...r, value: r.value / Math.LN2, error: r.error / Math.LN2 } : r;
}
