import { firstTrue, nextDown } from '../maths/float-bisection.ts';
import { mergeIntervals } from '../maths/intervals.ts';
import type { Random } from '../maths/random.ts';
import { coded, CodedError, codedOrText, type Coded, type CodedParams } from './coded.ts';
import { familyOf } from './families.ts';
import { FormulaError } from './formula.ts';
import { TAIL_ORDER, type Family, type FamilyName, type TailKind } from './family.ts';

/**
 * One weighted component of a mixture, as written in a spec: `weight*family(a, b)`, or for a custom density
 * `weight*density("formula", low, high)` with params [low, high] and the formula in x.
 */
export interface ComponentSpec {
  readonly family: FamilyName;
  readonly params: readonly [number, number];
  readonly weight: number;
  readonly formula?: string;
}

/** Weights must sum to 1 within this. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/** What is wrong with a list of components, and which component (or the weights as a whole) it concerns. */
export interface ComponentProblem extends Coded {
  readonly component: number;
  readonly part: 'family' | 'params' | 'weight' | 'sum';
}

function problem(component: number, part: ComponentProblem['part'], code: string, params: CodedParams, message: string): ComponentProblem {
  return { component, part, ...coded(code, params, message) };
}

/**
 * A typed error for a bad distribution: the UI shows `message` beside the text box and, when the error came
 * from parsing, underlines `start`…`end` (character offsets in the spec text). Made from a coded message, it
 * also carries the message's `code` and `params`, for a page that shows it in the reader's language.
 */
export class SpecError extends CodedError {
  override readonly name = 'SpecError';
  constructor(
    message: string | Coded,
    readonly start = -1,
    readonly end = -1,
  ) {
    super(message);
  }
}

/**
 * The largest |centre| and width a component may have: quadrature follows tails to 81 widths and beyond, and
 * differences of such points must stay finite (normal(1e308, 1e308) would overflow them).
 */
export const MAX_MAGNITUDE = 1e300;

/**
 * The smallest width a component may have relative to |centre|: 2⁻⁴² ≈ 2.3e-13, so that at least 1,000 doubles lie
 * across one width. Narrower (normal(1e20, 1): neighbouring doubles 16,384 apart) and the density cannot be
 * resolved: no plot, no sample, no quantile would mean anything. normal(1e12, 1) is allowed (about 8,000 doubles).
 */
export const MIN_RELATIVE_WIDTH = 2 ** -42;

/** Why a component lies outside what double precision can compute with, or undefined. */
function extentProblem(family: Family, a: number, b: number): Coded | undefined {
  const centre = family.centre(a, b), width = family.scale(a, b);
  if (!(Math.abs(centre) <= MAX_MAGNITUDE)) return coded('extent.centre', { centre }, `its centre ${centre} lies beyond ±1e300, too far out to integrate its tails without overflow`);
  if (!(width <= MAX_MAGNITUDE)) return coded('extent.width', { width }, `its width ${width} exceeds 1e300, too wide to integrate its tails without overflow`);
  if (width < MIN_RELATIVE_WIDTH * Math.abs(centre)) {
    return coded('extent.narrow', { width, centre }, `its width ${width} is below 2^-42 ≈ 2.3e-13 of its centre ${centre}: fewer than 1,000 doubles lie across it, too few to resolve its density`);
  }
  return undefined;
}

/** The first problem with these components, or undefined when they make a valid mixture. */
export function findProblem(components: readonly ComponentSpec[]): ComponentProblem | undefined {
  if (components.length === 0) return problem(-1, 'sum', 'mixture.empty', {}, 'a distribution needs at least one component');
  let sum = 0;
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    let family: Family;
    try {
      family = familyOf(c);
    } catch (e) {
      if (e instanceof FormulaError) return problem(i, 'params', 'component.density', { problem: codedOrText(e) }, `density: ${e.message}`);
      return problem(i, 'family', 'component.unknownFamily', { family: String(c.family) }, `unknown family '${c.family}'`);
    }
    const bad = family.check(c.params[0], c.params[1]) ?? extentProblem(family, c.params[0], c.params[1]);
    if (bad) return problem(i, 'params', 'component.params', { family: c.family, problem: bad }, `${c.family}: ${bad.message}`);
    if (!Number.isFinite(c.weight) || !(c.weight > 0)) {
      return problem(i, 'weight', 'weight.notPositive', { weight: c.weight, n: i + 1 }, `weight ${c.weight} of component ${i + 1} must be positive`);
    }
    sum += c.weight;
  }
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    return problem(-1, 'sum', 'weights.sum', { sum: +sum.toPrecision(12) }, `weights sum to ${+sum.toPrecision(12)}, not 1`);
  }
  return undefined;
}

