/**
 * The GAN quantities of Goodfellow et al. (2014): the value function V(G, D), the optimal discriminator D* and
 * the virtual training criterion C(G) = max_D V(G, D) = V(G, D*).
 */
import type { Density } from '../distributions/density.ts';
import { sigmoid, softplus } from '../maths/logmath.ts';
import type { QuadratureOptions } from '../maths/quadrature.ts';
import { integrateOver, integratePair, isLatentDensity, type Estimate, type SplitIntegrand } from './divergences.ts';

/**
 * A discriminator: x ↦ D(x) ∈ [0, 1], the probability that x came from the data. It may also carry its logit
 * log D − log(1 − D); when it does, V(G, D) uses it, which keeps log D and log(1 − D) exact where D is within
 * 1e-16 of 0 or 1 (a plain probability would round to 1 and give log(1 − D) = −∞).
 */
export type Discriminator = ((x: number) => number) & { readonly logit?: (x: number, residual?: number) => number };

/**
 * D*(x) = p_data(x) / (p_data(x) + p_g(x)), the pointwise maximiser of V(G, D) for a fixed G (the maximum of
 * a·log y + b·log(1 − y) over y ∈ [0, 1] is at y = a/(a + b)). Computed from log-densities, so it stays exact
 * where both densities underflow.
 *
 * Where both densities are exactly 0 (outside both supports: with uniform or custom density(…) components) D* is
 * undefined: it returns NaN there, plots leave a gap, and V(G, D) ignores such points (they carry no mass).
 *
 * @example
 * const dStar = optimalDiscriminator(parseDistribution('normal(0, 1)'), parseDistribution('normal(0, 1)'));
 * dStar(3); // 0.5
 * dStar.logit(3); // 0
 */
export function optimalDiscriminator(pData: Density, pG: Density): Discriminator & { readonly logit: (x: number) => number } {
  // `residual`: what rounding took off a quadrature node (see integrateLine); 0 elsewhere.
  const logit = (x: number, residual = 0): number => {
    const a = pData.logPdf(x, residual), b = pG.logPdf(x, residual);
    if (a === -Infinity && b === -Infinity) return NaN;
    return a - b;
  };
  const d = (x: number): number => {
    const l = logit(x);
    if (Number.isNaN(l)) return NaN;
    return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
  };
  return Object.assign(d, { logit });
}

/** D* sampled on a grid, for plots (NaN where undefined). */
export function optimalDiscriminatorOn(pData: Density, pG: Density, xs: ArrayLike<number>): Float64Array {
  const d = optimalDiscriminator(pData, pG);
  return Float64Array.from({ length: xs.length }, (_, i) => d(xs[i]!));
}

/**
 * V(G, D) = E_{x∼p_data}[log D(x)] + E_{x∼p_g}[log(1 − D(x))] for any discriminator, by quadrature (each
 * expectation under its own density when p_g is a push-forward: the p_g half then over z, where no density is
 * needed at all).
 * It is −∞ (with a reason) when D(x) = 0 where p_data has mass or D(x) = 1 where p_g has mass.
 *
 * @throws {RangeError} when D returns something that is not a probability where the densities have mass.
 */
export function valueFunction(pData: Density, pG: Density, d: Discriminator, options?: QuadratureOptions): Estimate {
  const logit = d.logit;
  const logs = (x: number, residual: number): [number, number] => {
    if (logit) {
      const l = logit(x, residual);
      if (Number.isNaN(l)) throw new RangeError(`D's logit is NaN at x = ${x}, where the densities have mass`);
      return [-softplus(-l), -softplus(l)];
    }
    const y = d(x);
    if (!(y >= 0 && y <= 1)) throw new RangeError(`D(${x}) = ${y} is not a probability in [0, 1]`);
    return [Math.log(y), Math.log1p(-y)];
  };
  const split: SplitIntegrand = {
    underP: { at: (_lp, _lq, x) => logs(x, 0)[0], readsDensities: false },
    underQ: { at: (_lp, _lq, x) => logs(x, 0)[1], readsDensities: false },
  };
  return value(pData, pG, logs, split, options);
}

/**
 * V(G, D) from log D and log(1 − D) at x, integrated whole or split (see {@link integratePair}); a −∞ term makes
 * it −∞ with the reason.
 */
