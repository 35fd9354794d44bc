/**
 * The training protocol end to end in Node: the worker's host (host.ts) on one end of a MessageChannel, the page's
 * RemoteTrainer on the other. Fake models show the life cycle, commands, requests and failures; a real 1-D GAN
 * shows that snapshots arrive whole, as typed arrays moved rather than copied.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { useBackend } from '../../src/gan/backend.ts';
import { DEFAULT_GAN1D } from '../../src/gan/gan1d-config.ts';
import { Gan1d } from '../../src/gan/gan1d.ts';
import { serveTraining, type KindDefinition, type Registry } from '../../notebooks/training/host.ts';
import { transferables, type Gan1dWireConfig } from '../../notebooks/training/protocol.ts';
import { RemoteTrainer, RequestError, type WorkerLike } from '../../notebooks/training/remote-trainer.ts';
import type { Model } from '../../notebooks/training/trainer.ts';

interface FakeConfig {
  readonly pData: string;
  readonly k: number;
  readonly seed: number;
  readonly failAt?: number;
}

class FakeModel implements Model<{ step: number; loss: number }, { step: number; curve: Float64Array }> {
  steps = 0;
  disposed = false;
  readonly curves: Float64Array[] = [];
  constructor(readonly config: FakeConfig) {}
  step() {
    if (this.config.failAt !== undefined && this.steps + 1 >= this.config.failAt) throw new Error(`loss is NaN at step ${this.steps + 1}`);
    const end = performance.now() + 0.05;
    while (performance.now() < end);
    this.steps++;
    return { step: this.steps, loss: 1 / this.steps };
  }
  snapshot() {
    const curve = Float64Array.from({ length: 64 }, (_, i) => i * this.steps);
    this.curves.push(curve);
    return { step: this.steps, curve };
  }
  dispose() {
    this.disposed = true;
  }
}

const created: FakeModel[] = [];
const fakeKind: KindDefinition<FakeConfig, FakeModel> = {
  create: (c) => {
    const m = new FakeModel(c);
    created.push(m);
    return m;
  },
  needsReset: (a, b) => a.seed !== b.seed || a.failAt !== b.failAt,
  applyLive: (m, c) => void ((m as { config: FakeConfig }).config = c),
  snapshotEveryMs: 5,
  requests: {
    checkpoint: async ({ model }) => ({ step: model?.steps ?? -1, bytes: new Uint8Array([1, 2, 3]) }),
    resume: async ({ args }) => {
      const e = new Error(`not a checkpoint: ${JSON.stringify(args)}`) as Error & { corrupt: boolean };
      e.corrupt = true;
      throw e;
    },
  },
};

const registry: Registry = { kinds: { gan1d: fakeKind } as unknown as Registry['kinds'], backend: () => 'fake' };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  created.length = 0;
});

/** A trainer whose "worker" is a host on the far end of a MessageChannel; each spawn opens a new channel. */
function connect(reg: Registry = registry) {
  const spawns: MessageChannel[] = [];
  const trainer = new RemoteTrainer('gan1d', {
    spawn: () => {
      const channel = new MessageChannel();
      spawns.push(channel);
      const stop = serveTraining(channel.port1 as unknown as WorkerLike, reg, { sliceMs: 2 });
      cleanups.push(() => {
        stop();
        channel.port1.close();
        channel.port2.close();
      });
      const port = channel.port2 as unknown as WorkerLike;
      (port as { terminate?: () => void }).terminate = () => channel.port2.close();
      return port;
    },
  });
  cleanups.push(() => trainer.dispose());
  return { trainer, spawns };
}

