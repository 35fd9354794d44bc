/**
 * A training run as its figures see it: the most recent 50,000 step records and 2,000 snapshots, and the speed over
 * the last few seconds. The worker's session and the page's trainer both keep one.
 */

const MAX_HISTORY = 50_000;
const MAX_SNAPSHOTS = 2_000;
/** Steps per second are measured over about this window. */
const RATE_WINDOW_MS = 3000;

/** What a state publishes of the run. */
export interface RunView<R, S> {
  readonly steps: number;
  readonly history: readonly R[];
  readonly snapshots: readonly S[];
  readonly stepsPerSecond: number;
  readonly latest?: S;
}

export class RunRecord<R, S> {
  #history: R[] = [];
  #snapshots: S[] = [];
  #rate: { time: number; steps: number }[] = [];

  /** Forgets everything (a new model). */
  clear(): void {
    this.#history = [];
    this.#snapshots = [];
    this.#rate = [];
  }

  /** Starts measuring the speed afresh (training starts or resumes). */
  restartRate(): void {
    this.#rate = [];
  }

  /** Copies of the whole record, for a state published when training stops. */
  all(): Pick<RunView<R, S>, 'history' | 'snapshots'> {
    return { history: this.#history.slice(), snapshots: this.#snapshots.slice() };
  }

  /**
   * Adds steps (and a snapshot) with the run now at `total` steps, and returns what the next state shows. Each
   * state gets its own arrays, copied only when a snapshot arrives (a few times a second), so an old state never
   * changes under a figure.
   */
  add(steps: readonly R[], snapshot: S | undefined, total: number, previous: RunView<R, S>): RunView<R, S> {
    for (const r of steps) this.#history.push(r);
    if (this.#history.length > MAX_HISTORY) this.#history.splice(0, this.#history.length - MAX_HISTORY);
    if (snapshot !== undefined) {
      this.#snapshots.push(snapshot);
      if (this.#snapshots.length > MAX_SNAPSHOTS) this.#snapshots.splice(0, this.#snapshots.length - MAX_SNAPSHOTS);
    }
    const now = performance.now();
    this.#rate.push({ time: now, steps: total });
    while (this.#rate.length > 2 && now - this.#rate[0]!.time > RATE_WINDOW_MS) this.#rate.shift();
    const first = this.#rate[0]!, span = (now - first.time) / 1000;
    return {
      steps: total,
      history: snapshot !== undefined ? this.#history.slice() : previous.history,
      snapshots: snapshot !== undefined ? this.#snapshots.slice() : previous.snapshots,
      stepsPerSecond: span > 0.2 ? (total - first.steps) / span : previous.stepsPerSecond,
      ...(snapshot !== undefined ? { latest: snapshot } : {}),
    };
  }
}
