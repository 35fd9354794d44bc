/** The generator the 1-D page shares with the pushforward page: stored, read back, checked, and rebuilt exactly. */
import { describe, expect, it } from 'vitest';
import { throughUniformLatent } from '../../src/gan/latent.ts';
import { denseMap } from '../../src/maths/dense-network.ts';
import { PushForward } from '../../src/distributions/pushforward.ts';
import { generatorMap } from '../../notebooks/pages/pushforward.ts';
import { parseStoredGenerator, serializeGenerator, trainedGenerator, trainedGeneratorMap, type TrainedGenerator } from '../../notebooks/training/trained-generator.ts';

const generator: TrainedGenerator = {
  layers: [
    { inputs: 1, units: 3, weights: Float64Array.of(1.5, -2, 0.7), bias: Float64Array.of(0.1, 0.4, -0.3), activation: 'tanh' },
    { inputs: 3, units: 1, weights: Float64Array.of(1.2, 0.8, -1.1), bias: Float64Array.of(0.05), activation: 'linear' },
  ],
  affine: { outputShift: 0.3, outputScale: 1.7 },
  latent: 'normal',
  step: 1200,
  pData: '0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)',
};

describe('the shared trained generator', () => {
  it('survives the round trip through storage exactly', () => {
    const back = parseStoredGenerator(serializeGenerator(generator))!;
    expect(back.step).toBe(1200);
    expect(back.pData).toBe(generator.pData);
    const [a, b] = [trainedGeneratorMap(generator), trainedGeneratorMap(back)];
    for (const z of [-2, -0.5, 0, 1.3]) {
      expect(b.value(z)).toBe(a.value(z));
      expect(b.derivative(z)).toBe(a.derivative(z));
    }
  });

  it.each([
    ['nothing', null],
    ['text that is not JSON', '{"layers": ['],
    ['a missing field', JSON.stringify({ layers: [], latent: 'normal', step: 1 })],
    ['an unknown latent', serializeGenerator({ ...generator, latent: 'cauchy' as never })],
    ['a weight that is not a number', serializeGenerator(generator).replace('1.5', '"1.5"')],
    ['layers that do not chain', serializeGenerator({ ...generator, layers: [generator.layers[0]!] })],
    ['a non-finite affine map', serializeGenerator(generator).replace('"outputScale":1.7', '"outputScale":"x"')],
  ])('reads %s back as no generator', (_, text) => {
    expect(parseStoredGenerator(text)).toBeUndefined();
  });

  it('on the uniform latent is G(2Φ(w) − 1), and its push-forward still has mass 1', () => {
    const uniform = { ...generator, latent: 'uniform' as const };
    const expected = throughUniformLatent(denseMap(generator.layers, generator.affine));
    const map = trainedGeneratorMap(uniform);
    for (const w of [-3, -0.2, 0.9]) expect(map.value(w)).toBe(expected.value(w));
    expect(Math.abs(new PushForward(map.value, map.derivative, { difference: map.difference }).mass.total - 1)).toBeLessThan(1e-9);
  });

  it('publishing tells the pages that read it', () => {
    let told = 0;
    trainedGenerator.addEventListener('input', () => told++);
    trainedGenerator.publish(generator);
    expect(told).toBe(1);
    expect(trainedGenerator.value).toBe(generator);
  });
});

describe("the pushforward page's 'trained' generator", () => {
  it('is a + b·G_trained(z) when one has been trained, with its fold-safe difference', () => {
    const m = generatorMap('trained', 0.4, 1.3, 4, generator);
    const net = denseMap(generator.layers, generator.affine);
    expect(m.trained).toBe(generator);
    for (const z of [-1.5, 0.2, 2]) {
      expect(m.g(z)).toBe(0.4 + 1.3 * net.value(z));
      expect(m.gPrime(z)).toBe(1.3 * net.derivative(z));
      expect(m.difference!(z, 0.1)[0]).toBeCloseTo(1.3 * (net.value(z + 0.1) - net.value(z)), 12);
    }
  });
  it("says none has been trained, and the seed's random network stands in", () => {
    const m = generatorMap('trained', 0, 1, 4);
    const network = generatorMap('network', 0, 1, 4);
    expect(m.trained).toBe('none');
    for (const z of [-1, 0.5]) expect(m.g(z)).toBe(network.g(z));
  });
});
