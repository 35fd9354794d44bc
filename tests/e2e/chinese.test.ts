/**
 * The explorer in Simplified Chinese, in headless chromium: every page under lang=zh-CN renders its maths with
 * KaTeX (CJK text included, in the bundled Noto Sans SC), shows no English UI string and no console error; a page
 * not yet translated says so; a shared zh-CN link restores its language and state; the choice is remembered.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { virtualTrainingCriterion } from '../../src/numerics/discriminator.ts';
import { BASE, openPage, SCREENSHOTS, settled } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();
const THEORY = join(import.meta.dirname, '../../theory');
const SLUGS = readdirSync(THEORY).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.replace(/\.md$/, ''));
const TRANSLATED = new Set(readdirSync(join(THEORY, 'zh-CN')).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, '')));

/**
 * Words allowed in Latin letters on a Chinese page: names of people, software, formats and datasets, the paper's
 * title, mathematical function names, and the spec language's family names (which are code). Anything else of
 * three or more letters is an English UI string that escaped translation.
 */
const ALLOWED = new Set(
  `GAN GANs JSD KL MNIST DCGAN MLP ReLU LeakyReLU TensorFlow js WebAssembly WebGL Worker JavaScript cpu wasm webgl auto
  CSV JSON SVG PNG CDF IndexedDB iframe src Goodfellow Radford Arjovsky Bottou Pinsker Gibbs Jensen Shannon Kullback Leibler
  Nelder Mead Gauss Kronrod Danskin Bernoulli Richardson Silverman Scott Rome Wasserstein Chintala Lipschitz Metz Odena Dumoulin Olah sup Inception Score Fréchet Node dropout sigmoid tanh Generative Adversarial
  Nets log exp sin argmin argmax sign max min English normal laplace logistic cauchy uniform density`.split(/\s+/),
);

/** The page's visible text in Latin words that are not allowed, outside maths, code, numbers and English-marked parts. */
async function englishWords(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const skip = 'script, style, .katex, code, pre, output, [lang="en"], [hidden], .sr-only';
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip)) continue;
      if (!(el.getClientRects().length > 0) && !el.closest('svg')) continue; // not shown
      if (el.closest('svg') && getComputedStyle(el.closest('svg')!).display === 'none') continue;
      out.push(n.textContent ?? '');
    }
    // Labels a screen reader speaks count too.
    // (Observable Plot names its own SVG groups after their marks, 'y-grid', 'line': not the page's words.)
    for (const el of document.querySelectorAll('[aria-label]')) if (!el.closest('[lang="en"], svg')) out.push(el.getAttribute('aria-label') ?? '');
    return out;
  });
  const words = new Set<string>();
  for (const text of texts) {
    // Identifiers and formulas (p_data, D(G(z)), p_θ̂), file paths (tests/gan/x.test.ts) and API names with digits
    // (conv2dTranspose) are notation or code, not English.
    const stripped = text.replace(/\S+\/\S+\.(ts|js|json)\b/g, ' ').replace(/\b\w*\d\w*\b/g, ' ').replace(/\b\w*_\w+\b/g, ' ').replace(/[A-Za-z]+\(/g, ' (');
    for (const w of stripped.match(/[A-Za-zé]{3,}/g) ?? []) if (!ALLOWED.has(w)) words.add(w);
  }
  return [...words];
}

async function visit(path: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser());
  await opened.page.goto(`${BASE}${path}`);
  await settled(opened.page);
  await opened.page.evaluate(() => document.fonts.ready);
  return opened;
}

