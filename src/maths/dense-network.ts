/**
 * A 1 → … → 1 dense network of the line (tanh, relu or linear layers) held in Float64 arrays, evaluated with its
 * derivative in plain JavaScript by forward-mode differentiation through the layers: for h = a(Wu + b),
 * h′ = a′(Wu + b) ⊙ W u′. The push-forward density needs G and G′ at thousands of single points, where a tensor
 * call per point would cost far more than the arithmetic. The trained generators (read out of TensorFlow.js by
 * src/gan/generator-map.ts), the random networks of the theory pages (tanh-network.ts) and a generator sent from
 * the training worker to a page all run through this one evaluator.
 *
 * Any standardisation is folded in: the map is x ↦ outputShift + outputScale · net((x − inputShift)/inputScale),
 * so a generator trained on standardised data maps z straight to data units.
 */

export type Activation = 'tanh' | 'relu' | 'linear';

export interface DenseLayer {
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

/** Throws unless the layers chain from one input to one output with consistent shapes. */
function checkLayers(layers: readonly DenseLayer[]): void {
  if (layers.length === 0 || layers[0]!.inputs !== 1 || layers[layers.length - 1]!.units !== 1) throw new RangeError('the network must map one input to one output');
  layers.forEach((l, k) => {
    if (k > 0 && l.inputs !== layers[k - 1]!.units) throw new RangeError(`layer ${k + 1} takes ${l.inputs} inputs but layer ${k} gives ${layers[k - 1]!.units}`);
    if (l.weights.length !== l.inputs * l.units || l.bias.length !== l.units) throw new RangeError(`layer ${k + 1}: ${l.weights.length} weights and ${l.bias.length} biases for ${l.inputs} → ${l.units}`);
    if (l.activation !== 'tanh' && l.activation !== 'relu' && l.activation !== 'linear') throw new RangeError(`layer ${k + 1}: activation '${l.activation}' is not supported (tanh, relu or linear)`);
  });
}

/**
 * The map of a dense network given by its layers.
 *
 * @example
 * const g = denseMap([{ inputs: 1, units: 1, weights: Float64Array.of(2), bias: Float64Array.of(1), activation: 'linear' }]);
 * g.value(3);       // 7
 * g.derivative(3);  // 2
 */
export function denseMap(layers: readonly DenseLayer[], affine: Affine = {}): NetworkMap {
  checkLayers(layers);
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
