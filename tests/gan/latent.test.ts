/**
 * The uniform latent written through a normal one, u = 2Φ(w) − 1: the push-forward of N(0, 1) through
 * w ↦ G(2Φ(w) − 1) is the density of G(u), u ~ U(−1, 1), against closed forms (the identity, a monotone cubic, a
 * folded sine), its mass, and a Monte-Carlo histogram of a trained network on the uniform latent.
 */
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { PushForward } from '../../src/distributions/pushforward.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { DEFAULT_GAN1D, Gan1d } from '../../src/gan/gan1d.ts';
import { latentFromNormal, throughUniformLatent } from '../../src/gan/latent.ts';
import { networkMap } from '../../src/gan/generator-map.ts';
import { createRandom } from '../../src/maths/random.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

const pushForward = (value: (u: number) => number, derivative: (u: number) => number) => {
  const h = throughUniformLatent({ value, derivative });
  return new PushForward(h.value, h.derivative, { difference: h.difference });
};

describe('the uniform latent as 2Φ(w) − 1', () => {
  it('draws u uniform on (−1, 1): mean 0, variance 1/3, and every tenth of the interval holds a tenth of the draws', () => {
    const random = createRandom(11);
    const n = 100_000;
    const counts = new Array<number>(10).fill(0);
    let mean = 0, square = 0;
    for (let i = 0; i < n; i++) {
      const u = latentFromNormal('uniform', random.normal());
      expect(Math.abs(u)).toBeLessThan(1);
      counts[Math.floor((u + 1) * 5)]!++;
      mean += u / n;
      square += (u * u) / n;
    }
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(1 / 3 / n));
    // Var(u²) = 1/5 − 1/9 for u uniform on (−1, 1).
    expect(Math.abs(square - 1 / 3)).toBeLessThan(5 * Math.sqrt((1 / 5 - 1 / 9) / n));
    for (const c of counts) expect(Math.abs(c / n - 0.1)).toBeLessThan(5 * Math.sqrt(0.09 / n));
    expect(latentFromNormal('normal', 1.25)).toBe(1.25);
  });

  it('the identity gives the uniform density ½ on (−1, 1), its cdf (x + 1)/2, and mass 1', () => {
    const pg = pushForward((u) => u, () => 1);
    for (const x of [-0.999, -0.5, 0, 0.3, 0.9999]) {
      expect(pg.pdf(x)).toBeCloseTo(0.5, 12);
      expect(Math.abs(pg.cdf(x) - (x + 1) / 2)).toBeLessThan(1e-13);
    }
    for (const x of [-1.001, 1.5, 7]) expect(pg.pdf(x)).toBe(0);
    expect(Math.abs(pg.mass.total - 1)).toBeLessThan(1e-9);
  });

  it('a monotone cubic G(u) = u³ + u/2 has density 1/(2·G′(u)) at its root, and integrates to 1', () => {
    const pg = pushForward((u) => u ** 3 + u / 2, (u) => 3 * u * u + 0.5);
    for (const u of [-0.95, -0.4, 0, 0.2, 0.7, 0.99]) {
      const x = u ** 3 + u / 2;
      expect(Math.abs(pg.pdf(x) * 2 * (3 * u * u + 0.5) - 1)).toBeLessThan(1e-9);
    }
    expect(pg.pdf(1.6)).toBe(0);
    expect(Math.abs(pg.mass.total - 1)).toBeLessThan(1e-9);
  });

  it('a folded sine G(u) = sin 3u sums 1/(2|G′|) over its roots on each branch, and integrates to 1', () => {
    const pg = pushForward((u) => Math.sin(3 * u), (u) => 3 * Math.cos(3 * u));
    // sin 3u = x on (−1, 1): u₀ = asin(x)/3, and u₁ = (π − asin x)/3 when that is below 1, u₂ = (−π − asin x)/3 when above −1.
    const exact = (x: number) => {
      const a = Math.asin(x);
      let sum = 0;
      for (const u of [a / 3, (Math.PI - a) / 3, (-Math.PI - a) / 3]) if (Math.abs(u) < 1) sum += 1 / (2 * Math.abs(3 * Math.cos(3 * u)));
      return sum;
    };
    for (const x of [-0.9, -0.3, 0.1, 0.12, 0.5, 0.95]) expect(Math.abs(pg.pdf(x) / exact(x) - 1)).toBeLessThan(1e-8);
    expect(Math.abs(pg.mass.total - 1)).toBeLessThan(1e-9);
  });

  it('a trained generator on the uniform latent: p_g integrates to 1 and matches a histogram of 200,000 draws within 5 standard errors', () => {
    const pData = parseDistribution('0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)');
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, seed: 4, latent: 'uniform' });
    for (let i = 0; i < 200; i++) gan.step();
    const pg = gan.generatorDistribution() as PushForward;
    const s = gan.snapshot();
    expect(Math.abs(s.mass - 1)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(pg.mass.total - 1)).toBeLessThanOrEqual(1e-9);
    // The support is G's image of [−1, 1]; the draws stay inside it.
    const g = networkMap(gan.generator, { outputShift: gan.centre, outputScale: gan.scale });
    let lo = Infinity, hi = -Infinity;
    for (let u = -1; u <= 1; u += 1 / 4096) [lo, hi] = [Math.min(lo, g.value(u)), Math.max(hi, g.value(u))];
    const n = 200_000;
    const xs = gan.generate(n);
    const bins = 24, edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
    const counts = new Array<number>(bins).fill(0);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(lo - 1e-5);
      expect(x).toBeLessThanOrEqual(hi + 1e-5);
      counts[Math.min(bins - 1, Math.max(0, Math.floor(((x - lo) / (hi - lo)) * bins)))]!++;
    }
    let worst = 0;
    for (let b = 0; b < bins; b++) {
      const p = pg.cdf(edges[b + 1]!) - pg.cdf(edges[b]!);
      const se = Math.sqrt(Math.max(p * (1 - p), 1e-12) / n);
      worst = Math.max(worst, Math.abs(counts[b]! / n - p) / se);
    }
    expect(worst, 'largest deviation in standard errors').toBeLessThan(5);
    // The mean by x-quadrature of the density against the draws' mean.
    let mean = 0, square = 0;
    for (const x of xs) [mean, square] = [mean + x / n, square + (x * x) / n];
    const exactMean = pg.integrate((x) => x).value;
    expect(Math.abs(mean - exactMean)).toBeLessThan(5 * Math.sqrt((square - mean * mean) / n));
    gan.dispose();
  }, 60_000);

  it('an affine generator on the uniform latent is exactly U(a − |b|, a + |b|)', () => {
    const pData = parseDistribution('normal(0, 1)');
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, affineGenerator: [0.5, -1.5], latent: 'uniform' });
    const pg = gan.generatorDistribution();
    expect(pg.pdf(0)).toBeCloseTo(1 / 3, 12);
    expect(pg.pdf(2.1)).toBe(0);
    const xs = gan.generate(50_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-1 - 1e-6);
    expect(Math.max(...xs)).toBeLessThanOrEqual(2 + 1e-6);
    let mean = 0;
    for (const x of xs) mean += x / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(0.75 / xs.length));
    gan.dispose();
  });
});
