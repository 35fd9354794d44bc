/**
 * Headless Debian chromium driven by playwright-core (test tools cannot download their own browsers here), and
 * the built site served by `vite preview` on loopback. The global setup builds once and starts the server; each
 * test file launches its own browser.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** A fresh page at BASE + path (hash and state), once its cells have settled. */
export async function visit(browser: BrowserContext, path: string, options: { width?: number; height?: number } = {}): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, options);
  await opened.page.goto(`${BASE}${path}`);
  await settled(opened.page);
  return opened;
}

/** The longest delay a zero-delay timer suffers in the page over `samples` tries: a frozen page would show seconds. */
export const eventLoopDelay = (page: Page, samples = 20) =>
  page.evaluate(async (n) => {
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await new Promise((r) => setTimeout(r, 0));
      worst = Math.max(worst, performance.now() - t);
    }
    return worst;
  }, samples);

/**
 * Waits until the page's notebook has finished computing every view and stays so: idle, and no cell ran, over a
 * quarter second (longer than a deferred cell's wait), so a recomputation the runtime schedules just after an edit
 * is not mistaken for the end. (A page that is training runs cells all the time: there it waits at most four tries.)
 */
export async function settled(page: Page): Promise<void> {
  type Hooks = { __notebookIdle?: () => boolean; __notebookCellTime?: () => number };
  const deadline = Date.now() + 30_000;
  // A page that is training keeps running cells: after a few tries, idle is as settled as it gets.
  for (let tries = 0; tries < 4; tries++) {
    await page.waitForFunction(() => (window as unknown as Hooks).__notebookIdle?.() === true, undefined, { timeout: Math.max(1, deadline - Date.now()) });
    const before = await page.evaluate(() => (window as unknown as Hooks).__notebookCellTime?.() ?? 0);
    await page.waitForTimeout(250);
    const still = await page.evaluate((t) => (window as unknown as Hooks).__notebookIdle?.() === true && ((window as unknown as Hooks).__notebookCellTime?.() ?? 0) === t, before);
    if (still || Date.now() > deadline) break;
  }
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

/**
 * Builds the site and serves it with `vite preview` on loopback at `port`; resolves once it answers. The returned
 * function stops the server (its whole process group).
 */
export async function startPreview(port: number): Promise<() => void> {
  execFileSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  const server = spawn(process.execPath, [VITE, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  const stop = () => {
    try {
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const base = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(base)).ok) return stop;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || server.exitCode !== null) {
      stop();
      throw new Error(`vite preview did not start on ${base}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Where the browser tests put their screenshots. */
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

