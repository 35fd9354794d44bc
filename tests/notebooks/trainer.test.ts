/**
 * The training cells' controller, over a fake model: its life cycle (starting → ready → running ⇄ paused, and
 * diverged), single steps, configuration changes that need a new model or only a live update, and the `input`
 * events that make figure cells redraw.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Trainer, type Model } from '../../notebooks/training/trainer.ts';

interface Config {
  readonly hidden: number;
  readonly lr: number;
  /** The step at which the model throws, as a diverging GAN does. */
  readonly failAt?: number;
}

interface Snap {
  readonly model: number;
  readonly steps: number;
}

class FakeModel implements Model<number, Snap> {
  steps = 0;
  stepCalls = 0;
  disposed = false;
  lr: number;
  constructor(
    readonly id: number,
    readonly config: Config,
  ) {
    this.lr = config.lr;
  }
  step(): number {
    if (this.disposed) throw new Error('stepped a disposed model');
    this.stepCalls++;
    if (this.config.failAt !== undefined && this.steps + 1 >= this.config.failAt) throw new Error(`loss is NaN at step ${this.steps + 1}`);
    // About 20 µs a step, like a small network: keeps a 1 ms slice to tens of steps.
    const end = performance.now() + 0.02;
    while (performance.now() < end);
    return ++this.steps;
  }
  snapshot(): Snap {
    return { model: this.id, steps: this.steps };
  }
  dispose(): void {
    this.disposed = true;
  }
}

const base: Config = { hidden: 8, lr: 0.01 };
const trainers: Trainer<Config, number, Snap, FakeModel>[] = [];

