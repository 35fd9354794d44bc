/**
 * E_z[f(G(z))] over z and ∫ p_g f dx over x against closed forms and each other, and the single-branch change of
 * variables: its inverse, its density and its mass Φ(z₁) − Φ(z₀) against closed forms.
 */
import erfc from '@stdlib/math-base-special-erfc';
import { describe, expect, it } from 'vitest';
import { PushForward } from '../../src/distributions/pushforward.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { softplus } from '../../src/maths/logmath.ts';
import { randomTanhNetwork } from '../../src/maths/tanh-network.ts';
import {
  branchInverse,
  criticalValues,
  expectationOverLatent,
  integralOverData,
  latentMass,
  principalBranch,
  singleBranchDensity,
  singleBranchIntegral,
} from '../../src/numerics/pushforward-expectation.ts';

const Phi = (z: number) => 0.5 * erfc(-z / Math.SQRT2);
const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
const square = { g: (z: number) => z * z, dg: (z: number) => 2 * z };
const sine = { g: (z: number) => Math.sin(2 * z), dg: (z: number) => 2 * Math.cos(2 * z) };

describe('latentMass', () => {
  it('is Φ(b) − Φ(a), keeping its precision in both tails', () => {
    expect(latentMass(-1, 1)).toBeCloseTo(0.6826894921370859, 15);
    expect(latentMass(-Infinity, Infinity)).toBe(1);
    // Φ(−10) − Φ(−11): both below 1e-23, far below 1's rounding.
    const exact = 0.5 * (erfc(10 / Math.SQRT2) - erfc(11 / Math.SQRT2));
    expect(Math.abs(latentMass(-11, -10) - exact) / exact).toBeLessThan(1e-14);
    expect(Math.abs(latentMass(10, 11) - exact) / exact).toBeLessThan(1e-14);
  });
});

describe('both sides of the law of the unconscious statistician', () => {
  it('give E[e^(−z²)] = 1/√3 through z², over z and over x', () => {
    const pg = new PushForward(square.g, square.dg);
    const f = (x: number) => Math.exp(-x);
    expect(Math.abs(expectationOverLatent(pg, square.g, square.dg, f).value - 1 / Math.sqrt(3))).toBeLessThan(1e-11);
    expect(Math.abs(integralOverData(pg, f).value - 1 / Math.sqrt(3))).toBeLessThan(1e-11);
  });

  it('give E[cos² 2z] = (1 + e^(−8))/2 through sin 2z, whose density has a fold at every z = π/4 + kπ/2', () => {
    const pg = new PushForward(sine.g, sine.dg);
    const f = (x: number) => 1 - x * x;
    const exact = (1 + Math.exp(-8)) / 2;
    expect(Math.abs(expectationOverLatent(pg, sine.g, sine.dg, f).value - exact)).toBeLessThan(1e-11);
    expect(Math.abs(integralOverData(pg, f).value - exact)).toBeLessThan(1e-11);
  });

  it('agree to 1e-9 for f = log(1 − D*) through random tanh networks, where f jumps at every fold value', () => {
    const pData = parseDistribution('0.5*normal(-1, 0.5) + 0.5*normal(1.2, 0.7)');
    for (const seed of [1, 4]) {
      const net = randomTanhNetwork(seed);
      const pg = new PushForward(net.value, net.derivative);
      const f = (x: number, lq: number) => -softplus(pData.logPdf(x) - lq);
      const z = expectationOverLatent(pg, net.value, net.derivative, f);
      const x = integralOverData(pg, f, [pData]);
      expect(Math.abs(z.value - x.value), `seed ${seed}`).toBeLessThan(1e-9);
      expect(z.value).toBeLessThan(0);
    }
  });

  it('count an atom on the x side as its mass times f there: max(z, 0) has E[max(z, 0)²] = ½', () => {
    const g = (z: number) => Math.max(z, 0), dg = (z: number) => (z > 0 ? 1 : 0);
    const pg = new PushForward(g, dg);
    const f = (x: number) => x * x + 1;
    expect(Math.abs(integralOverData(pg, f).value - 1.5)).toBeLessThan(1e-11);
    expect(Math.abs(expectationOverLatent(pg, g, dg, f).value - 1.5)).toBeLessThan(1e-11);
  });
});

