/**
 * The generator's gradient in 1-D, with the discriminator held fixed: if every generated point moves by δ
 * (G(z) ↦ G(z) + δ), the expected generator loss changes at the rate
 *
 *   d/dδ E_{x∼p_g}[L(ℓ(x + δ))] at δ = 0  =  ∫ p_g(x) · L′(ℓ(x)) · ℓ′(x) dx,
 *
 * where ℓ is D's logit and L′ = dL/dℓ. With D = D* this shows why the saturating loss gives the generator almost
 * nothing to follow when p_g is far from p_data (D*(G(z)) ≈ 0, so L′ = −D* ≈ 0), while the non-saturating loss
 * keeps a strong signal.
 */
import type { Distribution } from '../distributions/distribution.ts';
import { integrateOver, type Estimate } from '../numerics/divergences.ts';
import { generatorLoss, generatorLossGradient, type GeneratorLossVariant } from './losses.ts';

/** ℓ′(x) by a central difference with a step relative to x (ℓ is smooth wherever both densities are). */
function slope(logit: (x: number) => number, x: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(x));
  return (logit(x + h) - logit(x - h)) / (2 * h);
}

/**
 * The pathwise derivative ∫ p_g(x)·L′(ℓ(x))·ℓ′(x) dx. It equals d/dδ E_{p_g}[L(ℓ(x + δ))] at δ = 0 when ℓ and p_g
 * are continuous where p_g has mass (see {@link densityJumps}); against D* it then equals the gradient of 2·JSD for
 * the saturating loss and of KL(p_g‖p_data) − 2·JSD for the non-saturating one (Arjovsky & Bottou 2017, Thm 2.5).
 */
export function generatorShiftGradient(pData: Distribution, pG: Distribution, logit: (x: number) => number, variant: GeneratorLossVariant): Estimate {
  return integrateOver(
    (x) => {
      const lq = pG.logPdf(x);
      if (lq === -Infinity) return 0;
      const l = logit(x);
      if (!Number.isFinite(l)) return 0;
      const s = slope(logit, x);
      return Number.isFinite(s) ? Math.exp(lq) * generatorLossGradient(variant, l) * s : 0;
    },
    [pData, pG],
  );
}

/** E_{x∼p_g}[L(ℓ(x))]: the generator's expected loss against a fixed discriminator. */
export function expectedGeneratorLoss(pData: Distribution, pG: Distribution, logit: (x: number) => number, variant: GeneratorLossVariant): Estimate {
  return integrateOver(
    (x) => {
      const lq = pG.logPdf(x);
      if (lq === -Infinity) return 0;
      const l = logit(x);
      return Number.isNaN(l) ? 0 : Math.exp(lq) * generatorLoss(variant, l);
    },
    [pData, pG],
  );
}

/**
 * Where the pathwise derivative above is not the derivative of the expected loss: points at which p_data's or
 * p_g's density jumps (a uniform's ends, a custom density(…) cut off at its range) while p_g has mass on at least
 * one side. There ℓ* = log p_data − log p_g jumps, so L(ℓ*) does too, and moving p_g by δ carries mass across the
 * jump: E_{p_g}[L(ℓ*(x + δ))] has different one-sided derivatives in δ. The integral ∫ p_g L′ ℓ*′ sees none of
 * this (it is what backpropagation through a smooth D computes), so it can be compared with a finite difference
 * only where this list is empty.
 */
export function densityJumps(pData: Distribution, pG: Distribution): number[] {
  const candidates = new Set<number>();
  for (const d of [pData, pG]) {
    for (const b of d.breakpoints) candidates.add(b);
    for (const [lo, hi] of d.support) for (const e of [lo, hi]) if (Number.isFinite(e)) candidates.add(e);
  }
  const jumps: number[] = [];
  for (const b of [...candidates].sort((u, v) => u - v)) {
    const eta = 1e-9 * Math.max(1, Math.abs(b));
    if (pG.pdf(b - eta) + pG.pdf(b + eta) === 0) continue;
    // A jump below 1e-8 (a custom density cut off deep in its tail) moves the one-sided derivatives by less than
    // the checks' tolerance.
    const jumpsIn = (d: Distribution) => Math.abs(d.pdf(b - eta) - d.pdf(b + eta)) > 1e-8;
    if (jumpsIn(pData) || jumpsIn(pG)) jumps.push(b);
  }
  return jumps;
}
