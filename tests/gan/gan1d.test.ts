/**
 * The 1-D GAN itself (TensorFlow.js, wasm backend as in the CLI): replayable by seed, no tensor leaks, each
 * network's step leaves the other untouched, divergence is caught, and the experiment the training page shows:
 * with G frozen at a known affine map, training D alone brings it onto D*.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { DEFAULT_GAN1D, DivergedError, Gan1d } from '../../src/gan/gan1d.ts';
import { optimalDiscriminator } from '../../src/numerics/discriminator.ts';
import type { PushForward } from '../../src/distributions/pushforward.ts';

const pData = parseDistribution('0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)');

beforeAll(async () => {
  await useBackend('wasm');
});

const weights = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('Gan1d', () => {
  it('replays exactly from its seed, and a different seed gives a different run', () => {
    const run = (seed: number) => {
      const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, seed, k: 2 });
      const out = Array.from({ length: 25 }, () => gan.step());
      const last = gan.snapshot();
      gan.dispose();
      return { losses: out.map((r) => [r.lossD, r.lossG]), jsd: last.jsd, d: Array.from(last.d.slice(0, 50)) };
    };
    const a = run(7), b = run(7), c = run(8);
    expect(b).toEqual(a);
    expect(c.losses).not.toEqual(a.losses);
  });

  it('leaks no tensors over thousands of steps and snapshots, and frees everything on dispose', () => {
    const before = tf.memory().numTensors;
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, k: 1, batchSize: 32 });
    for (let i = 0; i < 20; i++) gan.step(); // Adam creates its slot variables on the first steps
    gan.snapshot();
    const settled = tf.memory().numTensors;
    for (let i = 0; i < 2000; i++) {
      gan.step();
      if (i % 500 === 0) gan.snapshot();
    }
    expect(tf.memory().numTensors).toBe(settled);
    gan.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a discriminator step leaves G untouched; a frozen G never changes; a G step leaves D untouched', () => {
    const frozen = new Gan1d({ ...DEFAULT_GAN1D, pData, freezeG: true, k: 3 });
    const g0 = weights(frozen.generator), d0 = weights(frozen.discriminator);
    frozen.step();
    expect(weights(frozen.generator)).toEqual(g0);
    expect(weights(frozen.discriminator)).not.toEqual(d0);
    expect(Number.isNaN(frozen.step().lossG)).toBe(true);
    frozen.dispose();

    // With D's learning rate at 1e-12, an iteration moves G normally and D only by its own tiny step: so the
    // generator's update does not touch D.
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, k: 1, learningRateD: 1e-12 });
    const gBefore = weights(gan.generator), dBefore = weights(gan.discriminator);
    gan.step();
    expect(weights(gan.generator)).not.toEqual(gBefore);
    const dAfter = weights(gan.discriminator).flat(), dFlat = dBefore.flat();
    // Adam's first step moves each weight by at most about the learning rate.
    expect(Math.max(...dAfter.map((v, i) => Math.abs(v - dFlat[i]!)))).toBeLessThan(1e-9);
    gan.dispose();
  });

  it('stops with a DivergedError naming the step when a loss stops being finite', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, k: 1 });
    gan.step();
    const poisoned = gan.discriminator.getWeights().map((w, i) => (i === 0 ? tf.fill(w.shape, NaN) : w.clone()));
    gan.discriminator.setWeights(poisoned);
    poisoned.forEach((t) => t.dispose());
    expect(() => gan.step()).toThrow(DivergedError);
    expect(() => gan.step()).toThrow(/diverged at step 3/);
    gan.dispose();
  });

  it('refuses bad settings with a message naming them', () => {
    expect(() => new Gan1d({ ...DEFAULT_GAN1D, pData, k: 0 })).toThrow(/invalid k: 0/);
    expect(() => new Gan1d({ ...DEFAULT_GAN1D, pData, batchSize: 1 })).toThrow(/invalid batchSize/);
    expect(() => new Gan1d({ ...DEFAULT_GAN1D, pData, learningRateD: -1 })).toThrow(/invalid learningRateD/);
    expect(() => new Gan1d({ ...DEFAULT_GAN1D, pData, affineGenerator: [0, 0] })).toThrow(/invalid affine generator/);
  });

  it('an affine generator produces exactly a + b·z', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, affineGenerator: [0.5, 1.5] });
    const xs = gan.generate(50_000);
    let mean = 0;
    for (const x of xs) mean += x / xs.length;
    let v = 0;
    for (const x of xs) v += (x - mean) ** 2 / (xs.length - 1);
    // mean ± 5 standard errors (σ/√n = 0.0067); variance ± 5·σ²√(2/n) = 0.071
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * 1.5 / Math.sqrt(xs.length));
    expect(Math.abs(v - 2.25)).toBeLessThan(5 * 2.25 * Math.sqrt(2 / xs.length));
    gan.dispose();
  });
});

describe('the experiment: with G frozen at a known affine map, D alone converges onto D*', () => {
  it('brings mean |D − D*| under (p_data + p_g)/2 below 0.03 within 1,000 steps, from above 0.1', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, k: 1, batchSize: 512, learningRateD: 5e-3, seed: 3, affineGenerator: [0, 1.5] });
    const start = gan.snapshot();
    expect(start.pGExact).toBe(true);
    expect(start.distance.mean).toBeGreaterThan(0.1);
    // D* here is exact: both densities are known in closed form.
    const exact = optimalDiscriminator(pData, parseDistribution('normal(0, 1.5)'));
    for (let i = 0; i < start.grid.length; i += 37) expect(start.dStar[i]).toBeCloseTo(exact(start.grid[i]!), 12);
    for (let i = 0; i < 1000; i++) gan.step();
    const end = gan.snapshot();
    expect(end.distance.mean).toBeLessThan(0.03);
    gan.dispose();
  }, 60_000);
});

describe('the experiment with a trained generator: frozen after training, D alone converges onto the exact D*', () => {
  it('brings mean |D − D*| below 0.03 within 3,000 D steps against the push-forward D* of a generator trained 300 steps', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, k: 1, batchSize: 512, learningRateD: 5e-3, seed: 3 });
    for (let i = 0; i < 300; i++) gan.step();
    const trained = gan.generatorDistribution() as PushForward;
    // A trained, folded generator, not a smooth initial one.
    expect(trained.criticalPoints.filter((c) => c.kind === 'fold').length).toBeGreaterThanOrEqual(2);
    gan.setLiveOptions({ k: 1, loss: 'non-saturating', freezeG: true });
    const start = gan.snapshot();
    for (let i = 0; i < 3000; i++) gan.step();
    const end = gan.snapshot();
    expect(end.distance.mean, `from ${start.distance.mean}`).toBeLessThan(0.03);
    gan.dispose();
  }, 90_000);
});

describe('snapshots on the exact p_g', () => {
  it('the bound (V + log 4)/2 ≤ JSD holds at every snapshot of a run, with V by quadrature and within noise for the minibatch V', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, seed: 2 });
    for (let i = 1; i <= 150; i++) {
      gan.step();
      if (i % 30 !== 0) continue;
      const s = gan.snapshot();
      // Any D gives V(G, D) ≤ C(G) = −log 4 + 2·JSD; both sides are quadratures with stated error estimates.
      expect(s.jsdLowerBoundQuadrature, `step ${i}`).toBeLessThanOrEqual(s.jsd + s.jsdError + s.valueQuadratureError);
      expect(s.jsdLowerBound, `step ${i}`).toBeLessThanOrEqual(s.jsd + (3 * s.valueStandardError) / 2);
      // C(G) integrated as V(G, D*) against −log 4 + 2·JSD, and the minibatch V against the quadrature V.
      expect(Math.abs(s.cOfG - (-Math.log(4) + 2 * s.jsd)), `step ${i}`).toBeLessThanOrEqual(s.cOfGError + 2 * s.jsdError + 1e-12);
      expect(Math.abs(s.value - s.valueQuadrature), `step ${i}`).toBeLessThan(5 * s.valueStandardError);
      expect(Math.abs(s.mass - 1), `step ${i}`).toBeLessThanOrEqual(1e-9);
      expect(s.quadratureTolerance.epsrel).toBeLessThanOrEqual(1e-8);
      expect(s.jsdError).toBeLessThanOrEqual(Math.max(s.quadratureTolerance.epsabs, s.quadratureTolerance.epsrel * s.jsd));
    }
    gan.dispose();
  }, 60_000);

  it('p_g and D* on the grid are the push-forward density of the network itself; the KDE is only a comparison beside them', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, seed: 5 });
    for (let i = 0; i < 20; i++) gan.step();
    const s = gan.snapshot();
    const pg = gan.generatorDistribution();
    for (let i = 0; i < s.grid.length; i += 41) {
      expect(s.pG[i]).toBe(pg.pdf(s.grid[i]!));
      const p = pData.pdf(s.grid[i]!), q = s.pG[i]!;
      expect(s.dStar[i]!).toBeCloseTo(p / (p + q), 12);
    }
    expect(s.pGExact).toBe(true);
    expect(s.kdePG).toHaveLength(s.grid.length);
    expect(s.bandwidth).toBeGreaterThan(0);
    expect(s.kdeCollapsed).toBe(false);
    // The estimate's D* is measurably off the exact one (the page's point), but it never enters D*, the JSD or C(G).
    expect(s.kdeDStarError).toBeGreaterThan(0);
    gan.dispose();
  });

  it('total mode collapse (a generator whose last layer is zeroed) is one atom of mass 1, shown rather than stopping the run', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, seed: 1, freezeG: true });
    const weights = gan.generator.getWeights();
    const last = weights.length - 2;
    const zeroed = weights.map((w, i) => (i === last ? tf.zerosLike(w) : w.clone()));
    gan.generator.setWeights(zeroed);
    zeroed.forEach((t) => t.dispose());
    const bias = gan.generator.getWeights()[last + 1]!.dataSync()[0]!;
    const s = gan.snapshot();
    // G(z) = centre + scale·bias for every z: all the mass on one point.
    expect(Array.from(s.atoms)).toEqual([expect.closeTo(gan.centre + gan.scale * bias, 6), 1]);
    expect(s.mass).toBe(1);
    expect(Math.max(...s.pG)).toBe(0);
    // p_data has a density and p_g none: the supports do not overlap, JSD = log 2 and C(G) = 0.
    expect(Math.abs(s.jsd - Math.LN2)).toBeLessThan(1e-9);
    expect(Math.abs(s.cOfG)).toBeLessThan(1e-9);
    expect(s.kdeCollapsed).toBe(true);
    expect(s.jsdLowerBoundQuadrature).toBeLessThanOrEqual(s.jsd + s.jsdError + s.valueQuadratureError);
    gan.step();
    gan.dispose();
  });
});
