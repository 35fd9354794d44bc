/**
 * The mode-collapse page's checks: the basin masses' grid route against the exact cdf (fails on a coarse grid),
 * the checkerboard's separable count against the direct sum (fails for a wrong image), and the snapshot coverage
 * counting a one-mode generator as one mode.
 */
import { describe, expect, it } from 'vitest';
import { parseDistribution as P } from '../../src/distributions/spec.ts';
import { transposedOverlap2d, transposedOverlap2dDirect } from '../../src/gan/checkerboard.ts';
import type { Snapshot } from '../../src/gan/gan1d.ts';
import { modeBasins } from '../../src/numerics/mode-coverage.ts';
import { linspace } from '../../src/numerics/panel.ts';
import { verdictHolds } from '../../notebooks/components/verdict.ts';
import { basinMassCheck, defaultPData, overlapCheck, snapshotCoverage } from '../../notebooks/pages/mode-collapse.ts';

describe('the mode-collapse checks', () => {
  const pData = defaultPData();
  const basins = modeBasins(pData, linspace(-6, 6, 4001));

  it('finds three modes and the basin masses hold on the default 512-point grid but not on 12 points', () => {
    expect(basins).toHaveLength(3);
    expect(verdictHolds(basinMassCheck(pData, linspace(-7.2, 7.2, 512), basins))).toBe(true);
    expect(verdictHolds(basinMassCheck(pData, linspace(-7.2, 7.2, 12), basins))).toBe(false);
  });

  it('the overlap check holds for kernels 2 to 7 and fails when the images differ by one tap', () => {
    for (let k = 2; k <= 7; k++) {
      expect(verdictHolds(overlapCheck(transposedOverlap2d(8, [{ kernel: k, stride: 2 }]).counts, transposedOverlap2dDirect(8, k, 2).counts, k))).toBe(true);
    }
    const wrong = Float64Array.from(transposedOverlap2dDirect(8, 5, 2).counts);
    wrong[40] = wrong[40]! + 1;
    expect(verdictHolds(overlapCheck(transposedOverlap2d(8, [{ kernel: 5, stride: 2 }]).counts, wrong, 5))).toBe(false);
  });

  it('a snapshot whose p_g sits on one mode covers one of three', () => {
    const grid = linspace(-7, 7, 512);
    const collapsed = P('normal(0, 0.35)');
    const snap = { grid, pG: grid.map((x) => collapsed.pdf(x)) } as unknown as Snapshot;
    const coverage = snapshotCoverage(pData, basins, snap);
    expect(coverage.covered).toBe(1);
    expect(coverage.generatorMass[1]).toBeCloseTo(1, 4);
  });
});
