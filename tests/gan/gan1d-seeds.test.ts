/**
 * The 1-D page's checks after training, for seeds 1–5 at the page's defaults: the JSD bound (V by quadrature
 * against the exact p_g), p_g's mass, and C(G) = −log 4 + 2·JSD hold at each snapshot. (`gan-theory train-1d
 * --steps 3000 --every 300` for the same seeds measured the same checks at every row; see the closing note.)
 */
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { DEFAULT_GAN1D, Gan1d } from '../../src/gan/gan1d.ts';

const pData = parseDistribution('0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)');

beforeAll(async () => {
  await useBackend('wasm');
});

describe('the 1-D page’s checks after training, seeds 1–5', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: the bound, the mass and C(G) hold at steps 150 and 300`, () => {
      const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, seed });
      for (let i = 1; i <= 300; i++) {
        gan.step();
        if (i % 150 !== 0) continue;
        const s = gan.snapshot();
        expect(s.jsdLowerBoundQuadrature, `step ${i}`).toBeLessThanOrEqual(s.jsd + s.jsdError + s.valueQuadratureError);
        expect(Math.abs(s.mass - 1), `step ${i}`).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(s.cOfG - (-Math.log(4) + 2 * s.jsd)), `step ${i}`).toBeLessThanOrEqual(s.cOfGError + 2 * s.jsdError + 1e-12);
        expect(s.distance.mean).toBeLessThan(0.5);
      }
      gan.dispose();
    }, 60_000);
  }
});
