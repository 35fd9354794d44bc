/**
 * `gan-theory train-1d --sweep …`: the 1-D GAN trained for every setting of a small grid and several seeds, summed
 * up per setting as the final JSD (median and range over seeds), the modes covered, and how many runs diverged.
 * The grid is written `key=v1,v2;key=v1,v2` over k, lr-d, lr-g, batch, loss and the tricks (label-smoothing,
 * label-noise, dropout-d, instance-noise, instance-noise-steps, latent); settings are its cartesian product.
 */
import { DEFAULT_GAN1D, DivergedError, Gan1d, type Gan1dConfig } from '../gan/gan1d.ts';
import type { GeneratorLossVariant } from '../gan/losses.ts';
import type { Distribution } from '../distributions/distribution.ts';
import { formatNumber } from '../format.ts';
import { modeBasins } from '../numerics/mode-coverage.ts';
import { linspace, plotRange } from '../numerics/panel.ts';
import { CliError, table, type Io } from './io.ts';
import { summariseRuns, type RunEnd } from '../gan/sweep.ts';
import type { LatentKind } from '../gan/latent.ts';

/** The fields a sweep may vary, by their command-line names. */
type Setting = Pick<Gan1dConfig, 'k' | 'learningRateD' | 'learningRateG' | 'batchSize' | 'loss' | 'labelSmoothing' | 'labelNoise' | 'dropoutD' | 'instanceNoise' | 'instanceNoiseSteps' | 'latent'>;
const KEYS: Readonly<Record<string, keyof Setting>> = {
  k: 'k',
  'lr-d': 'learningRateD',
  'lr-g': 'learningRateG',
  batch: 'batchSize',
  loss: 'loss',
  'label-smoothing': 'labelSmoothing',
  'label-noise': 'labelNoise',
  'dropout-d': 'dropoutD',
  'instance-noise': 'instanceNoise',
  'instance-noise-steps': 'instanceNoiseSteps',
  latent: 'latent',
};
const KEY_LIST = Object.keys(KEYS).join(', ');

/**
 * The settings a sweep text names, each on top of `base`.
 *
 * @example parseSweep('k=1,5;loss=saturating,non-saturating', base).length // 4
 * @throws {CliError} (status 2) naming an unknown key, an empty list or a value that is not a number.
 */
export function parseSweep(text: string, base: Setting): Setting[] {
  let settings: Setting[] = [base];
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new CliError(`--sweep needs at least one key=v1,v2 (keys: ${KEY_LIST})`, 2);
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim(), field = KEYS[key];
    if (eq < 0 || !field || !Object.hasOwn(KEYS, key)) throw new CliError(`--sweep: unknown key '${part.slice(0, Math.max(0, eq) || 24)}' (keys: ${KEY_LIST})`, 2);
    const values = part.slice(eq + 1).split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) throw new CliError(`--sweep: ${key} has no values`, 2);
    const parsed = values.map((v) => {
      if (field === 'loss') {
        if (v !== 'saturating' && v !== 'non-saturating') throw new CliError(`--sweep: loss must be saturating or non-saturating, got '${v.slice(0, 24)}'`, 2);
        return v as GeneratorLossVariant;
      }
      if (field === 'latent') {
        if (v !== 'normal' && v !== 'uniform') throw new CliError(`--sweep: latent must be normal or uniform, got '${v.slice(0, 24)}'`, 2);
        return v as LatentKind;
      }
      const x = Number(v);
      if (!Number.isFinite(x)) throw new CliError(`--sweep: ${key} value '${v.slice(0, 24)}' is not a number`, 2);
      return x;
    });
    settings = settings.flatMap((s) => parsed.map((v) => ({ ...s, [field]: v })));
  }
  if (settings.length > 64) throw new CliError(`--sweep names ${settings.length} settings; at most 64`, 2);
  return settings;
}

export { summariseRuns, type RunEnd, type SweepSummary } from '../gan/sweep.ts';

export interface SweepOptions {
  readonly sweep: string;
  readonly seeds: number;
  readonly steps: number;
  readonly base: Setting & { readonly freezeG: boolean };
  readonly json?: boolean;
}

