/** Cells of theory/kl-asymmetry.md: mode-covering vs mode-seeking fits, and infinite KL with its reason. */
import { Distribution } from '../../src/distributions/distribution.ts';
import type { ParametricFamilyName } from '../../src/distributions/families.ts';
import { jsDivergence, klDivergence, type Estimate } from '../../src/numerics/divergences.ts';
import { projection, type Projection } from '../../src/numerics/mle.ts';
import { linspace, plotRange } from '../../src/numerics/panel.ts';
import { formatNumber } from '../../src/format.ts';
import { valueTable } from '../components/check.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import { linesFigure } from '../components/figures.ts';
import { select } from '../components/inputs.ts';
import { tex } from '../components/tex.ts';
import type { Notebook } from '../notebook.ts';
import { COLORS, DEFER, distributionInput, sliderInput, widthCell } from '../common.ts';
import { t as common } from '../components/messages.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/kl-asymmetry.json';
import zh from '../messages/zh-CN/kl-asymmetry.json';

const msg = messages({ en, 'zh-CN': zh });

type Family = Extract<ParametricFamilyName, 'normal' | 'laplace' | 'logistic' | 'cauchy' | 'uniform'>;
const FAMILIES: readonly Family[] = ['normal', 'laplace', 'logistic', 'cauchy', 'uniform'];
/** Built when the page is, so the names are in its language. */
const familyOptions = (): readonly (readonly [Family, string])[] => FAMILIES.map((f) => [f, common(`family.${f}`)] as const);
const FITS = [
  { key: 'forward', objective: 'forward-kl', color: COLORS.gen },
  { key: 'reverse', objective: 'reverse-kl', color: COLORS.model },
  { key: 'jsd', objective: 'jsd', color: COLORS.optimum },
] as const;

interface Fitted {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly fit: Projection;
  readonly forwardKl: Estimate;
  readonly reverseKl: Estimate;
  readonly jsd: Estimate;
}

export default function define(nb: Notebook): void {
  widthCell(nb);
  distributionInput(nb, 'pData', 'p_data', '0.5*normal(-3, 0.7) + 0.5*normal(3, 0.7)', COLORS.data);
  nb.input('family', select<Family>({ label: msg('familyLabel'), options: familyOptions(), value: 'normal' }), {
    serialize: (v: Family) => v,
    parse: (t: string) => {
      if (!FAMILIES.some((f) => f === t)) throw new RangeError(`'${t}' is not a family here`);
      return t as Family;
    },
  });

  nb.cell('fits', ['pData', 'family'], (p: Distribution, family: Family): Fitted[] =>
    FITS.map(({ key, objective, color }) => {
      const label = msg(`fit.${key}`);
      const fit = projection(p, family, objective);
      return { key, label, color, fit, forwardKl: klDivergence(p, fit.distribution), reverseKl: klDivergence(fit.distribution, p), jsd: jsDivergence(p, fit.distribution) };
    }),
    { defer: DEFER },
  );

  nb.view('fitFigure', ['pData', 'fits', 'width'], (p: Distribution, fits: Fitted[], width: number) => {
    const [lo, hi] = plotRange(p, ...fits.filter((f) => Number.isFinite(f.fit.value)).map((f) => f.fit.distribution));
    const xs = linspace(lo, hi, 400);
    return linesFigure({
      width,
      height: 260,
      x: { label: common('figure.x') },
      y: { label: common('figure.density') },
      series: [
        { label: 'p_data', xs, ys: xs.map((x) => p.pdf(x)), color: COLORS.data, width: 3 },
        ...fits.filter((f) => Number.isFinite(f.fit.value)).map((f) => ({ label: f.label, xs, ys: xs.map((x) => f.fit.distribution.pdf(x)), color: f.color, dash: f.key === 'jsd' })),
      ],
    });
  });

  nb.view('fitTable', ['fits'], (fits: Fitted[]) => {
    const table = document.createElement('table');
    table.className = 'values';
    const head = table.createTHead().insertRow();
    for (const h of [msg('fitColumn'), msg('parametersColumn'), tex('\\KL(\\pdata\\|q)'), tex('\\KL(q\\|\\pdata)'), tex('\\JSD(\\pdata\\|q)')]) {
      const th = document.createElement('th');
      th.innerHTML = h;
      head.append(th);
    }
    const reasons: string[] = [];
    for (const f of fits) {
      const row = table.insertRow();
      row.insertCell().textContent = f.label;
      row.insertCell().textContent = Number.isFinite(f.fit.value) ? `(${f.fit.params.map((v) => formatNumber(v, 4)).join(', ')})` : msg('noFit');
      for (const e of [f.forwardKl, f.reverseKl, f.jsd]) {
        const cell = row.insertCell();
        cell.className = 'num';
        cell.innerHTML = `<output>${formatNumber(e.value, 6)}</output>`;
        if (e.reason && !reasons.includes(e.reason)) reasons.push(e.reason);
      }
      if (f.fit.reason && !reasons.includes(f.fit.reason)) reasons.push(f.fit.reason);
    }
    const wrap = document.createElement('div');
    wrap.append(table);
    if (reasons.length) {
      const list = document.createElement('ul');
      list.className = 'reasons';
      for (const r of reasons) {
        const li = document.createElement('li');
        li.textContent = msg('infiniteBecause', { reason: r });
        list.append(li);
      }
      wrap.append(list);
    }
    return wrap;
  });

  nb.view('forwardCheck', ['fits'], (fits: Fitted[]) => verdictView(forwardCheck(fits[0]!.forwardKl.value, fits[1]!.forwardKl.value)));
  nb.view('reverseCheck', ['fits'], (fits: Fitted[]) => verdictView(reverseCheck(fits[1]!.reverseKl.value, fits[0]!.reverseKl.value)));

  sliderInput(nb, 'scale', { label: msg('scaleLabel'), min: 0.1, max: 5, step: 0.05, value: 1 });
  nb.cell('scan', ['pData', 'family', 'scale'], (p: Distribution, family: Family, scale: number) => {
    const [lo, hi] = plotRange(p);
    const locations = linspace(lo, hi, 81);
    const member = (a: number) => new Distribution([{ family, params: family === 'uniform' ? [a - scale, a + scale] : [a, scale], weight: 1 }]);
    return {
      locations,
      forward: locations.map((a) => klDivergence(p, member(a)).value),
      reverse: locations.map((a) => klDivergence(member(a), p).value),
      jsd: locations.map((a) => jsDivergence(p, member(a)).value),
    };
  }, { defer: DEFER });
  nb.view('scanFigure', ['scan', 'width'], (s: { locations: Float64Array; forward: Float64Array; reverse: Float64Array; jsd: Float64Array }, width: number) => {
    const cap = (v: number) => (Number.isFinite(v) ? v : NaN); // ∞ leaves a gap
    const finite = [...s.forward, ...s.reverse].filter(Number.isFinite);
    return linesFigure({
      width,
      height: 260,
      title: msg('scanTitle'),
      x: { label: msg('locationAxis') },
      y: { label: msg('nats'), domain: [0, Math.min(Math.max(1, ...finite), 12)] },
      series: [
        { label: 'KL(p_data ‖ q)', xs: s.locations, ys: s.forward.map(cap), color: COLORS.gen },
        { label: 'KL(q ‖ p_data)', xs: s.locations, ys: s.reverse.map(cap), color: COLORS.model },
        { label: 'JSD(p_data ‖ q)', xs: s.locations, ys: s.jsd, color: COLORS.optimum, dash: true },
      ],
      rules: [{ y: Math.LN2, label: 'log 2', color: COLORS.optimum }],
    });
  });
  nb.view('asymmetry', ['scan'], (s: Scan) => {
    const rows = asymmetryRows(s);
    if (rows) return valueTable(rows);
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = msg('scanInfinite');
    return p;
  });
}

