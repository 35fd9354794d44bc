/**
 * The MNIST GANs' networks, built with tf.layers and seeded initialisers.
 *
 * - `mlp`: the textbook fully connected GAN — G: 100 → 128 ReLU → 784 sigmoid (pixels in [0, 1]); D: 784 → 128
 *   ReLU → 1 logit.
 * - `dcgan`: a small convolutional GAN following Radford et al. (2016): normal latent, G: dense → 7×7×64 →
 *   transposed convolutions with stride 2 (no pooling or upsampling layers), batch normalisation and ReLU,
 *   tanh output (pixels in [−1, 1]); D: strided 5×5 convolutions with LeakyReLU(0.2) and dropout 0.3.
 */
import * as tf from '@tensorflow/tfjs';
import type { MnistModelKind } from './config.ts';
export type { MnistModelKind } from './config.ts';

/**
 * Dropout whose masks come from a seed the trainer sets before each training pass. tf.layers.dropout with a fixed
 * seed draws the same mask on every call, so D would always drop the same units, and with real and generated
 * images in one batch it could tell them apart by their masks alone. Drawing the seed from the GAN's own random
 * stream keeps runs replayable and resumable exactly.
 */
export class SeededDropout extends tf.layers.Layer {
  static get className(): string {
    return 'GanTheorySeededDropout';
  }
  readonly rate: number;
  /** The seed of the next training pass's masks; consumed by it. */
  seed: number | undefined;

  constructor(config: { rate: number; name?: string }) {
    super({ name: config.name });
    if (!(config.rate >= 0 && config.rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${config.rate}`);
    this.rate = config.rate;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate === 0) return x;
    if (this.seed === undefined) throw new Error(`${this.name}: set a seed before each training pass`);
    const seed = this.seed;
    this.seed = undefined;
    return tf.dropout(x, this.rate, undefined, seed);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}
tf.serialization.registerClass(SeededDropout);

/** Gives every SeededDropout layer of a model a fresh seed for its next training pass. */
export function reseedDropout(model: tf.LayersModel, nextSeed: () => number): void {
  for (const layer of model.layers) if (layer instanceof SeededDropout) layer.seed = nextSeed();
}

export const LATENT_SIZE = 100;

const init = (seed: number, k: number) => tf.initializers.glorotUniform({ seed: seed * 7919 + k });

export function buildGenerator(kind: MnistModelKind, seed: number): tf.Sequential {
  if (kind === 'mlp') {
    return tf.sequential({
      name: 'generator',
      layers: [
        tf.layers.dense({ inputShape: [LATENT_SIZE], units: 128, activation: 'relu', kernelInitializer: init(seed, 1), name: 'g_hidden' }),
        tf.layers.dense({ units: 784, activation: 'sigmoid', kernelInitializer: init(seed, 2), name: 'g_out' }),
      ],
    });
  }
  return tf.sequential({
    name: 'generator',
    layers: [
      tf.layers.dense({ inputShape: [LATENT_SIZE], units: 7 * 7 * 64, useBias: false, kernelInitializer: init(seed, 1), name: 'g_project' }),
      tf.layers.batchNormalization({ name: 'g_bn1' }),
      tf.layers.reLU({ name: 'g_relu1' }),
      tf.layers.reshape({ targetShape: [7, 7, 64], name: 'g_reshape' }),
      tf.layers.conv2dTranspose({ filters: 32, kernelSize: 5, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(seed, 2), name: 'g_up1' }),
      tf.layers.batchNormalization({ name: 'g_bn2' }),
      tf.layers.reLU({ name: 'g_relu2' }),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: init(seed, 3), name: 'g_up2' }),
      tf.layers.reshape({ targetShape: [784], name: 'g_flat' }),
    ],
  });
}

export function buildDiscriminator(kind: MnistModelKind, seed: number): tf.Sequential {
  if (kind === 'mlp') {
    return tf.sequential({
      name: 'discriminator',
      layers: [
        tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', kernelInitializer: init(seed, 11), name: 'd_hidden' }),
        tf.layers.dense({ units: 1, kernelInitializer: init(seed, 12), name: 'd_logit' }),
      ],
    });
  }
  return tf.sequential({
    name: 'discriminator',
    layers: [
      tf.layers.reshape({ inputShape: [784], targetShape: [28, 28, 1], name: 'd_image' }),
      tf.layers.conv2d({ filters: 32, kernelSize: 5, strides: 2, padding: 'same', kernelInitializer: init(seed, 11), name: 'd_conv1' }),
      tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu1' }),
      new SeededDropout({ rate: 0.3, name: 'd_drop1' }),
      tf.layers.conv2d({ filters: 64, kernelSize: 5, strides: 2, padding: 'same', kernelInitializer: init(seed, 12), name: 'd_conv2' }),
      tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu2' }),
      new SeededDropout({ rate: 0.3, name: 'd_drop2' }),
      tf.layers.flatten({ name: 'd_flat' }),
      tf.layers.dense({ units: 1, kernelInitializer: init(seed, 13), name: 'd_logit' }),
    ],
  });
}

/** Pixel range of a model's images: [0, 1] for the sigmoid MLP, [−1, 1] for the tanh DCGAN. */
export function pixelRange(kind: MnistModelKind): readonly [number, number] {
  return kind === 'mlp' ? [0, 1] : [-1, 1];
}
