/**
 * The page's side of a training worker: the same face as a Trainer (a `.value` with the training state, `input`
 * events when a snapshot arrives, `progress` events for every batch of steps; play, pause, step, reset), while the
 * model and TensorFlow.js live in the worker (host.ts). It keeps the history the figures draw.
 *
 * A worker that fails to start or dies is reported in the state (status 'failed' and a message); reset starts a
 * new worker with the last configuration.
 */
import type { Endpoint, FromWorker, KindName, RequestName, Requests, Status, ToWorker, TrainingKinds } from './protocol.ts';
import { RunRecord } from './run-record.ts';
import type { TrainerState } from './trainer.ts';

/** A worker as the page sees it (a real Worker, or a MessagePort in the Node tests). */
export interface WorkerLike extends Endpoint {
  terminate?(): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
}

export interface RemoteState<R, S> extends Omit<TrainerState<R, S>, 'status'> {
  readonly status: Status | 'failed';
  /** The TensorFlow.js backend the worker runs on ('…' until it has started). */
  readonly backend: string;
}

/** Thrown by `request` when the worker refused; `corrupt` says the input itself is bad, not the moment. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    message: string,
    readonly corrupt: boolean,
  ) {
    super(message);
  }
}

export class RemoteTrainer<K extends KindName, R = TrainingKinds[K]['step'], S = TrainingKinds[K]['snapshot']> extends EventTarget {
  readonly #kind: K;
  readonly #spawn: () => WorkerLike;
  readonly #dataUrl: string;
  #worker: WorkerLike | undefined;
  #config: TrainingKinds[K]['config'] | undefined;
  #state: RemoteState<R, S> = { status: 'starting', steps: 0, history: [], snapshots: [], stepsPerSecond: 0, backend: '…' };
  readonly #run = new RunRecord<R, S>();
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; progress?: (v: unknown) => void }>();

  constructor(kind: K, options: { spawn: () => WorkerLike; dataUrl?: string }) {
    super();
    this.#kind = kind;
    this.#spawn = options.spawn;
    this.#dataUrl = options.dataUrl ?? '';
  }

  get value(): RemoteState<R, S> {
    return this.#state;
  }
  set value(_: RemoteState<R, S>) {
    throw new Error('the training state is read-only');
  }

  get kind(): K {
    return this.#kind;
  }

  get config(): TrainingKinds[K]['config'] | undefined {
    return this.#config;
  }

  #set(patch: Partial<RemoteState<R, S>>, notify = true): void {
    this.#state = { ...this.#state, ...patch };
    if (notify) this.dispatchEvent(new Event('input'));
  }

  #send(message: ToWorker): void {
    this.#connect().postMessage(message);
  }

  #connect(): WorkerLike {
    if (this.#worker) return this.#worker;
    let worker: WorkerLike;
    try {
      worker = this.#spawn();
    } catch (e) {
      this.#fail(`the training worker could not start: ${(e as Error).message}`);
      throw e;
    }
    this.#worker = worker;
    worker.addEventListener('message', (e) => {
      if (this.#worker === worker) this.#receive(e.data as FromWorker);
    });
    const died = (what: string) => (e: Event) => {
      if (this.#worker !== worker) return;
      e.preventDefault?.();
      const detail = (e as ErrorEvent).message;
      this.#fail(`${what}${detail ? `: ${detail}` : ''}`);
    };
    worker.addEventListener('error', died('the training worker stopped'));
    worker.addEventListener('messageerror', died('a message from the training worker could not be read'));
    (worker as { start?: () => void }).start?.();
    worker.postMessage({ type: 'init', kind: this.#kind, dataUrl: this.#dataUrl } satisfies ToWorker);
    return worker;
  }

  /** The worker is gone: say so, settle what waited on it, and let reset start a new one. */
  #fail(message: string): void {
    this.#worker?.terminate?.();
    this.#worker = undefined;
    for (const p of this.#pending.values()) p.reject(new Error(message));
    this.#pending.clear();
    this.#set({ status: 'failed', message, stepsPerSecond: 0 });
  }

  #receive(m: FromWorker): void {
    switch (m.type) {
      case 'state':
        if (m.status === 'running') {
          this.#run.restartRate();
          this.#set({ status: m.status, message: m.message, backend: m.backend });
        } else {
          // The last slice may have ended between snapshots: once training stops, publish the complete history.
          const stepsPerSecond = m.status === 'paused' ? this.#state.stepsPerSecond : 0;
          this.#set({ status: m.status, message: m.message, backend: m.backend, stepsPerSecond, ...this.#run.all() });
        }
        break;
      case 'restart':
        this.#run.clear();
        this.#set({ steps: m.steps, history: [], snapshots: [], latest: undefined, stepsPerSecond: 0 }, false);
        break;
      case 'progress':
        this.#record(m.steps as readonly R[], m.snapshot as S | undefined, m.total);
        break;
      case 'paused':
      case 'reply': {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        if (!p) break;
        if (m.type === 'paused') p.resolve(undefined);
        else if (m.ok) p.resolve(m.value);
        else p.reject(new RequestError(m.error, m.corrupt === true));
        break;
      }
      case 'request-progress':
        this.#pending.get(m.id)?.progress?.(m.value);
        break;
      case 'fatal':
        this.#fail(`the training worker failed: ${m.message}`);
        break;
    }
  }

  #record(steps: readonly R[], snapshot: S | undefined, total: number): void {
    this.#set(this.#run.add(steps, snapshot, total, this.#state), snapshot !== undefined);
    this.dispatchEvent(new Event('progress'));
  }

  /** Applies a configuration: the worker builds a fresh model when the kind says so, else updates the live options. */
  configure(config: TrainingKinds[K]['config']): void {
    this.#config = config;
    if (this.#state.status === 'failed') return;
    this.#send({ type: 'configure', config });
  }

  play(): void {
    if (this.#state.status !== 'ready' && this.#state.status !== 'paused') return;
    this.#set({ status: 'running' });
    this.#send({ type: 'play' });
  }

  /** Resolves once the worker has stopped training. */
  pause(): Promise<void> {
    if (!this.#worker) return Promise.resolve();
    if (this.#state.status === 'running') this.#set({ status: 'paused' });
    const id = this.#nextId++;
    const done = new Promise<void>((resolve, reject) => this.#pending.set(id, { resolve: () => resolve(), reject }));
    this.#send({ type: 'pause', id });
    return done.catch(() => undefined);
  }

  stepOnce(): void {
    if (this.#state.status !== 'ready' && this.#state.status !== 'paused') return;
    this.#send({ type: 'step' });
  }

  /** Starts over with a new model (and a new worker if the last one died). */
  async reset(): Promise<void> {
    if (this.#state.status === 'failed') {
      this.#set({ status: 'starting', message: undefined, steps: 0, history: [], snapshots: [], latest: undefined });
      if (this.#config !== undefined) this.#send({ type: 'configure', config: this.#config });
      return;
    }
    this.#send({ type: 'reset' });
  }

  /** Asks the worker for something beyond training (a checkpoint, the generator, scores, a sweep); `onProgress` hears a long one's progress. */
  request<N extends RequestName>(name: N, args: Requests[N]['args'], transfer: Transferable[] = [], onProgress?: (value: unknown) => void): Promise<Requests[N]['result']> {
    const id = this.#nextId++;
    const done = new Promise<unknown>((resolve, reject) => this.#pending.set(id, { resolve, reject, ...(onProgress ? { progress: onProgress } : {}) }));
    this.#connect().postMessage({ type: 'request', id, name, args } satisfies ToWorker, transfer);
    return done as Promise<Requests[N]['result']>;
  }

  /** For the tests: makes the worker throw an uncaught error, as a crash would. */
  crash(): void {
    this.#worker?.postMessage({ type: 'crash' } satisfies ToWorker);
  }

  dispose(): void {
    this.#worker?.terminate?.();
    this.#worker = undefined;
    for (const p of this.#pending.values()) p.reject(new Error('the training page was closed'));
    this.#pending.clear();
  }
}
