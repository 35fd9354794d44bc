/** The browser's lifecycle for a test file (kept apart from browser.ts, which the benchmarks import outside vitest). */
import { mkdirSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch, SCREENSHOTS } from './browser.ts';

/** One browser for a test file: launched before its tests, closed after. Call at the top of the file. */
export function useBrowser(): () => BrowserContext {
  let browser: BrowserContext | undefined;
  beforeAll(async () => {
    browser = await launch();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not running (useBrowser must be called at the top of the test file)');
    return browser;
  };
}
