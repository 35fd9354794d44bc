/**
 * Globally adaptive Gauss–Kronrod quadrature over the whole real line (after QUADPACK's QAGS/QAGI,
 * Piessens et al. 1983): the line is cut at given breakpoints into finite pieces plus two tails, each tail is
 * mapped onto (0, 1] by x = edge ± s·(1 − t)/t, and the piece with the largest error estimate is bisected until
 * the total estimate meets the tolerance.
 *
 * Every node is placed relative to the nearer end of its piece (x = end + t, with t small near that end), and the
 * integrand receives the rounded x together with the rounding residual (x + residual is the node to about twice
 * double precision). So a component of width 1 at 1e12, where neighbouring doubles are 1.2e-4 apart, is still
 * integrated as if its nodes were exact, and bisection near a piece's end never runs out of doubles.
 */

export interface QuadratureOptions {
  /** Absolute error target (default 1e-13). */
  readonly epsabs?: number;
  /** Relative error target (default 1e-11). */
  readonly epsrel?: number;
  /** Most subintervals before giving up (default 4000). */
  readonly limit?: number;
  /**
   * Scale of the tail map x = edge ± scale·(1 − t)/t (default 1): a typical width of the integrand's tail, one
   * number for both tails or [left, right].
   */
  readonly tailScale?: number | readonly [number, number];
}

export interface QuadratureResult {
  /** The integral's estimate. */
  readonly value: number;
  /** QUADPACK's error estimate (conservative). */
  readonly error: number;
  /** Integrand evaluations used. */
  readonly evaluations: number;
  /** Subintervals in the final partition. */
  readonly intervals: number;
  /** False when the limit was reached before the tolerance. */
  readonly converged: boolean;
}

// 21-point Gauss–Kronrod rule (QUADPACK qk21): Kronrod abscissae, Kronrod weights, and the 10-point Gauss
// weights that belong to the odd-indexed abscissae.
const XGK = [
  0.995657163025808080735527280689003, 0.973906528517171720077964012084452, 0.930157491355708226001207180059508,
  0.865063366688984510732096688423493, 0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
  0.562757134668604683339000099272694, 0.433395394129247190799265943165784, 0.294392862701460198131126603103866,
  0.14887433898163121088482600112972, 0,
];
const WGK = [
  0.011694638867371874278064396062192, 0.03255816230796472747881897245939, 0.05475589657435199603138130024458,
  0.07503967481091995276704314091619, 0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
  0.123491976262065851077208292236911, 0.134709217311473325928054001771707, 0.142775938577060080797094273138717,
  0.14773910490133849137484151597207, 0.149445554002916905664936468389821,
];
const WG = [
  0.066671344308688137593568809893332, 0.149451349150580593145776339657697, 0.219086362515982043995534934228163,
  0.269266719309996355091226921569469, 0.295524224714752870173892994651338,
];

const EPMACH = Number.EPSILON;
const UFLOW = Number.MIN_VALUE;

/** Exposed for tests: the raw rule on [a, b], returning [kronrod, gauss]. */
export function gaussKronrod21(f: (x: number) => number, a: number, b: number): [number, number] {
  const c = 0.5 * (a + b), h = 0.5 * (b - a);
  let k = WGK[10]! * f(c), g = 0;
  for (let j = 0; j < 10; j++) {
    const d = h * XGK[j]!;
    const s = f(c - d) + f(c + d);
    k += WGK[j]! * s;
    if (j % 2 === 1) g += WG[(j - 1) / 2]! * s;
  }
  return [k * h, g * h];
}

// A piece of the line. kind 0: [a, b] in x between two cuts, each node measured from the nearer of a and b.
// kind 2: x = edge + t for t ∈ [a, b] (the halves of a kind-0 piece, and their descendants). kind 1 / −1: the right
// tail x = edge + s(1−t)/t and the left tail x = edge − s(1−t)/t, with [a, b] ⊂ (0, 1] in t.
interface Interval {
  a: number;
  b: number;
  kind: -1 | 0 | 1 | 2;
  edge: number;
  value: number;
  error: number;
}

/**
 * An integrand: x, the node rounded to a double, and residual, what rounding lost (x + residual is the node to
 * about twice double precision; 0 where x is exact). Integrands that ignore the residual are fine wherever the
 * rounding of x is small beside the integrand's own scale.
 */
export type Integrand = (x: number, residual: number) => number;

/**
 * ∫_{−∞}^{∞} f(x) dx. `breakpoints` are where f may have a kink, jump or a narrow peak (sorted or not);
 * f must return finite numbers (0 where the integrand vanishes). Where it returns +∞ or −∞ the integral is taken
 * to be that (an integrand that overflows double precision: `converged` is false and `error` 0); NaN gives NaN.
 *
 * @example
 * integrateLine((x) => Math.exp(-x * x / 2), [0]).value; // √(2π) ≈ 2.5066282746310002
 */
