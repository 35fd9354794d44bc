/**
 * A long request (the mode-collapse page's sweep) over the training protocol in Node: the handler's progress
 * reaches the page's callback in order before the reply, and the worker keeps answering other messages between
 * its slices (a pause sent mid-request is acknowledged before the request ends).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serveTraining, type KindDefinition, type Registry } from '../../notebooks/training/host.ts';
import { RemoteTrainer, type WorkerLike } from '../../notebooks/training/remote-trainer.ts';
import type { Model } from '../../notebooks/training/trainer.ts';

class Idle implements Model<number, number> {
  steps = 0;
  step() {
    return ++this.steps;
  }
  snapshot() {
    return this.steps;
  }
  dispose() {}
}

const events: string[] = [];
const kind: KindDefinition<{ seed: number }, Idle> = {
  create: () => new Idle(),
  needsReset: () => false,
  requests: {
    sweep: async ({ args, progress, yieldControl }) => {
      const { slices } = args as { slices: number };
      for (let i = 1; i <= slices; i++) {
        progress({ done: i, of: slices, values: Float64Array.of(i) });
        events.push(`slice ${i}`);
        await yieldControl();
      }
      return { done: slices };
    },
  },
};
const registry: Registry = { kinds: { gan1d: kind } as unknown as Registry['kinds'], backend: () => 'fake' };

const stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s();
  events.length = 0;
});

function connect() {
  const channel = new MessageChannel();
  const stop = serveTraining(channel.port1 as unknown as WorkerLike, registry, { sliceMs: 2 });
  const port = channel.port2 as unknown as WorkerLike;
  const trainer = new RemoteTrainer('gan1d', { spawn: () => port });
  stops.push(() => {
    trainer.dispose();
    stop();
    channel.port1.close();
    channel.port2.close();
  });
  return trainer;
}

describe('request progress', () => {
  it('arrives in order, with its typed arrays, before the reply; other messages are answered meanwhile', async () => {
    const trainer = connect();
    trainer.configure({ seed: 1 } as never);
    const seen: number[] = [];
    const reply = trainer.request('sweep', { slices: 50 } as never, [], (v) => {
      const p = v as { done: number; values: Float64Array };
      expect(p.values).toBeInstanceOf(Float64Array);
      expect(p.values[0]).toBe(p.done);
      seen.push(p.done);
    });
    // A pause mid-request: the host answers it between the request's slices.
    await new Promise((r) => setTimeout(r, 5));
    await trainer.pause();
    events.push('paused');
    expect(await reply).toEqual({ done: 50 });
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const paused = events.indexOf('paused');
    expect(paused).toBeGreaterThan(0);
    expect(paused).toBeLessThan(events.length - 1);
  });

  it('a request without a callback still gets its reply', async () => {
    const trainer = connect();
    trainer.configure({ seed: 1 } as never);
    expect(await trainer.request('sweep', { slices: 3 } as never)).toEqual({ done: 3 });
  });
});
