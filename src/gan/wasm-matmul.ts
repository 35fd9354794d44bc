/**
 * A faster matrix product for training on TensorFlow.js's WebAssembly backend.
 *
 * The wasm backend runs BatchMatMul through XNNPACK only when neither operand is transposed; with transposeA or
 * transposeB set it falls back to a scalar loop about ten times slower (../shared/BENCH.md measured ≈ 2.7 against
 * ≈ 30 GFLOP/s). Backpropagation through a dense layer asks for exactly those transposed products (dL/dW = xᵀ·dy,
 * dL/dx = dy·Wᵀ), so two thirds of a training step took the slow path. This replaces the wasm BatchMatMul kernel
 * with one that transposes the operand explicitly (the backend's own Transpose kernel) and then multiplies on the
 * fast path. The results are the same products; the tests compare them with the `cpu` backend for every
 * combination of flags and for batched and broadcast shapes.
 */
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Info = tf.TensorInfo;

let installed = false;

/** Installs the kernel (once; call after the wasm backend is ready). Returns false where wasm is not registered. */
export function useFastTransposedMatMul(): boolean {
  if (installed) return true;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return false;
  const swapLastTwo = (t: Info) => {
    const rank = t.shape.length;
    const perm = Array.from({ length: rank }, (_, i) => i);
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
    return perm;
  };
  const kernelFunc = (args: KernelArgs): Info | Info[] => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const a = inputs.a as Info, b = inputs.b as Info;
    const a2 = transposeA ? (transpose.kernelFunc({ inputs: { x: a }, backend, attrs: { perm: swapLastTwo(a) } }) as Info) : a;
    const b2 = transposeB ? (transpose.kernelFunc({ inputs: { x: b }, backend, attrs: { perm: swapLastTwo(b) } }) as Info) : b;
    try {
      return original.kernelFunc({ inputs: { a: a2, b: b2 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      const dispose = (backend as unknown as { disposeData(id: unknown): void }).disposeData.bind(backend);
      if (a2 !== a) dispose(a2.dataId);
      if (b2 !== b) dispose(b2.dataId);
    }
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ kernelName: 'BatchMatMul', backendName: 'wasm', setupFunc: original.setupFunc, disposeFunc: original.disposeFunc, kernelFunc: kernelFunc as tf.KernelFunc });
  installed = true;
  return true;
}
