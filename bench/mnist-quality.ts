/**
 * MNIST quality after a fixed budget (the targets), through the CLI as a user would run it: the classic
 * GAN after 5,000 iterations and the DCGAN after 30 minutes of training in Node (time in training steps only),
 * each scored by `gan-theory score --parzen` on 5,000 samples beside the real test digits, and the Parzen
 * estimate beside Goodfellow et al. (2014), Table 1: 225 ± 2. About 40 minutes on this machine, so not part of
 * the default `npm run bench`; ask for it by name (`npm run bench -- mnist-quality`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from '../src/cli/io.ts';

const root = join(import.meta.dirname, '..');
const cli = (args: string[]) => execFileSync(process.execPath, [join(root, 'bin/gan-theory.js'), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });

interface Scores {
  inception_score: number;
  frechet_distance: number;
  real_inception_score: number;
  real_frechet_distance: number;
  parzen_log_likelihood: number;
  parzen_sigma: number;
}

function run(label: string, dir: string, trainArgs: string[]): string[] {
  cli(['train-mnist', ...trainArgs, '--out', dir, '--every', '250', '--score-every', '1000']);
  const last = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).at(-1);
  const s = JSON.parse(cli(['score', dir, '--samples', '5000', '--parzen', '--json']).trim().split('\n').at(-1)!) as Scores;
  return [label, String(last.step), (last.training_seconds / 60).toFixed(1), `${s.inception_score.toFixed(2)} (real ${s.real_inception_score.toFixed(2)})`, `${s.frechet_distance.toFixed(1)} (real ${s.real_frechet_distance.toFixed(1)})`, `${s.parzen_log_likelihood.toFixed(1)} (σ ${s.parzen_sigma.toFixed(3)})`];
}

export function benchMnistQuality(): void {
  console.log('\n## MNIST quality after a fixed budget (scored on 5,000 samples; Parzen on 10,000 against the 10,000 test digits)\n');
  const dir = mkdtempSync(join(tmpdir(), 'gan-theory-quality-'));
  const rows = [['model', 'iterations', 'training minutes', 'Inception Score', 'Fréchet distance', 'Parzen log-likelihood']];
  rows.push(run('classic MLP, 5,000 iterations', join(dir, 'mlp'), ['--model', 'mlp', '--steps', '5000']));
  rows.push(run('DCGAN, 30 minutes', join(dir, 'dcgan'), ['--model', 'dcgan', '--minutes', '30']));
  console.log(table(rows));
  console.log('\nTargets and anchors: DCGAN IS ≥ 9 (real test digits ≈ 9.9 with a good classifier); Goodfellow et al. 2014 Parzen 225 ± 2.');
}
