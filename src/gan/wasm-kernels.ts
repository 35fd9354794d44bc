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
 *    fast path: with the batch moved into the channels, dW is x convolved with dy dilated by the stride. With few
 *    input channels (a first layer on grey images) that convolution has a handful of output pixels and a huge
 *    dilated kernel, which XNNPACK runs at ≈ 1 GFLOP/s (39 ms for D's first layer at batch 256); there the
 *    gradient is one matrix product instead, of x's patches (im2col, kh·kw·ci rows) by dy (about 3 ms).
 *
 * 3. A faster input gradient of a 2-D convolution (Conv2DBackpropInput, also the forward pass of a transposed
 *    convolution). The backend's own runs a scalar loop (≈ 300 ms for one 7×7×64 → 14×14×32 layer at batch 128).
 *    This one splits the output into its stride² phases, each a stride-1 convolution of dy with a sub-filter, and
 *    runs them all as one convolution on the fast XNNPACK path.
 *
 * 4. An Identity that shares its input's memory, as the backend's own Reshape does and as the cpu and WebGL
 *    backends' Identity do, instead of copying it. While a gradient tape records, tfjs clones (Identity) every
 *    tensor a gradient will need; on wasm each clone was a copy, about 70 of them per step of the classic GAN.
 *    Tensors are immutable, so sharing is safe; the backend frees the memory when the last sharer is disposed.
 *
 * 5. Tile by block copies (batch normalisation's gradient tiles its per-channel values over whole batches).
 *
 * 6. A Slice that reads only the range it returns. The backend's own copies its whole input out of the heap first
 *    (`readSync`), so `predict` on N rows, which slices them into batches, cost O(N²) copying: in chromium about a
 *    second per MNIST snapshot (../shared/STACK.md).
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

/** The parts of the wasm backend's memory management these kernels use. */
interface WasmMemory {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(t: Info): Float32Array | Int32Array;
  incRef(dataId: unknown): void;
  disposeData(dataId: unknown): void;
}

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
  // Before the convolution gradient, which looks up Slice when it is installed.
  installRangeSlice();
  installConv2DBackpropFilter();
  installFastConv2DBackpropInput();
  installSharedIdentity();
  installFastTile();
  installed = true;
  return true;
}

/**
 * Replaces the wasm backend's kernel `name` with one built from the original (which the new one may call for the
 * cases it leaves alone). Returns false where the backend has no such kernel.
 */
function replaceWasmKernel(name: string, make: (original: tf.KernelFunc) => tf.KernelFunc): boolean {
  const original = tf.getKernel(name, 'wasm');
  if (!original) return false;
  const kernelFunc = make(original.kernelFunc);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: name, backendName: 'wasm', setupFunc: original.setupFunc, disposeFunc: original.disposeFunc, kernelFunc });
  return true;
}

/** Runs `body`, freeing every intermediate result it passes to `keep` when it returns or throws. */
function withTemporaries<T>(backend: unknown, body: (keep: (t: Info) => Info) => T): T {
  const temporaries: Info[] = [];
  try {
    return body((t) => (temporaries.push(t), t));
  } finally {
    for (const t of temporaries) (backend as WasmMemory).disposeData(t.dataId);
  }
}

