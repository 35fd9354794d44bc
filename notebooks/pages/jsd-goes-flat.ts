/**
 * Cells of theory/jsd-goes-flat.md: as p_g slides away from p_data the JSD saturates at log 2 and C(G)'s gradient
 * dies, while W₁ and its gradient do not; a discriminator that separates the supports leaves the saturating
 * generator no gradient (Arjovsky & Bottou 2017).
 */
import { Distribution } from '../../src/distributions/distribution.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { formatNumber } from '../../src/format.ts';
import { generatorShiftGradient } from '../../src/gan/generator-gradient.ts';
import type { GeneratorLossVariant } from '../../src/gan/losses.ts';
import { sigmoid, softplus } from '../../src/maths/logmath.ts';
import { virtualTrainingCriterion } from '../../src/numerics/discriminator.ts';
import { jsDivergence } from '../../src/numerics/divergences.ts';
import { jsdShiftGradient, separatedNormalsJsdSlope } from '../../src/numerics/jsd-gradient.ts';
import { linspace } from '../../src/numerics/panel.ts';
import { wasserstein1, wasserstein1ByQuantiles, wasserstein1Gradient } from '../../src/numerics/wasserstein.ts';
import { linesFigure } from '../components/figures.ts';
import { select } from '../components/inputs.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import type { Notebook } from '../notebook.ts';
import { COLORS, DEFER, sliderInput, widthCell } from '../common.ts';
import { t as common } from '../components/messages.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/jsd-goes-flat.json';
import zh from '../messages/zh-CN/jsd-goes-flat.json';

const msg = messages({ en, 'zh-CN': zh });

export type Shape = 'normal' | 'uniform';

/** p_data centred at 0 and p_g at d, both of width σ: normal(·, σ), or uniform of half-width σ. */
export function slidingPair(shape: Shape, sigma: number, d: number): { pData: Distribution; pG: Distribution } {
  const make = (c: number) =>
    new Distribution([{ family: shape, params: shape === 'normal' ? [c, sigma] : [c - sigma, c + sigma], weight: 1 }]);
  return { pData: make(0), pG: make(d) };
}

/** Richardson's extrapolation of central differences over ±h and ±h/2: error O(h⁴) for a smooth f. */
export function richardsonDifference(f: (delta: number) => number, h: number): number {
  const central = (s: number) => (f(s) - f(-s)) / (2 * s);
  return (4 * central(h / 2) - central(h)) / 3;
}

/** The gradient of C(G) under a shift of p_g, exact and by differences of C itself, and the same for W₁. */
export interface FlatPoint {
  readonly shape: Shape;
  readonly sigma: number;
  readonly d: number;
  /** The difference step. */
  readonly h: number;
  readonly c: number;
  readonly jsd: number;
  /** 2·dJSD/dθ from the closed-form slopes (src/numerics/jsd-gradient.ts). */
  readonly exactGradient: number;
  /** Richardson's difference of C(G) = V(G, D*) over the shift. */
  readonly differenceGradient: number;
  /** Largest quadrature error estimate among the C values differenced. */
  readonly cError: number;
  readonly w1: number;
  readonly w1ByQuantiles: number;
  readonly w1Gradient: number;
  readonly w1Difference: number;
}

export function flatPoint(shape: Shape, sigma: number, d: number, hOverSigma: number): FlatPoint {
  const { pData, pG } = slidingPair(shape, sigma, d);
  const h = hOverSigma * sigma;
  let cError = 0;
  const c = (delta: number) => {
    const e = virtualTrainingCriterion(pData, shifted(pG, delta));
    cError = Math.max(cError, e.error);
    return e.value;
  };
  const w = (delta: number) => wasserstein1(pData, shifted(pG, delta)).value;
  return {
    shape,
    sigma,
    d,
    h,
    c: c(0),
    jsd: jsDivergence(pData, pG).value,
    exactGradient: 2 * jsdShiftGradient(pData, pG).value,
    differenceGradient: richardsonDifference(c, h),
    cError,
    w1: wasserstein1(pData, pG).value,
    w1ByQuantiles: wasserstein1ByQuantiles(pData, pG).value,
    w1Gradient: wasserstein1Gradient(pData, pG, { kind: 'location' }).value,
    w1Difference: richardsonDifference(w, h),
  };
}

