/** Cells of theory/optimal-discriminator.md: the pointwise maximiser, D*, and what bending D costs. */
import type { Distribution } from '../../src/distributions/distribution.ts';
import { optimalDiscriminator, valueFunction, valueGap, virtualTrainingCriterion, withLogitOffset } from '../../src/numerics/discriminator.ts';
import { argmaxUnimodal } from '../../src/maths/optimize.ts';
import { linspace } from '../../src/numerics/panel.ts';
import { checkView } from '../components/check.ts';
import { linesFigure } from '../components/figures.ts';
import type { Notebook } from '../notebook.ts';
import { COLORS, distributionInput, gridCell, sliderInput, widthCell } from '../common.ts';
import { densityAndDiscriminator } from '../figures.ts';

export default function define(nb: Notebook): void {
  widthCell(nb);

  // Step 1: a log y + b log(1 − y).
  sliderInput(nb, 'a', { label: 'a = p_data(x)', min: 0.01, max: 3, step: 0.01, value: 0.6 });
  sliderInput(nb, 'b', { label: 'b = p_g(x)', min: 0.01, max: 3, step: 0.01, value: 0.3 });
  nb.cell('pointwise', ['a', 'b'], (a: number, b: number) => {
    const ys = linspace(0.002, 0.998, 400);
    const f = (y: number) => a * Math.log(y) + b * Math.log1p(-y);
    return { ys, values: ys.map(f), searched: argmaxUnimodal(f, 1e-12, 1 - 1e-12), formula: a / (a + b), peak: f(a / (a + b)) };
  });
  nb.view('pointwiseFigure', ['pointwise', 'width'], (p: { ys: Float64Array; values: Float64Array; formula: number; peak: number }, width: number) =>
    linesFigure({
      width,
      height: 240,
      x: { label: 'y = D(x)', domain: [0, 1] },
      y: { label: 'a log y + b log(1 − y)', domain: [Math.min(-4, p.peak - 3), p.peak + 0.3] },
      series: [{ label: 'a log y + b log(1 − y)', xs: p.ys, ys: p.values, color: COLORS.model }],
      markers: [{ x: p.formula, label: 'y = a/(a + b)', color: COLORS.optimum }],
      points: [{ x: p.formula, y: p.peak, color: COLORS.optimum, label: `maximum at ${p.formula.toFixed(4)}` }],
    }),
  );
  nb.view('pointwiseCheck', ['pointwise'], (p: { searched: number; formula: number }) =>
    checkView({
      left: { tex: '\\operatorname{arg\\,max}\\ \\text{(search)}', value: p.searched },
      right: { tex: 'a/(a+b)', value: p.formula },
      tolerance: 1e-7,
      note: 'The tolerance is √ε-sized: near its peak the curve is flat, so the search can place the maximiser only to about 1e-8.',
    }),
  );

  // Step 2: D* for the reader's pair.
  distributionInput(nb, 'pData', 'p_data', '0.5*normal(-1.5, 0.6) + 0.5*normal(1.5, 0.8)', COLORS.data);
  distributionInput(nb, 'pG', 'p_g', 'laplace(0.5, 1.2)', COLORS.gen);
  gridCell(nb, 'pData', 'pG');
  nb.cell('dStar', ['pData', 'pG'], (p: Distribution, q: Distribution) => optimalDiscriminator(p, q));
  sliderInput(nb, 'x0', { label: 'x₀', min: -10, max: 10, step: 0.01, value: 0.4 });
  nb.view('pointCheck', ['pData', 'pG', 'dStar', 'x0'], (p: Distribution, q: Distribution, dStar: ReturnType<typeof optimalDiscriminator>, x0: number) => {
    const a = p.pdf(x0), b = q.pdf(x0);
    if (a === 0 && b === 0) {
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = `Both densities are 0 at x₀ = ${x0}: D*(x₀) is undefined there, and V gives it no weight. Move x₀.`;
      return note;
    }
    const searched = argmaxUnimodal((y) => (a > 0 ? a * Math.log(y) : 0) + (b > 0 ? b * Math.log1p(-y) : 0), 1e-12, 1 - 1e-12);
    return checkView({
      left: { tex: '\\operatorname{arg\\,max}_y\\ \\pdata(x_0)\\log y + \\pg(x_0)\\log(1-y)', value: searched },
      right: { tex: '\\Dstar(x_0)', value: dStar(x0) },
      tolerance: 1e-7,
      note: `p_data(x₀) = ${a.toPrecision(6)}, p_g(x₀) = ${b.toPrecision(6)}.`,
    });
  });

  // Step 3: bend D.
  sliderInput(nb, 'bumpHeight', { label: 'bump height (log-odds)', min: -4, max: 4, step: 0.05, value: 1.5 });
  sliderInput(nb, 'bumpCentre', { label: 'bump centre', min: -10, max: 10, step: 0.05, value: 0 });
  sliderInput(nb, 'bumpWidth', { label: 'bump width', min: 0.1, max: 5, step: 0.05, value: 0.8 });
  sliderInput(nb, 'logitShift', { label: 'shift everywhere (log-odds)', min: -3, max: 3, step: 0.05, value: 0 });
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
  nb.view('optimalityCheck', ['values'], (v: Values) =>
    checkView({ left: { tex: 'V(G, D)', value: v.v.value }, right: { tex: 'V(G, \\Dstar) = C(G)', value: v.c.value }, relation: 'leq', tolerance: 1e-12 }),
  );
  nb.view('gapCheck', ['values'], (v: Values) =>
    checkView({
      left: { tex: 'C(G) - V(G, D)', value: v.c.value - v.v.value },
      right: { tex: '\\int (\\pdata + \\pg)\\,\\KL(\\mathrm{Bern}(\\Dstar)\\|\\mathrm{Bern}(D))', value: v.gap.value },
      tolerance: 1e-9,
    }),
  );
}
