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
 * 4. p_g(x) finds the root on each piece whose image holds x: the table brackets it in one cell, the cubic Hermite
 *    model of G on that cell (from G and G′ at its ends) gives a start within about h⁴·|G⁗|/384 of it, and Newton's
 *    method, whose error squares at each step, usually ends one evaluation later (a bracketed, safeguarded Newton
 *    takes over if it does not). Near a fold z_c (G′(z_c) = 0, value x_c) p_g ~ |x − x_c|^(−1/2); there the root is
 *    solved for relative to the fold, u = z − z_c with G(z_c + u) − x_c = x − x_c, the left side computed without
 *    cancellation (by the map's own exact difference when it has one, else as ∫₀ᵘ G′ by Gauss–Legendre), so it
 *    keeps full precision.
 * 5. ∫ p_g f dx (`integrate`) is a quadrature over x, branch by branch, with x = x_e ± t² at every finite end of
 *    a branch: the substitution turns the fold's |x − x_c|^(−1/2) into a bounded integrand (treated analytically,
 *    not sampled). E_z[f(G(z))] (`expectation`) is a quadrature over z. That the two agree is the law of the
 *    unconscious statistician, which the theory page checks.
 * 6. E_{p_g}[f(x, log p_g(x))] (`latentExpectation`) is the same quadrature over z with p_g itself at x = G(z):
 *    the z's own branch gives φ(z)/|G′(z)| with no root to find, and a fold's partner branch is solved relative to
 *    the fold. This is how the numerics core integrates the p_g-weighted half of KL, JSD, V and C(G): over z the
 *    fold singularities are absent.
 */
import { mergeIntervals } from '../maths/intervals.ts';
import erfc from '@stdlib/math-base-special-erfc';
import { integrateLine } from '../maths/quadrature.ts';
import { integrateWithSingularities } from '../maths/singular-quadrature.ts';
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
  /**
   * [G(z + u) − G(z), G′(z + u)], the difference computed without cancellation (a network's, carried through its
   * layers: `networkMap(…).difference`). Next to a fold it replaces a 10-point Gauss–Legendre ∫G′, one pass of G
   * instead of ten. Optional: without it the quadrature is used.
   */
  readonly difference?: (z: number, u: number) => readonly [number, number];
  /**
   * Relative accuracy asked of each branch's density φ(z)/|G′(z)| at its root (default 1e-12). A root is accepted
   * after the Newton step whose predicted effect on that density (from G″ of the cell's Hermite model) is below
   * it; 1e-10 saves about one pass through G per root and is ample for integrals wanted to 1e-8.
   */
  readonly tolerance?: number;
}

