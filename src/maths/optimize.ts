/**
 * Derivative-free minimisation by the Nelder–Mead simplex method, with the dimension-adapted coefficients of
 * Gao & Han (2012) and restarts from the best vertex (a cheap guard against a collapsed simplex).
 */
/**
 * Golden-section search for the maximiser of a unimodal g on [lo, hi] (Kiefer 1953), to an interval of 1e-15;
 * the maximiser itself is only determined to about √ε relative, since g is flat there.
 */
export function argmaxUnimodal(g: (y: number) => number, lo: number, hi: number): number {
  if (!(hi > lo)) throw new RangeError(`invalid interval [${lo}, ${hi}]`);
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - r * (b - a), d = a + r * (b - a);
  let gc = g(c), gd = g(d);
  for (let i = 0; i < 200 && b - a > 1e-15; i++) {
    if (gc > gd) {
      b = d; d = c; gd = gc; c = b - r * (b - a); gc = g(c);
    } else {
      a = c; c = d; gc = gd; d = a + r * (b - a); gd = g(d);
    }
  }
  return 0.5 * (a + b);
}

export interface MinimizeOptions {
  /** Initial step along each axis (default 0.1·max(1, |x0ᵢ|)). */
  readonly step?: readonly number[];
  /** Stop when every vertex is within this of the best, in every coordinate (default 1e-10). */
  readonly xtol?: number;
  /** … and the function values differ by less than this (default 1e-12). */
  readonly ftol?: number;
  readonly maxEvaluations?: number;
}

export interface Minimum {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

/**
 * The minimum of f near x0. f may return +∞ (or NaN, treated as +∞) to mark an infeasible point.
 *
 * @example
 * minimize(([a, b]) => (a - 1) ** 2 + 10 * (b + 2) ** 2, [0, 0]).x; // ≈ [1, −2]
 */
export function minimize(f: (x: readonly number[]) => number, x0: readonly number[], options: MinimizeOptions = {}): Minimum {
  const n = x0.length;
  if (n === 0) throw new RangeError('minimize needs at least one variable');
  if (!x0.every(Number.isFinite)) throw new RangeError(`invalid starting point: [${x0.join(', ')}]`);
  const xtol = options.xtol ?? 1e-10;
  const ftol = options.ftol ?? 1e-12;
  const maxEvaluations = options.maxEvaluations ?? 2000 * n;
  const alpha = 1, beta = 1 + 2 / n, gamma = 0.75 - 1 / (2 * n), delta = 1 - 1 / n;
  let evaluations = 0;
  const value = (x: readonly number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };

  let best = { x: [...x0], v: value(x0) };
  let converged = false;
  for (let restart = 0; restart < 3 && !converged && evaluations < maxEvaluations; restart++) {
    const simplex: { x: number[]; v: number }[] = [best];
    for (let i = 0; i < n; i++) {
      const x = [...best.x];
      const h = options.step?.[i] ?? 0.1 * Math.max(1, Math.abs(x[i]!));
      x[i] = x[i]! + (restart === 0 ? h : h * 1e-2);
      simplex.push({ x, v: value(x) });
    }
    while (evaluations < maxEvaluations) {
      simplex.sort((a, b) => a.v - b.v);
      const lo = simplex[0]!, hi = simplex[n]!;
      const spread = Math.max(...simplex.map((s) => Math.max(...s.x.map((xi, i) => Math.abs(xi - lo.x[i]!)))));
      if (spread <= xtol && Math.abs(hi.v - lo.v) <= ftol * Math.max(1, Math.abs(lo.v))) {
        converged = true;
        break;
      }
      if (spread <= xtol * 1e-3) break;
      const centroid = new Array<number>(n).fill(0);
      for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i]! += simplex[k]!.x[i]! / n;
      const along = (t: number): number[] => centroid.map((c, i) => c + t * (hi.x[i]! - c));
      const xr = along(-alpha), vr = value(xr);
      if (vr < lo.v) {
        const xe = along(-alpha * beta), ve = value(xe);
        simplex[n] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
      } else if (vr < simplex[n - 1]!.v) {
        simplex[n] = { x: xr, v: vr };
      } else {
        const outside = vr < hi.v;
        const xc = along(outside ? -alpha * gamma : gamma), vc = value(xc);
        if (vc < (outside ? vr : hi.v)) simplex[n] = { x: xc, v: vc };
        else {
          for (let k = 1; k <= n; k++) {
            const x = simplex[k]!.x.map((xi, i) => lo.x[i]! + delta * (xi - lo.x[i]!));
            simplex[k] = { x, v: value(x) };
          }
        }
      }
    }
    simplex.sort((a, b) => a.v - b.v);
    best = simplex[0]!;
  }
  return { x: best.x, value: best.v, evaluations, converged };
}
