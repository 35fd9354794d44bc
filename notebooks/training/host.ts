/**
 * The worker's side of the training protocol: one Trainer session, driven by the page's messages, whose state,
 * step records and snapshots go back as messages (snapshots' typed arrays moved, not copied).
 *
 * What a kind of model is (how to build it from a configuration, which settings need a new model, what requests
 * it answers) comes from a registry, so this file knows nothing of TensorFlow.js and the Node tests run it over a
 * MessageChannel with fake models.
 */
import { transferables, type Endpoint, type FromWorker, type KindName, type RequestName, type Status, type ToWorker } from './protocol.ts';
import { Trainer, type Model } from './trainer.ts';

/** What the worker knows of its surroundings (set by the page's init message). */
export interface HostEnvironment {
  /** Where the MNIST assets are (absolute URL of the site's data/ folder). */
  readonly dataUrl: string;
}

/**
 * A request handler; it may replace the running model through `adopt`. A long one posts `progress` and awaits
 * `yieldControl` between slices of work, so the worker keeps answering the page.
 */
export type RequestHandler<M> = (context: {
  model: M | undefined;
  config: unknown;
  adopt: (model: M, config: unknown) => Promise<void>;
  args: unknown;
  progress: (value: unknown) => void;
  yieldControl: () => Promise<void>;
}) => Promise<unknown>;

/** A kind of model the worker can train. */
export interface KindDefinition<C, M extends Model<unknown, unknown>> {
  readonly create: (config: C, env: HostEnvironment) => M | Promise<M>;
  readonly needsReset: (a: C, b: C) => boolean;
  readonly applyLive?: (model: M, config: C) => void;
  readonly snapshotEveryMs?: number;
  readonly requests?: Partial<Record<RequestName, RequestHandler<M>>>;
}

export interface Registry {
  readonly kinds: { readonly [K in KindName]?: KindDefinition<never, Model<unknown, unknown>> };
  /** The TensorFlow.js backend in use, for the page's status line. */
  readonly backend: () => string;
}

/** An error whose reply tells the page the checkpoint itself is bad (so it may be set aside), not the moment. */
export interface MaybeCorrupt {
  readonly corrupt?: boolean;
}

/**
 * A way to hand control back between training slices without setTimeout's 4 ms clamp on nested timers: in a
 * browser a MessageChannel task, which runs as soon as the worker is free (after any message from the page already
 * queued); in Node setImmediate (Node drains a port's queue in one go, which would starve its timers).
 */
export function messageChannelYield(): () => Promise<void> {
  if (typeof setImmediate === 'function') return () => new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'undefined') return () => new Promise((resolve) => setTimeout(resolve, 0));
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
}

/** Serves the protocol on `port` until the worker ends. Returns a function that stops serving (for tests). */
export function serveTraining(port: Endpoint, registry: Registry, options: { sliceMs?: number } = {}): () => void {
  let trainer: Trainer<unknown, unknown, unknown, Model<unknown, unknown>> | undefined;
  let kind: KindDefinition<unknown, Model<unknown, unknown>> | undefined;
  let env: HostEnvironment = { dataUrl: '' };
  let lastState = '';
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const requestYield = messageChannelYield();

  const postState = () => {
    if (!trainer) return;
    const { status, message } = trainer.value;
    const state: FromWorker = { type: 'state', status: status as Status, ...(message !== undefined ? { message } : {}), backend: registry.backend() };
    const key = JSON.stringify(state);
    if (key !== lastState) {
      lastState = key;
      post(state);
    }
  };

  const start = (name: KindName) => {
    const definition = registry.kinds[name] as KindDefinition<unknown, Model<unknown, unknown>> | undefined;
    if (!definition) throw new Error(`this worker cannot train a '${name}' model`);
    kind = definition;
    trainer = new Trainer({
      create: (config) => definition.create(config, env),
      needsReset: definition.needsReset,
      applyLive: definition.applyLive,
      snapshotEveryMs: definition.snapshotEveryMs,
      // Slices can be long here: nothing waits on this thread but the page's next command.
      sliceMs: options.sliceMs ?? 40,
      yieldControl: messageChannelYield(),
      onRestart: (steps) => post({ type: 'restart', steps }),
      onRecord: (steps, snapshot) => {
        const message: FromWorker = { type: 'progress', steps, ...(snapshot !== undefined ? { snapshot } : {}), total: trainer?.model?.steps ?? 0 };
        post(message, snapshot !== undefined ? transferables(snapshot) : []);
      },
    });
    trainer.addEventListener('input', postState);
    trainer.addEventListener('progress', postState);
  };

  const reply = async (id: number, name: RequestName, args: unknown) => {
    try {
      const handler = kind?.requests?.[name];
      if (!handler || !trainer) throw new Error(`this model does not answer '${name}'`);
      const t = trainer;
      const progress = (value: unknown) => post({ type: 'request-progress', id, value }, transferables(value));
      const value = await handler({ model: t.model, config: t.config, adopt: (m, c) => t.adopt(m, c), args, progress, yieldControl: requestYield });
      post({ type: 'reply', id, ok: true, value }, transferables(value));
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      post({ type: 'reply', id, ok: false, error, ...((e as MaybeCorrupt)?.corrupt ? { corrupt: true } : {}) });
    }
  };

  const onMessage = (event: MessageEvent) => {
    const m = event.data as ToWorker;
    try {
      switch (m.type) {
        case 'init':
          env = { dataUrl: m.dataUrl };
          start(m.kind);
          postState();
          break;
        case 'configure':
          void trainer?.configure(m.config).then(postState);
          break;
        case 'play':
          trainer?.play();
          break;
        case 'pause':
          void (trainer?.pause() ?? Promise.resolve()).then(() => post({ type: 'paused', id: m.id }));
          break;
        case 'step':
          trainer?.stepOnce();
          break;
        case 'reset':
          void trainer?.reset().then(postState);
          break;
        case 'request':
          void reply(m.id, m.name, m.args);
          break;
        case 'crash':
          setTimeout(() => {
            throw new Error('the training worker was made to crash (a test)');
          });
          break;
        default:
          throw new Error(`unknown message ${JSON.stringify((m as { type?: unknown }).type)}`);
      }
    } catch (e) {
      post({ type: 'fatal', message: (e as Error).message });
    }
  };
  port.addEventListener('message', onMessage);
  (port as { start?: () => void }).start?.();
  return () => {
    port.removeEventListener('message', onMessage);
    trainer?.dispose();
  };
}
