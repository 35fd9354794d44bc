/**
 * `gan-theory train-1d` with the training tricks: the flags reach the GAN (a run changes, and replays by seed),
 * bad values are refused with status 2 and the flag's name, the uniform latent's p_g keeps its mass, and the sweep
 * grid takes the tricks as keys.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAN1D } from '../../src/gan/gan1d-config.ts';
import { parseSweep } from '../../src/cli/sweep1d.ts';
import { inProcess } from './in-process.ts';

const PDATA = '0.5*normal(-3, 0.5) + 0.5*normal(3, 0.5)';
const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l));

describe('gan-theory train-1d tricks flags', () => {
  it('refuses each out-of-range value with status 2, naming the flag', async () => {
    for (const [flag, value, pattern] of [
      ['--label-smoothing', '1', /--label-smoothing must be at least 0 and below 1, got 1/],
      ['--label-noise', '0.6', /--label-noise must be at least 0 and below 0.5, got 0.6/],
      ['--dropout-d', '-0.1', /--dropout-d must be at least 0 and below 1, got -0.1/],
      ['--instance-noise', '-2', /--instance-noise must be a finite number ≥ 0, got -2/],
      ['--instance-noise-steps', '-3', /--instance-noise-steps must be an integer ≥ 0, got -3/],
      ['--instance-noise-steps', '1.5', /expected an integer/],
      ['--latent', 'cauchy', /--latent must be normal or uniform, got cauchy/],
      ['--label-smoothing', 'lots', /expected a number/],
    ] as const) {
      const r = await inProcess('train-1d', '--pdata', PDATA, '--steps', '2', flag, value);
      expect(r.code, `${flag} ${value}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(pattern);
    }
  });

  it('a run with every trick on differs from the plain one, replays by seed, and its exact mode masses add up to 1', async () => {
    const tricks = ['--label-smoothing', '0.1', '--label-noise', '0.05', '--dropout-d', '0.2', '--instance-noise', '0.3', '--instance-noise-steps', '10', '--latent', 'uniform'];
    const run = (...extra: string[]) => inProcess('train-1d', '--pdata', PDATA, '--steps', '12', '--every', '6', '--seed', '3', '--json', ...extra);
    const [plain, a, b] = [await run(), await run(...tricks), await run(...tricks)];
    for (const r of [plain, a, b]) expect(r.code, r.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(a.stdout).not.toBe(plain.stdout);
    expect(a.stderr).toMatch(/label-smoothing=0.1 label-noise=0.05 dropout-d=0.2 instance-noise=0.3 annealed over 10 latent=uniform/);
    for (const line of lines(a.stdout)) {
      const generator = line.mode_masses.reduce((s: number, m: { generator: number }) => s + m.generator, 0);
      expect(Math.abs(generator - 1)).toBeLessThan(1e-9);
      expect(Math.abs(line.mass - 1)).toBeLessThan(1e-9);
    }
  }, 120_000);

  it('the sweep takes the tricks as keys: a 2 × 2 grid of label smoothing and latent gives four settings', async () => {
    const base = { k: 5, learningRateD: 2e-3, learningRateG: 5e-4, batchSize: 128, loss: 'non-saturating' as const };
    const s = parseSweep('label-smoothing=0,0.1; latent=normal,uniform', base);
    expect(s.map((x) => `${x.labelSmoothing} ${x.latent}`)).toEqual(['0 normal', '0 uniform', '0.1 normal', '0.1 uniform']);
    expect(parseSweep('dropout-d=0.5', base)[0]!.dropoutD).toBe(0.5);
    expect(parseSweep('instance-noise=0.2;instance-noise-steps=500', base)[0]).toMatchObject({ instanceNoise: 0.2, instanceNoiseSteps: 500 });
    expect(parseSweep('label-noise=0.1', base)[0]!.labelNoise).toBe(0.1);
    expect(() => parseSweep('latent=cauchy', base)).toThrow(/latent must be normal or uniform/);
    expect(() => parseSweep('dropout-d=half', base)).toThrow(/'half' is not a number/);
    expect(() => parseSweep('toString=1', base)).toThrow(/unknown key 'toString'/);

    const r = await inProcess('train-1d', '--pdata', PDATA, '--steps', '6', '--sweep', 'label-smoothing=0,0.1;latent=normal,uniform', '--seeds', '1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((l) => `${l.setting.labelSmoothing} ${l.setting.latent}`)).toEqual(['0 normal', '0 uniform', '0.1 normal', '0.1 uniform']);
    for (const l of out) {
      expect(l.runs).toBe(1);
      expect(l.jsd_median).toBeLessThanOrEqual(Math.LN2);
      expect(l.setting.learningRateD).toBe(DEFAULT_GAN1D.learningRateD);
    }
    const bad = await inProcess('train-1d', '--pdata', PDATA, '--steps', '6', '--sweep', 'label-noise=0.7', '--seeds', '1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--sweep: invalid labelNoise: 0.7/);
  }, 120_000);
});
