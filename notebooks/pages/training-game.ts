/** Cells of theory/training-game.md: saturating vs non-saturating generator losses and their gradients. */
import type { Distribution } from '../../src/distributions/distribution.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { densityJumps, expectedGeneratorLoss, generatorShiftGradient } from '../../src/gan/generator-gradient.ts';
import { generatorLoss, generatorLossGradient, logitOf, type GeneratorLossVariant } from '../../src/gan/losses.ts';
import { optimalDiscriminator } from '../../src/numerics/discriminator.ts';
import { linspace, plotRange } from '../../src/numerics/panel.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import { jsDivergence, klDivergence } from '../../src/numerics/divergences.ts';
import { cellMasses, criterionGradient, criterionOnGrid, functionSpaceDescent, type FunctionSpaceRun } from '../../src/numerics/function-space.ts';
import { formatNumber } from '../../src/format.ts';
import { linesFigure } from '../components/figures.ts';
import type { Notebook } from '../notebook.ts';
import { COLORS, DEFER, distributionInput, sliderInput, widthCell } from '../common.ts';

import { messages } from '../i18n.ts';
import en from '../messages/en/training-game.json';
import zh from '../messages/zh-CN/training-game.json';
import { t as common } from '../components/messages.ts';

const msg = messages({ en, 'zh-CN': zh });

const LOG4 = Math.log(4);

const VARIANTS: readonly { variant: GeneratorLossVariant; readonly label: string; color: string }[] = [
  { variant: 'saturating', get label() { return msg('variant.saturating'); }, color: COLORS.gen },
  { variant: 'non-saturating', get label() { return msg('variant.non-saturating'); }, color: COLORS.optimum },
];

/** A central difference of f at x with step h. */
const centralDifference = (f: (x: number) => number, x: number, h: number) => (f(x + h) - f(x - h)) / (2 * h);

