/**
 * Cells of theory/non-saturating-loss.md: against D* held fixed, the non-saturating generator loss follows the
 * gradient of KL(p_g‖p_data) − 2·JSD (Arjovsky & Bottou 2017, Thm 2.5), checked for a location and a scale
 * parameter of p_g, and what that objective prefers: a mode, not the mixture.
 */
import { Distribution } from '../../src/distributions/distribution.ts';
import { stretched } from '../../src/distributions/stretch.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { formatNumber } from '../../src/format.ts';
import { expectedGeneratorLoss } from '../../src/gan/generator-gradient.ts';
import type { GeneratorLossVariant } from '../../src/gan/losses.ts';
import { optimalDiscriminator } from '../../src/numerics/discriminator.ts';
import { jsDivergence, klDivergence, type Estimate } from '../../src/numerics/divergences.ts';
import { linspace, plotRange } from '../../src/numerics/panel.ts';
import { linesFigure } from '../components/figures.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import type { Notebook } from '../notebook.ts';
import { COLORS, DEFER, distributionInput, sliderInput, widthCell } from '../common.ts';
import { t as common } from '../components/messages.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/non-saturating-loss.json';
import zh from '../messages/zh-CN/non-saturating-loss.json';

const msg = messages({ en, 'zh-CN': zh });

export type Parameter = 'location' | 'scale';

/** p_g = normal(μ, σ) moved by δ in one of its parameters. */
export function movedGenerator(mu: number, sigma: number, parameter: Parameter): (delta: number) => Distribution {
  const base = new Distribution([{ family: 'normal', params: [mu, sigma], weight: 1 }]);
  return parameter === 'location' ? (delta) => shifted(base, delta) : (delta) => stretched(base, (sigma + delta) / sigma, mu);
}

/** The two sides of Theorem 2.5 (and of its saturating twin) for one parameter, by Richardson's differences. */
export interface ParameterGradients {
  readonly parameter: Parameter;
  readonly h: number;
  /** d/dθ E_{p_g(θ)}[−log D*(x)] with D* fixed at θ = 0. */
  readonly nonSaturatingLoss: number;
  /** d/dθ [KL(p_g(θ)‖p_data) − 2·JSD(p_data‖p_g(θ))]. */
  readonly klMinusJsd: number;
  /** d/dθ E_{p_g(θ)}[log(1 − D*(x))] with D* fixed. */
  readonly saturatingLoss: number;
  /** d/dθ 2·JSD. */
  readonly twoJsd: number;
  /** Largest quadrature error estimate among the values differenced. */
  readonly error: number;
  /** Whether KL(p_g‖p_data) is finite (else there is nothing finite to compare). */
  readonly finite: boolean;
}

/** Richardson's extrapolation of central differences over ±h and ±h/2 (error O(h⁴)). */
function richardson(f: (delta: number) => number, h: number): number {
  const central = (s: number) => (f(s) - f(-s)) / (2 * s);
  return (4 * central(h / 2) - central(h)) / 3;
}

export function parameterGradients(pData: Distribution, move: (delta: number) => Distribution, parameter: Parameter, h: number): ParameterGradients {
  const pG = move(0);
  const logit = optimalDiscriminator(pData, pG).logit;
  let error = 0;
  const value = (e: Estimate) => {
    error = Math.max(error, e.error);
    return e.value;
  };
  const loss = (variant: GeneratorLossVariant) => (delta: number) => value(expectedGeneratorLoss(pData, move(delta), logit, variant));
  const finite = Number.isFinite(klDivergence(pG, pData).value);
  return {
    parameter,
    h,
    nonSaturatingLoss: finite ? richardson(loss('non-saturating'), h) : NaN,
    klMinusJsd: finite ? richardson((delta) => value(klDivergence(move(delta), pData)) - 2 * value(jsDivergence(pData, move(delta))), h) : NaN,
    saturatingLoss: richardson(loss('saturating'), h),
    twoJsd: richardson((delta) => 2 * value(jsDivergence(pData, move(delta))), h),
    error,
    finite,
  };
}

