/**
 * Which 1-D GAN settings need a new model in the training worker and which apply live: the latent is G's input
 * distribution (a new model), the tricks in D's training change only the losses (live, and they reach the model).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAN1D } from '../../src/gan/gan1d-config.ts';
import { REGISTRY } from '../../notebooks/training/kinds.ts';
import type { Gan1dWireConfig } from '../../notebooks/training/protocol.ts';

const gan1d = REGISTRY.kinds.gan1d as unknown as {
  needsReset: (a: Gan1dWireConfig, b: Gan1dWireConfig) => boolean;
  applyLive: (model: { setLiveOptions: (o: unknown) => void }, c: Gan1dWireConfig) => void;
};
const base: Gan1dWireConfig = { ...DEFAULT_GAN1D, pData: 'normal(0, 1)' };

describe('the 1-D GAN kind', () => {
  it('needs a new model for a new latent, not for the tricks in D', () => {
    expect(gan1d.needsReset(base, { ...base, latent: 'uniform' })).toBe(true);
    expect(gan1d.needsReset(base, { ...base, seed: 2 })).toBe(true);
    for (const change of [{ labelSmoothing: 0.1 }, { labelNoise: 0.05 }, { dropoutD: 0.3 }, { instanceNoise: 0.5 }, { instanceNoiseSteps: 100 }, { k: 3 }]) {
      expect(gan1d.needsReset(base, { ...base, ...change }), JSON.stringify(change)).toBe(false);
    }
  });

  it('passes the tricks to the running model live', () => {
    let seen: unknown;
    gan1d.applyLive({ setLiveOptions: (o) => (seen = o) }, { ...base, labelSmoothing: 0.1, dropoutD: 0.3, instanceNoise: 0.5, instanceNoiseSteps: 100, labelNoise: 0.05 });
    expect(seen).toEqual({ k: base.k, loss: base.loss, freezeG: false, labelSmoothing: 0.1, labelNoise: 0.05, dropoutD: 0.3, instanceNoise: 0.5, instanceNoiseSteps: 100 });
  });
});
