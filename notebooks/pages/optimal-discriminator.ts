/** Cells of theory/optimal-discriminator.md: the pointwise maximiser, D*, and what bending D costs. */
import type { Distribution } from '../../src/distributions/distribution.ts';
import { optimalDiscriminator, valueFunction, valueGap, virtualTrainingCriterion, withLogitOffset } from '../../src/numerics/discriminator.ts';
import { argmaxUnimodal } from '../../src/maths/optimize.ts';
import { linspace } from '../../src/numerics/panel.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import { linesFigure } from '../components/figures.ts';
import type { Notebook } from '../notebook.ts';
import { COLORS, distributionInput, gridCell, sliderInput, widthCell } from '../common.ts';
import { densityAndDiscriminator } from '../figures.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/optimal-discriminator.json';
import zh from '../messages/zh-CN/optimal-discriminator.json';

const msg = messages({ en, 'zh-CN': zh });

export default function define(nb: Notebook): void {
  widthCell(nb);

  // Step 1: a log y + b log(1 − y).
  sliderInput(nb, 'a', { label: msg('aLabel'), min: 0, max: 3, step: 0.01, value: 0.6 });
  sliderInput(nb, 'b', { label: msg('bLabel'), min: 0, max: 3, step: 0.01, value: 0.3 });
  sliderInput(nb, 'y0', { label: msg('y0Label'), min: 0.001, max: 0.999, step: 0.001, value: 0.3 });
  nb.cell('pointwise', ['a', 'b'], (a: number, b: number) => {
    const ys = linspace(0.002, 0.998, 400);
    const f = pointwiseObjective(a, b);
    const formula = a / (a + b);
    return { ys, values: ys.map(f), searched: argmaxUnimodal(f, 1e-12, 1 - 1e-12), formula, peak: Number.isNaN(formula) ? NaN : f(formula), a, b };
  });
  nb.view('pointwiseFigure', ['pointwise', 'width'], (p: { ys: Float64Array; values: Float64Array; formula: number; peak: number }, width: number) => {
    const top = Number.isFinite(p.peak) ? p.peak : Math.max(...p.values);
    return linesFigure({
      width,
      height: 240,
      x: { label: 'y = D(x)', domain: [0, 1] },
      y: { label: 'a log y + b log(1 − y)', domain: [Math.min(-4, top - 3), top + 0.3] },
      series: [{ label: 'a log y + b log(1 − y)', xs: p.ys, ys: p.values, color: COLORS.model }],
      markers: Number.isNaN(p.formula) ? [] : [{ x: p.formula, label: 'y = a/(a + b)', color: COLORS.optimum }],
      points: Number.isFinite(p.peak) ? [{ x: p.formula, y: p.peak, color: COLORS.optimum, label: msg('maximumAt', { y: p.formula.toFixed(4) }) }] : [],
    });
  });
  nb.view('pointwiseCheck', ['pointwise'], (p: { searched: number; a: number; b: number }) => verdictView(pointwiseCheck(p.searched, p.a, p.b)));
  nb.view('derivativeCheck', ['a', 'b', 'y0'], (a: number, b: number, y0: number) => verdictView(derivativeCheck(pointwiseObjective(a, b), a, b, y0)));
  nb.view('curvatureCheck', ['a', 'b', 'y0'], (a: number, b: number, y0: number) => verdictView(curvatureCheck(pointwiseObjective(a, b), a, b, y0)));

  // Step 2: D* for the reader's pair.
  distributionInput(nb, 'pData', 'p_data', '0.5*normal(-1.5, 0.6) + 0.5*normal(1.5, 0.8)', COLORS.data);
  distributionInput(nb, 'pG', 'p_g', 'laplace(0.5, 1.2)', COLORS.gen);
  gridCell(nb, 'pData', 'pG');
  nb.cell('dStar', ['pData', 'pG'], (p: Distribution, q: Distribution) => optimalDiscriminator(p, q));
  sliderInput(nb, 'x0', { label: 'x₀', min: -10, max: 10, step: 0.01, value: 0.4 });
  nb.view('pointCheck', ['pData', 'pG', 'dStar', 'x0'], (p: Distribution, q: Distribution, dStar: ReturnType<typeof optimalDiscriminator>, x0: number) =>
    verdictView(pointCheck(p.pdf(x0), q.pdf(x0), dStar(x0), x0)),
  );

  // Step 3: bend D.
  sliderInput(nb, 'bumpHeight', { label: msg('bumpHeight'), min: -4, max: 4, step: 0.05, value: 1.5 });
  sliderInput(nb, 'bumpCentre', { label: msg('bumpCentre'), min: -10, max: 10, step: 0.05, value: 0 });
  sliderInput(nb, 'bumpWidth', { label: msg('bumpWidth'), min: 0.1, max: 5, step: 0.05, value: 0.8 });
  sliderInput(nb, 'logitShift', { label: msg('logitShift'), min: -3, max: 3, step: 0.05, value: 0 });
  nb.cell('bent', ['dStar', 'bumpHeight', 'bumpCentre', 'bumpWidth', 'logitShift'], (dStar: ReturnType<typeof optimalDiscriminator>, h: number, c: number, w: number, s: number) =>
    withLogitOffset(dStar, (x) => s + h * Math.exp(-(((x - c) / w) ** 2))),
  );
  nb.cell('values', ['pData', 'pG', 'bent'], (p: Distribution, q: Distribution, d: ReturnType<typeof withLogitOffset>) => ({
    v: valueFunction(p, q, d),
    c: virtualTrainingCriterion(p, q),
    gap: valueGap(p, q, d),
  }));
  nb.view('discriminatorFigure', ['pData', 'pG', 'grid', 'dStar', 'bent', 'width'], (p: Distribution, q: Distribution, grid: Float64Array, dStar: (x: number) => number, d: (x: number) => number, width: number) =>
    densityAndDiscriminator({ pData: p, pG: q, grid, dStar: grid.map(dStar), d: grid.map(d), width }),
  );
  type Values = { v: { value: number }; c: { value: number }; gap: { value: number } };
  nb.view('optimalityCheck', ['values'], (v: Values) => verdictView(optimalityCheck(v.v.value, v.c.value)));
  nb.view('gapCheck', ['values'], (v: Values) => verdictView(gapCheck(v.c.value - v.v.value, v.gap.value)));
}

