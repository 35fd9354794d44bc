/**
 * The MNIST GANs' networks, built with tf.layers and seeded initialisers.
 *
 * - `mlp`: the textbook fully connected GAN — G: 100 → 128 ReLU → 784 sigmoid (pixels in [0, 1]); D: 784 → 128
 *   ReLU → 1 logit.
 * - `dcgan`: a small convolutional GAN following Radford et al. (2016): normal latent, G: dense → 7×7×64 →
 *   transposed convolutions with stride 2 (no pooling or upsampling layers), batch normalisation and ReLU,
 *   tanh output (pixels in [−1, 1]); D: strided convolutions with LeakyReLU(0.2) and dropout 0.3.
 *
 * The DCGAN has two layouts ({@link DcganKernel}): kernel 4, the default, whose size the stride divides (every
 * output pixel of a transposed convolution receives the same number of taps: no checkerboard from the overlap, see
 * ../checkerboard.ts) and whose D convolutions are {@link PlainConv2D}; and kernel 5, the first layout, with
 * tf.layers' own (fused) convolutions in D, kept so that its checkpoints still resume and its generators still
 * score. In Node on wasm, kernel 4 with plain convolutions took a step in 530 ms against 800 ms (batch 128).
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_DCGAN_KERNEL, type DcganKernel, type MnistModelKind } from './config.ts';
export { DEFAULT_DCGAN_KERNEL, type DcganKernel, type MnistModelKind } from './config.ts';

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

/**
 * A 2-D convolution with bias, 'same' padding and square kernel and strides, computed as tf.conv2d plus a bias
 * add instead of tf.layers' conv2d, which calls tf.fused.conv2d. The fused op's gradient is one custom gradient
 * that computes the input's and the filter's gradients together even when one is not needed; separate ops let the
 * tape skip what it does not need: the image's gradient in D's step (the images are no variables), and D's filter
 * gradients in G's step (only G's variables are updated). Weights and their names are those of tf.layers' conv2d.
 */
export class PlainConv2D extends tf.layers.Layer {
  static get className(): string {
    return 'GanTheoryConv2D';
  }
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly #initializer: ReturnType<typeof tf.initializers.glorotUniform> | undefined;
  #kernel: tf.LayerVariable | undefined;
  #bias: tf.LayerVariable | undefined;

  constructor(config: { filters: number; kernelSize: number; strides: number; kernelInitializer?: ReturnType<typeof tf.initializers.glorotUniform>; name?: string; inputShape?: number[] }) {
    super({ name: config.name, inputShape: config.inputShape });
    for (const [key, v] of [['filters', config.filters], ['kernelSize', config.kernelSize], ['strides', config.strides]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${key} must be a positive integer, got ${v}`);
    }
    this.filters = config.filters;
    this.kernelSize = config.kernelSize;
    this.strides = config.strides;
    this.#initializer = config.kernelInitializer;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 4 || typeof shape[3] !== 'number') throw new Error(`${this.name} needs NHWC inputs with known channels, got [${shape.join(', ')}]`);
    this.#kernel = this.addWeight('kernel', [this.kernelSize, this.kernelSize, shape[3], this.filters], 'float32', this.#initializer ?? tf.initializers.glorotUniform({}));
    this.#bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.tidy(() => tf.add(tf.conv2d(x, this.#kernel!.read() as tf.Tensor4D, this.strides, 'same'), this.#bias!.read()));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const out = (d: number | null) => (d === null ? null : Math.ceil(d / this.strides));
    return [shape[0] ?? null, out(shape[1] ?? null), out(shape[2] ?? null), this.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, strides: this.strides };
  }
}
tf.serialization.registerClass(PlainConv2D);

export const LATENT_SIZE = 100;


const init = (seed: number, k: number) => tf.initializers.glorotUniform({ seed: seed * 7919 + k });

export function buildGenerator(kind: MnistModelKind, seed: number, kernel: DcganKernel = DEFAULT_DCGAN_KERNEL): tf.Sequential {
  if (kind === 'mlp') {
    return tf.sequential({
      name: 'generator',
      layers: [
        tf.layers.dense({ inputShape: [LATENT_SIZE], units: 128, activation: 'relu', kernelInitializer: init(seed, 1), name: 'g_hidden' }),
        tf.layers.dense({ units: 784, activation: 'sigmoid', kernelInitializer: init(seed, 2), name: 'g_out' }),
      ],
    });
  }
  checkKernel(kernel);
  return tf.sequential({
    name: 'generator',
    layers: [
      tf.layers.dense({ inputShape: [LATENT_SIZE], units: 7 * 7 * 64, useBias: false, kernelInitializer: init(seed, 1), name: 'g_project' }),
      tf.layers.batchNormalization({ name: 'g_bn1' }),
      tf.layers.reLU({ name: 'g_relu1' }),
      tf.layers.reshape({ targetShape: [7, 7, 64], name: 'g_reshape' }),
      tf.layers.conv2dTranspose({ filters: 32, kernelSize: kernel, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(seed, 2), name: 'g_up1' }),
      tf.layers.batchNormalization({ name: 'g_bn2' }),
      tf.layers.reLU({ name: 'g_relu2' }),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: kernel, strides: 2, padding: 'same', activation: 'tanh', kernelInitializer: init(seed, 3), name: 'g_up2' }),
      tf.layers.reshape({ targetShape: [784], name: 'g_flat' }),
    ],
  });
}

export function buildDiscriminator(kind: MnistModelKind, seed: number, kernel: DcganKernel = DEFAULT_DCGAN_KERNEL): tf.Sequential {
  if (kind === 'mlp') {
    return tf.sequential({
      name: 'discriminator',
      layers: [
        tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', kernelInitializer: init(seed, 11), name: 'd_hidden' }),
        tf.layers.dense({ units: 1, kernelInitializer: init(seed, 12), name: 'd_logit' }),
      ],
    });
  }
  checkKernel(kernel);
  const conv = (filters: number, key: number, name: string): tf.layers.Layer =>
    kernel === 5
      ? tf.layers.conv2d({ filters, kernelSize: 5, strides: 2, padding: 'same', kernelInitializer: init(seed, key), name })
      : new PlainConv2D({ filters, kernelSize: kernel, strides: 2, kernelInitializer: init(seed, key), name });
  return tf.sequential({
    name: 'discriminator',
    layers: [
      tf.layers.reshape({ inputShape: [784], targetShape: [28, 28, 1], name: 'd_image' }),
      conv(32, 11, 'd_conv1'),
      tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu1' }),
      new SeededDropout({ rate: 0.3, name: 'd_drop1' }),
      conv(64, 12, 'd_conv2'),
      tf.layers.leakyReLU({ alpha: 0.2, name: 'd_lrelu2' }),
      new SeededDropout({ rate: 0.3, name: 'd_drop2' }),
      tf.layers.flatten({ name: 'd_flat' }),
      tf.layers.dense({ units: 1, kernelInitializer: init(seed, 13), name: 'd_logit' }),
    ],
  });
}

function checkKernel(kernel: number): void {
  if (kernel !== 4 && kernel !== 5) throw new RangeError(`the DCGAN's kernel size must be 4 or 5, got ${kernel}`);
}

/** Pixel range of a model's images: [0, 1] for the sigmoid MLP, [−1, 1] for the tanh DCGAN. */
export function pixelRange(kind: MnistModelKind): readonly [number, number] {
  return kind === 'mlp' ? [0, 1] : [-1, 1];
}
