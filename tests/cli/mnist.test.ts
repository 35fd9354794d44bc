/**
 * `gan-theory train-mnist` and `gan-theory score` in-process on real MNIST, at CI size: the run directory's files,
 * exact resumption, the time budget, scoring, and bad input.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refuseNonFinite } from '../../src/cli/mnist.ts';
import { inProcess } from './in-process.ts';


const metrics = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number | null>);

describe('gan-theory train-mnist and score', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'gan-theory-cli-')), 'run');

  it('trains, logs finite metrics, writes PNG sample grids, a checkpoint and the generator', async () => {
    const r = await inProcess('train-mnist', '--model', 'mlp', '--steps', '30', '--every', '10', '--score-every', '30', '--score-samples', '200', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    const log = metrics(dir);
    expect(log.map((m) => m.step)).toEqual([10, 20, 30]);
    for (const m of log) for (const key of ['loss_d', 'loss_g', 'd_real', 'd_fake', 'value', 'training_seconds']) expect(Number.isFinite(m[key]), key).toBe(true);
    expect(log[2]!.is).toBeGreaterThanOrEqual(1);
    expect(log[2]!.is).toBeLessThanOrEqual(10);
    expect(readFileSync(join(dir, 'samples-30.png')).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    for (const f of ['checkpoint', 'generator/model.json', 'generator/weights.bin']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(r.stdout).toMatch(/Real test digits score IS/);
  });

  it('resumes from the checkpoint where the run stopped', async () => {
    const r = await inProcess('train-mnist', '--resume', dir, '--steps', '10', '--every', '10', '--score-every', '1000', '--score-samples', '200');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/resuming .* at step 30/);
    expect(metrics(dir).at(-1)!.step).toBe(40);
  });

  it('scores the saved generator beside the real test digits, as JSON', async () => {
    const r = await inProcess('score', dir, '--samples', '300', '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout.trim()) as Record<string, number>;
    expect(s.model).toBe('mlp');
    expect(s.real_inception_score!).toBeGreaterThan(7); // 300 real digits: close to the 10 classes
    expect(s.inception_score!).toBeLessThan(s.real_inception_score!); // 40 iterations are far from real digits
    expect(s.frechet_distance!).toBeGreaterThan(s.real_frechet_distance!);
    // Two disjoint sets of 300 real digits: their FD, the noise floor, is small but not 0.
    expect(s.real_frechet_distance!).toBeGreaterThan(0);
    expect(s.real_frechet_distance!).toBeLessThan(0.5 * s.frechet_distance!);
    // The IS over 10 splits of 30: the split mean sits below the whole-set score (smaller samples' marginals are
    // noisier), and with 10 splits the standard error is the std (÷ 10) times √(10/9)/√10 = 1/3.
    for (const prefix of ['inception_score', 'real_inception_score']) {
      expect(s[`${prefix}_splits`]).toBe(10);
      expect(s[`${prefix}_split_mean`]!).toBeGreaterThanOrEqual(1);
      expect(s[`${prefix}_split_mean`]!).toBeLessThan(s[prefix]!);
      expect(s[`${prefix}_split_std`]!).toBeGreaterThan(0);
      expect(s[`${prefix}_split_standard_error`]!).toBeCloseTo(s[`${prefix}_split_std`]! / 3, 12);
    }
    for (const [key, value] of Object.entries(s)) if (typeof value === 'number') expect(Number.isFinite(value), key).toBe(true);
  });

  it('prints the spread over splits and the FD noise in the table, and says when there are too few samples to split', async () => {
    const r = await inProcess('score', dir, '--samples', '300');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/IS over 10 splits: mean ± std\s+│?\s*[\d.]+ ± [\d.]+/);
    expect(r.stdout).toMatch(/IS over 10 splits: standard error/);
    expect(r.stdout).toMatch(/std divides by 10/);
    expect(r.stdout).toMatch(/300 other test digits against them \(a fixed random split\), is its sampling noise/);
    const few = await inProcess('score', dir, '--samples', '12', '--json');
    expect(few.code, few.stderr).toBe(0);
    expect(few.stderr).toMatch(/12 samples are too few for the Inception Score over 10 splits \(20 at least\)/);
    const s = JSON.parse(few.stdout.trim()) as Record<string, number>;
    expect(s.inception_score_splits).toBeUndefined();
    expect(Number.isFinite(s.inception_score)).toBe(true);
  });

  it('takes the real digits from a shuffled test set: 5,000 against 5,000 others are under 1 apart (file order, SD-3 against SD-1, gives about 10)', async () => {
    const r = await inProcess('score', dir, '--samples', '5000', '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout.trim()) as Record<string, number>;
    expect(s.real_frechet_distance!).toBeGreaterThan(0);
    expect(s.real_frechet_distance!).toBeLessThan(1);
    expect(s.real_inception_score!).toBeGreaterThan(9);
    expect(s.real_inception_score_split_std!).toBeLessThan(0.2); // measured 0.08; 0.22 in file order
  });

  it('refuses to score images with non-finite pixels, counting the images', () => {
    const images = new Float32Array(5 * 784);
    expect(() => refuseNonFinite(images)).not.toThrow();
    images[3] = NaN;
    images[2 * 784 + 700] = Infinity;
    images[2 * 784 + 701] = NaN;
    expect(() => refuseNonFinite(images)).toThrow(/non-finite pixels in 2 of 5 images/);
  });

  it('stops when the time budget is spent, counting training steps only', async () => {
    const out = join(dir, '..', 'timed');
    const r = await inProcess('train-mnist', '--minutes', '0.01', '--every', '1000', '--score-every', '100000', '--score-samples', '100', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const last = metrics(out).at(-1)!;
    expect(last.training_seconds!).toBeGreaterThanOrEqual(0.6);
    expect(last.training_seconds!).toBeLessThan(5);
    expect(last.step!).toBeGreaterThan(1);
  });

  it('refuses bad options with status 2 and a message naming them', async () => {
    for (const [args, message] of [
      [['--model', 'resnet'], /--model must be mlp or dcgan/],
      [['--minutes', '-1'], /--minutes must be positive/],
      [['--steps', '0'], /--steps must be positive/],
    ] as const) {
      const r = await inProcess('train-mnist', ...args, '--out', join(dir, '..', 'bad'));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const missing = await inProcess('score', join(dir, '..', 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no generator at/);
  });
});
