/** Quadrature through known end-point singularities: the u⁴ grading against closed forms, and the node residual that keeps the offset from a singular point exact. */
import { describe, expect, it } from 'vitest';
import { integrateLine } from '../../src/maths/quadrature.ts';
import { integrateWithSingularities } from '../../src/maths/singular-quadrature.ts';

describe('integrateWithSingularities', () => {
  it('integrates |x|^(−1/2) over [−1, 1] to 4 with a few hundred evaluations, where plain cuts need thousands', () => {
    const f = (x: number) => (Math.abs(x) < 1 && x !== 0 ? 1 / Math.sqrt(Math.abs(x)) : 0);
    const graded = integrateWithSingularities(f, [-1, 1], [0], { epsabs: 1e-13, epsrel: 1e-13 });
    expect(Math.abs(graded.value - 4)).toBeLessThan(1e-12);
    expect(graded.evaluations).toBeLessThan(600);
    const plain = integrateLine(f, [-1, 0, 1], { epsabs: 1e-13, epsrel: 1e-13 });
    expect(plain.evaluations).toBeGreaterThan(3 * graded.evaluations);
  });

  it('integrates a logarithmic singularity and a jump: ∫₀¹ log x dx = −1, ∫₀² (x < 1 ? 1 : 3) dx = 4', () => {
    const log = integrateWithSingularities((x) => (x > 0 && x < 1 ? Math.log(x) : 0), [0, 1], [0]);
    expect(Math.abs(log.value + 1)).toBeLessThan(1e-12);
    const jump = integrateWithSingularities((x) => (x > 0 && x < 2 ? (x < 1 ? 1 : 3) : 0), [0, 2], [1]);
    expect(Math.abs(jump.value - 4)).toBeLessThan(1e-12);
  });

  it('passes each node’s offset from a singular point far from 0 exactly, through the residual', () => {
    // ∫ over (c, c + 1) of (x − c)^(−1/2) = 2, with c = 1e6 + 0.1: next to c the nodes round to doubles 1.2e-10
    // apart, and only x − c + residual gives the true offset.
    const c = 1e6 + 0.1;
    const f = (x: number, r: number) => {
      const t = x - c + r;
      return t > 0 && t < 1 ? 1 / Math.sqrt(t) : 0;
    };
    const r = integrateWithSingularities(f, [c, c + 1], [c], { epsabs: 1e-14, epsrel: 1e-13 });
    expect(Math.abs(r.value - 2)).toBeLessThan(1e-11);
  });

  it('is integrateLine itself when there is no singular point', () => {
    const f = (x: number) => Math.exp(-x * x);
    expect(integrateWithSingularities(f, [0, 1], [])).toEqual(integrateLine(f, [0, 1]));
  });
});
