/**
 * The transposed convolution's overlap counts, exact and without TensorFlow.js, against TensorFlow.js's own
 * conv2dTranspose with every weight and input equal to 1 (kernels 3, 4, 5, stride 2, 'same'), and the DCGAN's two
 * layers against its real generator layers given constant weights.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DCGAN_UPSAMPLING, EARLIER_DCGAN_UPSAMPLING, overlapUnevenness, transposedOverlap1d, transposedOverlap2d } from '../../src/gan/checkerboard.ts';
import { buildGenerator } from '../../src/gan/mnist/models.ts';

/** TensorFlow.js's conv2dTranspose of a size×size input of ones through constant kernels, one layer after another. */
function tfCounts(size: number, layers: readonly { kernel: number; stride: number }[]): Float32Array {
  return tf.tidy(() => {
    let x = tf.ones([1, size, size, 1]) as tf.Tensor4D;
    for (const { kernel, stride } of layers) {
      const side = x.shape[1]!;
      x = tf.conv2dTranspose(x, tf.ones([kernel, kernel, 1, 1]) as tf.Tensor4D, [1, side * stride, side * stride, 1], stride, 'same');
    }
    return x.dataSync() as Float32Array;
  });
}

describe('transposed-convolution overlap', () => {
  it('counts alternate 2,1 for kernel 3, stay 2 for kernel 4 and alternate 2,3 for kernel 5 in the interior (stride 2)', () => {
    const ones = new Float64Array(8).fill(1);
    expect([...transposedOverlap1d(ones, 3, 2).slice(4, 8)]).toEqual([2, 1, 2, 1]);
    expect([...transposedOverlap1d(ones, 4, 2).slice(4, 8)]).toEqual([2, 2, 2, 2]);
    expect([...transposedOverlap1d(ones, 5, 2).slice(4, 8)]).toEqual([2, 3, 2, 3]);
    // Every tap lands somewhere or falls off an edge: the counts sum to at most n·k.
    expect(transposedOverlap1d(ones, 5, 2).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(8 * 5);
  });

  it('matches TensorFlow.js conv2dTranspose with constant weights, pixel for pixel, for kernels 3, 4 and 5', () => {
    for (const kernel of [3, 4, 5]) {
      const ours = transposedOverlap2d(8, [{ kernel, stride: 2 }]);
      expect([...tfCounts(8, [{ kernel, stride: 2 }])]).toEqual([...ours.counts]);
    }
  });

  it('the DCGAN’s two layers (kernel 4) give the same image as TensorFlow.js, flat inside; the earlier kernel 5’s is a checkerboard', () => {
    for (const layers of [DCGAN_UPSAMPLING, EARLIER_DCGAN_UPSAMPLING]) {
      const ours = transposedOverlap2d(7, layers);
      expect(ours.side).toBe(28);
      expect([...tfCounts(7, layers)]).toEqual([...ours.counts]);
    }
    // A kernel divisible by the stride leaves the interior flat.
    expect(overlapUnevenness(transposedOverlap2d(7, DCGAN_UPSAMPLING), 4)).toBe(1);
    expect(overlapUnevenness(transposedOverlap2d(7, EARLIER_DCGAN_UPSAMPLING), 4)).toBeGreaterThan(1.5);
  });

  it('describes the generator the project builds: its transposed convolutions’ kernels and strides, layer by layer', () => {
    for (const [kernel, layers] of [[undefined, DCGAN_UPSAMPLING], [5, EARLIER_DCGAN_UPSAMPLING]] as const) {
      const g = buildGenerator('dcgan', 1, kernel);
      const built = g.layers.filter((l) => l.getClassName() === 'Conv2DTranspose').map((l) => {
        const c = l.getConfig() as { kernelSize: number[]; strides: number[] };
        return { kernel: c.kernelSize[0], stride: c.strides[0] };
      });
      g.dispose();
      expect(built).toEqual(layers.map((l) => ({ ...l })));
    }
  });

  it('refuses kernel sizes and strides that are not positive integers', () => {
    expect(() => transposedOverlap1d([1], 0, 2)).toThrow(/kernel size/);
    expect(() => transposedOverlap1d([1], 3, 1.5)).toThrow(/stride/);
  });
});
