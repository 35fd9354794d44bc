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

export type MnistModelKind = 'mlp' | 'dcgan';
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
      tf.layers.dropout({ rate: 0.3, seed: seed * 31 + 1, name: 'd_drop1' }),
      tf.layers.conv2d({ filters: 64, kernelSize: 5, strides: 2, padding: 'same', kernelInitializer: init(seed, 12), name: 'd_conv2' }),
      tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu2' }),
      tf.layers.dropout({ rate: 0.3, seed: seed * 31 + 2, name: 'd_drop2' }),
      tf.layers.flatten({ name: 'd_flat' }),
      tf.layers.dense({ units: 1, kernelInitializer: init(seed, 13), name: 'd_logit' }),
    ],
  });
}

/** Pixel range of a model's images: [0, 1] for the sigmoid MLP, [−1, 1] for the tanh DCGAN. */
export function pixelRange(kind: MnistModelKind): readonly [number, number] {
  return kind === 'mlp' ? [0, 1] : [-1, 1];
}
