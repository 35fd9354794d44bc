/**
 * The GAN losses as functions of the discriminator's logit ℓ at a point (D = σ(ℓ)), with their derivatives with
 * respect to ℓ — the signal the generator receives through D. Goodfellow et al. (2014, §3) note that early in
 * training D(G(z)) ≈ 0, where log(1 − D(G(z))) saturates; maximising log D(G(z)) instead gives the same fixed point
 * with strong gradients.
 */
import { sigmoid, softplus } from '../maths/logmath.ts';

export type GeneratorLossVariant = 'saturating' | 'non-saturating';

/** The generator's loss at one generated point (to be minimised): log(1 − D) or −log D. */
export function generatorLoss(variant: GeneratorLossVariant, logit: number): number {
  // log(1 − σ(ℓ)) = −softplus(ℓ);  −log σ(ℓ) = softplus(−ℓ)
  return variant === 'saturating' ? -softplus(logit) : softplus(-logit);
}

/** d(loss)/dℓ: −D for the saturating loss (vanishes as D → 0), −(1 − D) for the non-saturating one. */
export function generatorLossGradient(variant: GeneratorLossVariant, logit: number): number {
  return variant === 'saturating' ? -sigmoid(logit) : -sigmoid(-logit);
}

/** The discriminator's loss on one real and one generated logit (to be minimised): −log D(x) − log(1 − D(G(z))). */
export function discriminatorLoss(realLogit: number, fakeLogit: number): number {
  return softplus(-realLogit) + softplus(fakeLogit);
}

/** ℓ = log(D/(1 − D)) for D ∈ (0, 1). */
export function logitOf(d: number): number {
  if (!(d > 0 && d < 1)) throw new RangeError(`D must lie strictly between 0 and 1, got ${d}`);
  return Math.log(d) - Math.log1p(-d);
}

/**
 * The discriminator's loss on one logit with a soft target t ∈ [0, 1] (the binary cross-entropy, to be minimised):
 * −t·log D − (1 − t)·log(1 − D). t = 1 and t = 0 give the two terms of {@link discriminatorLoss}.
 */
export function discriminatorLossWithTarget(logit: number, target: number): number {
  return target * softplus(-logit) + (1 - target) * softplus(logit);
}

/**
 * The best D at a point, pointwise, when D's "real" target is 1 − s (one-sided label smoothing) and each label is
 * flipped with probability ρ (label noise): the cross-entropy is least where D equals the expected target,
 * (1 − s)·((1 − ρ)·D* + ρ·(1 − D*)), with D* = p_data/(p_data + p_g). With s = ρ = 0 it is D* itself; with
 * smoothing alone it never exceeds 1 − s.
 *
 * @example labelledOptimum(1, 0.1, 0) // 0.9: where only data lie, a smoothed D tops out at 0.9
 */
export function labelledOptimum(dStar: number, labelSmoothing = 0, labelNoise = 0): number {
  return (1 - labelSmoothing) * ((1 - labelNoise) * dStar + labelNoise * (1 - dStar));
}
