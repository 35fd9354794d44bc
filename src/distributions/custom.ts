/**
 * Custom densities: a user formula f(x) on a stated range [low, high], normalised numerically so that
 * p(x) = f(x) / ∫ f on [low, high] and 0 outside. Written in the spec language as
 * `density("exp(-x^2/2) * (1 + sin(3*x)^2)", -6, 6)`, and usable as a mixture component.
 */
import { integrateLine } from '../maths/quadrature.ts';
import type { Random } from '../maths/random.ts';
import type { Family } from './family.ts';
import { coded } from './coded.ts';
import { compileFormula, FormulaError } from './formula.ts';

/** Cells of the table that checks the formula, locates its support and drives the CDF and sampling. */
const CELLS = 4096;

// 15-point Gauss–Kronrod nodes and weights on [−1, 1] (QUADPACK qk15), to integrate each table cell.
const XK = [0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926, 0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961, 0.207784955007898467600689403773245, 0];
const WK = [0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518, 0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014, 0.204432940075298892414161999234649, 0.209482141084727828012999174891714];

function cellIntegral(f: (x: number) => number, a: number, b: number): number {
  const c = 0.5 * (a + b), h = 0.5 * (b - a);
  let s = WK[7]! * f(c);
  for (let j = 0; j < 7; j++) s += WK[j]! * (f(c - h * XK[j]!) + f(c + h * XK[j]!));
  return s * h;
}

const cache = new Map<string, Family>();

/** At most this many jumps are located (each costs about 60 evaluations of the formula). */
const MAX_JUMPS = 64;

