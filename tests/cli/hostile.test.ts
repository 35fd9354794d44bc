/**
 * The command line against hostile and careless input (issue 13, items 3, 11, 12): every failure is one line on
 * stderr with status 2 (bad input) or 1 (a run that failed), never a stack trace; messages quote a short window of
 * the input; batch files with a byte-order mark work; seeds past 2^53 − 1 are refused by their own text; tampered
 * checkpoints and generator directories are refused before anything trains or scores.
 */
import { cpSync, rmSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inProcess } from './in-process.ts';

const scratch = mkdtempSync(join(tmpdir(), 'gan-theory-hostile-'));

/** One line of stderr (the caret display of a spec error aside), no stack frames. */
function expectOneLine(stderr: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines[0], stderr).toMatch(/^error: /);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.length).toBeLessThan(1200);
}

describe('gan-theory divergence on hostile input', () => {
  it('never writes null for a number in --json, even for extreme accepted parameters', async () => {
    for (const [pdata, pg] of [['normal(0, 1e200)', 'normal(0, 1)'], ['normal(1e12, 1)', 'normal(0, 1)'], ['normal(0, 1)', 'normal(0, 1e-300)']]) {
      const r = await inProcess('divergence', '--pdata', pdata!, '--pg', pg!, '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/null/);
      const out = JSON.parse(r.stdout) as Record<string, number | string>;
      expect(out.jsd as number).toBeGreaterThanOrEqual(0);
      expect(out.jsd as number).toBeLessThanOrEqual(Math.LN2);
    }
  });

  it('refuses extreme parameters it cannot compute with, naming the limit, with status 2', async () => {
    for (const spec of ['normal(1e308, 1)', 'normal(1e20, 1)', 'normal(1e308, 1e308)']) {
      const r = await inProcess('divergence', '--pdata', spec, '--pg', 'normal(0, 1)', '--json');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/1e300|2\^-42/);
    }
  });

  it('answers a 10,000-component mixture at once: refused with the documented limit', async () => {
    const spec = Array.from({ length: 10_000 }, (_, i) => `0.0001*normal(${i}, 1)`).join(' + ');
    const started = performance.now();
    const r = await inProcess('divergence', '--pdata', spec, '--pg', 'normal(0, 1)');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at most 20 components/);
    expect(r.stderr.length).toBeLessThan(1000);
  });

  it('quotes at most a short window of a 1 MB spec', async () => {
    const r = await inProcess('divergence', '--pdata', `normal(0, 1) + ${'q'.repeat(10_000)}`, '--pg', 'normal(0, 1)');
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(600);
    const huge = await inProcess('divergence', '--pdata', 'w'.repeat(1_000_000), '--pg', 'normal(0, 1)');
    expect(huge.code).toBe(2);
    expect(huge.stderr.length).toBeLessThan(600);
  });

  it('accepts a batch file with a UTF-8 byte-order mark', async () => {
    const file = join(scratch, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify([{ pdata: 'normal(0, 1)', pg: 'normal(1, 1)' }])}`);
    const r = await inProcess('divergence', '--batch', file);
    expect(r.code, r.stderr).toBe(0);
    expect(Math.abs((JSON.parse(r.stdout) as { kl_data_g: number }[])[0]!.kl_data_g - 0.5)).toBeLessThan(1e-12);
  });

  it('exits non-zero when every entry fails, and names each entry once', async () => {
    const file = join(scratch, 'all-bad.json');
    writeFileSync(file, JSON.stringify([{ pdata: 'normal(0, -1)', pg: 'normal(0, 1)' }, { pg: 'normal(0, 1)' }, 7]));
    const r = await inProcess('divergence', '--batch', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^entry 0: bad pdata: normal: sd must be positive/m);
    expect(r.stderr).toMatch(/^entry 1: "pdata" must be a spec string$/m);
    expect(r.stderr).toMatch(/^entry 2: not an object/m);
    expect(r.stderr).not.toMatch(/entry \d+: entry/);
    expect(r.stderr).toMatch(/every entry of .* failed/);
  });
});

describe('seeds', () => {
  it('refuses a seed past 2^53 − 1 quoting what was typed, not the number it rounds to', async () => {
    const r = await inProcess('verify', '--pairs', '1', '--seed', '9007199254740993');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'9007199254740993'/);
    expect(r.stderr).not.toMatch(/9007199254740992/);
    for (const bad of ['9007199254740991', '-1', '1.5', '4294967296', 'x'.repeat(10_000)]) {
      const b = await inProcess('verify', '--pairs', '1', '--seed', bad);
      expect(b.code, bad).toBe(2);
      expect(b.stderr.length).toBeLessThan(400);
    }
    expect((await inProcess('verify', '--pairs', '1', '--seed', '4294967295')).code).toBe(0);
  });
});

describe('gan-theory score and train-mnist on hostile input', () => {
  const run = join(scratch, 'run');
  beforeAll(async () => {
    const r = await inProcess('train-mnist', '--steps', '4', '--every', '2', '--score-every', '1000', '--score-samples', '50', '--batch', '16', '--out', run);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  /** A copy of the run with one generator file replaced. */
  function tamperedGenerator(name: string, file: string, content: string | Buffer): string {
    const dir = join(scratch, name);
    cpSync(run, dir, { recursive: true });
    writeFileSync(join(dir, 'generator', file), content);
    return dir;
  }

  it('refuses tampered or missing generator files with one line and status 2', async () => {
    const model = JSON.parse(readFileSync(join(run, 'generator', 'model.json'), 'utf8'));
    const weights = readFileSync(join(run, 'generator', 'weights.bin'));
    const cases: [string, string, string | Buffer, RegExp][] = [
      ['invalid-json', 'model.json', '{"modelTopology":', /not valid JSON/],
      ['no-manifest', 'model.json', JSON.stringify({ modelTopology: model.modelTopology }), /no weightsManifest/],
      ['bad-topology', 'model.json', JSON.stringify({ ...model, modelTopology: { class_name: 'Sequential', config: { layers: [] } } }), /not the mlp generator/],
      ['wrong-shape', 'model.json', JSON.stringify({ ...model, weightsManifest: [{ ...model.weightsManifest[0], weights: model.weightsManifest[0].weights.map((w: { shape: number[] }, i: number) => (i === 0 ? { ...w, shape: [100, 64] } : w)) }] }), /has shape/],
      ['escape', 'model.json', JSON.stringify({ ...model, weightsManifest: [{ ...model.weightsManifest[0], paths: ['../../checkpoint/checkpoint.json'] }] }), /not a plain file name/],
      ['truncated', 'weights.bin', weights.subarray(0, 1000), /1000 bytes of weights/],
      ['evil-model', 'pixels.json', JSON.stringify({ model: 'evil' }), /names the model "evil"/],
      ['pixels-empty', 'pixels.json', '', /not valid JSON/],
    ];
    for (const [name, file, content, message] of cases) {
      const r = await inProcess('score', tamperedGenerator(name, file, content), '--samples', '50');
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expectOneLine(r.stderr);
      expect(r.stderr, name).toMatch(message);
    }
    for (const file of ['pixels.json', 'weights.bin']) {
      const dir = tamperedGenerator(`missing-${file}`, file, '');
      rmSync(join(dir, 'generator', file));
      const r = await inProcess('score', dir, '--samples', '50');
      expect(r.code, file).toBe(2);
      expectOneLine(r.stderr);
      expect(r.stderr).toMatch(/cannot read .*ENOENT/);
    }
  }, 120_000);

  it('refuses --samples 0, −10, 1 and 1e8 with one line and status 2', async () => {
    for (const n of ['0', '-10', '1', '1e8']) {
      const r = await inProcess('score', run, '--samples', n);
      expect(r.code, n).toBe(2);
      expectOneLine(r.stderr);
      expect(r.stderr).toMatch(/--samples must be an integer from 2 to 5000/);
    }
  });

  it('refuses --out a file or /dev/null, and --score-samples 0, before training', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    for (const out of [file, '/dev/null']) {
      const r = await inProcess('train-mnist', '--steps', '1', '--out', out);
      expect(r.code, out).toBe(2);
      expectOneLine(r.stderr);
      expect(r.stderr).toMatch(/is not a directory/);
    }
    const zero = await inProcess('train-mnist', '--steps', '1', '--score-samples', '0', '--out', join(scratch, 'zero'));
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--score-samples must be an integer from 2 to 5000/);
  });

  it('refuses to resume a tampered checkpoint, and leaves it as it was', async () => {
    const edits: [string, (m: Record<string, any>) => void, RegExp][] = [
      ['zero-random', (m) => (m.random = [0, 0, 0, 0, null]), /all four words are 0/],
      ['string-step', (m) => (m.step = 'ten'), /step is "ten"/],
      ['dcgan-config', (m) => (m.config.model = 'dcgan'), /not the dcgan generator/],
      ['escape', (m) => (m.generator.weights = '../../../etc/passwd'), /not a plain file name/],
    ];
    for (const [name, edit, message] of edits) {
      const dir = join(scratch, `resume-${name}`);
      cpSync(run, dir, { recursive: true });
      const path = join(dir, 'checkpoint', 'checkpoint.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8'));
      edit(manifest);
      const text = JSON.stringify(manifest);
      writeFileSync(path, text);
      const r = await inProcess('train-mnist', '--resume', dir, '--steps', '1', '--score-samples', '50');
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expectOneLine(r.stderr);
      expect(r.stderr, name).toMatch(message);
      expect(readFileSync(path, 'utf8')).toBe(text);
    }
    const missing = join(scratch, 'resume-missing-bin');
    cpSync(run, missing, { recursive: true });
    mkdirSync(join(missing, 'checkpoint', 'gone'));
    writeFileSync(join(missing, 'checkpoint', 'generator.bin'), Buffer.alloc(0));
    const r = await inProcess('train-mnist', '--resume', missing, '--steps', '1', '--score-samples', '50');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/0 bytes of weights/);
  }, 120_000);
});
