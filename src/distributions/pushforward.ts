/**
 * The exact density of x = G(z), z ~ N(0, 1), for a smooth (or piecewise smooth) map G of the line: the
 * push-forward p_g(x) = Σ over the roots z of G(z) = x of φ(z)/|G′(z)| (the change of variables applied on each
 * branch where G is monotone). No inverse of G is needed, and none exists when G folds the line.
 *
 * How it is computed, from G and G′ alone:
 * 1. G′ is tabulated on a uniform z-grid over [−12, 12] (1/64 apart), refined where |G′| dips: a golden-section
 *    search at every local minimum of |G′| finds folds closer together than the grid and points where G′ touches 0.
 * 2. The sign changes of G′ (bisected to machine precision) cut the line into monotone pieces. Beyond |z| = 12 the
 *    outer pieces are extended to ±∞ when G′ keeps its sign out to |z| = 10⁶, and otherwise end at ±12; either way
 *    the latent mass never examined, 2Φ(−12) ≈ 3.6e-33, is reported (`uncheckedLatentMass`).
 * 3. Stretches where G′ is exactly 0 (a flat piece) are atoms of p_g, reported with their mass Φ(b) − Φ(a); the
 *    density describes the rest, the absolutely continuous part.
 * 4. p_g(x) finds the root on each piece whose image holds x (bracketed from the table, then safeguarded Newton).
 *    Near a fold z_c (G′(z_c) = 0, value x_c) p_g ~ |x − x_c|^(−1/2); there the root is solved for relative to
 *    the fold, u = z − z_c with ∫₀ᵘ G′ = x − x_c (Gauss–Legendre), so it keeps full precision.
 * 5. ∫ p_g f dx (`integrate`) is a quadrature over x, branch by branch, with x = x_e ± t² at every finite end of
 *    a branch: the substitution turns the fold's |x − x_c|^(−1/2) into a bounded integrand (treated analytically,
 *    not sampled). E_z[f(G(z))] (`expectation`) is a quadrature over z. That the two agree is the law of the
 *    unconscious statistician, which the theory page checks.
 */
import erfc from '@stdlib/math-base-special-erfc';
import { integrateLine } from '../maths/quadrature.ts';
import type { Random } from '../maths/random.ts';
import type { Density } from './density.ts';
import type { TailKind } from './family.ts';

/** A map of the line and its derivative, as plain functions of z. */
export type LineMap = (z: number) => number;

export interface PushForwardOptions {
  /** Half-width of the tabulated latent range (default 12: 2Φ(−12) ≈ 3.6e-33 of the latent mass lies beyond). */
  readonly latentRange?: number;
  /** Grid spacing in z (default 1/64). */
  readonly spacing?: number;
}

/** A point mass of p_g: G is constant (= x) on the latent interval [z0, z1]. */
export interface Atom {
  readonly x: number;
  readonly mass: number;
  readonly z: readonly [number, number];
}

/** How a monotone piece ends: at a fold (G′ → 0), a kink (G′ jumps across 0), a flat stretch, or the latent range's end. */
export type PieceEnd = 'fold' | 'kink' | 'flat' | 'open';

/** A stretch [z0, z1] of the latent line on which G is strictly monotone. */
export interface MonotonePiece {
  readonly z0: number;
  readonly z1: number;
  /** +1 where G increases, −1 where it decreases. */
  readonly direction: 1 | -1;
  /** G at the ends (its limit where an end is ±∞). */
  readonly x0: number;
  readonly x1: number;
  readonly ends: readonly [PieceEnd, PieceEnd];
}

/** The mass of p_g accounted for three ways; `total` must be 1. */
export interface MassReport {
  /** ∫ p_g dx over the line, by the x-quadrature of `integrate` (the absolutely continuous part). */
  readonly continuous: number;
  /** Σ of the atoms' masses. */
  readonly atoms: number;
  /** The quadrature's error estimate for `continuous`. */
  readonly error: number;
  readonly total: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** Φ(z), accurate in both tails. */
export const standardNormalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);
const phi = (z: number) => Math.exp(-0.5 * z * z) / SQRT_2PI;
/** Φ(b) − Φ(a) without cancellation in the upper tail. */
function latentMass(a: number, b: number): number {
  if (a >= 0) return 0.5 * (erfc(a / Math.SQRT2) - erfc(b / Math.SQRT2));
  return standardNormalCdf(b) - standardNormalCdf(a);
}

