/**
 * The 1-D GAN's speed: training iterations per second in Node for each backend (the numbers are identical across
 * backends; only the time differs), the cost of one snapshot (20,000 generated points, a KDE, D on 512 points,
 * the JSD by quadrature), and in headless chromium the page's own steps/s and the time its figures take to redraw.
 */
import '@tensorflow/tfjs-backend-wasm';
import { table } from '../src/cli/io.ts';
import { parseDistribution } from '../src/distributions/spec.ts';
import { useBackend } from '../src/gan/backend.ts';
import { DEFAULT_GAN1D, Gan1d } from '../src/gan/gan1d.ts';
import { launch, openPage, settled, startPreview } from '../tests/e2e/browser.ts';

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
  rows.push(...(await browserFigures()));
  console.log(table(rows));
  console.log('\n(Node: 600 timed iterations after 30 warm-up ones; browser: the page’s own steps/s while training for 6 s, snapshots included.)');
}

type Hooks = { __notebookCellTimes: () => Record<string, number>; __notebookRuns: () => Record<string, number> };

async function browserFigures(): Promise<string[][]> {
    const PORT = 4321, BASE = `http://127.0.0.1:${PORT}/`;
  const stop = await startPreview(PORT);
  try {
    const browser = await launch();
    const { page } = await openPage(browser);
    await page.goto(`${BASE}#/train-1d`);
    await settled(page);
    const read = () => page.evaluate(() => ({ times: (window as unknown as Hooks).__notebookCellTimes(), runs: (window as unknown as Hooks).__notebookRuns() }));
    const before = await read();
    await page.click('[data-action=play]');
    await page.waitForTimeout(6000);
    await page.click('[data-action=pause]');
    await settled(page);
    const status = (await page.textContent('.training-controls .status')) ?? '';
    const after = await read();
    const figures = ['discriminatorFigure', 'distanceFigure', 'densityFigure', 'valueFigure', 'lossFigure', 'boundCheck', 'freezeNote'];
    const figureMs = figures.reduce((s, f) => s + ((after.times[f] ?? 0) - (before.times[f] ?? 0)), 0);
    const refreshes = Math.max(1, (after.runs.discriminatorFigure ?? 0) - (before.runs.discriminatorFigure ?? 0));
    await browser.close();
    const rate = /(\d+) steps\/s/.exec(status)?.[1] ?? '?';
    const backend = /backend: (\w+)/.exec(status)?.[1] ?? '?';
    const steps = Number(/step ([\d,]+)/.exec(status)?.[1]?.replace(/,/g, '') ?? 0);
    return [[`chromium (${steps} steps, ${refreshes} redraws in 6 s)`, backend, String(DEFAULT_GAN1D.k), rate, `figures: ${(figureMs / refreshes).toFixed(1)} ms per redraw`]];
  } finally {
    stop();
  }
}