/**
 * A 1-D distribution: a finite mixture of normal, Laplace, logistic, Cauchy and uniform components (a single
 * component is a mixture of one). Immutable. Densities are evaluated in log space so that far tails never
 * produce log(0) where the true log-density is finite.
 *
 * @example
 * const d = new Distribution([{ family: 'normal', params: [0, 1], weight: 1 }]);
 * d.logPdf(40);   // −800.918… (the density itself underflows to 0)
 */
// Component kinds for the hot loop below.
const NORMAL = 0, LAPLACE = 1, LOGISTIC = 2, CAUCHY = 3, UNIFORM = 4, DENSITY = 5;
const KIND: Readonly<Record<FamilyName, number>> = { normal: NORMAL, laplace: LAPLACE, logistic: LOGISTIC, cauchy: CAUCHY, uniform: UNIFORM, density: DENSITY };
const SQRT_2PI = Math.sqrt(2 * Math.PI);

export class Distribution {
  readonly components: readonly ComponentSpec[];
  readonly #families: readonly Family[];
  readonly #a: Float64Array;
  readonly #b: Float64Array;
  readonly #weights: Float64Array;
  readonly #logWeights: Float64Array;
  readonly #cumulative: Float64Array;
  // Precomputed for pdf(): kind, location, 1/scale and weight × the density's constant factor (for uniforms:
  // low, high and weight/(high − low)). Quadrature calls pdf millions of times, so the mixture evaluates its
  // components inline rather than through each family's pdf (which the tests hold it equal to).
  readonly #kind: Int8Array;
  readonly #loc: Float64Array;
  readonly #inv: Float64Array;
  readonly #coef: Float64Array;
  readonly #terms: Float64Array;

