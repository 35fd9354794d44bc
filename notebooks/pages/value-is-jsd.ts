/** Cells of theory/value-is-jsd.md: C(G) = V(G, D*) = −log 4 + 2·JSD, each step evaluated for the reader's pair. */
import { mixtureOf, type Distribution } from '../../src/distributions/distribution.ts';
import { shifted } from '../../src/distributions/transform.ts';
import { optimalDiscriminator, virtualTrainingCriterion } from '../../src/numerics/discriminator.ts';
import { entropy, jsDivergence, klDivergence } from '../../src/numerics/divergences.ts';
import { totalVariation } from '../../src/numerics/total-variation.ts';
import { monteCarloExpectation } from '../../src/numerics/montecarlo.ts';
import { divergencePanel, linspace, plotRange, type DivergencePanel } from '../../src/numerics/panel.ts';
import { createRandom } from '../../src/maths/random.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import { linesFigure } from '../components/figures.ts';
import type { Notebook } from '../notebook.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/value-is-jsd.json';
import zh from '../messages/zh-CN/value-is-jsd.json';
import { COLORS, DEFER, distributionInput, gridCell, sliderInput, widthCell } from '../common.ts';
import { densityAndDiscriminator } from '../figures.ts';

const LOG4 = Math.log(4);

const t = messages({ en, 'zh-CN': zh });

export default function define(nb: Notebook): void {
  distributionInput(nb, 'pData', 'p_data', '0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)', COLORS.data);
  distributionInput(nb, 'pG', 'p_g', 'normal(0, 2)', COLORS.gen);
  widthCell(nb);
  gridCell(nb, 'pData', 'pG');
  nb.cell('panel', ['pData', 'pG', 'grid'], (p: Distribution, q: Distribution, grid: Float64Array) => divergencePanel(p, q, grid));

  nb.view('densityFigure', ['pData', 'pG', 'panel', 'width'], (p: Distribution, q: Distribution, panel: DivergencePanel, width: number) =>
    densityAndDiscriminator({ pData: p, pG: q, grid: panel.grid!, dStar: panel.dStar!, width }),
  );

  nb.cell('monteCarlo', ['pData', 'pG'], (p: Distribution, q: Distribution) => monteCarloCriterion(p, q, optimalDiscriminator(p, q).logit), { defer: DEFER });
  nb.view('expectationCheck', ['panel', 'monteCarlo'], (panel: DivergencePanel, mc: { value: number; standardError: number }) => verdictView(expectationCheck(panel.cOfG.value, mc)));

  nb.cell('mixtureKls', ['pData', 'pG'], (p: Distribution, q: Distribution) => {
    const m = mixtureOf([{ weight: 0.5, distribution: p }, { weight: 0.5, distribution: q }]);
    return klDivergence(p, m).value + klDivergence(q, m).value;
  }, { defer: DEFER });
  nb.view('klMixtureCheck', ['mixtureKls', 'panel'], (kls: number, panel: DivergencePanel) => verdictView(klMixtureCheck(panel.cOfG.value, kls)));

  nb.cell('entropyJsd', ['pData', 'pG'], jsdFromEntropies, { defer: DEFER });
  nb.view('jsdCheck', ['panel', 'entropyJsd'], (panel: DivergencePanel, jsd: number) => verdictView(jsdCheck(panel.cOfG.value, jsd)));

  // Step 5: a copy of p_data slid away from itself.
  sliderInput(nb, 'shift', { label: t('shiftLabel'), min: 0, max: 1, step: 0.005, value: 0.25, format: (v) => v.toFixed(3), unit: t('shiftUnit') });
  nb.cell('slideSpan', ['pData'], (p: Distribution) => {
    const [lo, hi] = plotRange(p);
    return 1.5 * (hi - lo);
  });
  nb.cell('slideCurve', ['pData', 'slideSpan'], (p: Distribution, span: number) => slideCurve(p, span), { defer: DEFER });
  nb.cell('slid', ['pData', 'shift', 'slideSpan'], (p: Distribution, f: number, span: number) => {
    const q = shifted(p, f * span);
    return { panel: divergencePanel(p, q), tv: totalVariation(p, q).value };
  });

  nb.view('slideFigure', ['slideCurve', 'slid', 'shift', 'width'], (curve: SlideCurve, slid: { panel: DivergencePanel }, f: number, width: number) =>
    linesFigure({
      width,
      height: 260,
      title: t('slideTitle'),
      x: { label: t('slideAxis'), domain: [0, 1] },
      y: { label: t('nats'), domain: [-1.45, 0.75] },
      series: [
        { label: 'JSD(p_data ‖ p_g)', xs: curve.fractions, ys: curve.jsd, color: COLORS.model },
        { label: 'C(G) = V(G, D*)', xs: curve.fractions, ys: curve.c, color: COLORS.optimum },
      ],
      rules: [
        { y: Math.LN2, label: 'log 2', color: COLORS.model },
        { y: -LOG4, label: '−log 4', color: COLORS.optimum },
      ],
      points: [
        { x: f, y: slid.panel.jsd.value, color: COLORS.model, label: `JSD = ${slid.panel.jsd.value.toFixed(6)}` },
        { x: f, y: slid.panel.cOfG.value, color: COLORS.optimum, label: `C(G) = ${slid.panel.cOfG.value.toFixed(6)}` },
      ],
    }),
  );

  type Slid = { panel: DivergencePanel; tv: number };
  nb.view('lowerBoundCheck', ['slid'], (slid: Slid) => verdictView(lowerBoundCheck(slid.panel.cOfG.value, slid.tv)));
  nb.view('rangeCheck', ['slid'], (slid: Slid) => verdictView(rangeCheck(slid.panel.cOfG.value, slid.tv)));
  nb.view('minimumCheck', ['slideCurve'], (curve: SlideCurve) => verdictView(minimumCheck(curve)));
  nb.view('uniqueMinimumCheck', ['slideCurve'], (curve: SlideCurve) => verdictView(uniqueMinimumCheck(curve)));
}

