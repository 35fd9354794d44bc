/**
 * The 1-D GAN's mass near each mode of p_data, as the snapshots carry it and `gan-theory train-1d` reports it in
 * its JSON lines: from p_g's exact cdf, which counts its atoms (the point masses of a generator flat over a stretch
 * of latent, the very picture of mode collapse), not from its density on a grid, which has none.
 */
import { modeCoverage, type Basin, type ModeCoverage } from '../numerics/mode-coverage.ts';

/** Anything with a cdf: a mixture, or the push-forward p_g (whose cdf adds its atoms at or below x). */
export interface WithCdf {
  cdf(x: number): number;
}

/**
 * Each basin's mass under p_data and under p_g, from their cdfs, and how many modes p_g covers (at least half of
 * p_data's mass for that mode). A basin (a, b] takes F(b) − F(a), so an atom on a boundary counts once, in the basin
 * to its left.
 *
 * @example
 * // p_g all on one point, an atom at 0 in the middle basin of three:
 * exactModeCoverage(threeModes, basins, { cdf: (x) => (x >= 0 ? 1 : 0) }).generatorMass // [0, 1, 0]
 */
export function exactModeCoverage(pData: WithCdf, basins: readonly Basin[], pG: WithCdf, threshold = 0.5): ModeCoverage {
  return modeCoverage(basins, (x) => pData.cdf(x), (x) => pG.cdf(x), threshold);
}

/** The JSON form of a coverage: per-mode masses, the modes covered, and that p_g's masses are exact. */
export function modeMassesRecord(coverage: ModeCoverage): { mode_masses: { mode: number; data: number; generator: number }[]; modes_covered: number; modes_p_g: 'exact' } {
  return {
    mode_masses: coverage.basins.map((b, i) => ({ mode: b.mode, data: coverage.dataMass[i]!, generator: coverage.generatorMass[i]! })),
    modes_covered: coverage.covered,
    modes_p_g: 'exact',
  };
}