// 10-point Gauss–Legendre nodes and weights on [−1, 1], for ∫₀ᵘ G′ near a fold.
const GL_X = [0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717];
const GL_W = [0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881];

/** How far out (in z) an outer piece is checked for monotonicity before it is extended to infinity. */
const FAR = 1e6;

interface Piece extends MonotonePiece {
  /** Grid nodes inside the piece (ends included where finite) and G at them, for bracketing roots. */
  readonly zs: Float64Array;
  readonly xs: Float64Array;
  readonly lo: number;
  readonly hi: number;
}

/**
 * p_g, the distribution of G(z) for z ~ N(0, 1), as a {@link Density} the numerics core can integrate.
 *
 * @example
 * const pg = new PushForward((z) => z * z, (z) => 2 * z);   // χ²₁
 * pg.pdf(1);         // φ(1)/1 = 0.24197072451914337
 * pg.pieces.length;  // 2: z < 0 (decreasing) and z > 0 (increasing), folded together at x = 0
 * pg.mass.total;     // 1 (to ≤ 1e-9)
 */
export class PushForward implements Density {
  readonly pieces: readonly MonotonePiece[];
  readonly atoms: readonly Atom[];
  /** Latent points where G′ = 0 or changes sign, and G there: where p_g is singular or its support ends. */
  readonly criticalPoints: readonly { readonly z: number; readonly x: number; readonly kind: 'fold' | 'kink' }[];
  /** Latent mass whose behaviour under G was never examined (beyond ±latentRange). */
  readonly uncheckedLatentMass: number;
  readonly #g: LineMap;
  readonly #dg: LineMap;
  readonly #pieces: readonly Piece[];
  readonly #hull: readonly [number, number];
  readonly #latentSpan: readonly [number, number];
  /** max |G′| on the grid: the scale of G′'s rounding errors. */
  readonly #maxSlope: number;
  #mass?: MassReport;
  #quantiles?: { readonly median: number; readonly scale: number };

