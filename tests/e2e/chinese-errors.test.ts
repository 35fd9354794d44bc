/**
 * The numerics core's errors on a Chinese page, in headless chromium: a bad spec typed into the editor, a custom
 * formula the sandbox refuses and a link's unreadable value each show their message in Chinese (the same text the
 * catalogue gives in Node), while the English page shows the core's own English words.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { checkPlottable } from '../../src/numerics/plottable.ts';
import { errorMessage } from '../../notebooks/components/error-message.ts';
import { setLocale } from '../../notebooks/i18n.ts';
import { BASE, openPage, settled } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();
const EDITOR = '[data-cell="pG"]';

/** The error a spec raises where a page reads it, and its message in the given language, computed in Node. */
function expected(text: string, language: 'en' | 'zh-CN'): string {
  try {
    checkPlottable(parseDistribution(text));
  } catch (e) {
    setLocale(language);
    return errorMessage(e);
  }
  throw new Error(`${text} parsed`);
}

afterEach(() => setLocale('en'));

async function visit(path: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser());
  await opened.page.goto(`${BASE}${path}`);
  await settled(opened.page);
  return opened;
}

async function typeSpec(page: Page, text: string): Promise<string> {
  await page.fill(`${EDITOR} input.spec`, text);
  await settled(page);
  return (await page.textContent(`${EDITOR} .spec-error`)) ?? '';
}

describe('errors on a zh-CN page', () => {
  it('a bad spec typed into the editor is refused in Chinese, keeping the last good distribution', async () => {
    const { page, errors } = await visit('#/value-is-jsd?lang=zh-CN');
    const before = await page.inputValue(`${EDITOR} input.spec`);
    const cases: readonly [string, RegExp][] = [
      ['normal(0, -1)', /标准差必须为正数/],
      ['foo(1)', /未知的分布族“foo”/],
      ['0.5*normal(0,1)', /权重之和必须为 1/],
      ['density("x.constructor", -1, 1)', /不允许访问属性/],
      ['normal(0, 1) + cauchy(0,1)', /没有权重/],
    ];
    for (const [text, phrase] of cases) {
      const shown = await typeSpec(page, text);
      expect(shown, text).toMatch(phrase);
      expect(shown, text).toBe(expected(text, 'zh-CN'));
      expect(shown, text).not.toMatch(/\b(must|unknown|weights?|position|not|allowed)\b/);
      expect(await page.getAttribute(`${EDITOR} input.spec`, 'aria-invalid')).toBe('true');
    }
    expect(await typeSpec(page, before)).toBe('');
    expect(await page.getAttribute(`${EDITOR} input.spec`, 'aria-invalid')).toBe('false');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a custom formula the sandbox refuses shows its reason in Chinese', async () => {
    const { page, errors } = await visit(`#/value-is-jsd?lang=zh-CN&pG=${encodeURIComponent('normal(0, 2)')}`);
    await page.locator(`${EDITOR} li.component select`).selectOption('density');
    await settled(page);
    const formula = page.locator(`${EDITOR} input.formula`);
    await formula.fill('x.constructor');
    await formula.press('Enter');
    await settled(page);
    const shown = (await page.textContent(`${EDITOR} .spec-error`)) ?? '';
    expect(shown).toMatch(/^density：不允许访问属性或使用下标/);
    expect(shown).not.toMatch(/property|allowed/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link’s unreadable distribution is reported in Chinese, with the reason translated', async () => {
    const bad = 'normal(0, -1)';
    const { page, errors } = await visit(`#/value-is-jsd?lang=zh-CN&pG=${encodeURIComponent(bad)}`);
    const notices = await page.$$eval('.notice', (n) => n.map((e) => e.textContent ?? ''));
    const notice = notices.find((n) => n.includes(bad));
    expect(notice, notices.join(' | ')).toBeDefined();
    expect(notice).toContain(expected(bad, 'zh-CN'));
    expect(notice).toMatch(/无法读取/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the English page shows the core’s English message word for word', async () => {
    const { page, errors } = await visit('#/value-is-jsd?lang=en');
    const shown = await typeSpec(page, 'normal(0, -1)');
    expect(shown).toBe('normal: sd must be positive, got -1 (at position 7)');
    expect(shown).toBe(expected('normal(0, -1)', 'en'));
    expect(errors).toEqual([]);
    await page.close();
  });
});