/** The sweep over separations 0 … 40σ drawn on a log scale. */
export interface FlatSweep {
  readonly ds: Float64Array;
  readonly minusC: Float64Array;
  readonly exact: Float64Array;
  readonly difference: Float64Array;
  readonly w1: Float64Array;
  readonly w1Gradient: Float64Array;
}

export function flatSweep(shape: Shape, sigma: number, n = 61): FlatSweep {
  const ds = linspace(0, 40 * sigma, n);
  const h = 1e-3 * sigma;
  const out = { ds, minusC: new Float64Array(n), exact: new Float64Array(n), difference: new Float64Array(n), w1: new Float64Array(n), w1Gradient: new Float64Array(n) };
  ds.forEach((d, i) => {
    const { pData, pG } = slidingPair(shape, sigma, d);
    const c = (delta: number) => virtualTrainingCriterion(pData, shifted(pG, delta)).value;
    out.minusC[i] = -c(0);
    out.exact[i] = 2 * jsdShiftGradient(pData, pG).value;
    out.difference[i] = (c(h) - c(-h)) / (2 * h);
    out.w1[i] = wasserstein1(pData, pG).value;
    out.w1Gradient[i] = wasserstein1Gradient(pData, pG, { kind: 'location' }).value;
  });
  return out;
}

/** Where the uniforms' edges meet (d = 0 or d = 2σ) the JSD has a corner: a difference across it means nothing. */
function cornerNote(p: FlatPoint): string | undefined {
  if (p.shape !== 'uniform') return undefined;
  for (const corner of [0, 2 * p.sigma]) {
    if (Math.abs(p.d - corner) <= p.h) {
      return msg('corner', { corner: formatNumber(corner, 4), h: formatNumber(p.h, 2), d: formatNumber(p.d, 4), slope: formatNumber(Math.LN2 / p.sigma, 4) });
    }
  }
  return undefined;
}

/** dC/dθ exact (from the densities' slopes) against Richardson's difference of C(G) = V(G, D*). */
export function criterionGradientCheck(p: FlatPoint): Verdict {
  const corner = cornerNote(p);
  if (corner) return { neutral: corner };
  // The difference of C carries the quadrature's error divided by the step, and Richardson's O(h⁴) remainder.
  const noise = (10 * p.cError) / p.h;
  return {
    left: { tex: `\\tfrac{d}{d\\theta}\\,C(G)\\ \\text{${msg('exactColon')}} {-\\!\\int} q^{\\prime}\\log(1 - \\Dstar)\\,dx`, value: p.exactGradient },
    right: { tex: `\\text{${msg('differenceOf')}}\\ C(G) = V(G, \\Dstar)`, value: p.differenceGradient },
    tolerance: 1e-6 * Math.abs(p.exactGradient) + noise,
    note: msg('criterionNote', { h: formatNumber(p.h, 2), h2: formatNumber(p.h / 2, 2), noise: formatNumber(noise, 2) }),
  };
}

/** W₁ by the CDF integral against the quantile integral. */
export function wassersteinRoutesCheck(p: FlatPoint): Verdict {
  return {
    left: { tex: '\\int |F_{\\text{data}} - F_g|\\,dx', value: p.w1 },
    right: { tex: '\\int_0^1 |F_{\\text{data}}^{-1}(u) - F_g^{-1}(u)|\\,du', value: p.w1ByQuantiles },
    tolerance: 1e-9 * Math.max(1, p.w1),
    note: msg('w1Note'),
  };
}

/** dW₁/dθ from its formula against Richardson's difference of W₁ itself. */
export function wassersteinGradientCheck(p: FlatPoint): Verdict {
  return {
    left: { tex: '\\tfrac{d}{d\\theta}W_1 = \\int \\operatorname{sign}(F_{\\text{data}} - F_g)\\,\\pg\\,dx', value: p.w1Gradient },
    right: { tex: `\\text{${msg('differenceOf')}}\\ W_1`, value: p.w1Difference },
    tolerance: 1e-7,
    note: msg('w1GradientNote', { h: formatNumber(p.h, 2), h2: formatNumber(p.h / 2, 2) }),
  };
}

