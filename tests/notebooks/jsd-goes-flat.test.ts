/**
 * The checks of the "Why the JSD goes flat" page: each holds at the page's defaults and at the narrow end of the σ
 * slider, and fails for a deliberately wrong input (a step too wide to be a derivative, a gradient off by the factor
 * 2 between C and the JSD, the other variant's gradient, W₁ from one side only).
 */
import { describe, expect, it } from 'vitest';
import { verdictHolds } from '../../notebooks/components/verdict.ts';
import {
  asymptoticCheck,
  criterionGradientCheck,
  flatPoint,
  flatSweep,
  sharpening,
  sharpeningCheck,
  vanishingBoundCheck,
  wassersteinGradientCheck,
  wassersteinRoutesCheck,
} from '../../notebooks/pages/jsd-goes-flat.ts';

const checks = [criterionGradientCheck, asymptoticCheck, wassersteinRoutesCheck, wassersteinGradientCheck];

describe('the JSD-goes-flat checks', () => {
  it('all hold at the defaults (normals σ = 0.05, d = 0.6, h = 1e-3σ) and at σ = 1e-3', () => {
    for (const p of [flatPoint('normal', 0.05, 0.6, 1e-3), flatPoint('normal', 0.001, 0.02, 1e-3)]) {
      for (const check of checks) expect(verdictHolds(check(p)), check.name).toBe(true);
    }
  });

  it('the gradient check fails for a step as wide as σ, and for the JSD’s gradient in place of C’s', () => {
    expect(verdictHolds(criterionGradientCheck(flatPoint('normal', 0.05, 0.6, 1)))).toBe(false);
    const p = flatPoint('normal', 0.05, 0.6, 1e-3);
    expect(verdictHolds(criterionGradientCheck({ ...p, exactGradient: p.exactGradient / 2 }))).toBe(false);
    expect(verdictHolds(asymptoticCheck({ ...p, exactGradient: p.exactGradient / 2 }))).toBe(false);
  });

  it('the W₁ checks fail when one route is wrong', () => {
    const p = flatPoint('normal', 0.05, 0.6, 1e-3);
    expect(verdictHolds(wassersteinRoutesCheck({ ...p, w1ByQuantiles: p.w1ByQuantiles + 1e-6 }))).toBe(false);
    expect(verdictHolds(wassersteinGradientCheck({ ...p, w1Gradient: 0 }))).toBe(false);
  });

  it('uniforms: slope log(2)/σ while they overlap, exactly 0 once apart, and a note (never red) at the corners', () => {
    const overlap = flatPoint('uniform', 0.05, 0.07, 1e-3);
    expect(Math.abs(overlap.exactGradient - Math.LN2 / 0.05)).toBeLessThan(1e-9);
    expect(verdictHolds(criterionGradientCheck(overlap))).toBe(true);
    const apart = flatPoint('uniform', 0.05, 0.6, 1e-3);
    expect(apart.exactGradient).toBe(0);
    expect(apart.c).toBe(0);
    expect(verdictHolds(criterionGradientCheck(flatPoint('uniform', 0.05, 0.1, 1e-3)))).toBeUndefined();
    expect(verdictHolds(asymptoticCheck(apart))).toBeUndefined();
  });

  it('the sweep: −C(G) and the exact gradient fall by many orders of magnitude over 40σ, W₁ grows and its slope stays 1', () => {
    const s = flatSweep('normal', 0.05, 21);
    const last = s.ds.length - 1;
    expect(s.exact[0]).toBeCloseTo(0, 12);
    expect(s.exact[4]! / s.exact[12]!).toBeGreaterThan(1e20);
    expect(s.minusC[last]!).toBeLessThan(1e-80);
    expect(Math.abs(s.w1[last]! - 2)).toBeLessThan(1e-9);
    for (let i = 1; i <= last; i++) expect(Math.abs(s.w1Gradient[i]! - 1)).toBeLessThan(1e-9);
  });
});

describe('the perfect-discriminator checks', () => {
  it('the pathwise gradient matches the closed form and obeys the bound as D sharpens', () => {
    for (const k of [1, 20, 300, 1e4]) {
      const s = sharpening(0.05, 0.6, k);
      expect(verdictHolds(sharpeningCheck(s)), `k = ${k}`).toBe(true);
      expect(verdictHolds(vanishingBoundCheck(s)), `k = ${k}`).toBe(true);
    }
    // The saturating gradient dies as k grows; the non-saturating one grows like k.
    expect(Math.abs(sharpening(0.05, 0.6, 300).closedSaturating)).toBeLessThan(1e-30);
    expect(sharpening(0.05, 0.6, 1e4).closedNonSaturating).toBeCloseTo(1e4, 6);
  });

  it('fails for the non-saturating gradient in place of the saturating one, and is a note when the supports overlap', () => {
    const s = sharpening(0.05, 0.6, 20);
    expect(verdictHolds(sharpeningCheck({ ...s, pathSaturating: s.pathNonSaturating }))).toBe(false);
    expect(verdictHolds(vanishingBoundCheck({ ...s, pathSaturating: s.pathNonSaturating }))).toBe(false);
    expect(verdictHolds(vanishingBoundCheck(sharpening(0.05, 0.07, 20)))).toBeUndefined();
  });
});
