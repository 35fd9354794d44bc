/** Cells of theory/training-game.md: saturating vs non-saturating generator losses and their gradients. */
import type { Distribution } from '../../src/distributions/distribution.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { expectedGeneratorLoss, generatorShiftGradient } from '../../src/gan/generator-gradient.ts';
import { generatorLoss, generatorLossGradient, logitOf, type GeneratorLossVariant } from '../../src/gan/losses.ts';
import { optimalDiscriminator } from '../../src/numerics/discriminator.ts';
import { linspace, plotRange } from '../../src/numerics/panel.ts';
import { checkView } from '../components/check.ts';
import { linesFigure } from '../components/figures.ts';
import type { Notebook } from '../notebook.ts';
import { COLORS, DEFER, distributionInput, sliderInput, widthCell } from '../common.ts';

const VARIANTS: readonly { variant: GeneratorLossVariant; label: string; color: string }[] = [
  { variant: 'saturating', label: 'saturating: log(1 − D)', color: COLORS.gen },
  { variant: 'non-saturating', label: 'non-saturating: −log D', color: COLORS.optimum },
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
        title: 'The two generator losses (to be minimised) as functions of D(G(z))',
        x: { label: 'D(G(z))', domain: [0, 1] },
        y: { label: 'loss', domain: [-4, 4] },
        series: VARIANTS.map((v) => ({ label: v.label, xs: ds, ys: ds.map((p) => generatorLoss(v.variant, logitOf(p))), color: v.color })),
        markers: [{ x: d, label: `D(G(z)) = ${d}`, color: '#777' }],
      }),
      linesFigure({
        width,
        height: 220,
        title: 'The gradient each passes back, |∂L/∂ℓ| (log scale): the saturating one vanishes as D(G(z)) → 0',
        x: { label: 'D(G(z))', domain: [0, 1] },
        y: { label: '|∂L/∂ℓ|', type: 'log', domain: [1e-4, 1.5] },
        series: VARIANTS.map((v) => ({ label: v.label, xs: ds, ys: ds.map((p) => Math.abs(generatorLossGradient(v.variant, logitOf(p)))), color: v.color })),
        markers: [{ x: d, label: `D(G(z)) = ${d}`, color: '#777' }],
      }),
    );
    return wrap;
  });

  for (const [name, v] of [['saturatingCheck', VARIANTS[0]!], ['nonSaturatingCheck', VARIANTS[1]!]] as const) {
    nb.view(name, ['d'], (d: number) => {
      const l = logitOf(d);
      return checkView({
        left: { tex: `\\partial L_{\\text{${v.variant === 'saturating' ? 'sat' : 'ns'}}}/\\partial\\ell\\ \\text{(formula)}`, value: generatorLossGradient(v.variant, l) },
        right: { tex: '\\text{central difference}', value: centralDifference((t) => generatorLoss(v.variant, t), l, 1e-5) },
        tolerance: 1e-8,
        note: `At ℓ = log(D/(1 − D)) = ${l.toFixed(6)}; the difference step is 1e-5, so agreement to ~1e-10 is expected.`,
      });
    });
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
      title: 'Size of the generator’s gradient against D*, as p_g is moved further from p_data (log scale)',
      x: { label: 'extra distance moved' },
      y: { label: '|d E[L] / dδ|', type: 'log' },
      series: sg.rows.map((r) => ({ label: r.label, xs: sg.shifts, ys: r.ys.map((y) => (y > 0 ? y : NaN)), color: r.color })),
    }),
  );

  nb.cell('shiftGradient', ['pData', 'pG'], (p: Distribution, q: Distribution) => {
    const logit = optimalDiscriminator(p, q).logit;
    const variant: GeneratorLossVariant = 'non-saturating';
    const h = 1e-4;
    const numeric = (expectedGeneratorLoss(p, shifted(q, h), logit, variant).value - expectedGeneratorLoss(p, shifted(q, -h), logit, variant).value) / (2 * h);
    return { integral: generatorShiftGradient(p, q, logit, variant).value, numeric };
  }, { defer: DEFER });
  nb.view('shiftGradientCheck', ['shiftGradient'], (g: { integral: number; numeric: number }) => {
    return checkView({
      left: { tex: '\\int \\pg\\, L_{\\text{ns}}^{\\prime}(\\ell^*)\\,\\ell^{*\\prime}\\,dx', value: g.integral },
      right: { tex: '\\text{difference of}\\ \\E_{\\pg}[L_{\\text{ns}}]\\ \\text{over}\\ \\delta = \\pm 10^{-4}', value: g.numeric },
      tolerance: 1e-6,
      note: 'Two routes to the same derivative: the integral of the pointwise chain rule, and a finite difference of the expected loss with p_g itself moved (D* held fixed).',
    });
  });
}