function installFastMatMul(): boolean {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) return false;
  const swapLastTwo = (t: Info) => {
    const rank = t.shape.length;
    const perm = Array.from({ length: rank }, (_, i) => i);
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
    return perm;
  };
  return replaceWasmKernel('BatchMatMul', (original) => (args: KernelArgs) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original(args);
    const a = inputs.a as Info, b = inputs.b as Info;
    return withTemporaries(backend, (keep) => {
      const a2 = transposeA ? keep(transpose.kernelFunc({ inputs: { x: a }, backend, attrs: { perm: swapLastTwo(a) } }) as Info) : a;
      const b2 = transposeB ? keep(transpose.kernelFunc({ inputs: { x: b }, backend, attrs: { perm: swapLastTwo(b) } }) as Info) : b;
      return original({ inputs: { a: a2, b: b2 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    });
  });
}

function installConv2DBackpropFilter(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const pad = wasmKernel('PadV2'), slice = wasmKernel('Slice'), transpose = wasmKernel('Transpose'), conv2d = wasmKernel('Conv2D');
  const matMul = wasmKernel('BatchMatMul'), reshape = wasmKernel('Reshape');
  const kernelFunc = (args: KernelArgs): Info => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as Info, dy = inputs.dy as Info;
    const { strides, pad: padding, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as ConvGradientAttrs;
    if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${dataFormat}`);
    const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, 1, padding, dimRoundingMode);
    const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co, batchSize: b } = info;
    const { top, left } = info.padInfo;
    if (ci <= IM2COL_MAX_CHANNELS && x.dtype === 'float32' && dy.dtype === 'float32') {
      return withTemporaries(backend, (keep) => {
        // patches[(fy·kw + fx)·ci + c, (n·oh + y)·ow + z] = x[n, s·y + fy − top, s·z + fx − left, c] (0 outside x),
        // so dW[fy, fx, c, o] = Σ_m patches[·, m] · dy[m, o]: one product on the fast path.
        const rows = kh * kw * ci, m = b * oh * ow, h = x.shape[1]!, w = x.shape[2]!;
        const memory = backend as unknown as WasmMemory;
        const patches = keep(memory.makeOutput([1, rows, m], 'float32'));
        const out = memory.typedArrayFromHeap(patches), from = memory.typedArrayFromHeap(x);
        for (let fy = 0; fy < kh; fy++) for (let fx = 0; fx < kw; fx++) for (let c = 0; c < ci; c++) {
          const row = ((fy * kw + fx) * ci + c) * m;
          for (let n = 0; n < b; n++) for (let y = 0; y < oh; y++) {
            const iy = sh * y + fy - top, at = row + (n * oh + y) * ow;
            if (iy < 0 || iy >= h) {
              out.fill(0, at, at + ow);
              continue;
            }
            const base = (n * h + iy) * w;
            for (let z = 0; z < ow; z++) {
              const ix = sw * z + fx - left;
              out[at + z] = ix >= 0 && ix < w ? from[(base + ix) * ci + c]! : 0;
            }
          }
        }
        const dy3 = keep(reshape({ inputs: { x: dy }, backend, attrs: { shape: [1, m, co] } }) as Info);
        const product = keep(matMul({ inputs: { a: patches, b: dy3 }, backend, attrs: { transposeA: false, transposeB: false } }) as Info);
        return reshape({ inputs: { x: product }, backend, attrs: { shape: [kh, kw, ci, co] } }) as Info;
      });
    }
    return withTemporaries(backend, (keep) => {
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
    });
  };
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
}

/** Up to this many input channels the filter gradient is an im2col product (see the module's comment, 2). */
const IM2COL_MAX_CHANNELS = 4;

function installFastConv2DBackpropInput(): void {
  const conv2d = wasmKernel('Conv2D'), pad = wasmKernel('PadV2'), slice = wasmKernel('Slice');
  replaceWasmKernel('Conv2DBackpropInput', (original) => (args: KernelArgs): Info => {
    const { inputs, attrs } = args;
    const backend = args.backend as unknown as WasmMemory;
    const dy = inputs.dy as Info, filter = inputs.filter as Info;
    const { strides, pad: padding, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvGradientAttrs;
    if (dataFormat !== 'NHWC' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return original(args) as Info;
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, 1, padding, dimRoundingMode);
    const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw, inHeight: h, inWidth: w, inChannels: ci, outChannels: co, batchSize: b } = info;
    const { top, left } = info.padInfo;
    // Polyphase form. Input row i = s·q + r − top takes dy[q − t]·W[r + s·t] for t = 0 … T − 1 (T = ⌈k/s⌉), so all
    // s² phases (r, r') are one stride-1 convolution of dy, padded by T − 1 in front, with a filter of T × T taps
    // and s²·ci output channels (the phases side by side), followed by interleaving the phases back into rows and
    // columns. That does the work of the transposed convolution once, where convolving zero-dilated dy did s² times
    // as many multiplications, most of them by zero.
    const th = Math.ceil(kh / sh), tw = Math.ceil(kw / sw);
    const qh = Math.floor((h - 1 + top) / sh) + 1, qw = Math.floor((w - 1 + left) / sw) + 1;
    const phases = sh * sw * ci;
    return withTemporaries(args.backend, (keep) => {
      const combined = keep(backend.makeOutput([th, tw, co, phases], 'float32'));
      {
        const out = backend.typedArrayFromHeap(combined), wf = backend.typedArrayFromHeap(filter);
        out.fill(0);
        for (let u = 0; u < th; u++) for (let ry = 0; ry < sh; ry++) {
          const fy = ry + sh * (th - 1 - u);
          if (fy >= kh) continue;
          for (let v = 0; v < tw; v++) for (let rx = 0; rx < sw; rx++) {
            const fx = rx + sw * (tw - 1 - v);
            if (fx >= kw) continue;
            for (let c = 0; c < ci; c++) {
              const from = ((fy * kw + fx) * ci + c) * co, channel = (ry * sw + rx) * ci + c;
              for (let o = 0; o < co; o++) out[((u * tw + v) * co + o) * phases + channel] = wf[from + o]!;
            }
          }
        }
      }
      // Rows and columns past dy's end that the valid convolution needs (negative: dy has more than it needs).
      const padBottom = qh - oh, padRight = qw - ow;
      let framed = keep(pad({ inputs: { x: dy }, backend: args.backend, attrs: { paddings: [[0, 0], [th - 1, Math.max(0, padBottom)], [tw - 1, Math.max(0, padRight)], [0, 0]], constantValue: 0 } }) as Info);
      if (padBottom < 0 || padRight < 0) {
        framed = keep(slice({ inputs: { x: framed }, backend: args.backend, attrs: { begin: [0, 0, 0, 0], size: [b, qh + th - 1, qw + tw - 1, co] } }) as Info);
      }
      const product = keep(conv2d({ inputs: { x: framed, filter: combined }, backend: args.backend, attrs: { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 } }) as Info);
      // Interleave the phases: dx[n, i, j, :] = product[n, q, p, (r·sw + r')·ci …] with i + top = s·q + r, j + left = s·p + r'.
      const dx = backend.makeOutput([b, h, w, ci], 'float32');
      const out = backend.typedArrayFromHeap(dx), from = backend.typedArrayFromHeap(product);
      for (let n = 0; n < b; n++) for (let i = 0; i < h; i++) {
        const q = Math.floor((i + top) / sh), ry = i + top - sh * q;
        for (let j = 0; j < w; j++) {
          const p = Math.floor((j + left) / sw), rx = j + left - sw * p;
          const src = ((n * qh + q) * qw + p) * phases + (ry * sw + rx) * ci, dst = ((n * h + i) * w + j) * ci;
          if (ci === 1) out[dst] = from[src]!;
          else out.set(from.subarray(src, src + ci), dst);
        }
      }
      return dx;
    });
  });
}

/**
 * Tile by block copies: the backend's own computes an index per element (≈ 50 ms to spread a batch
 * normalisation's 32 channel values over a 128×14×14×32 gradient); this copies each innermost row once and then
 * doubles whole blocks, outermost axis last.
 */
function installFastTile(): void {
  replaceWasmKernel('Tile', (original) => (args: KernelArgs): Info => {
    const x = args.inputs.x as Info;
    const { reps } = args.attrs as unknown as { reps: number[] };
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || reps.length !== x.shape.length || x.shape.length === 0) return original(args) as Info;
    const backend = args.backend as unknown as WasmMemory;
    const shape = x.shape.map((d, i) => d * reps[i]!);
    const result = backend.makeOutput(shape, x.dtype);
    const out = backend.typedArrayFromHeap(result), input = backend.typedArrayFromHeap(x);
    if (out.length === 0) return result;
    const rank = shape.length;
    const blockIn: number[] = new Array(rank), blockOut: number[] = new Array(rank);
    blockIn[rank - 1] = 1;
    blockOut[rank - 1] = 1;
    for (let a = rank - 2; a >= 0; a--) {
      blockIn[a] = blockIn[a + 1]! * x.shape[a + 1]!;
      blockOut[a] = blockOut[a + 1]! * shape[a + 1]!;
    }
    const fill = (outAt: number, inAt: number, axis: number): void => {
      const d = x.shape[axis]!;
      if (axis === rank - 1) {
        if (d === 1) out.fill(input[inAt]!, outAt, outAt + reps[axis]!);
        else for (let r = 0; r < reps[axis]!; r++) out.set(input.subarray(inAt, inAt + d), outAt + r * d);
        return;
      }
      for (let i = 0; i < d; i++) fill(outAt + i * blockOut[axis]!, inAt + i * blockIn[axis]!, axis + 1);
      const span = d * blockOut[axis]!;
      for (let r = 1; r < reps[axis]!; r++) out.copyWithin(outAt + r * span, outAt, outAt + span);
    };
    fill(0, 0, 0);
    return result;
  });
}

function installRangeSlice(): void {
  replaceWasmKernel('Slice', (original) => (args: KernelArgs): Info => {
    const x = args.inputs.x as Info;
    if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') return original(args) as Info;
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
    const [from, extent] = tf.slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
    const backend = args.backend as unknown as WasmMemory;
    // The output first: making it may grow the heap, which would detach a view taken earlier.
    const result = backend.makeOutput(extent, x.dtype);
    const out = backend.typedArrayFromHeap(result);
    if (out.length === 0) return result;
    const input = backend.typedArrayFromHeap(x);
    const rank = x.shape.length;
    if (rank === 0) {
      out[0] = input[0]!;
      return result;
    }
    const strideIn: number[] = new Array(rank), strideOut: number[] = new Array(rank);
    strideIn[rank - 1] = strideOut[rank - 1] = 1;
    for (let a = rank - 2; a >= 0; a--) {
      strideIn[a] = strideIn[a + 1]! * x.shape[a + 1]!;
      strideOut[a] = strideOut[a + 1]! * extent[a + 1]!;
    }
    // From the first axis after which every axis is taken whole, each run of the output is one contiguous block.
    let block = rank - 1;
    while (block > 0 && from[block] === 0 && extent[block] === x.shape[block]) block--;
    const copy = (outAt: number, inAt: number, axis: number): void => {
      if (axis === block) {
        const start = inAt + from[axis]! * strideIn[axis]!;
        out.set(input.subarray(start, start + extent[axis]! * strideIn[axis]!), outAt);
        return;
      }
      for (let i = 0; i < extent[axis]!; i++) copy(outAt + i * strideOut[axis]!, inAt + (from[axis]! + i) * strideIn[axis]!, axis + 1);
    };
    copy(0, 0, 0);
    return result;
  });
}

function installSharedIdentity(): void {
  replaceWasmKernel('Identity', (original) => (args: KernelArgs): Info => {
    const x = args.inputs.x as Info;
    if (x.dtype === 'string') return original(args) as Info;
    (args.backend as unknown as WasmMemory).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
