/**
 * `gan-theory train-mnist` and `gan-theory score` in-process on real MNIST, at CI size: the run directory's files,
 * exact resumption, the time budget, scoring, and bad input.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
