/**
 * Training in the worker, in headless chromium: the page thread holds no TensorFlow.js at all, a worker that dies
 * is reported and a reset recovers, the WebGL path (software WebGL here) computes what WebAssembly does, and the
 * small defects seen on the way stay fixed (a neutral calibration check before training, whole-step ticks, no
 * negative widths on a narrow page).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BASE, openPage, settled } from './browser.ts';
import { useBrowser } from './use-browser.ts';

const browser = useBrowser();

const status = (page: Page, cell = 'controls') => page.$eval(`[data-cell="${cell}"] .status`, (el) => ({ text: el.textContent ?? '', steps: Number((el as HTMLElement).dataset.steps), status: (el as HTMLElement).dataset.status }));
const waitForSteps = (page: Page, atLeast: number, cell = 'controls', timeout = 60_000) =>
  page.waitForFunction(([c, n]) => Number((document.querySelector(`[data-cell="${c}"] .status`) as HTMLElement | null)?.dataset.steps) >= (n as number), [cell, atLeast] as const, { timeout });
const waitForStatus = (page: Page, wanted: string, cell = 'controls', timeout = 60_000) =>
  page.waitForFunction(([c, s]) => (document.querySelector(`[data-cell="${c}"] .status`) as HTMLElement | null)?.dataset.status === s, [cell, wanted] as const, { timeout });
/** Whether TensorFlow.js's engine exists in the page's own thread (it registers a global when loaded). */
const pageHasTensorFlow = (page: Page) => page.evaluate(() => '_tfengine' in globalThis);

type StepRecord = { step: number; lossD: number; lossG: number };
type Evaluation = { step: number; dReal: number; dFake: number; value: number };

