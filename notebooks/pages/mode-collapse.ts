/**
 * Cells of theory/mode-collapse.md: the 1-D GAN on three well-separated modes with k = 1 and a fast generator,
 * the mass p_g puts near each mode (from its exact cdf), a modes-covered count and a heat-strip of p_g against
 * step; toggles for the training tricks and a "measure it" sweep of each trick against none over several seeds,
 * trained in the training worker; and the checkerboard overlap of stride-2 transposed convolutions (exact counts,
 * and the untrained DCGAN's output).
 */
import type { Distribution } from '../../src/distributions/distribution.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { formatNumber } from '../../src/format.ts';
import { DCGAN_UPSAMPLING, overlapUnevenness, transposedOverlap2d, transposedOverlap2dDirect } from '../../src/gan/checkerboard.ts';
import { DEFAULT_GAN1D, NO_TRICKS, type Gan1dConfig } from '../../src/gan/gan1d-config.ts';
import type { Snapshot, StepResult } from '../../src/gan/gan1d.ts';
import { summariseSweep, type SweepSetting, type SweepSummary } from '../../src/gan/sweep.ts';
import { gridCdf, modeBasins, modeCoverage, type Basin, type ModeCoverage } from '../../src/numerics/mode-coverage.ts';
import { checkbox } from '../components/inputs.ts';
import { stripFigure } from '../components/strip-figure.ts';
import { sweepPanel, type SweepState } from '../training/sweep-panel.ts';
import { linspace, plotRange } from '../../src/numerics/panel.ts';
import { linesFigure } from '../components/figures.ts';
import { imageFigure } from '../components/image-figure.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import type { Notebook } from '../notebook.ts';
import { thin, waiting } from '../figures.ts';
import { pageTrainer } from '../training/page-trainer.ts';
import type { Gan1dWireConfig, SweepRequest } from '../training/protocol.ts';
import type { RemoteState } from '../training/remote-trainer.ts';
import { controlsRenderer } from '../training/training-controls.ts';
import { COLORS, distributionInput, sliderInput, widthCell } from '../common.ts';
import untrained from '../data/dcgan-untrained.json';
import { t as common } from '../components/messages.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/mode-collapse.json';
import zh from '../messages/zh-CN/mode-collapse.json';

const msg = messages({ en, 'zh-CN': zh });

type State = RemoteState<StepResult, Snapshot>;

/** Three modes 4 apart, each of sd 0.3: far enough apart that a generator on one has no gradient towards the others. */
export const THREE_MODES = '0.3333*normal(-4, 0.3) + 0.3333*normal(0, 0.3) + 0.3334*normal(4, 0.3)';

/**
 * The preset that collapses: one D step per G step, and G's learning rate five times D's. With seed 1 the
 * generator sits on the middle mode alone from step ~1,000 (measured in Node: masses 0.00/1.00/0.00 at steps 1,000
 * and 1,500); with seed 2 it collapses by step 500 and then spreads out again — the oscillation.
 */
export const COLLAPSE_PRESET = { k: 1, learningRateD: 1e-3, learningRateG: 5e-3 } as const;

/**
 * Iterations per run of "measure it", by default: 6 settings × 3 seeds × 200 = 3,600 iterations. With networks this
 * small TensorFlow.js spends its time on per-kernel overhead: in headless chromium on this two-core machine, shared
 * and loaded five times over, 6 × 3 × 300 = 5,400 iterations took 78 s (about 70 a second, the exact JSD of each
 * run included), so 200 keeps the default within about a minute even then. The slider goes to 3,000 for a reader
 * with time (`gan-theory train-1d --sweep` runs 1,500 × 3 seeds per setting in a few minutes).
 */
export const MEASURE_STEPS = 200;

