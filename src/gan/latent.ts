/**
 * The generator's latent distribution: z ~ N(0, 1), or u ~ U(−1, 1) written as u = 2Φ(w) − 1 = erf(w/√2) with
 * w ~ N(0, 1). Writing the uniform latent through a normal one keeps p_g exact with the push-forward code, which
 * integrates over a standard normal latent: G(u) with u uniform is H(w) = G(erf(w/√2)) with w normal, and by the
 * chain rule H′(w) = G′(u)·2φ(w), so p_g(x) = Σ φ(w)/|H′(w)| = Σ 1/(2|G′(u)|) over the roots, the uniform latent's
 * density ½ divided by |G′|, as it should be.
 */
import erf from '@stdlib/math-base-special-erf';
import erfc from '@stdlib/math-base-special-erfc';

export type LatentKind = 'normal' | 'uniform';

export const LATENT_KINDS: readonly LatentKind[] = ['normal', 'uniform'];

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** The latent value a standard normal draw w stands for: w itself, or u = 2Φ(w) − 1 ∈ (−1, 1). */
export function latentFromNormal(kind: LatentKind, w: number): number {
  return kind === 'normal' ? w : erf(w / Math.SQRT2);
}

/** erf((w + v)/√2) − erf(w/√2) without cancellation in the tails, where both are close to ±1. */
function erfDifference(w: number, v: number): number {
  const a = w / Math.SQRT2, b = (w + v) / Math.SQRT2;
  // erf b − erf a = erfc a − erfc b, and by symmetry erfc(−b) − erfc(−a) on the negative side.
  if (a >= 0 && b >= 0) return erfc(a) - erfc(b);
  if (a <= 0 && b <= 0) return erfc(-b) - erfc(-a);
  return erf(b) - erf(a);
}

/** A map of the line with its derivative and, optionally, an exact difference, as PushForward takes them. */
export interface LatentMap {
  value(z: number): number;
  derivative(z: number): number;
  difference?: (z: number, u: number) => readonly [number, number];
}

/**
 * The map from a standard normal w to x that a generator G of a uniform latent amounts to: w ↦ G(erf(w/√2)), with
 * derivative G′(u)·2φ(w) and, when G has one, its exact difference (the change in u computed from erfc, so it keeps
 * its precision where u is next to ±1). Pass it to PushForward for the exact p_g of G(u), u ~ U(−1, 1).
 *
 * @example
 * const h = throughUniformLatent({ value: (u) => u, derivative: () => 1 });
 * new PushForward(h.value, h.derivative).pdf(0.3);   // ½: the identity on U(−1, 1)
 * new PushForward(h.value, h.derivative).pdf(1.5);   // 0: outside (−1, 1)
 */
export function throughUniformLatent(g: LatentMap): Required<LatentMap> {
  const u = (w: number) => erf(w / Math.SQRT2);
  const dudw = (w: number) => (2 * Math.exp(-0.5 * w * w)) / SQRT_2PI;
  const gd = g.difference;
  return {
    value: (w) => g.value(u(w)),
    derivative: (w) => {
      const d = dudw(w);
      // Beyond |w| ≈ 38.6, φ(w) underflows to 0 while G′ stays finite: the map is flat there.
      return d === 0 ? 0 : g.derivative(u(w)) * d;
    },
    difference: (w, v) => {
      const du = erfDifference(w, v), d = dudw(w + v);
      if (gd) {
        const [dx, slope] = gd(u(w), du);
        return [dx, d === 0 ? 0 : slope * d];
      }
      const base = u(w);
      return [g.value(base + du) - g.value(base), d === 0 ? 0 : g.derivative(base + du) * d];
    },
  };
}
