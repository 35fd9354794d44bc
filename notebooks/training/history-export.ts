/**
 * A training run's history as files to take away: the per-step records as CSV, the snapshots' scalar numbers as
 * CSV, and both with the configuration as JSON (the snapshots' arrays — grids, densities, sample images — are
 * left out: they are what the figures draw, and a run keeps up to 2,000 of them).
 */
import { scalarFields, toCsv } from '../../src/csv.ts';

export interface TrainingRecord {
  readonly history: readonly unknown[];
  readonly snapshots: readonly unknown[];
  readonly steps: number;
  readonly backend: string;
}

/** The JSON document: what was trained (config, backend, steps), every step record, every snapshot's numbers. */
export function historyJson(kind: string, state: TrainingRecord, config: unknown): string {
  return JSON.stringify(
    {
      kind,
      steps: state.steps,
      backend: state.backend,
      config: config ?? null,
      history: state.history.map((r) => scalarFields(r)),
      snapshots: state.snapshots.map((s) => scalarFields(s)),
    },
    // JSON has no NaN or ∞: written as strings, so a frozen generator's loss reads "NaN", not null.
    (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    2,
  );
}

/** The per-step records as CSV (one row per step). */
export function historyCsv(state: TrainingRecord): string {
  return toCsv(state.history);
}

/** The snapshots' scalar numbers as CSV (one row per snapshot). */
export function snapshotsCsv(state: TrainingRecord): string {
  return toCsv(state.snapshots);
}
