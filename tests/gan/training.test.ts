/**
 * The training loop's contract with the page: exact step budgets, prompt stops, snapshots no more often than
 * asked (and always at the end), control handed back between slices, and a step's error passed on.
 *
 * Where timing matters the tests drive `performance.now` from a fake clock that only the model's steps advance
 * (1 ms a step), so slice lengths and snapshot times are exact and the tests take no real time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { trainingLoop, type LoopOptions, type Progress, type Trainable } from '../../src/gan/training.ts';

interface Snap {
  readonly at: number;
  readonly time: number;
}

/** A model whose step returns a running count and whose snapshot records the count and the clock. */
class Counter implements Trainable<number, Snap> {
  count = 0;
  readonly snapshots: Snap[] = [];
  constructor(private readonly onStep: (count: number) => void = () => {}) {}
  step(): number {
    this.count++;
    this.onStep(this.count);
    return this.count;
  }
  snapshot(): Snap {
    const s = { at: this.count, time: performance.now() };
    this.snapshots.push(s);
    return s;
  }
}

/** A clock for `performance.now` that moves only when told to. */
function fakeClock() {
  let t = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => t);
  return { advance: (ms: number) => void (t += ms) };
}

const immediately = () => Promise.resolve();

async function collect<R, S>(model: Trainable<R, S>, options: LoopOptions): Promise<Progress<R, S>[]> {
  const out: Progress<R, S>[] = [];
  for await (const p of trainingLoop(model, options)) out.push(p);
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('trainingLoop', () => {
  it('takes exactly maxSteps steps, in order, and reports each once', async () => {
    for (const maxSteps of [1, 7, 1234]) {
      const model = new Counter();
      const progress = await collect(model, { maxSteps, sliceMs: 0.05, yieldControl: immediately });
      expect(model.count).toBe(maxSteps);
      expect(progress.flatMap((p) => p.steps)).toEqual(Array.from({ length: maxSteps }, (_, i) => i + 1));
    }
  });

  it('cuts the last slice short to land on maxSteps', async () => {
    const clock = fakeClock();
    const model = new Counter(() => clock.advance(1));
    // 4 ms slices of 1 ms steps: slices of 4, 4 and then the remaining 2.
    const progress = await collect(model, { maxSteps: 10, sliceMs: 4, yieldControl: immediately });
    expect(progress.map((p) => p.steps.length)).toEqual([4, 4, 2]);
  });

  it('takes no step with maxSteps 0 or a signal that is already aborted', async () => {
    const model = new Counter();
    expect(await collect(model, { maxSteps: 0, yieldControl: immediately })).toEqual([]);
    expect(await collect(model, { signal: AbortSignal.abort(), yieldControl: immediately })).toEqual([]);
    expect(model.count).toBe(0);
    expect(model.snapshots).toEqual([]);
  });

  it('stops right after the step during which its signal aborts, mid-slice', async () => {
    const abort = new AbortController();
    const model = new Counter((n) => n === 37 && abort.abort());
    // A long slice, so the abort lands mid-slice; no maxSteps, so only the signal can end the loop.
    const progress = await collect(model, { signal: abort.signal, sliceMs: 1e9 });
    expect(model.count).toBe(37);
    expect(progress.flatMap((p) => p.steps).at(-1)).toBe(37);
  });

  it('takes no further step once aborted between slices, and ends', async () => {
    const clock = fakeClock();
    const abort = new AbortController();
    const model = new Counter(() => clock.advance(1));
    let yields = 0;
    for await (const _ of trainingLoop(model, { signal: abort.signal, sliceMs: 5 })) {
      if (++yields === 3) abort.abort();
    }
    expect(yields).toBe(3);
    expect(model.count).toBe(15);
  });

  it('snapshots on the first slice, then no more often than snapshotEveryMs, and always at the final step', async () => {
    const clock = fakeClock();
    const model = new Counter(() => clock.advance(1));
    const sliceMs = 3, snapshotEveryMs = 10, maxSteps = 100;
    const progress = await collect(model, { sliceMs, snapshotEveryMs, maxSteps, yieldControl: immediately });

    // Each yielded snapshot is one snapshot() call: none is taken and dropped.
    const yielded = progress.flatMap((p) => (p.snapshot ? [p.snapshot] : []));
    expect(yielded).toEqual(model.snapshots);
    expect(progress[0]!.snapshot).toBeDefined();
    expect(progress.at(-1)!.snapshot?.at).toBe(maxSteps);

    const times = yielded.map((s) => s.time);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Regular snapshots are ≥ snapshotEveryMs apart, and, taken at the first slice end once due, ≤ that + one slice.
    for (const gap of gaps.slice(0, -1)) {
      expect(gap).toBeGreaterThanOrEqual(snapshotEveryMs);
      expect(gap).toBeLessThanOrEqual(snapshotEveryMs + sliceMs);
    }
    // 100 steps end 1 ms after a regular snapshot (slices end every 3 ms, snapshots fall at 3 + 12k ms): the last
    // one is there only because it is the last.
    expect(gaps.at(-1)).toBeLessThan(snapshotEveryMs);
    expect(yielded.length).toBeGreaterThan(5);
  });

  it('spaces out slow snapshots so they take at most a fifth of the time: training between them lasts ≥ 4 × the last snapshot’s cost', async () => {
    const clock = fakeClock();
    // Steps cost 1 ms; a snapshot costs 30 ms, well over the 10 ms period asked for.
    class SlowSnapshots extends Counter {
      override snapshot(): Snap {
        const s = super.snapshot();
        clock.advance(30);
        return s;
      }
    }
    const model = new SlowSnapshots(() => clock.advance(1));
    const progress = await collect(model, { sliceMs: 3, snapshotEveryMs: 10, maxSteps: 600, yieldControl: immediately });
    const times = progress.flatMap((p) => (p.snapshot ? [p.snapshot.time] : []));
    const gaps = times.slice(1, -1).map((t, i) => t - times[i]!);
    expect(gaps.length).toBeGreaterThan(3);
    // Start to start: the snapshot itself, then ≥ 4 × its cost of training.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(30 + 4 * 30);
    // Of the total time, snapshots took at most a fifth (plus the forced final one).
    const total = 600 + 30 * times.length;
    expect((30 * (times.length - 1)) / total).toBeLessThanOrEqual(0.2 + 1e-9);
  });

  it('snapshots rarely with real time: none between the first slice and the last when the period is long', async () => {
    const model = new Counter();
    const progress = await collect(model, { maxSteps: 2000, sliceMs: 0.01, snapshotEveryMs: 60_000, yieldControl: immediately });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.map((p) => p.snapshot !== undefined)).toEqual(progress.map((_, i) => i === 0 || i === progress.length - 1));
  });

  it('hands control back after every slice, and waits for it before the next', async () => {
    const clock = fakeClock();
    const log: (number | 'yield')[] = [];
    let pending = false;
    const model = new Counter((n) => {
      expect(pending).toBe(false); // no step while control is handed back
      log.push(n);
      clock.advance(1);
    });
    const yieldControl = vi.fn(async () => {
      log.push('yield');
      pending = true;
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
      pending = false;
    });
    const progress = await collect(model, { maxSteps: 10, sliceMs: 3, yieldControl });

    expect(yieldControl).toHaveBeenCalledTimes(progress.length);
    // The calls split the steps into exactly the slices that were reported.
    const slices: number[][] = [[]];
    for (const e of log) {
      if (e === 'yield') slices.push([]);
      else slices.at(-1)!.push(e);
    }
    expect(slices.at(-1)).toEqual([]); // the last slice is followed by a hand-back too
    expect(slices.slice(0, -1)).toEqual(progress.map((p) => p.steps));
    expect(progress.map((p) => p.steps.length)).toEqual([3, 3, 3, 1]);
  });

  it('hands control back with a macrotask by default, letting timers run between slices', async () => {
    const clock = fakeClock();
    let timerFired = false;
    const model = new Counter(() => clock.advance(1));
    const seen: boolean[] = [];
    setTimeout(() => (timerFired = true), 0);
    for await (const _ of trainingLoop(model, { maxSteps: 6, sliceMs: 2 })) seen.push(timerFired);
    // The first slice runs before the timer; by the second the loop has given the event loop a turn.
    expect(seen[0]).toBe(false);
    expect(seen.slice(1)).toEqual([true, true]);
  });

  it('passes on the error a step throws, after reporting every step that completed (the failing slice’s too)', async () => {
    const clock = fakeClock();
    const diverged = new Error('generator loss is NaN');
    const model = new Counter((n) => {
      clock.advance(1);
      if (n === 5) throw diverged;
    });
    const progress: Progress<number, Snap>[] = [];
    const run = async () => {
      for await (const p of trainingLoop(model, { sliceMs: 3, yieldControl: immediately })) progress.push(p);
    };
    await expect(run()).rejects.toBe(diverged);
    expect(progress.map((p) => p.steps)).toEqual([[1, 2, 3], [4]]);
    expect(model.count).toBe(5);
    expect(model.snapshots).toHaveLength(1);
  });
});