const symbol = (p: Parameter) => (p === 'location' ? '\\mu' : '\\sigma');
const tolerance = (g: ParameterGradients, scale: number) => 1e-7 * Math.max(1, Math.abs(scale)) + (10 * g.error) / g.h;

/** Theorem 2.5: the non-saturating loss's gradient (D* fixed) against that of KL(p_g‖p_data) − 2·JSD. */
export function nonSaturatingCheck(g: ParameterGradients): Verdict {
  if (!g.finite) return { neutral: msg('klInfinite') };
  const t = symbol(g.parameter);
  return {
    left: { tex: `\\tfrac{\\partial}{\\partial ${t}}\\,\\E_{\\pg}[-\\log \\Dstar]\\ (\\Dstar\\ \\text{${msg('fixed')}})`, value: g.nonSaturatingLoss },
    right: { tex: `\\tfrac{\\partial}{\\partial ${t}}\\big[\\KL(\\pg\\|\\pdata) - 2\\JSD(\\pdata\\|\\pg)\\big]`, value: g.klMinusJsd },
    tolerance: tolerance(g, g.klMinusJsd),
    note: msg('richardsonNote', { parameter: t === '\\mu' ? 'μ' : 'σ', h: formatNumber(g.h, 2), h2: formatNumber(g.h / 2, 2) }),
  };
}

/** The saturating twin: the gradient of E[log(1 − D*)] (D* fixed) against that of 2·JSD. */
export function saturatingCheck(g: ParameterGradients): Verdict {
  const t = symbol(g.parameter);
  return {
    left: { tex: `\\tfrac{\\partial}{\\partial ${t}}\\,\\E_{\\pg}[\\log(1 - \\Dstar)]\\ (\\Dstar\\ \\text{${msg('fixed')}})`, value: g.saturatingLoss },
    right: { tex: `\\tfrac{\\partial}{\\partial ${t}}\\,2\\JSD(\\pdata\\|\\pg)`, value: g.twoJsd },
    tolerance: tolerance(g, g.twoJsd),
    note: msg('saturatingNote'),
  };
}

/** The three objectives a generator normal(μ, σ) could descend, along μ at fixed σ. */
export interface Landscape {
  readonly mus: Float64Array;
  /** KL(p_g‖p_data) − 2·JSD: what the non-saturating loss descends. */
  readonly nonSaturating: Float64Array;
  /** 2·JSD = C(G) + log 4: what the minimax loss descends. */
  readonly saturating: Float64Array;
  /** KL(p_data‖p_g): what maximum likelihood descends. */
  readonly forwardKl: Float64Array;
}

export function landscape(pData: Distribution, sigma: number, n = 61): Landscape {
  const [lo, hi] = plotRange(pData);
  const mus = linspace(lo, hi, n);
  const out: Landscape = { mus, nonSaturating: new Float64Array(n), saturating: new Float64Array(n), forwardKl: new Float64Array(n) };
  mus.forEach((mu, i) => {
    const pG = new Distribution([{ family: 'normal', params: [mu, sigma], weight: 1 }]);
    const jsd = jsDivergence(pData, pG).value;
    out.nonSaturating[i] = klDivergence(pG, pData).value - 2 * jsd;
    out.saturating[i] = 2 * jsd;
    out.forwardKl[i] = klDivergence(pData, pG).value;
  });
  return out;
}

/** The μ of a curve's smallest value (grid resolution). */
export function argmin(xs: Float64Array, ys: Float64Array): number {
  let best = 0;
  for (let i = 1; i < ys.length; i++) if (ys[i]! < ys[best]!) best = i;
  return xs[best]!;
}

