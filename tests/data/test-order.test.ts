/**
 * The fixed shuffled order of the test digits (src/data/test-order.ts) and the page's test asset built from it
 * (site/build/mnist-plugin.ts): the asset holds exactly the digits the CLI's scores take first, so the page's
 * reference and real comparison are the CLI's, and both blocks mix the file's two halves (SD-3 and SD-1 writers).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeDigits } from '../../src/data/mnist-asset.ts';
import { loadMnist } from '../../src/data/mnist-node.ts';
import { testDigitOrder } from '../../src/data/test-order.ts';
import { MNIST_ASSETS, shuffledDigits, writeMnistAssets } from '../../site/build/mnist-plugin.ts';

describe('the test digits’ fixed order', () => {
  it('is a permutation, the same on every call, whose first two thousands each draw from both halves of the file', () => {
    const order = testDigitOrder(10_000);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(testDigitOrder(10_000)).toEqual(order);
    for (const [from, to] of [[0, 1000], [1000, 2000]]) {
      const secondHalf = [...order.subarray(from, to)].filter((i) => i >= 5000).length;
      // Binomial(1000, ½): 500 ± 16 (sd); a block of the file would give 0 or 1000.
      expect(secondHalf).toBeGreaterThan(430);
      expect(secondHalf).toBeLessThan(570);
    }
    expect(() => testDigitOrder(-1)).toThrow(/non-negative integer/);
  });

  it('is what the page’s test asset holds: the first 2,000 digits of it, labels with them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gan-theory-assets-'));
    writeMnistAssets(dir);
    const file = 'mnist-test-shuffled.bin.gz';
    expect(MNIST_ASSETS[file].count).toBe(2000);
    const asset = decodeDigits(new Uint8Array(gunzipSync(readFileSync(join(dir, file)))), file);
    const test = loadMnist('test'), order = testDigitOrder(test.count);
    expect(asset.count).toBe(2000);
    for (const i of [0, 1, 999, 1000, 1999]) {
      expect(asset.labels[i]).toBe(test.labels[order[i]!]);
      expect(Buffer.from(asset.images.subarray(i * 784, (i + 1) * 784)).equals(Buffer.from(test.images.subarray(order[i]! * 784, (order[i]! + 1) * 784)))).toBe(true);
    }
    const again = shuffledDigits(test, 2000);
    expect(Buffer.from(again.images).equals(Buffer.from(asset.images))).toBe(true);
  }, 60_000);
});
