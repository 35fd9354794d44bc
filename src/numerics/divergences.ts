/**
 * Information-theoretic divergences between 1-D distributions, by adaptive Gauss–Kronrod quadrature over the
 * whole line, in nats. Each returns an {@link Estimate}: the value, the quadrature's error estimate, the number of
 * density evaluations, and, when the value is +∞, the reason.
 */
import type { Density } from '../distributions/density.ts';
import type { TailKind } from '../distributions/family.ts';
import { logAddExp, softplus } from '../maths/logmath.ts';
import { integrateLine, type Integrand, type QuadratureOptions, type QuadratureResult } from '../maths/quadrature.ts';
import { integrateWithSingularities } from '../maths/singular-quadrature.ts';
import { infiniteKlReason } from './support.ts';

export interface Estimate {
  readonly value: number;
  /** The quadrature's (conservative) absolute error estimate; 0 for values decided by analysis. */
  readonly error: number;
  /** Integrand evaluations (each evaluates both densities once). */
  readonly evaluations: number;
  /** Why the value is infinite, in words a page can print. */
  readonly reason?: string;
}

/**
 * Where to cut the line and how wide the tails are, for integrands built from these densities: every kink and
 * support edge, each component's centre, and for unbounded components c ± 3s and c ± 9s. The ±3s, ±9s cuts give
 * every component pieces of its own width, so a narrow component beside a wide one is never stepped over (a KL
 * integrand can carry weight 9 widths out, where log(p/q) is huge); a cut is skipped when another cut already lies
 * within its own width. Each tail is mapped with the width of the component that reaches furthest on that side.
 *
 * Cuts follow each component's tail until what lies beyond is negligible or smooth at the tail map's scale: a
 * normal's to 9s (2e-19 of its mass beyond); an exponential tail (Laplace, logistic: e^−9 ≈ 1.2e-4 beyond 9s) to
 * 27s and 37s (e^−37 ≈ 1e-16) where those lie inside the cut range, and where it runs past the range into a tail
 * map scaled for a component three or more times narrower (a wide logistic far to one side, a narrow Cauchy on the
 * other), the range is extended to its 37s; a Cauchy's 1/x² tail, which never
 * becomes negligible, at c ± 3ᵏs for every k inside the cut range (beyond it the tail map is exact for 1/x² at any
 * scale). Without them a narrow heavy-tailed component's tail falls inside a piece of a much wider one whose nodes
 * never sample it (laplace(0, 1e-4) beside laplace(0, 1) lost 1.2e-4 of its mass).
 */
export function quadratureGrid(...ds: readonly Density[]): { breakpoints: number[]; tailScale: [number, number] } {
  const kept: number[] = [];
  const optional: { x: number; width: number }[] = [];
  const exponential: { centre: number; scale: number }[] = [];
  const polynomial: { centre: number; scale: number }[] = [];
  let lo = Infinity, hi = -Infinity, left = 1, right = 1;
  for (const d of ds) {
    kept.push(...d.breakpoints);
    const heaviest = d.tails.left === 'polynomial' || d.tails.right === 'polynomial' ? 'polynomial' : d.tails.left === 'exponential' || d.tails.right === 'exponential' ? 'exponential' : 'gaussian';
    for (const { centre, scale, bounded, tail } of d.extents) {
      const reach = bounded ? scale : 9 * scale;
      if (!bounded) {
        for (const k of [-9, -3, 3, 9]) optional.push({ x: centre + k * scale, width: scale });
        const kind = tail ?? heaviest;
        if (kind === 'exponential') exponential.push({ centre, scale });
        if (kind === 'polynomial') polynomial.push({ centre, scale });
      }
      if (centre - reach < lo) [lo, left] = [centre - reach, scale];
      if (centre + reach > hi) [hi, right] = [centre + reach, scale];
    }
  }
  // An exponential tail inside the cut range gets cuts out to 37 widths; one that runs past the range into a tail
  // map scaled for a much narrower component moves the range's end out to its own 37 widths.
  const [lo9, hi9, left9, right9] = [lo, hi, left, right];
  for (const { centre, scale } of exponential) {
    for (const side of [-1, 1] as const) {
      const edge = side < 0 ? lo9 : hi9, mapScale = side < 0 ? left9 : right9;
      const inside = (x: number) => (side < 0 ? x > edge : x < edge);
      if (inside(centre + side * 27 * scale)) {
        optional.push({ x: centre + side * 27 * scale, width: 3 * scale });
        if (inside(centre + side * 37 * scale)) optional.push({ x: centre + side * 37 * scale, width: 3 * scale });
      } else if (scale > 3 * mapScale) {
        const end = centre + side * 37 * scale;
        kept.push(end);
        if (side < 0 && end < lo) [lo, left] = [end, scale];
        if (side > 0 && end > hi) [hi, right] = [end, scale];
      }
    }
  }
  for (const { centre, scale } of polynomial) {
    for (let k = 27; ; k *= 3) {
      const below = centre - k * scale, above = centre + k * scale;
      if (!(below > lo) && !(above < hi)) break;
      if (below > lo) optional.push({ x: below, width: (k * scale) / 9 });
      if (above < hi) optional.push({ x: above, width: (k * scale) / 9 });
    }
  }
  kept.sort((a, b) => a - b);
  // Finest cuts first, so a wide component's cut gives way to a narrow one's, never the reverse.
  optional.sort((a, b) => a.width - b.width);
  for (const { x, width } of optional) {
    let i = 0, j = kept.length;
    while (i < j) {
      const m = (i + j) >> 1;
      if (kept[m]! < x) i = m + 1;
      else j = m;
    }
    const near = Math.min(i < kept.length ? kept[i]! - x : Infinity, i > 0 ? x - kept[i - 1]! : Infinity);
    if (near >= width) kept.splice(i, 0, x);
  }
  return { breakpoints: kept, tailScale: [left, right] };
}