export default function define(nb: Notebook): void {
  widthCell(nb);
  distributionInput(nb, 'pData', 'p_data', '0.5*normal(-2, 0.6) + 0.5*normal(2, 0.6)', COLORS.data);
  sliderInput(nb, 'mu', { label: msg('muLabel'), min: -6, max: 6, step: 0.01, value: 0.8 });
  sliderInput(nb, 'sigma', { label: msg('sigmaLabel'), min: 0.1, max: 4, step: 0.01, value: 1 });
  // At most σ/2, so that the stretched p_g keeps a positive width at σ − h.
  sliderInput(nb, 'step', { label: msg('stepLabel'), min: 1e-5, max: 0.5, value: 1e-3, log: true, format: (v) => v.toPrecision(2) });

  nb.view('pairFigure', ['pData', 'mu', 'sigma', 'width'], (p: Distribution, mu: number, sigma: number, width: number) => {
    const pG = movedGenerator(mu, sigma, 'location')(0);
    const xs = linspace(...plotRange(p, pG), 500);
    const dStar = optimalDiscriminator(p, pG);
    return linesFigure({
      width,
      height: 220,
      title: msg('densityTitle'),
      x: { label: common('figure.x') },
      y: { label: msg('densityAxis') },
      series: [
        { label: 'p_data', xs, ys: xs.map((x) => p.pdf(x)), color: COLORS.data },
        { label: 'p_g', xs, ys: xs.map((x) => pG.pdf(x)), color: COLORS.gen },
        { label: 'D*', xs, ys: xs.map((x) => dStar(x)), color: COLORS.optimum, dash: true },
      ],
    });
  });

  for (const parameter of ['location', 'scale'] as const) {
    const cell = `${parameter}Gradients`;
    nb.cell(cell, ['pData', 'mu', 'sigma', 'step'], (p: Distribution, mu: number, sigma: number, step: number) =>
      parameterGradients(p, movedGenerator(mu, sigma, parameter), parameter, step * sigma), { defer: DEFER });
    nb.view(`${parameter}Check`, [cell], (g: ParameterGradients) => verdictView(nonSaturatingCheck(g)));
    nb.view(`${parameter}SaturatingCheck`, [cell], (g: ParameterGradients) => verdictView(saturatingCheck(g)));
  }

  nb.cell('landscape', ['pData', 'sigma'], (p: Distribution, sigma: number) => landscape(p, sigma), { defer: DEFER });
  nb.view('landscapeFigure', ['landscape', 'mu', 'sigma', 'width'], (l: Landscape, mu: number, sigma: number, width: number) => {
    const shift = (ys: Float64Array) => {
      let m = Infinity;
      for (const y of ys) if (Number.isFinite(y)) m = Math.min(m, y);
      return ys.map((y) => y - m);
    };
    return linesFigure({
      width,
      height: 280,
      title: msg('objectivesTitle', { sigma }),
      x: { label: 'μ' },
      y: { label: msg('objectiveAxis') },
      series: [
        { label: msg('nonSaturating'), xs: l.mus, ys: shift(l.nonSaturating), color: COLORS.optimum, width: 3 },
        { label: msg('minimax'), xs: l.mus, ys: shift(l.saturating), color: COLORS.gen },
        { label: msg('likelihood'), xs: l.mus, ys: shift(l.forwardKl), color: COLORS.data, dash: true },
      ],
      markers: [
        { x: argmin(l.mus, l.nonSaturating), label: msg('nonSaturatingMinimum'), color: COLORS.optimum },
        { x: argmin(l.mus, l.forwardKl), label: msg('likelihoodMinimum'), color: COLORS.data },
        { x: mu, label: `μ = ${mu}`, color: '#777' },
      ],
    });
  });
  nb.view('landscapeNote', ['landscape', 'sigma'], (l: Landscape, sigma: number) => {
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = msg('minimaNote', { sigma, ns: formatNumber(argmin(l.mus, l.nonSaturating), 3), mm: formatNumber(argmin(l.mus, l.saturating), 3), ml: formatNumber(argmin(l.mus, l.forwardKl), 3), n: l.mus.length });
    return p;
  });
}
