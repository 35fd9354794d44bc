/**
 * Information-theoretic divergences between 1-D distributions, by adaptive Gauss–Kronrod quadrature over the
 * whole line, in nats. Each returns an {@link Estimate}: the value, the quadrature's error estimate, the number of
 * density evaluations, and, when the value is +∞, the reason.
 */
import type { Distribution } from '../distributions/distribution.ts';
import { logAddExp } from '../maths/logmath.ts';
import { integrateLine, type QuadratureOptions } from '../maths/quadrature.ts';
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

/**
 * Where to cut the line and how wide the tails are, for integrands built from these densities: every kink and
 * support edge, each component's centre, and for unbounded components c ± 3s and c ± 9s. The ±3s, ±9s cuts give
 * every component pieces of its own width, so a narrow component beside a wide one is never stepped over (a KL
 * integrand can carry weight 9 widths out, where log(p/q) is huge); a cut is skipped when another cut already lies
 * within its own width. Each tail is mapped with the width of the component that reaches furthest on that side.
 */
export function quadratureGrid(...ds: readonly Distribution[]): { breakpoints: number[]; tailScale: [number, number] } {
  const kept: number[] = [];
  const optional: { x: number; width: number }[] = [];
  let lo = Infinity, hi = -Infinity, left = 1, right = 1;
  for (const d of ds) {
    kept.push(...d.breakpoints);
    for (const { centre, scale, bounded } of d.extents) {
      const reach = bounded ? scale : 9 * scale;
      if (!bounded) for (const k of [-9, -3, 3, 9]) optional.push({ x: centre + k * scale, width: scale });
      if (centre - reach < lo) [lo, left] = [centre - reach, scale];
      if (centre + reach > hi) [hi, right] = [centre + reach, scale];
    }
  }
  kept.sort((a, b) => a - b);
  // Finest cuts first, so a wide component's cut gives way to a narrow one's, never the reverse.
  optional.sort((a, b) => a.width - b.width);
  for (const { x, width } of optional) {
    let i = 0, j = kept.length;
    while (i < j) {
      const m = (i + j) >> 1;
      if (kept[m]! < x) i = m + 1;
      else j = m;
    }
    const near = Math.min(i < kept.length ? kept[i]! - x : Infinity, i > 0 ? x - kept[i - 1]! : Infinity);
    if (near >= width) kept.splice(i, 0, x);
  }
  return { breakpoints: kept, tailScale: [left, right] };
}

/** ∫ f over the line, cut by {@link quadratureGrid} for the densities f is built from. */
export function integrateOver(f: (x: number) => number, ds: readonly Distribution[], options?: QuadratureOptions): Estimate {
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
  return integrateOver((x) => klIntegrand(p.logPdf(x), q.logPdf(x)), [p, q], options);
}

/** Cross-entropy H(P, Q) = −∫ p log q; +∞ exactly when KL(P‖Q) is (every entropy here is finite). */
export function crossEntropy(p: Distribution, q: Distribution, options?: QuadratureOptions): Estimate {
  const reason = infiniteKlReason(p, q);
  if (reason) return { value: Infinity, error: 0, evaluations: 0, reason };
  return integrateOver(
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
  return integrateOver(
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
  const r = integrateOver(
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
