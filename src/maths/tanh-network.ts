/**
 * A small fully connected tanh network of the line, 1 → h₁ → … → 1 (tanh hidden layers, a linear output), with
 * random weights drawn from a seed, evaluated in plain Float64 with its exact derivative. It stands in for an
 * untrained generator where a page must not load TensorFlow.js: the same seed always gives the same map.
 *
 * Weights are drawn N(0, gain²/fan-in) (LeCun-style scaling, with gain 2 into the first layer and 1.5 after, so a
 * few hidden units turn over within |z| ≲ 3 and the map folds the latent line as real generators do); biases are
 * N(0, 1.5²) into the first layer and N(0, 0.5²) after.
 */
import { denseMap, type DenseLayer, type NetworkMap } from './dense-network.ts';
import { createRandom } from './random.ts';

/** G, G′ (by forward-mode differentiation through the layers) and a fold-safe difference, as for any dense map. */
export interface TanhNetwork extends NetworkMap {
  /** The layer widths, input and output included. */
  readonly widths: readonly number[];
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
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const inputs = widths[l]!, units = widths[l + 1]!;
    const gain = l === 0 ? 2 : 1.5;
    const weights = Float64Array.from({ length: units * inputs }, () => (gain / Math.sqrt(inputs)) * random.normal());
    const bias = Float64Array.from({ length: units }, () => (l === 0 ? 1.5 : 0.5) * random.normal());
    layers.push({ inputs, units, weights, bias, activation: l + 2 === widths.length ? 'linear' : 'tanh' });
  }
  return { ...denseMap(layers), widths };
}
