/**
 * Hostile links and inputs on the built site (issue 13, items 8–10): a malformed link shows the contents and a
 * notice, never a blank page; a spec that cannot be computed or drawn is refused with a message, and a link's
 * notice and the page's state agree; an out-of-range sample number is refused by its own parser.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, openPage, settled, visit as visitPage } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();

const visit = (path: string) => visitPage(browser(), path);

const notices = (page: Page) => page.$$eval('.notice', (n) => n.map((e) => e.textContent ?? ''));

describe('malformed links', () => {
  for (const hash of ['#/%', '#/%E0%A4%A', '#/mle-is-kl%']) {
    it(`${hash} shows the contents and a notice, not “Loading…” forever`, async () => {
      const { page, errors } = await visit(hash);
      expect((await notices(page)).some((t) => /no page called/.test(t))).toBe(true);
      expect(await page.$$eval('ol.contents li', (l) => l.length)).toBeGreaterThan(3);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('a 100,000-character link gives a short notice', async () => {
    const { page } = await visit(`#/${'x'.repeat(100_000)}?${'k'.repeat(50_000)}=1`);
    for (const t of await notices(page)) expect(t.length).toBeLessThan(400);
    await page.close();
  });
});

describe('specs that cannot be computed or drawn', () => {
  for (const spec of ['normal(1e20, 1)', 'normal(1e308, 1)']) {
    it(`${spec} in a link: the notice says the default is shown, and the editor and cells do use it`, async () => {
      const { page, errors } = await visit(`#/value-is-jsd?pG=${encodeURIComponent(spec)}`);
      expect((await notices(page)).some((t) => /pG/.test(t) && /showing the default/.test(t) && /1e300|2\^-42/.test(t))).toBe(true);
      expect(await page.inputValue('[data-cell="pG"] input.spec')).toBe('normal(0, 2)');
      const verdicts = await page.$$eval('.check-result', (els) => els.map((e) => (e as HTMLElement).dataset.holds));
      expect(verdicts.every((v) => v === 'true')).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    });

    it(`${spec} typed into the Spec field is refused with a message, and the numbers stay those of the last valid value`, async () => {
      const { page, errors } = await visit('#/value-is-jsd');
      const before = await page.$$eval('.check-result', (els) => els.map((e) => (e as HTMLElement).dataset.left));
      await page.fill('[data-cell="pG"] input.spec', spec);
      await page.waitForTimeout(300);
      await settled(page);
      expect(await page.textContent('[data-cell="pG"] .spec-error')).toMatch(/1e300|2\^-42/);
      expect(await page.$$eval('.check-result', (els) => els.map((e) => (e as HTMLElement).dataset.left))).toEqual(before);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe('sample numbers in a link', () => {
  it('resample=1e300 is refused by the parser, and no cell says “invalid seed”', async () => {
    const { page, errors } = await visit('#/mle-is-kl?resample=1e300');
    expect((await notices(page)).some((t) => /resample/.test(t) && /not a sample number/.test(t))).toBe(true);
    expect(await page.$$eval('.cell-error', (els) => els.map((e) => e.textContent ?? '').filter((t) => /invalid seed/.test(t)))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
