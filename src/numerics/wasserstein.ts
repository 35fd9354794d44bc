/**
 * The Wasserstein-1 (earth mover's) distance between 1-D distributions, exact by quadrature, two independent
 * ways (Vallender 1973; Arjovsky, Chintala & Bottou 2017 use it as the GAN objective that does not saturate):
 *
 *   W₁(P, Q) = ∫ |F_P(x) − F_Q(x)| dx = ∫₀¹ |F_P⁻¹(u) − F_Q⁻¹(u)| du.
 *
 * The first integrates the distance between the CDFs over the line; the second the distance between the quantile
 * functions over (0, 1), with the ends (where a quantile function runs off to ±∞) mapped to a log scale. They share
 * nothing but the distributions' cdf and quantile, which are themselves computed independently (closed forms, or
 * bisection on the cdf), so their agreement is a check.
 *
 * W₁ is +∞ exactly when ∫|F_P − F_Q| diverges. Here that happens only through Cauchy tails: F(x) ≈ c/(π|x|) far
 * out, with c = Σ wᵢbᵢ over the Cauchy components, so |F_P − F_Q| ≈ |c_P − c_Q|/(π|x|) is integrable only when
 * c_P = c_Q. In particular W₁ is +∞ when one side has a Cauchy component and the other none (no first moment), and
 * finite for two Cauchys of equal scale (W₁(cauchy(0, 1), cauchy(3, 1)) = 3).
 */
import type { Density } from '../distributions/density.ts';
import { Distribution } from '../distributions/distribution.ts';
import { FAMILIES } from '../distributions/families.ts';
import { firstTrue } from '../maths/float-bisection.ts';
import { integrateLine, type QuadratureOptions } from '../maths/quadrature.ts';
import { quadratureGrid, type Estimate } from './divergences.ts';

/** What W₁ needs beyond a density: the cdf (and, where it has one, the survival function 1 − cdf). */
export interface CumulativeDensity extends Density {
  cdf(x: number): number;
  survival?(x: number): number;
}

/**
 * Σ wᵢbᵢ over the Cauchy components: the coefficient of the 1/(π|x|) tails of the cdf and survival function.
 * 0 for a density without polynomial tails.
 *
 * @throws {RangeError} for a non-mixture density with polynomial tails (its tail coefficient is unknown here).
 */
function cauchyTailCoefficient(d: CumulativeDensity): number {
  if (d instanceof Distribution) {
    let c = 0;
    for (const comp of d.components) if (comp.family === 'cauchy') c += comp.weight * comp.params[1];
    return c;
  }
  if (d.tails.left === 'polynomial' || d.tails.right === 'polynomial') throw new RangeError('W₁ needs the tail coefficient of a polynomial tail, known only for mixtures');
  return 0;
}

/** Why W₁(P, Q) is +∞, or undefined when it is finite. */
export function infiniteWassersteinReason(p: CumulativeDensity, q: CumulativeDensity): string | undefined {
  const cp = cauchyTailCoefficient(p), cq = cauchyTailCoefficient(q);
  // Equal up to the rounding of the weights that produced them.
  if (Math.abs(cp - cq) <= 1e-12 * Math.max(cp, cq)) return undefined;
  if (cp === 0 || cq === 0) {
    return `${cp === 0 ? 'Q' : 'P'} has a Cauchy component and ${cp === 0 ? 'P' : 'Q'} has none: one has no first moment, so ∫|F_P − F_Q| dx diverges like ∫ dx/|x|`;
  }
  return `the Cauchy tails differ (Σ wᵢ·scaleᵢ is ${+cp.toPrecision(6)} for P and ${+cq.toPrecision(6)} for Q), so |F_P − F_Q| falls off only like 1/|x| and its integral diverges`;
}

const survivalOf = (d: CumulativeDensity, x: number) => (d.survival ? d.survival(x) : 1 - d.cdf(x));

/**
 * F_P(x) − F_Q(x), from the cdfs where they are below ½ and from the survival functions above, so both tails keep
 * their relative precision (1 − cdf would lose it once the cdf rounds to 1).
 */
function cdfDifference(p: CumulativeDensity, q: CumulativeDensity, x: number): number {
  const fp = p.cdf(x), fq = q.cdf(x);
  return fp + fq <= 1 ? fp - fq : survivalOf(q, x) - survivalOf(p, x);
}

const infinite = (reason: string): Estimate => ({ value: Infinity, error: 0, evaluations: 0, reason });

/**
 * W₁(P, Q) = ∫ |F_P(x) − F_Q(x)| dx by adaptive Gauss–Kronrod over the line, cut where either distribution has a
 * centre, kink or edge (as the divergences are). +∞ with a reason where it diverges (see the module comment).
 *
 * @example
 * wasserstein1(parseDistribution('normal(0, 1)'), parseDistribution('normal(3, 1)')).value; // 3
 * wasserstein1(parseDistribution('cauchy(0, 1)'), parseDistribution('normal(0, 1)')).value; // Infinity
 */