/**
 * ∫ f over the line, cut by {@link quadratureGrid} for the densities f is built from. An integrand that overflows
 * double precision somewhere (returns ±∞) gives ±∞ with a reason; one that returns NaN gives NaN with a reason.
 */
export function integrateOver(f: Integrand, ds: readonly Density[], options?: QuadratureOptions): Estimate {
  const grid = quadratureGrid(...ds);
  return toEstimate(integrateLine(f, grid.breakpoints, { tailScale: grid.tailScale, ...options }));
}

function toEstimate(r: Pick<QuadratureResult, 'value' | 'error' | 'evaluations'>): Estimate {
  if (Number.isNaN(r.value)) return { value: NaN, error: NaN, evaluations: r.evaluations, reason: 'the integrand is not a number somewhere on the line' };
  if (!Number.isFinite(r.value)) {
    return { value: r.value, error: 0, evaluations: r.evaluations, reason: 'the integrand exceeds the largest double (about 1.8e308) where the densities have mass, so the value overflows' };
  }
  return { value: r.value, error: r.error, evaluations: r.evaluations };
}

/**
 * A density that takes expectations over its own latent variable: a push-forward x = G(z), for which
 * ∫ p f dx = E_z[f(G(z))] has none of the fold singularities p has in x. Recognised by shape
 * ({@link isLatentDensity}), so distributions/ need not import this layer.
 */
export interface LatentDensity extends Density {
  /** E[f(x, log p(x))] for x drawn from the density's absolutely continuous part, with its error estimate. */
  latentExpectation(
    f: (x: number, logPdf: number) => number,
    options?: { readonly epsabs?: number; readonly epsrel?: number; readonly cuts?: readonly number[]; readonly singular?: readonly number[]; readonly logPdf?: boolean },
  ): { value: number; error: number; evaluations: number };
  /** Where log p is singular or jumps (folds, support edges), without the graded cuts of `breakpoints`. */
  readonly singularities: readonly number[];
}

export function isLatentDensity(d: Density): d is LatentDensity {
  return typeof (d as Partial<LatentDensity>).latentExpectation === 'function';
}

/** One half of a {@link SplitIntegrand}: the factor that multiplies its density, from log p, log q and x. */
export interface SplitPart {
  readonly at: (logP: number, logQ: number, x: number) => number;
  /** False when `at` does not read the densities (it then receives NaN for both): saves solving for them. */
  readonly readsDensities?: boolean;
}

/**
 * An integrand p·a + q·b of two densities, split by the density that weights each part (a part left out is 0).
 * Each functional of the core is written both ways: as the combined integrand, integrated over x as always
 * when neither density is a {@link LatentDensity}, and split, used when one is: then ∫ p·a dx + ∫ q·b dx is
 * computed part by part, each as an expectation under its own density — over the latent variable for a latent
 * density (no fold singularity there), by x-quadrature otherwise, graded at the other density's singular points
 * where a or b is at most logarithmically singular.
 */
export interface SplitIntegrand {
  readonly underP?: SplitPart;
  readonly underQ?: SplitPart;
}

/**
 * ∫ over the line of an integrand given both ways (see {@link SplitIntegrand}): the combined `full` when neither
 * density is latent, the split otherwise. Each part then gets half of `epsabs` and the whole `epsrel` (relative to
 * itself), and the error estimate is the sum of the parts'.
 */