/** For normals far apart, the exact slope against √(2π)/(2σ)·e^{−d²/(8σ²)}·(1 − (π²/2)(σ/d)²). */
export function asymptoticCheck(p: FlatPoint): Verdict {
  const r = p.d / p.sigma;
  if (p.shape !== 'normal') return { neutral: msg('asymptoticNormals') };
  if (r < 8) return { neutral: msg('asymptoticFar', { r: formatNumber(r, 3) }) };
  const asymptotic = 2 * separatedNormalsJsdSlope(p.d, p.sigma) * (1 - (Math.PI * Math.PI) / (2 * r * r));
  if (asymptotic === 0) return { neutral: msg('asymptoticUnderflow', { r: formatNumber(r, 3) }) };
  return {
    left: { tex: `\\tfrac{d}{d\\theta}C(G)\\ \\text{${msg('exact')}}`, value: p.exactGradient },
    right: { tex: '\\tfrac{\\sqrt{2\\pi}}{2\\sigma}\\,e^{-d^2/8\\sigma^2}\\big(1 - \\tfrac{\\pi^2}{2}\\tfrac{\\sigma^2}{d^2}\\big)', value: asymptotic },
    tolerance: (100 / r ** 4) * Math.abs(asymptotic),
    digits: 8,
    note: msg('asymptoticNote', { r: formatNumber(r, 4), tolerance: formatNumber(100 / r ** 4, 2) }),
  };
}

/** The sharpening discriminator D_k(x) = σ(k(m − x)) between uniforms, and what each generator loss gets from it. */
export interface Sharpening {
  readonly sigma: number;
  readonly d: number;
  readonly k: number;
  /** The boundary: midway between the supports. */
  readonly m: number;
  /** d/dθ E_{p_g}[L(D_k(x + θ))] by the pathwise integral (quadrature, src/gan/generator-gradient.ts). */
  readonly pathSaturating: number;
  readonly pathNonSaturating: number;
  /** The same in closed form: (1/2σ)·[g(b) − g(a)] for the uniform p_g on [a, b] with g = L∘D_k. */
  readonly closedSaturating: number;
  readonly closedNonSaturating: number;
  /** sup over p_g's support of D_k and of |D_k′|. */
  readonly supD: number;
  readonly supSlope: number;
}

/** Closed form of d/dθ (1/2σ)∫_a^b L(ℓ(x + θ)) dx = (L(ℓ(b)) − L(ℓ(a)))/(2σ), with ℓ(x) = k(m − x). */
function closedGradient(variant: GeneratorLossVariant, k: number, m: number, a: number, b: number): number {
  // L_sat = log(1 − σ(ℓ)) = −softplus(ℓ); L_ns = −log σ(ℓ) = softplus(−ℓ).
  const loss = (x: number) => (variant === 'saturating' ? -softplus(k * (m - x)) : softplus(-k * (m - x)));
  return (loss(b) - loss(a)) / (b - a);
}

export function sharpening(sigma: number, d: number, k: number): Sharpening {
  const { pData, pG } = slidingPair('uniform', sigma, d);
  const m = d / 2;
  const logit = (x: number) => k * (m - x);
  const a = d - sigma, b = d + sigma;
  // D_k is largest on p_g's support at its left end a, and so is |D_k′| = k·D(1 − D) while D < ½ there.
  const da = sigmoid(logit(a));
  return {
    sigma,
    d,
    k,
    m,
    pathSaturating: generatorShiftGradient(pData, pG, logit, 'saturating').value,
    pathNonSaturating: generatorShiftGradient(pData, pG, logit, 'non-saturating').value,
    closedSaturating: closedGradient('saturating', k, m, a, b),
    closedNonSaturating: closedGradient('non-saturating', k, m, a, b),
    supD: da,
    supSlope: k * da * (1 - da),
  };
}

/** The pathwise gradient of the saturating loss against its closed form. */
export function sharpeningCheck(s: Sharpening): Verdict {
  return {
    left: { tex: '\\int \\pg\\,L_{\\text{sat}}^{\\prime}(\\ell_k)\\,\\ell_k^{\\prime}\\,dx', value: s.pathSaturating },
    right: { tex: '\\tfrac{1}{b - a}\\big[L_{\\text{sat}}(\\ell_k(b)) - L_{\\text{sat}}(\\ell_k(a))\\big]', value: s.closedSaturating },
    tolerance: 1e-9 * Math.max(1e-300, Math.abs(s.closedSaturating)) + 1e-13,
    note: msg('pathNote', { a: formatNumber(s.d - s.sigma, 4), b: formatNumber(s.d + s.sigma, 4) }),
  };
}

