/** denseMap: a dense network of the line in Float64 with its derivative, against values written out by hand. */
import { describe, expect, it } from 'vitest';
import { denseMap, type DenseLayer } from '../../src/maths/dense-network.ts';

// x ↦ 0.5 + 3·tanh(2u − 1) − 1.5·tanh(u + 0.25) with u = (x − 1)/2, then ×4 + 10.
const layers: DenseLayer[] = [
  { inputs: 1, units: 2, weights: Float64Array.of(2, 1), bias: Float64Array.of(-1, 0.25), activation: "tanh" },
  { inputs: 2, units: 1, weights: Float64Array.of(3, -1.5), bias: Float64Array.of(0.5), activation: 'linear' },
];
const byHand = (x: number) => {
  const u = (x - 1) / 2;
  return 10 + 4 * (0.5 + 3 * Math.tanh(2 * u - 1) - 1.5 * Math.tanh(u + 0.25));
};
const slopeByHand = (x: number) => {
  const u = (x - 1) / 2;
  return 4 * 0.5 * (6 * (1 - Math.tanh(2 * u - 1) ** 2) - 1.5 * (1 - Math.tanh(u + 0.25) ** 2));
};

describe('denseMap', () => {
  const map = denseMap(layers, { inputShift: 1, inputScale: 2, outputShift: 10, outputScale: 4 });
  it('gives the value and derivative written out by hand, with the affine maps folded in', () => {
    for (const x of [-3, -0.4, 0, 1, 2.2, 5]) {
      expect(Math.abs(map.value(x) - byHand(x))).toBeLessThan(1e-13);
      expect(Math.abs(map.derivative(x) - slopeByHand(x))).toBeLessThan(1e-13);
      expect(map.valueAndDerivative(x)).toEqual([map.value(x), map.derivative(x)]);
    }
  });
  it("difference(z, u) is G(z + u) − G(z) without cancellation, and G′(z + u)", () => {
    for (const [z, u] of [[0.3, 0.7], [1, -2], [2, 1e-9]] as const) {
      const [d, slope] = map.difference(z, u);
      expect(Math.abs(d - (byHand(z + u) - byHand(z)))).toBeLessThan(1e-12 * Math.max(1, Math.abs(d)) + 1e-14);
      expect(Math.abs(slope - slopeByHand(z + u))).toBeLessThan(1e-13);
    }
    // At u = 1e-9 the difference keeps its relative precision: G′·u to first order.
    const [tiny] = map.difference(2, 1e-9);
    expect(Math.abs(tiny / 1e-9 - slopeByHand(2))).toBeLessThan(1e-7);
  });
  it('relu layers are differentiated piecewise', () => {
    const relu = denseMap([
      { inputs: 1, units: 1, weights: Float64Array.of(2), bias: Float64Array.of(-1), activation: 'relu' },
      { inputs: 1, units: 1, weights: Float64Array.of(3), bias: Float64Array.of(0), activation: 'linear' },
    ]);
    expect([relu.value(2), relu.derivative(2), relu.value(0), relu.derivative(0)]).toEqual([9, 6, 0, 0]);
  });
  it('refuses layers that do not chain from one input to one output, naming the layer', () => {
    expect(() => denseMap([])).toThrow(/one input to one output/);
    expect(() => denseMap([layers[0]!, { ...layers[1]!, inputs: 3, weights: new Float64Array(3) }])).toThrow(/layer 2 takes 3 inputs but layer 1 gives 2/);
    expect(() => denseMap([{ ...layers[0]!, weights: Float64Array.of(1) }, layers[1]!])).toThrow(/layer 1: 1 weights and 2 biases for 1 → 2/);
    expect(() => denseMap([{ ...layers[0]!, activation: 'sigmoid' as never }, layers[1]!])).toThrow(/activation 'sigmoid' is not supported/);
  });
});
