/**
 * Where a map of the line jumps. {@link PushForward} cuts G into monotone pieces by the sign of G′ and assumes G
 * is continuous, so that each piece covers the interval between its end values; a formula can jump (floor, sign,
 * a conditional, mod), and then p_g would be computed over values G never takes. A jump shows as an increment
 * G(b) − G(a) that ∫ₐᵇ G′ does not account for, however small the cell: on each cell of a 1/64 grid the two are
 * compared (the integral by Simpson's rule), and a cell where they differ is halved towards the difference until
 * either it vanishes (a smooth map the grid did not resolve) or the cell is a few ulps wide (a jump).
 */
import type { LineMap } from './pushforward.ts';

export interface Jump {
  /** Where G jumps (to within a few ulps). */
  readonly z: number;
  /** G just left and just right of z. */
  readonly from: number;
  readonly to: number;
}

/** |ΔG − ∫G′| relative to the cell's own scale: above this a cell is examined. */
const SUSPECT = 1e-6;
/** Halvings of a suspect cell: 1/64 · 2⁻⁴⁰ ≈ 1.4e-14, below which a smooth map's discrepancy has vanished. */
const HALVINGS = 40;

/** G(b) − G(a) − ∫ₐᵇ G′ (Simpson), the part of the increment the derivative does not account for. */
function discrepancy(g: LineMap, gPrime: LineMap, a: number, b: number): number {
  return Math.abs(g(b) - g(a) - ((b - a) / 6) * (gPrime(a) + 4 * gPrime(0.5 * (a + b)) + gPrime(b)));
}

/**
 * The first jump of G over [−range, range] (default the push-forward's latent range, 12), or undefined. On a
 * suspect cell the discrepancy is followed down 40 halvings: a smooth map's falls like the width⁵, a kink's like
 * the width (the derivative jumps, not G), while a jump keeps it at the jump's size.
 */
export function findJump(g: LineMap, gPrime: LineMap, range = 12, spacing = 1 / 64): Jump | undefined {
  const cells = Math.ceil((2 * range) / spacing);
  for (let i = 0; i < cells; i++) {
    let a = -range + i * spacing, b = Math.min(range, a + spacing);
    const d0 = discrepancy(g, gPrime, a, b);
    if (!(d0 > SUSPECT * (Math.abs(g(b) - g(a)) + spacing * Math.abs(gPrime(a))))) continue;
    for (let k = 0; k < HALVINGS; k++) {
      const m = 0.5 * (a + b);
      if (discrepancy(g, gPrime, a, m) >= discrepancy(g, gPrime, m, b)) b = m;
      else a = m;
    }
    const [from, to] = [g(a), g(b)];
    const rounding = 64 * Number.EPSILON * (Math.abs(from) + Math.abs(to));
    if (discrepancy(g, gPrime, a, b) > Math.max(0.5 * d0, rounding)) return { z: 0.5 * (a + b), from, to };
  }
  return undefined;
}
