/**
 * A small fully connected tanh network of the line, 1 → h₁ → … → 1 (tanh hidden layers, a linear output), with
 * random weights drawn from a seed, evaluated in plain Float64 with its exact derivative. It stands in for an
 * untrained generator where a page must not load TensorFlow.js: the same seed always gives the same map.
 *
 * Weights are drawn N(0, gain²/fan-in) (LeCun-style scaling, with gain 2 into the first layer and 1.5 after, so a
 * few hidden units turn over within |z| ≲ 3 and the map folds the latent line as real generators do); biases are
 * N(0, 1.5²) into the first layer and N(0, 0.5²) after.
 */
import { createRandom } from './random.ts';

export interface TanhNetwork {
  /** G(z). */
  value(z: number): number;
  /** G′(z), by forward-mode differentiation through the layers (h = tanh(Wu + b) ⇒ h′ = (1 − h²) ⊙ W u′). */
  derivative(z: number): number;
  /** The layer widths, input and output included. */
  readonly widths: readonly number[];
}

interface Layer {
  readonly inputs: number;
  readonly units: number;
  /** Row-major [units][inputs]. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

/**
 * @example
 * const g = randomTanhNetwork(4, [8, 8]);
 * g.value(0.5);        // the same number for seed 4 every time
 * g.derivative(0.5);   // (g.value(0.5 + h) − g.value(0.5 − h)) / 2h to O(h²)
 * randomTanhNetwork(4, [0]); // RangeError: hidden layer widths must be whole numbers from 1 to 64, got 0
 */
export function randomTanhNetwork(seed: number, hidden: readonly number[] = [8, 8]): TanhNetwork {
  for (const h of hidden) if (!Number.isInteger(h) || h < 1 || h > 64) throw new RangeError(`hidden layer widths must be whole numbers from 1 to 64, got ${h}`);
  const random = createRandom(seed);
  const widths = [1, ...hidden, 1];
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const inputs = widths[l]!, units = widths[l + 1]!;
    const gain = l === 0 ? 2 : 1.5;
    const weights = Float64Array.from({ length: units * inputs }, () => (gain / Math.sqrt(inputs)) * random.normal());
    const bias = Float64Array.from({ length: units }, () => (l === 0 ? 1.5 : 0.5) * random.normal());
    layers.push({ inputs, units, weights, bias });
  }
  const width = Math.max(...widths);
  // Scratch buffers, reused: G and G′ are called at hundreds of thousands of points by the push-forward numerics.
  let h = new Float64Array(width), next = new Float64Array(width);
  let dh = new Float64Array(width), dnext = new Float64Array(width);
  const last = layers.length - 1;

  const value = (z: number): number => {
    h[0] = z;
    for (let l = 0; l <= last; l++) {
      const { inputs, units, weights, bias } = layers[l]!;
      for (let j = 0; j < units; j++) {
        let s = bias[j]!;
        const row = j * inputs;
        for (let i = 0; i < inputs; i++) s += weights[row + i]! * h[i]!;
        next[j] = l === last ? s : Math.tanh(s);
      }
      [h, next] = [next, h];
    }
    return h[0]!;
  };

  const derivative = (z: number): number => {
    h[0] = z;
    dh[0] = 1;
    for (let l = 0; l <= last; l++) {
      const { inputs, units, weights, bias } = layers[l]!;
      for (let j = 0; j < units; j++) {
        let s = bias[j]!, ds = 0;
        const row = j * inputs;
        for (let i = 0; i < inputs; i++) {
          const w = weights[row + i]!;
          s += w * h[i]!;
          ds += w * dh[i]!;
        }
        if (l === last) {
          next[j] = s;
          dnext[j] = ds;
        } else {
          const t = Math.tanh(s);
          next[j] = t;
          dnext[j] = (1 - t * t) * ds;
        }
      }
      [h, next] = [next, h];
      [dh, dnext] = [dnext, dh];
    }
    return dh[0]!;
  };

  return { value, derivative, widths };
}
