/**
 * The 1-D GAN's speed: training iterations per second in Node for each backend (the numbers are identical across
 * backends; only the time differs), the cost of one snapshot (20,000 generated points, a KDE, D on 512 points,
 * the JSD by quadrature). The page's rate beside Node's is in training-pages.ts.
 */
import '@tensorflow/tfjs-backend-wasm';
import { table } from '../src/cli/io.ts';
import { parseDistribution } from '../src/distributions/spec.ts';
import { useBackend } from '../src/gan/backend.ts';
import { DEFAULT_GAN1D, Gan1d } from '../src/gan/gan1d.ts';

const pData = parseDistribution('0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)');

export async function benchTraining1d(): Promise<void> {
  console.log('\n## 1-D GAN training (batch 128, two hidden layers of 32 tanh units)\n');
  const rows: string[][] = [['where', 'backend', 'k', 'iterations / s', 'snapshot']];
  for (const backend of ['wasm', 'cpu'] as const) {
    await useBackend(backend);
    for (const k of [1, DEFAULT_GAN1D.k]) {
      const gan = new Gan1d({ ...DEFAULT_GAN1D, pData, k });
      for (let i = 0; i < 30; i++) gan.step();
      const n = 600;
      let t = performance.now();
      for (let i = 0; i < n; i++) gan.step();
      const rate = n / ((performance.now() - t) / 1000);
      t = performance.now();
      for (let i = 0; i < 5; i++) gan.snapshot();
      const snapshotMs = (performance.now() - t) / 5;
      gan.dispose();
      rows.push(['Node', backend, String(k), rate.toFixed(0), `${snapshotMs.toFixed(1)} ms`]);
    }
  }
  console.log(table(rows));
  console.log('\n(Node: 600 timed iterations after 30 warm-up ones; browser: the page’s own steps/s while training for 6 s, snapshots included.)');
}
