import { describe, expect, it } from 'vitest';
import { log1mExp, logAddExp, sigmoid, softplus } from '../../src/maths/logmath.ts';
import { gaussKronrod21, integrateLine } from '../../src/maths/quadrature.ts';
import { expectClose, expectRelative } from '../tolerance.ts';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

describe('gaussKronrod21', () => {
  it('integrates x^k on [−1, 1] exactly (relative 1e-14) with the Kronrod rule for every k ≤ 30', () => {
    for (let k = 0; k <= 30; k++) {
      const [kronrod] = gaussKronrod21((x) => x ** k, -1, 1);
      const exact = k % 2 === 0 ? 2 / (k + 1) : 0;
      expectClose(kronrod, exact, 1e-14);
    }
  });

  it('integrates x^k on [−1, 1] exactly (relative 1e-14) with the embedded 10-point Gauss rule for every k ≤ 19', () => {
    for (let k = 0; k <= 19; k++) {
      const [, gauss] = gaussKronrod21((x) => x ** k, -1, 1);
      expectClose(gauss, k % 2 === 0 ? 2 / (k + 1) : 0, 1e-14);
    }
  });

  it('misses x^20 with the Gauss rule by exactly ∫ of the squared monic Legendre polynomial P₁₀', () => {
    // x²⁰ − p₁₀(x)² has degree < 20 and p₁₀ vanishes at the nodes, so the error is ∫ p₁₀² = 2²¹(10!)⁴ / (21 (20!)²).
    const expectedError = (2 ** 21 * factorial(10) ** 4) / (21 * factorial(20) ** 2);
    const [kronrod, gauss] = gaussKronrod21((x) => x ** 20, -1, 1);
    expectRelative(2 / 21 - gauss, expectedError, 1e-8);
    expect(expectedError).toBeGreaterThan(1e-6);
    expectClose(kronrod, 2 / 21, 1e-14);
  });

  it('misses x^32 with the Kronrod rule (its degree of exactness is 31)', () => {
    const [kronrod] = gaussKronrod21((x) => x ** 32, -1, 1);
    expect(Math.abs(kronrod - 2 / 33)).toBeGreaterThan(1e-12);
  });

  it('integrates odd and even powers exactly on a shifted interval [0, 2] (relative 1e-13)', () => {
    for (let k = 0; k <= 30; k++) {
      const exact = 2 ** (k + 1) / (k + 1);
      const [kronrod, gauss] = gaussKronrod21((x) => x ** k, 0, 2);
      expectRelative(kronrod, exact, 1e-13);
      if (k <= 19) expectRelative(gauss, exact, 1e-13);
      // x²⁰ = (1 + t)²⁰ with t = x − 1 on [−1, 1]: only the t²⁰ term is missed, by the same ∫ p₁₀² as above.
      if (k === 20) expectRelative(exact - gauss, (2 ** 21 * factorial(10) ** 4) / (21 * factorial(20) ** 2), 1e-4);
    }
  });

  it('integrates a dense degree-30 polynomial exactly (relative 1e-13)', () => {
    // (1 + x)^30 on [−1, 1] integrates to 2³¹/31.
    const [kronrod] = gaussKronrod21((x) => (1 + x) ** 30, -1, 1);
    expectRelative(kronrod, 2 ** 31 / 31, 1e-13);
  });
});