export function wasserstein1(p: CumulativeDensity, q: CumulativeDensity, options?: QuadratureOptions): Estimate {
  const reason = infiniteWassersteinReason(p, q);
  if (reason) return infinite(reason);
  return integrateWithCrossings(p, q, (x) => Math.abs(cdfDifference(p, q, x)), options);
}

/**
 * Where F_P − F_Q changes sign: a kink of |F_P − F_Q| and a jump of the gradient's integrand. Found by scanning
 * 48 points per piece between the quadrature cuts and 8 per doubling of the distance out into each tail (to 2⁴⁰
 * tail widths), then bisecting over the doubles. Two crossings closer together than the scan's spacing are missed;
 * between them |F_P − F_Q| is tiny and the quadrature sees them as a smooth bump.
 *
 * A cut at a crossing matters: a 21-point Gauss–Kronrod rule cannot see a jump that falls between a piece's end
 * and its outermost node, and then reports a tiny error for a wrong value (2e-6 off for the gradient of
 * normal(0.035, 0.15) against laplace(0, 0.164) before these cuts).
 */
export function cdfCrossings(p: CumulativeDensity, q: CumulativeDensity): number[] {
  const { breakpoints, tailScale } = quadratureGrid(p, q);
  const xs: number[] = [];
  for (let i = 0; i + 1 < breakpoints.length; i++) {
    const a = breakpoints[i]!, b = breakpoints[i + 1]!;
    for (let k = 0; k < 48; k++) xs.push(a + ((b - a) * k) / 48);
  }
  const lo = breakpoints[0]!, hi = breakpoints[breakpoints.length - 1]!;
  for (let k = 0; k <= 40 * 8; k++) {
    const out = 2 ** (k / 8) - 1;
    xs.push(lo - tailScale[0] * out, hi + tailScale[1] * out);
  }
  const finite = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const found: number[] = [];
  let prevX = finite[0]!, prevSign = sign(cdfDifference(p, q, prevX));
  for (const x of finite.slice(1)) {
    const s = sign(cdfDifference(p, q, x));
    if (s !== 0 && prevSign !== 0 && s !== prevSign && x > prevX) {
      const up = s > 0;
      found.push(firstTrue((t) => (up ? cdfDifference(p, q, t) > 0 : cdfDifference(p, q, t) < 0), prevX, x));
    }
    if (s !== 0) [prevX, prevSign] = [x, s];
  }
  return found;
}

/** ∫ f over the line, cut by the divergences' grid and at the CDF crossings. */
function integrateWithCrossings(p: CumulativeDensity, q: CumulativeDensity, f: (x: number) => number, options?: QuadratureOptions): Estimate {
  const grid = quadratureGrid(p, q);
  const r = integrateLine(f, [...grid.breakpoints, ...cdfCrossings(p, q)], { tailScale: grid.tailScale, ...options });
  return { value: r.value, error: r.error, evaluations: r.evaluations };
}

/**
 * The upper quantile inf{x : S(x) ≤ v} for 0 < v ≤ ½, i.e. F⁻¹(1 − v) without forming 1 − v (which rounds to 1 for
 * v < 2⁻⁵³): in closed form for a single built-in component (by the family's symmetry, or a uniform's upper end),
 * otherwise by bisection over the doubles on the survival function.
 */
export function upperQuantile(d: CumulativeDensity, v: number): number {
  if (!(v > 0 && v <= 0.5)) throw new RangeError(`upper quantile level must lie in (0, ½], got ${v}`);
  if (d instanceof Distribution && d.components.length === 1) {
    const { family, params: [a, b] } = d.components[0]!;
    // normal, Laplace, logistic and Cauchy are symmetric about a: F⁻¹(1 − v) = a − (F⁻¹(v) − a).
    if (family === 'uniform') return b - (b - a) * v;
    if (family !== 'density') return a - FAMILIES[family].quantile!(v, 0, b);
  }
  const reached = (x: number) => survivalOf(d, x) <= v;
  const [, top] = d.supportHull;
  let lo = d.quantile(0.5);
  if (reached(lo)) return lo;
  let width = Math.max(...d.extents.map((e) => e.scale));
  let hi = Math.min(lo + width, top);
  while (!reached(hi) && hi < top) {
    lo = hi;
    width *= 2;
    hi = Math.min(hi + width, top);
  }
  return firstTrue(reached, lo, hi);
}

/**
 * ∫₀^½ g(u) du + ∫₀^½ h(v) dv for integrands of the lower and upper quantiles, each over s = log u ∈ (−∞, −log 2]
 * (du = e^s ds), which turns the quantile functions' singular ends into tails that decay like e^s. Cut at −log 2
 * and wherever either distribution's kinks, edges and centres fall (their cdf levels), and at s = −1, −2, −4, …
 */
