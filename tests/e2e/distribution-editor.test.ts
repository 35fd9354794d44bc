/**
 * The distribution editor's component rows in headless chromium: add, remove, change a family, move a weight,
 * and type a custom formula, each reaching the spec field, the handles and the page's checks together. (Typing
 * the spec, dragging and the arrow keys are in theory-pages.test.ts.)
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { virtualTrainingCriterion } from '../../src/numerics/discriminator.ts';
import { BASE, openPage, settled, visit as visitPage } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();
const EDITOR = '[data-cell="pG"]';

const visit = (path: string) => visitPage(browser(), path);

const spec = (page: Page) => page.inputValue(`${EDITOR} input.spec`);

/** The page's C(G) check must agree with the numerics core for the spec the editor shows. */
async function checkFollows(page: Page): Promise<void> {
  const pData = parseDistribution(await page.inputValue('[data-cell="pData"] input.spec'));
  const left = await page.$eval('[data-cell="jsdCheck"] .check-result', (el) => Number((el as HTMLElement).dataset.left));
  expect(Math.abs(left - virtualTrainingCriterion(pData, parseDistribution(await spec(page))).value)).toBeLessThan(1e-12);
}

describe('the distribution editor’s component rows', () => {
  it('add a component, move its weight, change its family and remove it, keeping spec, handles and checks in step', async () => {
    const { page, errors } = await visit(`#/value-is-jsd?pG=${encodeURIComponent('normal(0, 2)')}`);
    await page.click(`${EDITOR} button.add`);
    await settled(page);
    let d = parseDistribution(await spec(page));
    expect(d.components.map((c) => c.family)).toEqual(['normal', 'normal']);
    expect(d.components[1]!.weight).toBeCloseTo(0.5, 12);
    expect(await page.$$eval(`${EDITOR} .handle`, (h) => h.length)).toBe(2);
    await checkFollows(page);

    const weight = page.locator(`${EDITOR} li.component`).nth(1).locator('label.param', { hasText: 'weight' }).locator('input[type=number]');
    await weight.fill('0.2');
    await weight.press('Enter');
    await settled(page);
    d = parseDistribution(await spec(page));
    expect(d.components.map((c) => c.weight)).toEqual([0.8, 0.2]);
    await checkFollows(page);

    await page.locator(`${EDITOR} li.component`).nth(1).locator('select').selectOption('uniform');
    await settled(page);
    d = parseDistribution(await spec(page));
    expect(d.components[1]!.family).toBe('uniform');
    expect(d.components[1]!.weight).toBe(0.2);
    await checkFollows(page);

    await page.click(`${EDITOR} li.component >> nth=0 >> button.remove`);
    await settled(page);
    d = parseDistribution(await spec(page));
    expect(d.components).toHaveLength(1);
    expect(d.components[0]!.family).toBe('uniform');
    expect(await page.$$eval(`${EDITOR} .handle`, (h) => h.length)).toBe(1);
    await checkFollows(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes a custom formula from its row, and refuses one the sandbox rejects with the message beside the spec', async () => {
    const { page, errors } = await visit(`#/value-is-jsd?pG=${encodeURIComponent('normal(0, 2)')}`);
    await page.locator(`${EDITOR} li.component select`).selectOption('density');
    await settled(page);
    expect(parseDistribution(await spec(page)).components[0]!.family).toBe('density');
    const formula = page.locator(`${EDITOR} input.formula`);
    await formula.fill('exp(-abs(x))');
    await formula.press('Enter');
    await settled(page);
    expect(parseDistribution(await spec(page)).components[0]!.formula).toBe('exp(-abs(x))');
    await checkFollows(page);

    const before = await spec(page);
    await formula.fill('import({}, {})');
    await formula.press('Enter');
    await settled(page);
    expect(await page.textContent(`${EDITOR} .spec-error`)).not.toBe('');
    expect(await spec(page)).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a component past the limit a typed spec or a link meets, keeping the last good distribution', async () => {
    const { page, errors } = await visit(`#/value-is-jsd?pG=${encodeURIComponent('normal(0, 2)')}`);
    for (let n = 2; n <= 20; n++) {
      await page.click(`${EDITOR} button.add`);
      await settled(page);
    }
    expect(parseDistribution(await spec(page)).components).toHaveLength(20);
    await page.click(`${EDITOR} button.add`);
    expect(await page.textContent(`${EDITOR} .spec-error`)).toMatch(/at most 20 components/);
    await settled(page);
    expect(parseDistribution(await spec(page)).components).toHaveLength(20);
    await checkFollows(page);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

