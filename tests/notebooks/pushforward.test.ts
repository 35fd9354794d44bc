/**
 * The checks of "The generator's density needs no inverse": each holds at the page's defaults and for every
 * generator shape, and fails for a deliberately wrong input (the x side integrated against the naive one-inverse
 * density, a p_g pushed forward from part of the latent line only, a branch mass that is not the naive formula's).
 */
import { describe, expect, it } from 'vitest';
import { PushForward } from '../../src/distributions/pushforward.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { principalBranch, singleBranchIntegral } from '../../src/numerics/pushforward-expectation.ts';
import { verdictHolds } from '../../notebooks/components/verdict.ts';
import {
  bothSides,
  bump,
  densityCurves,
  GENERATOR_KINDS,
  generatorMap,
  logOneMinusD,
  lotusCheck,
  massCheck,
  naiveChangeOfVariables,
  naiveCheck,
} from '../../notebooks/pages/pushforward.ts';

const pData = parseDistribution('0.5*normal(-1, 0.5) + 0.5*normal(1.2, 0.7)');

describe('the generators', () => {
  it('each shape’s G′ agrees with central differences of its G', () => {
    for (const kind of GENERATOR_KINDS) {
      const m = generatorMap(kind, 0.4, 1.3, 4);
      for (const z of [-2.2, -0.3, 0.8, 1.9]) {
        const h = 1e-5;
        expect(Math.abs(m.gPrime(z) - (m.g(z + h) - m.g(z - h)) / (2 * h)), `${kind} at ${z}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(m.gPrime(z))));
      }
    }
  });
});

describe('the pushforward page’s checks', () => {
  // The defaults: sin 2z + 0.3z, a = 0, b = 1, the latent line examined to ±12.
  const map = generatorMap('tilted-sine', 0, 1, 4);
  const pg = new PushForward(map.g, map.gPrime, { latentRange: 12 });

  it('hold at the defaults: mass 1, both sides equal for D* and a bent D, the naive mass equal to its branch’s', () => {
    expect(verdictHolds(massCheck(pg.mass, pg.uncheckedLatentMass, 12, false))).toBe(true);
    const dStar = bothSides(pg, map, pData, logOneMinusD(pData));
    expect(verdictHolds(lotusCheck(dStar, 'dStar'))).toBe(true);
    expect(verdictHolds(lotusCheck(bothSides(pg, map, pData, logOneMinusD(pData, bump(1.5))), 'bent'))).toBe(true);
    const naive = naiveChangeOfVariables(pg, map, pData, dStar.latent.value)!;
    expect(verdictHolds(naiveCheck(naive))).toBe(true);
    // And the naive formula is wrong here, by its missing mass: m < 1, its expectation off by more than 0.1.
    expect(naive.mass.value).toBeLessThan(0.7);
    expect(Math.abs(naive.expectation.value - dStar.latent.value)).toBeGreaterThan(0.1);
    expect(naiveCheck(naive)).toHaveProperty('note', expect.stringMatching(/m = 0\.61\d* ≠ 1/));
  });

  it('hold for every generator shape, and for the invertible one the naive formula is right', () => {
    for (const kind of GENERATOR_KINDS.filter((k) => k !== 'tilted-sine')) {
      const m = generatorMap(kind, 0.3, 0.8, 4);
      const q = new PushForward(m.g, m.gPrime);
      const sides = bothSides(q, m, pData, logOneMinusD(pData));
      expect(verdictHolds(massCheck(q.mass, q.uncheckedLatentMass, 12, false)), kind).toBe(true);
      expect(verdictHolds(lotusCheck(sides, 'dStar')), kind).toBe(true);
      const naive = naiveChangeOfVariables(q, m, pData, sides.latent.value)!;
      expect(verdictHolds(naiveCheck(naive)), kind).toBe(true);
      if (kind === 'affine') expect(Math.abs(naive.expectation.value - sides.latent.value)).toBeLessThan(1e-9);
      else expect(naive.mass.value, kind).toBeLessThan(0.999);
    }
  });

  it('the both-sides check fails when the x side is integrated against the naive density instead of p_g', () => {
    const dStar = bothSides(pg, map, pData, logOneMinusD(pData));
    const naive = naiveChangeOfVariables(pg, map, pData, dStar.latent.value)!;
    expect(verdictHolds(lotusCheck({ latent: dStar.latent, data: naive.expectation }, 'dStar'))).toBe(false);
  });

  it('the mass check fails for a p_g pushed forward from z in [−3, 3] only, and says how much is missing', () => {
    const cut = new PushForward(map.g, map.gPrime, { latentRange: 3 });
    const v = massCheck(cut.mass, cut.uncheckedLatentMass, 3, true);
    expect(verdictHolds(v)).toBe(false);
    expect(v).toHaveProperty('note', expect.stringMatching(/misses 0\.0027/));
  });

  it('the naive check fails for the mass of a different branch, and is neutral when there is no branch', () => {
    const dStar = bothSides(pg, map, pData, logOneMinusD(pData));
    const naive = naiveChangeOfVariables(pg, map, pData, dStar.latent.value)!;
    const other = pg.pieces.find((p) => p !== principalBranch(pg))!;
    expect(verdictHolds(naiveCheck({ ...naive, mass: singleBranchIntegral(other, map.g, map.gPrime, () => 1) }))).toBe(false);
    expect(verdictHolds(naiveCheck(undefined))).toBeUndefined();
  });

  it('the density figure’s curves: the exact p_g, the naive one below it, folds marked, and a top that leaves the folds off-scale', () => {
    const c = densityCurves(pg, map, pData);
    expect(c.folds.length).toBeGreaterThan(2);
    for (let i = 0; i < c.xs.length; i++) expect(c.naive[i]!).toBeLessThanOrEqual(c.exact[i]! * (1 + 1e-12));
    expect(Math.max(...c.exact)).toBeGreaterThan(c.top);
  });
});