function integrateQuantiles(
  p: CumulativeDensity,
  q: CumulativeDensity,
  lower: (qp: number, qq: number) => number,
  upper: (qp: number, qq: number) => number,
  options?: QuadratureOptions,
): Estimate {
  const half = -Math.LN2;
  // Where the quantile functions cross is where the CDFs do: a kink of |F_P⁻¹ − F_Q⁻¹|, a jump of the gradient's sign.
  const crossings = cdfCrossings(p, q);
  const levels = (side: 'lower' | 'upper') => {
    const cuts = [half];
    for (let k = 1; k <= 512; k *= 2) cuts.push(-k);
    for (const d of [p, q]) {
      for (const b of [...d.breakpoints, ...crossings]) {
        const u = side === 'lower' ? d.cdf(b) : survivalOf(d, b);
        if (u > 0 && u < 0.5) cuts.push(Math.log(u));
      }
    }
    return cuts;
  };
  let evaluations = 0;
  const run = (side: 'lower' | 'upper') => {
    const f = side === 'lower' ? lower : upper;
    const quantile = (d: CumulativeDensity, u: number) => (side === 'lower' ? d.quantile(u) : upperQuantile(d, u));
    const r = integrateLine(
      (s) => {
        if (s > half) return 0;
        const u = Math.exp(s);
        if (u === 0) return 0;
        const value = u * f(quantile(p, u), quantile(q, u));
        return Number.isFinite(value) ? value : 0;
      },
      levels(side),
      { epsabs: 1e-14, ...options },
    );
    evaluations += r.evaluations;
    return r;
  };
  const a = run('lower'), b = run('upper');
  return { value: a.value + b.value, error: a.error + b.error, evaluations };
}

/**
 * W₁(P, Q) = ∫₀¹ |F_P⁻¹(u) − F_Q⁻¹(u)| du, the second route (see {@link wasserstein1} for the first): the lower half
 * from the quantiles at u, the upper half from the upper quantiles at v = 1 − u (see {@link upperQuantile}), each
 * on a log scale in u. Slower than the CDF route (a mixture's quantile is a bisection), so it serves as the check.
 */
export function wasserstein1ByQuantiles(p: CumulativeDensity, q: CumulativeDensity, options?: QuadratureOptions): Estimate {
  const reason = infiniteWassersteinReason(p, q);
  if (reason) return infinite(reason);
  const distance = (a: number, b: number) => Math.abs(a - b);
  return integrateQuantiles(p, q, distance, distance, options);
}

/**
 * How Q moves with θ: `location` shifts it (Q_θ is the law of X + θ), `scale` stretches it about `centre`
 * (the law of centre + θ·(X − centre)); derivatives are taken at θ = 0 and θ = 1 respectively.
 */
export type GeneratorParameter = { readonly kind: 'location' } | { readonly kind: 'scale'; readonly centre: number };

const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

/**
 * dW₁(P, Q_θ)/dθ by the CDF route: ∂F_θ(x)/∂θ is −q(x) for a shift and −q(x)(x − centre) for a stretch, so
 *
 *   dW₁/dθ = ∫ sign(F_P(x) − F_Q(x)) · q(x) · ∂x   with ∂x = 1 (location) or x − centre (scale).
 *
 * Where F_P = F_Q on a stretch of positive length (P = Q), W₁ has a corner in θ and this gives the midpoint of the
 * one-sided derivatives there (sign 0). With `byQuantiles` the same derivative is integrated over u instead:
 * ∫₀¹ sign(F_Q⁻¹(u) − F_P⁻¹(u)) · ∂x(F_Q⁻¹(u)) du (pass it to check one route against the other).
 *
 * @example
 * // W₁(normal(0, 1), normal(μ, 1)) = |μ|: slope 1 at μ = 2.
 * wasserstein1Gradient(parseDistribution('normal(0, 1)'), parseDistribution('normal(2, 1)'), { kind: 'location' }).value; // 1
 */
export function wasserstein1Gradient(
  p: CumulativeDensity,
  q: CumulativeDensity,
  parameter: GeneratorParameter,
  options?: QuadratureOptions & { readonly byQuantiles?: boolean },
): Estimate {
  const reason = infiniteWassersteinReason(p, q);
  if (reason) return { value: NaN, error: 0, evaluations: 0, reason: `W₁ itself is infinite: ${reason}` };
  if (parameter.kind === 'scale' && cauchyTailCoefficient(q) > 0) {
    return { value: NaN, error: 0, evaluations: 0, reason: 'stretching Q changes its Cauchy tails, which makes W₁ infinite on either side of θ = 1: no derivative' };
  }
  const moved = (x: number) => (parameter.kind === 'location' ? 1 : x - parameter.centre);
  if (options?.byQuantiles) {
    const g = (qp: number, qq: number) => sign(qq - qp) * moved(qq);
    return integrateQuantiles(p, q, g, g, options);
  }
  return integrateWithCrossings(
    p,
    q,
    (x) => {
      const density = q.pdf(x);
      return density === 0 ? 0 : sign(cdfDifference(p, q, x)) * density * moved(x);
    },
    options,
  );
}
