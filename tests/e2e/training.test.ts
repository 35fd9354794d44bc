/** The 1-D training page in headless chromium: it trains, D moves, numbers stay finite, pause stops, the page answers. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, eventLoopDelay, openPage, SCREENSHOTS, settled } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();

const steps = (page: Page) => page.$eval('.training-controls .status', (el) => Number((el as HTMLElement).dataset.steps));
const dCurve = (page: Page) => page.$$eval('[data-cell="discriminatorFigure"] svg path', (ps) => ps.map((p) => p.getAttribute('d')).join('|'));


describe('the 1-D training page', () => {
  it('trains for a few seconds: the step counter runs, D(x) changes, every number stays finite, and pause stops it', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-1d`);
    await settled(page);
    await page.waitForSelector('[data-cell="discriminatorFigure"] svg');
    expect(await page.textContent('.training-controls .status')).toMatch(/backend: (wasm|cpu)/);
    const before = await dCurve(page);
    await page.click('[data-action=play]');
    // The model builds in the worker first (the button is enabled once it is ready); then steps accumulate.
    await page.waitForFunction(() => Number((document.querySelector('.training-controls .status') as HTMLElement)?.dataset.steps) > 20, undefined, { timeout: 60_000 });
    // The page keeps answering while it trains.
    expect(await eventLoopDelay(page)).toBeLessThan(250);
    const pauseClicked = Date.now();
    await page.click('[data-action=pause]');
    await page.waitForFunction(() => document.querySelector('.training-controls .status')?.textContent?.startsWith('paused'));
    const pauseLatency = Date.now() - pauseClicked;
    const paused = await steps(page);
    await page.waitForTimeout(1000);
    expect(await steps(page)).toBe(paused);
    expect(pauseLatency).toBeLessThan(1000);
    await settled(page);
    expect(await dCurve(page)).not.toBe(before);
    const outputs = await page.$$eval('article output', (os) => os.map((o) => o.textContent ?? ''));
    expect(outputs.length).toBeGreaterThan(0);
    for (const o of outputs) expect(o).not.toMatch(/NaN|∞|undefined/);
    await page.click('[data-action=step]');
    await page.waitForFunction((n) => Number((document.querySelector('.training-controls .status') as HTMLElement).dataset.steps) === n + 1, paused);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'train-1d.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('with G frozen, D converges onto D*: the mean distance falls well below where it started', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-1d?freezeG=1&learningRateD=0.005&batchSize=512&k=1`);
    await settled(page);
    await page.click('[data-action=play]');
    await page.waitForFunction(() => Number((document.querySelector('.training-controls .status') as HTMLElement)?.dataset.steps) > 600, undefined, { timeout: 110_000 });
    await page.click('[data-action=pause]');
    await settled(page);
    const note = (await page.textContent('.freeze-note')) ?? '';
    const m = /Mean \|D − D\*\| is ([\d.]+) at step (\d+), from ([\d.]+) at step 0/.exec(note);
    expect(m, note).not.toBeNull();
    const [now, start] = [Number(m![1]), Number(m![3])];
    expect(start).toBeGreaterThan(0.1);
    expect(now).toBeLessThan(0.05);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('restarts cleanly when a setting that needs a new GAN changes, and stops training when the reader leaves the page', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-1d`);
    await settled(page);
    await page.click('[data-action=play]');
    await page.waitForFunction(() => Number((document.querySelector('.training-controls .status') as HTMLElement)?.dataset.steps) > 10);
    await page.fill('[data-cell="seed"] input[type=number]', '42');
    await page.press('[data-cell="seed"] input[type=number]', 'Enter');
    await page.waitForFunction(() => /^running · step \d/.test(document.querySelector('.training-controls .status')?.textContent ?? ''));
    // Leaving the page stops training: another page loads and settles while nothing trains behind it.
    await page.goto(`${BASE}#/value-is-jsd`);
    await settled(page);
    expect(await eventLoopDelay(page)).toBeLessThan(100);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
