/**
 * Training the 1-D GAN headless over a grid of settings and several seeds, and summing each setting up: the
 * "measure it" of the mode-collapse page (in the training worker) and, through the same summary, `gan-theory
 * train-1d --sweep`. A run keeps only its end: the exact JSD, the modes p_g covers, or that it diverged.
 *
 * The runner trains in slices of a given length and returns between them, so a worker can post progress and
 * answer messages while it measures; it never touches a page.
 */
import type { Distribution } from '../distributions/distribution.ts';
import { DEFAULT_GAN1D, DivergedError, Gan1d, type Gan1dConfig } from './gan1d.ts';

/** One run's end: its final JSD and modes covered, or that it diverged. */
export interface RunEnd {
  readonly jsd: number;
  readonly covered: number;
  readonly diverged: boolean;
}

export interface SweepSummary {
  readonly runs: number;
  readonly diverged: number;
  /** Over the runs that did not diverge (NaN when none finished). */
  readonly jsdMedian: number;
  readonly jsdMin: number;
  readonly jsdMax: number;
  readonly coveredMedian: number;
  readonly coveredMin: number;
  readonly coveredMax: number;
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
};

/** Median and range of the final JSD and modes covered over the runs that finished, and how many diverged. */
export function summariseRuns(ends: readonly RunEnd[]): SweepSummary {
  const done = ends.filter((e) => !e.diverged);
  const jsd = done.map((e) => e.jsd), covered = done.map((e) => e.covered);
  return {
    runs: ends.length,
    diverged: ends.length - done.length,
    jsdMedian: median(jsd),
    jsdMin: jsd.length ? Math.min(...jsd) : NaN,
    jsdMax: jsd.length ? Math.max(...jsd) : NaN,
    coveredMedian: median(covered),
    coveredMin: covered.length ? Math.min(...covered) : NaN,
    coveredMax: covered.length ? Math.max(...covered) : NaN,
  };
}

/** A named setting: changes to the base configuration. */
export interface SweepSetting {
  readonly name: string;
  readonly config: Partial<Omit<Gan1dConfig, 'pData' | 'seed'>>;
}

export interface SweepPlan {
  readonly pData: Distribution;
  readonly base: Omit<Gan1dConfig, 'pData' | 'seed'>;
  readonly settings: readonly SweepSetting[];
  readonly seeds: readonly number[];
  /** Iterations per run. */
  readonly steps: number;
}

/** A finished run of a sweep. */
export interface SweepRun extends RunEnd {
  /** Index into the plan's settings. */
  readonly setting: number;
  readonly seed: number;
  /** Iterations it completed (fewer than the plan's when it diverged). */
  readonly steps: number;
}

/**
 * Trains every setting × seed in turn, one GAN at a time (each disposed when its run ends).
 *
 * @example
 * const runner = new SweepRunner({ pData, base: DEFAULT_GAN1D, settings: [{ name: 'off', config: {} }], seeds: [1, 2, 3], steps: 1500 });
 * while (!runner.advance(40)) await nextTask();   // 40 ms of training at a time
 * runner.results();                                // three runs, each with its exact final JSD and modes covered
 */
export class SweepRunner {
  readonly plan: SweepPlan;
  readonly #results: SweepRun[] = [];
  #gan: Gan1d | undefined;
  #run = 0;

  constructor(plan: SweepPlan) {
    if (!Number.isInteger(plan.steps) || plan.steps < 1 || plan.steps > 100_000) throw new RangeError(`invalid steps per run: ${plan.steps}`);
    if (plan.settings.length === 0 || plan.settings.length > 64) throw new RangeError(`a sweep needs 1 to 64 settings, got ${plan.settings.length}`);
    if (plan.seeds.length === 0 || plan.seeds.length > 100 || !plan.seeds.every(Number.isSafeInteger)) throw new RangeError(`invalid seeds: ${plan.seeds.join(', ')}`);
    this.plan = plan;
    // Every setting is checked before any training starts.
    for (const s of plan.settings) new Gan1d({ ...DEFAULT_GAN1D, ...plan.base, ...s.config, pData: plan.pData, seed: plan.seeds[0]!, hidden: 1 }).dispose();
  }

  /** Runs in the plan. */
  get runs(): number {
    return this.plan.settings.length * this.plan.seeds.length;
  }

  /** Iterations in the plan, and done so far (a diverged run counts as all its iterations). */
  get totalSteps(): number {
    return this.runs * this.plan.steps;
  }
  get doneSteps(): number {
    return this.#run * this.plan.steps + Math.min(this.plan.steps, this.#gan?.steps ?? 0);
  }

  /** The runs finished so far, in order (setting by setting, seed by seed). */
  results(): readonly SweepRun[] {
    return this.#results;
  }

  /** Trains for about `budgetMs` (at least one iteration); returns true once every run has finished. */
  advance(budgetMs: number): boolean {
    const start = performance.now();
    while (this.#run < this.runs) {
      const { settings, seeds, steps } = this.plan;
      const setting = Math.floor(this.#run / seeds.length), seed = seeds[this.#run % seeds.length]!;
      this.#gan ??= new Gan1d({ ...DEFAULT_GAN1D, ...this.plan.base, ...settings[setting]!.config, pData: this.plan.pData, seed });
      const gan = this.#gan;
      let end: RunEnd | undefined;
      try {
        // At least one iteration per call, however small the budget.
        let first = true;
        while (gan.steps < steps && (first || performance.now() - start < budgetMs)) {
          gan.step();
          first = false;
        }
        if (gan.steps >= steps) {
          const m = gan.measure();
          end = { jsd: m.jsd, covered: m.modes.covered, diverged: false };
        }
      } catch (e) {
        if (!(e instanceof DivergedError)) throw e;
        end = { jsd: NaN, covered: NaN, diverged: true };
      }
      if (!end) return false;
      this.#results.push({ ...end, setting, seed, steps: gan.steps });
      gan.dispose();
      this.#gan = undefined;
      this.#run++;
      if (performance.now() - start >= budgetMs) return this.#run >= this.runs;
    }
    return true;
  }

  /** Frees the GAN of an unfinished run. */
  dispose(): void {
    this.#gan?.dispose();
    this.#gan = undefined;
  }
}

/** Each setting's summary, in the plan's order. */
export function summariseSweep(settings: readonly SweepSetting[], runs: readonly SweepRun[]): { readonly name: string; readonly summary: SweepSummary; readonly runs: readonly SweepRun[] }[] {
  return settings.map((s, i) => {
    const mine = runs.filter((r) => r.setting === i);
    return { name: s.name, summary: summariseRuns(mine), runs: mine };
  });
}
