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

  it('its difference G(z + u) − G(z) agrees with the subtraction where that is accurate, and with ∫G′ where it is not', () => {
    const map = networkMap(net(4), { outputShift: 1.5, outputScale: 2 });
    for (const z of [-2, -0.3, 0.7, 3]) {
      for (const u of [0.5, -0.1, 1e-3]) {
        const [rise, slope] = map.difference(z, u);
        expect(Math.abs(rise - (map.value(z + u) - map.value(z)))).toBeLessThan(1e-14 * (1 + Math.abs(map.value(z))));
        expect(Math.abs(slope - map.derivative(z + u))).toBeLessThan(1e-14 * (1 + Math.abs(slope)));
      }
      // At u = 1e-9 the subtraction keeps only ~7 digits; 10-point Gauss–Legendre ∫₀ᵘ G′ is exact to rounding.
      const u = 1e-9, c = u / 2;
      const nodes = [0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717];
      const weights = [0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881];
      let integral = 0;
      nodes.forEach((t, k) => (integral += weights[k]! * (map.derivative(z + c - c * t) + map.derivative(z + c + c * t))));
      integral *= c;
      expect(Math.abs(map.difference(z, u)[0] - integral)).toBeLessThan(1e-12 * Math.abs(integral));
    }
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