/** p_data's basin masses from the grid (trapezoid) against its exact cdf: the route p_g's masses take. */
export function basinMassCheck(pData: Distribution, grid: Float64Array, basins: readonly Basin[]): Verdict {
  const tabulated = gridCdf(grid, grid.map((x) => pData.pdf(x)));
  const exact = (x: number) => pData.cdf(x);
  const a = modeCoverage(basins, exact, exact), b = modeCoverage(basins, exact, tabulated);
  let worst = 0, at = 0;
  b.generatorMass.forEach((m, i) => {
    const d = Math.abs(m - a.dataMass[i]!);
    if (d > worst) [worst, at] = [d, i];
  });
  return {
    left: { tex: `\\text{${msg('basinMass', { n: at + 1 })}}`, value: b.generatorMass[at]! },
    right: { tex: `\\text{${msg('fromPrefix')}} F_{\\text{data}}`, value: a.dataMass[at]! },
    tolerance: 1e-4,
    note: msg('basinNote', { points: grid.length, basins: basins.length }),
  };
}

/** The separable count (a product of 1-D counts) against a direct 2-D sum over every input pixel and tap. */
export function overlapCheck(separable: Float64Array, direct: Float64Array, kernel: number): Verdict {
  let worst = 0;
  separable.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (direct[i] ?? NaN)))));
  if (separable.length !== direct.length) worst = NaN;
  return {
    // (Backslashes doubled: in a plain string '\t' of '\text' was a tab, and KaTeX showed the source as an error.)
    left: { tex: `\\max_{\\text{${msg('overlapPixels')}}} \\big|\\text{${msg('overlapSeparable')}} - \\text{${msg('overlapDirect')}}\\big|`, value: worst },
    right: { tex: '0', value: 0 },
    tolerance: 0,
    note: msg('kernelNote', { kernel }),
  };
}

/** Basin masses for the latest snapshot: the worker computed them from p_g's exact cdf, atoms included. */
export function snapshotCoverage(snap: Pick<Snapshot, 'modes'>): ModeCoverage {
  return snap.modes;
}

/**
 * The tricks the page toggles and measures, at fixed strengths (the CLI takes any): one-sided label smoothing to
 * 0.9 (Salimans et al. 2016), labels flipped one time in twenty, dropout of 30 % in D, instance noise of sd 0.5
 * (the modes have sd 0.3 and lie 4 apart), and the uniform latent.
 */
export const TRICKS = [
  { key: 'labelSmoothing', config: { labelSmoothing: 0.1 } },
  { key: 'labelNoise', config: { labelNoise: 0.05 } },
  { key: 'dropoutD', config: { dropoutD: 0.3 } },
  { key: 'instanceNoise', config: { instanceNoise: 0.5 } },
  { key: 'uniformLatent', config: { latent: 'uniform' } },
] as const satisfies readonly { key: string; config: Partial<Gan1dConfig> }[];
export type TrickKey = (typeof TRICKS)[number]['key'];

/** The sweep's settings: no tricks, then each trick alone (on top of the page's preset). */
export function measureSettings(): SweepSetting[] {
  return [{ name: 'off', config: { ...NO_TRICKS } }, ...TRICKS.map((t) => ({ name: t.key, config: { ...NO_TRICKS, ...t.config } }))];
}

/** What a trick did against none: clearly better, clearly worse, no clear difference, or every run diverged. */
export type Effect = 'better' | 'worse' | 'unclear' | 'diverged';

/**
 * A trick's effect from the two settings' summaries over the same seeds. Clearly better: every seed's final JSD
 * below every plain run's, or more modes covered on every seed than on any plain run (and nothing clearly worse);
 * clearly worse the other way round; anything else (the ranges overlap) is no clear difference. Runs that
 * diverged count for nothing; a trick whose every run diverged is 'diverged'.
 */
export function compareToOff(off: SweepSummary, trick: SweepSummary): Effect {
  if (trick.runs > 0 && trick.diverged === trick.runs) return 'diverged';
  if (off.runs > 0 && off.diverged === off.runs) return 'better';
  const lower = trick.jsdMax < off.jsdMin, higher = trick.jsdMin > off.jsdMax;
  const more = trick.coveredMin > off.coveredMax, fewer = trick.coveredMax < off.coveredMin;
  if ((lower || more) && !(higher || fewer)) return 'better';
  if ((higher || fewer) && !(lower || more)) return 'worse';
  return 'unclear';
}

