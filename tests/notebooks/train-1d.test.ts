/** The 1-D training page's check, fed right and wrong snapshots: it holds for the bound, and fails when it is broken. */
import { describe, expect, it } from 'vitest';
import { checkHolds } from '../../notebooks/components/check.ts';
import { boundCheck } from '../../notebooks/pages/train-1d.ts';

const snapshot = { jsdLowerBoundQuadrature: 0.05, valueQuadratureError: 1e-9, jsd: 0.08, jsdError: 1e-9, value: -1.28, valueStandardError: 0.01, cOfG: -1.226, mass: 1 };

describe('the 1-D page’s JSD bound check', () => {
  it('holds when (V + log 4)/2 from the quadrature V lies below the exact JSD', () => {
    expect(checkHolds(boundCheck(snapshot)).holds).toBe(true);
  });
  it('holds at equality within the quadratures’ stated errors, and no further', () => {
    expect(checkHolds(boundCheck({ ...snapshot, jsd: 0.05 - 1e-9 })).holds).toBe(true);
    expect(checkHolds(boundCheck({ ...snapshot, jsd: 0.05 - 1e-8 })).holds).toBe(false);
  });
  it('fails when the JSD is below the bound (a wrong p_g, or D* not the optimum)', () => {
    expect(checkHolds(boundCheck({ ...snapshot, jsd: 0.03 })).holds).toBe(false);
  });
  it('does not use the minibatch V: a noisy estimate above the JSD does not turn it red', () => {
    expect(checkHolds(boundCheck({ ...snapshot, value: -1.0 })).holds).toBe(true);
  });
});
