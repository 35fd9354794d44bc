/**
 * Fuzz test of the checkpoint loader: random mutations of a valid checkpoint (any field replaced by another value
 * or removed, bytes of the weights flipped, buffers cut or lengthened) either are refused with a CheckpointError
 * that calls the checkpoint corrupt, or resume a GAN that trains (a DivergedError is the only other outcome, for
 * weights flipped to huge values); nothing else is thrown, nothing hangs, and no tensor is left behind.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Digits } from '../../src/data/idx.ts';
import { loadMnist } from '../../src/data/mnist-node.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { DivergedError } from '../../src/gan/diverged.ts';
import { CheckpointError, type MnistCheckpoint } from '../../src/gan/mnist/checkpoint.ts';
import { DEFAULT_MNIST_GAN, MnistGan } from '../../src/gan/mnist/gan.ts';
import { installWasmTrainingKernels } from '../../src/gan/wasm-kernels.ts';

let train: Digits;
let valid: MnistCheckpoint;
let leaves: (string | number)[][] = [];

/** Paths to every value in the checkpoint that is not inside a buffer. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return [at];
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (typeof v === 'object' && v !== null) return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}

beforeAll(async () => {
  await useBackend('wasm');
  installWasmTrainingKernels();
  train = loadMnist('train');
  const gan = new MnistGan({ ...DEFAULT_MNIST_GAN, batchSize: 16, seed: 11 }, train);
  gan.step();
  valid = await gan.checkpoint();
  gan.dispose();
  leaves = paths(valid).filter((p) => p.length > 0);
}, 60_000);

const BUFFERS = [['generator', 'weightData'], ['discriminator', 'weightData'], ['optimizerD', 'data'], ['optimizerG', 'data']] as const;

type Edit = (c: Record<string, any>) => void;
/** An edit that prints as what it does (fast-check shows counterexamples with toString). */
const named = (what: string, f: Edit): Edit => Object.assign(f, { toString: () => what });
const replacement = fc.oneof(
  fc.integer(), fc.double(), fc.constantFrom(NaN, Infinity, -1, 0, 1e300, 2 ** 53), fc.string({ maxLength: 8 }), fc.constant(null),
  fc.constant(undefined), fc.array(fc.integer({ min: -2, max: 2 ** 32 }), { maxLength: 6 }), fc.constant({}), fc.constant([]),
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), replacement).map(([i, value]): Edit => named(`${leaves[i % leaves.length]!.join('.')} = ${String(value)}`, (c) => {
    const path = leaves[i % leaves.length]!;
    let parent: any = c;
    for (const k of path.slice(0, -1)) parent = parent?.[k];
    // An earlier edit may have replaced a parent with something else: then this one has nothing to edit.
    if (typeof parent !== 'object' || parent === null) return;
    if (value === undefined) delete parent[path.at(-1)!];
    else parent[path.at(-1)!] = value;
  })),
  fc.tuple(fc.constantFrom(...BUFFERS), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([[a, b], i, byte]): Edit => named(`${a}.${b}[${i} mod length] = ${byte}`, (c) => {
    if (!(c[a]?.[b] instanceof ArrayBuffer) || c[a][b].byteLength === 0) return;
    const bytes = new Uint8Array(c[a][b] as ArrayBuffer);
    bytes[i % bytes.length] = byte;
  })),
  fc.tuple(fc.constantFrom(...BUFFERS), fc.integer({ min: -64, max: 64 })).map(([[a, b], n]): Edit => named(`${a}.${b} resized by ${n} bytes`, (c) => {
    if (!(c[a]?.[b] instanceof ArrayBuffer)) return;
    const buffer = c[a][b] as ArrayBuffer;
    const out = new Uint8Array(Math.max(0, buffer.byteLength + n));
    out.set(new Uint8Array(buffer).subarray(0, out.length));
    c[a][b] = out.buffer;
  })),
);

describe('MnistGan.resume under random mutations of a valid checkpoint', () => {
  it('refuses with a CheckpointError (corrupt) or resumes a GAN that trains, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    let refused = 0, resumed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        const c = structuredClone(valid) as unknown as Record<string, any>;
        for (const e of edits) e(c);
        let gan: MnistGan | undefined;
        try {
          gan = await MnistGan.resume(c, train);
        } catch (e) {
          expect(e).toBeInstanceOf(CheckpointError);
          expect((e as CheckpointError).corrupt).toBe(true);
          expect((e as Error).message.length).toBeLessThan(400);
          expect(tf.memory().numTensors).toBe(before);
          refused++;
          return;
        }
        resumed++;
        try {
          const r = gan.step();
          expect(Number.isFinite(r.lossD) && Number.isFinite(r.lossG)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(DivergedError);
        } finally {
          gan.dispose();
        }
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 300, seed: 13, interruptAfterTimeLimit: 60000 },
    );
    expect(refused).toBeGreaterThan(10);
    expect(resumed).toBeGreaterThan(0);
  }, 60_000);
});