describe('the single-branch change of variables', () => {
  it('takes √x for z² (the branch z ≥ 0) and ½·arcsin x for sin 2z', () => {
    const sq = principalBranch(new PushForward(square.g, square.dg))!;
    expect([sq.z0, sq.z1]).toEqual([0, Infinity]);
    const inv = branchInverse(sq, square.g, square.dg);
    for (const x of [1e-10, 0.3, 4, 100]) expect(Math.abs(inv(x)! - Math.sqrt(x))).toBeLessThanOrEqual(4 * Number.EPSILON * Math.sqrt(x)); // a few ulps of √x
    expect(inv(-1)).toBeUndefined();
    const sn = principalBranch(new PushForward(sine.g, sine.dg))!;
    expect(sn.z0).toBeCloseTo(-Math.PI / 4, 12);
    expect(sn.z1).toBeCloseTo(Math.PI / 4, 12);
    const asin = branchInverse(sn, sine.g, sine.dg);
    for (const x of [-0.999, -0.2, 0, 0.7]) expect(Math.abs(asin(x)! - 0.5 * Math.asin(x))).toBeLessThan(1e-15);
  });

  it('is φ(√x)/(2√x) for z², half the χ²₁ density, and integrates to the branch mass ½', () => {
    const pg = new PushForward(square.g, square.dg);
    const b = principalBranch(pg)!;
    const n = singleBranchDensity(b, square.g, square.dg);
    for (const x of [0.01, 1, 5]) expect(Math.abs(n(x) - phi(Math.sqrt(x)) / (2 * Math.sqrt(x)))).toBeLessThan(1e-15);
    expect(Math.abs(singleBranchIntegral(b, square.g, square.dg, () => 1).value - 0.5)).toBeLessThan(1e-11);
    // ∫ n(x)·x dx = E[z²; z > 0] = ½.
    expect(Math.abs(singleBranchIntegral(b, square.g, square.dg, (x) => x).value - 0.5)).toBeLessThan(1e-11);
  });

  it('for sin 2z integrates to Φ(π/4) − Φ(−π/4) across the folds at both ends of its branch', () => {
    const pg = new PushForward(sine.g, sine.dg);
    const b = principalBranch(pg)!;
    expect(b.ends).toEqual(['fold', 'fold']);
    const m = singleBranchIntegral(b, sine.g, sine.dg, () => 1).value;
    expect(Math.abs(m - (Phi(Math.PI / 4) - Phi(-Math.PI / 4)))).toBeLessThan(1e-11);
    // The naive expectation of x² is E[sin² 2z; |z| < π/4], not E[sin² 2z].
    const naive = singleBranchIntegral(b, sine.g, sine.dg, (x) => x * x, criticalValues(pg)).value;
    const direct = integralOverData(pg, (x) => x * x).value;
    expect(naive).toBeLessThan(direct - 0.1);
  });

  it('is the whole density for an invertible G: tanh(z) has one branch of mass 1', () => {
    const g = Math.tanh, dg = (z: number) => 1 - Math.tanh(z) ** 2;
    const pg = new PushForward(g, dg);
    const b = principalBranch(pg)!;
    expect(pg.pieces).toHaveLength(1);
    expect(Math.abs(singleBranchIntegral(b, g, dg, () => 1).value - 1)).toBeLessThan(1e-10);
    const n = singleBranchDensity(b, g, dg);
    for (const x of [-0.9, 0, 0.5]) expect(Math.abs(n(x) - pg.pdf(x)) / pg.pdf(x)).toBeLessThan(1e-12);
  });
});

describe('a bug report for PushForward.expectation (src/distributions/pushforward.ts)', () => {
  // FAILS at the time of writing: expectation() returns −0.1609098912928 with an error estimate of 1.5e-13, while
  // integrate() and both routes of this module give −0.16090988149677 (they agree with each other to 2e-16). f∘G
  // jumps at every latent preimage of a fold value (log(1 − D*) jumps where a branch of p_g starts), and
  // expectation() cuts only at the critical points themselves, so its quadrature misses a jump and does not know it.
  it('PushForward.expectation agrees with PushForward.integrate to 1e-9 for log(1 − D*) through a folded tanh network', () => {
    const pData = parseDistribution('0.5*normal(-1, 0.5) + 0.5*normal(1.2, 0.7)');
    const net = randomTanhNetwork(2, [16, 16]);
    const pg = new PushForward(net.value, net.derivative);
    const f = (x: number) => -softplus(pData.logPdf(x) - pg.logPdf(x));
    const reference = integralOverData(pg, (x, lq) => -softplus(pData.logPdf(x) - lq), [pData]).value;
    expect(Math.abs(pg.integrate(f).value - reference)).toBeLessThan(1e-9);
    expect(Math.abs(pg.expectation(f).value - reference)).toBeLessThan(1e-9);
  });
});
