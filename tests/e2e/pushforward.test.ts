/**
 * "The generator's density needs no inverse" in headless chromium: every check holds at the defaults and for each
 * generator shape (the costs of its cells printed), a slider moves the figures, and a link that pushes forward only
 * part of the latent line turns the mass check ✗ while the two sides of the proof's step still agree.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, openPage, settled, visit as visitPage } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();

const visit = (path: string) => visitPage(browser(), path);

/** Each check's verdict by cell: 'true', 'false' or 'pending'; a neutral note reads 'neutral'. */
async function verdicts(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-cell]', (slots) =>
    Object.fromEntries(
      slots
        .map((s) => [s.getAttribute('data-cell'), (s.querySelector('.check-result') as HTMLElement | null)?.dataset.holds ?? (s.querySelector('.check-neutral') ? 'neutral' : '')] as const)
        .filter(([, v]) => v !== ''),
    ),
  );
}

const drawn = (page: Page, cell: string) => page.$$eval(`[data-cell="${cell}"] svg path`, (ps) => ps.map((p) => p.getAttribute('d') ?? '').join('|'));
const cellTimes = (page: Page) => page.evaluate(() => (window as unknown as { __notebookCellTimes: () => Record<string, number> }).__notebookCellTimes());
const CHECKS = { massCheck: 'true', lotusCheck: 'true', lotusBentCheck: 'true', naiveCheck: 'true' };

describe('the pushforward page', () => {
  it('holds every check at the defaults, and says the naive formula’s mass is m ≠ 1', async () => {
    const { page, errors } = await visit('#/pushforward');
    expect(await verdicts(page)).toEqual(CHECKS);
    expect(await page.textContent('[data-cell="naiveCheck"] .note')).toMatch(/m = 0\.61\d* ≠ 1/);
    expect(await page.$$eval('[data-cell="densityFigure"] figcaption', (c) => c.map((e) => e.textContent ?? ''))).toEqual([expect.stringMatching(/p_g/), expect.stringMatching(/^An estimate/)]);
    expect(errors).toEqual([]);
    console.log('cell times (ms) at the defaults, sin 2z + 0.3z:', JSON.stringify(await cellTimes(page), (_, v) => (typeof v === 'number' ? +v.toFixed(1) : v)));
    await page.close();
  });

  for (const generator of ['affine', 'square', 'sine', 'network']) {
    it(`holds every check for the ${generator} generator`, async () => {
      const { page, errors } = await visit(`#/pushforward?generator=${generator}`);
      expect(await verdicts(page)).toEqual(CHECKS);
      if (generator === 'affine') expect(await page.textContent('[data-cell="naiveCheck"] .note')).toMatch(/one-to-one/);
      else expect(await page.textContent('[data-cell="naiveCheck"] .note')).toMatch(/≠ 1/);
      expect(errors).toEqual([]);
      console.log(`cell times (ms), ${generator}:`, JSON.stringify(await cellTimes(page), (_, v) => (typeof v === 'number' ? +v.toFixed(1) : v)));
      await page.close();
    });
  }

  it('moving the scale slider redraws G and its density, and the checks hold for the new G', async () => {
    const { page, errors } = await visit('#/pushforward');
    const [g0, d0] = [await drawn(page, 'generatorFigure'), await drawn(page, 'densityFigure')];
    await page.locator('[data-cell="b"] input[type=range]').evaluate((el: HTMLInputElement) => {
      el.value = '1.6';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settled(page);
    expect(await drawn(page, 'generatorFigure')).not.toBe(g0);
    expect(await drawn(page, 'densityFigure')).not.toBe(d0);
    expect(decodeURIComponent(page.url())).toContain('b=1.6');
    expect(await verdicts(page)).toEqual(CHECKS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link that pushes forward only z in [−3, 3] fails the mass check, naming the missing latent mass, and nothing else', async () => {
    const { page, errors } = await visit('#/pushforward?latent=3');
    expect(await verdicts(page)).toEqual({ ...CHECKS, massCheck: 'false' });
    expect(await page.textContent('[data-cell="massCheck"] .note')).toMatch(/misses 0\.0027/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("offers the generator just trained on the 1-D page: before any training it says so and a random network stands in; after training it is that generator, exactly, with every check holding", async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/pushforward?generator=trained`);
    await settled(page);
    expect(await page.textContent('[data-cell="generatorFigure"] .trained-note')).toMatch(/No generator has been trained on the 1-D page in this tab yet/);
    expect(await verdicts(page)).toEqual(CHECKS);
    const untrained = await drawn(page, 'generatorFigure');

    await page.goto(`${BASE}#/train-1d`);
    await settled(page);
    await page.click('[data-action=play]');
    await page.waitForFunction(() => Number((document.querySelector('.training-controls .status') as HTMLElement)?.dataset.steps) > 300, undefined, { timeout: 90_000 });
    await page.click('[data-action=pause]');
    await page.waitForFunction(() => document.querySelector('.training-controls .status')?.textContent?.startsWith('paused'));
    // The last snapshot's generator reaches the store once its request is answered.
    await page.waitForTimeout(500);

    await page.goto(`${BASE}#/pushforward?generator=trained`);
    await settled(page);
    expect(await page.textContent('[data-cell="generatorFigure"] .trained-note')).toMatch(/G is the generator trained on the 1-D page: [\d,]+ steps on p_data = 0\.5\*normal\(-2, 0\.5\)/);
    expect(await drawn(page, 'generatorFigure')).not.toBe(untrained);
    expect(await verdicts(page)).toEqual(CHECKS);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
