/** The 1-D GAN's mass near each mode of p_data, as `gan-theory train-1d` reports it in its JSON lines. */
import type { Distribution } from '../distributions/distribution.ts';
import { gridCdf, modeCoverage, type Basin } from '../numerics/mode-coverage.ts';

/** Per-mode masses of p_data and p_g (p_g from its density on the snapshot's grid), and how many modes p_g covers. */
export function snapshotModeMasses(
  pData: Distribution,
  basins: readonly Basin[],
  snap: { readonly grid: Float64Array; readonly pG: Float64Array; readonly pGExact: boolean },
): { mode_masses: { mode: number; data: number; generator: number }[]; modes_covered: number; modes_p_g: 'exact' | 'estimated' } {
  const coverage = modeCoverage(basins, (x) => pData.cdf(x), gridCdf(snap.grid, snap.pG));
  return {
    mode_masses: basins.map((b, i) => ({ mode: b.mode, data: coverage.dataMass[i]!, generator: coverage.generatorMass[i]! })),
    modes_covered: coverage.covered,
    modes_p_g: snap.pGExact ? 'exact' : 'estimated',
  };
}