function value(pData: Density, pG: Density, logs: (x: number, residual: number) => readonly [number, number], split: SplitIntegrand, options?: QuadratureOptions): Estimate {
  let divergedAt: number | undefined;
  const integrand = (x: number, residual: number): number => {
    const lp = pData.logPdf(x, residual), lq = pG.logPdf(x, residual);
    if (lp === -Infinity && lq === -Infinity) return 0;
    const [logD, log1mD] = logs(x, residual);
    let v = 0;
    if (lp !== -Infinity) v += Math.exp(lp) * logD;
    if (lq !== -Infinity) v += Math.exp(lq) * log1mD;
    if (v === -Infinity || Number.isNaN(v)) {
      divergedAt ??= x;
      return 0;
    }
    return v;
  };
  // A part that is −∞ somewhere makes V −∞; it is recorded and the quadrature goes on with 0 there.
  const guarded = (part: SplitIntegrand['underP']) =>
    part && {
      ...part,
      at: (lp: number, lq: number, x: number) => {
        const v = part.at(lp, lq, x);
        if (v === -Infinity || Number.isNaN(v)) {
          divergedAt ??= x;
          return 0;
        }
        return v;
      },
    };
  const r = integratePair(integrand, { underP: guarded(split.underP), underQ: guarded(split.underQ) }, pData, pG, options);
  if (divergedAt !== undefined) {
    return {
      value: -Infinity,
      error: 0,
      evaluations: r.evaluations,
      reason: `D(${+divergedAt.toPrecision(6)}) is 0 where p_data has mass, or 1 where p_g has mass, so a log term is −∞`,
    };
  }
  return { value: r.value, error: r.error, evaluations: r.evaluations };
}

/**
 * C(G) = max_D V(G, D) = V(G, D*): the value function at the optimal discriminator, integrated as V itself
 * (never from the JSD), so the identity C(G) = −log 4 + 2·JSD(p_data‖p_g) is a numerical check.
 */
export function virtualTrainingCriterion(pData: Density, pG: Density, options?: QuadratureOptions): Estimate {
  const dStar = optimalDiscriminator(pData, pG);
  if (!isLatentDensity(pData) && !isLatentDensity(pG)) return valueFunction(pData, pG, dStar, options);
  // Split, log D* = −softplus(log p_g − log p_data) and log(1 − D*) = −softplus(log p_data − log p_g) take the
  // densities each half already has (over z, p_g at G(z) from its own branch) instead of D*'s own calls.
  const logs = (x: number, residual: number) => {
    const l = dStar.logit(x, residual);
    return [-softplus(-l), -softplus(l)] as const;
  };
  const split: SplitIntegrand = {
    underP: { at: (lp, lq) => -softplus(lq - lp) },
    underQ: { at: (lp, lq) => -softplus(lp - lq) },
  };
  return value(pData, pG, logs, split, options);
}

/**
 * D with its logit moved by offset(x): σ(logit D(x) + offset(x)). The pages bend D* this way (a bump, a shift)
 * to show V(G, D) falling below C(G).
 */
export function withLogitOffset(d: Discriminator & { readonly logit: (x: number) => number }, offset: (x: number) => number): Discriminator & { readonly logit: (x: number) => number } {
  const logit = (x: number) => d.logit(x) + offset(x);
  return Object.assign((x: number) => sigmoid(logit(x)), { logit });
}

/**
 * C(G) − V(G, D) computed pointwise, without either value: ∫ (p_data + p_g)·KL(Bernoulli(D*(x)) ‖ Bernoulli(D(x))) dx.
 * It is ≥ 0 and 0 only for D = D* almost everywhere, which is why D* is optimal. D must carry its logit.
 */
export function valueGap(pData: Density, pG: Density, d: Discriminator & { readonly logit: (x: number) => number }, options?: QuadratureOptions): Estimate {
  const dStar = optimalDiscriminator(pData, pG);
  return integrateOver(
    (x, residual) => {
      const lp = pData.logPdf(x, residual), lq = pG.logPdf(x, residual);
      if (lp === -Infinity && lq === -Infinity) return 0;
      const mass = lp === -Infinity ? Math.exp(lq) : lq === -Infinity ? Math.exp(lp) : Math.exp(lp) + Math.exp(lq);
      const ls = dStar.logit(x, residual), l = d.logit(x, residual);
      // Bernoulli KL from logits: a(ls − l) − softplus(ls) + softplus(l) with a = D*; −log D where D* = 1 and
      // −log(1 − D) where D* = 0.
      const kl = ls === Infinity ? softplus(-l) : ls === -Infinity ? softplus(l) : sigmoid(ls) * (ls - l) - softplus(ls) + softplus(l);
      return mass * kl;
    },
    [pData, pG],
    options,
  );
}