  constructor(g: LineMap, gPrime: LineMap, options: PushForwardOptions = {}) {
    const range = options.latentRange ?? 12;
    const h = options.spacing ?? 1 / 64;
    if (!(range > 0) || !Number.isFinite(range)) throw new RangeError(`invalid latent range: ${range}`);
    if (!(h > 0) || !(h < range)) throw new RangeError(`invalid grid spacing: ${h}`);
    this.#g = g;
    this.#dg = gPrime;
    const n = Math.ceil((2 * range) / h);
    const zs = Float64Array.from({ length: n + 1 }, (_, i) => -range + (2 * range * i) / n);
    const ds = zs.map((z) => gPrime(z));
    for (let i = 0; i <= n; i++) {
      if (!Number.isFinite(ds[i]!) || !Number.isFinite(g(zs[i]!))) {
        throw new RangeError(`G or G′ is not finite at z = ${+zs[i]!.toPrecision(6)} (G = ${g(zs[i]!)}, G′ = ${ds[i]})`);
      }
    }
    let maxD = 0;
    for (const d of ds) maxD = Math.max(maxD, Math.abs(d));
    this.#maxSlope = maxD;

    // Flat stretches: runs of at least two nodes where G′ is exactly 0. Their ends are refined by bisection.
    const flats: [number, number][] = [];
    for (let i = 0; i <= n; ) {
      if (ds[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < n && ds[j + 1] === 0) j++;
      if (j > i) {
        const a = i > 0 ? bisect((z) => gPrime(z) === 0, zs[i - 1]!, zs[i]!) : -Infinity;
        const b = j < n ? bisect((z) => gPrime(z) !== 0, zs[j]!, zs[j + 1]!) : Infinity;
        flats.push([a, b]);
      }
      i = j + 1;
    }
    const inFlat = (z: number) => flats.some(([a, b]) => z >= a && z <= b);

    // Critical points: sign changes of G′ between nodes, and the minima of |G′| found between nodes (where two
    // folds closer than the grid hide, or G′ only touches 0).
    const critical: { z: number; kind: 'fold' | 'kink' }[] = [];
    const sign = (d: number) => (d > 0 ? 1 : d < 0 ? -1 : 0);
    const touch = 1e-9 * maxD;
    // A fold where G′ → 0 on both sides; a kink where it jumps across 0.
    const classify = (z: number, a: number, b: number): 'fold' | 'kink' => {
      const left = Math.abs(gPrime(Math.max(a, z - 1e-9))), right = Math.abs(gPrime(Math.min(b, z + 1e-9)));
      return Math.min(left, right) <= 1e-6 * maxD ? 'fold' : 'kink';
    };
    const addRoot = (a: number, b: number) => {
      const sa = sign(gPrime(a));
      const z = bisect((t) => sign(gPrime(t)) !== sa, a, b);
      critical.push({ z, kind: classify(z, a, b) });
    };
    for (let i = 0; i < n; i++) {
      const a = zs[i]!, b = zs[i + 1]!;
      if (inFlat(a) && inFlat(b)) continue;
      const sa = sign(ds[i]!), sb = sign(ds[i + 1]!);
      if (sa !== 0 && sb !== 0 && sa !== sb) addRoot(a, b);
    }
    for (let i = 1; i < n; i++) {
      const d = Math.abs(ds[i]!);
      if (inFlat(zs[i]!)) continue;
      const left = Math.abs(ds[i - 1]!), right = Math.abs(ds[i + 1]!);
      // Only interior dips: in a saturated tail |G′| falls monotonically towards the grid's end.
      if (!(d < left && d < right) && d !== 0) continue;
      const a = zs[i - 1]!, b = zs[i + 1]!;
      const sa = sign(ds[i - 1]!), sb = sign(ds[i + 1]!);
      if (d === 0) {
        // G′ vanishes on a node (a fold if the sign changes across it, else G′ only touches 0), or jumps across 0 there.
        critical.push({ z: zs[i]!, kind: classify(zs[i]!, a, b) });
        continue;
      }
      if (sa !== sb || sign(ds[i]!) !== sa) continue; // a plain sign change, found above
      // A local minimum of |G′| among the nodes: look between the neighbours for the true minimum of σG′.
      const s = sign(ds[i]!);
      const zm = goldenMin((z) => s * gPrime(z), a, b);
      const dm = s * gPrime(zm);
      if (dm < 0) {
        // Two folds between the nodes.
        addRoot(a, zm);
        addRoot(zm, b);
      } else if (dm <= touch) critical.push({ z: zm, kind: 'fold' });
    }
    critical.sort((u, v) => u.z - v.z);
    const cuts = critical.filter((c, i) => i === 0 || c.z - critical[i - 1]!.z > 1e-12 * Math.max(1, Math.abs(c.z)));
    this.criticalPoints = cuts.map((c) => ({ z: c.z, x: g(c.z), kind: c.kind }));

    // Whether G keeps its direction beyond the grid, and its limit there.
    const outer = (side: -1 | 1): { extend: boolean; limit: number } => {
      const last = side * range;
      const s = sign(gPrime(last));
      if (s === 0) return { extend: false, limit: g(last) };
      for (let z = range * 1.0625; z <= FAR; z = z < 4 * range ? z + 0.25 : z * 1.5) {
        const d = sign(gPrime(side * z));
        if (d !== 0 && d !== s) return { extend: false, limit: g(last) };
      }
      const a = g(side * FAR * 1e6), b = g(side * FAR * 4e6);
      // A limit that has settled by |z| = 10¹² is finite (tanh networks saturate exactly); otherwise ±∞.
      const settled = Number.isFinite(a) && Number.isFinite(b) && Math.abs(b - a) <= 1e-9 * Math.max(1, Math.abs(a));
      return { extend: true, limit: settled ? b : side * s * Infinity };
    };
    const leftOuter = outer(-1), rightOuter = outer(1);
    this.uncheckedLatentMass = 2 * standardNormalCdf(-range);
    this.#latentSpan = [leftOuter.extend ? -Infinity : -range, rightOuter.extend ? Infinity : range];

    // Pieces: the latent line cut at the critical points and with the flat stretches removed.
    type Stop = { z: number; end: PieceEnd };
    const stops: Stop[] = [{ z: leftOuter.extend ? -Infinity : -range, end: 'open' }];
    for (const c of cuts) stops.push({ z: c.z, end: c.kind });
    for (const [a, b] of flats) {
      stops.push({ z: a, end: 'flat' });
      stops.push({ z: b, end: 'flat' });
    }
    stops.push({ z: rightOuter.extend ? Infinity : range, end: 'open' });
    stops.sort((u, v) => u.z - v.z);
    const pieces: Piece[] = [];
    for (let i = 0; i + 1 < stops.length; i++) {
      const a = stops[i]!, b = stops[i + 1]!;
      if (!(b.z > a.z)) continue;
      const probe = Number.isFinite(a.z) ? (Number.isFinite(b.z) ? 0.5 * (a.z + b.z) : a.z + 1) : b.z - 1;
      if (inFlat(probe)) continue;
      const direction = gPrime(probe) >= 0 ? 1 : -1;
      const x0 = a.z === -Infinity ? leftOuter.limit : g(a.z);
      const x1 = b.z === Infinity ? rightOuter.limit : g(b.z);
      const inside: number[] = [];
      if (Number.isFinite(a.z)) inside.push(a.z);
      for (const z of zs) if (z > a.z && z < b.z) inside.push(z);
      if (Number.isFinite(b.z)) inside.push(b.z);
      const pzs = Float64Array.from(inside);
      const pxs = pzs.map((z) => g(z));
      // Rounding can make G tie at neighbouring nodes; force the table to be monotone so bracketing stays valid.
      for (let k = 1; k < pxs.length; k++) {
        if (direction * (pxs[k]! - pxs[k - 1]!) < 0) pxs[k] = pxs[k - 1]!;
      }
      pieces.push({ z0: a.z, z1: b.z, direction, x0, x1, ends: [a.end, b.end], zs: pzs, xs: pxs, lo: Math.min(x0, x1), hi: Math.max(x0, x1) });
    }
    this.#pieces = pieces;
    this.pieces = pieces.map(({ z0, z1, direction, x0, x1, ends }) => Object.freeze({ z0, z1, direction, x0, x1, ends }));
    this.atoms = flats.map(([a, b]) => {
      const x = g(Number.isFinite(a) ? (Number.isFinite(b) ? 0.5 * (a + b) : a + 1) : b - 1);
      return Object.freeze({ x, mass: latentMass(a, b), z: Object.freeze([a, b] as const) });
    });
    let lo = Infinity, hi = -Infinity;
    for (const p of pieces) [lo, hi] = [Math.min(lo, p.lo), Math.max(hi, p.hi)];
    for (const a of this.atoms) [lo, hi] = [Math.min(lo, a.x), Math.max(hi, a.x)];
    this.#hull = [lo, hi];
  }

  /** The density of the absolutely continuous part of p_g at x (0 outside the support; +∞ exactly at a fold). */
  pdf(x: number): number {
    let sum = 0;
    for (const p of this.#pieces) {
      if (!(x >= p.lo && x <= p.hi)) continue;
      const z = this.#root(p, x);
      if (z === undefined) continue;
      sum += phi(z) / Math.abs(this.#dg(z));
    }
    return sum;
  }

  logPdf(x: number): number {
    // Sum in log space, so the far tails (φ(z) below 1e-308) keep a finite log-density.
    let max = -Infinity;
    const terms: number[] = [];
    for (const p of this.#pieces) {
      if (!(x >= p.lo && x <= p.hi)) continue;
      const z = this.#root(p, x);
      if (z === undefined) continue;
      const d = Math.abs(this.#dg(z));
      const t = d === 0 ? (Math.abs(z) > 30 ? -Infinity : Infinity) : -0.5 * z * z - LOG_SQRT_2PI - Math.log(d);
      terms.push(t);
      if (t > max) max = t;
    }
    if (max === -Infinity || max === Infinity) return max;
    let s = 0;
    for (const t of terms) s += Math.exp(t - max);
    return max + Math.log(s);
  }

  /**
   * The latent points z with G(z) = x, one per piece whose image holds x.
   */
  roots(x: number): number[] {
    const out: number[] = [];
    for (const p of this.#pieces) {
      if (!(x >= p.lo && x <= p.hi)) continue;
      const z = this.#root(p, x);
      if (z !== undefined) out.push(z);
    }
    return out;
  }

  /** P(G(z) ≤ x), exactly from the roots: Σ over pieces of the latent mass where G ≤ x, plus the atoms at or below x. */
  cdf(x: number): number {
    let sum = 0;
    for (const p of this.#pieces) {
      if (x >= p.hi) sum += latentMass(p.z0, p.z1);
      else if (x > p.lo) {
        const z = this.#root(p, x) ?? (p.direction > 0 ? p.z0 : p.z1);
        sum += p.direction > 0 ? latentMass(p.z0, z) : latentMass(z, p.z1);
      }
    }
    for (const a of this.atoms) if (a.x <= x) sum += a.mass;
    return Math.min(1, sum);
  }

  /** The p-quantile, by bisection on the exact CDF. */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must lie in [0, 1], got ${p}`);
    let [lo, hi] = this.#hull;
    if (p === 0) return lo;
    if (p === 1) return hi;
    if (!Number.isFinite(lo)) for (lo = -1; this.cdf(lo) > p; ) lo *= 2;
    if (!Number.isFinite(hi)) for (hi = 1; this.cdf(hi) < p; ) hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo), Math.abs(hi)); i++) {
      const mid = 0.5 * (lo + hi);
      if (this.cdf(mid) < p) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }

  /** n draws G(z), z ~ N(0, 1). */
  sample(random: Random, n: number): Float64Array {
    if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`sample size must be a non-negative integer, got ${n}`);
    return Float64Array.from({ length: n }, () => this.#g(random.normal()));
  }

  /**
   * E_z[f(G(z))] = ∫ φ(z) f(G(z)) dz, by quadrature over z cut at the critical points and flat ends (atoms
   * included: a flat stretch carries its latent mass to its one value).
   */
  expectation(f: (x: number) => number, options?: { epsabs?: number; epsrel?: number }): { value: number; error: number } {
    const cuts = [0, ...this.criticalPoints.map((c) => c.z), ...this.atoms.flatMap((a) => a.z.filter(Number.isFinite))];
    // Over the latent range the density describes (the whole line unless an outer piece was cut at ±latentRange).
    const [zLo, zHi] = this.#latentSpan;
    const r = integrateLine(
      (z) => {
        if (z < zLo || z > zHi) return 0;
        const w = phi(z);
        return w === 0 ? 0 : w * f(this.#g(z));
      },
      cuts,
      { epsabs: options?.epsabs ?? 1e-14, epsrel: options?.epsrel ?? 1e-12, limit: 8000 },
    );
    return { value: r.value, error: r.error };
  }

  /**
   * ∫ p_g(x) f(x) dx over the absolutely continuous part, by quadrature over x: branch by branch, with the density
   * from the branch's root, and x = x_e ± t² at each finite end x_e of a branch so that the fold singularity
   * (p_g ~ |x − x_e|^(−1/2)) becomes a bounded integrand in t. Atoms are not included (add Σ mass·f(x_atom)).
   */
  integrate(f: (x: number) => number, options?: { epsabs?: number; epsrel?: number }): { value: number; error: number } {
    const opts = { epsabs: options?.epsabs ?? 1e-15, epsrel: options?.epsrel ?? 1e-12, limit: 4000 };
    let value = 0, error = 0;
    for (const p of this.#pieces) {
      // Split each branch in z at an interior point; each half is integrated from its end.
      const zm = Number.isFinite(p.z0) ? (Number.isFinite(p.z1) ? 0.5 * (p.z0 + p.z1) : Math.max(p.z0 + 1, 0)) : Math.min(p.z1 - 1, 0);
      const xm = this.#g(zm);
      for (const side of [0, 1] as const) {
        const ze = side === 0 ? p.z0 : p.z1;
        const xe = side === 0 ? p.x0 : p.x1;
        const r = Number.isFinite(ze) ? this.#integrateFromEnd(p, side, zm, xm, f, opts) : this.#integrateToLimit(p, side, zm, xm, xe, f, opts);
        value += r.value;
        error += r.error;
      }
    }
    return { value, error };
  }

  /** The mass of p_g: the x-quadrature of the density plus the atoms (the total must be 1). Computed once. */
  get mass(): MassReport {
    if (!this.#mass) {
      const c = this.integrate(() => 1);
      const atoms = this.atoms.reduce((s, a) => s + a.mass, 0);
      this.#mass = Object.freeze({ continuous: c.value, atoms, error: c.error, total: c.value + atoms });
    }
    return this.#mass;
  }

  get support(): readonly (readonly [number, number])[] {
    const intervals = this.#pieces.map((p) => [p.lo, p.hi] as [number, number]).sort((u, v) => u[0] - v[0]);
    const merged: [number, number][] = [];
    for (const [lo, hi] of intervals) {
      const last = merged[merged.length - 1];
      if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
      else merged.push([lo, hi]);
    }
    return merged;
  }

  get supportHull(): readonly [number, number] {
    return this.#hull;
  }

  /**
   * 'bounded' on a side where the support ends; otherwise 'exponential'. (For G of at most polynomial growth the
   * tail of p_g is lighter than any power; a G growing like e^{z²} would have a polynomial tail, which this does
   * not detect.)
   */
  get tails(): { readonly left: TailKind; readonly right: TailKind } {
    const [lo, hi] = this.#hull;
    return { left: Number.isFinite(lo) ? 'bounded' : 'exponential', right: Number.isFinite(hi) ? 'bounded' : 'exponential' };
  }

  /**
   * The critical values (folds and kinks), the support's edges, the atoms, and G at z = −4, −3.5, …, 4; and on
   * each side of every fold value x_c the graded cuts x_c ± w·4^(−k) down to the spacing of doubles at x_c. On
   * each graded piece c/√|x − x_c| varies by a factor of 2 only, so one Gauss–Kronrod rule integrates it to
   * rounding and the quadrature needs no extrapolation to handle the singularity (a geometric mesh, as for
   * algebraic end-point singularities in hp quadrature).
   */
  get breakpoints(): readonly number[] {
    const points = [...this.criticalPoints.map((c) => c.x), ...this.atoms.map((a) => a.x)];
    for (const p of this.#pieces) points.push(p.x0, p.x1);
    for (let z = -4; z <= 4; z += 0.5) points.push(this.#g(z));
    const finite = points.filter(Number.isFinite);
    const folds = [...new Set(this.#pieces.flatMap((p) => [p.ends[0] === 'fold' ? p.x0 : NaN, p.ends[1] === 'fold' ? p.x1 : NaN]).filter(Number.isFinite))];
    const [lo, hi] = this.#hull;
    const width = Math.min(1, Number.isFinite(hi - lo) ? 0.25 * (hi - lo) : 1) || 1;
    for (const xc of folds) {
      // Near x_c = 0 doubles are dense; there a cell of 1e-30·w holds mass ~1e-15·w^(1/2), small enough to stop.
      const floor = Math.max(8 * ulpQuarter(xc), 1e-30 * width);
      for (let w = width; w > floor; w /= 4) finite.push(xc - w, xc + w);
    }
    return finite;
  }

  /** One extent: the median and the half-width of the central 68 %, bounded when the support is. */
  get extents(): readonly { readonly centre: number; readonly scale: number; readonly weight: number; readonly bounded: boolean }[] {
    if (!this.#quantiles) {
      const median = this.quantile(0.5);
      const scale = Math.max(0.5 * (this.quantile(0.8413447460685429) - this.quantile(0.15865525393145707)), 1e-9 * Math.max(1, Math.abs(median)));
      this.#quantiles = { median, scale };
    }
    const [lo, hi] = this.#hull;
    const bounded = Number.isFinite(lo) && Number.isFinite(hi);
    return [{ centre: this.#quantiles.median, scale: bounded ? Math.max(this.#quantiles.scale, 0.5 * (hi - lo)) : this.#quantiles.scale, weight: 1, bounded }];
  }

  // --- roots -------------------------------------------------------------------------------------------------

  /** The root of G(z) = x on piece p (x within its image), or undefined when there is none. */
  #root(p: Piece, x: number): number | undefined {
    const { zs, xs, direction } = p;
    const m = zs.length;
    const atEnd0 = Number.isFinite(p.z0), atEnd1 = Number.isFinite(p.z1);
    // Beyond the table: the outer stretch of an extended piece.
    const first = xs[0]!, last = xs[m - 1]!;
    if (direction * (x - first) < 0) {
      if (atEnd0) return x === p.x0 ? p.z0 : undefined;
      return this.#outerRoot(zs[0]!, -1, x, direction);
    }
    if (direction * (x - last) > 0) {
      if (atEnd1) return x === p.x1 ? p.z1 : undefined;
      return this.#outerRoot(zs[m - 1]!, 1, x, direction);
    }
    // Binary search for the cell [i, i + 1] with x between xs[i] and xs[i + 1].
    let i = 0, j = m - 1;
    while (j - i > 1) {
      const k = (i + j) >> 1;
      if (direction * (xs[k]! - x) <= 0) i = k;
      else j = k;
    }
    if (i === 0 && atEnd0) return this.#fromEnd(p.z0, p.x0, zs[1]! - zs[0]!, x - p.x0 || direction * ulpQuarter(p.x0));
    if (j === m - 1 && atEnd1) return this.#fromEnd(p.z1, p.x1, zs[m - 2]! - zs[m - 1]!, x - p.x1 || -direction * ulpQuarter(p.x1));
    return newton((z) => this.#g(z) - x, this.#dg, zs[i]!, zs[j]!, undefined, roundingLevel(x));
  }

  /** A root beyond the table on an outer piece: bracket by doubling the distance from the last node. */
  #outerRoot(z0: number, side: -1 | 1, x: number, direction: 1 | -1): number | undefined {
    let step = 1, a = z0, b = z0 + side;
    while (direction * side * (this.#g(b) - x) < 0) {
      a = b;
      step *= 2;
      b = z0 + side * step;
      if (step > 1e15) return undefined;
    }
    return newton((z) => this.#g(z) - x, this.#dg, Math.min(a, b), Math.max(a, b), undefined, roundingLevel(x));
  }

  /**
   * The root of G(z_e + u) − x_e = δ for u between 0 and span (signed), solved relative to the end z_e so that
   * near a fold the tiny δ keeps its precision: for small u the difference G(z_e + u) − x_e is ∫₀ᵘ G′ by
   * 10-point Gauss–Legendre rather than a subtraction of nearly equal numbers. (`#root` passes δ = ±ulp(x_e)/4
   * for x exactly at an end: at a fold the density there is infinite, and its value a quarter-ulp inside is the
   * average of c/√δ over that one-ulp cell, so a quadrature node landing on the fold adds the cell's true mass.)
   */
  #fromEnd(ze: number, xe: number, span: number, delta: number): number {
    if (delta === 0) return ze;
    const g = this.#g, dg = this.#dg;
    const rise = (u: number): number => {
      const direct = g(ze + u) - xe;
      if (Math.abs(direct) > 1e-4 * (1 + Math.abs(xe))) return direct;
      const c = 0.5 * u;
      let s = 0;
      for (let k = 0; k < 5; k++) s += GL_W[k]! * (dg(ze + c - c * GL_X[k]!) + dg(ze + c + c * GL_X[k]!));
      return s * c;
    };
    // Start from the end's local model: quadratic at a fold (δ ∝ u²), linear elsewhere.
    const top = rise(span);
    const ratio = delta / top;
    const fold = Math.abs(dg(ze)) < 0.01 * Math.abs(dg(ze + span));
    const guess = ratio > 0 && ratio < 1 ? span * (fold ? Math.sqrt(ratio) : ratio) : 0.5 * span;
    // rise(v) carries rounding of about ε·max|G′|·|v| (and ε·|x_e| when computed directly): stop at that level.
    const noise = 16 * Number.EPSILON * (Math.abs(dg(ze + span) * guess) + Math.abs(delta));
    const u = newton((v) => rise(v) - delta, (v) => dg(ze + v), Math.min(0, span), Math.max(0, span), guess, noise);
    return ze + u;
  }

  // --- x-quadrature ----------------------------------------------------------------------------------------------

  /** ∫ over the half-branch from its finite end to zm of p_b(x) f(x) dx, with x = x_e + σt². */
  #integrateFromEnd(p: Piece, side: 0 | 1, zm: number, xm: number, f: (x: number) => number, opts: { epsabs: number; epsrel: number; limit: number }) {
    const ze = side === 0 ? p.z0 : p.z1;
    const xe = side === 0 ? p.x0 : p.x1;
    const span = zm - ze;
    const sigma = Math.sign(xm - xe);
    const T = Math.sqrt(Math.abs(xm - xe));
    if (!(T > 0)) return { value: 0, error: 0 };
    const integrand = (t: number): number => {
      if (t <= 0 || t >= T) return 0;
      const delta = sigma * t * t;
      const z = this.#fromEnd(ze, xe, span, delta);
      const d = Math.abs(this.#dg(z));
      const w = phi(z);
      if (w === 0) return 0;
      // 2t/|G′(z)| stays bounded at a fold: |G′| ≈ |G″|·|u| and t² ≈ |G″|u²/2.
      return d === 0 ? 0 : ((2 * t * w) / d) * f(xe + delta);
    };
    const r = integrateLine(integrand, [0, T], opts);
    return { value: r.value, error: r.error };
  }

  /** ∫ over the half-branch from zm out to z = ±∞ (x from xm to the limit), by quadrature over x. */
  #integrateToLimit(p: Piece, side: 0 | 1, zm: number, xm: number, limit: number, f: (x: number) => number, opts: { epsabs: number; epsrel: number; limit: number }) {
    const lo = Math.min(xm, limit), hi = Math.max(xm, limit);
    const dir = side === 0 ? -1 : 1;
    const integrand = (x: number): number => {
      if (!(x > lo && x < hi)) return 0;
      const z = this.#root(p, x);
      if (z === undefined || dir * (z - zm) < 0) return 0;
      const d = Math.abs(this.#dg(z));
      const w = phi(z);
      return w === 0 || d === 0 ? 0 : (w / d) * f(x);
    };
    const scale = Math.max(1e-12, Math.abs(this.#dg(zm)));
    const cuts = [xm, ...(Number.isFinite(limit) ? [limit] : [])];
    for (let z = zm + dir; Math.abs(z) <= 9; z += dir) cuts.push(this.#g(z));
    const r = integrateLine(integrand, cuts, { ...opts, tailScale: scale });
    return { value: r.value, error: r.error };
  }
}

/**
 * A root of F in [a, b] (F(a), F(b) of opposite signs or one of them 0) by Newton's method kept inside a
 * shrinking bracket, falling back to bisection (Numerical Recipes' rtsafe), to machine precision.
 */
function newton(F: (z: number) => number, dF: (z: number) => number, a: number, b: number, guess?: number, fTolerance = 0): number {
  let fa = F(a), fb = F(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa > 0 === fb > 0) {
    // Rounding at a nearly flat end: take the end whose value is closer to 0.
    return Math.abs(fa) < Math.abs(fb) ? a : b;
  }
  // Orient so that F(lo) < 0 < F(hi).
  let lo = fa < 0 ? a : b, hi = fa < 0 ? b : a;
  let z = 0.5 * (a + b);
  // Start from the secant point: quicker than the midpoint when F is nearly linear.
  const secant = a - (fa * (b - a)) / (fb - fa);
  if (guess !== undefined && guess > Math.min(a, b) && guess < Math.max(a, b)) z = guess;
  else if (secant > Math.min(a, b) && secant < Math.max(a, b)) z = secant;
  let dxOld = Math.abs(b - a), dx = dxOld;
  for (let it = 0; it < 200; it++) {
    const f = F(z), df = dF(z);
    if (f === 0) return z;
    // After 30 steps without converging, rounding in F is what stalls it: at or below F's rounding level the root
    // is as located as it can be (G flat to 1e-16 in a saturated tail, or ∫G′ next to a fold).
    if (it >= 30 && Math.abs(f) <= fTolerance) return z;
    if (f < 0) lo = z;
    else hi = z;
    const newtonStep = f / df;
    const next = z - newtonStep;
    const inside = df !== 0 && Number.isFinite(next) && (next - lo) * (next - hi) < 0;
    if (!inside || Math.abs(2 * f) > Math.abs(dxOld * df)) {
      dxOld = dx;
      dx = 0.5 * (hi - lo);
      z = lo + dx;
    } else {
      dxOld = dx;
      dx = newtonStep;
      z = next;
    }
    if (Math.abs(dx) <= 2 * Number.EPSILON * Math.abs(z) || Math.abs(hi - lo) <= 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi)) + 1e-300) return z;
  }
  return z;
}

/** The size of rounding errors in G(z) − x for G(z) near x: a few units in the last place of x (0 at x = 0). */
const roundingLevel = (x: number) => 4 * Number.EPSILON * Math.abs(x);

/** A quarter of the spacing of doubles at x (the smallest normal spacing at 0). */
function ulpQuarter(x: number): number {
  const a = Math.abs(x);
  return a === 0 ? 2 ** -1024 : 2 ** (Math.floor(Math.log2(a)) - 54);
}

/** The boundary in [a, b] where pred switches from false (at a) to true (at b), by bisection to machine precision. */
function bisect(pred: (z: number) => boolean, a: number, b: number): number {
  let lo = a, hi = b;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) break;
    if (pred(mid)) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** The minimiser of f on [a, b] by golden-section search (f unimodal there), to about 1e-10 of the bracket. */
function goldenMin(f: (z: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a), d = a + r * (b - a);
  let fc = f(c), fd = f(d);
  for (let i = 0; i < 60 && b - a > 1e-14 * Math.max(1, Math.abs(a)); i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? c : d;
}