export function integratePair(full: Integrand, split: SplitIntegrand, p: Density, q: Density, options?: QuadratureOptions): Estimate {
  if (!isLatentDensity(p) && !isLatentDensity(q)) return integrateOver(full, [p, q], options);
  const epsabs = (options?.epsabs ?? 1e-13) / 2, epsrel = options?.epsrel ?? 1e-11;
  let value = 0, error = 0, evaluations = 0;
  const sides = [
    { own: p, other: q, part: split.underP, ownIsP: true },
    { own: q, other: p, part: split.underQ, ownIsP: false },
  ];
  for (const { own, other, part, ownIsP } of sides) {
    if (!part) continue;
    const reads = part.readsDensities ?? true;
    const at = (lOwn: number, lOther: number, x: number) => (ownIsP ? part.at(lOwn, lOther, x) : part.at(lOther, lOwn, x));
    let r: { value: number; error: number; evaluations: number };
    if (isLatentDensity(own)) {
      // Cut where the other density has kinks or edges, graded where it is singular.
      const cuts = [...other.breakpoints, ...other.support.flat()];
      const singular = reads && isLatentDensity(other) ? other.singularities : [];
      r = own.latentExpectation((x, lOwn) => at(lOwn, reads ? other.logPdf(x) : NaN, x), { epsabs, epsrel, cuts, singular, logPdf: reads });
    } else {
      const grid = quadratureGrid(own);
      const singular = reads && isLatentDensity(other) ? other.singularities : [];
      r = integrateWithSingularities(
        (x, residual) => {
          const lOwn = own.logPdf(x, residual);
          const w = Math.exp(lOwn);
          if (w === 0) return 0;
          const v = reads ? at(lOwn, other.logPdf(x, residual), x) : at(NaN, NaN, x);
          return v === 0 ? 0 : w * v;
        },
        grid.breakpoints,
        singular,
        { tailScale: grid.tailScale, epsabs, epsrel, ...(options?.limit ? { limit: options.limit } : {}) },
      );
    }
    value += r.value;
    error += r.error;
    evaluations += r.evaluations;
  }
  return toEstimate({ value, error, evaluations });
}

/**
 * The KL integrand p·log(p/q) − p + q, written through L = log p − log q. Adding −p + q changes no integral
 * (both densities integrate to 1) but makes the integrand non-negative, so small divergences keep their relative
 * precision; near L = 0 a series avoids the cancellation: (L − 1)e^L + 1 = Σₙ≥₂ Lⁿ (n − 1)/n!.
 */
export function klIntegrand(logP: number, logQ: number): number {
  if (logP === -Infinity) return logQ === -Infinity ? 0 : Math.exp(logQ);
  // Once infiniteKlReason has passed, P's support lies inside Q's: log q = −∞ where p > 0 means log q underflowed
  // (normal(0, 1e-300) at x = 1) or q has an isolated zero there; +∞ says so, and klDivergence tells the two apart.
  // Where p itself underflows to 0 the term is negligible.
  if (logQ === -Infinity) return Math.exp(logP) > 0 ? Infinity : 0;
  const L = logP - logQ;
  if (Math.abs(L) < 0.1) {
    const L2 = L * L;
    const series = L2 * (1 / 2 + L * (1 / 3 + L * (1 / 8 + L * (1 / 30 + L * (1 / 144 + L * (1 / 840 + L * (1 / 5760 + L * (1 / 45360))))))));
    return Math.exp(logQ) * series;
  }
  return Math.exp(logP) * (L - 1) + Math.exp(logQ);
}

/**
 * KL(P‖Q) = ∫ p log(p/q), +∞ (with a reason) when P has mass where Q has none or a heavier (Cauchy) tail.
 *
 * @example
 * klDivergence(parseDistribution('normal(0, 1)'), parseDistribution('normal(1, 2)')).value;
 * // log 2 + (1 + 1)/8 − 1/2 = 0.4431471805599453
 * klDivergence(parseDistribution('cauchy(0, 1)'), parseDistribution('normal(0, 1)')).value; // Infinity
 */
export function klDivergence(p: Density, q: Density, options?: QuadratureOptions): Estimate {
  const reason = infiniteKlReason(p, q);
  if (reason) return { value: Infinity, error: 0, evaluations: 0, reason };
  return withOverflow((x, r) => klIntegrand(p.logPdf(x, r), q.logPdf(x, r)), KL_SPLIT, p, q, options);
}

/** klIntegrand split: p·(log(p/q) − 1) under P and q·1 under Q (the same −p + q as the combined integrand). */
const KL_SPLIT: SplitIntegrand = { underP: { at: (lp, lq) => lp - lq - 1 }, underQ: { at: () => 1, readsDensities: false } };

