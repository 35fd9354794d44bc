/**
 * The step of Goodfellow et al.'s proof that rewrites an expectation over the latent z as an integral against the
 * generator's density, E_z[f(G(z))] = ∫ p_g(x) f(x) dx, computed both ways for a map G of the line and
 * z ~ N(0, 1), by quadratures that share nothing but G: one over z, one over x against the exact push-forward
 * density p_g (`PushForward`). It is the law of the unconscious statistician, and holds for any measurable G.
 *
 * And the textbook's single-branch change of variables, p(x) = φ(G⁻¹(x))/|G′(G⁻¹(x))| with one inverse G⁻¹,
 * integrated over x with its own root-finding: for a G that is not one-to-one it describes only the branch it
 * inverts, so its mass is that branch's latent mass Φ(z₁) − Φ(z₀), not 1.
 *
 * The integrands f(x, log p_g(x)) receive log p_g at the point too, so f = log(1 − D*) costs one evaluation of the
 * density, not two.
 */
import erfc from '@stdlib/math-base-special-erfc';
import type { Density } from '../distributions/density.ts';
import type { LineMap, MonotonePiece, PushForward } from '../distributions/pushforward.ts';
import { integrateLine, type QuadratureOptions } from '../maths/quadrature.ts';
import { integrateOver, type Estimate } from './divergences.ts';

/** f(x) given x and log p_g(x) there (+∞ at an atom or a fold, where p_g is a point mass or infinite). */
export type PushForwardIntegrand = (x: number, logPg: number) => number;

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const phi = (z: number) => Math.exp(-0.5 * z * z - LOG_SQRT_2PI);

/** Φ(b) − Φ(a), the latent mass of [a, b], without cancellation in either tail. */
export function latentMass(a: number, b: number): number {
  if (a >= 0) return 0.5 * (erfc(a / Math.SQRT2) - erfc(b / Math.SQRT2));
  if (b <= 0) return 0.5 * (erfc(-b / Math.SQRT2) - erfc(-a / Math.SQRT2));
  return 1 - 0.5 * (erfc(b / Math.SQRT2) + erfc(-a / Math.SQRT2));
}

/**
 * The x values where an f built from p_g (such as log(1 − D*)) may jump: the fold and kink values, where a branch
 * of p_g begins or ends, and the atoms.
 */
export function criticalValues(pg: PushForward): number[] {
  const xs = [...pg.criticalPoints.map((c) => c.x), ...pg.atoms.map((a) => a.x)];
  for (const p of pg.pieces) xs.push(p.x0, p.x1);
  return [...new Set(xs.filter(Number.isFinite))].sort((a, b) => a - b);
}

/** The latent interval the push-forward describes (its pieces and atoms). */
function latentSpan(pg: PushForward): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const p of pg.pieces) [lo, hi] = [Math.min(lo, p.z0), Math.max(hi, p.z1)];
  for (const a of pg.atoms) [lo, hi] = [Math.min(lo, a.z[0]), Math.max(hi, a.z[1])];
  return [lo, hi];
}

/**
 * E_z[f(G(z))] = ∫ φ(z) f(G(z)) dz, by quadrature over z: cut at G's critical points and at every latent
 * preimage of a critical value (where f∘G may jump, as log(1 − D*) does when x crosses a fold value of another
 * branch), over the latent interval the density describes.
 *
 * log p_g(G(z)) is taken as at least z's own branch term log φ(z) − log|G′(z)|, which it always is: in a tail where
 * G has saturated, G(z) rounds to the support's edge and the density's root search cannot find z again.
 */
