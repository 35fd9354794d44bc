/**
 * The pages on where the theory breaks, in headless chromium against the built site: a slider moves their figures
 * and numbers, and a deliberately wrong input (a difference step as wide as the distributions) turns a check red.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, openPage, settled } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();

async function visit(path: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser());
  await opened.page.goto(`${BASE}${path}`);
  await settled(opened.page);
  return opened;
}

async function checkValues(page: Page, cell: string): Promise<{ holds: string; left: number; right: number }> {
  return page.$eval(`[data-cell="${cell}"] .check-result`, (el) => {
    const d = (el as HTMLElement).dataset;
    return { holds: d.holds ?? '', left: Number(d.left), right: Number(d.right) };
  });
}

async function drawn(page: Page, cell: string): Promise<string> {
  return page.$$eval(`[data-cell="${cell}"] svg path`, (paths) => paths.map((p) => p.getAttribute('d') ?? '').join('|'));
}

async function setSlider(page: Page, cell: string, value: number): Promise<void> {
  await page.fill(`[data-cell="${cell}"] input[type=number]`, String(value));
  await page.press(`[data-cell="${cell}"] input[type=number]`, 'Enter');
  await settled(page);
}

describe('Why the JSD goes flat', () => {
  it('the σ slider redraws the sweep and keeps every check green down to σ = 1e-3', async () => {
    const { page, errors } = await visit('#/jsd-goes-flat');
    const before = await drawn(page, 'flatFigure');
    const gradientBefore = (await checkValues(page, 'criterionGradientCheck')).left;
    await setSlider(page, 'sigma', 0.001);
    await setSlider(page, 'd', 0.02);
    expect(await drawn(page, 'flatFigure')).not.toBe(before);
    const after = await checkValues(page, 'criterionGradientCheck');
    expect(after.left).not.toBe(gradientBefore);
    for (const cell of ['criterionGradientCheck', 'asymptoticCheck', 'wassersteinRoutesCheck', 'wassersteinGradientCheck', 'sharpeningCheck', 'vanishingBoundCheck']) {
      expect((await checkValues(page, cell)).holds, cell).toBe('true');
    }
    // W₁ of two copies of one normal is the separation.
    expect(Math.abs((await checkValues(page, 'wassersteinRoutesCheck')).left - 0.02)).toBeLessThan(1e-12);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a difference step as wide as σ is no derivative: the gradient check turns red', async () => {
    const { page } = await visit('#/jsd-goes-flat');
    expect((await checkValues(page, 'criterionGradientCheck')).holds).toBe('true');
    await setSlider(page, 'step', 1);
    expect((await checkValues(page, 'criterionGradientCheck')).holds).toBe('false');
    await page.close();
  });

  it('sharpening D moves its figure and its check', async () => {
    const { page } = await visit('#/jsd-goes-flat');
    const before = await drawn(page, 'sharpeningFigure');
    const gradient = (await checkValues(page, 'sharpeningCheck')).right;
    await setSlider(page, 'k', 200);
    expect(await drawn(page, 'sharpeningFigure')).not.toBe(before);
    const after = await checkValues(page, 'sharpeningCheck');
    expect(after.holds).toBe('true');
    expect(Math.abs(after.right)).toBeLessThan(Math.abs(gradient) * 1e-6);
    await page.close();
  });
});

describe('What the non-saturating loss really minimises', () => {
  it('moving σ redraws the landscape and moves both Theorem 2.5 checks, which stay green', async () => {
    const { page, errors } = await visit('#/non-saturating-loss');
    const before = await drawn(page, 'landscapeFigure');
    const location = (await checkValues(page, 'locationCheck')).left;
    await setSlider(page, 'sigma', 0.5);
    expect(await drawn(page, 'landscapeFigure')).not.toBe(before);
    for (const cell of ['locationCheck', 'scaleCheck', 'locationSaturatingCheck', 'scaleSaturatingCheck']) expect((await checkValues(page, cell)).holds, cell).toBe('true');
    expect((await checkValues(page, 'locationCheck')).left).not.toBe(location);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a difference step of σ/2 turns the checks red', async () => {
    const { page } = await visit('#/non-saturating-loss');
    await setSlider(page, 'step', 0.5);
    expect((await checkValues(page, 'locationCheck')).holds).toBe('false');
    expect((await checkValues(page, 'scaleCheck')).holds).toBe('false');
    await page.close();
  });
});

describe('Mode collapse, watched', () => {
  it('the kernel slider redraws the overlap images; kernel 4 is flat inside, and the checks hold', async () => {
    const { page, errors } = await visit('#/mode-collapse');
    // The images are cells (rects): their colours are the fingerprint.
    const fills = () => page.$$eval('[data-cell="overlapFigure"] svg rect', (rs) => rs.map((r) => r.getAttribute('fill') ?? '').join('|'));
    const before = await fills();
    const cells = () => page.$$eval('[data-cell="overlapFigure"] svg rect', (rs) => rs.length);
    expect(await cells()).toBeGreaterThan(256);
    await setSlider(page, 'kernel', 4);
    const captions = await page.$$eval('[data-cell="overlapFigure"] figcaption', (cs) => cs.map((c) => c.textContent ?? ''));
    // A kernel the stride divides: the interior is flat, in one layer and in two.
    expect(captions).toHaveLength(2);
    expect(captions[0]).toMatch(/kernel 4/);
    for (const caption of captions) expect(caption).toMatch(/interior max\/min 1$/);
    expect(await fills()).not.toBe(before);
    expect((await checkValues(page, 'overlapCheck')).holds).toBe('true');
    expect((await checkValues(page, 'basinMassCheck')).holds).toBe('true');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('too coarse a grid for the masses turns the basin check red', async () => {
    const { page } = await visit('#/mode-collapse');
    await setSlider(page, 'massGrid', 12);
    expect((await checkValues(page, 'basinMassCheck')).holds).toBe('false');
    await page.close();
  });

  it('training the collapse preset fills the mode table and the heat-strip', async () => {
    const { page, errors } = await visit('#/mode-collapse');
    await page.click('[data-cell="controls"] button[data-action="play"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-cell="heatStrip"] svg rect').length > 0, undefined, { timeout: 60_000 });
    const covered = await page.$eval('[data-cell="coverageFigure"] .modes-covered', (el) => Number((el as HTMLElement).dataset.covered));
    expect(covered).toBeGreaterThanOrEqual(0);
    expect(covered).toBeLessThanOrEqual(3);
    expect(await page.$$eval('[data-cell="coverageFigure"] table.mode-masses tr', (rows) => rows.length)).toBe(4);
    expect(errors).toEqual([]);
    await page.close();
  });
});