describe('training in the worker', () => {
  it('the 1-D page trains while its own thread never loads TensorFlow.js, and its controls stay live', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-1d`);
    await settled(page);
    await waitForStatus(page, 'ready');
    expect((await status(page)).text).toMatch(/backend: wasm \(in a worker\)/);
    await page.click('[data-action=play]');
    await waitForSteps(page, 30);
    // A live option changes while it trains, with no restart: the step count keeps growing from where it was.
    const before = (await status(page)).steps;
    await page.fill('[data-cell="k"] input[type=number]', '2');
    await page.press('[data-cell="k"] input[type=number]', 'Enter');
    await waitForSteps(page, before + 10);
    await page.click('[data-action=pause]');
    await waitForStatus(page, 'paused');
    expect(await pageHasTensorFlow(page)).toBe(false);
    expect(await page.evaluate(() => (globalThis as unknown as { __trainingWorkers: { count: () => number } }).__trainingWorkers.count())).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('reports a worker that dies, and a reset starts a new one that trains', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-1d`);
    await settled(page);
    await waitForStatus(page, 'ready');
    await page.click('[data-action=play]');
    await waitForSteps(page, 10);
    await page.evaluate(() => (globalThis as unknown as { __trainingWorkers: { crash: () => void } }).__trainingWorkers.crash());
    await waitForStatus(page, 'failed');
    const alert = (await page.textContent('[data-cell="controls"] .training-error')) ?? '';
    expect(alert).toMatch(/training worker stopped.*made to crash.*Press reset to start a new one/);
    expect(await page.isDisabled('[data-action=play]')).toBe(true);
    // The page itself still answers: an input redraws its figure.
    await page.click('[data-action=reset]');
    await waitForStatus(page, 'ready');
    expect((await status(page)).steps).toBe(0);
    await page.click('[data-action=play]');
    await waitForSteps(page, 10);
    await page.click('[data-action=pause]');
    // The crash is the only error the page saw.
    expect(errors.filter((e) => !/made to crash/.test(e))).toEqual([]);
    await page.close();
  }, 90_000);

  it('the MNIST page trains in its worker; its calibration check is neutral, not red, before anything is trained', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-mnist`);
    await settled(page);
    await waitForStatus(page, 'ready', 'controls', 90_000);
    await waitForStatus(page, 'ready', 'calibrationControls', 90_000);
    await settled(page);
    const check = await page.$eval('[data-cell="calibrationCheck"] .check-result', (el) => ({ holds: (el as HTMLElement).dataset.holds, text: el.textContent ?? '' }));
    expect(check.holds).toBe('pending');
    expect(check.text).toMatch(/Train the calibration D to test this/);
    expect(check.text).not.toMatch(/✗/);
    // At step 0 the history figures' step axis reads whole steps.
    const ticks = await page.$$eval('[data-cell="dFigure"] svg [aria-label="x-axis tick label"] text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(ticks.length).toBeGreaterThan(0);
    for (const t of ticks) expect(t).toMatch(/^\d[\d,]*$/);
    await page.click('[data-cell="controls"] [data-action=play]');
    await waitForSteps(page, 20);
    await page.click('[data-cell="controls"] [data-action=pause]');
    expect(await pageHasTensorFlow(page)).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  }, 150_000);

  it('trains MNIST on WebGL (software WebGL here) to the same numbers as on WebAssembly, to float32 tolerance', async () => {
    const run = async (backend: 'wasm' | 'webgl'): Promise<{ history: StepRecord[]; first: Evaluation }> => {
      const { page, errors } = await openPage(browser());
      await page.goto(`${BASE}#/train-mnist?backend=${backend}`);
      await settled(page);
      await waitForStatus(page, 'ready', 'controls', 120_000);
      expect((await status(page)).text).toContain(`backend: ${backend} (in a worker)`);
      for (let i = 1; i <= 4; i++) {
        await page.click('[data-cell="controls"] [data-action=step]');
        await waitForSteps(page, i, 'controls', 120_000);
      }
      await waitForStatus(page, 'paused');
      const { history, snapshots } = (await page.evaluate(() => {
        const w = (globalThis as unknown as { __trainingWorkers: { history: (k: string) => unknown[]; snapshots: (k: string) => { step: number; dReal: number; dFake: number; value: number }[] } }).__trainingWorkers;
        const s = w.snapshots('mnist')[0]!;
        return { history: w.history('mnist'), snapshots: [{ step: s.step, dReal: s.dReal, dFake: s.dFake, value: s.value }] };
      })) as { history: StepRecord[]; snapshots: Evaluation[] };
      expect(errors).toEqual([]);
      await page.close();
      return { history, first: snapshots[0]! };
    };
    const wasm = await run('wasm'), webgl = await run('webgl');
    // Before training, the same networks on the same 2 × 1,024 digits: forward passes agree to float32 rounding.
    expect(webgl.first.step).toBe(0);
    for (const key of ['dReal', 'dFake', 'value'] as const) expect(Math.abs(webgl.first[key] - wasm.first[key]), key).toBeLessThan(1e-4);
    expect(wasm.history.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    expect(webgl.history.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    // The first step's D loss is a forward pass of the same batch; later losses follow Adam steps, which divide by
    // the gradients' running size and so turn rounding differences in near-zero gradients into lr-sized moves.
    expect(Math.abs(webgl.history[0]!.lossD - wasm.history[0]!.lossD)).toBeLessThan(1e-4);
    for (let i = 0; i < 4; i++) {
      for (const key of ['lossD', 'lossG'] as const) {
        expect(Number.isFinite(webgl.history[i]![key])).toBe(true);
        expect(Math.abs(webgl.history[i]![key] - wasm.history[i]![key]) / wasm.history[i]![key], `${key} at step ${i + 1}`).toBeLessThan(0.05);
      }
    }
  }, 300_000);

  it('a narrow phone-sized page draws every figure without a negative width', async () => {
    const { page, errors } = await openPage(browser(), { width: 320, height: 700 });
    await page.goto(`${BASE}#/mle-is-kl`);
    await settled(page);
    await page.goto(`${BASE}#/value-is-jsd`);
    await settled(page);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a checkpoint that fails to resume for a passing reason is kept; one proven corrupt is set aside, never deleted; the running model is untouched', async () => {
    const idb = (page: Page, op: 'get' | 'set', key: string, value?: unknown) =>
      page.evaluate(
        ([o, k, v]) =>
          new Promise<unknown>((resolve, reject) => {
            // idb-keyval's default store: database keyval-store, object store keyval.
            const open = indexedDB.open('keyval-store');
            open.onupgradeneeded = () => open.result.createObjectStore('keyval');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction('keyval', o === 'get' ? 'readonly' : 'readwrite');
              const req = o === 'get' ? tx.objectStore('keyval').get(k as string) : tx.objectStore('keyval').put(v, k as string);
              req.onsuccess = () => resolve(o === 'get' ? req.result : null);
              req.onerror = () => reject(req.error);
            };
          }),
        [op, key, value] as const,
      );
    // 1. The MNIST data cannot be fetched in this tab: resuming fails, and the stored checkpoint stays where it was.
    {
      const { page } = await openPage(browser());
      await page.goto(`${BASE}#/`);
      await idb(page, 'set', 'gan-theory/mnist-checkpoint', { format: 'gan-theory-mnist-checkpoint', version: 1, marker: 'kept' });
      await page.route('**/data/mnist-*.bin.gz', (route) => route.abort());
      await page.goto(`${BASE}#/train-mnist`);
      await settled(page);
      await waitForStatus(page, 'diverged', 'controls', 90_000);
      await page.click('text=Resume checkpoint');
      await page.waitForFunction(() => /Could not resume/.test(document.querySelector('.checkpoint-note')?.textContent ?? ''), undefined, { timeout: 60_000 });
      expect(await page.textContent('.checkpoint-note')).toMatch(/The saved checkpoint is kept/);
      expect(await idb(page, 'get', 'gan-theory/mnist-checkpoint')).toMatchObject({ marker: 'kept' });
      await page.close();
    }
    // 2. A checkpoint proven corrupt (here: a step count that is not a count) is set aside under another key.
    {
      const { page, errors } = await openPage(browser());
      await page.goto(`${BASE}#/train-mnist`);
      await settled(page);
      await waitForStatus(page, 'ready', 'controls', 90_000);
      await page.click('[data-cell="controls"] [data-action=step]');
      await waitForSteps(page, 1);
      await page.click('text=Save checkpoint');
      await page.waitForFunction(() => /Saved step 1 /.test(document.querySelector('.checkpoint-note')?.textContent ?? ''));
      const saved = (await idb(page, 'get', 'gan-theory/mnist-checkpoint')) as Record<string, unknown>;
      await idb(page, 'set', 'gan-theory/mnist-checkpoint', { ...saved, step: 'many' });
      await page.click('text=Resume checkpoint');
      await page.waitForFunction(() => /damaged/.test(document.querySelector('.checkpoint-note')?.textContent ?? ''), undefined, { timeout: 60_000 });
      expect(await page.textContent('.checkpoint-note')).toMatch(/set aside in IndexedDB under “gan-theory\/mnist-checkpoint-rejected”. The running model is unchanged/);
      expect(await idb(page, 'get', 'gan-theory/mnist-checkpoint')).toBeUndefined();
      expect(await idb(page, 'get', 'gan-theory/mnist-checkpoint-rejected')).toMatchObject({ step: 'many' });
      expect((await status(page)).steps).toBe(1);
      await page.click('[data-cell="controls"] [data-action=step]');
      await waitForSteps(page, 2);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 240_000);

  it('resuming a DCGAN checkpoint on the classic GAN shows the resumed model and learning rate in the controls and the link', async () => {
    const { page, errors } = await openPage(browser());
    await page.goto(`${BASE}#/train-mnist?model=dcgan&learningRate=0.0005&seed=7`);
    await settled(page);
    await waitForStatus(page, 'ready', 'controls', 120_000);
    await page.click('[data-cell="controls"] [data-action=step]');
    await waitForSteps(page, 1, 'controls', 120_000);
    await page.click('text=Save checkpoint');
    await page.waitForFunction(() => /Saved step 1 \(dcgan\)/.test(document.querySelector('.checkpoint-note')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await page.selectOption('[data-cell="model"] select', 'mlp');
    await settled(page);
    await waitForStatus(page, 'ready', 'controls', 120_000);
    expect((await status(page)).steps).toBe(0);
    await page.click('text=Resume checkpoint');
    await page.waitForFunction(() => /Resumed the checkpoint of step 1 \(dcgan/.test(document.querySelector('.checkpoint-note')?.textContent ?? ''), undefined, { timeout: 120_000 });
    await settled(page);
    expect(await page.inputValue('[data-cell="model"] select')).toBe('dcgan');
    expect(Number(await page.inputValue('[data-cell="learningRate"] input[type=number]'))).toBeCloseTo(5e-4, 12);
    expect(Number(await page.inputValue('[data-cell="seed"] input[type=number]'))).toBe(7);
    expect(page.url()).toMatch(/model=dcgan/);
    // The controls' new values did not start another model: the resumed run is still at its step and trains on.
    expect((await status(page)).steps).toBe(1);
    await page.click('[data-cell="controls"] [data-action=step]');
    await waitForSteps(page, 2, 'controls', 120_000);
    expect((await status(page)).text).not.toMatch(/-\d+ steps\/s/);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});