export function expectationOverLatent(pg: PushForward, g: LineMap, gPrime: LineMap, f: PushForwardIntegrand, options: QuadratureOptions = {}): Estimate {
  const [zLo, zHi] = latentSpan(pg);
  const cuts = [0, ...pg.criticalPoints.map((c) => c.z)];
  for (const a of pg.atoms) cuts.push(...a.z);
  for (const x of criticalValues(pg)) cuts.push(...pg.roots(x));
  if (Number.isFinite(zLo)) cuts.push(zLo);
  if (Number.isFinite(zHi)) cuts.push(zHi);
  const r = integrateLine(
    (z) => {
      if (!(z >= zLo && z <= zHi)) return 0;
      const w = phi(z);
      if (w === 0) return 0;
      const x = g(z);
      const own = -0.5 * z * z - LOG_SQRT_2PI - Math.log(Math.abs(gPrime(z)));
      return w * f(x, Math.max(pg.logPdf(x), own));
    },
    cuts,
    { epsabs: 1e-11, epsrel: 1e-10, limit: 3000, ...options },
  );
  return { value: r.value, error: r.error, evaluations: r.evaluations };
}

/**
 * ∫ p_g(x) f(x) dx + Σ over atoms of mass·f(x_atom), by quadrature over x on the numerics core's grid for p_g (and
 * for `others`, the densities f is built from): the route by which the core integrates V(G, D), cut at p_g's fold
 * values with graded cuts so the |x − x_c|^(−1/2) singularities integrate to rounding.
 */
export function integralOverData(pg: PushForward, f: PushForwardIntegrand, others: readonly Density[] = [], options: QuadratureOptions = {}): Estimate {
  const continuous = integrateOver(
    (x) => {
      const lq = pg.logPdf(x);
      return lq === -Infinity ? 0 : Math.exp(lq) * f(x, lq);
    },
    [pg, ...others],
    { epsabs: 1e-11, epsrel: 1e-10, limit: 3000, ...options },
  );
  let atoms = 0;
  for (const a of pg.atoms) atoms += a.mass * f(a.x, Infinity);
  return { ...continuous, value: continuous.value + atoms };
}

/**
 * The branch a textbook's G⁻¹ would take: the monotone piece holding z = 0 (the one right of 0 when a fold sits at
 * 0, as √x is for z²); or, with no piece there, the piece of largest latent mass.
 */
export function principalBranch(pg: PushForward): MonotonePiece | undefined {
  const holding = pg.pieces.find((p) => p.z0 <= 0 && 0 < p.z1);
  if (holding) return holding;
  let best: MonotonePiece | undefined, mass = -1;
  for (const p of pg.pieces) {
    const m = latentMass(p.z0, p.z1);
    if (m > mass) [best, mass] = [p, m];
  }
  return best;
}

/**
 * G⁻¹(x) on one monotone branch, by Newton's method kept inside a bracket (rtsafe), its own root-finding and not
 * the push-forward's; undefined where x is outside the branch's image.
 */
export function branchInverse(piece: MonotonePiece, g: LineMap, gPrime: LineMap): (x: number) => number | undefined {
  const lo = Math.min(piece.x0, piece.x1), hi = Math.max(piece.x0, piece.x1);
  const s = piece.direction;
  return (x) => {
    if (!(x >= lo && x <= hi)) return undefined;
    // Bracket [a, b] with s·(G − x) ≤ 0 at a and ≥ 0 at b; an infinite end is approached by doubling.
    let a = piece.z0, b = piece.z1;
    if (!Number.isFinite(a)) {
      const ref = Number.isFinite(b) ? b : 0;
      let step = 1;
      a = ref - step;
      while (s * (g(a) - x) > 0 && step < 1e12) a = ref - (step *= 2);
    }
    if (!Number.isFinite(b)) {
      const ref = a;
      let step = 1;
      b = ref + step;
      while (s * (g(b) - x) < 0 && step < 1e12) b = ref + (step *= 2);
    }
    const F = (z: number) => s * (g(z) - x);
    if (F(a) > 0 || F(b) < 0) return undefined;
    let z = 0.5 * (a + b);
    for (let it = 0; it < 200; it++) {
      const fz = F(z);
      if (fz === 0) return z;
      if (fz < 0) a = z;
      else b = z;
      const d = s * gPrime(z);
      const newton = z - fz / d;
      const next = d > 0 && newton > a && newton < b ? newton : 0.5 * (a + b);
      if (next === z || !(b - a > 2 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b), 1e-300))) return next;
      z = next;
    }
    return z;
  };
}

