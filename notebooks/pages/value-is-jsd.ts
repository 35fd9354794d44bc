/** Cells of theory/value-is-jsd.md: C(G) = V(G, D*) = −log 4 + 2·JSD, each step evaluated for the reader's pair. */
import { mixtureOf, type Distribution } from '../../src/distributions/distribution.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { optimalDiscriminator } from '../../src/numerics/discriminator.ts';
import { jsDivergence, klDivergence } from '../../src/numerics/divergences.ts';
import { monteCarloExpectation } from '../../src/numerics/montecarlo.ts';
import { divergencePanel, linspace, plotRange, type DivergencePanel } from '../../src/numerics/panel.ts';
import { createRandom } from '../../src/maths/random.ts';
import { checkView } from '../components/check.ts';
import { linesFigure } from '../components/figures.ts';
import type { Notebook } from '../notebook.ts';
import { COLORS, DEFER, distributionInput, gridCell, sliderInput, widthCell } from '../common.ts';
import { densityAndDiscriminator } from '../figures.ts';

const LOG4 = Math.log(4);

export default function define(nb: Notebook): void {
  distributionInput(nb, 'pData', 'p_data', '0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)', COLORS.data);
  distributionInput(nb, 'pG', 'p_g', 'normal(0, 2)', COLORS.gen);
  widthCell(nb);
  gridCell(nb, 'pData', 'pG');
  nb.cell('panel', ['pData', 'pG', 'grid'], (p: Distribution, q: Distribution, grid: Float64Array) => divergencePanel(p, q, grid));

  nb.view('densityFigure', ['pData', 'pG', 'panel', 'width'], (p: Distribution, q: Distribution, panel: DivergencePanel, width: number) =>
    densityAndDiscriminator({ pData: p, pG: q, grid: panel.grid!, dStar: panel.dStar!, width }),
  );

  nb.cell('monteCarlo', ['pData', 'pG'], (p: Distribution, q: Distribution) => {
    const dStar = optimalDiscriminator(p, q);
    const random = createRandom(1);
    // log D* = −softplus(−ℓ) and log(1 − D*) = −softplus(ℓ) from the logit, exact even where D* rounds to 0 or 1.
    const logD = (x: number) => -Math.log1p(Math.exp(-dStar.logit(x)));
    const log1mD = (x: number) => -Math.log1p(Math.exp(dStar.logit(x)));
    const a = monteCarloExpectation(p, (x) => (dStar.logit(x) === Infinity ? 0 : logD(x)), 20000, random);
    const b = monteCarloExpectation(q, (x) => (dStar.logit(x) === -Infinity ? 0 : log1mD(x)), 20000, random);
    return { value: a.value + b.value, standardError: Math.hypot(a.standardError, b.standardError) };
  }, { defer: DEFER });

  nb.view('expectationCheck', ['panel', 'monteCarlo'], (panel: DivergencePanel, mc: { value: number; standardError: number }) =>
    checkView({
      left: { tex: 'C(G)\\ \\text{(quadrature)}', value: panel.cOfG.value },
      right: { tex: '\\text{Monte-Carlo mean}', value: mc.value },
      tolerance: 4 * mc.standardError,
      note: `Tolerance: 4 standard errors of the Monte-Carlo estimate (standard error ${mc.standardError.toPrecision(2)}).`,
    }),
  );

  nb.cell('mixtureKls', ['pData', 'pG'], (p: Distribution, q: Distribution) => {
    const m = mixtureOf([{ weight: 0.5, distribution: p }, { weight: 0.5, distribution: q }]);
    return klDivergence(p, m).value + klDivergence(q, m).value;
  }, { defer: DEFER });
  nb.view('klMixtureCheck', ['mixtureKls', 'panel'], (kls: number, panel: DivergencePanel) => {
    const right = -LOG4 + kls;
    return checkView({
      left: { tex: 'C(G) = V(G, \\Dstar)', value: panel.cOfG.value },
      right: { tex: '-\\log 4 + \\KL(\\pdata\\|M) + \\KL(\\pg\\|M)', value: right },
      tolerance: 1e-9,
    });
  });

  nb.view('jsdCheck', ['panel'], (panel: DivergencePanel) =>
    checkView({
      left: { tex: 'C(G) = V(G, \\Dstar)', value: panel.cOfG.value },
      right: { tex: '-\\log 4 + 2\\cdot\\JSD(\\pdata\\|\\pg)', value: panel.cOfGFromJsd },
      tolerance: 1e-9,
      note: `JSD = ${panel.jsd.value.toPrecision(12)} nats = ${(panel.jsd.value / Math.LN2).toPrecision(8)} bits.`,
    }),
  );

  // Step 5: a copy of p_data slid away from itself.
  sliderInput(nb, 'shift', { label: 'slide p_g = p_data moved by', min: 0, max: 1, step: 0.005, value: 0.25, format: (v) => v.toFixed(3), unit: '× the full slide' });
  nb.cell('slideSpan', ['pData'], (p: Distribution) => {
    const [lo, hi] = plotRange(p);
    return 1.5 * (hi - lo);
  });
  nb.cell('slideCurve', ['pData', 'slideSpan'], (p: Distribution, span: number) => {
    const fractions = linspace(0, 1, 41);
    const jsd = fractions.map((f) => jsDivergence(p, shifted(p, f * span)).value);
    return { fractions, jsd, c: jsd.map((j) => -LOG4 + 2 * j) };
  }, { defer: DEFER });
  nb.cell('slid', ['pData', 'shift', 'slideSpan'], (p: Distribution, f: number, span: number) => {
    const q = shifted(p, f * span);
    return divergencePanel(p, q);
  });

  nb.view('slideFigure', ['slideCurve', 'slid', 'shift', 'width'], (curve: { fractions: Float64Array; jsd: Float64Array; c: Float64Array }, slid: DivergencePanel, f: number, width: number) =>
    linesFigure({
      width,
      height: 260,
      title: 'As p_g slides from p_data to disjoint: JSD from 0 to log 2, C(G) from −log 4 to 0 (dots: the slider’s position, C(G) from V(G, D*))',
      x: { label: 'slide (fraction)', domain: [0, 1] },
      y: { label: 'nats', domain: [-1.45, 0.75] },
      series: [
        { label: 'JSD(p_data ‖ p_g)', xs: curve.fractions, ys: curve.jsd, color: COLORS.model },
        { label: 'C(G) = −log 4 + 2·JSD', xs: curve.fractions, ys: curve.c, color: COLORS.optimum },
      ],
      rules: [
        { y: Math.LN2, label: 'log 2', color: COLORS.model },
        { y: -LOG4, label: '−log 4', color: COLORS.optimum },
      ],
      points: [
        { x: f, y: slid.jsd.value, color: COLORS.model, label: `JSD = ${slid.jsd.value.toFixed(6)}` },
        { x: f, y: slid.cOfG.value, color: COLORS.optimum, label: `C(G) = ${slid.cOfG.value.toFixed(6)}` },
      ],
    }),
  );

  nb.view('rangeCheck', ['slid'], (slid: DivergencePanel) =>
    checkView({
      left: { tex: '\\JSD(\\pdata\\|\\pg)', value: slid.jsd.value },
      right: { tex: '\\log 2', value: Math.LN2 },
      relation: 'leq',
      tolerance: 1e-12,
      note: `And JSD ≥ 0: it is ${slid.jsd.value >= 0 ? 'non-negative' : 'NEGATIVE'} here; C(G) = ${slid.cOfG.value.toFixed(9)} lies in [−log 4, 0].`,
    }),
  );

  nb.view('minimumCheck', ['slideCurve'], (curve: { fractions: Float64Array; c: Float64Array }) => {
    let argmin = 0;
    for (let i = 1; i < curve.c.length; i++) if (curve.c[i]! < curve.c[argmin]!) argmin = i;
    return checkView({
      left: { tex: '\\min_{\\text{slide}} C(G)', value: curve.c[argmin]! },
      right: { tex: '-\\log 4', value: -LOG4 },
      tolerance: 1e-12,
      note: `The smallest C(G) along the slide is at slide = ${curve.fractions[argmin]!.toFixed(3)} (p_g = p_data); every other position is higher.`,
    });
  });
}
