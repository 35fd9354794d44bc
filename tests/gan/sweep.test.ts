/**
 * The headless sweep runner: it trains each setting × seed as a GAN of its own would train (the same exact final
 * JSD and modes covered as a run made by hand), in slices of any length, and refuses a bad plan before training.
 */
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { DEFAULT_GAN1D, Gan1d } from '../../src/gan/gan1d.ts';
import { SweepRunner, summariseSweep } from '../../src/gan/sweep.ts';

const pData = parseDistribution('0.5*normal(-3, 0.5) + 0.5*normal(3, 0.5)');
const settings = [
  { name: 'off', config: {} },
  { name: 'smoothing', config: { labelSmoothing: 0.1, latent: 'uniform' as const } },
];

beforeAll(async () => {
  await useBackend('wasm');
});

describe('SweepRunner', () => {
  it('gives each run the final JSD and modes covered of the same GAN trained by hand, whatever the slice length', () => {
    const plan = { pData, base: { ...DEFAULT_GAN1D, k: 1 }, settings, seeds: [4, 9], steps: 15 };
    const sliced = new SweepRunner(plan);
    let calls = 0;
    while (!sliced.advance(0)) calls++;
    // A zero budget still trains one iteration per call: about one call per iteration.
    expect(calls).toBeGreaterThanOrEqual(4 * 15 - 4);
    expect(sliced.doneSteps).toBe(sliced.totalSteps);
    const whole = new SweepRunner(plan);
    expect(whole.advance(1e9)).toBe(true);
    expect(whole.results()).toEqual(sliced.results());
    expect(sliced.results().map((r) => `${r.setting}:${r.seed}`)).toEqual(['0:4', '0:9', '1:4', '1:9']);
    for (const r of sliced.results()) {
      const gan = new Gan1d({ ...DEFAULT_GAN1D, k: 1, ...settings[r.setting]!.config, pData, seed: r.seed });
      for (let i = 0; i < 15; i++) gan.step();
      const m = gan.measure();
      gan.dispose();
      expect(r.jsd).toBe(m.jsd);
      expect(r.covered).toBe(m.modes.covered);
      expect(r.diverged).toBe(false);
      expect(r.steps).toBe(15);
    }
    // The two settings differ (the runner did apply them).
    expect(sliced.results()[2]!.jsd).not.toBe(sliced.results()[0]!.jsd);
    const summary = summariseSweep(settings, sliced.results());
    expect(summary.map((s) => s.name)).toEqual(['off', 'smoothing']);
    expect(summary[0]!.summary.runs).toBe(2);
    expect(summary[0]!.summary.jsdMin).toBeLessThanOrEqual(summary[0]!.summary.jsdMax);
  }, 60_000);

  it('refuses a bad setting, no seeds or a bad step count before it trains', () => {
    const base = { ...DEFAULT_GAN1D };
    expect(() => new SweepRunner({ pData, base, settings: [{ name: 'x', config: { labelNoise: 0.9 } }], seeds: [1], steps: 10 })).toThrow(/invalid labelNoise: 0.9/);
    expect(() => new SweepRunner({ pData, base, settings, seeds: [], steps: 10 })).toThrow(/invalid seeds/);
    expect(() => new SweepRunner({ pData, base, settings, seeds: [1], steps: 0 })).toThrow(/invalid steps per run: 0/);
    expect(() => new SweepRunner({ pData, base, settings: [], seeds: [1], steps: 5 })).toThrow(/1 to 64 settings/);
  });
});