/** Arjovsky & Bottou's Theorem 2.4 in one dimension: |gradient| ≤ ε/(1 − ε) when D is within ε of D* on p_g's support. */
export function vanishingBoundCheck(s: Sharpening): Verdict {
  if (s.d <= 2 * s.sigma) return { neutral: msg('overlap', { d: formatNumber(s.d, 4), twoSigma: formatNumber(2 * s.sigma, 4) }) };
  const eps = Math.max(s.supD, s.supSlope);
  return {
    left: { tex: '\\big|\\tfrac{d}{d\\theta}\\E_{\\pg}\\log(1 - D_k)\\big|', value: Math.abs(s.pathSaturating) },
    right: { tex: '\\varepsilon/(1 - \\varepsilon)', value: eps < 1 ? eps / (1 - eps) : Infinity },
    relation: 'leq',
    tolerance: 1e-15,
    note: msg('boundNote', { eps: formatNumber(eps, 3) }),
  };
}

/** Built when the page is, so the names are in its language. */
const shapes = (): readonly (readonly [Shape, string])[] => [['normal', msg('shape.normal')], ['uniform', msg('shape.uniform')]];

export default function define(nb: Notebook): void {
  widthCell(nb);
  nb.input('shape', select<Shape>({ label: msg('shapeLabel'), options: shapes(), value: 'normal' }), {
    serialize: (v: Shape) => v,
    parse: (t: string) => {
      if (t !== 'normal' && t !== 'uniform') throw new RangeError(`'${t}' is not a shape (normal or uniform)`);
      return t;
    },
  });
  sliderInput(nb, 'sigma', { label: msg('sigmaLabel'), min: 1e-3, max: 1, value: 0.05, log: true, format: (v) => v.toPrecision(3) });
  sliderInput(nb, 'd', { label: msg('dLabel'), min: 0, max: 3, step: 0.001, value: 0.6 });
  sliderInput(nb, 'step', { label: msg('stepLabel'), min: 1e-5, max: 1, value: 1e-3, log: true, format: (v) => v.toPrecision(2) });

  nb.cell('pair', ['shape', 'sigma', 'd'], slidingPair);
  nb.view('densityFigure', ['pair', 'sigma', 'd', 'width'], (pair: { pData: Distribution; pG: Distribution }, sigma: number, d: number, width: number) => {
    const xs = linspace(-4 * sigma, d + 4 * sigma, 600);
    return linesFigure({
      width,
      height: 200,
      title: msg('pairTitle'),
      x: { label: common('figure.x') },
      y: { label: common('figure.density') },
      series: [
        { label: 'p_data', xs, ys: xs.map((x) => pair.pData.pdf(x)), color: COLORS.data },
        { label: 'p_g', xs, ys: xs.map((x) => pair.pG.pdf(x)), color: COLORS.gen },
      ],
    });
  });

  nb.cell('point', ['shape', 'sigma', 'd', 'step'], flatPoint, { defer: DEFER });
  nb.cell('sweep', ['shape', 'sigma'], (shape: Shape, sigma: number) => flatSweep(shape, sigma), { defer: DEFER });
  nb.view('flatFigure', ['sweep', 'd', 'width'], (s: FlatSweep, d: number, width: number) => {
    const positive = (ys: Float64Array) => ys.map((y) => (Math.abs(y) > 0 ? Math.abs(y) : NaN));
    return linesFigure({
      width,
      height: 300,
      title: msg('slideTitle'),
      x: { label: msg('dLabel') },
      y: { label: msg('valueAxis'), type: 'log' },
      series: [
        { label: '−C(G) = 2(log 2 − JSD)', xs: s.ds, ys: positive(s.minusC), color: COLORS.model },
        { label: msg('exactGradient'), xs: s.ds, ys: positive(s.exact), color: COLORS.gen, width: 3 },
        { label: msg('differenceGradient'), xs: s.ds, ys: positive(s.difference), color: COLORS.other, dash: true },
        { label: 'W₁', xs: s.ds, ys: positive(s.w1), color: COLORS.data },
        { label: 'dW₁/dθ', xs: s.ds, ys: positive(s.w1Gradient), color: COLORS.optimum, dash: true },
      ],
      markers: [{ x: d, label: `d = ${d}`, color: '#777' }],
    });
  });
  nb.view('pointTable', ['point'], (p: FlatPoint) => {
    const table = document.createElement('table');
    table.className = 'values';
    const rows: [string, number][] = [
      [msg('row.jsd'), p.jsd],
      ['log 2 − JSD', Math.LN2 - p.jsd],
      ['C(G)', p.c],
      [msg('row.exactGradient'), p.exactGradient],
      ['W₁', p.w1],
      ['dW₁/dθ', p.w1Gradient],
    ];
    for (const [label, value] of rows) {
      const tr = table.insertRow();
      tr.insertCell().textContent = label;
      const cell = tr.insertCell();
      cell.className = 'num';
      cell.innerHTML = `<output>${formatNumber(value, 10)}</output>`;
    }
    return table;
  });
  nb.view('criterionGradientCheck', ['point'], (p: FlatPoint) => verdictView(criterionGradientCheck(p)));
  nb.view('asymptoticCheck', ['point'], (p: FlatPoint) => verdictView(asymptoticCheck(p)));
  nb.view('wassersteinRoutesCheck', ['point'], (p: FlatPoint) => verdictView(wassersteinRoutesCheck(p)));
  nb.view('wassersteinGradientCheck', ['point'], (p: FlatPoint) => verdictView(wassersteinGradientCheck(p)));

  // The perfect discriminator, between uniforms.
  sliderInput(nb, 'k', { label: msg('kLabel'), min: 1, max: 1e4, value: 20, log: true, format: (v) => v.toPrecision(3) });
  nb.cell('sharpening', ['sigma', 'd', 'k'], sharpening);
  nb.view('sharpeningFigure', ['sigma', 'd', 'k', 'width'], (sigma: number, d: number, k: number, width: number) => {
    const { pData, pG } = slidingPair('uniform', sigma, d);
    const xs = linspace(-2 * sigma, d + 2 * sigma, 600);
    const m = d / 2;
    const top = 1 / (2 * sigma);
    return linesFigure({
      width,
      height: 220,
      title: msg('sharpTitle'),
      x: { label: common('figure.x') },
      y: { label: 'D(x)', domain: [0, 1.05] },
      series: [
        { label: 'p_data / max', xs, ys: xs.map((x) => pData.pdf(x) / top), color: COLORS.data, width: 1 },
        { label: 'p_g / max', xs, ys: xs.map((x) => pG.pdf(x) / top), color: COLORS.gen, width: 1 },
        { label: `D_k, k = ${+k.toPrecision(3)}`, xs, ys: xs.map((x) => sigmoid(k * (m - x))), color: COLORS.model, width: 3 },
      ],
    });
  });
  nb.cell('sharpeningSweep', ['sigma', 'd'], (sigma: number, d: number) => {
    const ks = Float64Array.from({ length: 41 }, (_, i) => 10 ** (i / 10));
    const sat = Float64Array.from(ks, (k) => Math.abs(sharpening(sigma, d, k).closedSaturating));
    const ns = Float64Array.from(ks, (k) => Math.abs(sharpening(sigma, d, k).closedNonSaturating));
    return { ks, sat, ns };
  }, { defer: DEFER });
  nb.view('sharpeningGradientFigure', ['sharpeningSweep', 'k', 'width'], (s: { ks: Float64Array; sat: Float64Array; ns: Float64Array }, k: number, width: number) =>
    linesFigure({
      width,
      height: 260,
      title: msg('generatorTitle'),
      x: { label: msg('kAxis'), type: 'log' },
      y: { label: '|d E[L] / dθ|', type: 'log' },
      series: [
        { label: msg('saturating'), xs: s.ks, ys: s.sat.map((y) => (y > 0 ? y : NaN)), color: COLORS.gen },
        { label: msg('nonSaturating'), xs: s.ks, ys: s.ns.map((y) => (y > 0 ? y : NaN)), color: COLORS.optimum },
      ],
      markers: [{ x: k, label: `k = ${+k.toPrecision(3)}`, color: '#777' }],
    }),
  );
  nb.view('sharpeningCheck', ['sharpening'], (s: Sharpening) => verdictView(sharpeningCheck(s)));
  nb.view('vanishingBoundCheck', ['sharpening'], (s: Sharpening) => verdictView(vanishingBoundCheck(s)));
}
