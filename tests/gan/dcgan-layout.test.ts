/**
 * The DCGAN's layouts (src/gan/mnist/models.ts): the plain convolution layer computes what tf.layers' conv2d does,
 * values and gradients; with it the tape skips the gradients a step does not need; a checkpoint of the earlier
 * kernel-5 layout (its config names no kernel) still resumes in that layout; and D's loss with one-sided label
 * smoothing is the formula.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Digits } from '../../src/data/idx.ts';
import { loadMnist } from '../../src/data/mnist-node.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { dcganKernelOf, validateCheckpoint, validateModelArtifacts } from '../../src/gan/mnist/checkpoint.ts';
import { checkConfig } from '../../src/gan/mnist/config.ts';
import { DEFAULT_MNIST_GAN, discriminatorLoss, discriminatorLossWeights, MnistGan } from '../../src/gan/mnist/gan.ts';
import { buildDiscriminator, buildGenerator, PlainConv2D } from '../../src/gan/mnist/models.ts';
import { installWasmTrainingKernels } from '../../src/gan/wasm-kernels.ts';

let train: Digits;
beforeAll(async () => {
  await useBackend('wasm');
  installWasmTrainingKernels();
  train = loadMnist('train');
}, 60_000);

const seq = (n: number, f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

describe('PlainConv2D', () => {
  for (const [k, size, channels] of [[4, 28, 1], [4, 14, 3], [5, 7, 2], [3, 9, 4]] as const) {
    it(`gives tf.layers.conv2d's outputs and gradients (kernel ${k}, stride 2, ${size}×${size}×${channels})`, () => {
      const plain = new PlainConv2D({ filters: 5, kernelSize: k, strides: 2, name: 'p' });
      const layer = tf.layers.conv2d({ filters: 5, kernelSize: k, strides: 2, padding: 'same', name: 'l' });
      const x = tf.tensor4d(seq(2 * size * size * channels, (i) => Math.sin(0.37 * i)), [2, size, size, channels]);
      plain.apply(x);
      layer.apply(x);
      const weights = [tf.tensor4d(seq(k * k * channels * 5, (i) => Math.cos(0.9 * i)), [k, k, channels, 5]), tf.tensor1d(seq(5, (i) => 0.1 * i - 0.2))];
      plain.setWeights(weights);
      layer.setWeights(weights);
      expect(plain.computeOutputShape(x.shape)).toEqual((layer.apply(x) as tf.Tensor).shape);
      const run = (l: tf.layers.Layer) => {
        const f = (input: tf.Tensor) => tf.sum(tf.square(l.apply(input) as tf.Tensor)) as tf.Scalar;
        const { value, grads } = tf.variableGrads(() => f(x), l.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
        const dx = tf.grad(f)(x);
        return [value, dx, ...Object.values(grads)].map((t) => Array.from(t.dataSync()));
      };
      const a = run(plain), b = run(layer);
      expect(a.length).toBe(4);
      for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i]!.length; j++) expect(Math.abs(a[i]![j]! - b[i]![j]!) / (1 + Math.abs(b[i]![j]!)), `output ${i}`).toBeLessThan(1e-4);
      tf.dispose([x, ...weights]);
      plain.dispose();
      layer.dispose();
    });
  }

  it('survives a save and load as part of D, with the same weights and the same outputs', async () => {
    const d = buildDiscriminator('dcgan', 3);
    let saved: tf.io.ModelArtifacts | undefined;
    await d.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.layers.map((l) => l.getClassName())).toContain('GanTheoryConv2D');
    const x = tf.tensor2d(seq(4 * 784, (i) => Math.sin(i)), [4, 784]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((d.predict(x) as tf.Tensor).dataSync()));
    tf.dispose(x);
    d.dispose();
    loaded.dispose();
  });
});

describe("the DCGAN's training step on wasm", () => {
  it("computes no gradient for the images in D's step and none for D's filters in G's step", async () => {
    const n = 8;
    const kernelsOf = async (kernel: 4 | 5) => {
      const gan = new MnistGan({ ...DEFAULT_MNIST_GAN, model: 'dcgan', batchSize: n, kernel }, train);
      gan.step();
      const profile = await tf.profile(() => void gan.step());
      gan.dispose();
      return profile.kernels.map((k) => ({ name: k.name, out: JSON.stringify(k.outputShapes[0]) }));
    };
    const plain = await kernelsOf(4), fused = await kernelsOf(5);
    // The image gradient: a Conv2DBackpropInput whose output is a batch of 28×28×1 images. In G's step D's input
    // gradient is needed (it flows into G), in D's step (2n rows, real and generated) it is not: the fused layout
    // computes it there too. G's last transposed convolution, run forward in both steps, has n such outputs too.
    const imageGradients = (ks: { name: string; out: string }[], rows: number) => ks.filter((k) => k.name === 'Conv2DBackpropInput' && k.out === JSON.stringify([rows, 28, 28, 1])).length;
    expect(imageGradients(fused, 2 * n)).toBe(1);
    expect(imageGradients(plain, 2 * n)).toBe(0);
    expect(imageGradients(plain, n)).toBe(2 + 1);
    expect(imageGradients(fused, n)).toBe(2 + 1);
    // Filter gradients: D's two convolutions in D's step only (plain), in both steps (fused); G's two transposed
    // convolutions' filter gradients are Conv2DBackpropFilter too (G's step).
    const filterGradients = (ks: { name: string }[]) => ks.filter((k) => k.name === 'Conv2DBackpropFilter').length;
    expect(filterGradients(plain)).toBe(4);
    expect(filterGradients(fused)).toBe(6);
  }, 120_000);
});

describe('the earlier kernel-5 DCGAN', () => {
  it('is told apart from the kernel-4 one by its topology, and each validates only as itself', async () => {
    const artifacts = async (m: tf.LayersModel) => {
      let saved: tf.io.ModelArtifacts | undefined;
      await m.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
      m.dispose();
      return saved!;
    };
    const g4 = await artifacts(buildGenerator('dcgan', 1, 4)), g5 = await artifacts(buildGenerator('dcgan', 1, 5));
    const d5 = await artifacts(buildDiscriminator('dcgan', 2, 5));
    expect([dcganKernelOf(g4), dcganKernelOf(g5), dcganKernelOf(d5), dcganKernelOf({})]).toEqual([4, 5, 5, undefined]);
    expect(() => validateModelArtifacts(g4, 'generator', 'dcgan')).not.toThrow();
    expect(() => validateModelArtifacts(g5, 'generator', 'dcgan', 'g', 5)).not.toThrow();
    expect(() => validateModelArtifacts(g5, 'generator', 'dcgan')).toThrow(/not the dcgan generator \(kernel 4\)/);
    expect(() => validateModelArtifacts(d5, 'discriminator', 'dcgan')).toThrow(/not the dcgan discriminator \(kernel 4\)/);
  });

  it('resumes from a checkpoint whose config names no kernel (written before the layout had a name), exactly', async () => {
    const gan = new MnistGan({ ...DEFAULT_MNIST_GAN, model: 'dcgan', batchSize: 8, seed: 6, kernel: 5 }, train);
    gan.step();
    const old = structuredClone(await gan.checkpoint()) as unknown as { config: Record<string, unknown> };
    delete old.config.kernel;
    expect(validateCheckpoint(old).config.kernel).toBe(5);
    const resumed = await MnistGan.resume(old, train);
    expect(resumed.config.kernel).toBe(5);
    expect(resumed.generator.getLayer('g_up1').getConfig().kernelSize).toEqual([5, 5]);
    const a = resumed.step(), b = gan.step();
    for (const key of ['lossD', 'lossG', 'dReal', 'dFake'] as const) expect(Math.abs(a[key] - b[key]), key).toBeLessThan(1e-5);
    // Its kernel written into the config, the next checkpoint says it outright.
    expect((await resumed.checkpoint()).config.kernel).toBe(5);
    gan.dispose();
    resumed.dispose();
  }, 60_000);

  it('refuses a kernel the config names against networks of the other layout', async () => {
    const gan = new MnistGan({ ...DEFAULT_MNIST_GAN, model: 'dcgan', batchSize: 8, kernel: 5 }, train);
    const c = structuredClone(await gan.checkpoint()) as unknown as { config: Record<string, unknown> };
    gan.dispose();
    c.config.kernel = 4;
    expect(() => validateCheckpoint(c)).toThrow(/not the dcgan generator \(kernel 4\)/);
    c.config.kernel = 3;
    expect(() => validateCheckpoint(c)).toThrow(/invalid kernel/);
  });
});

describe('one-sided label smoothing', () => {
  it("D's loss is Σ over real rows of (1 − s)·(−log D) + s·(−log(1 − D)), plus −log(1 − D) over generated ones, all / n", () => {
    const n = 5, logits = seq(2 * n, (i) => 3 * Math.sin(1.3 * i + 0.2));
    for (const s of [0, 0.1, 0.3]) {
      const expected = logits.reduce((sum, l, i) => sum + (i < n ? (1 - s) * softplus(-l) + s * softplus(l) : softplus(l)), 0) / n;
      const w = discriminatorLossWeights(n, s);
      const got = tf.tidy(() => discriminatorLoss(tf.tensor2d(logits, [2 * n, 1]), n, w).dataSync()[0]!);
      tf.dispose(Object.values(w));
      expect(Math.abs(got - expected), `s = ${s}`).toBeLessThan(1e-5);
    }
  });

  it('is refused outside [0, 0.5], and with s = 0 trains exactly as with no setting', () => {
    for (const s of [-0.1, 0.6, Number.NaN]) expect(() => checkConfig({ ...DEFAULT_MNIST_GAN, labelSmoothing: s })).toThrow(/label smoothing/);
    const a = new MnistGan({ ...DEFAULT_MNIST_GAN, batchSize: 16, seed: 9 }, train), b = new MnistGan({ ...DEFAULT_MNIST_GAN, batchSize: 16, seed: 9, labelSmoothing: 0 }, train);
    const c = new MnistGan({ ...DEFAULT_MNIST_GAN, batchSize: 16, seed: 9, labelSmoothing: 0.2 }, train);
    for (let i = 0; i < 3; i++) {
      const [ra, rb, rc] = [a.step(), b.step(), c.step()];
      expect(rb).toEqual(ra);
      if (i === 0) expect(rc.lossD).not.toBe(ra.lossD);
    }
    for (const g of [a, b, c]) g.dispose();
  });
});
