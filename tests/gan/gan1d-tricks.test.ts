/**
 * The training tricks, each against what theory says it does to D when G is held at a known affine map (so D's
 * optimum is known in closed form): one-sided label smoothing caps D at 1 − s, label noise pulls it towards ½,
 * instance noise makes D the optimum of the two smoothed densities, dropout trains D without changing the network
 * the figures read; and the settings are checked.
 */
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { discriminatorDistance } from '../../src/gan/distance.ts';
import { DEFAULT_GAN1D, Gan1d, type Gan1dConfig } from '../../src/gan/gan1d.ts';
import { discriminatorLoss, discriminatorLossWithTarget, labelledOptimum } from '../../src/gan/losses.ts';
import { optimalDiscriminator } from '../../src/numerics/discriminator.ts';

const pData = parseDistribution('0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)');
const pG = parseDistribution('normal(0, 1.5)');

beforeAll(async () => {
  await useBackend('wasm');
});

/** D trained alone for `steps` against G(z) = b·z (b = 1.5 unless given), with the given tricks; returns its snapshot. */
function trainD(tricks: Partial<Gan1dConfig>, steps = 1000, b = 1.5) {
  const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, k: 1, batchSize: 512, learningRateD: 5e-3, seed: 3, affineGenerator: [0, b], ...tricks });
  for (let i = 0; i < steps; i++) gan.step();
  const s = gan.snapshot();
  gan.dispose();
  return s;
}

const weight = (s: ReturnType<typeof trainD>) => s.pData.map((p, i) => 0.5 * (p + s.pG[i]!));
const distanceTo = (s: ReturnType<typeof trainD>, target: (x: number) => number) => discriminatorDistance(s.grid, s.d, s.grid.map(target), weight(s)).mean;

describe('the soft-target loss and optimum', () => {
  it('with targets 1 and 0 the cross-entropy is the plain discriminator loss, and it is least at the labelled optimum', () => {
    for (const [r, f] of [[0.3, -1.2], [4, 2], [-3, 0.5]]) expect(discriminatorLossWithTarget(r!, 1) + discriminatorLossWithTarget(f!, 0)).toBeCloseTo(discriminatorLoss(r!, f!), 14);
    // For D* = 0.7, s = 0.1, ρ = 0.2 the expected loss D* ℓ(t_real) + (1 − D*) ℓ(t_fake), searched over D on a fine grid.
    const dStar = 0.7, s = 0.1, rho = 0.2;
    const expected = (d: number) => {
      const l = Math.log(d / (1 - d));
      const real = (1 - rho) * discriminatorLossWithTarget(l, 1 - s) + rho * discriminatorLossWithTarget(l, 0);
      const fake = (1 - rho) * discriminatorLossWithTarget(l, 0) + rho * discriminatorLossWithTarget(l, 1 - s);
      return dStar * real + (1 - dStar) * fake;
    };
    let best = 0.5;
    for (let d = 1e-4; d < 1; d += 1e-4) if (expected(d) < expected(best)) best = d;
    expect(Math.abs(best - labelledOptimum(dStar, s, rho))).toBeLessThan(2e-4);
    expect(labelledOptimum(1, 0.1, 0)).toBeCloseTo(0.9, 15);
    expect(labelledOptimum(0.7)).toBe(0.7);
  });
});