export function integrateLine(
  f: Integrand,
  breakpoints: readonly number[],
  options: QuadratureOptions = {},
): QuadratureResult {
  const epsabs = options.epsabs ?? 1e-13;
  const epsrel = options.epsrel ?? 1e-11;
  const limit = options.limit ?? 4000;
  const [leftScale, rightScale] = typeof options.tailScale === 'object' ? options.tailScale : [options.tailScale ?? 1, options.tailScale ?? 1];
  for (const s of [leftScale, rightScale]) if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`invalid tail scale: ${s}`);

  const cuts = [...new Set(breakpoints.filter(Number.isFinite))].sort((x, y) => x - y);
  if (cuts.length === 0) cuts.push(0);
  const lo = cuts[0]!, hi = cuts[cuts.length - 1]!;

  let evaluations = 0;
  let nonFinite = false;
  const heap: Interval[] = [];

  // f at base + t, passing the rounding residual (Knuth's TwoSum: x + r = base + t exactly).
  const at = (base: number, t: number): number => {
    const x = base + t;
    if (!Number.isFinite(x)) return f(x, 0);
    const bv = x - base;
    const r = (base - (x - bv)) + (t - bv);
    return f(x, r);
  };

  // The piece being evaluated (kept in plain variables so that one node function serves every piece).
  let pa = 0, pb = 0, pc = 0, ph = 0, pedge = 0, pkind = 0, ps = 1;
  // The integrand at offset u ∈ [−h, h] from the piece's centre.
  const node = (u: number): number => {
    if (pkind === 0) return u <= 0 ? at(pa, ph + u) : at(pb, u - ph);
    if (pkind === 2) return at(pedge, pc + u);
    const t = pc + u;
    const w = (1 - t) / t;
    const y = at(pedge, pkind === 1 ? ps * w : -ps * w);
    return y === 0 ? 0 : (y * ps) / (t * t);
  };

  const fv = new Float64Array(20);
  const evaluate = (iv: Interval): void => {
    const { a, b, kind, edge } = iv;
    const h = 0.5 * (b - a);
    pa = a;
    pb = b;
    pc = 0.5 * (a + b);
    ph = h;
    pedge = edge;
    pkind = kind;
    ps = kind === 1 ? rightScale : leftScale;
    const fc = node(0);
    let resk = WGK[10]! * fc, resg = 0, resabs = Math.abs(resk);
    for (let j = 0; j < 10; j++) {
      const d = h * XGK[j]!;
      const f1 = node(-d), f2 = node(d);
      fv[2 * j] = f1;
      fv[2 * j + 1] = f2;
      resk += WGK[j]! * (f1 + f2);
      resabs += WGK[j]! * (Math.abs(f1) + Math.abs(f2));
      if (j % 2 === 1) resg += WG[(j - 1) / 2]! * (f1 + f2);
    }
    evaluations += 21;
    if (!Number.isFinite(resk)) {
      nonFinite = true;
      iv.value = resk;
      iv.error = 0;
      return;
    }
    const reskh = resk * 0.5;
    let resasc = WGK[10]! * Math.abs(fc - reskh);
    for (let j = 0; j < 10; j++) resasc += WGK[j]! * (Math.abs(fv[2 * j]! - reskh) + Math.abs(fv[2 * j + 1]! - reskh));
    const ah = Math.abs(h);
    resasc *= ah;
    resabs *= ah;
    let err = Math.abs((resk - resg) * h);
    if (resasc !== 0 && err !== 0) err = resasc * Math.min(1, Math.pow((200 * err) / resasc, 1.5));
    if (resabs > UFLOW / (50 * EPMACH)) err = Math.max(EPMACH * 50 * resabs, err);
    iv.value = resk * h;
    iv.error = err;
  };

  const push = (iv: Interval): void => {
    heap.push(iv);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]!.error >= heap[i]!.error) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const pop = (): Interval => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.error > heap[m]!.error) m = l;
        if (r < heap.length && heap[r]!.error > heap[m]!.error) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };

  const start: Interval[] = [{ a: 0, b: 1, kind: -1, edge: lo, value: 0, error: 0 }];
  for (let i = 0; i + 1 < cuts.length; i++) start.push({ a: cuts[i]!, b: cuts[i + 1]!, kind: 0, edge: 0, value: 0, error: 0 });
  start.push({ a: 0, b: 1, kind: 1, edge: hi, value: 0, error: 0 });

  let total = 0, totalError = 0;
  for (const iv of start) {
    evaluate(iv);
    total += iv.value;
    totalError += iv.error;
    push(iv);
  }

  let converged = !nonFinite;
  let steps = 0;
  while (!nonFinite && totalError > Math.max(epsabs, epsrel * Math.abs(total))) {
    if (heap.length >= limit) {
      converged = false;
      break;
    }
    const worst = pop();
    let left: Interval, right: Interval;
    if (worst.kind === 0) {
      // Split between the two ends: each half is measured from its own end from now on.
      const h = 0.5 * (worst.b - worst.a);
      left = { a: 0, b: h, kind: 2, edge: worst.a, value: 0, error: 0 };
      right = { a: -h, b: 0, kind: 2, edge: worst.b, value: 0, error: 0 };
    } else {
      const mid = 0.5 * (worst.a + worst.b);
      // Stop bisecting an interval that floating point can no longer split.
      if (!(mid > worst.a && mid < worst.b)) {
        push(worst);
        converged = false;
        break;
      }
      left = { a: worst.a, b: mid, kind: worst.kind, edge: worst.edge, value: 0, error: 0 };
      right = { a: mid, b: worst.b, kind: worst.kind, edge: worst.edge, value: 0, error: 0 };
    }
    evaluate(left);
    evaluate(right);
    total += left.value + right.value - worst.value;
    totalError += left.error + right.error - worst.error;
    push(left);
    push(right);
    if (nonFinite) converged = false;
    // Running sums drift; recompute them exactly now and then.
    if (++steps % 64 === 0) {
      total = 0;
      totalError = 0;
      for (const iv of heap) {
        total += iv.value;
        totalError += iv.error;
      }
    }
  }
  if (nonFinite) {
    let value = 0;
    for (const iv of heap) if (!Number.isFinite(iv.value)) value += iv.value;
    return { value, error: 0, evaluations, intervals: heap.length, converged: false };
  }
  total = 0;
  totalError = 0;
  for (const iv of heap) {
    total += iv.value;
    totalError += iv.error;
  }
  return { value: total, error: totalError, evaluations, intervals: heap.length, converged };
}
