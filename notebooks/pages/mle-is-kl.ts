/** Cells of theory/mle-is-kl.md: maximum likelihood → E[log p_θ] → −H − KL, evaluated for the reader's choices. */
import type { Distribution } from '../../src/distributions/distribution.ts';
import type { ParametricFamilyName } from '../../src/distributions/families.ts';
import { crossEntropy, entropy, klDivergence } from '../../src/numerics/divergences.ts';
import { logOfProduct } from '../../src/maths/logmath.ts';
import { fitMaximumLikelihood, projection, type Fit, type Projection } from '../../src/numerics/mle.ts';
import { linspace, plotRange } from '../../src/numerics/panel.ts';
import { createRandom } from '../../src/maths/random.ts';
import { Distribution as Mixture } from '../../src/distributions/distribution.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import { logLikelihoodMoments } from '../../src/numerics/log-likelihood-moments.ts';
import { forwardKlByScoreEquations, type ScoreSolution } from '../../src/numerics/score-equations.ts';
import { histogramFigure, linesFigure } from '../components/figures.ts';
import { counterButton, select } from '../components/inputs.ts';
import { formatNumber } from '../../src/format.ts';
import type { Notebook } from '../notebook.ts';
import { COLORS, DEFER, distributionInput, sliderInput, widthCell } from '../common.ts';
import { t as common } from '../components/messages.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/mle-is-kl.json';
import zh from '../messages/zh-CN/mle-is-kl.json';

const msg = messages({ en, 'zh-CN': zh });

type Family = Extract<ParametricFamilyName, 'normal' | 'laplace' | 'logistic' | 'cauchy'>;
const FAMILIES: readonly Family[] = ['normal', 'laplace', 'logistic', 'cauchy'];
/** Built when the page is, so the names are in its language. */
const familyOptions = (): readonly (readonly [Family, string])[] => FAMILIES.map((f) => [f, common(`family.${f}`)] as const);

/** The second route's name (from score-equations.ts) in the page's language. */
function methodText(method: string): string {
  if (method.startsWith('closed form: the mean')) return msg('method.meanSd');
  if (method.startsWith('closed form: the median')) return msg('method.medianMad');
  const newton = /^Newton's method on the score equations \((\d+) steps\)$/.exec(method);
  return newton ? msg('method.newton', { steps: newton[1]! }) : method;
}

const model = (family: Family, a: number, b: number) => new Mixture([{ family, params: [a, b], weight: 1 }]);

