/**
 * Per-mode masses of p_g from its exact cdf: against closed forms for a normal p_g, for a push-forward with atoms
 * (a clipped map, whose flat ends are point masses), and for a collapsed GAN snapshot, where a density on a grid
 * would find no mass at all.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import erfc from '@stdlib/math-base-special-erfc';
import { beforeAll, describe, expect, it } from 'vitest';
import { PushForward } from '../../src/distributions/pushforward.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { DEFAULT_GAN1D, Gan1d } from '../../src/gan/gan1d.ts';
import { exactModeCoverage, modeMassesRecord } from '../../src/gan/mode-masses.ts';
import { gridCdf, modeBasins, modeCoverage } from '../../src/numerics/mode-coverage.ts';
import { linspace } from '../../src/numerics/panel.ts';

const Phi = (z: number) => 0.5 * erfc(-z / Math.SQRT2);
const three = parseDistribution('0.3333*normal(-4, 0.3) + 0.3333*normal(0, 0.3) + 0.3334*normal(4, 0.3)');
const basins = modeBasins(three, linspace(-6, 6, 4001));

beforeAll(async () => {
  await useBackend('wasm');
});

describe('exact mode masses', () => {
  it('a normal p_g gets Φ of its basin ends, written out from the closed form', () => {
    expect(basins).toHaveLength(3);
    const [m, s] = [1.1, 1.7];
    const c = exactModeCoverage(three, basins, parseDistribution(`normal(${m}, ${s})`));
    const F = (x: number) => (x === -Infinity ? 0 : x === Infinity ? 1 : Phi((x - m) / s));
    basins.forEach((b, i) => expect(Math.abs(c.generatorMass[i]! - (F(b.to) - F(b.from)))).toBeLessThan(1e-14));
    expect(c.generatorMass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('atoms count: G(z) = 4·clamp(z, −1, 1) puts Φ(−1) on each of ±4, so each outer basin holds Φ(−½), which a grid of the density misses', () => {
    const clamp = (z: number) => Math.max(-1, Math.min(1, z));
    const pg = new PushForward((z) => 4 * clamp(z), (z) => (Math.abs(z) < 1 ? 4 : 0));
    expect(pg.atoms).toHaveLength(2);
    const cut = basins[0]!.to; // ≈ −2, where the density dips between the modes at −4 and 0
    const c = exactModeCoverage(three, basins, pg);
    // Left basin: the atom at −4 (mass Φ(−1)) and the continuous part for z in (−1, cut/4].
    expect(Math.abs(c.generatorMass[0]! - Phi(cut / 4))).toBeLessThan(1e-12);
    expect(Math.abs(c.generatorMass[1]! - (Phi(basins[1]!.to / 4) - Phi(cut / 4)))).toBeLessThan(1e-12);
    expect(Math.abs(c.generatorMass[2]! - (1 - Phi(basins[1]!.to / 4)))).toBeLessThan(1e-12);
    expect(c.covered).toBe(3);
    // The grid route sees only the continuous part: it loses the left atom's Φ(−1) ≈ 0.159 (the last basin, which
    // takes whatever lies above its left end, swallows it) and drops the left mode.
    const grid = linspace(-7, 7, 2048);
    const tabulated = modeCoverage(basins, (x) => three.cdf(x), gridCdf(grid, grid.map((x) => pg.pdf(x))));
    expect(c.generatorMass[0]! - tabulated.generatorMass[0]!).toBeGreaterThan(0.15);
    expect(tabulated.covered).toBe(2);
  });

  it('a collapsed GAN (G flat: one atom of mass 1) has all its mass in the basin of the atom, in the snapshot and the JSON record', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData: three, seed: 1, freezeG: true });
    const weights = gan.generator.getWeights();
    const last = weights.length - 2;
    const replaced = weights.map((w, i) => (i === last ? tf.zerosLike(w) : i === last + 1 ? tf.fill(w.shape, 4 / gan.scale - gan.centre / gan.scale) : w.clone()));
    gan.generator.setWeights(replaced);
    replaced.forEach((t) => t.dispose());
    const s = gan.snapshot();
    expect(s.atoms[0]).toBeCloseTo(4, 5);
    expect(s.modes.generatorMass).toEqual([0, 0, 1]);
    expect(s.modes.covered).toBe(1);
    const record = modeMassesRecord(s.modes);
    expect(record.mode_masses.map((m) => m.generator)).toEqual([0, 0, 1]);
    expect(record.mode_masses.map((m) => m.data).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    gan.dispose();
  });

  it('a trained snapshot\'s masses are those of its exact p_g and add up to 1', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData: three, seed: 2 });
    for (let i = 0; i < 100; i++) gan.step();
    const s = gan.snapshot();
    const again = exactModeCoverage(three, gan.basins, gan.generatorDistribution());
    expect(s.modes.generatorMass).toEqual(again.generatorMass);
    expect(Math.abs(s.modes.generatorMass.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
    gan.dispose();
  });
});