describe('each trick changes what D learns, as theory says', () => {
  const dStar = optimalDiscriminator(pData, pG);

  it('one-sided label smoothing (s = 0.2): D converges onto 0.8·D*, not D*, and stays near or below 0.8 where D* nears 1', () => {
    // A narrower G(z) = 0.7·z, so that D* comes close to 1 on the outer modes.
    const s = trainD({ labelSmoothing: 0.2 }, 1000, 0.7);
    const narrow = optimalDiscriminator(pData, parseDistribution('normal(0, 0.7)'));
    expect(distanceTo(s, (x) => labelledOptimum(narrow(x), 0.2))).toBeLessThan(0.03);
    expect(distanceTo(s, narrow)).toBeGreaterThan(0.06);
    const heavy = s.grid.map((_, i) => (weight(s)[i]! > 0.05 ? s.d[i]! : 0));
    expect(Math.max(...heavy)).toBeLessThan(0.86);
    expect(Math.max(...s.dStar)).toBeGreaterThan(0.95);
  }, 60_000);

  it('label noise (ρ = 0.2): D converges onto 0.8·D* + 0.2·(1 − D*), which stays inside [0.2, 0.8]', () => {
    const s = trainD({ labelNoise: 0.2 });
    expect(distanceTo(s, (x) => labelledOptimum(dStar(x), 0, 0.2))).toBeLessThan(0.03);
    expect(distanceTo(s, dStar)).toBeGreaterThan(0.06);
  }, 60_000);

  it('instance noise (σ = 0.7): D converges onto the optimum for p_data and p_g each smoothed by N(0, σ²)', () => {
    const s = trainD({ instanceNoise: 0.7 });
    const sd = (v: number) => Math.sqrt(v * v + 0.49);
    const smoothed = optimalDiscriminator(parseDistribution(`0.5*normal(-2, ${sd(0.5)}) + 0.5*normal(2, ${sd(0.5)})`), parseDistribution(`normal(0, ${sd(1.5)})`));
    const toSmoothed = distanceTo(s, smoothed), toPlain = distanceTo(s, dStar);
    expect(toSmoothed).toBeLessThan(0.03);
    expect(toPlain).toBeGreaterThan(toSmoothed + 0.03);
  }, 60_000);

  it('instance noise annealed over 300 iterations is gone by the end: D is back on the plain D*', () => {
    const s = trainD({ instanceNoise: 0.7, instanceNoiseSteps: 300 });
    expect(distanceTo(s, dStar)).toBeLessThan(0.03);
  }, 60_000);

  it('dropout (rate 0.3) trains D through random masks, while the network the figures read stays whole and deterministic', () => {
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, k: 1, batchSize: 512, learningRateD: 5e-3, seed: 3, affineGenerator: [0, 1.5], dropoutD: 0.3 });
    const start = gan.snapshot();
    for (let i = 0; i < 600; i++) gan.step();
    const end = gan.snapshot();
    expect(end.distance.mean).toBeLessThan(start.distance.mean / 2);
    const xs = [-2, 0, 2];
    expect(Array.from(gan.discriminate(xs))).toEqual(Array.from(gan.discriminate(xs)));
    // The snapshot's D is the network read into Float64 (no dropout layers in it): the same numbers as tfjs's.
    const f = gan.discriminatorFunction();
    xs.forEach((x, i) => expect(f(x)).toBeCloseTo(gan.discriminate(xs)[i]!, 5));
    gan.dispose();
  }, 60_000);
});

describe('the tricks\' settings', () => {
  it('are refused out of range with the setting named, at construction and live', () => {
    const make = (c: Partial<Gan1dConfig>) => () => new Gan1d({ ...DEFAULT_GAN1D, pData, ...c });
    expect(make({ labelSmoothing: 1 })).toThrow(/invalid labelSmoothing: 1/);
    expect(make({ labelSmoothing: -0.1 })).toThrow(/invalid labelSmoothing/);
    expect(make({ labelNoise: 0.5 })).toThrow(/invalid labelNoise: 0.5/);
    expect(make({ dropoutD: 1 })).toThrow(/invalid dropoutD: 1/);
    expect(make({ instanceNoise: Number.NaN })).toThrow(/invalid instanceNoise/);
    expect(make({ instanceNoiseSteps: 1.5 })).toThrow(/invalid instanceNoiseSteps/);
    expect(make({ latent: 'cauchy' as never })).toThrow(/invalid latent: cauchy/);
    const gan = new Gan1d({ ...DEFAULT_GAN1D, pData });
    gan.setLiveOptions({ k: 2, loss: 'non-saturating', freezeG: false, labelSmoothing: 0.1, dropoutD: 0.2 });
    expect(gan.config.labelSmoothing).toBe(0.1);
    expect(gan.config.dropoutD).toBe(0.2);
    expect(gan.config.labelNoise).toBe(0);
    expect(() => gan.setLiveOptions({ k: 2, loss: 'non-saturating', freezeG: false, labelNoise: 0.7 })).toThrow(/invalid labelNoise: 0.7/);
    expect(gan.config.labelNoise).toBe(0);
    gan.step();
    gan.dispose();
  });
});
