/** `gan-theory train-1d` on the exact p_g: its JSON keys, `--density-out` and `--generator-out`. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess } from './in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'train1d-exact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pdata = '0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)';

describe('gan-theory train-1d reports the exact quantities', () => {
  it('each JSON line has the exact JSD and C(G) with error estimates, V by quadrature beside the minibatch V, the bounds, the mass and the atoms', async () => {
    const r = await inProcess('train-1d', '--pdata', pdata, '--steps', '20', '--every', '10', '--json');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      for (const key of ['jsd', 'jsd_error', 'c_of_g', 'c_of_g_error', 'value', 'value_se', 'value_quadrature', 'value_quadrature_error', 'jsd_lower_bound', 'jsd_lower_bound_quadrature', 'd_distance_mean', 'd_distance_max', 'mass']) {
        expect(typeof l[key], key).toBe('number');
      }
      expect(Math.abs(l.c_of_g - (-Math.log(4) + 2 * l.jsd))).toBeLessThan(1e-7);
      expect(l.jsd_lower_bound_quadrature).toBeLessThanOrEqual(l.jsd + l.jsd_error + l.value_quadrature_error);
      expect(Math.abs(l.mass - 1)).toBeLessThan(1e-9);
      expect(l.atoms).toEqual([]);
      expect(l.modes_p_g).toBe('exact');
    }
  }, 60_000);
});

describe('gan-theory train-1d --density-out and --generator-out', () => {
  it('writes the exact density on the grid with its mass, and a model that maps z straight to x in data units', async () => {
    const densityFile = join(dir, 'density.json'), generatorDir = join(dir, 'generator');
    const r = await inProcess('train-1d', '--pdata', pdata, '--steps', '10', '--every', '10', '--json', '--density-out', densityFile, '--generator-out', generatorDir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(densityFile, 'utf8'));
    expect(out.x).toHaveLength(512);
    expect(out.density).toHaveLength(512);
    expect(Math.abs(out.mass - 1)).toBeLessThan(1e-9);
    expect(out.atoms).toEqual([]);
    // The trapezoid rule over the grid sees most of the mass (the grid covers p_data's bulk, a quarter wider).
    let trapezoid = 0;
    for (let i = 1; i < out.x.length; i++) trapezoid += 0.5 * (out.density[i] + out.density[i - 1]) * (out.x[i] - out.x[i - 1]);
    expect(trapezoid).toBeGreaterThan(0.9);
    expect(trapezoid).toBeLessThan(1.05);

    // The saved model, loaded back, samples x = G(z): the sample's mean agrees with the density's mean on the grid.
    const json = JSON.parse(readFileSync(join(generatorDir, 'model.json'), 'utf8'));
    const weights = readFileSync(join(generatorDir, 'weights.bin'));
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(weights).buffer }));
    const z = tf.randomNormal([20_000, 1], 0, 1, 'float32', 7);
    const xs = (model.predict(z) as tf.Tensor).dataSync();
    let sampleMean = 0;
    for (const x of xs) sampleMean += x / xs.length;
    let gridMean = 0, gridMass = 0;
    for (let i = 1; i < out.x.length; i++) {
      const w = 0.5 * (out.x[i] - out.x[i - 1]);
      gridMean += w * (out.x[i] * out.density[i] + out.x[i - 1] * out.density[i - 1]);
      gridMass += w * (out.density[i] + out.density[i - 1]);
    }
    expect(Math.abs(sampleMean - gridMean / gridMass)).toBeLessThan(0.1);
    z.dispose();
    model.dispose();
  }, 60_000);

  it('refuses a density file it cannot write, with status 2 and the option named', async () => {
    const blocked = join(dir, 'file');
    writeFileSync(blocked, '');
    const r = await inProcess('train-1d', '--pdata', 'normal(0, 1)', '--steps', '2', '--every', '2', '--json', '--density-out', join(blocked, 'density.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--density-out: cannot write/);
  }, 60_000);
});
