/** The seeded random tanh network: reproducible, its derivative exact, bad widths refused. */
import { describe, expect, it } from 'vitest';
import { randomTanhNetwork } from '../../src/maths/tanh-network.ts';

describe('randomTanhNetwork', () => {
  it('the same seed gives the same map and another seed a different one', () => {
    const a = randomTanhNetwork(4), b = randomTanhNetwork(4), c = randomTanhNetwork(5);
    for (const z of [-3, -0.4, 0, 1.7]) {
      expect(a.value(z)).toBe(b.value(z));
      expect(a.value(z)).not.toBe(c.value(z));
    }
    expect(a.widths).toEqual([1, 8, 8, 1]);
  });

  it('its derivative agrees with Richardson-extrapolated central differences of its value to 1e-8', () => {
    for (const seed of [1, 4, 17]) {
      const g = randomTanhNetwork(seed, [8, 8]);
      for (const z of [-4, -1.3, 0, 0.25, 2.9]) {
        const h = 1e-3;
        const c = (s: number) => (g.value(z + s) - g.value(z - s)) / (2 * s);
        const rich = (4 * c(h / 2) - c(h)) / 3;
        expect(Math.abs(g.derivative(z) - rich), `seed ${seed}, z = ${z}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(rich)));
      }
    }
  });

  it('is a tanh network: bounded as |z| → ∞, with its limit approached from a finite value', () => {
    const g = randomTanhNetwork(4);
    expect(Math.abs(g.value(1e6) - g.value(1e7))).toBeLessThan(1e-12);
    expect(Number.isFinite(g.value(1e300))).toBe(true);
  });

  it('refuses hidden widths that are not whole numbers from 1 to 64', () => {
    expect(() => randomTanhNetwork(1, [0])).toThrow(/hidden layer widths .* got 0/);
    expect(() => randomTanhNetwork(1, [2.5])).toThrow(/got 2.5/);
    expect(() => randomTanhNetwork(1.5)).toThrow(/invalid seed/);
  });
});
