/**
 * Cells of theory/mode-collapse.md: the 1-D GAN on three well-separated modes with k = 1 and a fast generator,
 * the mass p_g puts near each mode, a modes-covered count and a heat-strip of p_g against step; and the
 * checkerboard overlap of stride-2 transposed convolutions (exact counts, and the untrained DCGAN's output).
 */
import type { Distribution } from '../../src/distributions/distribution.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { formatNumber } from '../../src/format.ts';
import { DCGAN_UPSAMPLING, overlapUnevenness, transposedOverlap2d, transposedOverlap2dDirect } from '../../src/gan/checkerboard.ts';
import { DEFAULT_GAN1D } from '../../src/gan/gan1d-config.ts';
import type { Snapshot, StepResult } from '../../src/gan/gan1d.ts';
import { gridCdf, modeBasins, modeCoverage, type Basin, type ModeCoverage } from '../../src/numerics/mode-coverage.ts';
import { linspace, plotRange } from '../../src/numerics/panel.ts';
import { linesFigure } from '../components/figures.ts';
import { imageFigure } from '../components/image-figure.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import type { Notebook } from '../notebook.ts';
import { thin, waiting } from '../figures.ts';
import { pageTrainer } from '../training/page-trainer.ts';
import type { Gan1dWireConfig } from '../training/protocol.ts';
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

/** Basin masses for the latest snapshot, from p_g on the grid. */
export function snapshotCoverage(pData: Distribution, basins: readonly Basin[], snap: Snapshot): ModeCoverage {
  return modeCoverage(basins, (x) => pData.cdf(x), gridCdf(snap.grid, snap.pG));
}

export default function define(nb: Notebook): void {
  widthCell(nb);
  distributionInput(nb, 'pData', 'p_data', THREE_MODES, COLORS.data);
  sliderInput(nb, 'k', { label: msg('kLabel'), min: 1, max: 10, step: 1, value: COLLAPSE_PRESET.k, format: (v) => String(v) });
  sliderInput(nb, 'learningRateG', { label: msg('learningRateG'), min: 1e-4, max: 2e-2, value: COLLAPSE_PRESET.learningRateG, log: true, format: (v) => v.toPrecision(2) });
  sliderInput(nb, 'seed', { label: msg('seed'), min: 1, max: 9999, step: 1, value: 1, format: (v) => String(v) });
  sliderInput(nb, 'massGrid', { label: msg('massGrid'), min: 8, max: 2048, step: 1, value: 512, format: (v) => String(v) });

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
  nb.cell('config', ['pData', 'k', 'learningRateG', 'seed'], (p: Distribution, k: number, lrG: number, seed: number): Gan1dWireConfig => ({
    ...DEFAULT_GAN1D,
    ...COLLAPSE_PRESET,
    pData: p.toString(),
    k: Math.round(k),
    learningRateG: lrG,
    seed: Math.round(seed),
  }));
  nb.view('controls', ['config'], (config: Gan1dWireConfig) => {
    trainer.configure(config);
    return renderControls();
  });

  nb.view('coverageFigure', ['training', 'pData', 'basins', 'width'], (s: State, p: Distribution, basins: Basin[], width: number) => {
    const snap = s.latest;
    if (!snap) return waiting(msg('pressTrain'));
    const coverage = snapshotCoverage(p, basins, snap);
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