/** f(y) = a·log y + b·log(1 − y), with 0·log 0 taken as 0 (so a = 0 or b = 0 give the endpoint cases). */
export function pointwiseObjective(a: number, b: number): (y: number) => number {
  return (y) => (a > 0 ? a * Math.log(y) : 0) + (b > 0 ? b * Math.log1p(-y) : 0);
}


/** Step 1: the maximiser found by golden-section search against a/(a + b). */
export function pointwiseCheck(searched: number, a: number, b: number): Verdict {
  if (a === 0 && b === 0) return { neutral: msg('bothZero') };
  const endpoint = a === 0 ? msg('endpointA') : b === 0 ? msg('endpointB') : '';
  return {
    left: { tex: `\\operatorname{arg\\,max}\\ \\text{${msg('search')}}`, value: searched },
    right: { tex: 'a/(a+b)', value: a / (a + b) },
    tolerance: 1e-7,
    note: `${msg('pointwiseNote')}${endpoint}`,
  };
}

/** Step 1: a central difference of f at y₀ against f′(y₀) = a/y₀ − b/(1 − y₀). */
export function derivativeCheck(f: (y: number) => number, a: number, b: number, y0: number): Verdict {
  if (a === 0 && b === 0) return { neutral: msg('bothZero') };
  const h = 1e-5 * Math.min(y0, 1 - y0);
  const formula = a / y0 - b / (1 - y0);
  return {
    left: { tex: "f'(y) = a/y - b/(1-y)", value: formula },
    right: { tex: `\\text{${msg('centralDifference')}}\\ y`, value: (f(y0 + h) - f(y0 - h)) / (2 * h) },
    tolerance: 1e-7 * Math.max(1, Math.abs(formula)),
    note: msg('derivativeNote', { y: y0, h: h.toPrecision(2), sign: msg(formula > 0 ? 'rises' : formula < 0 ? 'falls' : 'stationary') }),
  };
}

/** Step 1: a second difference of f at y₀ against f″(y₀) = −a/y₀² − b/(1 − y₀)², negative whenever a + b > 0. */
export function curvatureCheck(f: (y: number) => number, a: number, b: number, y0: number): Verdict {
  if (a === 0 && b === 0) return { neutral: msg('bothZero') };
  const h = 1e-3 * Math.min(y0, 1 - y0);
  const formula = -a / (y0 * y0) - b / ((1 - y0) * (1 - y0));
  return {
    left: { tex: "f''(y) = -a/y^2 - b/(1-y)^2", value: formula },
    right: { tex: `\\text{${msg('secondDifference')}}\\ y`, value: (f(y0 + h) - 2 * f(y0) + f(y0 - h)) / (h * h) },
    tolerance: 1e-5 * Math.abs(formula),
    note: msg('curvatureNote', { y: y0, h: h.toPrecision(2), f2: formula.toPrecision(4) }),
  };
}

/** Step 2: the integrand's maximiser at x₀, found by search, against D*(x₀). */
export function pointCheck(a: number, b: number, dStarAtX0: number, x0: number): Verdict {
  if (a === 0 && b === 0) return { neutral: msg('pointBothZero', { x: x0 }) };
  return {
    left: { tex: '\\operatorname{arg\\,max}_y\\ \\pdata(x_0)\\log y + \\pg(x_0)\\log(1-y)', value: argmaxUnimodal(pointwiseObjective(a, b), 1e-12, 1 - 1e-12) },
    right: { tex: '\\Dstar(x_0)', value: dStarAtX0 },
    tolerance: 1e-7,
    note: `p_data(x₀) = ${a.toPrecision(6)}, p_g(x₀) = ${b.toPrecision(6)}.`,
  };
}

/** Step 3: V(G, D) ≤ V(G, D*) = C(G). */
export function optimalityCheck(v: number, c: number): Verdict {
  return { left: { tex: 'V(G, D)', value: v }, right: { tex: 'V(G, \\Dstar) = C(G)', value: c }, relation: 'leq', tolerance: 1e-12 };
}

/** Step 3: C(G) − V(G, D), from the two values, against the Bernoulli-KL integral computed pointwise. */
export function gapCheck(difference: number, gap: number): Verdict {
  return {
    left: { tex: 'C(G) - V(G, D)', value: difference },
    right: { tex: '\\int (\\pdata + \\pg)\\,\\KL(\\mathrm{Bern}(\\Dstar)\\|\\mathrm{Bern}(D))', value: gap },
    tolerance: 1e-9,
  };
}
