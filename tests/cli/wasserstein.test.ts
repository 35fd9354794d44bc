/** `gan-theory divergence` reports W₁ in its table, its JSON and its batch output, +∞ as "Infinity" with its reason. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess } from './in-process.ts';

describe('gan-theory divergence with W₁', () => {
  it('--json carries wasserstein_1: |μ₁ − μ₂| for normals of equal width, √(2/π)·|σ₁ − σ₂| for equal means', async () => {
    const shifted = JSON.parse((await inProcess('divergence', '--pdata', 'normal(0, 1)', '--pg', 'normal(3, 1)', '--json')).stdout);
    expect(Math.abs(shifted.wasserstein_1 - 3)).toBeLessThan(1e-10);
    const stretched = JSON.parse((await inProcess('divergence', '--pdata', 'normal(0, 1)', '--pg', 'normal(0, 3)', '--json')).stdout);
    expect(Math.abs(stretched.wasserstein_1 - 2 * Math.sqrt(2 / Math.PI))).toBeLessThan(1e-10);
  });

  it('writes "Infinity" for a Cauchy against a normal, and the table gives the reason', async () => {
    const json = JSON.parse((await inProcess('divergence', '--pdata', 'cauchy(0, 1)', '--pg', 'normal(0, 1)', '--json')).stdout);
    expect(json.wasserstein_1).toBe('Infinity');
    const table = (await inProcess('divergence', '--pdata', 'cauchy(0, 1)', '--pg', 'normal(0, 1)')).stdout;
    expect(table).toMatch(/W₁\(P_data, P_G\)\s+∞/);
    expect(table).toMatch(/W₁\(P_data, P_G\): P has a Cauchy component and Q has none/);
  });

  it('the table shows W₁ for two uniforms: uniform(0, 1) to uniform(3, 4) is 3', async () => {
    const r = await inProcess('divergence', '--pdata', 'uniform(0, 1)', '--pg', 'uniform(3, 4)');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/W₁\(P_data, P_G\)\s+3(\.0+)?\s/);
  });

  it('--batch gives wasserstein_1 for every entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gan-theory-w1-'));
    const file = join(dir, 'batch.json');
    writeFileSync(file, JSON.stringify([{ pdata: 'laplace(0, 1)', pg: 'laplace(2.5, 1)' }, { pdata: 'cauchy(0, 1)', pg: 'cauchy(-2, 1)' }]));
    const out = JSON.parse((await inProcess('divergence', '--batch', file)).stdout) as { wasserstein_1: number }[];
    expect(Math.abs(out[0]!.wasserstein_1 - 2.5)).toBeLessThan(1e-10);
    // Two Cauchys of equal scale: finite, the shift.
    expect(Math.abs(out[1]!.wasserstein_1 - 2)).toBeLessThan(1e-10);
  });
});
