/**
 * The overlap pattern behind checkerboard artefacts (Odena, Dumoulin & Olah 2016, "Deconvolution and checkerboard
 * artifacts"): in a transposed convolution with stride s and kernel k, output pixel o receives input i through tap t
 * whenever o = i·s + t − padBefore, so the number of taps reaching o depends on o mod s unless s divides k.
 * Counted exactly here, without TensorFlow.js: with every weight and every input equal to 1 the layer's output *is*
 * this count, and a 2-D square kernel's count is the product of two 1-D counts (the kernel is separable).
 *
 * Padding follows TensorFlow's `padding: 'same'` for a transposed convolution with output length in·s: it is the
 * transpose of a 'same' convolution, which pads max(k − s, 0) in all, floor of half of it before.
 */
import { DEFAULT_DCGAN_KERNEL } from './mnist/config.ts';

/** Taps of a 1-D transposed convolution reaching each of the in·s outputs, for inputs weighted by `input`. */
export function transposedOverlap1d(input: ArrayLike<number>, kernel: number, stride: number): Float64Array {
  if (!Number.isInteger(kernel) || kernel < 1) throw new RangeError(`kernel size must be a positive integer, got ${kernel}`);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`stride must be a positive integer, got ${stride}`);
  const n = input.length, out = new Float64Array(n * stride);
  const padBefore = Math.floor(Math.max(kernel - stride, 0) / 2);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < kernel; t++) {
      const o = i * stride + t - padBefore;
      if (o >= 0 && o < out.length) out[o] = out[o]! + input[i]!;
    }
  }
  return out;
}

/**
 * The count image of a stack of stride-s transposed convolutions with constant weights, starting from a size×size
 * input of ones: entry [r][c] (row-major) is how many kernel paths reach output pixel (r, c). Separable, so it is
 * the outer product of the 1-D counts.
 */
export function transposedOverlap2d(size: number, layers: readonly { readonly kernel: number; readonly stride: number }[]): { readonly side: number; readonly counts: Float64Array } {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`input size must be a positive integer, got ${size}`);
  let line: Float64Array = new Float64Array(size).fill(1);
  for (const { kernel, stride } of layers) line = transposedOverlap1d(line, kernel, stride);
  const side = line.length, counts = new Float64Array(side * side);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) counts[r * side + c] = line[r]! * line[c]!;
  return { side, counts };
}

/**
 * How uneven the interior of a count image is: the ratio of its largest to its smallest count, away from a border
 * of `margin` pixels (the edges see fewer taps for every kernel). 1 means no checkerboard.
 */
export function overlapUnevenness(image: { readonly side: number; readonly counts: Float64Array }, margin: number): number {
  let lo = Infinity, hi = -Infinity;
  for (let r = margin; r < image.side - margin; r++) {
    for (let c = margin; c < image.side - margin; c++) {
      const v = image.counts[r * image.side + c]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return hi / lo;
}

/**
 * The DCGAN generator's upsampling (src/gan/mnist/models.ts): 7×7 → 14×14 → 28×28, stride 2, 'same', with its
 * default kernel, 4, which the stride divides (a flat interior), and with kernel 5, its earlier layout's.
 */
export const DCGAN_UPSAMPLING: readonly { readonly kernel: number; readonly stride: number }[] = [
  { kernel: DEFAULT_DCGAN_KERNEL, stride: 2 },
  { kernel: DEFAULT_DCGAN_KERNEL, stride: 2 },
];
export const EARLIER_DCGAN_UPSAMPLING: readonly { readonly kernel: number; readonly stride: number }[] = [
  { kernel: 5, stride: 2 },
  { kernel: 5, stride: 2 },
];

/**
 * The same count as {@link transposedOverlap2d} for one layer, summed directly over every input pixel and every
 * kernel tap in two dimensions (no separability used): an independent route for checking the other.
 */
export function transposedOverlap2dDirect(size: number, kernel: number, stride: number): { readonly side: number; readonly counts: Float64Array } {
  const side = size * stride, counts = new Float64Array(side * side);
  const padBefore = Math.floor(Math.max(kernel - stride, 0) / 2);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      for (let s = 0; s < kernel; s++) {
        for (let t = 0; t < kernel; t++) {
          const r = i * stride + s - padBefore, c = j * stride + t - padBefore;
          if (r >= 0 && r < side && c >= 0 && c < side) counts[r * side + c] = counts[r * side + c]! + 1;
        }
      }
    }
  }
  return { side, counts };
}
