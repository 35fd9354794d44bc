/** `gan-theory train-1d --json` reports the mass of p_g near each mode of p_data and how many modes it covers. */
import { describe, expect, it } from 'vitest';
import { inProcess } from './in-process.ts';

describe('gan-theory train-1d per-mode masses', () => {
  it('every JSON line carries one entry per mode (two for a bimodal p_data), masses that sum to 1, and a covered count', async () => {
    const r = await inProcess('train-1d', '--pdata', '0.5*normal(-3, 0.5) + 0.5*normal(3, 0.5)', '--steps', '20', '--every', '10', '--json');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.mode_masses).toHaveLength(2);
      expect(line.mode_masses[0].mode).toBeCloseTo(-3, 1);
      expect(line.mode_masses[1].mode).toBeCloseTo(3, 1);
      const data = line.mode_masses.reduce((s: number, m: { data: number }) => s + m.data, 0);
      expect(data).toBeCloseTo(1, 10);
      // From p_g's exact cdf (atoms included), so the basins hold all of its mass.
      const generator = line.mode_masses.reduce((s: number, m: { generator: number }) => s + m.generator, 0);
      expect(Math.abs(generator - 1)).toBeLessThan(1e-9);
      expect(line.modes_covered).toBeGreaterThanOrEqual(0);
      expect(line.modes_covered).toBeLessThanOrEqual(2);
      // Since the snapshot uses the generator's push-forward density, p_g here is exact.
      expect(line.modes_p_g).toBe('exact');
    }
  }, 60_000);
});
