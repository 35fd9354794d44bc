/**
 * Two kernels that training on TensorFlow.js's WebAssembly backend needs, installed in one place and tested
 * against the `cpu` backend.
 *
 * 1. A faster matrix product.
 * The wasm backend runs BatchMatMul through XNNPACK only when neither operand is transposed; with transposeA or
 * transposeB set it falls back to a scalar loop about ten times slower (../shared/BENCH.md measured ≈ 2.7 against
 * ≈ 30 GFLOP/s). Backpropagation through a dense layer asks for exactly those transposed products (dL/dW = xᵀ·dy,
 * dL/dx = dy·Wᵀ), so two thirds of a training step took the slow path. This replaces the wasm BatchMatMul kernel
 * with one that transposes the operand explicitly (the backend's own Transpose kernel) and then multiplies on the
 * fast path. The results are the same products; the tests compare them with the `cpu` backend for every
 * combination of flags and for batched and broadcast shapes.
 *
 * 2. The filter gradient of a 2-D convolution (Conv2DBackpropFilter), which the wasm backend (4.22) lacks, so a
 *    convolutional GAN could not train on it at all. (Its Conv3DBackpropFilterV2, which could stand in at depth 1,
 *    gives wrong results for strides above 1.) The kernel here writes the gradient as a single convolution on the
 *    fast path: with the batch moved into the channels, dW is x convolved with dy dilated by the stride.
 *
 * 3. A faster input gradient of a 2-D convolution (Conv2DBackpropInput, also the forward pass of a transposed
 *    convolution). The backend's own runs a scalar loop (≈ 300 ms for one 7×7×64 → 14×14×32 layer at batch 128);
 *    this one uses the identity dx = (zero-dilated dy, padded) ⋆ (spatially flipped filter with its channels
 *    swapped), a stride-1 convolution that runs on the fast XNNPACK path.
 *
 * 4. An Identity that shares its input's memory, as the backend's own Reshape does and as the cpu and WebGL
 *    backends' Identity do, instead of copying it. While a gradient tape records, tfjs clones (Identity) every
 *    tensor a gradient will need; on wasm each clone was a copy, about 70 of them per step of the classic GAN.
 *    Tensors are immutable, so sharing is safe; the backend frees the memory when the last sharer is disposed.
 */
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Shape4 = [number, number, number, number];

/** The attributes both convolution-gradient kernels receive (with filterShape or inputShape besides). */
interface ConvGradientAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
  dataFormat: string;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: Shape4;
  inputShape: Shape4;
}
type Info = tf.TensorInfo;

let installed = false;

/** A wasm kernel's function, or a clear error where the backend lacks it. */
function wasmKernel(name: string): tf.KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`the wasm backend has no ${name} kernel`);
  return k.kernelFunc;
}

/** Installs the kernels (once; call after the wasm backend is ready). Returns false where wasm is not registered. */
export function installWasmTrainingKernels(): boolean {
  if (installed) return true;
  if (!installFastMatMul()) return false;
  installConv2DBackpropFilter();
  installFastConv2DBackpropInput();
  installSharedIdentity();
  installed = true;
  return true;
}

function disposer(backend: unknown): (t: Info) => void {
  const b = backend as { disposeData(id: unknown): void };
  return (t) => b.disposeData(t.dataId);
}

function installFastMatMul(): boolean {
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
      const dispose = disposer(backend);
      if (a2 !== a) dispose(a2);
      if (b2 !== b) dispose(b2);
    }
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ kernelName: 'BatchMatMul', backendName: 'wasm', setupFunc: original.setupFunc, disposeFunc: original.disposeFunc, kernelFunc: kernelFunc as tf.KernelFunc });
  return true;
}