/** E_pdata[log D] + E_pg[log(1 − D)] from 20,000 seeded draws of each, for a discriminator given by its logit. */
export function monteCarloCriterion(p: Distribution, q: Distribution, logit: (x: number) => number): { value: number; standardError: number } {
  const random = createRandom(1);
  // log D = −softplus(−ℓ) and log(1 − D) = −softplus(ℓ) from the logit, exact even where D rounds to 0 or 1.
  const logD = (x: number) => -Math.log1p(Math.exp(-logit(x)));
  const log1mD = (x: number) => -Math.log1p(Math.exp(logit(x)));
  const a = monteCarloExpectation(p, (x) => (logit(x) === Infinity ? 0 : logD(x)), 20000, random);
  const b = monteCarloExpectation(q, (x) => (logit(x) === -Infinity ? 0 : log1mD(x)), 20000, random);
  return { value: a.value + b.value, standardError: Math.hypot(a.standardError, b.standardError) };
}

/** Step 1: C(G) by quadrature against a Monte-Carlo estimate of the two expectations, within 4 standard errors. */
export function expectationCheck(cOfG: number, mc: { readonly value: number; readonly standardError: number }): Verdict {
  return {
    left: { tex: `C(G)\\ \\text{${t('quadrature')}}`, value: cOfG },
    right: { tex: `\\text{${t('monteCarloMean')}}`, value: mc.value },
    tolerance: 4 * mc.standardError,
    note: t('expectationNote', { se: mc.standardError.toPrecision(2) }),
  };
}

/** JSD(P‖Q) by a route that shares no integrand with the KL form: H(M) − ½H(P) − ½H(Q), M = ½P + ½Q. */
export function jsdFromEntropies(p: Distribution, q: Distribution): number {
  const m = mixtureOf([{ weight: 0.5, distribution: p }, { weight: 0.5, distribution: q }]);
  return entropy(m).value - 0.5 * entropy(p).value - 0.5 * entropy(q).value;
}

/** Step 3: C(G) (integrated as V(G, D*)) against −log 4 plus the two KLs to the explicit mixture M. */
export function klMixtureCheck(cOfG: number, klsToMixture: number): Verdict {
  return {
    left: { tex: 'C(G) = V(G, \\Dstar)', value: cOfG },
    right: { tex: '-\\log 4 + \\KL(\\pdata\\|M) + \\KL(\\pg\\|M)', value: -LOG4 + klsToMixture },
    tolerance: 1e-9,
  };
}

