/** `gan-theory train-1d --sweep`: the grid of settings, the per-setting summary, and refusals of a bad grid. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAN1D } from '../../src/gan/gan1d-config.ts';
import { parseSweep, summariseRuns } from '../../src/cli/sweep1d.ts';
import { inProcess } from './in-process.ts';

const base = { k: 5, learningRateD: 2e-3, learningRateG: 5e-4, batchSize: 128, loss: 'non-saturating' as const };

describe('the sweep grid', () => {
  it('is the cartesian product of the lists, on top of the base setting', () => {
    const s = parseSweep('k=1,5; loss=saturating,non-saturating', base);
    expect(s).toHaveLength(4);
    expect(s.map((x) => `${x.k} ${x.loss}`)).toEqual(['1 saturating', '1 non-saturating', '5 saturating', '5 non-saturating']);
    expect(s.every((x) => x.learningRateG === 5e-4)).toBe(true);
    expect(parseSweep('lr-g=5e-3', base)[0]!.learningRateG).toBe(5e-3);
  });

  it('refuses unknown keys, empty lists, non-numbers and bad losses, naming them', () => {
    expect(() => parseSweep('steps=1,2', base)).toThrow(/unknown key 'steps'/);
    expect(() => parseSweep('k=', base)).toThrow(/k has no values/);
    expect(() => parseSweep('k=one', base)).toThrow(/'one' is not a number/);
    expect(() => parseSweep('loss=wasserstein', base)).toThrow(/loss must be saturating or non-saturating/);
    expect(() => parseSweep('', base)).toThrow(/at least one key/);
  });
});

describe('the per-setting summary', () => {
  it('takes the median and range over the runs that finished and counts the diverged ones', () => {
    const s = summariseRuns([
      { jsd: 0.3, covered: 1, diverged: false },
      { jsd: 0.1, covered: 3, diverged: false },
      { jsd: NaN, covered: NaN, diverged: true },
      { jsd: 0.2, covered: 2, diverged: false },
    ]);
    expect(s).toMatchObject({ runs: 4, diverged: 1, jsdMedian: 0.2, jsdMin: 0.1, jsdMax: 0.3, coveredMedian: 2, coveredMin: 1, coveredMax: 3 });
    expect(summariseRuns([{ jsd: NaN, covered: NaN, diverged: true }]).jsdMedian).toBeNaN();
  });
});

describe('gan-theory train-1d --sweep', () => {
  it('prints one JSON line per setting with the seeds’ summary', async () => {
    const r = await inProcess('train-1d', '--pdata', '0.5*normal(-3, 0.5) + 0.5*normal(3, 0.5)', '--steps', '10', '--sweep', 'k=1,2', '--seeds', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.setting.k)).toEqual([1, 2]);
    for (const l of lines) {
      expect(l.runs).toBe(2);
      expect(l.diverged).toBe(0);
      expect(l.jsd_min).toBeLessThanOrEqual(l.jsd_median);
      expect(l.jsd_median).toBeLessThanOrEqual(l.jsd_max);
      expect(l.jsd_max).toBeLessThanOrEqual(Math.LN2);
      expect(l.modes).toBe(2);
      expect(l.setting.learningRateD).toBe(DEFAULT_GAN1D.learningRateD);
    }
  }, 120_000);

  it('exits with status 2 for a bad grid', async () => {
    const r = await inProcess('train-1d', '--pdata', 'normal(0, 1)', '--steps', '10', '--sweep', 'q=1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown key 'q'/);
  });
});