function installConv2DBackpropFilter(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const pad = wasmKernel('PadV2'), slice = wasmKernel('Slice'), transpose = wasmKernel('Transpose'), conv2d = wasmKernel('Conv2D');
  const kernelFunc = (args: KernelArgs): Info => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as Info, dy = inputs.dy as Info;
    const { strides, pad: padding, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as ConvGradientAttrs;
    if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${dataFormat}`);
    const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, 1, padding, dimRoundingMode);
    const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw, inChannels: ci, batchSize: b } = info;
    const { top, left } = info.padInfo;
    const dispose = disposer(backend);
    const temporaries: Info[] = [];
    const keep = (t: Info) => (temporaries.push(t), t);
    try {
      // The input exactly as the convolution's windows covered it: (oh − 1)·s + k rows and columns.
      const needH = (oh - 1) * sh + kh, needW = (ow - 1) * sw + kw;
      const padded = keep(pad({ inputs: { x }, backend, attrs: { paddings: [[0, 0], [top, Math.max(0, needH - top - x.shape[1]!)], [left, Math.max(0, needW - left - x.shape[2]!)], [0, 0]], constantValue: 0 } }) as Info);
      const framed = padded.shape[1] === needH && padded.shape[2] === needW ? padded : keep(slice({ inputs: { x: padded }, backend, attrs: { begin: [0, 0, 0, 0], size: [b, needH, needW, ci] } }) as Info);
      // With the batch as channels, dW is one convolution of x by dy dilated by the stride:
      // dW[i, j, c, o] = Σ_{n, y, z} x[n, i + s·y, j + s·z, c] · dy[n, y, z, o].
      const xT = keep(transpose({ inputs: { x: framed }, backend, attrs: { perm: [3, 1, 2, 0] } }) as Info); // [ci, H, W, b]
      const dyT = keep(transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }) as Info); // [oh, ow, b, co]
      const product = keep(conv2d({ inputs: { x: xT, filter: dyT }, backend, attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw] } }) as Info); // [ci, kh, kw, co]
      return transpose({ inputs: { x: product }, backend, attrs: { perm: [1, 2, 0, 3] } }) as Info;
    } finally {
      for (const t of temporaries) dispose(t);
    }
  };
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
}

function installFastConv2DBackpropInput(): void {
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!original) return;
  const conv2d = wasmKernel('Conv2D'), pad = wasmKernel('PadV2'), slice = wasmKernel('Slice'), reshape = wasmKernel('Reshape');
  const reverse = wasmKernel('Reverse'), transpose = wasmKernel('Transpose');
  const kernelFunc = (args: KernelArgs): Info => {
    const { inputs, backend, attrs } = args;
    const dy = inputs.dy as Info, filter = inputs.filter as Info;
    const { strides, pad: padding, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvGradientAttrs;
    const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
    if (dataFormat !== 'NHWC' || sh !== sw) return original.kernelFunc(args) as Info;
    const s = sh;
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, 1, padding, dimRoundingMode);
    const { outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw, inHeight: h, inWidth: w, outChannels: co, batchSize: b } = info;
    const { top, left } = info.padInfo;
    const dispose = disposer(backend);
    const temporaries: Info[] = [];
    const keep = (t: Info) => (temporaries.push(t), t);
    try {
      // dy with s − 1 zeros after each element along both image axes: length oh·s and ow·s. (Padding a rank-6 view
      // [b, oh, 1, ow, 1, co] to [b, oh, s, ow, s, co] does it in one pass; the backend's DepthToSpace, the
      // obvious tool, is ten times slower.)
      let dilated = dy;
      if (s > 1) {
        const view = keep(reshape({ inputs: { x: dy }, backend, attrs: { shape: [b, oh, 1, ow, 1, co] } }) as Info);
        const spread = keep(pad({ inputs: { x: view }, backend, attrs: { paddings: [[0, 0], [0, 0], [0, s - 1], [0, 0], [0, s - 1], [0, 0]], constantValue: 0 } }) as Info);
        dilated = keep(reshape({ inputs: { x: spread }, backend, attrs: { shape: [b, oh * s, ow * s, co] } }) as Info);
      }
      // Pad (or crop) so that a stride-1 'valid' convolution gives back h × w.
      const lengthH = oh * s, lengthW = ow * s;
      const padTop = kh - 1 - top, padLeft = kw - 1 - left;
      const padBottom = h + kh - 1 - padTop - lengthH, padRight = w + kw - 1 - padLeft - lengthW;
      let framed = keep(pad({ inputs: { x: dilated }, backend, attrs: { paddings: [[0, 0], [Math.max(0, padTop), Math.max(0, padBottom)], [Math.max(0, padLeft), Math.max(0, padRight)], [0, 0]], constantValue: 0 } }) as Info);
      if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
        framed = keep(slice({
          inputs: { x: framed },
          backend,
          attrs: { begin: [0, Math.max(0, -padTop), Math.max(0, -padLeft), 0], size: [b, h + kh - 1, w + kw - 1, co] },
        }) as Info);
      }
      // The filter turned around in space, with its in and out channels swapped.
      const flipped = keep(reverse({ inputs: { x: filter }, backend, attrs: { dims: [0, 1] } }) as Info);
      const swapped = keep(transpose({ inputs: { x: flipped }, backend, attrs: { perm: [0, 1, 3, 2] } }) as Info);
      return conv2d({ inputs: { x: framed, filter: swapped }, backend, attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 } }) as Info;
    } finally {
      for (const t of temporaries) dispose(t);
    }
  };
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', setupFunc: original.setupFunc, disposeFunc: original.disposeFunc, kernelFunc: kernelFunc as tf.KernelFunc });
}

function installSharedIdentity(): void {
  const original = tf.getKernel('Identity', 'wasm');
  if (!original) return;
  const kernelFunc = (args: KernelArgs): Info => {
    const x = args.inputs.x as Info;
    if (x.dtype === 'string') return original.kernelFunc(args) as Info;
    (args.backend as unknown as { incRef(id: unknown): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', setupFunc: original.setupFunc, disposeFunc: original.disposeFunc, kernelFunc: kernelFunc as tf.KernelFunc });
}