export default function define(nb: Notebook): void {
  widthCell(nb);
  sliderInput(nb, 'd', { label: 'D(G(z))', min: 0.001, max: 0.999, step: 0.001, value: 0.02 });

  nb.view('lossFigure', ['d', 'width'], (d: number, width: number) => {
    const ds = linspace(0.0005, 0.9995, 400);
    const wrap = document.createElement('div');
    wrap.append(
      linesFigure({
        width,
        height: 220,
        title: msg('lossTitle'),
        x: { label: 'D(G(z))', domain: [0, 1] },
        y: { label: msg('loss'), domain: [-4, 4] },
        series: VARIANTS.map((v) => ({ label: v.label, xs: ds, ys: ds.map((p) => generatorLoss(v.variant, logitOf(p))), color: v.color })),
        markers: [{ x: d, label: `D(G(z)) = ${d}`, color: '#777' }],
      }),
      linesFigure({
        width,
        height: 220,
        title: msg('gradientTitle'),
        x: { label: 'D(G(z))', domain: [0, 1] },
        y: { label: '|∂L/∂ℓ|', type: 'log', domain: [1e-4, 1.5] },
        series: VARIANTS.map((v) => ({ label: v.label, xs: ds, ys: ds.map((p) => Math.abs(generatorLossGradient(v.variant, logitOf(p)))), color: v.color })),
        markers: [{ x: d, label: `D(G(z)) = ${d}`, color: '#777' }],
      }),
    );
    return wrap;
  });

  for (const [name, v] of [['saturatingCheck', VARIANTS[0]!], ['nonSaturatingCheck', VARIANTS[1]!]] as const) {
    nb.view(name, ['d'], (d: number) => verdictView(lossGradientCheck(v.variant, d, (t) => generatorLoss(v.variant, t))));
  }

  distributionInput(nb, 'pData', 'p_data', 'normal(0, 1)', COLORS.data);
  distributionInput(nb, 'pG', 'p_g', 'normal(2, 1)', COLORS.gen);

  nb.cell('slideGradients', ['pData', 'pG'], (p: Distribution, q: Distribution) => {
    const [lo, hi] = plotRange(p);
    const span = 1.5 * (hi - lo);
    const shifts = linspace(0, span, 41);
    const rows = VARIANTS.map((v) => ({
      ...v,
      ys: shifts.map((s) => {
        const g = shifted(q, s);
        return Math.abs(generatorShiftGradient(p, g, optimalDiscriminator(p, g).logit, v.variant).value);
      }),
    }));
    return { shifts, rows };
  }, { defer: DEFER });

  nb.view('gradientFigure', ['slideGradients', 'width'], (sg: { shifts: Float64Array; rows: { label: string; color: string; ys: Float64Array }[] }, width: number) =>
    linesFigure({
      width,
      height: 260,
      title: msg('slideTitle'),
      x: { label: msg('distanceAxis') },
      y: { label: '|d E[L] / dδ|', type: 'log' },
      series: sg.rows.map((r) => ({ label: r.label, xs: sg.shifts, ys: r.ys.map((y) => (y > 0 ? y : NaN)), color: r.color })),
    }),
  );

  nb.cell('shiftGradients', ['pData', 'pG'], shiftGradients, { defer: DEFER });
  nb.view('shiftGradientCheck', ['shiftGradients'], (g: ShiftGradients) => verdictView(shiftGradientCheck(g)));
  nb.view('saturatingJsdCheck', ['shiftGradients'], (g: ShiftGradients) => verdictView(saturatingJsdCheck(g)));
  nb.view('nonSaturatingKlCheck', ['shiftGradients'], (g: ShiftGradients) => verdictView(nonSaturatingKlCheck(g)));

  // Proposition 2: p_g updated in function space, D at its optimum.
  sliderInput(nb, 'eta', { label: msg('etaLabel'), min: 0.2, max: 1, step: 0.05, value: 0.5 });
  nb.cell('functionSpace', ['pData', 'pG', 'eta'], (p: Distribution, q: Distribution, eta: number) => runFunctionSpace(p, q, eta), { defer: DEFER });
  nb.view('functionSpaceFigure', ['functionSpace', 'width'], (run: FunctionSpace, width: number) => {
    const centres = Float64Array.from({ length: run.pi.length }, (_, i) => run.lo + (i + 0.5) * run.width);
    const wrap = document.createElement('div');
    const shades = ['#f2a3ad', '#e07683', '#d1495b', '#9c2f3f', '#5c1a24'];
    wrap.append(
      linesFigure({
        width,
        height: 240,
        title: msg('functionSpaceTitle'),
        x: { label: common('figure.x') },
        y: { label: common('figure.density') },
        series: [
          { label: 'p_data', xs: centres, ys: run.pi.map((m) => m / run.width), color: COLORS.data, width: 3 },
          ...run.run.snapshots.map((snap, k) => ({ label: msg('pgAtStep', { t: snap.t }), xs: centres, ys: snap.g.map((m) => m / run.width), color: shades[k % shades.length]! })),
        ],
      }),
      linesFigure({
        width,
        height: 220,
        title: msg('criterionTitle'),
        x: { label: msg('stepAxis') },
        y: { label: 'C(G) + log 4', type: 'log' },
        series: [{ label: 'C(G) + log 4', xs: Float64Array.from(run.run.c, (_, t) => t), ys: run.run.c.map((c) => (c + LOG4 > 1e-16 ? c + LOG4 : NaN)), color: COLORS.optimum }],
      }),
    );
    return wrap;
  });
  nb.view('envelopeCheck', ['functionSpace'], (run: FunctionSpace) => verdictView(envelopeCheck(run.pi, run.g0, criterionGradient(run.pi, run.g0))));
  nb.view('convexityCheck', ['functionSpace'], (run: FunctionSpace) => {
    const uniform = new Float64Array(run.pi.length).fill(1 / run.pi.length);
    const mid = run.g0.map((g, i) => 0.5 * (g + uniform[i]!));
    return verdictView(convexityCheck(criterionOnGrid(run.pi, mid), criterionOnGrid(run.pi, run.g0), criterionOnGrid(run.pi, uniform)));
  });
  nb.view('monotoneCheck', ['functionSpace'], (run: FunctionSpace) => verdictView(monotoneCheck(run.run.c)));
  nb.view('convergenceCheck', ['functionSpace'], (run: FunctionSpace) => verdictView(convergenceCheck(run)));
}

/** ∂L/∂ℓ from the formula against a central difference of the loss itself, at D(G(z)) = d. */
export function lossGradientCheck(variant: GeneratorLossVariant, d: number, loss: (l: number) => number): Verdict {
  const l = logitOf(d);
  return {
    left: { tex: `\\partial L_{\\text{${variant === 'saturating' ? 'sat' : 'ns'}}}/\\partial\\ell\\ \\text{${msg('formula')}}`, value: generatorLossGradient(variant, l) },
    right: { tex: `\\text{${msg('centralDifference')}}`, value: centralDifference(loss, l, 1e-5) },
    tolerance: 1e-8,
    note: msg('lossGradientNote', { l: l.toFixed(6) }),
  };
}

