/**
 * What the numerics core needs from a 1-D distribution: its log-density and density, where a quadrature should
 * cut the line, how wide its parts are, its support and tails, and its quantiles. A mixture ({@link Distribution})
 * has all of these, and so does the push-forward of N(0, 1) through a generator (`pushforward.ts`), so KL, JSD,
 * D*, V and C(G) are computed by the same code for both.
 */
import type { TailKind } from './family.ts';

export interface Density {
  /**
   * log p(x); −∞ only outside the support. A quadrature passes `residual`, what rounding took off its node (the
   * node is x + residual); an implementation may use it to keep narrow parts far from 0 precise, or ignore it.
   */
  logPdf(x: number, residual?: number): number;
  pdf(x: number, residual?: number): number;
  /** The p-quantile. */
  quantile(p: number): number;
  /** The support as disjoint closed intervals, sorted. */
  readonly support: readonly (readonly [number, number])[];
  /** The smallest interval holding the support. */
  readonly supportHull: readonly [number, number];
  /** How fast the density falls off on each side (KL is infinite when P's tail is polynomial and Q's is not). */
  readonly tails: { readonly left: TailKind; readonly right: TailKind };
  /** Where a quadrature should cut the line: centres, kinks, support edges, singular points. */
  readonly breakpoints: readonly number[];
  /** Typical centres and widths of the density's parts, for plot ranges and quadrature tails. */
  readonly extents: readonly { readonly centre: number; readonly scale: number; readonly weight: number; readonly bounded: boolean; readonly tail?: TailKind }[];
}
