/**
 * The wasm training kernels against the `cpu` backend: every matrix-product transpose combination, batched and
 * broadcast shapes, and the convolution gradients (filter and input, also through a transposed convolution), for
 * strides 1 to 3 and both paddings.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it, vi } from 'vitest';
import { installWasmTrainingKernels } from '../../src/gan/wasm-kernels.ts';

const seq = (n: number, f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));

/** Runs `compute` on each backend and returns the arrays it produced. */
async function onBoth(compute: () => tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (backend: 'cpu' | 'wasm') => {
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') expect(installWasmTrainingKernels()).toBe(true);
    return tf.tidy(() => compute().map((t) => t.dataSync() as Float32Array).map((a) => Float32Array.from(a)));
  };
  return { cpu: await run('cpu'), wasm: await run('wasm') };
}

/** Largest |a − b| / (1 + |a|): float32 results of different summation orders agree to ~1e-5. */
function worst(a: Float32Array, b: Float32Array): number {
  expect(b.length).toBe(a.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(a[i]!)));
  return m;
}

describe('BatchMatMul on wasm with explicit transposes', () => {
  const shapes: [number[], number[]][] = [
    [[7, 5], [5, 3]],
    [[4, 7, 5], [4, 5, 3]],
    [[1, 7, 5], [4, 5, 3]],
    [[4, 7, 5], [1, 5, 3]],
  ];
  for (const [sa, sb] of shapes) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`matches cpu for ${sa.join('×')} · ${sb.join('×')} with transposeA=${ta}, transposeB=${tb}`, async () => {
          const a = ta ? [...sa.slice(0, -2), sa.at(-1)!, sa.at(-2)!] : sa;
          const b = tb ? [...sb.slice(0, -2), sb.at(-1)!, sb.at(-2)!] : sb;
          const { cpu, wasm } = await onBoth(() => [
            tf.matMul(tf.tensor(seq(a.reduce((x, y) => x * y), (i) => Math.sin(i)), a), tf.tensor(seq(b.reduce((x, y) => x * y), (i) => Math.cos(i)), b), ta, tb),
          ]);
          expect(worst(cpu[0]!, wasm[0]!)).toBeLessThan(1e-5);
        });
      }
    }
  }

  it('gives the same gradients as cpu through a dense layer', async () => {
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor2d(seq(32 * 20, (i) => Math.sin(i)), [32, 20]), w = tf.tensor2d(seq(20 * 8, (i) => Math.cos(i)), [20, 8]);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.matMul(a, b)))))([x, w]);
      return [dx!, dw!];
    });
    expect(worst(cpu[0]!, wasm[0]!)).toBeLessThan(1e-5);
    expect(worst(cpu[1]!, wasm[1]!)).toBeLessThan(1e-5);
  });
});

describe('convolution gradients on wasm', () => {
  const cases: [number, 'same' | 'valid', number, number][] = [
    [1, 'same', 14, 5],
    [2, 'same', 14, 5],
    [1, 'valid', 14, 5],
    [2, 'valid', 14, 5],
    [2, 'same', 7, 5],
    [2, 'same', 13, 3],
    [3, 'same', 10, 4],
    [2, 'valid', 11, 4],
  ];
  for (const [stride, pad, size, k] of cases) {
    it(`match cpu for stride ${stride}, ${pad} padding, ${size}×${size} input, ${k}×${k} filter (conv and transposed conv)`, async () => {
      const { cpu, wasm } = await onBoth(() => {
        const x = tf.tensor4d(seq(2 * size * size * 3, (i) => Math.sin(i)), [2, size, size, 3]);
        const f = tf.tensor4d(seq(k * k * 3 * 4, (i) => Math.cos(i)), [k, k, 3, 4]);
        const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad))))([x, f]);
        const ft = tf.tensor4d(seq(k * k * 2 * 3, (i) => Math.cos(0.7 * i)), [k, k, 2, 3]);
        const out: [number, number, number, number] = [2, size * stride, size * stride, 2];
        const y = tf.conv2dTranspose(x as tf.Tensor4D, ft as tf.Tensor4D, out, stride, 'same');
        const [dxt, dft] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, out, stride, 'same'))))([x, ft]);
        return [dx!, df!, y, dxt!, dft!];
      });
      for (let i = 0; i < cpu.length; i++) expect(worst(cpu[i]!, wasm[i]!), `output ${i}`).toBeLessThan(1e-4);
    });
  }

  // The filter gradient has two routes: an im2col product up to 4 input channels, one dilated convolution above.
  const filterCases: [number, number, 'same' | 'valid', number, number][] = [
    [1, 2, 'same', 28, 4],
    [1, 2, 'same', 28, 5],
    [4, 2, 'valid', 11, 4],
    [5, 2, 'same', 14, 4],
    [8, 2, 'same', 14, 5],
    [2, 3, 'same', 10, 3],
  ];
  for (const [ci, stride, pad, size, k] of filterCases) {
    it(`filter gradient matches cpu for ${ci} input channels, stride ${stride}, ${pad} padding, ${size}×${size} input, ${k}×${k} filter`, async () => {
      const { cpu, wasm } = await onBoth(() => {
        const x = tf.tensor4d(seq(3 * size * size * ci, (i) => Math.sin(0.3 * i)), [3, size, size, ci]);
        const f = tf.tensor4d(seq(k * k * ci * 6, (i) => Math.cos(1.1 * i)), [k, k, ci, 6]);
        const [df] = tf.grads((b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, b as tf.Tensor4D, stride, pad))))([f]);
        return [df!];
      });
      expect(worst(cpu[0]!, wasm[0]!)).toBeLessThan(1e-4);
    });
  }

  it('leaves no more tensors or buffers behind than the cpu backend does for the same work', async () => {
    // tf.grads itself keeps a couple of tensors per call on every backend; the kernels must add none of their own.
    const leftovers = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      await tf.ready();
      if (backend === 'wasm') installWasmTrainingKernels();
      const x = tf.randomNormal([2, 14, 14, 3]), f = tf.randomNormal([5, 5, 3, 4]);
      const before = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
      for (let i = 0; i < 3; i++) {
        tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, f]));
        tf.tidy(() => tf.grads((b: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([2, 28, 28, 1]) as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([tf.ones([4, 4, 1, 8])]));
        tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 28, 28, 4], 2, 'same')))([x, tf.randomNormal([5, 5, 4, 3])]));
      }
      const after = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
      tf.dispose([x, f]);
      return { tensors: after.numTensors - before.numTensors, bytes: after.numBytes - before.numBytes };
    };
    const cpu = await leftovers('cpu'), wasm = await leftovers('wasm');
    expect(wasm).toEqual(cpu);
  });
});