const base: FakeConfig = { pData: 'normal(0, 1)', k: 1, seed: 1 };

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('the training worker protocol', () => {
  it('builds the model in the worker on configure: the page sees ready, step 0, the first snapshot and the backend', async () => {
    const { trainer } = connect();
    expect(trainer.value.status).toBe('starting');
    trainer.configure(base as never);
    await until(() => trainer.value.status === 'ready', 'ready');
    expect(trainer.value).toMatchObject({ steps: 0, backend: 'fake', history: [] });
    expect(trainer.value.snapshots).toHaveLength(1);
    expect(Array.from((trainer.value.latest as unknown as { curve: Float64Array }).curve)).toEqual(Array.from({ length: 64 }, () => 0));
  });

  it('trains on play, stops on pause (no step after the promise settles) and keeps every step in order', async () => {
    const { trainer } = connect();
    trainer.configure(base as never);
    await until(() => trainer.value.status === 'ready', 'ready');
    trainer.play();
    expect(trainer.value.status).toBe('running');
    const started = performance.now();
    await until(() => trainer.value.steps > 50 && performance.now() - started > 400, 'steps');
    await trainer.pause();
    const stopped = trainer.value.steps;
    expect(trainer.value.status).toBe('paused');
    await new Promise((r) => setTimeout(r, 50));
    expect(trainer.value.steps).toBe(stopped);
    expect(created[0]!.steps).toBe(stopped);
    expect(trainer.value.history.map((r) => (r as { step: number }).step)).toEqual(Array.from({ length: stopped }, (_, i) => i + 1));
    expect(trainer.value.stepsPerSecond).toBeGreaterThan(0);
  });

  it('moves snapshots rather than copying them: the worker’s arrays are detached once sent, and the page’s hold the values', async () => {
    const { trainer } = connect();
    trainer.configure(base as never);
    await until(() => trainer.value.status === 'ready', 'ready');
    trainer.stepOnce();
    await until(() => trainer.value.steps === 1 && trainer.value.snapshots.length === 2, 'a step and its snapshot');
    const sent = created[0]!.curves;
    expect(sent.every((c) => c.byteLength === 0)).toBe(true);
    expect(Array.from((trainer.value.latest as unknown as { curve: Float64Array }).curve.subarray(0, 4))).toEqual([0, 1, 2, 3]);
  });

  it('applies live options to the running model, and builds a new one (a fresh history) when a setting needs it', async () => {
    const { trainer } = connect();
    trainer.configure(base as never);
    await until(() => trainer.value.status === 'ready', 'ready');
    trainer.stepOnce();
    await until(() => trainer.value.steps === 1, 'a step');
    trainer.configure({ ...base, k: 3 } as never);
    await until(() => created[0]!.config.k === 3, 'the live option');
    expect(created).toHaveLength(1);
    trainer.configure({ ...base, seed: 2 } as never);
    await until(() => created.length === 2 && trainer.value.status === 'ready', 'a new model');
    expect(created[0]!.disposed).toBe(true);
    expect(trainer.value.steps).toBe(0);
    expect(trainer.value.history).toEqual([]);
  });

  it('reports a diverging model with its message and stops; reset starts over', async () => {
    const { trainer } = connect();
    trainer.configure({ ...base, failAt: 20 } as never);
    await until(() => trainer.value.status === 'ready', 'ready');
    trainer.play();
    await until(() => trainer.value.status === 'diverged', 'divergence');
    expect(trainer.value.message).toMatch(/loss is NaN at step 20/);
    expect(trainer.value.steps).toBe(19);
    await trainer.reset();
    await until(() => trainer.value.status === 'ready' && trainer.value.steps === 0, 'a reset');
  });

  it('answers requests, passing typed arrays back, and tells a corrupt input from a failure of the moment', async () => {
    const { trainer } = connect();
    trainer.configure(base as never);
    await until(() => trainer.value.status === 'ready', 'ready');
    const saved = (await trainer.request('checkpoint', null)) as unknown as { step: number; bytes: Uint8Array };
    expect(saved.step).toBe(0);
    expect(Array.from(saved.bytes)).toEqual([1, 2, 3]);
    const refused = await trainer.request('resume', { nonsense: 1 } as never).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RequestError);
    expect((refused as RequestError).corrupt).toBe(true);
    expect((refused as RequestError).message).toMatch(/not a checkpoint/);
    const missing = await trainer.request('score', { samples: 10 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RequestError);
    expect((missing as RequestError).corrupt).toBe(false);
    expect((missing as RequestError).message).toMatch(/does not answer 'score'/);
  });

  it('reports a worker that cannot build the kind asked for, and reset after a failure starts a new worker', async () => {
    const { trainer, spawns } = connect({ kinds: {}, backend: () => 'none' });
    trainer.configure(base as never);
    await until(() => trainer.value.status === 'failed', 'the failure');
    expect(trainer.value.message).toMatch(/cannot train a 'gan1d' model/);
    await trainer.reset();
    await until(() => spawns.length === 2, 'a second worker');
    expect(trainer.value.status).not.toBe('ready');
  });

  it('collects only buffers a message may take whole (not views into a larger buffer)', () => {
    const whole = new Float64Array(4), heap = new ArrayBuffer(64), view = new Float32Array(heap, 16, 4);
    expect(transferables({ a: whole, b: [view, { c: whole }], d: 3 })).toEqual([whole.buffer]);
  });
});

describe('a real 1-D GAN through the protocol', () => {
  it('trains in the host and delivers finite snapshots with the figures’ typed arrays', async () => {
    await useBackend('cpu');
    const real: KindDefinition<Gan1dWireConfig, Gan1d> = {
      create: (c) => new Gan1d({ ...c, pData: parseDistribution(c.pData) }),
      needsReset: (a, b) => a.pData !== b.pData || a.seed !== b.seed,
      applyLive: (g, c) => g.setLiveOptions({ k: c.k, loss: c.loss, freezeG: c.freezeG }),
      snapshotEveryMs: 500,
    };
    const before = tf.memory().numTensors;
    const { trainer } = connect({ kinds: { gan1d: real } as unknown as Registry['kinds'], backend: () => tf.getBackend() });
    trainer.configure({ ...DEFAULT_GAN1D, pData: '0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)', k: 1, batchSize: 32 });
    await until(() => trainer.value.status === 'ready', 'ready', 20_000);
    trainer.play();
    await until(() => trainer.value.steps >= 10 && trainer.value.snapshots.length >= 2, 'training', 50_000);
    await trainer.pause();
    const snap = trainer.value.latest!;
    expect(snap.grid).toBeInstanceOf(Float64Array);
    expect(snap.grid.length).toBeGreaterThan(100);
    for (const key of ['d', 'dStar', 'pData', 'pG'] as const) {
      expect(snap[key]).toBeInstanceOf(Float64Array);
      expect(snap[key].length).toBe(snap.grid.length);
    }
    expect(Number.isFinite(snap.jsd)).toBe(true);
    expect(trainer.value.backend).toBe('cpu');
    trainer.dispose();
    for (const c of cleanups.splice(0)) c();
    expect(tf.memory().numTensors).toBe(before);
  }, 90_000);
});