export default function define(nb: Notebook): void {
  widthCell(nb);
  distributionInput(nb, 'pData', 'p_data', '0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)', COLORS.data);
  nb.input('family', select<Family>({ label: msg('familyLabel'), options: familyOptions(), value: 'normal' }), {
    serialize: (v: Family) => v,
    parse: (t: string) => {
      if (!FAMILIES.some((f) => f === t)) throw new RangeError(`'${t}' is not a model family here`);
      return t as Family;
    },
  });
  sliderInput(nb, 'm', { label: msg('sampleSize'), min: 10, max: 10000, value: 200, log: true, format: (v) => String(Math.round(v)) });
  nb.input('resample', counterButton(msg('resample')), {
    serialize: (v: number) => String(v),
    parse: (t: string) => {
      // Whole numbers of at most 9 digits: 1000 + v seeds the sample, and seeds must be safe integers (1e300 is not).
      if (!/^\d{1,9}$/.test(t.trim())) throw new RangeError(`'${t.length > 24 ? `${t.slice(0, 20)}…` : t}' is not a sample number (a whole number from 0 to 999999999)`);
      return Number(t.trim());
    },
  });

  nb.cell('sample', ['pData', 'm', 'resample'], (p: Distribution, m: number, k: number) => p.sample(createRandom(1000 + k), Math.round(m)));
  nb.cell('fit', ['family', 'sample'], (family: Family, xs: Float64Array) => fitMaximumLikelihood(family, xs), { defer: DEFER });
  nb.cell('best', ['pData', 'family'], (p: Distribution, family: Family) => projection(p, family, 'forward-kl'), { defer: DEFER });
  nb.cell('hData', ['pData'], (p: Distribution) => entropy(p).value);

  nb.view('sampleFigure', ['pData', 'sample', 'fit', 'best', 'width'], (p: Distribution, xs: Float64Array, fit: Fit, best: Projection, width: number) => {
    const [lo, hi] = plotRange(p);
    const grid = linspace(lo, hi, 300);
    return histogramFigure({
      width,
      title: msg('sampleTitle', { n: xs.length }),
      sample: xs,
      domain: [lo, hi],
      series: [
        { label: 'p_data', xs: grid, ys: grid.map((x) => p.pdf(x)), color: COLORS.data },
        { label: msg('fitLegend'), xs: grid, ys: grid.map((x) => fit.distribution.pdf(x)), color: COLORS.gen },
        { label: msg('bestLegend'), xs: grid, ys: grid.map((x) => best.distribution.pdf(x)), color: COLORS.optimum, dash: true },
      ],
    });
  });

  nb.view('productCheck', ['fit', 'sample'], (fit: Fit, xs: Float64Array) =>
    verdictView(productCheck(xs.map((x) => fit.distribution.pdf(x)), xs.map((x) => fit.distribution.logPdf(x)))),
  );

  nb.cell('bestMoments', ['pData', 'best'], (p: Distribution, best: Projection) => logLikelihoodMoments(p, best.distribution), { defer: DEFER });
  nb.view('averageCheck', ['best', 'bestMoments', 'sample'], (best: Projection, moments: { mean: number; sd: number }, xs: Float64Array) =>
    verdictView(averageCheck(xs.map((x) => best.distribution.logPdf(x)), moments)),
  );

  nb.view('entropyCheck', ['pData', 'fit', 'hData'], (p: Distribution, fit: Fit, h: number) =>
    verdictView(entropyCheck(crossEntropy(p, fit.distribution).value, h, klDivergence(p, fit.distribution).value)),
  );
  nb.view('gibbsCheck', ['pData', 'fit', 'hData'], (p: Distribution, fit: Fit, h: number) => verdictView(gibbsCheck(crossEntropy(p, fit.distribution).value, h)));

  nb.cell('profile', ['pData', 'family', 'fit', 'best', 'sample'], (p: Distribution, family: Family, fit: Fit, best: Projection, xs: Float64Array) => {
    const scale = fit.params[1];
    const centre = 0.5 * (fit.params[0] + best.params[0]);
    const span = 3 * Math.max(scale, Math.abs(fit.params[0] - best.params[0]));
    const locations = linspace(centre - span, centre + span, 61);
    const sampleCurve = locations.map((a) => {
      const q = model(family, a, scale);
      let s = 0;
      for (const x of xs) s += q.logPdf(x);
      return s / xs.length;
    });
    const exactCurve = locations.map((a) => -crossEntropy(p, model(family, a, scale)).value);
    return { locations, sampleCurve, exactCurve };
  }, { defer: DEFER });

  nb.view('profileFigure', ['profile', 'fit', 'best', 'width'], (pr: { locations: Float64Array; sampleCurve: Float64Array; exactCurve: Float64Array }, fit: Fit, best: Projection, width: number) => {
    const finite = [...pr.sampleCurve, ...pr.exactCurve].filter(Number.isFinite);
    const top = Math.max(...finite);
    return linesFigure({
      width,
      height: 280,
      title: msg('profileTitle'),
      x: { label: msg('profileAxis') },
      y: { label: msg('nats'), domain: [Math.max(Math.min(...finite), top - 4), top + 0.2] },
      series: [
        { label: '(1/m) Σ log p_θ(xᵢ)', xs: pr.locations, ys: pr.sampleCurve, color: COLORS.gen },
        { label: '−H(p_data) − KL(p_data ‖ p_θ)', xs: pr.locations, ys: pr.exactCurve, color: COLORS.optimum, dash: true },
      ],
      markers: [
        { x: fit.params[0], label: msg('fitMarker'), color: COLORS.gen },
        { x: best.params[0], label: msg('bestMarker'), color: COLORS.optimum },
      ],
    });
  });

  nb.cell('scoreSolution', ['pData', 'family'], (p: Distribution, family: Family) => forwardKlByScoreEquations(p, family), { defer: DEFER });
  nb.view('minimiserCheck', ['best', 'scoreSolution'], (best: Projection, score: ScoreSolution | undefined) => verdictView(minimiserCheck(best, score, 'location')));
  nb.view('minimiserScaleCheck', ['best', 'scoreSolution'], (best: Projection, score: ScoreSolution | undefined) => verdictView(minimiserCheck(best, score, 'scale')));

  nb.cell('convergence', ['pData', 'family', 'best'], (p: Distribution, family: Family, best: Projection) => {
    const sizes = [10, 30, 100, 300, 1000, 3000];
    const seeds = 6;
    return sizes.map((m) => {
      let total = 0;
      for (let s = 0; s < seeds; s++) total += klDivergence(p, fitMaximumLikelihood(family, p.sample(createRandom(50_000 + 97 * s + m), m)).distribution).value - best.value;
      return { m, excess: total / seeds };
    });
  }, { defer: DEFER });

  nb.view('convergenceFigure', ['convergence', 'width'], (rows: { m: number; excess: number }[], width: number) => {
    const finite = rows.filter((r) => Number.isFinite(r.excess) && r.excess > 0);
    if (finite.length < 2) {
      const p = document.createElement('p');
      p.className = 'note';
      p.textContent = msg('convergenceNone');
      return p;
    }
    return linesFigure({
      width,
      height: 240,
      title: msg('convergenceTitle'),
      x: { label: msg('sampleSize'), type: 'log' },
      y: { label: msg('excessAxis'), type: 'log' },
      series: [
        { label: 'KL(p_data ‖ p_θ̂) − KL(p_data ‖ p_θ*)', xs: finite.map((r) => r.m), ys: finite.map((r) => r.excess), color: COLORS.gen },
        { label: '∝ 1/m', xs: finite.map((r) => r.m), ys: finite.map((r) => (finite[0]!.excess * finite[0]!.m) / r.m), color: '#999', dash: true },
      ],
    });
  });
}

