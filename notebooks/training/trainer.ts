/**
 * A training session: it owns one model, runs `trainingLoop` when playing, and exposes the state as an input
 * element (a `.value` and `input` events). Play, pause, single step and reset are its commands. A model that
 * diverges stops the run with its message; reset starts over.
 *
 * It runs inside the training worker (host.ts), which forwards what `onRecord` and `onRestart` report to the page;
 * it needs no DOM, so the Node tests drive it directly.
 */
import { trainingLoop, type Trainable } from '../../src/gan/training.ts';
import { RunRecord } from './run-record.ts';

export interface Model<R, S> extends Trainable<R, S> {
  dispose(): void;
  readonly steps: number;
}

export interface TrainerState<R, S> {
  readonly status: 'starting' | 'ready' | 'running' | 'paused' | 'diverged';
  /** What went wrong, when diverged. */
  readonly message?: string;
  readonly steps: number;
  /** Every step's result (the most recent 50,000). */
  readonly history: readonly R[];
  /** Every snapshot taken (the most recent 2,000). */
  readonly snapshots: readonly S[];
  readonly latest?: S;
  /** Training speed over the last few seconds of running. */
  readonly stepsPerSecond: number;
}

export interface TrainerOptions<C, M, R = unknown, S = unknown> {
  /** Builds a model for a configuration (may be async, e.g. to start a backend). */
  readonly create: (config: C) => M | Promise<M>;
  /** True when moving from a to b needs a new model; otherwise `applyLive` updates the running one. */
  readonly needsReset: (a: C, b: C) => boolean;
  readonly applyLive?: (model: M, config: C) => void;
  readonly sliceMs?: number;
  readonly snapshotEveryMs?: number;
  /** How the loop hands control back between slices (see trainingLoop). */
  readonly yieldControl?: () => Promise<void>;
  /** Told of every step result and snapshot as they are recorded (the worker forwards them to the page). */
  readonly onRecord?: (steps: readonly R[], snapshot: S | undefined) => void;
  /** Told when a new or adopted model starts a fresh history at this step. */
  readonly onRestart?: (steps: number) => void;
}

export class Trainer<C, R, S, M extends Model<R, S> = Model<R, S>> extends EventTarget {
  #options: TrainerOptions<C, M, R, S>;
  #config: C | undefined;
  #model: M | undefined;
  #state: TrainerState<R, S> = { status: 'starting', steps: 0, history: [], snapshots: [], stepsPerSecond: 0 };
  #abort: AbortController | undefined;
  #running: Promise<void> | undefined;
  #generation = 0;
  readonly #run = new RunRecord<R, S>();

  constructor(options: TrainerOptions<C, M, R, S>) {
    super();
    this.#options = options;
  }

  get value(): TrainerState<R, S> {
    return this.#state;
  }
  set value(_: TrainerState<R, S>) {
    throw new Error('the training state is read-only');
  }

  get model(): M | undefined {
    return this.#model;
  }

  get config(): C | undefined {
    return this.#config;
  }

  #set(patch: Partial<TrainerState<R, S>>, notify = true): void {
    this.#state = { ...this.#state, ...patch };
    if (notify) this.dispatchEvent(new Event('input'));
  }

  /** Applies a configuration: a fresh model when `needsReset` says so, else the live options. */
  async configure(config: C): Promise<void> {
    const previous = this.#config;
    this.#config = config;
    if (this.#model && previous !== undefined && !this.#options.needsReset(previous, config)) {
      this.#options.applyLive?.(this.#model, config);
      return;
    }
    await this.reset();
  }

  /** Stops training and starts over with a new model for the current configuration. */
  async reset(): Promise<void> {
    const wasRunning = this.#state.status === 'running';
    await this.pause();
    const generation = ++this.#generation;
    this.#model?.dispose();
    this.#model = undefined;
    this.#run.clear();
    this.#set({ status: 'starting', steps: 0, history: [], snapshots: [], latest: undefined, message: undefined, stepsPerSecond: 0 });
    if (this.#config === undefined) return;
    let model: M;
    try {
      model = await this.#options.create(this.#config);
    } catch (e) {
      this.#set({ status: 'diverged', message: `could not start: ${(e as Error).message}` });
      return;
    }
    if (generation !== this.#generation) {
      model.dispose();
      return;
    }
    this.#model = model;
    this.#options.onRestart?.(0);
    this.#record([], model.snapshot());
    this.#set({ status: 'ready' });
    if (wasRunning) this.play();
  }

  /** Takes over an existing model (a resumed checkpoint) in place of the current one, with its configuration. */
  async adopt(model: M, config?: C): Promise<void> {
    await this.pause();
    if (config !== undefined) this.#config = config;
    this.#generation++;
    this.#model?.dispose();
    this.#model = model;
    this.#run.clear();
    this.#set({ status: 'starting', steps: model.steps, history: [], snapshots: [], latest: undefined, message: undefined, stepsPerSecond: 0 }, false);
    this.#options.onRestart?.(model.steps);
    this.#record([], model.snapshot());
    this.#set({ status: 'paused' });
  }

  #record(steps: readonly R[], snapshot?: S): void {
    this.#options.onRecord?.(steps, snapshot);
    this.#set(this.#run.add(steps, snapshot, this.#model?.steps ?? 0, this.#state), snapshot !== undefined);
    this.dispatchEvent(new Event('progress'));
  }

  play(): void {
    const model = this.#model;
    if (!model || this.#state.status === 'running' || this.#state.status === 'diverged') return;
    const abort = (this.#abort = new AbortController());
    this.#run.restartRate();
    this.#set({ status: 'running' });
    this.#running = (async () => {
      try {
        for await (const progress of trainingLoop(model, { signal: abort.signal, sliceMs: this.#options.sliceMs, snapshotEveryMs: this.#options.snapshotEveryMs, yieldControl: this.#options.yieldControl })) {
          if (abort.signal.aborted || model !== this.#model) break;
          this.#record(progress.steps, progress.snapshot);
        }
      } catch (e) {
        if (model === this.#model) {
          this.#set({ status: 'diverged', message: (e as Error).message, steps: model.steps, ...this.#run.all() });
          return;
        }
      }
      if (model === this.#model && this.#state.status === 'running') this.#set({ status: 'paused' });
      // The last slice may have ended between snapshots: publish the complete history once the loop stops.
      if (model === this.#model) this.#set({ steps: model.steps, ...this.#run.all() });
    })();
  }

  /** Stops training; the state says 'paused' at once, and the promise settles when the loop has let go. */
  async pause(): Promise<void> {
    this.#abort?.abort();
    if (this.#state.status === 'running') this.#set({ status: 'paused' });
    await this.#running;
    this.#running = undefined;
  }

  /** One step and a snapshot (while paused). */
  stepOnce(): void {
    const model = this.#model;
    if (!model || this.#state.status === 'running' || this.#state.status === 'diverged') return;
    try {
      const r = model.step();
      this.#record([r], model.snapshot());
      this.#set({ status: 'paused' });
    } catch (e) {
      this.#set({ status: 'diverged', message: (e as Error).message });
    }
  }

  dispose(): void {
    this.#abort?.abort();
    this.#generation++;
    this.#model?.dispose();
    this.#model = undefined;
    if (this.#state.status === 'running') this.#set({ status: 'paused' }, false);
  }
}
