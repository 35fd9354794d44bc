/**
 * The theory pages in headless chromium against the built site: they load cleanly, KaTeX renders, every live
 * check holds, inputs move the figures and the numbers to the values the numerics core computes, links restore
 * state, and bad input is refused without breaking the page.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { jsDivergence } from '../../src/numerics/divergences.ts';
import { virtualTrainingCriterion } from '../../src/numerics/discriminator.ts';
import { BASE, openPage, SCREENSHOTS, settled } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const SLUGS = ['mle-is-kl', 'pushforward', 'optimal-discriminator', 'value-is-jsd', 'kl-asymmetry', 'training-game', 'jsd-goes-flat', 'non-saturating-loss', 'mode-collapse'];

const browser = useBrowser();

async function visit(path: string, options?: { width?: number; height?: number }): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser(), options);
  await opened.page.goto(`${BASE}${path}`);
  await settled(opened.page);
  return opened;
}

/** The numbers a check shows, read from its data attributes. */
async function checkValues(page: Page, cell: string): Promise<{ holds: boolean; left: number; right: number }> {
  return page.$eval(`[data-cell="${cell}"] .check-result`, (el) => {
    const d = (el as HTMLElement).dataset;
    return { holds: d.holds === 'true', left: Number(d.left), right: Number(d.right) };
  });
}

/** The `d` attributes of every path in a cell's figures: a cheap fingerprint of what is drawn. */
async function drawn(page: Page, cell: string): Promise<string> {
  return page.$$eval(`[data-cell="${cell}"] svg path`, (paths) => paths.map((p) => p.getAttribute('d') ?? '').join('|'));
}

describe('every theory page', () => {
  for (const slug of SLUGS) {
    it(`${slug} loads without console errors, renders its maths, and every live check holds`, async () => {
      const { page, errors } = await visit(`#/${slug}`);
      expect(errors).toEqual([]);
      const text = await page.$eval('article.theory', (a) => a.textContent ?? '');
      expect(text).not.toContain('$$');
      expect(text).not.toMatch(/\$[^$\s][^$]*\$/);
      expect(await page.$$eval('article .katex', (k) => k.length)).toBeGreaterThan(3);
      expect(await page.$$eval('.notice, .cell-error', (els) => els.map((e) => e.textContent))).toEqual([]);
      const empty = await page.$$eval('[data-cell]', (els) => els.filter((e) => e.childElementCount === 0).map((e) => (e as HTMLElement).dataset.cell));
      expect(empty).toEqual([]);
      const verdicts = await page.$$eval('.check-result', (els) => els.map((e) => `${(e as HTMLElement).dataset.holds} ${e.closest('[data-cell]')?.getAttribute('data-cell')}`));
      expect(verdicts.length).toBeGreaterThan(0);
      for (const v of verdicts) expect(v).toMatch(/^true /);
      // At the defaults every check has something to check: none is a neutral note.
      expect(await page.$$eval('.check-neutral', (els) => els.map((e) => e.closest('[data-cell]')?.getAttribute('data-cell')))).toEqual([]);
      expect(await page.$$eval('article output', (os) => os.map((o) => o.textContent).filter((t) => /NaN|undefined/.test(t ?? '')))).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `${slug}.png`), fullPage: true });
      await page.close();
    });
  }
});

