/** A dense 1 → … → 1 network read into Float64: its values match TensorFlow.js, its derivative is exact, and the folded copy maps z straight to data units. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/gan/backend.ts';
import { foldedModel, networkMap } from '../../src/gan/generator-map.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

function net(seed: number): tf.Sequential {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed * 31 + k });
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [1], units: 16, activation: 'tanh', kernelInitializer: init(1), biasInitializer: tf.initializers.randomNormal({ seed: seed + 5 }) }),
      tf.layers.dense({ units: 16, activation: 'tanh', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 1, kernelInitializer: init(3) }),
    ],
  });
}

const zs = Array.from({ length: 41 }, (_, i) => -4 + i * 0.2);

describe('networkMap', () => {
  it('gives what the network predicts (to float32 rounding), with the standardisation folded in', () => {
    const model = net(1);
    const map = networkMap(model, { outputShift: 2, outputScale: 3 });
    const predicted = tf.tidy(() => (model.predict(tf.tensor2d(zs, [zs.length, 1])) as tf.Tensor).dataSync());
    zs.forEach((z, i) => expect(Math.abs(map.value(z) - (2 + 3 * predicted[i]!))).toBeLessThan(1e-5));
    model.dispose();
  });

  it('its derivative agrees with a central difference of its own values to the difference’s truncation error', () => {
    const map = networkMap(net(2), { inputShift: 0.5, inputScale: 2 });
    const h = 1e-5;
    for (const z of zs) expect(Math.abs(map.derivative(z) - (map.value(z + h) - map.value(z - h)) / (2 * h))).toBeLessThan(1e-8);
  });

  it('refuses a network that does not map one number to one number', () => {
    const wide = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    expect(() => networkMap(wide)).toThrow(/one input to one output/);
    wide.dispose();
  });
});

describe('foldedModel', () => {
  it('maps z to outputShift + outputScale·net(z) with no standardisation left outside it', () => {
    const model = net(3);
    const folded = foldedModel(model, { outputShift: -1, outputScale: 0.5 });
    const map = networkMap(model, { outputShift: -1, outputScale: 0.5 });
    const out = tf.tidy(() => (folded.predict(tf.tensor2d(zs, [zs.length, 1])) as tf.Tensor).dataSync());
    zs.forEach((z, i) => expect(Math.abs(out[i]! - map.value(z))).toBeLessThan(1e-5));
    model.dispose();
    folded.dispose();
  });
});