interface Scan {
  readonly locations: Float64Array;
  readonly forward: Float64Array;
  readonly reverse: Float64Array;
}

/** The slide position where the two directions differ most, as table rows; undefined when no position has both finite. */
export function asymmetryRows(s: Scan): { tex: string; value: number; note?: string }[] | undefined {
  let worst = -1, at = 0;
  s.forward.forEach((f, i) => {
    const d = Math.abs(f - s.reverse[i]!);
    if (Number.isFinite(d) && d > worst) [worst, at] = [d, i];
  });
  if (worst < 0) return undefined;
  return [
    { tex: `\\KL(\\pdata\\|q)\\ \\text{${msg('atLocation')}}\\ ${formatNumber(s.locations[at]!, 4).replace('−', '-')}`, value: s.forward[at]! },
    { tex: `\\KL(q\\|\\pdata)\\ \\text{${msg('there')}}`, value: s.reverse[at]!, note: msg('largestGap', { gap: formatNumber(worst, 4) }) },
  ];
}

/** The mode-covering fit has the smaller forward KL (∞ ≤ ∞ counts as holding). */
export function forwardCheck(coverForward: number, seekForward: number): Verdict {
  return {
    left: { tex: `\\KL(\\pdata\\|q_{\\text{${msg('cover')}}})`, value: coverForward },
    right: { tex: `\\KL(\\pdata\\|q_{\\text{${msg('seek')}}})`, value: seekForward },
    relation: 'leq',
    tolerance: 1e-9,
    note: msg('forwardNote'),
  };
}

/** The mode-seeking fit has the smaller reverse KL. */
export function reverseCheck(seekReverse: number, coverReverse: number): Verdict {
  return {
    left: { tex: `\\KL(q_{\\text{${msg('seek')}}}\\|\\pdata)`, value: seekReverse },
    right: { tex: `\\KL(q_{\\text{${msg('cover')}}}\\|\\pdata)`, value: coverReverse },
    relation: 'leq',
    tolerance: 1e-9,
    note: msg('reverseNote'),
  };
}