/** Step 4: C(G) against −log 4 + 2·JSD, with the JSD from the entropy form (not the KLs of step 3). */
export function jsdCheck(cOfG: number, jsdByEntropies: number): Verdict {
  return {
    left: { tex: 'C(G) = V(G, \\Dstar)', value: cOfG },
    right: { tex: '-\\log 4 + 2\\big(H(M) - \\tfrac12 H(\\pdata) - \\tfrac12 H(\\pg)\\big)', value: -LOG4 + 2 * jsdByEntropies },
    tolerance: 1e-9,
    note: t('jsdNote', { nats: jsdByEntropies.toPrecision(12), bits: (jsdByEntropies / Math.LN2).toPrecision(8) }),
  };
}

/** C(G) from V(G, D*) and the JSD at points along a slide of p_data away from itself. */
export interface SlideCurve {
  readonly fractions: Float64Array;
  readonly jsd: Float64Array;
  /** C(G) integrated as a value function at each point (not computed from the JSD). */
  readonly c: Float64Array;
}

/** The slide's curve: p_g = p_data moved by f·span for 41 fractions f in [0, 1]; `criterion` is C(G) (swappable for tests). */
export function slideCurve(p: Distribution, span: number, criterion: (p: Distribution, q: Distribution) => number = (a, b) => virtualTrainingCriterion(a, b).value): SlideCurve {
  const fractions = linspace(0, 1, 41);
  const jsd = fractions.map((f) => jsDivergence(p, shifted(p, f * span)).value);
  const c = fractions.map((f) => criterion(p, shifted(p, f * span)));
  return { fractions, jsd, c };
}

/** Step 5, the bottom of the range: C(G) ≥ −log 4 + TV², from Pinsker (JSD ≥ TV²/2). */
export function lowerBoundCheck(cOfG: number, tv: number): Verdict {
  return {
    left: { tex: '-\\log 4 + \\mathrm{TV}^2', value: -LOG4 + tv * tv },
    right: { tex: 'C(G) = V(G, \\Dstar)', value: cOfG },
    relation: 'leq',
    tolerance: 1e-9,
    note: t('lowerBoundNote', { tv: tv.toPrecision(8) }),
  };
}

/** Step 5, the top of the range: C(G) ≤ −log 4 + 2·log 2·TV = log 4·(TV − 1) ≤ 0 (JSD ≤ log 2·TV). */
export function rangeCheck(cOfG: number, tv: number): Verdict {
  return {
    left: { tex: 'C(G) = V(G, \\Dstar)', value: cOfG },
    right: { tex: '\\log 4\\,(\\mathrm{TV} - 1)', value: LOG4 * (tv - 1) },
    relation: 'leq',
    tolerance: 1e-9,
    note: t('rangeNote', { tv: tv.toPrecision(8) }),
  };
}

/** Step 5: the smallest C(G) along the slide is −log 4 (it may not dip below). */
export function minimumCheck(curve: SlideCurve): Verdict {
  let argmin = 0;
  for (let i = 1; i < curve.c.length; i++) if (curve.c[i]! < curve.c[argmin]!) argmin = i;
  return {
    left: { tex: `\\min_{\\text{${t('slide')}}} C(G)`, value: curve.c[argmin]! },
    right: { tex: '-\\log 4', value: -LOG4 },
    tolerance: 1e-9,
    note: t('minimumNote', { at: curve.fractions[argmin]!.toFixed(3) }),
  };
}

/** Step 5: −log 4 is reached only at slide 0: C(G) + log 4 exceeds the quadrature's resolution everywhere else. */
export function uniqueMinimumCheck(curve: SlideCurve): Verdict {
  const resolution = 1e-9;
  let worst = Infinity, at = 0;
  curve.fractions.forEach((f, i) => {
    if (f > 0 && curve.c[i]! + LOG4 < worst) [worst, at] = [curve.c[i]! + LOG4, f];
  });
  return {
    left: { tex: `10^{-9}\\ \\text{${t('resolution')}}`, value: resolution },
    right: { tex: `\\min_{\\text{${t('slide')}} \\ne 0} C(G) + \\log 4`, value: worst },
    relation: 'leq',
    tolerance: 0,
    note: t('uniqueNote', { at: at.toFixed(3), by: worst.toPrecision(3) }),
  };
}