/** Trains every setting × seed (seeds 1 … n) and prints one row (or JSON line) per setting. */
export function runSweep1d(pData: Distribution, options: SweepOptions, io: Io): void {
  if (!Number.isInteger(options.seeds) || options.seeds < 1 || options.seeds > 100) throw new CliError(`--seeds must be an integer from 1 to 100, got ${options.seeds}`, 2);
  const settings = parseSweep(options.sweep, options.base);
  const basins = modeBasins(pData, linspace(...plotRange(pData), 4001));
  const rows: string[][] = [['setting', 'runs', 'diverged', 'JSD median', 'JSD range', `modes covered (of ${basins.length})`]];
  let exact = true;
  for (const setting of settings) {
    const ends: RunEnd[] = [];
    for (let seed = 1; seed <= options.seeds; seed++) {
      let gan: Gan1d;
      try {
        gan = new Gan1d({ ...DEFAULT_GAN1D, ...options.base, ...setting, pData, seed });
      } catch (e) {
        throw new CliError(`--sweep: ${(e as Error).message}`, 2);
      }
      try {
        for (let s = 0; s < options.steps; s++) gan.step();
        const snap = gan.snapshot();
        exact &&= snap.pGExact;
        ends.push({ jsd: snap.jsd, covered: snap.modes.covered, diverged: false });
      } catch (e) {
        if (!(e instanceof DivergedError)) throw e;
        ends.push({ jsd: NaN, covered: NaN, diverged: true });
      } finally {
        gan.dispose();
      }
      io.err(`${describe(setting)}: seed ${seed}/${options.seeds} done`);
    }
    const s = summariseRuns(ends);
    const name = describe(setting);
    if (options.json) {
      const n = (x: number) => (Number.isFinite(x) ? x : null);
      io.out(JSON.stringify({ setting: { ...setting }, steps: options.steps, runs: s.runs, diverged: s.diverged, jsd_median: n(s.jsdMedian), jsd_min: n(s.jsdMin), jsd_max: n(s.jsdMax), modes_covered_median: n(s.coveredMedian), modes_covered_min: n(s.coveredMin), modes_covered_max: n(s.coveredMax), modes: basins.length }));
    } else {
      const f = (x: number) => (Number.isFinite(x) ? formatNumber(x, 4) : '—');
      rows.push([name, String(s.runs), String(s.diverged), f(s.jsdMedian), `${f(s.jsdMin)} – ${f(s.jsdMax)}`, `${f(s.coveredMedian)} (${f(s.coveredMin)} – ${f(s.coveredMax)})`]);
    }
  }
  if (!options.json) {
    io.out(table(rows));
    io.out(`${options.steps} steps per run, seeds 1–${options.seeds}; the JSD is with p_g ${exact ? 'exact' : 'estimated by a kernel density of 20,000 generated points'}, the ranges are over the seeds that did not diverge.`);
  }
}

function describe(s: Setting): string {
  const tricks = describeTricks(s);
  return `k=${s.k} lr-d=${s.learningRateD} lr-g=${s.learningRateG} batch=${s.batchSize} ${s.loss}${tricks ? ` ${tricks}` : ''}`;
}

/** The tricks that are on, as flags ('' when none is). */
export function describeTricks(t: Partial<Pick<Gan1dConfig, 'labelSmoothing' | 'labelNoise' | 'dropoutD' | 'instanceNoise' | 'instanceNoiseSteps' | 'latent'>>): string {
  const parts: string[] = [];
  if (t.labelSmoothing) parts.push(`label-smoothing=${t.labelSmoothing}`);
  if (t.labelNoise) parts.push(`label-noise=${t.labelNoise}`);
  if (t.dropoutD) parts.push(`dropout-d=${t.dropoutD}`);
  if (t.instanceNoise) parts.push(`instance-noise=${t.instanceNoise}${t.instanceNoiseSteps ? ` annealed over ${t.instanceNoiseSteps}` : ''}`);
  if (t.latent && t.latent !== 'normal') parts.push(`latent=${t.latent}`);
  return parts.join(' ');
}