describe('every page in Simplified Chinese', () => {
  for (const slug of SLUGS) {
    const translated = TRANSLATED.has(slug);
    it(`${slug} ${translated ? 'renders in Chinese with KaTeX, no English UI string and no console error' : 'says it is not yet translated, and its shell is in Chinese'}`, async () => {
      const { page, errors } = await visit(`#/${slug}?lang=zh-CN`);
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      expect(await page.$$eval('article .katex', (k) => k.length)).toBeGreaterThan(3);
      const article = await page.$eval('article.theory', (a) => ({ lang: a.getAttribute('lang'), h1: a.querySelector('h1')?.textContent ?? '' }));
      if (translated) {
        expect(article.lang).toBe('zh-CN');
        expect(article.h1).toMatch(/[\u4e00-\u9fff]/);
        expect(await page.$$eval('.notice.untranslated', (n) => n.length)).toBe(0);
        expect(await page.evaluate(() => (window as unknown as { __i18nMissing: () => string[] }).__i18nMissing())).toEqual([]);
        const verdicts = await page.$$eval('.check-result', (els) => els.map((e) => (e as HTMLElement).dataset.holds));
        for (const v of verdicts) expect(v).not.toBe('false');
      } else {
        expect(article.lang).toBe('en');
        expect(await page.textContent('.notice.untranslated')).toMatch(/尚未翻译/);
      }
      expect(await englishWords(page)).toEqual([]);
      expect(await page.$$eval('.cell-error', (e) => e.map((x) => x.textContent))).toEqual([]);
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `zh-CN-${slug}.png`), fullPage: true });
      await page.close();
    });
  }

  it('the home page and the navigation are in Chinese', async () => {
    const { page, errors } = await visit('#/?lang=zh-CN');
    expect(await page.textContent('.home h1')).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.textContent('.brand')).toBe('GAN 理论探索');
    const titles = await page.$$eval('ol.contents li', (l) => l.map((li) => ({ untranslated: li.hasAttribute('data-untranslated'), href: li.querySelector('a')?.getAttribute('href') ?? '' })));
    expect(titles.length).toBe(SLUGS.length);
    for (const t of titles) expect(t.href).toContain('lang=zh-CN');
    expect(titles.filter((t) => t.untranslated).length).toBe(SLUGS.filter((s) => !TRANSLATED.has(s)).length);
    // Untranslated pages' titles are English, on purpose: the list marks them lang="en".
    expect(await page.$$eval('li[data-untranslated]', (l) => l.every((li) => li.getAttribute('lang') === 'en'))).toBe(true);
    expect(await englishWords(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'zh-CN-home.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('KaTeX draws Chinese inside maths in the bundled CJK font, not as missing glyphs', async () => {
    const { page } = await visit('#/optimal-discriminator?lang=zh-CN');
    const cjk = await page.evaluate(async () => {
      const text = [...document.querySelectorAll('article .katex-display .katex-html .mord')].find((e) => /在/.test(e.textContent ?? '') && e.children.length === 0);
      if (!text) return null;
      const box = text.getBoundingClientRect();
      return { text: text.textContent, width: box.width, height: box.height, font: document.fonts.check('16px "Noto Sans SC"', '在上只要') };
    });
    expect(cjk).not.toBeNull();
    expect(cjk!.text).toMatch(/在/);
    expect(cjk!.font).toBe(true);
    expect(cjk!.width).toBeGreaterThan(10);
    const shot = await page.locator('.katex-display', { hasText: '只要' }).first();
    await shot.screenshot({ path: join(SCREENSHOTS, 'zh-CN-katex-cjk.png') });
    await page.close();
  });
});

describe('a shared zh-CN link', () => {
  it('restores the language and the state, and the language switch keeps the state', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/`);
    await page.evaluate(() => localStorage.clear());
    const pG = 'laplace(1, 0.5)';
    await page.goto(`${BASE}#/value-is-jsd?lang=zh-CN&pG=${encodeURIComponent(pG)}&shift=0.6`);
    await settled(page);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('article h1')).toBe('训练准则是一个 Jensen–Shannon 散度');
    expect(await page.inputValue('[data-cell="pG"] input.spec')).toBe(pG);
    expect(await page.inputValue('[data-cell="shift"] input[type=number]')).toBe('0.600');
    const pData = parseDistribution(await page.inputValue('[data-cell="pData"] input.spec'));
    const left = Number(await page.$eval('[data-cell="jsdCheck"] .check-result', (e) => (e as HTMLElement).dataset.left));
    expect(Math.abs(left - virtualTrainingCriterion(pData, parseDistribution(pG)).value)).toBeLessThan(1e-12);
    expect(await page.textContent('[data-cell="jsdCheck"] .verdict')).toBe('✓ 成立');
    // The page's own links keep the language.
    await page.fill('[data-cell="pData"] input.spec', 'normal(0, 1)');
    await settled(page);
    expect(page.url()).toContain('lang=zh-CN');
    // Switching to English keeps the state.
    await page.click('.language-switch a[lang="en"]');
    await settled(page);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('article h1')).toBe('The training criterion is a Jensen–Shannon divergence');
    expect(await page.inputValue('[data-cell="pData"] input.spec')).toBe('normal(0, 1)');
    expect(await page.inputValue('[data-cell="pG"] input.spec')).toBe(pG);
    expect(await page.textContent('[data-cell="jsdCheck"] .verdict')).toBe('✓ holds');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the choice is remembered: a link without lang opens in the language last chosen', async () => {
    const { page } = await openPage(browser());
    await page.goto(`${BASE}#/kl-asymmetry?lang=zh-CN`);
    await settled(page);
    await page.goto(`${BASE}#/mle-is-kl`);
    await page.reload();
    await settled(page);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('article h1')).toMatch(/极大似然/);
    // "Copy link" carries the language even though the address bar did not.
    await browser().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE.replace(/\/$/, '') });
    await page.click('.page-tools .copy-link button');
    await page.waitForFunction(() => (document.querySelector('.page-tools .copy-status')?.textContent ?? '') !== '');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('lang=zh-CN');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('an unknown language gets a notice and the page in English', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${BASE}#/value-is-jsd?lang=xx`);
    await settled(page);
    expect(await page.textContent('.notice')).toMatch(/“xx”/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(errors).toEqual([]);
    await page.close();
  });
});
