import { describe, expect, it } from 'vitest';
import { parseDistribution as P } from '../../src/distributions/spec.ts';
import { gridCdf, modeBasins, modeCoverage } from '../../src/numerics/mode-coverage.ts';
import { linspace } from '../../src/numerics/panel.ts';

const three = P('0.3333*normal(-4, 0.3) + 0.3333*normal(0, 0.3) + 0.3334*normal(4, 0.3)');
const grid = linspace(-7, 7, 1401);

describe('mode coverage', () => {
  it('finds the three modes of a well-separated mixture, with basins cut midway (by symmetry)', () => {
    const basins = modeBasins(three, grid);
    expect(basins.map((b) => b.mode)).toEqual([-4, 0, 4].map((m) => expect.closeTo(m, 2)));
    expect(basins[0]!.to).toBeCloseTo(-2, 1);
    expect(basins[1]!.to).toBeCloseTo(2, 1);
    expect(basins[0]!.from).toBe(-Infinity);
    expect(basins[2]!.to).toBe(Infinity);
  });

  it('merges a shoulder into its peak: two close normals are one mode', () => {
    expect(modeBasins(P('0.5*normal(0, 1) + 0.5*normal(1, 1)'), grid)).toHaveLength(1);
  });

  it('counts all three covered by p_data itself, one by a generator on a single mode, two for a two-mode generator', () => {
    const basins = modeBasins(three, grid);
    const cdf = (d: ReturnType<typeof P>) => (x: number) => d.cdf(x);
    expect(modeCoverage(basins, cdf(three), cdf(three)).covered).toBe(3);
    const one = modeCoverage(basins, cdf(three), cdf(P('normal(4, 0.4)')));
    expect(one.covered).toBe(1);
    expect(one.generatorMass[2]).toBeCloseTo(1, 6);
    expect(modeCoverage(basins, cdf(three), cdf(P('0.5*normal(-4, 0.3) + 0.5*normal(0, 0.3)'))).covered).toBe(2);
    // Each mass list sums to 1.
    expect(one.dataMass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('the trapezoid cdf of a tabulated density agrees with the exact cdf to the rule’s accuracy', () => {
    const F = gridCdf(grid, grid.map((x) => three.pdf(x)));
    for (const x of [-5, -2, 0.3, 2, 4.1]) expect(Math.abs(F(x) - three.cdf(x))).toBeLessThan(1e-4);
    const coarse = linspace(-7, 7, 15);
    const G = gridCdf(coarse, coarse.map((x) => three.pdf(x)));
    expect(Math.abs(G(-2) - three.cdf(-2))).toBeGreaterThan(1e-3);
  });
});