/** Where f jumps between a and b (f(a) = ya, f(b) = yb): bisection on which end's value f is nearer. */
function locateJump(f: (x: number) => number, a: number, b: number, ya: number, yb: number): number {
  let lo = a, hi = b;
  for (let k = 0; k < 64; k++) {
    const mid = 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) break;
    const y = f(mid);
    if (Math.abs(y - ya) <= Math.abs(y - yb)) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The family object for one formula on one range (cached: the editor re-creates the same one on every drag).
 *
 * @throws {FormulaError} naming what is wrong: a formula the sandbox refuses, a value that is negative or not
 * finite somewhere on the range, a formula that is zero everywhere there, or one whose integral does not settle.
 */
export function densityFamily(formula: string, low: number, high: number): Family {
  const key = `${low}|${high}|${formula}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const family = buildDensityFamily(formula, low, high);
  cache.set(key, family);
  if (cache.size > 64) cache.delete(cache.keys().next().value!);
  return family;
}

function buildDensityFamily(formula: string, low: number, high: number): Family {
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(high > low)) {
    throw new FormulaError(coded('density.range', { low, high }, `the range must be finite with high > low, got [${low}, ${high}]`));
  }
  // Past ±1e300 the width high − low (and the table's spacing) would overflow or lose all precision.
  if (!Number.isFinite(high - low)) throw new FormulaError(coded('density.tooWide', { low, high }, `the range [${low}, ${high}] is too wide: high − low overflows (the ends must lie within ±1e300)`));
  if (Math.abs(low) > 1e300 || Math.abs(high) > 1e300) throw new FormulaError(coded('density.beyond', { low, high }, `the range [${low}, ${high}] reaches beyond ±1e300, where its integrals would overflow`));
  const f = compileFormula(formula);
  const at = (x: number): number => {
    const y = f(x);
    if (Number.isNaN(y) || !Number.isFinite(y)) throw new FormulaError(coded('density.notFinite', { x: +x.toPrecision(6), value: y }, `the formula is not finite at x = ${+x.toPrecision(6)} (value ${y})`));
    if (y < 0) throw new FormulaError(coded('density.negative', { value: +y.toPrecision(4), x: +x.toPrecision(6) }, `a density cannot be negative, but the formula is ${+y.toPrecision(4)} at x = ${+x.toPrecision(6)}`));
    return y;
  };

  // Tabulate: checks the formula across the range and finds stretches where it is 0 (outside the support).
  const h = (high - low) / CELLS;
  const xs = Float64Array.from({ length: CELLS + 1 }, (_, i) => (i === CELLS ? high : low + i * h));
  const ys = xs.map(at);
  let peak = 0;
  for (const y of ys) peak = Math.max(peak, y);

  // Jumps (a conditional, or a support edge inside a cell): where a cell's change dwarfs both neighbours', the point
  // is found by bisection and becomes a cut, so that no quadrature piece straddles it. Gauss–Kronrod cannot see a
  // jump between its nodes, and its error estimate does not either: density("abs(x) > 1 ? 1 : 0", -6, 6) against
  // a normal gave a JSD 7e-5 off with an error estimate of 5e-14.
  const jumpIn = new Map<number, number>();
  for (let i = 0; i < CELLS && jumpIn.size < MAX_JUMPS; i++) {
    const change = Math.abs(ys[i + 1]! - ys[i]!);
    if (!(change > 1e-9 * peak)) continue;
    const before = i > 0 ? Math.abs(ys[i]! - ys[i - 1]!) : 0, after = i + 1 < CELLS ? Math.abs(ys[i + 2]! - ys[i + 1]!) : 0;
    if (change > 8 * Math.max(before, after)) jumpIn.set(i, locateJump(at, xs[i]!, xs[i + 1]!, ys[i]!, ys[i + 1]!));
  }

  const support: [number, number][] = [];
  let runStart = -1;
  for (let i = 0; i <= CELLS; i++) {
    // A cell belongs to the support unless both its ends are 0 (isolated zeros, like those of sin², do not split it).
    const inside = i < CELLS && !(ys[i] === 0 && ys[i + 1] === 0);
    if (inside && runStart < 0) runStart = i;
    if (!inside && runStart >= 0) {
      // A support edge in a cell whose outer end is 0 lies where the jump there is, if one was found.
      const from = ys[runStart] === 0 ? (jumpIn.get(runStart) ?? xs[runStart]!) : xs[runStart]!;
      const to = ys[i] === 0 ? (jumpIn.get(i - 1) ?? xs[i]!) : xs[i]!;
      support.push([from, to]);
      runStart = -1;
    }
  }
  if (support.length === 0) {
    const params = { low, high, points: CELLS + 1, spacing: +h.toPrecision(3) };
    throw new FormulaError(coded('density.zero', params, `the formula is 0 everywhere on [${low}, ${high}], so it cannot be normalised (0 at all ${CELLS + 1} table points, ${+h.toPrecision(3)} apart: if its mass lies in a spike narrower than that, narrow the range around it)`));
  }

  // Normalisation makes the formula's constant factor irrelevant; dividing by its largest tabulated value keeps
  // tiny formulas (say e^{−x²/2} far out in a tail) from overflowing 1/∫f.
  if (!Number.isFinite(1 / peak)) throw new FormulaError(coded('density.tiny', { low, high }, `the formula's values on [${low}, ${high}] are all below 1e-308, too small to normalise; multiply it by a constant (the normalisation cancels it)`));
  const unit = 1 / peak;
  const edges = [...support.flat(), ...jumpIn.values()];
  let total: number;
  try {
    const r = integrateLine((x) => (x < low || x > high ? 0 : at(x) * unit), [low, high, ...edges], { epsabs: 1e-14, epsrel: 1e-12, limit: 2000 });
    if (!r.converged) throw new FormulaError(coded('density.singular', { low, high }, `the formula cannot be integrated accurately on [${low}, ${high}]: is it singular there?`));
    total = r.value;
  } catch (e) {
    if (e instanceof FormulaError) throw e;
    throw new FormulaError(coded('density.integration', { low, high, detail: (e as Error).message }, `the formula cannot be integrated on [${low}, ${high}]: ${(e as Error).message}`));
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    const at0 = xs[ys.indexOf(peak)]!;
    const params = { x: +at0.toPrecision(6), low, high, total, spacing: +h.toPrecision(3) };
    throw new FormulaError(coded('density.spike', params, `the formula is positive at x = ${+at0.toPrecision(6)} but its integral on [${low}, ${high}] is ${total}: its mass lies in a spike too narrow for this range (table spacing ${+h.toPrecision(3)}); narrow the range around x = ${+at0.toPrecision(6)}`));
  }

  const norm = unit / total;
  const logNorm = Math.log(norm);
  const safe = (x: number): number => {
    if (x < low || x > high) return 0;
    const y = f(x);
    return y > 0 && Number.isFinite(y) ? y : 0;
  };

  // Cumulative mass at each table point, each cell integrated with a 15-point Kronrod rule.
  const cumulative = new Float64Array(CELLS + 1);
  // A cell's mass from a to b (inside it), split at the cell's jump.
  const cellMass = (i: number, a: number, b: number): number => {
    const j = jumpIn.get(i);
    return j !== undefined && j > a && j < b ? cellIntegral(safe, a, j) + cellIntegral(safe, j, b) : cellIntegral(safe, a, b);
  };
  for (let i = 0; i < CELLS; i++) cumulative[i + 1] = cumulative[i]! + cellMass(i, xs[i]!, xs[i + 1]!);
  const tableTotal = cumulative[CELLS]!;
  // The table drives the CDF, the quantiles and sampling: it must see the mass the adaptive rule found, or a spike
  // between its points would be normalised but never sampled.
  if (!(Math.abs(tableTotal * unit - total) <= 1e-3 * total)) {
    const params = { low, high, spacing: +h.toPrecision(3), fraction: +((tableTotal * unit) / total).toPrecision(3) };
    throw new FormulaError(coded('density.fineScale', params, `the formula varies on a finer scale than its table can follow on [${low}, ${high}] (spacing ${+h.toPrecision(3)}): the table holds ${+((tableTotal * unit) / total).toPrecision(3)} of the mass; narrow the range`));
  }
  const cellOf = (x: number): number => Math.min(CELLS - 1, Math.max(0, Math.floor((x - low) / h)));

  const cdf = (x: number): number => {
    if (x <= low) return 0;
    if (x >= high) return 1;
    const i = cellOf(x);
    return Math.min(1, (cumulative[i]! + cellMass(i, xs[i]!, x)) / tableTotal);
  };

  let argmax = 0;
  for (let i = 1; i <= CELLS; i++) if (ys[i]! > ys[argmax]!) argmax = i;
  let mean = 0, second = 0;
  for (let i = 0; i < CELLS; i++) {
    mean += cellIntegral((x) => x * safe(x), xs[i]!, xs[i + 1]!);
    second += cellIntegral((x) => x * x * safe(x), xs[i]!, xs[i + 1]!);
  }
  mean /= tableTotal;
  const variance = Math.max(0, second / tableTotal - mean * mean);

  return {
    name: 'density',
    parameters: ['low', 'high'],
    check: () => undefined,
    pdf: (x) => safe(x) * norm,
    logPdf: (x) => {
      const y = safe(x);
      return y > 0 ? Math.log(y) + logNorm : -Infinity;
    },
    cdf,
    /**
     * Samples by the table: a cell chosen by its mass, then a point within it by inverting the linear
     * interpolation of f between the cell's ends (exact for piecewise-linear f, and within the table's
     * resolution, (high − low)/4096, otherwise).
     */
    sample(random: Random) {
      const u = random.uniform() * tableTotal;
      let lo = 0, hi = CELLS;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! <= u) lo = mid;
        else hi = mid;
      }
      const mass = cumulative[lo + 1]! - cumulative[lo]!;
      const v = mass > 0 ? (u - cumulative[lo]!) / mass : random.uniform();
      const y0 = ys[lo]!, y1 = ys[lo + 1]!;
      // Solve ∫₀^t (y0 + (y1 − y0)s) ds = v·(y0 + y1)/2 for t ∈ [0, 1].
      let t: number;
      if (Math.abs(y1 - y0) < 1e-12 * Math.max(y0, y1, 1e-300)) t = v;
      else {
        const a = 0.5 * (y1 - y0), b = y0, c = -v * 0.5 * (y0 + y1);
        t = (2 * c) / (-b - Math.sqrt(Math.max(0, b * b - 4 * a * c)));
      }
      return xs[lo]! + Math.min(1, Math.max(0, t)) * h;
    },
    support: () => support,
    mean: () => mean,
    variance: () => variance,
    centre: () => xs[argmax]!,
    scale: () => 0.5 * (high - low),
    kinks: () => [low, high, ...edges],
    tail: 'bounded',
  };
}
