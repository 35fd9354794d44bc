/**
 * Headless Debian chromium driven by playwright-core (test tools cannot download their own browsers here), and
 * the built site served by `vite preview` on loopback. The global setup builds once and starts the server; each
 * test file launches its own browser.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PORT = Number(process.env.E2E_PORT ?? 4317);
export const BASE = `http://127.0.0.1:${PORT}/`;

/** A browser with a fresh profile (a new --user-data-dir each launch). */
export async function launch(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Debian's chromium at ${CHROMIUM}: run 'apt-get install -y chromium' (or set CHROMIUM_PATH).`);
  }
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'gan-theory-chromium-')), {
    executablePath: CHROMIUM,
    viewport: { width: 1200, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page that records console errors and uncaught exceptions, and refuses any request off loopback. */
export async function openPage(browser: BrowserContext, options: { width?: number; height?: number } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  await page.setViewportSize({ width: options.width ?? 1200, height: options.height ?? 900 });
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:') return route.continue();
    errors.push(`blocked a request off loopback: ${url.href}`);
    return route.abort();
  });
  return { page, errors };
}

/** Waits until the page's notebook has finished computing every view. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __notebookIdle?: () => boolean }).__notebookIdle?.() === true, undefined, { timeout: 30_000 });
}
