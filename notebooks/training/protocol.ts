/**
 * The messages between a training page and its training worker: the one home of the protocol.
 *
 * The page sends a kind of model to build (once), then configurations and commands; the worker answers with its
 * state (status, backend, message), progress (the step records since the last message and, a few times a second,
 * a snapshot for the figures) and replies to requests. Snapshots travel as transferable typed arrays, so the page
 * never copies them and never holds a tensor: TensorFlow.js lives in the worker only.
 *
 * Everything here is types and plain functions: no DOM, no worker globals, so both ends (and the Node tests, over a
 * MessageChannel) share it.
 */
import type { CalibrationSnapshot, CalibrationStep } from '../../src/gan/mnist/calibration.ts';
import type { CalibrationConfig, MnistGanConfig } from '../../src/gan/mnist/config.ts';
import type { MnistCheckpoint, MnistSnapshot, MnistStep } from '../../src/gan/mnist/gan.ts';
import type { Gan1dConfig } from '../../src/gan/gan1d-config.ts';
import type { Snapshot as Gan1dSnapshot, StepResult as Gan1dStep } from '../../src/gan/gan1d.ts';
import type { SweepRun, SweepSetting } from '../../src/gan/sweep.ts';
import type { LatentKind } from '../../src/gan/latent.ts';
import type { Affine, DenseLayer } from '../../src/maths/dense-network.ts';

/** Which TensorFlow.js backend a page asks for: 'auto' picks the fastest one here (see tf-backend.ts). */
export type BackendChoice = 'auto' | 'wasm' | 'webgl' | 'cpu';

/** The 1-D GAN's configuration on the wire: p_data as its spec text (a Distribution is a class, not data). */
export type Gan1dWireConfig = Omit<Gan1dConfig, 'pData'> & { readonly pData: string };

export type MnistWireConfig = MnistGanConfig & { readonly backend: BackendChoice };
export type CalibrationWireConfig = CalibrationConfig & { readonly backend: BackendChoice };

/** Per kind of model: its configuration, step record and snapshot. */
export interface TrainingKinds {
  gan1d: { config: Gan1dWireConfig; step: Gan1dStep; snapshot: Gan1dSnapshot };
  mnist: { config: MnistWireConfig; step: MnistStep; snapshot: MnistSnapshot };
  calibration: { config: CalibrationWireConfig; step: CalibrationStep; snapshot: CalibrationSnapshot };
}
export type KindName = keyof TrainingKinds;

/** A saved model in TensorFlow.js's layers format: model.json's content and the weights file. */
export interface ModelFiles {
  readonly modelJson: string;
  readonly weights: ArrayBuffer;
}

export interface QualityScores {
  readonly step: number;
  readonly samples: number;
  readonly generator: { readonly inceptionScore: number; readonly frechetDistance: number };
  readonly real: { readonly inceptionScore: number; readonly frechetDistance: number };
}

/**
 * A 1-D generator as plain data: its dense layers in Float64 and the affine map into data units, on its latent.
 * The pushforward page rebuilds the map from it (src/maths/dense-network.ts) without TensorFlow.js.
 */
export interface GeneratorLayers {
  readonly layers: readonly DenseLayer[];
  readonly affine: Affine;
  readonly latent: LatentKind;
}

/** A sweep of the 1-D GAN for the worker to train headless: each setting on top of `base`, over each seed. */
export interface SweepRequest {
  readonly base: Omit<Gan1dWireConfig, 'seed'>;
  readonly settings: readonly SweepSetting[];
  readonly seeds: readonly number[];
  readonly steps: number;
}

/** A sweep's progress (posted while it trains) and, complete, its reply. */
export interface SweepProgress {
  readonly doneSteps: number;
  readonly totalSteps: number;
  /** The runs finished so far. */
  readonly runs: readonly SweepRun[];
  /** Seconds since the sweep started. */
  readonly seconds: number;
}

/** Requests beyond the training commands, with their argument and reply. */
export interface Requests {
  /** The running MNIST GAN as a checkpoint (to store in IndexedDB). */
  checkpoint: { args: null; result: MnistCheckpoint };
  /** Replaces the running MNIST GAN by a checkpoint's, once it has been checked completely. */
  resume: { args: MnistCheckpoint; result: { readonly config: MnistGanConfig; readonly step: number } };
  /** The MNIST generator in TensorFlow.js's layers format. */
  generator: { args: null; result: ModelFiles };
  /** Inception Score and Fréchet distance of the generator beside real test digits. */
  score: { args: { readonly samples: number }; result: QualityScores };
  /** Trains a grid of 1-D GAN settings over several seeds, apart from the running model, posting progress. */
  sweep: { args: SweepRequest; result: SweepProgress };
  /** The 1-D GAN's generator as layers (for the pushforward page's "the generator just trained"). */
  'generator-layers': { args: null; result: GeneratorLayers };
}
export type RequestName = keyof Requests;

export type Status = 'starting' | 'ready' | 'running' | 'paused' | 'diverged';

/** Page → worker. */
export type ToWorker =
  | { readonly type: 'init'; readonly kind: KindName; readonly dataUrl: string }
  | { readonly type: 'configure'; readonly config: unknown }
  | { readonly type: 'play' }
  | { readonly type: 'pause'; readonly id: number }
  | { readonly type: 'step' }
  | { readonly type: 'reset' }
  | { readonly type: 'request'; readonly id: number; readonly name: RequestName; readonly args: unknown }
  /** For the tests of a dying worker: throw an uncaught error inside it. */
  | { readonly type: 'crash' };

/** Worker → page. */
export type FromWorker =
  | { readonly type: 'state'; readonly status: Status; readonly message?: string; readonly backend: string }
  /** A new model (or a resumed one) starts its history here. */
  | { readonly type: 'restart'; readonly steps: number }
  | { readonly type: 'progress'; readonly steps: readonly unknown[]; readonly snapshot?: unknown; readonly total: number }
  | { readonly type: 'paused'; readonly id: number }
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  /** A long request's progress, before its reply. */
  | { readonly type: 'request-progress'; readonly id: number; readonly value: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly error: string; readonly corrupt?: boolean }
  | { readonly type: 'fatal'; readonly message: string };

/** What both ends need of a Worker, a worker's global scope or a MessagePort. */
export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * The buffers of every typed array inside a value that can be moved rather than copied: those that own their
 * whole buffer. A view into a larger buffer (a WebAssembly heap, a pooled array) is left to be copied, since moving
 * its buffer would take memory that is not the message's.
 */
export function transferables(value: unknown, found: Set<ArrayBuffer> = new Set()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    const b = value.buffer;
    if (b instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === b.byteLength && b.byteLength > 0) found.add(b);
  } else if (value instanceof ArrayBuffer) {
    if (value.byteLength > 0) found.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) transferables(v, found);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) transferables(v, found);
  }
  return [...found];
}