describe('integrateLine', () => {
  it('integrates a gaussian to √(2π) (within 1e-12), with an error estimate at least the true error', () => {
    const r = integrateLine((x) => Math.exp(-0.5 * x * x), [0]);
    expect(r.converged).toBe(true);
    expectClose(r.value, SQRT_2PI, 1e-12);
    expect(r.error).toBeGreaterThanOrEqual(Math.abs(r.value - SQRT_2PI));
  });

  it('integrates an off-centre narrow gaussian given its centre as a breakpoint (within 1e-12)', () => {
    const m = 37.5, s = 0.01;
    const r = integrateLine((x) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * SQRT_2PI), [m]);
    expect(r.converged).toBe(true);
    expectClose(r.value, 1, 1e-12);
    expect(r.error).toBeGreaterThanOrEqual(Math.abs(r.value - 1));
  });

  it('integrates the heavy-tailed Cauchy density to 1 (within 1e-12)', () => {
    const r = integrateLine((x) => 1 / (Math.PI * (1 + x * x)), [0]);
    expect(r.converged).toBe(true);
    expectClose(r.value, 1, 1e-12);
    expect(r.error).toBeGreaterThanOrEqual(Math.abs(r.value - 1));
  });

  it('integrates a wide Cauchy density to 1 with a matching tail scale (within 1e-12)', () => {
    const b = 50;
    const r = integrateLine((x) => b / (Math.PI * (b * b + x * x)), [0], { tailScale: b });
    expect(r.converged).toBe(true);
    expectClose(r.value, 1, 1e-12);
  });

  it('integrates a function with a jump placed at a breakpoint (within 1e-12)', () => {
    // e^x on the left, 2e^{−2x} on the right: each half contributes 1, and f jumps from 1 to 2 at 0.
    const f = (x: number) => (x < 0 ? Math.exp(x) : 2 * Math.exp(-2 * x));
    const r = integrateLine(f, [0]);
    expect(r.converged).toBe(true);
    expectClose(r.value, 2, 1e-12);
    expect(r.error).toBeGreaterThanOrEqual(Math.abs(r.value - 2));
  });

  it('integrates an indicator with jumps at two breakpoints, given in any order (within 1e-13)', () => {
    const f = (x: number) => (x >= -0.3 && x <= 1.7 ? 3 : 0);
    for (const cuts of [
      [-0.3, 1.7],
      [1.7, -0.3, 1.7],
    ]) {
      const r = integrateLine(f, cuts);
      expect(r.converged).toBe(true);
      expectClose(r.value, 6, 1e-13);
      expect(r.error).toBeGreaterThanOrEqual(Math.abs(r.value - 6));
    }
  });

  it('integrates x²·e^{−x²/2} to √(2π) (within 1e-12)', () => {
    const r = integrateLine((x) => x * x * Math.exp(-0.5 * x * x), [0]);
    expect(r.converged).toBe(true);
    expectClose(r.value, SQRT_2PI, 1e-12);
    expect(r.error).toBeGreaterThanOrEqual(Math.abs(r.value - SQRT_2PI));
  });

  it('ignores non-finite breakpoints and cuts at 0 when none are given', () => {
    for (const cuts of [[], [Infinity, NaN, -Infinity]]) {
      const r = integrateLine((x) => Math.exp(-0.5 * x * x), cuts);
      expectClose(r.value, SQRT_2PI, 1e-12);
    }
  });

  it('reports converged = false when the interval limit is too small for a hard integrand', () => {
    // |sin 10x|·e^{−x²/2} has a kink every π/10. From |sin θ| = 2/π − (4/π) Σ cos(2kθ)/(4k² − 1) and
    // ∫ cos(20kx) e^{−x²/2} dx = √(2π) e^{−200k²}, its integral is √(2π)·2/π to double precision.
    const f = (x: number) => Math.abs(Math.sin(10 * x)) * Math.exp(-0.5 * x * x);
    const exact = (SQRT_2PI * 2) / Math.PI;
    const tight = integrateLine(f, [0], { limit: 10 });
    expect(tight.converged).toBe(false);
    expect(tight.intervals).toBeLessThanOrEqual(10);
    expect(tight.error).toBeGreaterThanOrEqual(Math.abs(tight.value - exact));
    const loose = integrateLine(f, [0]);
    expect(loose.converged).toBe(true);
    expectClose(loose.value, exact, 1e-10);
    expect(loose.error).toBeGreaterThanOrEqual(Math.abs(loose.value - exact));
  });

  it('counts its work: evaluations are 21 per interval rule application', () => {
    const r = integrateLine((x) => Math.exp(-0.5 * x * x), [0]);
    expect(r.evaluations % 21).toBe(0);
    expect(r.evaluations).toBeGreaterThanOrEqual(21 * r.intervals);
  });

  it('throws a RangeError for a tail scale that is not a positive finite number', () => {
    for (const tailScale of [0, -1, NaN, Infinity]) {
      expect(() => integrateLine((x) => Math.exp(-x * x), [0], { tailScale })).toThrow(RangeError);
    }
  });
});