/** Step 1: log of the product (its binary exponent kept apart) against the sum of the logs. */
export function productCheck(densities: Float64Array, logs: Float64Array): Verdict {
  let naive = 1;
  for (const d of densities) naive *= d;
  let sum = 0;
  for (const l of logs) sum += l;
  return {
    left: { tex: '\\log \\prod_i p_{\\hat\\theta}(x_i)', value: logOfProduct(densities) },
    right: { tex: '\\sum_i \\log p_{\\hat\\theta}(x_i)', value: sum },
    tolerance: 1e-10 * Math.max(1, Math.abs(sum)),
    note: msg(naive === 0 ? 'productNoteUnderflow' : 'productNote', { product: formatNumber(naive, 4) }),
  };
}

/**
 * Step 2 at a fixed θ (θ*, which does not depend on the sample): the sample's average log-likelihood against
 * E[log p_θ*] = −H(p_data, p_θ*), within 5 exact standard errors σ/√m (σ by quadrature, not from the sample).
 */
export function averageCheck(logs: Float64Array, moments: { readonly mean: number; readonly sd: number }): Verdict {
  if (!Number.isFinite(moments.mean)) {
    return { neutral: msg('averageNeutral') };
  }
  let mean = 0;
  logs.forEach((y, i) => (mean += (y - mean) / (i + 1)));
  const se = moments.sd / Math.sqrt(logs.length);
  return {
    left: { tex: '\\tfrac1m\\sum_i \\log p_{\\theta^*}(x_i)', value: mean },
    right: { tex: '\\E_{\\pdata}[\\log p_{\\theta^*}] = -H(\\pdata, p_{\\theta^*})', value: moments.mean },
    tolerance: 5 * se,
    note: msg('averageNote', { sd: formatNumber(moments.sd, 4), se: se.toPrecision(2) }),
  };
}

/** Step 3: −H(p_data, p_θ̂) against −H(p_data) − KL(p_data‖p_θ̂), three separate integrals. */
export function entropyCheck(crossEntropyValue: number, entropyValue: number, kl: number): Verdict {
  return {
    left: { tex: '-H(\\pdata, p_{\\hat\\theta}) = \\int \\pdata\\log p_{\\hat\\theta}', value: -crossEntropyValue },
    right: { tex: '-H(\\pdata) - \\KL(\\pdata\\|p_{\\hat\\theta})', value: -entropyValue - kl },
    tolerance: 1e-9,
    note: msg('entropyNote', { h: formatNumber(entropyValue, 10) }),
  };
}

/** Step 4, Gibbs' inequality: KL = H(p_data, p_θ̂) − H(p_data) ≥ 0, from the two integrals (neither is a KL integrand). */
export function gibbsCheck(crossEntropyValue: number, entropyValue: number): Verdict {
  return {
    left: { tex: '0', value: 0 },
    right: { tex: 'H(\\pdata, p_{\\hat\\theta}) - H(\\pdata)', value: crossEntropyValue - entropyValue },
    relation: 'leq',
    tolerance: 1e-9,
    note: msg('gibbsNote'),
  };
}

/**
 * Step 4: θ* from `projection` (Nelder–Mead on the KL) against θ* from the score equations (a closed form for the
 * normal and Laplace, Newton's method for the logistic and Cauchy), one coordinate at a time.
 */
export function minimiserCheck(best: { readonly params: readonly [number, number]; readonly value: number }, score: ScoreSolution | undefined, coordinate: 'location' | 'scale'): Verdict {
  if (!Number.isFinite(best.value)) return { neutral: msg('minimiserInfinite') };
  if (!score) return { neutral: msg('minimiserNoNewton') };
  const i = coordinate === 'location' ? 0 : 1;
  const symbol = coordinate === 'location' ? 'a' : 's';
  return {
    left: { tex: `${symbol}^*\\ \\text{${msg('nelderMeadKl')}}`, value: best.params[i] },
    right: { tex: `${symbol}^*\\ \\text{${msg('scoreEquations')}}`, value: score.params[i] },
    tolerance: 1e-5 * score.params[1],
    note: msg('minimiserNote', { coordinate: msg(`coordinate.${coordinate}`), method: methodText(score.method) }),
  };
}