/** The generator's shift gradients against D* (held at the unshifted p_g), by the pathwise integral and by differences. */
export interface ShiftGradients {
  /** Where a density jumps under p_g's mass: the expected loss has a kink in δ there (see densityJumps). */
  readonly jumps: readonly number[];
  readonly pathSaturating: number;
  readonly pathNonSaturating: number;
  /** d/dδ E_{p_g+δ}[−log D*] by a central difference, D* fixed. */
  readonly lossDifference: number;
  /** d/dδ JSD(p_g+δ ‖ p_data) and d/dδ KL(p_g+δ ‖ p_data) by central differences. */
  readonly jsdDifference: number;
  readonly klDifference: number;
}

export function shiftGradients(p: Distribution, q: Distribution): ShiftGradients {
  const jumps = densityJumps(p, q);
  const logit = optimalDiscriminator(p, q).logit;
  const h = 1e-4;
  const difference = (f: (delta: number) => number) => (f(h) - f(-h)) / (2 * h);
  return {
    jumps,
    pathSaturating: generatorShiftGradient(p, q, logit, 'saturating').value,
    pathNonSaturating: generatorShiftGradient(p, q, logit, 'non-saturating').value,
    lossDifference: jumps.length ? NaN : difference((delta) => expectedGeneratorLoss(p, shifted(q, delta), logit, 'non-saturating').value),
    jsdDifference: jumps.length ? NaN : difference((delta) => jsDivergence(shifted(q, delta), p).value),
    klDifference: jumps.length ? NaN : difference((delta) => klDivergence(shifted(q, delta), p).value),
  };
}

const jumpNote = (g: ShiftGradients) =>
  msg('jumpNote', { jumps: g.jumps.map((x) => formatNumber(x, 4)).join(', '), path: formatNumber(g.pathNonSaturating, 6) });

/** The pathwise integral against a finite difference of the expected loss (D* fixed), for continuous densities only. */
export function shiftGradientCheck(g: ShiftGradients): Verdict {
  if (g.jumps.length) return { neutral: jumpNote(g) };
  if (!Number.isFinite(g.lossDifference)) return { neutral: msg('lossInfinite') };
  return {
    left: { tex: '\\int \\pg\\, L_{\\text{ns}}^{\\prime}(\\ell^*)\\,\\ell^{*\\prime}\\,dx', value: g.pathNonSaturating },
    right: { tex: `\\text{${msg('differenceOf')}}\\ \\E_{\\pg}[L_{\\text{ns}}]\\ \\text{${msg('over')}}\\ \\delta = \\pm 10^{-4}`, value: g.lossDifference },
    tolerance: 1e-6,
    note: msg('shiftNote'),
  };
}

/** Saturating loss against D*: its gradient is that of 2·JSD(p_g‖p_data), i.e. of C(G). */
export function saturatingJsdCheck(g: ShiftGradients): Verdict {
  if (g.jumps.length) return { neutral: jumpNote(g) };
  return {
    left: { tex: '\\int \\pg\\, L_{\\text{sat}}^{\\prime}(\\ell^*)\\,\\ell^{*\\prime}\\,dx', value: g.pathSaturating },
    right: { tex: '\\tfrac{d}{d\\delta}\\, 2\\,\\JSD(\\pg^{+\\delta}\\|\\pdata)', value: 2 * g.jsdDifference },
    tolerance: 1e-6,
    note: msg('saturatingNote'),
  };
}

/** Non-saturating loss against D*: its gradient is that of KL(p_g‖p_data) − 2·JSD (Arjovsky & Bottou 2017, Thm 2.5). */
export function nonSaturatingKlCheck(g: ShiftGradients): Verdict {
  if (g.jumps.length) return { neutral: jumpNote(g) };
  if (!Number.isFinite(g.klDifference)) return { neutral: msg('klInfinite') };
  return {
    left: { tex: '\\int \\pg\\, L_{\\text{ns}}^{\\prime}(\\ell^*)\\,\\ell^{*\\prime}\\,dx', value: g.pathNonSaturating },
    right: { tex: '\\tfrac{d}{d\\delta}\\big[\\KL(\\pg^{+\\delta}\\|\\pdata) - 2\\,\\JSD(\\pg^{+\\delta}\\|\\pdata)\\big]', value: g.klDifference - 2 * g.jsdDifference },
    tolerance: 1e-6,
    note: msg('nonSaturatingNote'),
  };
}

