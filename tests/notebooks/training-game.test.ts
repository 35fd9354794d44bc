/**
 * The training-game page's checks: the loss gradients, the shift gradient restricted to continuous densities, the
 * two gradients against D* (2·JSD and KL − 2·JSD, Arjovsky & Bottou 2017, Thm 2.5), and Proposition 2's
 * function-space descent — each holds at the defaults and fails for a deliberately wrong input.
 */
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { densityJumps } from '../../src/gan/generator-gradient.ts';
import { generatorLoss } from '../../src/gan/losses.ts';
import { criterionGradient, criterionOnGrid, functionSpaceDescent } from '../../src/numerics/function-space.ts';
import { verdictHolds } from '../../notebooks/components/verdict.ts';
import {
  convergenceCheck,
  convexityCheck,
  envelopeCheck,
  lossGradientCheck,
  monotoneCheck,
  nonSaturatingKlCheck,
  runFunctionSpace,
  saturatingJsdCheck,
  shiftGradientCheck,
  shiftGradients,
} from '../../notebooks/pages/training-game.ts';

const pData = parseDistribution('normal(0, 1)');
const pG = parseDistribution('normal(2, 1)');

describe('the training-game checks', () => {
  it('the loss-gradient checks hold for the losses and fail for the other variant’s loss', () => {
    for (const d of [0.001, 0.02, 0.5, 0.999]) {
      expect(verdictHolds(lossGradientCheck('saturating', d, (l) => generatorLoss('saturating', l)))).toBe(true);
      expect(verdictHolds(lossGradientCheck('non-saturating', d, (l) => generatorLoss('non-saturating', l)))).toBe(true);
    }
    expect(verdictHolds(lossGradientCheck('saturating', 0.02, (l) => generatorLoss('non-saturating', l)))).toBe(false);
  });

  it('the shift-gradient and Theorem 2.5 checks hold at the defaults and fail with the losses’ roles swapped', () => {
    const g = shiftGradients(pData, pG);
    expect(g.jumps).toEqual([]);
    expect(verdictHolds(shiftGradientCheck(g))).toBe(true);
    expect(verdictHolds(saturatingJsdCheck(g))).toBe(true);
    expect(verdictHolds(nonSaturatingKlCheck(g))).toBe(true);
    const swapped = { ...g, pathSaturating: g.pathNonSaturating, pathNonSaturating: g.pathSaturating };
    expect(verdictHolds(shiftGradientCheck(swapped))).toBe(false);
    expect(verdictHolds(saturatingJsdCheck(swapped))).toBe(false);
    expect(verdictHolds(nonSaturatingKlCheck(swapped))).toBe(false);
    // The old claim: the non-saturating loss follows the JSD. It does not.
    expect(verdictHolds(saturatingJsdCheck({ ...g, pathSaturating: g.pathNonSaturating }))).toBe(false);
  });

  it('a p_g with jumps (uniform(1, 3)) is not compared, since its expected loss has a kink in δ', () => {
    const u = parseDistribution('uniform(1, 3)');
    expect(densityJumps(pData, u)).toEqual([1, 3]);
    const g = shiftGradients(pData, u);
    for (const check of [shiftGradientCheck, saturatingJsdCheck, nonSaturatingKlCheck]) expect(verdictHolds(check(g))).toBeUndefined();
    // A Laplace kink and a custom density cut off deep in its tails are continuous: no jump.
    expect(densityJumps(pData, parseDistribution('laplace(1, 1)'))).toEqual([]);
    expect(densityJumps(pData, parseDistribution('density("exp(-x^2/2) * (1 + sin(3*x)^2)", -6, 6)'))).toEqual([]);
    expect(densityJumps(pData, parseDistribution('density("exp(-x^2/2)", -2, 2)'))).toEqual([-2, 2]);
  });

  it('the function-space descent reaches −log 4 at the defaults and every step size on the slider', () => {
    for (const eta of [0.2, 0.5, 1]) {
      const run = runFunctionSpace(pData, pG, eta);
      expect(verdictHolds(monotoneCheck(run.run.c)), `η = ${eta}`).toBe(true);
      expect(verdictHolds(convergenceCheck(run)), `η = ${eta}`).toBe(true);
    }
    const bimodal = runFunctionSpace(parseDistribution('0.5*normal(-3, 0.7) + 0.5*normal(3, 0.7)'), parseDistribution('normal(0, 1)'), 0.5);
    expect(verdictHolds(convergenceCheck(bimodal))).toBe(true);
  });

  it('the function-space checks fail for an ascent, a short run and a wrong gradient, and are neutral where no mass can grow', () => {
    const run = runFunctionSpace(pData, pG, 0.5);
    // Ascent: a negative step raises C.
    expect(verdictHolds(monotoneCheck(functionSpaceDescent(run.pi, run.g0, -0.5, 20).c))).toBe(false);
    // Three steps are not convergence.
    expect(verdictHolds(convergenceCheck(runFunctionSpace(pData, pG, 0.5, 3)))).toBe(false);
    // The gradient of the wrong term, log D* instead of log(1 − D*).
    expect(verdictHolds(envelopeCheck(run.pi, run.g0, criterionGradient(run.pi, run.g0)))).toBe(true);
    expect(verdictHolds(envelopeCheck(run.pi, run.g0, criterionGradient(run.g0, run.pi)))).toBe(false);
    // Convexity: C at the midpoint against the chord, and −C (concave) fails.
    const u = new Float64Array(run.pi.length).fill(1 / run.pi.length);
    const mid = run.g0.map((g, i) => 0.5 * (g + u[i]!));
    const [cm, c0, c1] = [criterionOnGrid(run.pi, mid), criterionOnGrid(run.pi, run.g0), criterionOnGrid(run.pi, u)];
    expect(verdictHolds(convexityCheck(cm, c0, c1))).toBe(true);
    expect(verdictHolds(convexityCheck(-cm, -c0, -c1))).toBe(false);
    // A uniform p_g has no mass on most cells: a multiplicative step cannot create it (neutral), but η = 1 can.
    const u13 = parseDistribution('uniform(1, 3)');
    expect(verdictHolds(convergenceCheck(runFunctionSpace(pData, u13, 0.5)))).toBeUndefined();
    expect(verdictHolds(convergenceCheck(runFunctionSpace(pData, u13, 1)))).toBe(true);
  });
});
