/**
 * The mode-collapse page's preset collapses: on three modes 4 apart, with k = 1 and G's learning rate five times
 * D's, seed 1 leaves at least one mode uncovered within 1,500 steps (TensorFlow.js wasm backend, as in the CLI).
 */
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/gan/backend.ts';
import { DEFAULT_GAN1D, Gan1d } from '../../src/gan/gan1d.ts';
import { COLLAPSE_PRESET, defaultPData, snapshotCoverage } from '../../notebooks/pages/mode-collapse.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('the collapse preset', () => {
  it('covers fewer than three modes at some snapshot within 1,500 steps for seed 1', () => {
    const pData = defaultPData();
    const gan = new Gan1d({ ...DEFAULT_GAN1D, ...COLLAPSE_PRESET, pData, seed: 1 });
    const covered: number[] = [];
    for (let step = 1; step <= 1500; step++) {
      gan.step();
      if (step % 250 === 0) covered.push(snapshotCoverage(gan.snapshot()).covered);
    }
    gan.dispose();
    expect(Math.min(...covered), `modes covered every 250 steps: ${covered.join(', ')}`).toBeLessThan(3);
  }, 120_000);
});
