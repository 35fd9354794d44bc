/** The MNIST page in headless chromium: it trains, the samples change, pause and resume work, calibration converges. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, openPage, SCREENSHOTS, settled } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();

const steps = (page: Page, cell: string) => page.$eval(`[data-cell="${cell}"] .status`, (el) => Number((el as HTMLElement).dataset.steps));
const samples = (page: Page) => page.$eval('[data-cell="samples"] canvas', (c) => (c as HTMLCanvasElement).toDataURL());

describe('the MNIST page', () => {
  it('trains on real digits: the sample grid changes, pause stops it, train resumes it, and the numbers stay finite', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-mnist`);
    await settled(page);
    await page.waitForSelector('[data-cell="samples"] canvas', { timeout: 60_000 });
    expect(await page.textContent('[data-cell="controls"] .status')).toMatch(/backend: wasm/);
    const first = await samples(page);
    await page.click('[data-cell="controls"] [data-action=play]');
    await page.waitForFunction(() => Number((document.querySelector('[data-cell="controls"] .status') as HTMLElement).dataset.steps) >= 60, undefined, { timeout: 60_000 });
    await page.click('[data-cell="controls"] [data-action=pause]');
    await settled(page);
    const paused = await steps(page, 'controls');
    await page.waitForTimeout(800);
    expect(await steps(page, 'controls')).toBe(paused);
    expect(await samples(page)).not.toBe(first);
    await page.click('[data-cell="controls"] [data-action=play]');
    await page.waitForFunction((n) => Number((document.querySelector('[data-cell="controls"] .status') as HTMLElement).dataset.steps) > n + 10, paused, { timeout: 60_000 });
    await page.click('[data-cell="controls"] [data-action=pause]');
    await settled(page);
    // Save a checkpoint, train on, then resume it: the step counter goes back to the saved step.
    await page.click('text=Save checkpoint');
    await page.waitForFunction(() => /Saved step/.test(document.querySelector('.checkpoint-note')?.textContent ?? ''));
    const saved = Number(/Saved step (\d+)/.exec((await page.textContent('.checkpoint-note')) ?? '')![1]);
    await page.click('[data-cell="controls"] [data-action=step]');
    await page.click('text=Resume checkpoint');
    await page.waitForFunction((n) => /Resumed the checkpoint of step/.test(document.querySelector('.checkpoint-note')?.textContent ?? '') && Number((document.querySelector('[data-cell="controls"] .status') as HTMLElement).dataset.steps) === n, saved);
    await settled(page);
    const figures = await page.$$eval('[data-cell="dFigure"] svg path, [data-cell="valueFigure"] svg path', (ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    for (const d of figures) expect(d).not.toMatch(/NaN/);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('trains the DCGAN too: a few iterations change its sample grid, with no errors', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-mnist`);
    await settled(page);
    await page.selectOption('[data-cell="model"] select', 'dcgan');
    await settled(page);
    expect(Number(await page.inputValue('[data-cell="learningRate"] input[type=number]'))).toBeCloseTo(5e-4, 12); // the DCGAN's own rate
    await page.waitForSelector('[data-cell="samples"] canvas', { timeout: 60_000 });
    const first = await samples(page);
    await page.click('[data-cell="controls"] [data-action=play]');
    await page.waitForFunction(() => Number((document.querySelector('[data-cell="controls"] .status') as HTMLElement).dataset.steps) >= 4, undefined, { timeout: 90_000 });
    await page.click('[data-cell="controls"] [data-action=pause]');
    await settled(page);
    await page.waitForFunction((f) => (document.querySelector('[data-cell="samples"] canvas') as HTMLCanvasElement | null)?.toDataURL() !== f, first, { timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);

  it('the calibration discriminator converges toward 1/(1 + α) on digits and 0 on noise', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-mnist?alpha=0.5`);
    await settled(page);
    await page.waitForSelector('[data-cell="calibrationFigure"] svg', { timeout: 60_000 });
    await page.click('[data-cell="calibrationControls"] [data-action=play]');
    await page.waitForFunction(() => Number((document.querySelector('[data-cell="calibrationControls"] .status') as HTMLElement).dataset.steps) >= 350, undefined, { timeout: 90_000 });
    await page.click('[data-cell="calibrationControls"] [data-action=pause]');
    await settled(page);
    const check = await page.$eval('[data-cell="calibrationCheck"] .check-result', (el) => ({ ...(el as HTMLElement).dataset }));
    expect(Number(check.right)).toBeCloseTo(2 / 3, 12);
    expect(Math.abs(Number(check.left) - 2 / 3)).toBeLessThan(0.08);
    expect(check.holds).toBe('true');
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'train-mnist.png'), fullPage: true });
    await page.close();
  }, 120_000);
});
