import type { Density } from '../distributions/density.ts';
import { formatNumber } from '../format.ts';

/**
 * Why KL(P‖Q) is +∞, decided by analysis rather than by a quadrature that happens to blow up; undefined when
 * it is finite. Two things make it infinite for these families:
 *
 * 1. P puts mass where Q has none: some part of P's support of positive length lies outside Q's support
 *    (uniform components and custom density(…) components have zero regions: outside their range, and
 *    wherever the formula is 0 over a stretch).
 * 2. P's tail is polynomial (a Cauchy component, density ~ 1/x²) while Q's is exponential or lighter on that side:
 *    then log(p/q) grows at least like |x|, and ∫ x · x⁻² dx diverges logarithmically. Every other pairing of
 *    tails here gives a finite integral (e^{−|x|/b}·x² and e^{−x²}·x² are integrable).
 */
export function infiniteKlReason(p: Density, q: Density): string | undefined {
  const outside = uncovered(p.support, q.support);
  if (outside) {
    const [a, b] = outside;
    return `P puts mass on [${fmt(a)}, ${fmt(b)}] where Q has zero density, so log(P/Q) = +∞ there`;
  }
  const pt = p.tails, qt = q.tails;
  for (const side of ['left', 'right'] as const) {
    if (pt[side] === 'polynomial' && qt[side] !== 'polynomial') {
      return `P has a Cauchy (1/x²) ${side} tail but Q's ${side} tail is ${qt[side]}: log(P/Q) grows without bound there and ∫ P·log(P/Q) diverges`;
    }
  }
  return undefined;
}

/** The first piece of positive length of `inner` not covered by `outer` (both sorted disjoint intervals). */
function uncovered(
  inner: readonly (readonly [number, number])[],
  outer: readonly (readonly [number, number])[],
): readonly [number, number] | undefined {
  for (const [lo, hi] of inner) {
    let from = lo;
    for (const [a, b] of outer) {
      if (b <= from) continue;
      if (a > from) return [from, Math.min(a, hi)];
      from = b;
      if (from >= hi) break;
    }
    if (from < hi) return [from, hi];
  }
  return undefined;
}

const fmt = (x: number) => formatNumber(x, 6);
