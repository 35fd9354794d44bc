/**
 * MNIST training throughput: iterations per second (one D step + one G step at batch 128) of the classic GAN in
 * Node, on the WebAssembly backend with and without the project's kernels (src/gan/wasm-kernels.ts) and on the
 * plain cpu backend, each in its own process; and the DCGAN on wasm. (The page's rate beside Node's: training-pages.ts.)
 * ../shared/BENCH.md: default wasm ≈ 18 it/s, ≈ 69 it/s with explicit transposes, target ≥ 60 (aim 100).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { table } from '../src/cli/io.ts';

const root = join(import.meta.dirname, '..');

function measure(backend: string, kernels: string, model: string, iterations: number): number {
  const out = execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bench/mnist-worker.ts'), backend, kernels, model, String(iterations)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out.trim().split('\n').pop()!).rate;
}

export async function benchMnist(): Promise<void> {
  console.log('\n## MNIST GAN training (batch 128; one D step + one G step per iteration)\n');
  const rows: string[][] = [['where', 'model', 'backend', 'iterations / s', 'reference (../shared/BENCH.md)']];
  rows.push(['Node', 'classic MLP', 'wasm + project kernels', measure('wasm', 'on', 'mlp', 300).toFixed(1), '≈ 69 it/s; target ≥ 60, aim 100']);
  rows.push(['Node', 'classic MLP', 'wasm (tfjs default)', measure('wasm', 'off', 'mlp', 100).toFixed(1), '≈ 18 it/s']);
  rows.push(['Node', 'classic MLP', 'cpu', measure('cpu', 'off', 'mlp', 20).toFixed(1), '≈ 2.9 it/s']);
  rows.push(['Node', 'DCGAN', 'wasm + project kernels', measure('wasm', 'on', 'dcgan', 3).toFixed(2), '—']);
  console.log(table(rows));
}
