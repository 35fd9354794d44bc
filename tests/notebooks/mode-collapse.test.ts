/**
 * The mode-collapse page's checks: the basin masses' grid route against the exact cdf (fails on a coarse grid),
 * the checkerboard's separable count against the direct sum (fails for a wrong image), and the snapshot coverage
 * counting a one-mode generator as one mode.
 */
import { describe, expect, it } from 'vitest';
import { parseDistribution as P } from '../../src/distributions/spec.ts';
import { transposedOverlap2d, transposedOverlap2dDirect } from '../../src/gan/checkerboard.ts';
import { modeBasins } from '../../src/numerics/mode-coverage.ts';
import { linspace } from '../../src/numerics/panel.ts';
import { verdictHolds } from '../../notebooks/components/verdict.ts';
import { basinMassCheck, compareToOff, defaultPData, measureRows, measureSentence, measureSettings, overlapCheck, snapshotCoverage, TRICKS } from '../../notebooks/pages/mode-collapse.ts';
import { exactModeCoverage } from '../../src/gan/mode-masses.ts';
import type { SweepSummary } from '../../src/gan/sweep.ts';

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
    const coverage = snapshotCoverage({ modes: exactModeCoverage(pData, basins, P('normal(0, 0.35)')) });
    expect(coverage.covered).toBe(1);
    expect(coverage.generatorMass[1]).toBeCloseTo(1, 4);
  });
});

const summary = (jsd: number[], covered: number[], diverged = 0): SweepSummary => ({
  runs: jsd.length + diverged,
  diverged,
  jsdMedian: [...jsd].sort((a, b) => a - b)[jsd.length >> 1] ?? NaN,
  jsdMin: jsd.length ? Math.min(...jsd) : NaN,
  jsdMax: jsd.length ? Math.max(...jsd) : NaN,
  coveredMedian: [...covered].sort((a, b) => a - b)[covered.length >> 1] ?? NaN,
  coveredMin: covered.length ? Math.min(...covered) : NaN,
  coveredMax: covered.length ? Math.max(...covered) : NaN,
});

describe('"measure it": effects and the sentence, from the numbers', () => {
  const off = summary([0.3, 0.35, 0.4], [1, 1, 2]);

  it('a trick is clearly better only when every seed beats every plain run (JSD or modes), worse the other way, else unclear', () => {
    expect(compareToOff(off, summary([0.1, 0.12, 0.2], [2, 3, 3]))).toBe('better');
    expect(compareToOff(off, summary([0.3, 0.32, 0.33], [3, 3, 3]))).toBe('better');
    expect(compareToOff(off, summary([0.45, 0.5, 0.6], [1, 1, 1]))).toBe('worse');
    // Overlapping ranges: the median is lower, but one seed is as bad as the plain runs.
    expect(compareToOff(off, summary([0.1, 0.12, 0.36], [1, 2, 2]))).toBe('unclear');
    // Lower JSD on every seed but fewer modes on every seed: contradictory, so unclear.
    expect(compareToOff(summary([0.3, 0.35, 0.4], [2, 2, 2]), summary([0.1, 0.12, 0.2], [1, 1, 1]))).toBe('unclear');
    expect(compareToOff(off, summary([], [], 3))).toBe('diverged');
  });

  it('the table rows come from the runs, and the sentence reports each group with its numbers and says when nothing helped', () => {
    const settings = measureSettings();
    expect(settings.map((s) => s.name)).toEqual(['off', ...TRICKS.map((t) => t.key)]);
    expect(settings[0]!.config).toMatchObject({ labelSmoothing: 0, labelNoise: 0, dropoutD: 0, instanceNoise: 0, latent: 'normal' });
    expect(settings[5]!.config.latent).toBe('uniform');
    // Three seeds per setting: off at 0.3–0.4, smoothing clearly lower, dropout overlapping, noise higher, the rest diverged once.
    const jsd: Record<string, number[]> = { off: [0.3, 0.35, 0.4], labelSmoothing: [0.05, 0.1, 0.2], labelNoise: [0.5, 0.55, 0.6], dropoutD: [0.2, 0.36, 0.5], instanceNoise: [0.3, 0.31, 0.5], uniformLatent: [0.38, 0.4, NaN] };
    const runs = settings.flatMap((s, i) => jsd[s.name]!.map((v, j) => ({ setting: i, seed: j + 1, jsd: v, covered: Number.isNaN(v) ? NaN : v < 0.25 ? 3 : 1, diverged: Number.isNaN(v), steps: 100 })));
    const rows = measureRows({ settings }, runs);
    expect(rows.map((r) => r.effect)).toEqual([undefined, 'better', 'worse', 'unclear', 'unclear', 'unclear']);
    expect(rows[1]!.summary.jsdMedian).toBe(0.1);
    expect(rows[5]!.summary.diverged).toBe(1);
    const text = measureSentence(rows, 3, 1500, 3);
    expect(text).toMatch(/without tricks the final JSD has median 0\.35 and p_g covers a median of 1 of the 3 modes/);
    expect(text).toMatch(/Clearly better[^:]*: label smoothing \(JSD 0\.1, modes covered 3\)\./);
    expect(text).toMatch(/Clearly worse[^:]*: label noise \(JSD 0\.55, modes covered 1\)\./);
    expect(text).toMatch(/No clear difference[^:]*: dropout in D .*instance noise .*uniform latent/);
    expect(text).toMatch(/With uniform latent, 1 of 3 runs diverged\./);
    expect(text).not.toMatch(/None of the tricks helped/);
    // Without the smoothing's good runs, the sentence says no trick helped.
    const flat = measureRows({ settings }, runs.map((r) => (r.setting === 1 ? { ...r, jsd: 0.36, covered: 1 } : r)));
    expect(measureSentence(flat, 3, 1500, 3)).toMatch(/None of the tricks helped clearly here/);
  });
});
