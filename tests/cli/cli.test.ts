import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import reference from '../fixtures/reference.json' with { type: 'json' };
import { inProcess } from './in-process.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/gan-theory.js');

/** Runs the real installed command and returns its status and streams. */
async function ganTheory(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}


const tolerance = (expected: number) => Math.max(1e-10, 1e-9 * Math.abs(expected));

describe('gan-theory divergence', () => {
  it('prints a readable table with KL both ways, JSD, C(G) and −log 4 + 2·JSD beside it', async () => {
    const r = await inProcess('divergence', '--pdata', 'normal(0, 1)', '--pg', 'normal(1, 2)');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/KL\(P_data ‖ P_G\)\s+0\.443147180559945/); // log 2 + 1/4 − 1/2
    expect(r.stdout).toMatch(/C\(G\) = V\(G, D\*\)/);
    expect(r.stdout).toMatch(/−log 4 \+ 2·JSD/);
  });

  it('prints ∞ with the reason for an infinite KL', async () => {
    const r = await inProcess('divergence', '--pdata', 'cauchy(0, 1)', '--pg', 'normal(0, 1)');
    expect(r.stdout).toMatch(/KL\(P_data ‖ P_G\)\s+∞/);
    expect(r.stdout).toMatch(/Cauchy/);
  });

  it('--json prints only one object with the five keys on stdout', async () => {
    const r = await ganTheory('divergence', '--pdata', 'uniform(0, 2)', '--pg', 'uniform(0, 1)', '--json');
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.stdout);
    expect(Object.keys(obj)).toEqual(['kl_data_g', 'kl_g_data', 'jsd', 'c_of_g', 'wasserstein_1']);
    expect(obj.kl_data_g).toBe('Infinity');
    expect(Math.abs(obj.kl_g_data - Math.log(2))).toBeLessThan(1e-12);
  });

  it('--batch agrees with the mpmath reference values, infinite cases included, and keeps going past a bad entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gan-theory-'));
    const file = join(dir, 'batch.json');
    const entries = reference.pairs.map(({ pdata, pg }) => ({ pdata, pg }));
    entries.splice(3, 0, { pdata: 'normal(0, -1)', pg: 'normal(0, 1)' });
    writeFileSync(file, JSON.stringify(entries));
    const r = await ganTheory('divergence', '--batch', file);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, number | string>[];
    expect(out).toHaveLength(entries.length);
    expect(out[3]!.error).toMatch(/sd must be positive/);
    expect(r.stderr).toMatch(/entry 3/);
    const results = out.filter((_, i) => i !== 3);
    reference.pairs.forEach((ref, i) => {
      for (const key of ['kl_data_g', 'kl_g_data', 'jsd', 'c_of_g'] as const) {
        const expected = ref[key], got = results[i]![key];
        if (expected === 'Infinity') expect(got, `${ref.pdata} | ${ref.pg} ${key}`).toBe('Infinity');
        else expect(Math.abs((got as number) - Number(expected)), `${ref.pdata} | ${ref.pg} ${key}`).toBeLessThanOrEqual(tolerance(Number(expected)));
      }
    });
  });

  it('exits with status 2 and a message naming the problem for a bad spec', async () => {
    const r = await ganTheory('divergence', '--pdata', '0.5*normal(0, 1) + 0.47*cauchy(0, 1)', '--pg', 'normal(0, 1)');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/weights sum to 0\.97, not 1/);
    expect(r.stdout).toBe('');
  });

  it('exits with status 2 for a missing option, an unreadable batch file, or a batch that is not an array', async () => {
    expect((await inProcess('divergence', '--pdata', 'normal(0, 1)')).code).toBe(2);
    const missing = await inProcess('divergence', '--batch', '/nonexistent/file.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read batch file/);
    const dir = mkdtempSync(join(tmpdir(), 'gan-theory-'));
    writeFileSync(join(dir, 'obj.json'), '{"pdata": "normal(0, 1)"}');
    expect((await inProcess('divergence', '--batch', join(dir, 'obj.json'))).stderr).toMatch(/JSON array/);
    writeFileSync(join(dir, 'bad.json'), '[{');
    expect((await inProcess('divergence', '--batch', join(dir, 'bad.json'))).stderr).toMatch(/not valid JSON/);
  });

  it('has --help on every subcommand', async () => {
    for (const sub of ['divergence', 'verify', 'train-1d']) {
      const r = await inProcess(sub, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: gan-theory ${sub}`));
    }
  });
});

describe('gan-theory verify', () => {
  it('passes every identity and prints pass per identity with the largest error', async () => {
    const r = await inProcess('verify', '--pairs', '10');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pass\s+c-of-g/);
    expect(r.stdout).not.toMatch(/FAIL/);
  });

  it('rejects a bad --pairs with status 2', async () => {
    expect((await inProcess('verify', '--pairs', 'many')).code).toBe(2);
    expect((await inProcess('verify', '--pairs', '0')).code).toBe(2);
  });
});

describe('gan-theory train-1d', () => {
  const args = ['train-1d', '--pdata', '0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)', '--steps', '40', '--every', '20', '--k', '2', '--json'];

  it('prints JSON lines at intervals, only JSON on stdout, and the same numbers for the same seed', async () => {
    const a = await ganTheory(...args, '--seed', '5');
    expect(a.code).toBe(0);
    const rows = a.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.step)).toEqual([20, 40]);
    for (const r of rows) {
      for (const key of ['loss_d', 'loss_g', 'value', 'jsd', 'd_distance_mean', 'd_distance_max']) expect(Number.isFinite(r[key]), key).toBe(true);
      expect(r.c_of_g).toBeCloseTo(-Math.log(4) + 2 * r.jsd, 12);
    }
    expect(a.stderr).toMatch(/TensorFlow.js wasm/);
    const b = await ganTheory(...args, '--seed', '5');
    expect(b.stdout).toBe(a.stdout);
    const c = await ganTheory(...args, '--seed', '6');
    expect(c.stdout).not.toBe(a.stdout);
  }, 60_000);

  it('with --freeze-g leaves the generator loss empty and says G is frozen', async () => {
    const r = await inProcess('train-1d', '--pdata', 'normal(0, 1)', '--steps', '10', '--every', '10', '--freeze-g', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim()).loss_g).toBeNull();
    expect(r.stderr).toMatch(/G frozen/);
  }, 60_000);

  it('refuses bad options with status 2', async () => {
    expect((await inProcess('train-1d', '--pdata', 'normal(0, -1)')).code).toBe(2);
    expect((await inProcess('train-1d', '--pdata', 'normal(0, 1)', '--k', '0', '--steps', '1')).stderr).toMatch(/invalid k: 0/);
    expect((await inProcess('train-1d', '--pdata', 'normal(0, 1)', '--loss', 'wasserstein')).code).toBe(2);
    expect((await inProcess('train-1d', '--steps', '5')).code).toBe(2);
  }, 60_000);
});
