/**
 * For the classroom, in headless chromium: a cell embedded alone (also inside an iframe), lesson links that copy
 * the state and hide controls, figures downloaded as SVG and PNG whose content matches what the page drew, a
 * training run's history as CSV and JSON, and the print stylesheet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readTextChunks } from '../../notebooks/components/png-text.ts';
import { BASE, openPage, SCREENSHOTS, settled, visit as visitPage } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();

const visit = (path: string, options?: { width?: number; height?: number }) => visitPage(browser(), path, options);

/** The text the page copied to the clipboard (read back through the Clipboard API). */
async function copied(page: Page, selector: string): Promise<string> {
  await browser().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE.replace(/\/$/, '') });
  await page.click(selector);
  await page.waitForFunction((s) => (document.querySelector(s)?.closest('.copy-link, .copy-embed')?.querySelector('.copy-status')?.textContent ?? '') !== '', selector);
  return page.evaluate(() => navigator.clipboard.readText());
}

async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = (await Promise.all([page.waitForEvent('download'), page.click(selector)])) as [Download, void];
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

const visible = (page: Page, selector: string) => page.$$eval(selector, (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0).length);

describe('an embedded cell', () => {
  it('shows exactly that cell and the controls it reads, with no navigation, and its state from the link', async () => {
    const { page, errors } = await visit('#/value-is-jsd?embed=slideFigure&shift=0.6');
    const cells = await page.$$eval('article [data-cell]', (els) => els.map((e) => `${(e as HTMLElement).dataset.role}:${(e as HTMLElement).dataset.cell}`));
    expect(cells).toEqual(['input:pData', 'input:shift', 'view:slideFigure']);
    for (const s of ['.site-header', 'nav#nav', '.pager']) expect(await page.$eval(s, (e) => getComputedStyle(e).display)).toBe('none');
    expect(await page.inputValue('[data-cell="shift"] input[type=number]')).toBe('0.600');
    expect(await page.$$eval('[data-cell="slideFigure"] svg[class^="plot-"]', (s) => s.length)).toBe(1);
    expect(await page.$$eval('.notice', (n) => n.length)).toBe(0);
    expect(page.url()).toContain('embed=slideFigure');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works inside an iframe and fits its width', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/`);
    await page.evaluate((src) => {
      document.body.innerHTML = `<iframe id="lesson" src="${src}" width="420" height="700" style="border:0"></iframe>`;
    }, `${BASE}#/optimal-discriminator?embed=pointwiseCheck`);
    const frame = (await (await page.waitForSelector('#lesson')).contentFrame())!;
    await frame.waitForFunction(() => (window as unknown as { __notebookIdle?: () => boolean }).__notebookIdle?.() === true, undefined, { timeout: 30_000 });
    const views = await frame.$$eval('article [data-role="view"]', (els) => els.map((e) => (e as HTMLElement).dataset.cell));
    expect(views).toEqual(['pointwiseCheck']);
    expect(await frame.$eval('[data-cell="pointwiseCheck"] .check-result', (e) => (e as HTMLElement).dataset.holds)).toBe('true');
    const widest = await frame.$$eval('article *', (els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(420);
    await page.screenshot({ path: join(SCREENSHOTS, 'embed-iframe.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a cell the page does not have shows the whole page with a notice', async () => {
    const { page } = await visit('#/value-is-jsd?embed=noSuchCell');
    expect(await page.textContent('.notice')).toMatch(/noSuchCell/);
    expect(await page.$$eval('article [data-role="view"]', (e) => e.length)).toBeGreaterThan(5);
    await page.close();
  });

  it('a training figure comes with the trainer’s controls and its settings', async () => {
    const { page, errors } = await visit('#/train-1d?embed=discriminatorFigure&k=3');
    const cells = await page.$$eval('article [data-cell]', (els) => els.map((e) => (e as HTMLElement).dataset.cell));
    expect(cells).toContain('controls');
    expect(cells).toContain('k');
    expect(cells.at(-1)).toBe('discriminatorFigure');
    expect(cells).not.toContain('lossFigure');
    expect(await page.inputValue('[data-cell="k"] input[type=number]')).toBe('3');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('lesson links', () => {
  it('“Copy link to this state” copies a link that reopens the same state', async () => {
    const { page } = await visit('#/value-is-jsd');
    await page.fill('[data-cell="pG"] input.spec', 'laplace(1, 0.5)');
    await settled(page);
    const link = await copied(page, '.page-tools .copy-link button');
    expect(decodeURIComponent(link)).toContain('pG=laplace(1,+0.5)');
    const right = await page.$eval('[data-cell="jsdCheck"] .check-result', (e) => (e as HTMLElement).dataset.right);
    const again = await openPage(browser());
    await again.page.goto(link);
    await settled(again.page);
    expect(await again.page.inputValue('[data-cell="pG"] input.spec')).toBe('laplace(1, 0.5)');
    expect(await again.page.$eval('[data-cell="jsdCheck"] .check-result', (e) => (e as HTMLElement).dataset.right)).toBe(right);
    await again.page.close();
    await page.close();
  });

  it('“Copy embed link” under a figure copies a link that shows that figure alone', async () => {
    const { page } = await visit('#/value-is-jsd?shift=0.4');
    const link = await copied(page, '.cell-tools[data-for="slideFigure"] .copy-embed button');
    expect(link).toContain('embed=slideFigure');
    expect(link).toContain('shift=0.4');
    expect(link).not.toContain('pG='); // the slide figure does not read p_g
    const again = await openPage(browser());
    await again.page.goto(link);
    await settled(again.page);
    expect(await again.page.$$eval('article [data-role="view"]', (els) => els.map((e) => (e as HTMLElement).dataset.cell))).toEqual(['slideFigure']);
    await again.page.close();
    await page.close();
  });

  it('hide=k,seed hides those controls and keeps them hidden in the page’s own links; an unknown name gets a notice', async () => {
    const { page, errors } = await visit('#/train-1d?hide=k,seed,nope&k=4');
    expect(await page.$eval('[data-cell="k"]', (e) => getComputedStyle(e).display)).toBe('none');
    expect(await page.$eval('[data-cell="seed"]', (e) => getComputedStyle(e).display)).toBe('none');
    expect(await page.$eval('[data-cell="learningRateD"]', (e) => getComputedStyle(e).display)).not.toBe('none');
    expect(await page.textContent('.notice')).toMatch(/nope/);
    expect(await page.$eval('[data-cell="controls"] .status', () => true)).toBe(true);
    // k is hidden but still set by the link, and the trainer uses it.
    expect(await page.evaluate(() => location.hash)).toContain('k=4');
    await page.selectOption('[data-cell="batchSize"] select', '64');
    await settled(page);
    expect(await page.evaluate(() => decodeURIComponent(location.hash))).toContain('hide=k,seed,nope');
    expect(errors.filter((e) => !/nope/.test(e))).toEqual([]);
    await page.close();
  });
});

describe('figures to take away', () => {
  it('the SVG is a valid document with the figure’s curves, its legend, the specs and the link', async () => {
    const { page, errors } = await visit('#/value-is-jsd');
    const { name, bytes } = await download(page, '.cell-tools[data-for="densityFigure"] [data-action=download-svg]');
    expect(name).toBe('value-is-jsd-densityFigure.svg');
    const svg = bytes.toString('utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.tagName,
        desc: doc.querySelector('desc')?.textContent ?? '',
        metadata: JSON.parse(doc.querySelector('metadata')?.textContent ?? '{}') as { state: Record<string, string>; cell: string },
        paths: [...doc.querySelectorAll('svg svg path')].map((p) => p.getAttribute('d') ?? ''),
        texts: [...doc.querySelectorAll(':root > text')].map((t) => t.textContent ?? ''),
      };
    }, svg);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    const pData = await page.inputValue('[data-cell="pData"] input.spec');
    expect(parsed.desc).toContain(pData);
    expect(parsed.metadata.state.pData).toBe(pData);
    expect(parsed.metadata.cell).toBe('densityFigure');
    expect(parsed.texts).toContain('p_data(x)');
    // The same curves as on the page, path for path.
    const onPage = await page.$$eval('[data-cell="densityFigure"] svg[class^="plot-"] path', (ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    expect(parsed.paths).toEqual(onPage);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the PNG decodes at twice the figure’s size, carries the caption and specs, and shows the curves’ colours', async () => {
    const { page, errors } = await visit('#/value-is-jsd?shift=0.5');
    const { name, bytes } = await download(page, '.cell-tools[data-for="slideFigure"] [data-action=download-png]');
    expect(name).toBe('value-is-jsd-slideFigure.png');
    const text = readTextChunks(new Uint8Array(bytes));
    const caption = await page.textContent('[data-cell="slideFigure"] figcaption');
    expect(text.Title).toContain(caption!);
    expect(text.Description).toContain('shift = 0.5');
    expect(JSON.parse(text['gan-theory']!).state.shift).toBe('0.5');
    const image = PNG.sync.read(bytes);
    const plotWidth = await page.$eval('[data-cell="slideFigure"] svg[class^="plot-"]', (s) => Number(s.getAttribute('width')));
    expect(image.width).toBe(2 * (plotWidth + 24));
    // The JSD curve's purple (#8a5cf6) and C(G)'s green (#2a9d3f) are drawn.
    const count = (r: number, g: number, b: number) => {
      let n = 0;
      for (let i = 0; i < image.data.length; i += 4) if (Math.abs(image.data[i]! - r) < 12 && Math.abs(image.data[i + 1]! - g) < 12 && Math.abs(image.data[i + 2]! - b) < 12) n++;
      return n;
    };
    expect(count(0x8a, 0x5c, 0xf6)).toBeGreaterThan(500);
    expect(count(0x2a, 0x9d, 0x3f)).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a training run downloads its history as CSV and JSON, row for row what the page recorded', async () => {
    const { page, errors } = await visit('#/train-1d?seed=7');
    await page.waitForSelector('[data-cell="discriminatorFigure"] svg');
    await page.click('[data-cell="controls"] [data-action=play]');
    await page.waitForFunction(() => Number((document.querySelector('.training-controls .status') as HTMLElement).dataset.steps) > 30);
    await page.click('[data-cell="controls"] [data-action=pause]');
    await page.waitForFunction(() => (document.querySelector('.training-controls .status') as HTMLElement).dataset.status === 'paused');
    const recorded = async () => (await page.evaluate(() => (window as unknown as { __trainingWorkers: { history: (k: string) => { step: number; lossD: number }[] } }).__trainingWorkers.history('gan1d'))) as { step: number; lossD: number }[];
    // The page shows 'paused' at once; the steps the worker ran before it stopped can still be on their way.
    let history = await recorded();
    for (let previous = -1; history.length !== previous; ) {
      previous = history.length;
      await page.waitForTimeout(300);
      history = await recorded();
    }
    const csv = (await download(page, '[data-cell="controls"] [data-action=history-csv]')).bytes.toString('utf8');
    const rows = csv.trimEnd().split('\r\n').map((r) => r.split(','));
    expect(rows[0]).toEqual(expect.arrayContaining(['step', 'lossD', 'lossG', 'value']));
    expect(rows.length - 1).toBe(history.length);
    const step = rows[0]!.indexOf('step'), lossD = rows[0]!.indexOf('lossD');
    expect(Number(rows.at(-1)![step])).toBe(history.at(-1)!.step);
    expect(Number(rows.at(-1)![lossD])).toBe(history.at(-1)!.lossD);
    const json = JSON.parse((await download(page, '[data-cell="controls"] [data-action=history-json]')).bytes.toString('utf8'));
    expect(json.kind).toBe('gan1d');
    expect(json.config.seed).toBe(7);
    expect(json.history).toHaveLength(history.length);
    expect(json.snapshots.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('print', () => {
  it('prints as a handout: prose, figures and checks as they stand, no controls, and what they were drawn for', async () => {
    const { page, errors } = await visit('#/value-is-jsd');
    await page.emulateMedia({ media: 'print' });
    for (const s of ['.site-header', 'nav#nav', '.pager', '[data-cell="pData"]', '[data-cell="shift"]', '.cell-tools']) {
      expect(await page.$eval(s, (e) => getComputedStyle(e).display), s).toBe('none');
    }
    expect(await visible(page, '[data-cell="densityFigure"] svg[class^="plot-"]')).toBe(2);
    expect(await visible(page, '.check-result')).toBeGreaterThan(3);
    const state = await page.textContent('.print-state');
    expect(state).toContain(await page.inputValue('[data-cell="pData"] input.spec'));
    await page.screenshot({ path: join(SCREENSHOTS, 'value-is-jsd-print.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