  constructor(components: readonly ComponentSpec[]) {
    const problem = findProblem(components);
    if (problem) throw new SpecError(problem);
    this.components = Object.freeze(
      components.map((c) =>
        Object.freeze({
          family: c.family,
          params: Object.freeze([c.params[0], c.params[1]] as const),
          weight: c.weight,
          ...(c.family === 'density' ? { formula: (c.formula ?? '').trim() } : {}),
        }),
      ),
    );
    const n = components.length;
    this.#families = this.components.map(familyOf);
    this.#a = Float64Array.from(components, (c) => c.params[0]);
    this.#b = Float64Array.from(components, (c) => c.params[1]);
    // Renormalise away the ≤ 1e-9 slack the spec allows, so the density integrates to 1 exactly.
    const total = components.reduce((s, c) => s + c.weight, 0);
    this.#weights = Float64Array.from(components, (c) => c.weight / total);
    this.#logWeights = this.#weights.map(Math.log);
    this.#cumulative = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) this.#cumulative[i] = acc += this.#weights[i]!;
    this.#kind = Int8Array.from(components, (c) => KIND[c.family]);
    this.#loc = new Float64Array(n);
    this.#inv = new Float64Array(n);
    this.#coef = new Float64Array(n);
    this.#terms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = this.#a[i]!, b = this.#b[i]!, w = this.#weights[i]!;
      this.#loc[i] = a;
      this.#inv[i] = this.#kind[i] === UNIFORM ? b : 1 / b;
      this.#coef[i] = [w / (b * SQRT_2PI), w / (2 * b), w / b, w / (Math.PI * b), w / (b - a), w][this.#kind[i]!]!;
    }
  }

  /**
   * log p(x + residual); −∞ only outside the support. `residual` is what rounding took off x (a quadrature node
   * x + residual that no double holds, see `integrateLine`): each component is evaluated at (x − centre) + residual,
   * so a component narrow beside its own location keeps its precision.
   */
  logPdf(x: number, residual = 0): number {
    const n = this.#kind.length;
    if (n === 1) return this.#componentLogPdf(0, x, residual);
    // Sum directly while it is comfortably representable; fall back to log-sum-exp in the far tails.
    const sum = this.pdf(x, residual);
    if (sum > 1e-280) return Math.log(sum);
    const terms = this.#terms;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const t = this.#logWeights[i]! + this.#componentLogPdf(i, x, residual);
      terms[i] = t;
      if (t > max) max = t;
    }
    if (max === -Infinity) return -Infinity;
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(terms[i]! - max);
    return max + Math.log(s);
  }

  /** Component i's log-density at x + residual, measured from its location where it has one. */
  #componentLogPdf(i: number, x: number, residual: number): number {
    const f = this.#families[i]!, a = this.#a[i]!, b = this.#b[i]!;
    if (residual === 0) return f.logPdf(x, a, b);
    const k = this.#kind[i];
    return k === UNIFORM || k === DENSITY ? f.logPdf(x + residual, a, b) : f.logPdf((x - a) + residual, 0, b);
  }

  /** p(x + residual) (see {@link logPdf} for the residual). */
  pdf(x: number, residual = 0): number {
    const kind = this.#kind, loc = this.#loc, inv = this.#inv, coef = this.#coef;
    let sum = 0;
    for (let i = 0; i < kind.length; i++) {
      const c = coef[i]!;
      switch (kind[i]) {
        case NORMAL: {
          const z = ((x - loc[i]!) + residual) * inv[i]!;
          sum += c * Math.exp(-0.5 * z * z);
          break;
        }
        case LAPLACE:
          sum += c * Math.exp(-Math.abs((x - loc[i]!) + residual) * inv[i]!);
          break;
        case LOGISTIC: {
          const e = Math.exp(-Math.abs((x - loc[i]!) + residual) * inv[i]!);
          sum += (c * e) / ((1 + e) * (1 + e));
          break;
        }
        case CAUCHY: {
          const z = ((x - loc[i]!) + residual) * inv[i]!;
          // z² overflows past 1.3e154, where 1 + z² = z² anyway.
          sum += Math.abs(z) > 1e150 ? c / z / z : c / (1 + z * z);
          break;
        }
        case UNIFORM:
          if (x + residual >= loc[i]! && x + residual <= inv[i]!) sum += c;
          break;
        default:
          sum += c * this.#families[i]!.pdf(x + residual, loc[i]!, inv[i]!);
      }
    }
    return sum;
  }

  cdf(x: number): number {
    let sum = 0;
    for (let i = 0; i < this.#families.length; i++) sum += this.#weights[i]! * this.#families[i]!.cdf(x, this.#a[i]!, this.#b[i]!);
    return Math.min(1, sum);
  }

  /** P(X > x) = 1 − cdf(x), summed from the components' survival functions so the upper tail keeps its precision. */
  survival(x: number): number {
    let sum = 0;
    for (let i = 0; i < this.#families.length; i++) {
      const f = this.#families[i]!, a = this.#a[i]!, b = this.#b[i]!;
      sum += this.#weights[i]! * (f.survival ? f.survival(x, a, b) : 1 - f.cdf(x, a, b));
    }
    return Math.min(1, sum);
  }

  /**
   * The p-quantile inf{x : cdf(x) ≥ p}, accurate in relative terms: in closed form for a single normal, Laplace,
   * logistic, Cauchy or uniform; otherwise by bisection over the doubles (see `firstTrue`) down to neighbouring
   * doubles, on cdf(x) ≥ p for p ≤ ½ and on survival(x) ≤ 1 − p for p > ½ (1 − p is exact there, and the
   * survival function resolves the upper tail that cdf rounds to 1). Where rounding leaves the computed cdf equal
   * to p over a run of doubles inside the support, the middle of the run is returned (so a symmetric mixture's
   * median lands on its centre to rounding); across a gap in the support it stays at the gap's left end.
   *
   * @example
   * parseDistribution('cauchy(0, 1)').quantile(1 - 2 ** -53);  // 2⁵³/π = 2.867e15
   * parseDistribution('uniform(0, 1)').quantile(1e-300);        // 1e-300
   * @throws {RangeError} for p outside [0, 1] (or NaN).
   */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must lie in [0, 1], got ${p}`);
    const [lo0, hi0] = this.supportHull;
    if (p === 0) return lo0;
    if (p === 1) return hi0;
    const closedForm = this.#families.length === 1 ? this.#families[0]!.quantile : undefined;
    if (closedForm) return closedForm(p, this.#a[0]!, this.#b[0]!);

    const upper = p > 0.5;
    const q = 1 - p;
    const reached = upper ? (x: number) => this.survival(x) <= q : (x: number) => this.cdf(x) >= p;
    const passed = upper ? (x: number) => this.survival(x) < q : (x: number) => this.cdf(x) > p;
    const [lo, hi] = this.#bracket(reached);
    const first = firstTrue(reached, lo, hi);
    if (passed(first)) return first;
    // cdf(first) = p exactly: find where that run of equal values ends and return its middle, if it is a rounding
    // plateau (positive density) rather than a gap between components.
    const last = nextDown(firstTrue(passed, first, this.#bracket(passed)[1]));
    const middle = 0.5 * first + 0.5 * last;
    return this.logPdf(middle) > -Infinity ? middle : first;
  }

  /** An interval [lo, hi] with the monotone predicate false at lo and true at hi (±∞ if need be). */
  #bracket(predicate: (x: number) => boolean): [number, number] {
    const [lo0, hi0] = this.supportHull;
    let lo = Infinity, hi = -Infinity, width = 0;
    for (const e of this.extents) {
      lo = Math.min(lo, e.centre - e.scale);
      hi = Math.max(hi, e.centre + e.scale);
      width = Math.max(width, e.scale);
    }
    lo = Math.max(lo, lo0);
    hi = Math.min(hi, hi0);
    for (let w = width; predicate(lo) && lo > lo0; w *= 2) lo = Math.max(lo - w, lo0);
    for (let w = width; !predicate(hi) && hi < hi0; w *= 2) hi = Math.min(hi + w, hi0);
    return [lo, hi];
  }

  /** One draw. */
  sampleOne(random: Random): number {
    const u = random.uniform();
    let i = 0;
    while (i < this.#cumulative.length - 1 && u > this.#cumulative[i]!) i++;
    return this.#families[i]!.sample(random, this.#a[i]!, this.#b[i]!);
  }

  /** n independent draws. */
  sample(random: Random, n: number): Float64Array {
    if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`sample size must be a non-negative integer, got ${n}`);
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = this.sampleOne(random);
    return out;
  }

  /** The support as disjoint closed intervals, sorted; [[−∞, ∞]] when any component is unbounded. */
  get support(): readonly (readonly [number, number])[] {
    return mergeIntervals(this.components.flatMap((c, i) => this.#families[i]!.support(c.params[0], c.params[1])));
  }

  /** The smallest interval holding the support. */
  get supportHull(): readonly [number, number] {
    const s = this.support;
    return [s[0]![0], s[s.length - 1]![1]];
  }

  /** Undefined when some component has no mean (Cauchy). */
  get mean(): number | undefined {
    let m = 0;
    for (const [i, c] of this.components.entries()) {
      const mi = this.#families[i]!.mean(c.params[0], c.params[1]);
      if (mi === undefined) return undefined;
      m += c.weight * mi;
    }
    return m;
  }

  /** Undefined when some component has no variance (Cauchy). */
  get variance(): number | undefined {
    const mean = this.mean;
    if (mean === undefined) return undefined;
    let v = 0;
    for (const [i, c] of this.components.entries()) {
      const f = this.#families[i]!;
      const mi = f.mean(c.params[0], c.params[1])!;
      v += c.weight * (f.variance(c.params[0], c.params[1])! + (mi - mean) * (mi - mean));
    }
    return v;
  }

  /** The heaviest tail on each side. */
  get tails(): { readonly left: TailKind; readonly right: TailKind } {
    let heaviest = 0;
    for (const f of this.#families) heaviest = Math.max(heaviest, TAIL_ORDER.indexOf(f.tail));
    const t = TAIL_ORDER[heaviest]!;
    return { left: t, right: t };
  }

  /** Component centres and kinks: where a quadrature should cut the line. */
  get breakpoints(): readonly number[] {
    const points: number[] = [];
    for (const [i, c] of this.components.entries()) {
      const f = this.#families[i]!;
      const [a, b] = c.params;
      points.push(f.centre(a, b), ...f.kinks(a, b));
    }
    return points;
  }

  /** Each component's centre and width, for plot ranges and quadrature tails. */
  get extents(): readonly { readonly centre: number; readonly scale: number; readonly weight: number; readonly bounded: boolean; readonly tail: TailKind }[] {
    return this.components.map((c, i) => {
      const f = this.#families[i]!;
      return { centre: f.centre(c.params[0], c.params[1]), scale: f.scale(c.params[0], c.params[1]), weight: c.weight, bounded: f.tail === 'bounded', tail: f.tail };
    });
  }

  /** The spec text; `parseDistribution(d.toString())` gives back an equal distribution. */
  toString(): string {
    const single = this.components.length === 1;
    return this.components
      .map((c) => {
        const args = c.family === 'density' ? `"${c.formula}", ${c.params[0]}, ${c.params[1]}` : `${c.params[0]}, ${c.params[1]}`;
        return `${single ? '' : `${c.weight}*`}${c.family}(${args})`;
      })
      .join(' + ');
  }
}

/** The mixture Σ wᵢ·Dᵢ of whole distributions, flattened into one component list (weights must sum to 1). */
export function mixtureOf(parts: readonly { readonly weight: number; readonly distribution: Distribution }[]): Distribution {
  return new Distribution(
    parts.flatMap(({ weight, distribution }) => distribution.components.map((c) => ({ ...c, weight: weight * c.weight }))),
  );
}
