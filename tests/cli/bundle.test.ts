/**
 * The built command: bin/gan-theory.js running the bundle in dist-cli/, spawned as a user would run it. Checks its
 * output and exit codes, what it loads (never tsx or the TypeScript sources; TensorFlow.js only for the commands
 * that train or score), that TensorFlow.js's console banner never reaches the output, and when the bundle counts
 * as stale.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleState } from '../../scripts/cli-bundle.mjs';
import { inProcess } from './in-process.ts';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/gan-theory.js');
const RECORD = join(import.meta.dirname, 'helpers/record-imports.mjs');
const BANNER = /looks like you are running TensorFlow\.js in Node\.js/;
const scratch = mkdtempSync(join(tmpdir(), 'gan-theory-bundle-'));
const run = promisify(execFile);

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Every module URL the process resolved. */
  readonly imports: readonly string[];
}

let calls = 0;
/** Runs the installed command in a child process, recording the modules it resolves. */
async function ganTheory(...args: string[]): Promise<Result> {
  const log = join(scratch, `imports-${calls++}.txt`);
  writeFileSync(log, '');
  const env = { ...process.env, GAN_IMPORT_LOG: log };
  let code = 0, stdout: string, stderr: string;
  try {
    ({ stdout, stderr } = await run(process.execPath, ['--import', RECORD, BIN, ...args], { env, maxBuffer: 1 << 24, timeout: 120_000 }));
  } catch (e) {
    ({ code, stdout, stderr } = e as { code: number; stdout: string; stderr: string });
  }
  return { code, stdout, stderr, imports: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const loadedTensorFlow = (r: Result) => r.imports.some((url) => url.includes('/@tensorflow/'));
const loadedSources = (r: Result) => r.imports.some((url) => url.includes('/tsx/') || /\/src\/.*\.ts$/.test(url));

beforeAll(() => {
  // What `npm ci` (prepare) and `npm test` (pretest) do; a no-op when dist-cli/ is fresh.
  execFileSync(process.execPath, [join(ROOT, 'scripts/cli-bundle.mjs'), '--if-stale'], { stdio: 'inherit' });
}, 120_000);

describe('gan-theory run from its bundle', () => {
  it('prints the divergence table the in-process command prints, from dist-cli/ without tsx, the sources or TensorFlow.js', async () => {
    const args = ['divergence', '--pdata', '0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)', '--pg', 'normal(0, 2)'];
    const r = await ganTheory(...args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe((await inProcess(...args)).stdout);
    expect(r.imports.some((url) => url.endsWith('/dist-cli/main.js'))).toBe(true);
    expect(loadedSources(r)).toBe(false);
    expect(loadedTensorFlow(r)).toBe(false);
  });

  it('prints --json, and exits 2 with a message on stderr naming a bad spec', async () => {
    const ok = await ganTheory('divergence', '--pdata', 'normal(0, 1)', '--pg', 'normal(1, 1)', '--json');
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.stdout) as Record<string, number>;
    expect(json.kl_data_g).toBeCloseTo(0.5, 12); // KL(N(0,1)‖N(1,1)) = ½
    const bad = await ganTheory('divergence', '--pdata', 'normal(0, -1)', '--pg', 'normal(1, 1)');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    // The message, then the spec with the bad part underlined.
    expect(bad.stderr.split('\n')[0]).toMatch(/^error: bad --pdata: normal: sd must be positive, got -1/);
  });

  it('exits 0 for --help, 2 for no command and for an unknown one', async () => {
    const help = await ganTheory('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/divergence/);
    expect((await ganTheory()).code).toBe(2);
    expect((await ganTheory('divergences')).code).toBe(2);
    expect(loadedTensorFlow(help)).toBe(false);
  });

  it('loads TensorFlow.js for train-1d and prints none of its banner, on the cpu and the wasm backend', async () => {
    for (const backend of ['cpu', 'wasm']) {
      const r = await ganTheory('train-1d', '--pdata', 'normal(0, 1)', '--steps', '4', '--every', '2', '--backend', backend, '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(loadedTensorFlow(r)).toBe(true);
      expect(r.stdout + r.stderr).not.toMatch(BANNER);
      expect(r.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { step: number }).step)).toEqual([2, 4]);
    }
  });

  it('trains and scores an MNIST generator without TensorFlow.js’s banner in either stream', async () => {
    const dir = join(scratch, 'mnist-run');
    const train = await ganTheory('train-mnist', '--steps', '2', '--every', '1', '--score-every', '1000', '--score-samples', '100', '--out', dir);
    expect(train.code, train.stderr).toBe(0);
    expect(train.stdout + train.stderr).not.toMatch(BANNER);
    const score = await ganTheory('score', dir, '--samples', '100', '--backend', 'cpu', '--json');
    expect(score.code, score.stderr).toBe(0);
    expect(score.stdout + score.stderr).not.toMatch(BANNER);
    expect((JSON.parse(score.stdout) as { model: string }).model).toBe('mlp');
  }, 240_000);

  it('is tested against a banner that is real: TensorFlow.js prints it on the cpu backend’s first tensor unless PROD is set', async () => {
    const script = (prod: boolean) =>
      `const tf = await import('@tensorflow/tfjs'); ${prod ? "tf.env().set('PROD', true);" : ''} await tf.setBackend('cpu'); tf.tensor([1, 2]).dataSync();`;
    const plain = await run(process.execPath, ['--input-type=module', '-e', script(false)], { cwd: ROOT });
    expect(plain.stdout + plain.stderr).toMatch(BANNER);
    const quiet = await run(process.execPath, ['--input-type=module', '-e', script(true)], { cwd: ROOT });
    expect(quiet.stdout + quiet.stderr).not.toMatch(BANNER);
  });
});

describe('bundleState', () => {
  /** A fake checkout: src/ with two files and a built dist-cli/ stamped with their state. */
  function checkout(): { root: string; source: string } {
    const root = mkdtempSync(join(scratch, 'checkout-'));
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    mkdirSync(join(root, 'dist-cli'));
    const source = join(root, 'src', 'cli', 'main.ts');
    writeFileSync(source, 'export {};\n');
    writeFileSync(join(root, 'src', 'a.ts'), 'export {};\n');
    const past = new Date(Date.now() - 60_000);
    for (const f of [source, join(root, 'src', 'a.ts')]) utimesSync(f, past, past);
    writeFileSync(join(root, 'dist-cli', 'main.js'), '');
    return { root, source };
  }
  const stamp = (root: string, newest: number, files: number) => writeFileSync(join(root, 'dist-cli', 'stamp.json'), JSON.stringify({ newest, files }));
  // The recipe (scripts/cli-bundle.mjs) is an input too: the stamp has to be at least as new as it and count it.
  const recipe = () => Math.ceil(Date.now() / 1000) * 1000 + 1;

  it('is fresh when no input changed since the stamp, stale after an edit, an added or a removed file', () => {
    const { root, source } = checkout();
    stamp(root, recipe(), 3);
    expect(bundleState(root)).toBe('fresh');
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(source, future, future);
    expect(bundleState(root)).toBe('stale');

    const second = checkout();
    stamp(second.root, recipe(), 3);
    writeFileSync(join(second.root, 'src', 'b.ts'), 'export {};\n');
    utimesSync(join(second.root, 'src', 'b.ts'), new Date(0), new Date(0));
    expect(bundleState(second.root)).toBe('stale');
    rmSync(join(second.root, 'src', 'b.ts'));
    rmSync(join(second.root, 'src', 'a.ts'));
    expect(bundleState(second.root)).toBe('stale');
  });

  it('is missing without dist-cli/main.js, stale without a stamp, and installed where there are no sources', () => {
    const { root } = checkout();
    expect(bundleState(root)).toBe('stale');
    rmSync(join(root, 'src'), { recursive: true });
    expect(bundleState(root)).toBe('installed');
    rmSync(join(root, 'dist-cli', 'main.js'));
    expect(bundleState(root)).toBe('missing');
  });
});
