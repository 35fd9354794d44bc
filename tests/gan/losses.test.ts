/**
 * The GAN losses as functions of the discriminator's logit ℓ (D = σ(ℓ)): the saturating generator loss
 * log(1 − D), the non-saturating −log D, their gradients, the discriminator's loss and the logit itself.
 */
import { describe, expect, it } from 'vitest';
import { discriminatorLoss, generatorLoss, generatorLossGradient, logitOf, type GeneratorLossVariant } from '../../src/gan/losses.ts';

/** σ(ℓ) straight from the definition (accurate to a few ulps for any ℓ where e^−ℓ does not overflow). */
const sigma = (l: number) => 1 / (1 + Math.exp(-l));

/** ℓ from −12 to 12 in steps of 0.25. */
const logits = Array.from({ length: 97 }, (_, i) => -12 + i * 0.25);

function expectWithin(actual: number, expected: number, tolerance: number): void {
  if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`got ${actual}, expected ${expected} within ${tolerance}`);
}

describe('generatorLoss', () => {
  it('is log(1 − σ(ℓ)) for the saturating variant', () => {
    for (const l of logits.filter((l) => l <= 8)) {
      // log(1 − σ) computed directly loses accuracy as 1 − σ shrinks: the rounding of σ (≤ 2^−53) becomes a
      // relative error 2^−53/(1 − σ(ℓ)) ≤ 1.1e-16 · (1 + e^8) ≈ 3.3e-13 for ℓ ≤ 8, under the 1e-12 asked.
      expectWithin(generatorLoss('saturating', l), Math.log(1 - sigma(l)), 1e-12);
    }
  });

  it('is −log σ(ℓ) for the non-saturating variant', () => {
    for (const l of logits) {
      // σ(ℓ) = 1/(1 + e^−ℓ) is accurate to a few ulps everywhere here, so −log σ is accurate to a few ulps of 1.
      expectWithin(generatorLoss('non-saturating', l), -Math.log(sigma(l)), 1e-12 * Math.max(1, Math.abs(l)));
    }
  });

  it('stays finite with the right asymptotics at |ℓ| = 800, where σ(ℓ) rounds to 0 or 1', () => {
    // −log σ(ℓ) = log(1 + e^−ℓ): −ℓ + log(1 + e^ℓ) → −ℓ for ℓ → −∞ (e^−800 is far below the last bit of 800),
    // and e^−ℓ → 0 for ℓ → +∞ (e^−800 ≈ 4e-348 underflows).
    expect(generatorLoss('non-saturating', -800)).toBe(800);
    expect(generatorLoss('non-saturating', 800)).toBeGreaterThanOrEqual(0);
    expect(generatorLoss('non-saturating', 800)).toBeLessThan(1e-300);
    // log(1 − σ(ℓ)) = −log(1 + e^ℓ) → −ℓ for ℓ → +∞ and → 0 for ℓ → −∞.
    expect(generatorLoss('saturating', 800)).toBe(-800);
    expect(Math.abs(generatorLoss('saturating', -800))).toBeLessThan(1e-300);
    for (const v of ['saturating', 'non-saturating'] as const) {
      for (const l of [-800, 800, -1e300, 1e300]) expect(Number.isFinite(generatorLoss(v, l))).toBe(true);
    }
  });
});

describe('generatorLossGradient', () => {
  it('equals a central finite difference of the loss', () => {
    // With step δ = 1e-5: truncation δ²/6 · |loss'''| ≤ 1e-10 · 0.1, rounding ≈ 1e-16 · |loss| / δ ≤ 1.2e-10
    // for |loss| ≤ 12. Tolerance 1e-8.
    const delta = 1e-5;
    for (const variant of ['saturating', 'non-saturating'] as const satisfies readonly GeneratorLossVariant[]) {
      for (const l of logits) {
        const fd = (generatorLoss(variant, l + delta) - generatorLoss(variant, l - delta)) / (2 * delta);
        expectWithin(generatorLossGradient(variant, l), fd, 1e-8);
      }
    }
  });

  it('vanishes as D → 0 for the saturating loss, but tends to −1 for the non-saturating one', () => {
    // d log(1 − σ)/dℓ = −σ(ℓ) = −e^ℓ/(1 + e^ℓ) → 0 and d(−log σ)/dℓ = −(1 − σ(ℓ)) = −1 + O(e^ℓ) as ℓ → −∞.
    for (const l of [-10, -20, -40]) {
      const d = Math.exp(l) / (1 + Math.exp(l));
      expectWithin(generatorLossGradient('saturating', l), -d, 1e-15 * d);
      expectWithin(generatorLossGradient('non-saturating', l), -1, 2 * Math.exp(l));
    }
    expect(Math.abs(generatorLossGradient('saturating', -800))).toBeLessThan(1e-300);
    expect(generatorLossGradient('non-saturating', -800)).toBe(-1);
    // Both point the same way (towards larger D) and agree at D = ½.
    expect(generatorLossGradient('saturating', 0)).toBe(-0.5);
    expect(generatorLossGradient('non-saturating', 0)).toBe(-0.5);
  });
});

describe('discriminatorLoss', () => {
  it('is −log σ(a) − log(1 − σ(b)) for a real logit a and a generated logit b', () => {
    for (const a of [-6, -1.5, 0, 0.3, 4, 8]) {
      for (const b of [-8, -2, 0, 1.25, 5]) {
        // Same accuracy argument as for the generator's losses: b ≤ 5 keeps 1 − σ(b) ≥ 6.7e-3.
        expectWithin(discriminatorLoss(a, b), -Math.log(sigma(a)) - Math.log(1 - sigma(b)), 1e-12);
      }
    }
  });

  it('is log 4 when D = ½ on both points, the value at the game’s equilibrium', () => {
    expect(discriminatorLoss(0, 0)).toBeCloseTo(Math.log(4), 15);
  });

  it('stays finite for confident wrong answers', () => {
    expect(discriminatorLoss(-800, 800)).toBe(1600);
    expect(discriminatorLoss(800, -800)).toBeLessThan(1e-300);
  });
});

describe('logitOf', () => {
  it('inverts the sigmoid', () => {
    for (const l of logits) {
      // logitOf(σ(ℓ)) recovers ℓ up to the rounding of σ(ℓ), amplified by dℓ/dD = 1/(D(1 − D)) ≤ e^12 · 1.01:
      // an error of at most ≈ 2^−53 · (1 + e^|ℓ|).
      expectWithin(logitOf(sigma(l)), l, 4e-16 * (1 + Math.exp(Math.abs(l))));
    }
    for (const d of [1e-300, 1e-9, 0.01, 0.3, 0.5, 0.77, 0.999999]) {
      // exp(−ℓ) turns the rounding of ℓ (≈ 2^−53 · |ℓ|) into a relative error of that size in σ, plus a few ulps.
      const l = logitOf(d);
      expectWithin(sigma(l), d, 1.2e-16 * (4 + Math.abs(l)) * d);
    }
    expect(logitOf(0.5)).toBe(0);
  });

  it('rejects 0, 1, values outside (0, 1) and NaN', () => {
    for (const d of [0, 1, -0.1, 1.5, NaN, Infinity]) expect(() => logitOf(d)).toThrow(RangeError);
    expect(() => logitOf(1)).toThrow(/strictly between 0 and 1, got 1/);
  });
});
