/**
 * Running a GAN for a while without freezing the page: the loop trains in slices of at most `sliceMs`, hands the
 * event loop back between slices (so buttons and sliders answer), and yields progress — the step results since
 * the last yield and, at most every `snapshotEveryMs`, a snapshot for the figures. It never touches the page.
 */
export interface Trainable<R, S> {
  step(): R;
  snapshot(): S;
}

export interface Progress<R, S> {
  readonly steps: readonly R[];
  readonly snapshot?: S;
}

export interface LoopOptions {
  /** Longest stretch of training between hand-backs to the event loop (default 12 ms: under a 60 Hz frame). */
  readonly sliceMs?: number;
  /**
   * Shortest time between snapshots (default 250 ms: figures redraw at most four times a second). A snapshot that
   * is slow to take (an exact density, a large evaluation) spaces the next ones out, so snapshots never take more
   * than about a fifth of the time: the training between two lasts at least `SNAPSHOT_SHARE` times the last one's cost.
   */
  readonly snapshotEveryMs?: number;
  /** Stop after this many steps (default: until aborted). */
  readonly maxSteps?: number;
  readonly signal?: AbortSignal;
  /** How to hand control back (default: a macrotask, which lets the browser handle input and paint). */
  readonly yieldControl?: () => Promise<void>;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Training between snapshots lasts at least this many times the last one's cost (so they take ≤ 1/5 of the time). */
export const SNAPSHOT_SHARE = 4;

/** Trains until aborted or `maxSteps`; a thrown step (e.g. divergence) ends the loop with that error. */
export async function* trainingLoop<R, S>(model: Trainable<R, S>, options: LoopOptions = {}): AsyncGenerator<Progress<R, S>> {
  const sliceMs = options.sliceMs ?? 12;
  const snapshotEveryMs = options.snapshotEveryMs ?? 250;
  const yieldControl = options.yieldControl ?? macrotask;
  let done = 0;
  let lastSnapshot = -Infinity, snapshotCost = 0;
  while (!options.signal?.aborted && (options.maxSteps === undefined || done < options.maxSteps)) {
    const steps: R[] = [];
    const start = performance.now();
    do {
      try {
        steps.push(model.step());
      } catch (error) {
        // Report the steps this slice did complete before passing the failure on.
        if (steps.length) yield { steps };
        throw error;
      }
      done++;
    } while (performance.now() - start < sliceMs && (options.maxSteps === undefined || done < options.maxSteps) && !options.signal?.aborted);
    const now = performance.now();
    const finished = options.maxSteps !== undefined && done >= options.maxSteps;
    if (now - lastSnapshot >= Math.max(snapshotEveryMs, SNAPSHOT_SHARE * snapshotCost) || finished) {
      const snapshot = model.snapshot();
      // Counted from the snapshot's end: then the training time between snapshots is ≥ SNAPSHOT_SHARE × the cost.
      lastSnapshot = performance.now();
      snapshotCost = lastSnapshot - now;
      yield { steps, snapshot };
    } else {
      yield { steps };
    }
    await yieldControl();
  }
}
