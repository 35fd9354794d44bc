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
