/**
 * The compact MNIST asset the site loads (a build step derives it from the idx files): "MNST", a version byte, the
 * number of digits as a 32-bit big-endian integer, then all labels, then all images (784 bytes each). The file is
 * gzip-compressed; servers that send it with Content-Encoding: gzip let the browser inflate it first, so the decoder
 * checks for the gzip magic bytes before inflating.
 */
import type { Digits } from './idx.ts';
import { IdxError } from './idx.ts';

const MAGIC = [0x4d, 0x4e, 0x53, 0x54]; // "MNST"
const VERSION = 1;

export function encodeDigits(d: Digits, count = d.count): Uint8Array {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const n = Math.min(count, d.count);
  const out = new Uint8Array(9 + n + n * 784);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  new DataView(out.buffer).setUint32(5, n, false);
  out.set(d.labels.subarray(0, n), 9);
  out.set(d.images.subarray(0, n * 784), 9 + n);
  return out;
}

export function decodeDigits(bytes: Uint8Array, name: string): Digits {
  if (bytes.length < 9 || MAGIC.some((m, i) => bytes[i] !== m)) throw new IdxError(`${name}: not an MNIST asset (bad magic bytes)`);
  if (bytes[4] !== VERSION) throw new IdxError(`${name}: asset version ${bytes[4]} is not ${VERSION}; rebuild the site`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(5, false);
  const expected = 9 + n * 785;
  if (bytes.length < expected) throw new IdxError(`${name}: truncated: ${n} digits need ${expected} bytes, found ${bytes.length}`);
  if (bytes.length > expected) throw new IdxError(`${name}: ${bytes.length - expected} unexpected bytes after ${n} digits (${expected} bytes expected, found ${bytes.length})`);
  return { count: n, labels: bytes.subarray(9, 9 + n), images: bytes.subarray(9 + n) };
}

/** True when the bytes start with gzip's magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
