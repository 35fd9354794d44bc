/**
 * A trained 1 → … → 1 dense network read out of TensorFlow.js into Float64 arrays (src/maths/dense-network.ts
 * evaluates it with its derivative), and the reverse: a Sequential with the standardisation folded into its layers.
 */
import * as tf from '@tensorflow/tfjs';
import { denseMap, type Activation, type Affine, type DenseLayer, type NetworkMap } from '../maths/dense-network.ts';

export type { Affine, NetworkMap } from '../maths/dense-network.ts';

/** The layers of a 1 → … → 1 Sequential of dense layers, in Float64 (row-major [units][inputs]). */
export function readLayers(model: tf.LayersModel): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (const layer of model.layers) {
    const config = layer.getConfig() as { activation?: string; useBias?: boolean };
    const activation = (config.activation ?? 'linear') as Activation;
    if (activation !== 'tanh' && activation !== 'relu' && activation !== 'linear') {
      throw new RangeError(`layer ${layer.name}: activation '${activation}' is not supported (tanh, relu or linear)`);
    }
    const [kernel, bias] = layer.getWeights();
    if (!kernel || kernel.shape.length !== 2) throw new RangeError(`layer ${layer.name} is not a dense layer`);
    const [inputs, units] = kernel.shape as [number, number];
    const k = kernel.dataSync();
    const weights = new Float64Array(units * inputs);
    for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) weights[j * inputs + i] = k[i * units + j]!;
    layers.push({ inputs, units, weights, bias: bias ? Float64Array.from(bias.dataSync()) : new Float64Array(units), activation });
  }
  if (layers.length === 0 || layers[0]!.inputs !== 1 || layers[layers.length - 1]!.units !== 1) {
    throw new RangeError('the network must map one input to one output');
  }
  return layers;
}

/**
 * Reads a 1 → … → 1 Sequential of dense layers (tanh, relu or linear) into a {@link NetworkMap}.
 *
 * @example
 * const g = networkMap(gan.generator, { outputShift: gan.centre, outputScale: gan.scale });
 * g.value(0.3);       // G(0.3) in data units, as gan.generator.predict would give (to float32 rounding)
 * g.derivative(0.3);  // G′(0.3), exact for these weights
 */
export function networkMap(model: tf.LayersModel, affine: Affine = {}): NetworkMap {
  return denseMap(readLayers(model), affine);
}

/**
 * A copy of a 1 → … → 1 dense Sequential with the affine maps folded into its first and last layers, so that
 * it maps raw input to output in data units: W₁ ← W₁/inputScale, b₁ ← b₁ − W₁·inputShift/inputScale,
 * W_L ← outputScale·W_L, b_L ← outputScale·b_L + outputShift.
 */
export function foldedModel(model: tf.LayersModel, affine: Affine, name = 'generator'): tf.Sequential {
  const layers = readLayers(model);
  const inShift = affine.inputShift ?? 0, inScale = affine.inputScale ?? 1;
  const outShift = affine.outputShift ?? 0, outScale = affine.outputScale ?? 1;
  const out = tf.sequential({ name });
  layers.forEach((l, index) => {
    const w = Float64Array.from(l.weights), b = Float64Array.from(l.bias);
    if (index === 0) {
      for (let j = 0; j < l.units; j++) {
        w[j] = l.weights[j]! / inScale;
        b[j] = l.bias[j]! - (l.weights[j]! * inShift) / inScale;
      }
    }
    if (index === layers.length - 1) {
      for (let k = 0; k < w.length; k++) w[k]! *= outScale;
      b[0] = outScale * b[0]! + outShift;
    }
    // Back to TensorFlow.js's [inputs, units] kernel layout.
    const kernel = new Float32Array(l.inputs * l.units);
    for (let i = 0; i < l.inputs; i++) for (let j = 0; j < l.units; j++) kernel[i * l.units + j] = w[j * l.inputs + i]!;
    const dense = tf.layers.dense({ units: l.units, activation: l.activation, name: `${name}_${index + 1}`, ...(index === 0 ? { inputShape: [1] } : {}) });
    out.add(dense);
    const weights = [tf.tensor2d(kernel, [l.inputs, l.units]), tf.tensor1d(Float32Array.from(b))];
    dense.setWeights(weights);
    weights.forEach((t) => t.dispose());
  });
  return out;
}
