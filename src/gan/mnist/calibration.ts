/**
 * The optimum made visible on MNIST. A discriminator is trained against a "generator" whose output is a real
 * training digit with probability α and a noise image otherwise, so p_g = α·p_data + (1 − α)·p_noise exactly, and
 *
 *   D*(x) = p_data / (p_data + p_g) = 1/(1 + α) on digits (where p_noise ≈ 0),   0 on noise (where p_data ≈ 0).
 *
 * The real and the "generated" digits come from the same pool, so D cannot tell them apart and must settle at the
 * ratio the theory predicts. Noise images have independent uniform pixels.
 */
import * as tf from '@tensorflow/tfjs';
import { trainableVariables } from '../variables.ts';
import type { Digits } from '../../data/idx.ts';
import { createRandom, type Random } from '../../maths/random.ts';
import { DivergedError } from '../diverged.ts';
import type { CalibrationConfig } from './config.ts';
import { buildDiscriminator } from './models.ts';

export { DEFAULT_CALIBRATION, type CalibrationConfig } from './config.ts';

export interface CalibrationStep {
  readonly step: number;
  readonly loss: number;
}

export interface CalibrationSnapshot {
  readonly step: number;
  readonly alpha: number;
  /** Mean D over 512 held-back digits and over 512 noise images. */
  readonly dOnDigits: number;
  readonly dOnNoise: number;
  /** What the theory says they converge to (on noise: NaN when α = 1, where no noise is ever generated). */
  readonly targetDigits: number;
  readonly targetNoise: number;
}

export class CalibrationExperiment {
  config: CalibrationConfig;
  readonly discriminator: tf.LayersModel;
  readonly #data: Digits;
  readonly #random: Random;
  readonly #optimizer: tf.Optimizer;
  readonly #evalDigits: tf.Tensor2D;
  readonly #evalNoise: tf.Tensor2D;
  #steps = 0;

  constructor(config: CalibrationConfig, data: Digits) {
    if (!(config.alpha >= 0 && config.alpha <= 1)) throw new RangeError(`α must lie in [0, 1], got ${config.alpha}`);
    this.config = config;
    this.#data = data;
    this.#random = createRandom(config.seed);
    this.discriminator = buildDiscriminator('mlp', config.seed + 7);
    this.#optimizer = tf.train.adam(config.learningRate, 0.5);
    const fixed = createRandom(config.seed + 99);
    this.#evalDigits = this.#batch(Int32Array.from({ length: 512 }, () => fixed.integer(data.count)));
    this.#evalNoise = tf.tensor2d(Float32Array.from({ length: 512 * 784 }, () => fixed.uniform()), [512, 784]);
  }

  get steps(): number {
    return this.#steps;
  }

  setAlpha(alpha: number): void {
    if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`α must lie in [0, 1], got ${alpha}`);
    this.config = { ...this.config, alpha };
  }

  #batch(indices: Int32Array): tf.Tensor2D {
    const out = new Float32Array(indices.length * 784), images = this.#data.images;
    for (let r = 0; r < indices.length; r++) for (let p = 0; p < 784; p++) out[r * 784 + p] = images[indices[r]! * 784 + p]! / 255;
    return tf.tensor2d(out, [indices.length, 784]);
  }

  #digits(n: number): tf.Tensor2D {
    return this.#batch(Int32Array.from({ length: n }, () => this.#random.integer(this.#data.count)));
  }

  step(): CalibrationStep {
    const n = this.config.batchSize, alpha = this.config.alpha;
    const vars = trainableVariables(this.discriminator);
    const cost = tf.tidy(() => {
      const real = this.#digits(n);
      // The mixture "generator": each output is a training digit with probability α, else uniform noise.
      const fromData = Float32Array.from({ length: n }, () => (this.#random.uniform() < alpha ? 1 : 0));
      const noise = tf.tensor2d(Float32Array.from({ length: n * 784 }, () => this.#random.uniform()), [n, 784]);
      const pick = tf.tensor2d(fromData, [n, 1]);
      const fake = this.#digits(n).mul(pick).add(noise.mul(tf.sub(1, pick)));
      return this.#optimizer.minimize(() => {
        const lr = this.discriminator.apply(real) as tf.Tensor, lf = this.discriminator.apply(fake) as tf.Tensor;
        return tf.add(tf.mean(tf.softplus(tf.neg(lr))), tf.mean(tf.softplus(lf))) as tf.Scalar;
      }, true, vars)!;
    });
    const loss = cost.dataSync()[0]!;
    cost.dispose();
    this.#steps++;
    if (!Number.isFinite(loss)) throw new DivergedError(`the calibration discriminator diverged at step ${this.#steps}`);
    return { step: this.#steps, loss };
  }

  snapshot(): CalibrationSnapshot {
    const [dOnDigits, dOnNoise] = tf.tidy(() =>
      tf.stack([tf.mean(tf.sigmoid(this.discriminator.predict(this.#evalDigits, { batchSize: 512 }) as tf.Tensor)), tf.mean(tf.sigmoid(this.discriminator.predict(this.#evalNoise, { batchSize: 512 }) as tf.Tensor))]).dataSync(),
    ) as unknown as [number, number];
    return { step: this.#steps, alpha: this.config.alpha, dOnDigits, dOnNoise, targetDigits: 1 / (1 + this.config.alpha), targetNoise: this.config.alpha < 1 ? 0 : NaN };
  }

  dispose(): void {
    this.discriminator.dispose();
    this.#optimizer.dispose();
    tf.dispose([this.#evalDigits, this.#evalNoise]);
  }
}
