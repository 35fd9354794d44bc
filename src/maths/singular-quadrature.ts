/**
 * ∫ f over the line when f has integrable singularities at known points: |x − c|^(−1/2) (a density at a fold),
 * log|x − c| (a log-density there), or a jump. Each piece between cuts that ends at such a point is mapped by
 * x = c + w·u⁴ (u ∈ [0, 1], w the piece's width; both ends at once by x = a + w·u⁴/(u⁴ + (1 − u)⁴)), which turns
 * |x − c|^(−1/2) into 4u·w^(1/2) and log|x − c| into a multiple of u³·log u: bounded and smooth enough that
 * Gauss–Kronrod needs no extrapolation (the algebraic substitution for end-point singularities, Davis & Rabinowitz
 * 1984, §2.12.7). Then `integrateLine` integrates the mapped integrand with its usual global adaptivity, so pieces
 * with and without singular ends share one tolerance.
 */
import { integrateLine, type Integrand, type QuadratureOptions, type QuadratureResult } from './quadrature.ts';

/**
 * ∫_{−∞}^{∞} f(x) dx with f cut at `breakpoints` and possibly singular at the points `singular` (which are cut
 * too). f receives the node and its rounding residual, as from `integrateLine`; next to a singular point the
 * residual is the node's offset from the point lost to rounding, so an integrand that solves for x − c keeps
 * full precision there.
 *
 * @example
 * // ∫₋₁¹ |x|^(−1/2) dx = 4, singular at 0:
 * integrateWithSingularities((x) => (Math.abs(x) < 1 ? 1 / Math.sqrt(Math.abs(x)) : 0), [-1, 1], [0]).value; // 4
 */
export function integrateWithSingularities(f: Integrand, breakpoints: readonly number[], singular: readonly number[], options: QuadratureOptions = {}): QuadratureResult {
  const points = singular.filter(Number.isFinite);
  if (points.length === 0) return integrateLine(f, breakpoints, options);
  const marked = new Set(points);
  const all = [...new Set([...breakpoints.filter(Number.isFinite), ...points])].sort((a, b) => a - b);
  // Keep every singular point off the tails (the tail map is not graded): one more cut beyond the outermost.
  const lo = all[0]!, hi = all[all.length - 1]!;
  const pad = Math.max(1, hi - lo);
  if (marked.has(lo)) all.unshift(lo - pad);
  if (marked.has(hi)) all.push(hi + pad);
  const pieces = all.slice(0, -1).map((a, i) => ({ a, b: all[i + 1]!, atA: marked.has(a), atB: marked.has(all[i + 1]!) }));
  const first = all[0]!, last = all[all.length - 1]!;
  const mapped: Integrand = (y, residual) => {
    if (!(y > first && y < last)) return f(y, residual);
    let i = 0, j = pieces.length - 1;
    while (i < j) {
      const m = (i + j + 1) >> 1;
      if (pieces[m]!.a <= y) i = m;
      else j = m - 1;
    }
    const { a, b, atA, atB } = pieces[i]!;
    if (!atA && !atB) return f(y, residual);
    const w = b - a;
    // u from the nearer end, with the node's residual, so that 1 − u keeps its precision near b.
    const fromA = y - a + residual, fromB = b - y - residual;
    const u = fromA / w, v = fromB / w;
    let offset: number, jacobian: number, fromStart: boolean;
    if (atA && atB) {
      const A = u ** 4, B = v ** 4, D = A + B;
      jacobian = (4 * (u ** 3 * B + A * v ** 3)) / (D * D);
      fromStart = A <= B;
      offset = w * (fromStart ? A / D : B / D);
    } else if (atA) {
      offset = w * u ** 4;
      jacobian = 4 * u ** 3;
      fromStart = true;
    } else {
      offset = w * v ** 4;
      jacobian = 4 * v ** 3;
      fromStart = false;
    }
    if (jacobian === 0 || !Number.isFinite(jacobian)) return 0;
    // x = end ± offset, passed with its rounding residual (Knuth's TwoSum).
    const t = fromStart ? offset : -offset;
    const base = fromStart ? a : b;
    const x = base + t;
    const bv = x - base;
    const r = base - (x - bv) + (t - bv);
    const value = f(x, r);
    return value === 0 ? 0 : value * jacobian;
  };
  return integrateLine(mapped, all, options);
}