export interface MeasureRow {
  readonly key: 'off' | TrickKey;
  readonly summary: SweepSummary;
  readonly values: readonly number[];
  readonly covered: readonly number[];
  /** Against the 'off' row (undefined for it). */
  readonly effect?: Effect;
}

/** The table's rows from a finished sweep: each setting's summary and per-seed values, and its effect against none. */
export function measureRows(request: Pick<SweepRequest, 'settings'>, runs: Parameters<typeof summariseSweep>[1]): MeasureRow[] {
  const sums = summariseSweep(request.settings, runs);
  const off = sums[0]!.summary;
  return sums.map((s, i) => ({
    key: s.name as MeasureRow['key'],
    summary: s.summary,
    values: s.runs.map((r) => r.jsd),
    covered: s.runs.map((r) => r.covered),
    ...(i > 0 ? { effect: compareToOff(off, s.summary) } : {}),
  }));
}

const f3 = (x: number) => (Number.isFinite(x) ? formatNumber(x, 3) : '—');
const trickName = (key: MeasureRow['key']) => msg(`trick.${key}`);

/** What the numbers say, in sentences built from them: the plain runs, then each group of tricks by effect. */
export function measureSentence(rows: readonly MeasureRow[], modes: number, steps: number, seeds: number): string {
  const off = rows[0]!.summary;
  const parts = [msg('sayOff', { seeds, steps: steps.toLocaleString('en'), jsd: f3(off.jsdMedian), covered: f3(off.coveredMedian), modes })];
  const group = (effect: Effect) => rows.slice(1).filter((r) => r.effect === effect);
  const list = (rs: readonly MeasureRow[]) =>
    rs.map((r) => msg('sayItem', { trick: trickName(r.key), jsd: f3(r.summary.jsdMedian), covered: f3(r.summary.coveredMedian) })).join(msg('listSeparator'));
  for (const effect of ['better', 'worse', 'unclear'] as const) {
    const rs = group(effect);
    if (rs.length) parts.push(msg(`say.${effect}`, { list: list(rs) }));
  }
  const diverged = group('diverged');
  if (diverged.length) parts.push(msg('say.diverged', { list: diverged.map((r) => trickName(r.key)).join(msg('listSeparator')) }));
  for (const r of rows) {
    if (r.summary.diverged > 0 && r.summary.diverged < r.summary.runs) parts.push(msg('sayPartlyDiverged', { trick: trickName(r.key), n: r.summary.diverged, runs: r.summary.runs }));
  }
  if (group('better').length === 0) parts.push(msg('sayNoneHelped'));
  return parts.join(' ');
}