/** Options of {@link PushForward.latentExpectation}. */
export interface LatentExpectationOptions {
  readonly epsabs?: number;
  readonly epsrel?: number;
  /** Points x where f is not smooth (another density's kinks and support edges): cut there in z. */
  readonly cuts?: readonly number[];
  /** Points x where f is singular like |x − c|^(−1/2) or log|x − c| (another push-forward's folds): cut and graded. */
  readonly singular?: readonly number[];
  /** Whether f reads log p_g (default true); when false it receives NaN and no roots are solved. */
  readonly logPdf?: boolean;
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
  /** Grid nodes inside the piece (ends included where finite), G and G′ at them, for bracketing roots. */
  readonly zs: Float64Array;
  readonly xs: Float64Array;
  readonly ds: Float64Array;
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
  readonly #difference: ((z: number, u: number) => readonly [number, number]) | undefined;
  readonly #tolerance: number;
  /** G′ at the root the last solve returned (so that its density needs no further pass through G). */
  #slope = NaN;
  /** log p_g at recent x (and the rounding residual it was asked with), and along recent latent nodes. */
  readonly #logPdfCache = new Map<number, readonly [number, number]>();
  readonly #latentCache = new Map<number, readonly [number, number]>();
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
    this.#difference = options.difference;
    this.#tolerance = options.tolerance ?? 1e-12;
    if (!(this.#tolerance > 0 && this.#tolerance < 1e-3)) throw new RangeError(`invalid tolerance: ${options.tolerance}`);
    const n = Math.ceil((2 * range) / h);
    const zs = Float64Array.from({ length: n + 1 }, (_, i) => -range + (2 * range * i) / n);
    // G, then G′, at each node: a map that caches its last point (a network's) makes that one pass.
    const gs = new Float64Array(n + 1), ds = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) {
      gs[i] = g(zs[i]!);
      ds[i] = gPrime(zs[i]!);
      if (!Number.isFinite(ds[i]!) || !Number.isFinite(gs[i]!)) {
        throw new RangeError(`G or G′ is not finite at z = ${+zs[i]!.toPrecision(6)} (G = ${gs[i]}, G′ = ${ds[i]})`);
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
      // A point inside the piece (0 when it is the whole line) where its direction is read.
      const probe = Number.isFinite(a.z) ? (Number.isFinite(b.z) ? 0.5 * (a.z + b.z) : a.z + 1) : Number.isFinite(b.z) ? b.z - 1 : 0;
      if (inFlat(probe)) continue;
      const direction = gPrime(probe) >= 0 ? 1 : -1;
      const x0 = a.z === -Infinity ? leftOuter.limit : g(a.z);
      const x1 = b.z === Infinity ? rightOuter.limit : g(b.z);
      const inside: number[] = [], values: number[] = [], slopes: number[] = [];
      const add = (z: number, x: number, d: number) => (inside.push(z), values.push(x), slopes.push(d));
      if (Number.isFinite(a.z)) add(a.z, g(a.z), gPrime(a.z));
      for (let k = 0; k <= n; k++) if (zs[k]! > a.z && zs[k]! < b.z) add(zs[k]!, gs[k]!, ds[k]!);
      if (Number.isFinite(b.z)) add(b.z, g(b.z), gPrime(b.z));
      const pzs = Float64Array.from(inside);
      const pxs = Float64Array.from(values);
      // Rounding can make G tie at neighbouring nodes; force the table to be monotone so bracketing stays valid.
      for (let k = 1; k < pxs.length; k++) {
        if (direction * (pxs[k]! - pxs[k - 1]!) < 0) pxs[k] = pxs[k - 1]!;
      }
      pieces.push({ z0: a.z, z1: b.z, direction, x0, x1, ends: [a.end, b.end], zs: pzs, xs: pxs, ds: Float64Array.from(slopes), lo: Math.min(x0, x1), hi: Math.max(x0, x1) });
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
  pdf(x: number, residual = 0): number {
    return Math.exp(this.logPdf(x, residual));
  }

  /**
   * log p_g(x), summed in log space so the far tails (φ(z) below 1e-308) keep a finite log-density. `residual`:
   * what rounding took off x (a quadrature node is x + residual), used where x is solved for relative to a fold.
   * Recent values are remembered, so integrals over the same nodes (the JSD and C(G) of one snapshot) share them.
   */
  logPdf(x: number, residual = 0): number {
    const hit = this.#logPdfCache.get(x);
    if (hit && hit[0] === residual) return hit[1];
    let max = -Infinity, sum = 0;
    for (const p of this.#pieces) {
      if (!inImage(p, x, residual)) continue;
      const z = this.#solve(p, x, residual);
      if (z === undefined) continue;
      const t = logTerm(z, this.#slope);
      if (t > max) [sum, max] = [max === -Infinity ? 1 : sum * Math.exp(max - t) + 1, t];
      else sum += Math.exp(t - max);
    }
    const value = max === -Infinity || max === Infinity ? max : max + Math.log(sum);
    if (this.#logPdfCache.size >= CACHE_SIZE) this.#logPdfCache.clear();
    this.#logPdfCache.set(x, [residual, value]);
    return value;
  }

  /**
   * The latent points z with G(z) = x, one per piece whose image holds x.
   */
  roots(x: number): number[] {
    const out: number[] = [];
    for (const p of this.#pieces) {
      if (!(x >= p.lo && x <= p.hi)) continue;
      const z = this.#solve(p, x);
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
        const z = this.#solve(p, x) ?? (p.direction > 0 ? p.z0 : p.z1);
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
   * included: a flat stretch carries its latent mass to its one value), and graded at the preimages of p_g's
   * `singularities`, where an f built from p_g (log(1 − D*), say) jumps or is singular.
   */
  expectation(f: (x: number) => number, options?: { epsabs?: number; epsrel?: number }): { value: number; error: number } {
    const { cuts, singular } = this.#latentCuts([], this.singularities);
    // Over the latent range the density describes (the whole line unless an outer piece was cut at ±latentRange).
    const [zLo, zHi] = this.#latentSpan;
    const r = integrateWithSingularities(
      (z) => {
        if (z < zLo || z > zHi) return 0;
        const w = phi(z);
        return w === 0 ? 0 : w * f(this.#g(z));
      },
      cuts,
      singular,
      { epsabs: options?.epsabs ?? 1e-14, epsrel: options?.epsrel ?? 1e-12, limit: 8000 },
    );
    return { value: r.value, error: r.error };
  }

  /**
   * Where a quadrature over z must cut: 0, the critical points, the flat ends, and the preimages on every piece of
   * the x-points `xCuts` (plain cuts) and `singularX` (cuts graded by {@link integrateWithSingularities}).
   */
  #latentCuts(xCuts: readonly number[], singularX: readonly number[]): { cuts: number[]; singular: number[] } {
    const cuts = new Set<number>([0]);
    for (const c of this.criticalPoints) cuts.add(c.z);
    for (const a of this.atoms) for (const z of a.z) if (Number.isFinite(z)) cuts.add(z);
    const singular = new Set<number>();
    const preimages = (xs: readonly number[], into: Set<number>) => {
      for (const p of this.#pieces) {
        for (const c of xs) {
          if (!(c > p.lo && c < p.hi)) continue;
          const z = this.#solve(p, c);
          // Beyond |z| = 10 the latent mass (1.5e-23) is below any tolerance a cut could help meet.
          if (z !== undefined && Math.abs(z) <= 10) into.add(z);
        }
      }
    };
    preimages(xCuts.filter(Number.isFinite), cuts);
    preimages(singularX.filter(Number.isFinite), singular);
    for (const z of cuts) singular.delete(z);
    return { cuts: [...cuts], singular: [...singular] };
  }

  /**
   * E[f(x, log p_g(x))] over the absolutely continuous part of p_g (atoms left out, as in `integrate`), by
   * quadrature over z: ∫ φ(z) f(G(z), log p_g(G(z))) dz over the monotone pieces. The z's own branch contributes
   * φ(z)/|G′(z)| with no root to find; the other branches' roots are solved at x = G(z), a fold's partner branch
   * relative to the fold. p_g's fold singularities do not appear in z, so where f is smooth in x and in log p_g
   * the integrand is smooth on each piece; it is cut in z at the critical points and at the preimages on every
   * piece of `cuts`. At the preimages of p_g's own `singularities` (and of `singular`) another branch's density is
   * singular or ends, so f(x, log p_g) behaves like √|z − z*| there: those cuts are graded
   * ({@link integrateWithSingularities}).
   *
   * @example
   * const pg = new PushForward((z) => z * z, (z) => 2 * z);
   * pg.latentExpectation((x, logPdf) => -logPdf).value; // the entropy of χ²₁, ∫ p log(1/p)
   */
  latentExpectation(f: (x: number, logPdf: number) => number, options: LatentExpectationOptions = {}): { value: number; error: number; evaluations: number } {
    const withDensity = options.logPdf ?? true;
    const { cuts, singular } = this.#latentCuts(options.cuts ?? [], [...(options.singular ?? []), ...(withDensity ? this.singularities : [])]);
    const pieces = this.#pieces;
    const [zLo, zHi] = this.#latentSpan;
    if (pieces.length === 0) return { value: 0, error: 0, evaluations: 0 };
    const integrand = (z: number): number => {
      if (!(z > zLo && z < zHi)) return 0;
      const w = phi(z);
      if (w === 0) return 0;
      // The piece holding z (none in a flat stretch: that latent mass is an atom, not part of the density).
      let lo = 0, hi = pieces.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (pieces[mid]!.z0 <= z) lo = mid;
        else hi = mid - 1;
      }
      const k = lo;
      if (!(z >= pieces[k]!.z0 && z <= pieces[k]!.z1)) return 0;
      if (!withDensity) return w * f(this.#g(z), NaN);
      const [x, logPdf] = this.#alongLatent(k, z);
      return w * f(x, logPdf);
    };
    const r = integrateWithSingularities(integrand, cuts, singular, { epsabs: options.epsabs ?? 1e-14, epsrel: options.epsrel ?? 1e-12, limit: 8000 });
    return { value: r.value, error: r.error, evaluations: r.evaluations };
  }

  /**
   * Where p_g is singular or ends, for the cuts of an x-integral that involves log p_g: the images of the pieces'
   * finite ends (folds, kinks, flat stretches, a cut latent range), without the graded cuts of `breakpoints`. An
   * end whose latent neighbourhood carries less than φ(z) = 1e-20 is left out: any integrand bounded by a
   * multiple of |log p_g| gets under about 1e-19 from it.
   */
  get singularities(): readonly number[] {
    const points = new Set<number>();
    for (const p of this.#pieces) {
      if (Number.isFinite(p.z0) && phi(p.z0) >= 1e-20) points.add(p.x0);
      if (Number.isFinite(p.z1) && phi(p.z1) >= 1e-20) points.add(p.x1);
    }
    return [...points].filter(Number.isFinite).sort((a, b) => a - b);
  }

  /** [G(z), log p_g(G(z))] for z on piece k: its own branch's term directly, the others' by their roots. */
  #alongLatent(k: number, z: number): readonly [number, number] {
    const hit = this.#latentCache.get(z);
    if (hit) return hit;
    const pieces = this.#pieces;
    const p = pieces[k]!;
    const x = this.#g(z);
    let max = logTerm(z, this.#dg(z)), sum = 1;
    for (let j = 0; j < pieces.length; j++) {
      const q = pieces[j]!;
      if (j === k || !(x >= q.lo && x <= q.hi)) continue;
      let root: number | undefined;
      // A neighbour that meets this piece at a fold or kink: solve relative to the shared end, from the exact
      // rise of G above it at z, so the pair's nearly equal roots keep their precision.
      if (j === k - 1 && q.z1 === p.z0) root = this.#fromEnd(q, 1, this.#riseAt(p.z0, p.x0, z, x));
      else if (j === k + 1 && q.z0 === p.z1) root = this.#fromEnd(q, 0, this.#riseAt(p.z1, p.x1, z, x));
      else root = this.#solve(q, x);
      if (root === undefined) continue;
      const t = logTerm(root, this.#slope);
      if (t > max) [sum, max] = [sum * Math.exp(max - t) + 1, t];
      else sum += Math.exp(t - max);
    }
    const value = [x, max === Infinity || max === -Infinity ? max : max + Math.log(sum)] as const;
    if (this.#latentCache.size >= CACHE_SIZE) this.#latentCache.clear();
    this.#latentCache.set(z, value);
    return value;
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
    return mergeIntervals(this.#pieces.map((p) => [p.lo, p.hi] as const));
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

  /**
   * The root of G(z) = x on piece p (x within its image), with G′ there left in #slope; undefined when there is
   * none. In a cell next to a finite end of the piece the root is solved relative to that end (see #fromEnd).
   */
  #solve(p: Piece, x: number, residual = 0): number | undefined {
    const { zs, xs, direction } = p;
    const m = zs.length;
    const atEnd0 = Number.isFinite(p.z0), atEnd1 = Number.isFinite(p.z1);
    // Offsets from a finite end, with the residual: x itself may have rounded onto or past the end.
    const from0 = (x - p.x0) + residual, from1 = (x - p.x1) + residual;
    // Beyond the table: the outer stretch of an extended piece.
    if (direction * (x - xs[0]!) < 0) {
      if (atEnd0) return direction * from0 > 0 ? this.#fromEnd(p, 0, from0) : x === p.x0 ? this.#at(p.z0) : undefined;
      return this.#at(this.#outerRoot(zs[0]!, -1, x, direction));
    }
    if (direction * (x - xs[m - 1]!) > 0) {
      if (atEnd1) return direction * from1 < 0 ? this.#fromEnd(p, 1, from1) : x === p.x1 ? this.#at(p.z1) : undefined;
      return this.#at(this.#outerRoot(zs[m - 1]!, 1, x, direction));
    }
    const i = cellOf(xs, direction, x);
    if (i === 0 && atEnd0) return this.#fromEnd(p, 0, from0 || direction * ulpQuarter(p.x0));
    if (i === m - 2 && atEnd1) return this.#fromEnd(p, 1, from1 || -direction * ulpQuarter(p.x1));
    return this.#inCell(p, i, x);
  }

  /** z itself, with G′(z) in #slope (undefined passes through). */
  #at(z: number | undefined): number | undefined {
    if (z !== undefined) this.#slope = this.#dg(z);
    return z;
  }

  /**
   * Whether the Newton step from a point with slope d to the root estimate z (step = the distance moved) leaves
   * the branch's density φ/|G′| within the tolerance: the slope at z is d − G″·step (G″ from the cell's Hermite
   * model, trusted to 10 %), and the root's remaining error, G″·step²/(2d) (Newton's quadratic convergence),
   * moves log φ/|G′| by that times |z| + |G″/d|. When it does, the corrected slope is left in #slope.
   */
  #accept(z: number, d: number, step: number, curvature: number): boolean {
    const change = (curvature * step) / d;
    const rootError = Math.abs(change * step) / 2;
    if (!(0.1 * Math.abs(change) + rootError * (Math.abs(z) + Math.abs(curvature / d)) <= this.#tolerance)) return false;
    this.#slope = d - curvature * step;
    return true;
  }

  /** The root in the table's cell [zs[i], zs[i + 1]], away from the piece's ends: Hermite start, then Newton. */
  #inCell(p: Piece, i: number, x: number): number {
    const { zs, xs, ds } = p;
    const za = zs[i]!, h = zs[i + 1]! - za;
    const xa = xs[i]!, xb = xs[i + 1]!, ma = h * ds[i]!, mb = h * ds[i + 1]!;
    let z = za + h * hermiteInverse(xa, xb, ma, mb, x);
    const noise = roundingLevel(x);
    for (let pass = 0; pass < 4; pass++) {
      const f = this.#g(z) - x, d = this.#dg(z);
      if (f === 0 || Math.abs(f) <= noise) {
        this.#slope = d;
        return z;
      }
      const step = f / d;
      const next = z - step;
      if (!(next >= za && next <= za + h)) break;
      const curvature = hermiteCurvature(xa, xb, ma, mb, (z - za) / h) / (h * h);
      if (this.#accept(next, d, step, curvature)) return next;
      z = next;
    }
    return this.#at(newton((t) => this.#g(t) - x, this.#dg, za, za + h, z, noise))!;
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

  /** G(z) − x_e for x = G(z) already known: x − x_e where that loses under 2e-12 of it, else the exact rise. */
  #riseAt(ze: number, xe: number, z: number, x: number): number {
    const direct = x - xe;
    return Math.abs(direct) > 1e-4 * (1 + Math.abs(xe)) ? direct : this.#rise(ze, xe, z - ze)[0];
  }

  /**
   * [G(z_e + u) − x_e, G′(z_e + u)] for a piece's end z_e (x_e = G(z_e)), without the cancellation of subtracting
   * nearly equal numbers: the map's own difference when it has one; otherwise G(z_e + u) − x_e directly where that
   * loses under 2e-12 of its value, and ∫₀ᵘ G′ by 10-point Gauss–Legendre closer in.
   */
  #rise(ze: number, xe: number, u: number): readonly [number, number] {
    if (this.#difference) return this.#difference(ze, u);
    const g = this.#g, dg = this.#dg;
    const direct = g(ze + u) - xe;
    if (Math.abs(direct) > 1e-4 * (1 + Math.abs(xe))) return [direct, dg(ze + u)];
    const c = 0.5 * u;
    let s = 0;
    for (let k = 0; k < 5; k++) s += GL_W[k]! * (dg(ze + c - c * GL_X[k]!) + dg(ze + c + c * GL_X[k]!));
    return [s * c, dg(ze + u)];
  }

  /**
   * The root of G(z_e + u) − x_e = δ on piece p, measured from its end z_e (side 0: z0, side 1: z1), so that near
   * a fold the tiny δ keeps its precision; G′ there is left in #slope. (`#solve` passes δ = ±ulp(x_e)/4 for x
   * exactly at an end: at a fold the density there is infinite, and its value a quarter-ulp inside is the average
   * of c/√δ over that one-ulp cell, so a quadrature node landing on the fold adds the cell's true mass.)
   *
   * The table's cell is found from the nodes' heights above x_e, the cubic Hermite model of G on it gives the
   * start (in the end cell from the quadratic next to the end, so a fold's δ ∝ u² is inverted by a square root),
   * and Newton's method on the exact rise finishes, stopping at the rise's rounding level.
   */
  #fromEnd(p: Piece, side: 0 | 1, delta: number): number | undefined {
    const { zs, xs, ds, direction } = p;
    const m = zs.length;
    const ze = side === 0 ? p.z0 : p.z1, xe = side === 0 ? p.x0 : p.x1;
    if (delta === 0) return this.#at(ze);
    // The cell holding δ: side 0 counts from the start, side 1 from the end.
    const rel = (k: number) => xs[k]! - xe;
    const sgn = side === 0 ? direction : -direction;
    if (!(sgn * delta > 0)) return undefined;
    let lo = 0, hi = m - 1;
    const far = side === 0 ? m - 1 : 0;
    if (sgn * (delta - rel(far)) > 0) {
      // Past the table's last node: the outer stretch, or nothing if the piece ends there.
      return Number.isFinite(side === 0 ? p.z1 : p.z0) ? undefined : this.#solve(p, xe + delta);
    }
    // Nodes ordered outward from the end: k-th is zs[e ± k]; find the last with |rel| ≤ |δ|.
    const node = (k: number) => (side === 0 ? k : m - 1 - k);
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (sgn * (rel(node(mid)) - delta) <= 0) lo = mid;
      else hi = mid;
    }
    const a = node(lo), b = node(lo + 1);
    const span = zs[b]! - zs[a]!;
    const ra = rel(a), ma = span * ds[a]!, mb = span * ds[b]!, rb = rel(b);
    let start: number | undefined;
    if (lo === 0) {
      // Next to the end the cubic c₁s + c₂s² + c₃s³ = δ is dominated by its lowest term that is not ~0 (linear at
      // a kink, quadratic at a fold, cubic where G″ vanishes too): start from whichever of the three one-term
      // solutions (the first two solved together, stably) fits best.
      const dd = delta - ra;
      const c1 = ma, c2 = 3 * (rb - ra) - 2 * ma - mb, c3 = -2 * (rb - ra) + ma + mb;
      const disc = c1 * c1 + 4 * c2 * dd;
      const cubic = (t: number) => Math.abs(((c3 * t + c2) * t + c1) * t - dd);
      let best = Infinity;
      for (const t of [disc >= 0 ? (2 * dd) / (c1 + Math.sign(dd) * Math.sqrt(disc)) : NaN, dd / c1, Math.cbrt(dd / c3)]) {
        if (t > 0 && t < 1 && cubic(t) < best) [start, best] = [t, cubic(t)];
      }
    }
    const s = hermiteInverse(ra, rb, ma, mb, delta, start);
    const u0 = zs[a]! - ze, uMin = Math.min(u0, u0 + span), uMax = Math.max(u0, u0 + span);
    let u = u0 + s * span;
    let noise = 0;
    for (let pass = 0; pass < 4; pass++) {
      const [r, d] = this.#rise(ze, xe, u);
      const f = r - delta;
      // The rise carries rounding of about ε·|G′·u| (and ε·|δ|): at that level the root is located.
      noise = 16 * Number.EPSILON * (Math.abs(d * u) + Math.abs(delta));
      if (f === 0 || Math.abs(f) <= noise) {
        this.#slope = d;
        return ze + u;
      }
      const step = f / d;
      const next = u - step;
      if (!(next >= uMin && next <= uMax)) break;
      const curvature = hermiteCurvature(ra, rb, ma, mb, (u - u0) / span) / (span * span);
      if (this.#accept(ze + next, d, step, curvature)) return ze + next;
      u = next;
    }
    // A bracketed, safeguarded Newton in the cell when the plain one strays.
    const F = (v: number) => this.#rise(ze, xe, v)[0] - delta;
    u = newton(F, (v) => this.#dg(ze + v), uMin, uMax, u, noise);
    this.#slope = this.#rise(ze, xe, u)[1];
    return ze + u;
  }

  // --- x-quadrature ----------------------------------------------------------------------------------------------

  /** ∫ over the half-branch from its finite end to zm of p_b(x) f(x) dx, with x = x_e + σt². */
  #integrateFromEnd(p: Piece, side: 0 | 1, zm: number, xm: number, f: (x: number) => number, opts: { epsabs: number; epsrel: number; limit: number }) {
    const ze = side === 0 ? p.z0 : p.z1;
    const xe = side === 0 ? p.x0 : p.x1;
    const sigma = Math.sign(xm - xe);
    const T = Math.sqrt(Math.abs(xm - xe));
    if (!(T > 0)) return { value: 0, error: 0 };
    const integrand = (t: number): number => {
      if (t <= 0 || t >= T) return 0;
      const delta = sigma * t * t;
      const z = this.#fromEnd(p, side, delta);
      if (z === undefined) return 0;
      const d = Math.abs(this.#slope);
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
      const z = this.#solve(p, x);
      if (z === undefined || dir * (z - zm) < 0) return 0;
      const d = Math.abs(this.#slope);
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

/** Whether x (+ residual) lies in a piece's image [lo, hi]; the residual can carry a node that rounded out back in. */
function inImage(p: { readonly lo: number; readonly hi: number }, x: number, residual: number): boolean {
  return (x >= p.lo && x <= p.hi) || (x - p.lo + residual >= 0 && p.hi - x - residual >= 0);
}

/** Entries kept in each of a PushForward's caches before they are cleared. */
const CACHE_SIZE = 1 << 15;

/** log(φ(z)/|G′(z)|), +∞ where G′ = 0 (a fold hit exactly) unless φ itself is negligible there. */
function logTerm(z: number, slope: number): number {
  const d = Math.abs(slope);
  return d === 0 ? (Math.abs(z) > 30 ? -Infinity : Infinity) : -0.5 * z * z - LOG_SQRT_2PI - Math.log(d);
}

/** The second derivative in s of the cubic Hermite interpolant of {@link hermiteInverse} at s. */
function hermiteCurvature(a: number, b: number, ma: number, mb: number, s: number): number {
  return (b - a) * (6 - 12 * s) + ma * (6 * s - 4) + mb * (6 * s - 2);
}

/** The cell [i, i + 1] of a monotone table (direction ±1) whose values bracket x (x within the table's range). */
function cellOf(xs: Float64Array, direction: 1 | -1, x: number): number {
  let i = 0, j = xs.length - 1;
  while (j - i > 1) {
    const k = (i + j) >> 1;
    if (direction * (xs[k]! - x) <= 0) i = k;
    else j = k;
  }
  return i;
}

/**
 * The s ∈ [0, 1] where the cubic Hermite interpolant H with H(0) = a, H(1) = b, H′(0) = ma, H′(1) = mb equals x,
 * by Newton's method on the cubic kept inside a bracket (bisection when a step leaves it). Starts from `start`
 * or from linear interpolation.
 */
function hermiteInverse(a: number, b: number, ma: number, mb: number, x: number, start?: number): number {
  const dx = b - a;
  if (dx === 0) return 0.5;
  const sign = dx > 0 ? 1 : -1;
  const target = x - a;
  let lo = 0, hi = 1;
  let s = start ?? Math.min(1, Math.max(0, target / dx));
  for (let k = 0; k < 12; k++) {
    const s2 = s * s, s3 = s2 * s;
    const value = dx * (3 * s2 - 2 * s3) + ma * (s - 2 * s2 + s3) + mb * (s3 - s2) - target;
    if (value === 0) return s;
    if (sign * value < 0) lo = s;
    else hi = s;
    const slope = 6 * dx * (s - s2) + ma * (1 - 4 * s + 3 * s2) + mb * (3 * s2 - 2 * s);
    let next = s - value / slope;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - s) <= 1e-15 * Math.max(s, 1e-300)) return next;
    s = next;
  }
  return s;
}