/** The naive single-branch density φ(G⁻¹(x))/|G′(G⁻¹(x))| (0 outside the branch's image). */
export function singleBranchDensity(piece: MonotonePiece, g: LineMap, gPrime: LineMap): (x: number) => number {
  const inverse = branchInverse(piece, g, gPrime);
  return (x) => {
    const z = inverse(x);
    if (z === undefined) return 0;
    const d = Math.abs(gPrime(z));
    return d === 0 ? Infinity : phi(z) / d;
  };
}

/**
 * ∫ φ(G⁻¹(x))/|G′(G⁻¹(x))| f(x) dx over one branch's image, by quadrature over x with its own inverse: the branch
 * is split at an interior point, and each half is integrated from its end with x = x_e ± t² where the end z_e is
 * finite (which makes a fold's |x − x_e|^(−1/2) a bounded integrand in t), and plainly in x out to an infinite end.
 * `jumps` are x values where f may jump (cut there).
 */
export function singleBranchIntegral(
  piece: MonotonePiece,
  g: LineMap,
  gPrime: LineMap,
  f: (x: number) => number,
  jumps: readonly number[] = [],
  options: QuadratureOptions = {},
): Estimate {
  const opts = { epsabs: 1e-12, epsrel: 1e-11, limit: 2000, ...options };
  const inverse = branchInverse(piece, g, gPrime);
  const zm = Number.isFinite(piece.z0) ? (Number.isFinite(piece.z1) ? 0.5 * (piece.z0 + piece.z1) : Math.max(piece.z0 + 1, 0)) : Math.min(piece.z1 - 1, 0);
  const xm = g(zm);
  let value = 0, error = 0, evaluations = 0;
  for (const [ze, xe] of [[piece.z0, piece.x0], [piece.z1, piece.x1]] as const) {
    const lo = Math.min(xm, xe), hi = Math.max(xm, xe);
    const inside = jumps.filter((x) => x > lo && x < hi);
    if (Number.isFinite(ze) && Number.isFinite(xe)) {
      const sigma = Math.sign(xm - xe), T = Math.sqrt(Math.abs(xm - xe));
      if (!(T > 0)) continue;
      const r = integrateLine(
        (t) => {
          if (!(t > 0 && t < T)) return 0;
          const x = xe + sigma * t * t;
          const z = inverse(x);
          if (z === undefined) return 0;
          const d = Math.abs(gPrime(z)), w = phi(z);
          // 2t/|G′(z)| stays bounded at a fold (|G′| ≈ |G″|·|u| and t² ≈ |G″|u²/2); where G′ rounds to 0 the cell carries no mass.
          return w === 0 || d === 0 ? 0 : ((2 * t * w) / d) * f(x);
        },
        [0, T, ...inside.map((x) => Math.sqrt(Math.abs(x - xe)))],
        opts,
      );
      [value, error, evaluations] = [value + r.value, error + r.error, evaluations + r.evaluations];
    } else {
      const r = integrateLine(
        (x) => {
          if (!(x > lo && x < hi)) return 0;
          const z = inverse(x);
          if (z === undefined) return 0;
          const d = Math.abs(gPrime(z)), w = phi(z);
          return w === 0 || d === 0 ? 0 : (w / d) * f(x);
        },
        [xm, ...(Number.isFinite(xe) ? [xe] : []), ...inside],
        { ...opts, tailScale: Math.max(1e-12, Math.abs(gPrime(zm))) },
      );
      [value, error, evaluations] = [value + r.value, error + r.error, evaluations + r.evaluations];
    }
  }
  return { value, error, evaluations };
}
