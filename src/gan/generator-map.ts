/**
 * A trained 1 → … → 1 dense network read out of TensorFlow.js into Float64 arrays, and evaluated with its
 * derivative in plain JavaScript (forward-mode differentiation through the layers: for h = a(Wu + b),
 * h′ = a′(Wu + b) ⊙ W u′). The push-forward density needs G and G′ at thousands of single points, where a tensor
 * call per point would cost far more than the arithmetic; and quadrature over x needs D(x) the same way.
 *
 * Any standardisation is folded in: the map is x ↦ outputShift + outputScale · net((x − inputShift)/inputScale),
 * so a generator trained on standardised data maps z straight to data units.
 */
import * as tf from '@tensorflow/tfjs';

type Activation = 'tanh' | 'relu' | 'linear';

interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  /** Row-major [units][inputs] (the transpose of TensorFlow.js's [inputs, units] kernel). */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly activation: Activation;
}

export interface Affine {
  readonly inputShift?: number;
  readonly inputScale?: number;
  readonly outputShift?: number;
  readonly outputScale?: number;
}

/** A scalar map of the line with its exact derivative, evaluated in Float64 from a network's weights. */
export interface NetworkMap {
  value(z: number): number;
  derivative(z: number): number;
  /** Both at once (one pass through the layers). */
  valueAndDerivative(z: number): [number, number];
  /**
   * [G(z + u) − G(z), G′(z + u)] in one pass, the difference computed without subtracting two nearly equal values:
   * the change is carried through the layers (a dense layer moves its pre-activation by W·Δh exactly, and
   * tanh a − tanh b = (1 − tanh a·tanh b)·tanh(a − b)), so next to a fold, where G(z + u) − G(z) ≈ G″u²/2 is far
   * below G's rounding, it keeps full relative precision.
   */
  difference(z: number, u: number): [number, number];
}

function readLayers(model: tf.LayersModel): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (const layer of model.layers) {
    const config = layer.getConfig() as { activation?: string; useBias?: boolean };
    const activation = (config.activation ?? 'linear') as string;
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
  const layers = readLayers(model);
  const inShift = affine.inputShift ?? 0, inScale = affine.inputScale ?? 1;
  const outShift = affine.outputShift ?? 0, outScale = affine.outputScale ?? 1;
  const width = Math.max(...layers.map((l) => l.units));
  const h = new Float64Array(width), dh = new Float64Array(width);
  const next = new Float64Array(width), dnext = new Float64Array(width);
  const codes = layers.map((l) => (l.activation === 'tanh' ? 1 : l.activation === 'relu' ? 2 : 0));
  // One pass, value and derivative together, into h[0] and dh[0] (a hot loop: no allocation, no destructuring).
  const forward = (x: number): void => {
    h[0] = (x - inShift) / inScale;
    dh[0] = 1 / inScale;
    for (let l = 0; l < layers.length; l++) {
      const { inputs, units, weights, bias } = layers[l]!;
      const code = codes[l]!;
      for (let j = 0; j < units; j++) {
        let s = bias[j]!, ds = 0;
        const row = j * inputs;
        for (let i = 0; i < inputs; i++) {
          const w = weights[row + i]!;
          s += w * h[i]!;
          ds += w * dh[i]!;
        }
        if (code === 1) {
          const t = Math.tanh(s);
          next[j] = t;
          dnext[j] = (1 - t * t) * ds;
        } else if (code === 2) {
          next[j] = s > 0 ? s : 0;
          dnext[j] = s > 0 ? ds : 0;
        } else {
          next[j] = s;
          dnext[j] = ds;
        }
      }
      for (let j = 0; j < units; j++) {
        h[j] = next[j]!;
        dh[j] = dnext[j]!;
      }
    }
  };
  const run = (x: number): [number, number] => {
    forward(x);
    return [outShift + outScale * h[0]!, outScale * dh[0]!];
  };
  // Root-finding asks for G(z) and then G′(z) at the same z: one pass serves both.
  let lastZ = NaN, last: [number, number] = [NaN, NaN];
  const cached = (z: number): [number, number] => {
    if (z !== lastZ) [lastZ, last] = [z, run(z)];
    return last;
  };
  // Each base point's pre-activations and activations per layer (a fold is the base of many differences, and
  // there are few folds).
  const bases = new Map<number, { readonly pre: Float64Array[]; readonly post: Float64Array[] }>();
  const baseAt = (z: number) => {
    let b = bases.get(z);
    if (b) return b;
    const pre: Float64Array[] = [], post: Float64Array[] = [];
    let input = Float64Array.of((z - inShift) / inScale);
    for (const { inputs, units, weights, bias, activation } of layers) {
      const s = new Float64Array(units), out = new Float64Array(units);
      for (let j = 0; j < units; j++) {
        let v = bias[j]!;
        for (let i = 0; i < inputs; i++) v += weights[j * inputs + i]! * input[i]!;
        s[j] = v;
        out[j] = activation === 'tanh' ? Math.tanh(v) : activation === 'relu' ? (v > 0 ? v : 0) : v;
      }
      pre.push(s);
      post.push(out);
      input = out;
    }
    if (bases.size >= 64) bases.clear();
    b = { pre, post };
    bases.set(z, b);
    return b;
  };
  const delta = new Float64Array(width), dDelta = new Float64Array(width);
  const difference = (z: number, u: number): [number, number] => {
    const { pre, post } = baseAt(z);
    h[0] = u / inScale;
    dh[0] = 1 / inScale;
    layers.forEach(({ inputs, units, weights, activation }, k) => {
      const s = pre[k]!, t = post[k]!;
      for (let j = 0; j < units; j++) {
        let ds = 0, dd = 0;
        const row = j * inputs;
        for (let i = 0; i < inputs; i++) {
          const w = weights[row + i]!;
          ds += w * h[i]!;
          dd += w * dh[i]!;
        }
        const sb = s[j]!, sa = sb + ds;
        if (activation === 'tanh') {
          const ta = Math.tanh(sa), tb = t[j]!;
          delta[j] = (1 - ta * tb) * Math.tanh(ds);
          dDelta[j] = (1 - ta * ta) * dd;
        } else if (activation === 'relu') {
          delta[j] = sb > 0 && sa > 0 ? ds : sb <= 0 && sa <= 0 ? 0 : (sa > 0 ? sa : 0) - (sb > 0 ? sb : 0);
          dDelta[j] = sa > 0 ? dd : 0;
        } else {
          delta[j] = ds;
          dDelta[j] = dd;
        }
      }
      for (let j = 0; j < units; j++) {
        h[j] = delta[j]!;
        dh[j] = dDelta[j]!;
      }
    });
    return [outScale * h[0]!, outScale * dh[0]!];
  };
  return { value: (z) => cached(z)[0], derivative: (z) => cached(z)[1], valueAndDerivative: (z) => [...cached(z)], difference };
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
