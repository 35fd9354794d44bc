/**
 * How fast a page answers an edit, in headless Debian chromium: each theory page's distribution handle is moved
 * with the keyboard (one edit = one component moved). Reported per edit:
 * - in-frame work: time inside the cells that re-run at once (everything but the deferred slow cells), which is
 *   what a drag costs per frame — a frame at 60 Hz is 16.7 ms;
 * - deferred work: the slow cells (fits, Monte-Carlo, sweeps), which run once the reader pauses for 150 ms;
 * - all redrawn: wall time from the key press until every cell has redrawn (the 150 ms pause included).
 */
import { table } from '../src/cli/io.ts';
import { launch, openPage, settled, startPreview } from '../tests/e2e/browser.ts';

const PORT = 4319;
const BASE = `http://127.0.0.1:${PORT}/`;

const PAGES: readonly { slug: string; handle: string }[] = [
  { slug: 'value-is-jsd', handle: '[data-cell="pG"] .handle' },
  { slug: 'optimal-discriminator', handle: '[data-cell="pG"] .handle' },
  { slug: 'mle-is-kl', handle: '[data-cell="pData"] .handle' },
  { slug: 'kl-asymmetry', handle: '[data-cell="pData"] .handle' },
  { slug: 'training-game', handle: '[data-cell="pG"] .handle' },
];

type Hooks = { __notebookCellTimes: () => Record<string, number>; __notebookDeferred: () => string[] };

export async function benchBrowser(edits = 12): Promise<void> {
  console.log('\n## Theory pages: recomputing after an edit (headless chromium)\n');
  const stop = await startPreview(PORT);
  try {
    const browser = await launch();
    const rows: string[][] = [['page', 'in-frame work: median', 'worst', 'frame budget', 'deferred work: median', 'all redrawn: median']];
    const breakdown: string[] = [];
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    for (const { slug, handle } of PAGES) {
      const { page } = await openPage(browser);
      await page.goto(`${BASE}#/${slug}`);
      await settled(page);
      const deferred = new Set(await page.evaluate(() => (window as unknown as Hooks).__notebookDeferred()));
      const times = () => page.evaluate(() => (window as unknown as Hooks).__notebookCellTimes());
      const frame: number[] = [], slow: number[] = [], wall: number[] = [];
      const totals = new Map<string, number>();
      for (let k = 0; k < edits; k++) {
        const before = await times();
        await page.focus(handle);
        const t0 = Date.now();
        await page.keyboard.press(k % 2 ? 'ArrowLeft' : 'ArrowRight');
        await settled(page);
        wall.push(Date.now() - t0);
        const after = await times();
        let f = 0, d = 0;
        for (const [name, t] of Object.entries(after)) {
          const spent = t - (before[name] ?? 0);
          totals.set(name, (totals.get(name) ?? 0) + spent);
          if (deferred.has(name)) d += spent;
          else f += spent;
        }
        frame.push(f);
        slow.push(d);
      }
      const heaviest = [...totals].filter(([, t]) => t / edits > 0.05).sort((a, b) => b[1] - a[1]).slice(0, 4);
      breakdown.push(`${slug}: ${heaviest.map(([n, t]) => `${n}${deferred.has(n) ? ' (deferred)' : ''} ${(t / edits).toFixed(1)} ms`).join(', ')}`);
      rows.push([slug, `${med(frame).toFixed(1)} ms`, `${Math.max(...frame).toFixed(1)} ms`, med(frame) < 16.7 ? 'within' : 'OVER', `${med(slow).toFixed(1)} ms`, `${med(wall)} ms`]);
      await page.close();
    }
    await browser.close();
    console.log(table(rows));
    console.log(`\nHeaviest cells per edit (mean):\n${breakdown.map((b) => `  ${b}`).join('\n')}`);
    console.log(`\n(${edits} keyboard edits per page.)`);
  } finally {
    stop();
  }
}