/** The page's function-space run: p_data and p_g as masses on 400 cells of the plotted range. */
export interface FunctionSpace {
  readonly lo: number;
  readonly width: number;
  readonly pi: Float64Array;
  readonly g0: Float64Array;
  readonly eta: number;
  readonly run: FunctionSpaceRun;
}

export const FUNCTION_SPACE_STEPS = 200;

export function runFunctionSpace(p: Distribution, q: Distribution, eta: number, steps = FUNCTION_SPACE_STEPS): FunctionSpace {
  const [lo, hi] = plotRange(p, q);
  const n = 400;
  const pi = cellMasses(p, lo, hi, n), g0 = cellMasses(q, lo, hi, n);
  return { lo, width: (hi - lo) / n, pi, g0, eta, run: functionSpaceDescent(pi, g0, eta, steps, [0, 1, 3, 10, steps]) };
}

/**
 * Danskin's theorem, the step in Proposition 2's proof: the derivative of C at g along e_i − e_j (mass moved from
 * cell j to cell i) equals ∂U/∂g at D = D*, i.e. `gradient`[i] − `gradient`[j]. C is differenced, not differentiated.
 */
export function envelopeCheck(pi: Float64Array, g: Float64Array, gradient: Float64Array): Verdict {
  let i = 0, j = 0;
  for (let k = 0; k < pi.length; k++) {
    if (pi[k]! > pi[i]!) i = k;
    if (g[k]! > g[j]!) j = k;
  }
  if (i === j) j = i > 0 ? i - 1 : i + 1;
  const h = 1e-4 * Math.min(g[i]!, g[j]!);
  if (!(h > 0)) return { neutral: msg('noMassCell') };
  const moved = (s: number) => {
    const m = Float64Array.from(g);
    m[i] = m[i]! + s;
    m[j] = m[j]! - s;
    return criterionOnGrid(pi, m);
  };
  const formula = gradient[i]! - gradient[j]!;
  return {
    left: { tex: '\\log(1 - \\Dstar_i) - \\log(1 - \\Dstar_j)', value: formula },
    right: { tex: `\\text{${msg('differenceOf')}}\\ C\\ \\text{${msg('along')}}\\ e_i - e_j`, value: (moved(h) - moved(-h)) / (2 * h) },
    tolerance: 1e-6 * Math.max(1, Math.abs(formula)),
    note: msg('cellGradientNote', { j, cells: pi.length, i, h: h.toPrecision(2) }),
  };
}

/** C is convex in p_g: C(½g + ½u) ≤ ½C(g) + ½C(u). */
export function convexityCheck(cMid: number, c0: number, c1: number): Verdict {
  return {
    left: { tex: 'C\\big(\\tfrac12 \\pg + \\tfrac12 u\\big)', value: cMid },
    right: { tex: '\\tfrac12 C(\\pg) + \\tfrac12 C(u)', value: 0.5 * (c0 + c1) },
    relation: 'leq',
    tolerance: 1e-12,
    note: msg('convexityNote'),
  };
}

/** C(G) never rises from one step to the next. */
export function monotoneCheck(c: Float64Array): Verdict {
  let worst = -Infinity, at = 1;
  for (let t = 1; t < c.length; t++) if (c[t]! - c[t - 1]! > worst) [worst, at] = [c[t]! - c[t - 1]!, t];
  return {
    left: { tex: '\\max_t\\ C(G_{t+1}) - C(G_t)', value: worst },
    right: { tex: '0', value: 0 },
    relation: 'leq',
    tolerance: 1e-12,
    note: msg('monotoneNote', { steps: c.length - 1, worst: formatNumber(worst, 3), at }),
  };
}

/** After the run, C(G) is −log 4, unless p_g started with no mass where p_data has some and η < 1. */
export function convergenceCheck(fs: FunctionSpace): Verdict {
  let missing = 0;
  fs.g0.forEach((g, i) => {
    if (g === 0) missing += fs.pi[i]!;
  });
  const last = fs.run.c[fs.run.c.length - 1]!;
  if (missing > 0 && fs.eta < 1) {
    return { neutral: msg('convergenceNeutral', { missing: formatNumber(missing, 3), last: formatNumber(last, 6) }) };
  }
  return {
    left: { tex: `C(G_{${fs.run.c.length - 1}})`, value: last },
    right: { tex: '-\\log 4', value: -LOG4 },
    tolerance: 1e-9,
    note: msg('convergenceNote', { c0: formatNumber(fs.run.c[0]!, 6), cells: fs.pi.length }),
  };
}