describe('the C(G) = −log 4 + 2·JSD page', () => {
  it('typing a new p_g updates the figures and shows the numerics core’s values', async () => {
    const { page, errors } = await visit('#/value-is-jsd');
    const before = await drawn(page, 'densityFigure');
    const spec = '0.6*cauchy(1, 0.7) + 0.4*uniform(-3, -1)';
    await page.fill('[data-cell="pG"] input.spec', spec);
    await settled(page);
    expect(await drawn(page, 'densityFigure')).not.toBe(before);
    const pData = parseDistribution(await page.inputValue('[data-cell="pData"] input.spec'));
    const pG = parseDistribution(spec);
    const expectedC = virtualTrainingCriterion(pData, pG).value;
    const expectedRight = -Math.log(4) + 2 * jsDivergence(pData, pG).value;
    const check = await checkValues(page, 'jsdCheck');
    expect(check.holds).toBe(true);
    expect(Math.abs(check.left - expectedC)).toBeLessThan(1e-12);
    expect(Math.abs(check.right - expectedRight)).toBeLessThan(1e-12);
    expect(decodeURIComponent(page.url())).toContain(`pG=${spec}`.replace(/ /g, '+'));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('dragging a component’s centre moves the distribution, the plot and the numbers together', async () => {
    const { page } = await visit('#/value-is-jsd');
    const beforeSpec = await page.inputValue('[data-cell="pG"] input.spec');
    const beforeFigure = await drawn(page, 'densityFigure');
    const handle = page.locator('[data-cell="pG"] .handle').first();
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    await settled(page);
    const afterSpec = await page.inputValue('[data-cell="pG"] input.spec');
    expect(afterSpec).not.toBe(beforeSpec);
    const mean = (s: string) => parseDistribution(s).components[0]!.params[0];
    expect(mean(afterSpec)).toBeGreaterThan(mean(beforeSpec));
    expect(await drawn(page, 'densityFigure')).not.toBe(beforeFigure);
    const pData = parseDistribution(await page.inputValue('[data-cell="pData"] input.spec'));
    const check = await checkValues(page, 'jsdCheck');
    expect(Math.abs(check.left - virtualTrainingCriterion(pData, parseDistribution(afterSpec)).value)).toBeLessThan(1e-12);
    await page.close();
  });

  it('a handle moves by keyboard too', async () => {
    const { page } = await visit('#/value-is-jsd');
    const before = parseDistribution(await page.inputValue('[data-cell="pG"] input.spec')).components[0]!.params[0];
    await page.focus('[data-cell="pG"] .handle');
    await page.keyboard.press('Shift+ArrowRight');
    await settled(page);
    const after = parseDistribution(await page.inputValue('[data-cell="pG"] input.spec')).components[0]!.params[0];
    expect(after).toBeGreaterThan(before);
    await page.close();
  });

  it('a shared link restores exactly the distributions and slider it names', async () => {
    const pData = 'laplace(-1, 0.4)';
    const pG = '0.5*normal(2, 0.3) + 0.5*logistic(-2, 0.5)';
    const { page, errors } = await visit(`#/value-is-jsd?pData=${encodeURIComponent(pData)}&pG=${encodeURIComponent(pG)}&shift=0.6`);
    expect(await page.inputValue('[data-cell="pData"] input.spec')).toBe(pData);
    expect(await page.inputValue('[data-cell="pG"] input.spec')).toBe(pG);
    expect(await page.inputValue('[data-cell="shift"] input[type=number]')).toBe('0.600');
    const check = await checkValues(page, 'jsdCheck');
    expect(Math.abs(check.left - virtualTrainingCriterion(parseDistribution(pData), parseDistribution(pG)).value)).toBeLessThan(1e-12);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a malformed link falls back to the defaults with a visible notice, never a blank page', async () => {
    const { page, errors } = await visit('#/value-is-jsd?pG=normal(0%2C%20-3)&shift=banana&bogus=1');
    const notices = await page.$$eval('.notice', (n) => n.map((e) => e.textContent ?? ''));
    expect(notices.some((t) => /pG/.test(t) && /sd must be positive/.test(t))).toBe(true);
    expect(notices.some((t) => /shift/.test(t))).toBe(true);
    expect(notices.some((t) => /bogus/.test(t))).toBe(true);
    expect(await page.inputValue('[data-cell="pG"] input.spec')).toBe('normal(0, 2)');
    expect((await checkValues(page, 'jsdCheck')).holds).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an unknown page shows the contents with a notice', async () => {
    const { page } = await visit('#/no-such-page');
    expect(await page.textContent('.notice')).toMatch(/no page called/);
    const pages = readdirSync(join(import.meta.dirname, '../../theory')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(await page.$$eval('ol.contents li', (l) => l.length)).toBe(pages.length);
    await page.close();
  });
});

describe('the distribution editor refuses bad input and keeps the last valid distribution', () => {
  const attacks = [
    'density("x.constructor", -1, 1)',
    'density("cos.constructor(\\"return 1\\")()", -1, 1)',
    'density("import({}, {override: true})", -1, 1)',
    'density("evaluate(\\"1\\")", -1, 1)',
    'density("x", -1, 1)',
    'density("1/x", -1, 1)',
    '0.5*normal(0, 1) + 0.47*cauchy(0, 1)',
    'uniform(2, 1)',
    'normal(0, 1) )',
  ];
  it('shows the parser’s or sandbox’s message beside the field, changes nothing, and runs nothing', async () => {
    const { page, errors } = await visit('#/value-is-jsd');
    const before = await checkValues(page, 'jsdCheck');
    const figure = await drawn(page, 'densityFigure');
    for (const text of attacks) {
      await page.evaluate(() => ((window as unknown as { pwned: boolean }).pwned = false));
      await page.fill('[data-cell="pG"] input.spec', text);
      await settled(page);
      const message = await page.textContent('[data-cell="pG"] .spec-error');
      expect(message, text).toBeTruthy();
      expect(await page.getAttribute('[data-cell="pG"] input.spec', 'aria-invalid')).toBe('true');
      expect(await checkValues(page, 'jsdCheck')).toEqual(before);
      expect(await drawn(page, 'densityFigure')).toBe(figure);
      expect(await page.evaluate(() => (window as unknown as { pwned: boolean }).pwned)).toBe(false);
    }
    await page.fill('[data-cell="pG"] input.spec', 'density("exp(-x^2/2) * (1 + sin(3*x)^2)", -6, 6)');
    await settled(page);
    expect(await page.textContent('[data-cell="pG"] .spec-error')).toBe('');
    const after = await checkValues(page, 'jsdCheck');
    expect(after.holds).toBe(true);
    expect(after.left).not.toBe(before.left);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('phone-width screens', () => {
  it('lays a page out in one column without sideways scrolling, with the menu behind a button', async () => {
    const { page, errors } = await visit('#/optimal-discriminator', { width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(await page.isVisible('nav')).toBe(false);
    await page.click('.nav-toggle');
    expect(await page.isVisible('nav')).toBe(true);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'optimal-discriminator-phone.png'), fullPage: false });
    await page.close();
  });
});

describe('a slider on the optimal-discriminator page', () => {
  it('moves the maximiser to a/(a + b) and redraws', async () => {
    const { page } = await visit('#/optimal-discriminator');
    const before = await drawn(page, 'pointwiseFigure');
    await page.fill('[data-cell="a"] input[type=number]', '2.5');
    await page.press('[data-cell="a"] input[type=number]', 'Enter');
    await settled(page);
    const b = Number(await page.inputValue('[data-cell="b"] input[type=number]'));
    const check = await checkValues(page, 'pointwiseCheck');
    expect(check.holds).toBe(true);
    expect(Math.abs(check.right - 2.5 / (2.5 + b))).toBeLessThan(1e-15);
    expect(await drawn(page, 'pointwiseFigure')).not.toBe(before);
    await page.close();
  });
});

/** The verdicts of the named check cells: 'true', 'false', or 'neutral' for a note with nothing to check. */
async function verdictsOf(page: Page, cells: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const cell of cells) {
    out[cell] = await page.$eval(`[data-cell="${cell}"]`, (el) => {
      const result = el.querySelector('.check-result') as HTMLElement | null;
      return result ? String(result.dataset.holds) : el.querySelector('.check-neutral') ? 'neutral' : 'missing';
    });
  }
  return out;
}

describe('checks with nothing to check say so neutrally, never red', () => {
  it('a uniform p_g on the training-game page: no derivative to compare, and no mass the function-space step can create', async () => {
    const { page, errors } = await visit(`#/training-game?pG=${encodeURIComponent('uniform(1, 3)')}`);
    expect(await verdictsOf(page, ['shiftGradientCheck', 'saturatingJsdCheck', 'nonSaturatingKlCheck', 'convergenceCheck', 'monotoneCheck'])).toEqual({
      shiftGradientCheck: 'neutral',
      saturatingJsdCheck: 'neutral',
      nonSaturatingKlCheck: 'neutral',
      convergenceCheck: 'neutral',
      monotoneCheck: 'true',
    });
    expect(await page.textContent('[data-cell="shiftGradientCheck"]')).toMatch(/jumps at x = 1, 3/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a Cauchy p_data with a normal model on the maximum-likelihood page: no finite expectation and no minimiser', async () => {
    const { page, errors } = await visit(`#/mle-is-kl?pData=${encodeURIComponent('cauchy(0, 1)')}`);
    const v = await verdictsOf(page, ['averageCheck', 'minimiserCheck', 'minimiserScaleCheck', 'productCheck', 'gibbsCheck']);
    expect(v).toEqual({ averageCheck: 'neutral', minimiserCheck: 'neutral', minimiserScaleCheck: 'neutral', productCheck: 'true', gibbsCheck: 'true' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the endpoint cases a = 0 and b = 0 on the optimal-discriminator page hold, and a = b = 0 is a note', async () => {
    const cells = ['pointwiseCheck', 'derivativeCheck', 'curvatureCheck'];
    for (const [a, b, expected] of [['0', '0.3', 'true'], ['0.6', '0', 'true'], ['0', '0', 'neutral']] as const) {
      const { page, errors } = await visit(`#/optimal-discriminator?a=${a}&b=${b}`);
      expect(await verdictsOf(page, cells), `a = ${a}, b = ${b}`).toEqual(Object.fromEntries(cells.map((c) => [c, expected])));
      expect(await page.$$eval('article output', (os) => os.map((o) => o.textContent).filter((t) => /NaN|undefined/.test(t ?? '')))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});