function setup(options: { create?: (c: Config) => FakeModel | Promise<FakeModel> } = {}) {
  const created: FakeModel[] = [];
  const live: [FakeModel, Config][] = [];
  const trainer = new Trainer<Config, number, Snap, FakeModel>({
    create:
      options.create ??
      ((config) => {
        const m = new FakeModel(created.length, config);
        created.push(m);
        return m;
      }),
    needsReset: (a, b) => a.hidden !== b.hidden || a.failAt !== b.failAt,
    applyLive: (m, c) => {
      live.push([m, c]);
      m.lr = c.lr;
    },
    sliceMs: 1,
    snapshotEveryMs: 5,
  });
  trainers.push(trainer);
  return { trainer, created, live };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

afterEach(async () => {
  for (const t of trainers.splice(0)) {
    await t.pause();
    t.dispose();
  }
});

describe('Trainer', () => {
  it('starts with no model, and configure() builds one: ready, at step 0, with one snapshot', async () => {
    const { trainer, created } = setup();
    expect(trainer.value.status).toBe('starting');
    expect(trainer.model).toBeUndefined();
    await trainer.configure(base);
    expect(created).toHaveLength(1);
    expect(trainer.model).toBe(created[0]);
    expect(trainer.value).toMatchObject({ status: 'ready', steps: 0, history: [] });
    expect(trainer.value.snapshots).toEqual([{ model: 0, steps: 0 }]);
    expect(trainer.value.latest).toEqual({ model: 0, steps: 0 });
    expect(() => ((trainer as { value: unknown }).value = {})).toThrow(/read-only/);
  });

  it('runs on play(): the step count keeps growing, and every step is in the history', async () => {
    const { trainer, created } = setup();
    await trainer.configure(base);
    trainer.play();
    expect(trainer.value.status).toBe('running');
    await waitFor(() => trainer.value.steps > 0, 'a first step');
    const first = trainer.value.steps;
    await waitFor(() => trainer.value.steps > first, 'more steps');
    await trainer.pause();
    expect(trainer.value.history).toEqual(Array.from({ length: created[0]!.steps }, (_, i) => i + 1));
    expect(trainer.value.snapshots.length).toBeGreaterThan(1);
  });

  it('stops on pause(): no step is taken after it returns', async () => {
    const { trainer, created } = setup();
    await trainer.configure(base);
    trainer.play();
    await waitFor(() => trainer.value.steps > 10, 'some steps');
    await trainer.pause();
    expect(trainer.value.status).toBe('paused');
    const model = created[0]!, calls = model.stepCalls;
    // Recorded state and model agree, and stay put: 30 ms is dozens of 1 ms slices had it kept running.
    expect(trainer.value.steps).toBe(model.steps);
    await sleep(30);
    expect(model.stepCalls).toBe(calls);
    expect(trainer.value.steps).toBe(model.steps);
    expect(trainer.value.status).toBe('paused');
  });

  it('takes exactly one step, with a snapshot, on stepOnce()', async () => {
    const { trainer, created } = setup();
    await trainer.configure(base);
    trainer.stepOnce();
    expect(created[0]!.stepCalls).toBe(1);
    expect(trainer.value).toMatchObject({ status: 'paused', steps: 1, history: [1] });
    expect(trainer.value.latest).toEqual({ model: 0, steps: 1 });

    trainer.play();
    await waitFor(() => trainer.value.steps > 3, 'some steps');
    await trainer.pause();
    const before = created[0]!.stepCalls, snapshots = trainer.value.snapshots.length;
    trainer.stepOnce();
    expect(created[0]!.stepCalls).toBe(before + 1);
    expect(trainer.value.steps).toBe(before + 1);
    expect(trainer.value.snapshots).toHaveLength(snapshots + 1);
  });

  it('replaces the model on a change that needs a reset: the old one is disposed and the count starts at 0', async () => {
    const { trainer, created } = setup();
    await trainer.configure(base);
    trainer.stepOnce();
    trainer.stepOnce();
    await trainer.configure({ ...base, hidden: 16 });
    expect(created).toHaveLength(2);
    expect(created[0]!.disposed).toBe(true);
    expect(trainer.model).toBe(created[1]);
    expect(created[1]!.config.hidden).toBe(16);
    expect(trainer.value).toMatchObject({ status: 'ready', steps: 0, history: [] });
    expect(trainer.value.snapshots).toEqual([{ model: 1, steps: 0 }]);
  });

  it('keeps running on the new model when a reset comes while running', async () => {
    const { trainer, created } = setup();
    await trainer.configure(base);
    trainer.play();
    await waitFor(() => trainer.value.steps > 5, 'some steps');
    await trainer.configure({ ...base, hidden: 4 });
    expect(created[0]!.disposed).toBe(true);
    expect(trainer.value.status).toBe('running');
    await waitFor(() => created[1]!.steps > 5, 'steps on the new model');
    await trainer.pause();
    // Nothing of the old model's run is left: history and snapshots count from the new model's step 1.
    expect(trainer.value.history).toEqual(Array.from({ length: created[1]!.steps }, (_, i) => i + 1));
    expect(trainer.value.snapshots.every((s) => s.model === 1)).toBe(true);
    expect(trainer.value.snapshots[0]).toEqual({ model: 1, steps: 0 });
  });

  it('applies a live change to the running model without a reset', async () => {
    const { trainer, created, live } = setup();
    await trainer.configure(base);
    trainer.stepOnce();
    const changed = { ...base, lr: 0.5 };
    await trainer.configure(changed);
    expect(created).toHaveLength(1);
    expect(live).toEqual([[created[0], changed]]);
    expect(created[0]!.lr).toBe(0.5);
    expect(created[0]!.disposed).toBe(false);
    expect(trainer.value).toMatchObject({ status: 'paused', steps: 1 });
  });

  it('reports divergence with the error’s message, then ignores play() and stepOnce() until reset()', async () => {
    const { trainer, created } = setup();
    await trainer.configure({ ...base, failAt: 40 });
    trainer.play();
    await waitFor(() => trainer.value.status === 'diverged', 'divergence');
    expect(trainer.value.message).toBe('loss is NaN at step 40');
    const model = created[0]!, calls = model.stepCalls;
    expect(model.steps).toBe(39);

    trainer.play();
    trainer.stepOnce();
    await sleep(20);
    expect(trainer.value.status).toBe('diverged');
    expect(model.stepCalls).toBe(calls);

    await trainer.reset();
    expect(model.disposed).toBe(true);
    expect(created).toHaveLength(2);
    expect(trainer.value).toMatchObject({ status: 'ready', steps: 0, message: undefined });
    trainer.stepOnce();
    expect(trainer.value).toMatchObject({ status: 'paused', steps: 1 });
  });

  it('reports divergence from a single step too', async () => {
    const { trainer } = setup();
    await trainer.configure({ ...base, failAt: 1 });
    trainer.stepOnce();
    expect(trainer.value).toMatchObject({ status: 'diverged', message: 'loss is NaN at step 1', steps: 0 });
  });

  it('reports a model that cannot be built as diverged, and builds it on the next reset', async () => {
    let attempts = 0;
    const { trainer } = setup({
      create: (config) => {
        if (++attempts === 1) throw new Error('no wasm backend');
        return new FakeModel(attempts, config);
      },
    });
    await trainer.configure(base);
    expect(trainer.value).toMatchObject({ status: 'diverged', message: 'could not start: no wasm backend' });
    expect(trainer.model).toBeUndefined();
    await trainer.reset();
    expect(trainer.value.status).toBe('ready');
    expect(trainer.model).toBeDefined();
  });

  it('keeps only the latest configuration’s model when an asynchronous build is overtaken', async () => {
    const built: FakeModel[] = [];
    // The first build waits at a gate until the second has finished, so it finishes last on any machine.
    let releaseFirst!: () => void;
    const gate = new Promise<void>((resolve) => (releaseFirst = resolve));
    const { trainer } = setup({
      create: async (config) => {
        if (config.hidden === 8) await gate;
        else await sleep(1);
        const m = new FakeModel(built.length, config);
        built.push(m);
        return m;
      },
    });
    const first = trainer.configure(base);
    await sleep(5); // the first build is under way
    const second = trainer.configure({ ...base, hidden: 2 });
    await second;
    releaseFirst();
    await first;
    expect(built.map((m) => m.config.hidden)).toEqual([2, 8]);
    expect(trainer.model).toBe(built[0]);
    expect(built[1]!.disposed).toBe(true);
    expect(built[0]!.disposed).toBe(false);
    expect(trainer.value.status).toBe('ready');
    expect(trainer.value.snapshots).toEqual([{ model: 0, steps: 0 }]);
  });

  it('disposes the model on dispose(), and stops a run', async () => {
    const { trainer, created } = setup();
    await trainer.configure(base);
    trainer.play();
    await waitFor(() => trainer.value.steps > 3, 'some steps');
    trainer.dispose();
    const model = created[0]!;
    expect(model.disposed).toBe(true);
    expect(trainer.model).toBeUndefined();
    // The fake throws if stepped after dispose; a step would also move the count.
    const calls = model.stepCalls;
    await sleep(20);
    expect(model.stepCalls).toBe(calls);
  });

  it('fires an input event for each snapshot, with the snapshot already in the value', async () => {
    const { trainer } = setup();
    const seen: (Snap | undefined)[] = [];
    let progress = 0;
    trainer.addEventListener('input', () => seen.push(trainer.value.latest));
    trainer.addEventListener('progress', () => progress++);
    await trainer.configure(base);
    expect(seen).toContainEqual({ model: 0, steps: 0 });

    trainer.play();
    await waitFor(() => trainer.value.snapshots.length >= 4, 'a few snapshots');
    await trainer.pause();
    trainer.stepOnce();
    // Every snapshot taken was the value's `latest` when some input event fired (the same object, not a copy).
    for (const s of trainer.value.snapshots) expect(seen.some((x) => x === s)).toBe(true);
    // Progress without a snapshot updates the value quietly: one progress event per batch of steps recorded,
    // at least as many as there were snapshots.
    expect(progress).toBeGreaterThanOrEqual(trainer.value.snapshots.length);
  });
});
