/**
 * Writes notebooks/data/dcgan-untrained.json: the untrained DCGAN generator's per-pixel output mean and sd (seed 1,
 * 512 latent draws, TensorFlow.js's cpu backend), for the mode-collapse page, which draws it without loading
 * TensorFlow.js. tests/gan/dcgan-untrained.test.ts recomputes it and compares. Run: npx tsx scripts/dcgan-untrained.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { untrainedOutputMoments } from '../src/gan/mnist/untrained.ts';

await tf.setBackend('cpu');
const moments = untrainedOutputMoments(1, 512);
const round = (xs: readonly number[]) => xs.map((x) => +x.toFixed(6));
const file = join(import.meta.dirname, '../notebooks/data/dcgan-untrained.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify({ ...moments, mean: round(moments.mean), sd: round(moments.sd) })}\n`);
console.log(`wrote ${file}`);