describe('logmath', () => {
  it('computes logAddExp as log(e^a + e^b) in the safe range (within 1e-14)', () => {
    for (const a of [-30, -5, -0.5, 0, 0.3, 4, 20]) {
      for (const b of [-25, -1, 0, 2.5, 10]) {
        expectClose(logAddExp(a, b), Math.log(Math.exp(a) + Math.exp(b)), 1e-14);
        expect(logAddExp(a, b)).toBe(logAddExp(b, a));
      }
    }
  });

  it('keeps logAddExp exact where e^a overflows or underflows', () => {
    expectRelative(logAddExp(1000, 1000), 1000 + Math.LN2, 1e-15);
    expectRelative(logAddExp(-1000, -1000), -1000 + Math.LN2, 1e-15);
    expect(logAddExp(1000, 0)).toBe(1000);
    expectRelative(logAddExp(-1000, -1001), -1000 + Math.log1p(Math.exp(-1)), 1e-15);
  });

  it('treats −∞ as log 0 in logAddExp', () => {
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(-2, -Infinity)).toBe(-2);
    expect(logAddExp(Infinity, 0)).toBe(Infinity);
    expect(logAddExp(-Infinity, Infinity)).toBe(Infinity);
  });

  it('gives logAddExp(∞, ∞) = ∞', () => {
    expect(logAddExp(Infinity, Infinity)).toBe(Infinity);
  });

  it('computes softplus as log(1 + e^x) in the safe range (within 1e-14) and its limits', () => {
    for (const x of [-30, -3, -0.1, 0, 0.1, 2, 30]) expectClose(softplus(x), Math.log(1 + Math.exp(x)), 1e-14);
    expect(softplus(0)).toBe(Math.LN2);
    // softplus(x) = x + log1p(e^−x) → x for large x; = log1p(e^x) ≈ e^x for very negative x.
    expect(softplus(1000)).toBe(1000);
    expectRelative(softplus(-50), Math.exp(-50), 1e-15);
    expectRelative(softplus(-700), Math.exp(-700), 1e-15);
    expect(softplus(-1e4)).toBe(0);
    expect(softplus(Infinity)).toBe(Infinity);
    expect(softplus(-Infinity)).toBe(0);
  });

  it('computes sigmoid as 1/(1 + e^−x) in the safe range (within 1e-15) and its limits', () => {
    for (const x of [-30, -3, -0.1, 0, 0.1, 2, 30]) expectClose(sigmoid(x), 1 / (1 + Math.exp(-x)), 1e-15);
    expect(sigmoid(0)).toBe(0.5);
    expectRelative(sigmoid(-700), Math.exp(-700), 1e-13);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(Infinity)).toBe(1);
    expect(sigmoid(-Infinity)).toBe(0);
    for (const x of [0.3, 4, 25]) expectClose(sigmoid(x) + sigmoid(-x), 1, 1e-15);
  });

  it('computes log1mExp as log(1 − e^x) in the safe range (within 1e-13) and its limits', () => {
    for (const x of [-20, -5, -1, -Math.LN2, -0.5, -0.1]) expectClose(log1mExp(x), Math.log(1 - Math.exp(x)), 1e-13);
    // Near 0, 1 − e^x = −x(1 + x/2 + …), so log(1 − e^x) ≈ log(−x) + x/2.
    expectRelative(log1mExp(-1e-20), Math.log(1e-20), 1e-15);
    expectRelative(log1mExp(-1e-8), Math.log(1e-8) - 0.5e-8, 1e-15);
    // Far left, log(1 − e^x) ≈ −e^x.
    expectRelative(log1mExp(-50), -Math.exp(-50), 1e-15);
    expect(log1mExp(0)).toBe(-Infinity);
    expect(Math.abs(log1mExp(-Infinity))).toBe(0); // log1p(−0) = −0; either zero is right
    expect(log1mExp(0.5)).toBeNaN();
  });
});
