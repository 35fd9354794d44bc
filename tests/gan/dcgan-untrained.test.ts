/**
 * The untrained DCGAN's output moments the mode-collapse page draws (notebooks/data/dcgan-untrained.json):
 * recomputed here from the real generator (kernel 4), and periodic with period 4 (two stride-2 layers whose output
 * phases see different random taps), the checkerboard before any training.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import data from '../../notebooks/data/dcgan-untrained.json' with { type: 'json' };
import { untrainedOutputMoments } from '../../src/gan/mnist/untrained.ts';

/** Spread of the 16 phase-class means (r mod 4, c mod 4) over the interior, and the average spread within a class. */
function phaseSpread(image: readonly number[]): { between: number; within: number } {
  const groups: number[][] = Array.from({ length: 16 }, () => []);
  for (let r = 4; r < 24; r++) for (let c = 4; c < 24; c++) groups[(r % 4) * 4 + (c % 4)]!.push(image[r * 28 + c]!);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
  return { between: sd(groups.map(mean)), within: mean(groups.map(sd)) };
}

describe('the untrained DCGAN’s output', () => {
  it('matches the committed moments (seed 1, 512 latent draws, cpu backend)', async () => {
    await tf.setBackend('cpu');
    const fresh = untrainedOutputMoments(data.seed, data.samples);
    for (let p = 0; p < 784; p++) {
      expect(Math.abs(fresh.mean[p]! - data.mean[p]!)).toBeLessThan(1e-5);
      expect(Math.abs(fresh.sd[p]! - data.sd[p]!)).toBeLessThan(1e-5);
    }
  }, 120_000);

  it('varies with the pixel’s phase mod 4 far more than within a phase: a checkerboard before training', () => {
    const { between, within } = phaseSpread(data.mean);
    expect(between).toBeGreaterThan(4 * within);
  });
});