describe('Identity on wasm shares memory', () => {
  it('clones without copying, keeps a clone valid after its source is disposed, and frees memory with the last sharer', async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    installWasmTrainingKernels();
    const before = tf.memory().numBytes;
    const x = tf.tensor1d([1, 2, 3, 4]);
    const y = tf.clone(x);
    const backend = tf.backend() as unknown as { refCount(id: unknown): number };
    expect(backend.refCount(y.dataId)).toBe(2); // one buffer, two tensors: nothing was copied
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    expect(tf.memory().numBytes - before).toBe(16);
    y.dispose();
    expect(tf.memory().numBytes).toBe(before);
    // Through a gradient tape (which clones what the gradient needs) the results are unchanged.
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.sigmoid(a), a)))(tf.tensor1d([-1, 0, 2]));
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = [-1, 0, 2].map((v) => s(v) + v * s(v) * (1 - s(v)));
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    g.dispose();
  });
});

describe('Tile on wasm', () => {
  const cases: [number[], number[]][] = [
    [[1, 1, 1, 5], [3, 4, 2, 1]],
    [[2, 3], [2, 3]],
    [[4, 1], [1, 7]],
    [[3], [4]],
    [[2, 1, 3], [1, 5, 2]],
    [[2, 2], [0, 3]],
  ];
  for (const [shape, reps] of cases) {
    it(`matches cpu tiling ${shape.join('×')} by ${reps.join('×')}`, async () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const { cpu, wasm } = await onBoth(() => [tf.tile(tf.tensor(seq(n, (i) => i + 0.5), shape), reps), tf.tile(tf.tensor(Int32Array.from({ length: n }, (_, i) => i - 3), shape, 'int32'), reps).cast('float32')]);
      expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
      expect(Array.from(wasm[1]!)).toEqual(Array.from(cpu[1]!));
    });
  }
});

describe('Slice on wasm reads only its range', () => {
  const cases: { shape: number[]; begin: number[]; size: number[] }[] = [
    { shape: [10], begin: [3], size: [4] },
    { shape: [10], begin: [0], size: [-1] },
    { shape: [10], begin: [9], size: [1] },
    { shape: [10], begin: [4], size: [0] },
    { shape: [6, 5], begin: [2, 0], size: [3, 5] },
    { shape: [6, 5], begin: [1, 2], size: [4, 2] },
    { shape: [6, 5], begin: [0, 4], size: [-1, 1] },
    { shape: [4, 3, 5], begin: [1, 0, 0], size: [2, 3, 5] },
    { shape: [4, 3, 5], begin: [0, 1, 2], size: [4, 2, 3] },
    { shape: [4, 3, 5], begin: [3, 2, 4], size: [1, 1, 1] },
    { shape: [3, 4, 5, 2], begin: [1, 1, 0, 0], size: [2, 3, 5, 2] },
    { shape: [3, 4, 5, 2], begin: [0, 0, 1, 1], size: [3, 4, 3, 1] },
    { shape: [3, 4, 5, 2], begin: [2, 3, 4, 1], size: [-1, -1, -1, -1] },
  ];
  for (const { shape, begin, size } of cases) {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      it(`matches cpu slicing ${shape.join('×')} ${dtype} from [${begin}] by [${size}]`, async () => {
        const n = shape.reduce((a, b) => a * b, 1);
        const values = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? Number(i % 3 === 0) : dtype === 'int32' ? i * 7 - 40 : Math.sin(i) * 10));
        const { cpu, wasm } = await onBoth(() => [tf.slice(tf.tensor(values, shape, dtype), begin, size).cast('float32')]);
        expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
      });
    }
  }

  it('slices a 1,024-row tensor into 32-row batches in time linear in its rows (the whole input is not copied each time)', async () => {
    await tf.setBackend('wasm');
    installWasmTrainingKernels();
    const x = tf.randomNormal([1024, 784]);
    const spy = vi.spyOn(tf.engine().backend, 'readSync');
    const parts = tf.tidy(() => Array.from({ length: 32 }, (_, i) => tf.keep(tf.slice(x, [32 * i, 0], [32, 784]))));
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    const joined = tf.concat(parts);
    expect(Array.from(joined.dataSync().subarray(0, 10))).toEqual(Array.from(x.dataSync().subarray(0, 10)));
    tf.dispose([x, joined, ...parts]);
  });
});
