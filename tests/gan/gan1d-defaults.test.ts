/**
 * The training tricks are off by default, and off they change nothing: the same seeds give exactly the losses,
 * generated points and D values the 1-D GAN gave before the tricks were added (a fixture written by the code of
 * that time, on the cpu backend, which computes the same float32 numbers on every machine).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_TRICKS } from '../../src/gan/gan1d.ts';
import { traceRun, TRACE_RUNS } from './fixtures/make_gan1d_default_trace.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/gan1d-default-trace.json', import.meta.url), 'utf8')) as {
  runs: { run: (typeof TRACE_RUNS)[number]; losses: number[][]; generated: number[]; d: number[] }[];
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the 1-D GAN with its tricks off', () => {
  it('replays the runs of the code before the tricks exactly, by default and with every trick set to off', () => {
    expect(fixture.runs).toHaveLength(TRACE_RUNS.length);
    for (const [i, run] of TRACE_RUNS.entries()) {
      const old = fixture.runs[i]!;
      expect(old.run).toEqual(run);
      const now = traceRun(run);
      expect(now.losses).toEqual(old.losses);
      expect(now.generated).toEqual(old.generated);
      expect(now.d).toEqual(old.d);
      expect(traceRun(run, { ...NO_TRICKS })).toEqual(now);
    }
  });

  it('any one trick turned on changes the run (so the replay above could fail)', () => {
    const run = TRACE_RUNS[0];
    const plain = traceRun(run);
    for (const trick of [{ labelSmoothing: 0.1 }, { labelNoise: 0.05 }, { dropoutD: 0.3 }, { instanceNoise: 0.3 }, { latent: 'uniform' }]) {
      expect(traceRun(run, trick).losses, JSON.stringify(trick)).not.toEqual(plain.losses);
    }
  });
});