export default function define(nb: Notebook): void {
  widthCell(nb);
  distributionInput(nb, 'pData', 'p_data', THREE_MODES, COLORS.data);
  sliderInput(nb, 'k', { label: msg('kLabel'), min: 1, max: 10, step: 1, value: COLLAPSE_PRESET.k, format: (v) => String(v) });
  sliderInput(nb, 'learningRateG', { label: msg('learningRateG'), min: 1e-4, max: 2e-2, value: COLLAPSE_PRESET.learningRateG, log: true, format: (v) => v.toPrecision(2) });
  sliderInput(nb, 'seed', { label: msg('seed'), min: 1, max: 9999, step: 1, value: 1, format: (v) => String(v) });
  sliderInput(nb, 'massGrid', { label: msg('massGrid'), min: 8, max: 2048, step: 1, value: 512, format: (v) => String(v) });
  for (const trick of TRICKS) {
    nb.input(trick.key, checkbox(msg(`toggle.${trick.key}`), false), {
      serialize: (v: boolean) => (v ? '1' : '0'),
      parse: (t: string) => {
        if (t !== '0' && t !== '1') throw new RangeError(msg('notAToggle', { text: t.slice(0, 40) }));
        return t === '1';
      },
    });
  }
  sliderInput(nb, 'measureSteps', { label: msg('measureSteps'), min: 100, max: 3000, step: 100, value: MEASURE_STEPS, format: (v) => String(v) });
  sliderInput(nb, 'measureSeeds', { label: msg('measureSeeds'), min: 1, max: 5, step: 1, value: 3, format: (v) => String(v) });

  nb.cell('basinGrid', ['pData', 'massGrid'], (p: Distribution, n: number) => {
    const [lo, hi] = plotRange(p);
    const pad = 0.25 * (hi - lo);
    return linspace(lo - pad, hi + pad, Math.max(8, Math.round(n)));
  });
  // The modes are found on a fine grid of their own, so the mass check's grid changes only the masses.
  nb.cell('basins', ['pData'], (p: Distribution) => {
    const [lo, hi] = plotRange(p);
    return modeBasins(p, linspace(lo, hi, 4001));
  });
  nb.view('basinMassCheck', ['pData', 'basinGrid', 'basins'], (p: Distribution, grid: Float64Array, basins: Basin[]) => verdictView(basinMassCheck(p, grid, basins)));

  const trainer = pageTrainer('gan1d');
  nb.input('training', trainer, { live: true, controls: ['controls'] });
  nb.onDispose(() => trainer.dispose());
  const renderControls = controlsRenderer(trainer, msg('train'));
  const keys = TRICKS.map((t) => t.key);
  nb.cell('config', ['pData', 'k', 'learningRateG', 'seed', ...keys], (p: Distribution, k: number, lrG: number, seed: number, ...on: boolean[]): Gan1dWireConfig => ({
    ...DEFAULT_GAN1D,
    ...COLLAPSE_PRESET,
    ...Object.assign({}, ...TRICKS.filter((_, i) => on[i]).map((t) => t.config)),
    pData: p.toString(),
    k: Math.round(k),
    learningRateG: lrG,
    seed: Math.round(seed),
  }));
  nb.view('controls', ['config'], (config: Gan1dWireConfig) => {
    trainer.configure(config);
    return renderControls();
  });

  // "Measure it": each trick alone against none, over seeds 1 … n, in the training worker.
  let plan: SweepRequest | undefined;
  const panel = sweepPanel(trainer, () => plan!, {
    button: msg('measureButton'),
    running: (done, total, runs, seconds) => msg('measureRunning', { done: done.toLocaleString('en'), total: total.toLocaleString('en'), runs, seconds: seconds.toFixed(0) }),
    done: (runs, seconds) => msg('measureDone', { runs, seconds: seconds.toFixed(1) }),
    failed: (message) => msg('measureFailed', { message }),
  });
  // Live: the table and the figure each draw in a task of their own when the result arrives.
  nb.input('measurement', panel, { live: true });
  nb.view('measurePlan', ['config', 'measureSteps', 'measureSeeds'], (config: Gan1dWireConfig, steps: number, seeds: number) => {
    const { seed: _, ...base } = config;
    const settings = measureSettings();
    plan = { base: { ...base, ...NO_TRICKS }, settings, seeds: Array.from({ length: Math.round(seeds) }, (_, i) => i + 1), steps: Math.round(steps) };
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = msg('measurePlan', { settings: settings.length, seeds: Math.round(seeds), steps: Math.round(steps).toLocaleString('en'), total: (settings.length * Math.round(seeds) * Math.round(steps)).toLocaleString('en'), k: config.k, lrG: config.learningRateG.toPrecision(2) });
    return note;
  });
  nb.view('measureTable', ['measurement', 'basins'], (m: SweepState, basins: Basin[]) => {
    if (m.status !== 'done' || !m.result || !m.request) return waiting(m.status === 'failed' ? msg('measureFailed', { message: m.message ?? '' }) : msg('measureWaiting'));
    const rows = measureRows(m.request, m.result.runs);
    const table = document.createElement('table');
    table.className = 'values measure-table';
    const head = table.insertRow();
    for (const h of [msg('colSetting'), msg('colJsdMedian'), msg('colJsdRange'), msg('colModes', { modes: basins.length }), msg('colDiverged'), msg('colEffect')]) head.insertCell().textContent = h;
    for (const r of rows) {
      const tr = table.insertRow();
      tr.dataset.setting = r.key;
      tr.dataset.jsdMedian = String(r.summary.jsdMedian);
      tr.dataset.coveredMedian = String(r.summary.coveredMedian);
      tr.insertCell().textContent = trickName(r.key);
      tr.insertCell().textContent = f3(r.summary.jsdMedian);
      tr.insertCell().textContent = `${f3(r.summary.jsdMin)} – ${f3(r.summary.jsdMax)}`;
      tr.insertCell().textContent = `${f3(r.summary.coveredMedian)} (${f3(r.summary.coveredMin)} – ${f3(r.summary.coveredMax)})`;
      tr.insertCell().textContent = `${r.summary.diverged} / ${r.summary.runs}`;
      tr.insertCell().textContent = r.effect ? msg(`effect.${r.effect}`) : '—';
    }
    const verdict = document.createElement('p');
    verdict.className = 'note measure-verdict';
    verdict.textContent = measureSentence(rows, basins.length, m.request.steps, m.request.seeds.length);
    const wrap = document.createElement('div');
    wrap.append(table, verdict);
    return wrap;
  });
  nb.view('measureFigure', ['measurement', 'width'], (m: SweepState, width: number) => {
    if (m.status !== 'done' || !m.result || !m.request) return waiting(msg('measureFigureWaiting'));
    const rows = measureRows(m.request, m.result.runs);
    return stripFigure({
      width,
      height: 240,
      categories: rows.map((r) => trickName(r.key)),
      points: rows.flatMap((r, c) => r.values.map((v, i) => ({ category: c, index: i, value: v, label: msg('seedPoint', { seed: m.request!.seeds[i] ?? i + 1, jsd: f3(v), covered: f3(r.covered[i]!) }) }))),
      medians: rows.map((r, c) => ({ category: c, value: r.summary.jsdMedian })),
      y: { label: msg('finalJsd'), domain: [0, Math.LN2] },
      color: COLORS.gen,
      title: msg('measureFigureTitle', { steps: m.request.steps.toLocaleString('en') }),
    });
  });

  nb.view('coverageFigure', ['training', 'pData', 'basins', 'width'], (s: State, p: Distribution, basins: Basin[], width: number) => {
    const snap = s.latest;
    if (!snap) return waiting(msg('pressTrain'));
    const coverage = snapshotCoverage(snap);
    const wrap = document.createElement('div');
    wrap.append(
      linesFigure({
        width,
        height: 220,
        title: msg(snap.pGExact ? 'densityTitleExact' : 'densityTitleEstimated', { step: snap.step }),
        x: { label: common('figure.x') },
        y: { label: common('figure.density') },
        series: [
          { label: 'p_data', xs: snap.grid, ys: snap.pData, color: COLORS.data },
          { label: msg(snap.pGExact ? 'pgExact' : 'pgEstimated'), xs: snap.grid, ys: snap.pG, color: COLORS.gen },
        ],
        markers: basins.slice(1).map((b, i) => ({ x: b.from, label: i === 0 ? msg('basinEdges') : '', color: '#999' })),
      }),
    );
    const table = document.createElement('table');
    table.className = 'values mode-masses';
    const head = table.insertRow();
    for (const h of [msg('modeAt'), msg('massData'), msg('massG'), msg('covered')]) head.insertCell().textContent = h;
    coverage.basins.forEach((b, i) => {
      const tr = table.insertRow();
      tr.insertCell().textContent = formatNumber(b.mode, 3);
      tr.insertCell().textContent = formatNumber(coverage.dataMass[i]!, 3);
      tr.insertCell().textContent = formatNumber(coverage.generatorMass[i]!, 3);
      tr.insertCell().textContent = coverage.generatorMass[i]! >= 0.5 * coverage.dataMass[i]! ? msg('yes') : msg('no');
    });
    const summary = document.createElement('p');
    summary.className = 'note modes-covered';
    summary.dataset.covered = String(coverage.covered);
    summary.textContent = msg(snap.pGExact ? 'modesCovered' : 'modesCoveredEstimated', { covered: coverage.covered, modes: coverage.basins.length });
    wrap.append(table, summary);
    return wrap;
  });

  nb.view('heatStrip', ['training', 'width'], (s: State, width: number) => {
    if (s.snapshots.length < 2) return waiting(msg('heatWaiting'));
    const snaps = thin(s.snapshots, 80);
    const grid = snaps[snaps.length - 1]!.grid;
    const every = Math.max(1, Math.floor(grid.length / 128));
    const cols = Math.floor(grid.length / every);
    const values = new Float64Array(snaps.length * cols);
    snaps.forEach((snap, r) => {
      for (let c = 0; c < cols; c++) values[r * cols + c] = snap.grid === grid || snap.grid.length === grid.length ? Math.sqrt(snap.pG[c * every]!) : NaN;
    });
    return imageFigure({
      width,
      height: Math.max(160, Math.min(360, snaps.length * 5)),
      rows: snaps.length,
      cols,
      values,
      title: msg('heatTitle'),
      x: { label: common('figure.x'), at: Float64Array.from({ length: cols }, (_, c) => grid[c * every]!) },
      y: { label: common('figure.step'), at: Float64Array.from(snaps, (sn) => sn.step) },
      legend: '√p_g',
    });
  });

  // The checkerboard.
  sliderInput(nb, 'kernel', { label: msg('kernelLabel'), min: 2, max: 7, step: 1, value: 5, format: (v) => String(v) });
  nb.view('overlapFigure', ['kernel', 'width'], (kernel: number, width: number) => {
    const k = Math.round(kernel);
    const single = transposedOverlap2d(8, [{ kernel: k, stride: 2 }]);
    const stack = transposedOverlap2d(7, [{ kernel: k, stride: 2 }, { kernel: k, stride: 2 }]);
    const wrap = document.createElement('div');
    wrap.className = 'figure-row';
    const half = Math.max(260, Math.floor(width / 2) - 8);
    wrap.append(
      imageFigure({ width: half, rows: single.side, cols: single.side, values: single.counts, title: msg('oneLayer', { k, ratio: formatNumber(overlapUnevenness(single, 2), 3) }), legend: msg('taps') }),
      imageFigure({ width: half, rows: stack.side, cols: stack.side, values: stack.counts, title: msg('twoLayers', { ratio: formatNumber(overlapUnevenness(stack, 4), 3) }), legend: msg('paths') }),
    );
    return wrap;
  });
  nb.view('overlapCheck', ['kernel'], (kernel: number) => {
    const k = Math.round(kernel);
    return verdictView(overlapCheck(transposedOverlap2d(8, [{ kernel: k, stride: 2 }]).counts, transposedOverlap2dDirect(8, k, 2).counts, k));
  });
  nb.view('untrainedFigure', ['width'], (width: number) => {
    const half = Math.max(260, Math.floor(width / 2) - 8);
    const wrap = document.createElement('div');
    wrap.className = 'figure-row';
    const dcgan = transposedOverlap2d(7, DCGAN_UPSAMPLING);
    wrap.append(
      imageFigure({ width: half, rows: 28, cols: 28, values: dcgan.counts, title: msg('dcganCounts'), legend: msg('paths') }),
      imageFigure({ width: half, rows: 28, cols: 28, values: untrained.mean, title: msg('untrained', { seed: untrained.seed, samples: untrained.samples }), legend: msg('meanOutput'), scheme: 'rdbu' }),
    );
    return wrap;
  });
}

/** For tests: the default p_data. */
export const defaultPData = (): Distribution => parseDistribution(THREE_MODES);