/**
 * A quadrature point where p > 0 but log q = −∞ is either an isolated zero of q (a custom density's, hit by a
 * node: contributes nothing) or part of a stretch where q's log-density underflowed although the true one is
 * finite — where log(p/q) exceeds 1e308, so the integral overflows too. Isolated zeros are hit at most once or
 * twice (nodes never repeat), an underflowed stretch at many nodes.
 */
function withOverflow(f: Integrand, split: SplitIntegrand, p: Density, q: Density, options?: QuadratureOptions): Estimate {
  let overflowed = 0;
  const count = (v: number) => {
    if (v !== Infinity) return v;
    overflowed++;
    return 0;
  };
  const counted = (part?: SplitPart): SplitPart | undefined => part && { ...part, at: (lp, lq, x) => count(part.at(lp, lq, x)) };
  const r = integratePair((x, residual) => count(f(x, residual)), { underP: counted(split.underP), underQ: counted(split.underQ) }, p, q, options);
  if (overflowed < 3) return r;
  return { value: Infinity, error: 0, evaluations: r.evaluations, reason: `log(P/Q) exceeds the largest double (about 1.8e308) where P has mass (Q's log-density underflows there), so the divergence overflows to +∞` };
}

/** Cross-entropy H(P, Q) = −∫ p log q; +∞ exactly when KL(P‖Q) is (every entropy here is finite). */
export function crossEntropy(p: Density, q: Density, options?: QuadratureOptions): Estimate {
  const reason = infiniteKlReason(p, q);
  if (reason) return { value: Infinity, error: 0, evaluations: 0, reason };
  return withOverflow(
    (x, r) => {
      const lp = p.logPdf(x, r);
      if (lp === -Infinity) return 0;
      const lq = q.logPdf(x, r);
      const pr = Math.exp(lp);
      return lq === -Infinity ? (pr > 0 ? Infinity : 0) : -pr * lq;
    },
    { underP: { at: (_, lq) => -lq } },
    p,
    q,
    options,
  );
}

/** Differential entropy H(P) = −∫ p log p (finite for every family here; negative for narrow densities). */
export function entropy(p: Density, options?: QuadratureOptions): Estimate {
  if (isLatentDensity(p)) return toEstimate(p.latentExpectation((_, lp) => -lp, { epsabs: options?.epsabs ?? 1e-13, epsrel: options?.epsrel ?? 1e-11 }));
  return integrateOver(
    (x, r) => {
      const lp = p.logPdf(x, r);
      return lp === -Infinity ? 0 : -Math.exp(lp) * lp;
    },
    [p],
    options,
  );
}

/**
 * Jensen–Shannon divergence JSD(P‖Q) = ½ KL(P‖M) + ½ KL(Q‖M) with M = (P + Q)/2, in nats (pass `bits: true` for
 * log base 2). Always finite, 0 only when P = Q, and at most log 2 (reached when the supports are disjoint).
 * Computed from the definition (both KL terms against the midpoint mixture, in one quadrature) and never from
 * the discriminator, so that C(G) = −log 4 + 2·JSD can be checked rather than assumed.
 */
export function jsDivergence(p: Density, q: Density, options?: QuadratureOptions & { bits?: boolean }): Estimate {
  const r = integratePair(
    (x, r) => {
      const lp = p.logPdf(x, r), lq = q.logPdf(x, r);
      const lm = logAddExp(lp, lq) - Math.LN2;
      return 0.5 * (klIntegrand(lp, lm) + klIntegrand(lq, lm));
    },
    JSD_SPLIT,
    p,
    q,
    options,
  );
  // The integrand is pointwise ≥ 0 and bounded by (p + q)/2·log 2, so the exact value lies in [0, log 2]; only the
  // quadrature's rounding can step outside, and it is brought back (the distance moved counts as error, so a
  // real failure still shows in `error` and in `verify`'s C(G) = −log 4 + 2·JSD).
  const value = Math.min(Math.max(r.value, 0), Math.LN2);
  const clamped = { ...r, value, error: r.error + Math.abs(r.value - value) };
  return options?.bits ? { ...clamped, value: value / Math.LN2, error: clamped.error / Math.LN2 } : clamped;
}

/**
 * The JSD integrand split: ½ log(p/m) under P and ½ log(q/m) under Q, with log(p/m) = log 2 − softplus(log q −
 * log p). (The combined integrand's −p + m and −q + m add to 0 pointwise, so nothing else moves.)
 */
const JSD_SPLIT: SplitIntegrand = {
  underP: { at: (lp, lq) => 0.5 * (Math.LN2 - softplus(lq - lp)) },
  underQ: { at: (lp, lq) => 0.5 * (Math.LN2 - softplus(lp - lq)) },
};
