/**
 * Cells of theory/pushforward.md: the generator's density needs no inverse. For a map G of the line (affine, z², a
 * folded sine, a random tanh network) the exact push-forward density p_g, E_z[f(G(z))] against ∫ p_g f dx for
 * f = log(1 − D*) and a bent D, and the textbook's single-branch change of variables with the mass it misses.
 */
import type { Distribution } from '../../src/distributions/distribution.ts';
import { PushForward, type LineMap, type MassReport } from '../../src/distributions/pushforward.ts';
import { formatNumber } from '../../src/format.ts';
import { softplus } from '../../src/maths/logmath.ts';
import { createRandom } from '../../src/maths/random.ts';
import { randomTanhNetwork } from '../../src/maths/tanh-network.ts';
import { trainedGenerator, trainedGeneratorMap, type TrainedGenerator } from '../training/trained-generator.ts';
import type { Estimate } from '../../src/numerics/divergences.ts';
import { linspace, plotRange } from '../../src/numerics/panel.ts';
import { criticalValues, expectationOverLatent, integralOverData, latentMass, principalBranch, singleBranchDensity, singleBranchIntegral } from '../../src/numerics/pushforward-expectation.ts';
import { valueTable } from '../components/check.ts';
import { histogramFigure, linesFigure } from '../components/figures.ts';
import { t as common } from '../components/messages.ts';
import { select } from '../components/inputs.ts';
import { verdictView, type Verdict } from '../components/verdict.ts';
import { COLORS, DEFER, distributionInput, sliderInput, widthCell } from '../common.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/pushforward.json';
import zh from '../messages/zh-CN/pushforward.json';
import type { Notebook } from '../notebook.ts';

const msg = messages({ en, 'zh-CN': zh });

export type GeneratorKind = 'affine' | 'square' | 'sine' | 'tilted-sine' | 'network' | 'trained';
export const GENERATOR_KINDS: readonly GeneratorKind[] = ['affine', 'square', 'sine', 'tilted-sine', 'network', 'trained'];

/** A generator G(z) = a + b·g₀(z) and its derivative, with its formula for the figures. */
export interface GeneratorMap {
  readonly kind: GeneratorKind;
  readonly g: LineMap;
  readonly gPrime: LineMap;
  readonly formula: string;
  /** [G(z + u) − G(z), G′(z + u)] without cancellation, where the map has one (the networks). */
  readonly difference?: (z: number, u: number) => readonly [number, number];
  /** For 'trained': the generator it is, or that none has been trained yet (the seed's random network stands in). */
  readonly trained?: TrainedGenerator | 'none';
}

/**
 * G(z) = a + b·g₀(z) for the chosen shape g₀: the network's weights drawn from `seed`, or the generator last
 * trained on the 1-D page (`trained`; without one, the random network stands in and says so).
 */
export function generatorMap(kind: GeneratorKind, a: number, b: number, seed: number, trained?: TrainedGenerator): GeneratorMap {
  const shape = (name: string) => (a === 0 ? '' : `${formatNumber(a, 4)} + `) + (b === 1 ? name : `${formatNumber(b, 4)}·${name}`);
  switch (kind) {
    case 'affine':
      return { kind, g: (z) => a + b * z, gPrime: () => b, formula: shape('z') };
    case 'square':
      return { kind, g: (z) => a + b * z * z, gPrime: (z) => 2 * b * z, formula: shape('z²') };
    case 'sine':
      return { kind, g: (z) => a + b * Math.sin(2 * z), gPrime: (z) => 2 * b * Math.cos(2 * z), formula: shape('sin 2z') };
    case 'tilted-sine':
      return { kind, g: (z) => a + b * (Math.sin(2 * z) + 0.3 * z), gPrime: (z) => b * (2 * Math.cos(2 * z) + 0.3), formula: shape('(sin 2z + 0.3z)') };
    case 'network':
    case 'trained': {
      const net = kind === 'trained' && trained ? trainedGeneratorMap(trained) : randomTanhNetwork(seed, [8, 8]);
      const name = kind === 'trained' && trained ? 'G_{trained}(z)' : `net_${seed}(z)`;
      const difference = (z: number, u: number): readonly [number, number] => {
        const [d, slope] = net.difference(z, u);
        return [b * d, b * slope];
      };
      return { kind, g: (z) => a + b * net.value(z), gPrime: (z) => b * net.derivative(z), formula: shape(name), difference, ...(kind === 'trained' ? { trained: trained ?? 'none' } : {}) };
    }
  }
}

/** log(1 − D(x)) for D with logit log p_data − log p_g + offset(x), written as −softplus(logit) so it stays exact. */
export function logOneMinusD(pData: Distribution, offset: (x: number) => number = () => 0): (x: number, logPg: number) => number {
  return (x, logPg) => {
    // At an atom or a fold (log p_g = +∞) D = 0 and log(1 − D) = 0.
    if (logPg === Infinity) return 0;
    return -softplus(pData.logPdf(x) - logPg + offset(x));
  };
}

/** The bend of D's log-odds: a bump of the given height at x = 0, width 1. */
export const bump = (height: number) => (x: number) => height * Math.exp(-x * x);

/** E_z[f(G(z))] over z and ∫ p_g f dx over x, for one f. */
export interface BothSides {
  readonly latent: Estimate;
  readonly data: Estimate;
}

export function bothSides(pg: PushForward, map: GeneratorMap, pData: Distribution, f: (x: number, logPg: number) => number): BothSides {
  return { latent: expectationOverLatent(pg, map.g, map.gPrime, f), data: integralOverData(pg, f, [pData]) };
}

/** The textbook's formula with one inverse, on the principal branch [z₀, z₁]. */
export interface NaiveResult {
  readonly z0: number;
  readonly z1: number;
  readonly branches: number;
  /** ∫ φ(G⁻¹(x))/|G′(G⁻¹(x))| dx, by quadrature over x. */
  readonly mass: Estimate;
  /** Φ(z₁) − Φ(z₀). */
  readonly branchMass: number;
  /** ∫ φ(G⁻¹)/|G′(G⁻¹)| · log(1 − D*) dx, what the naive formula gives for the expectation. */
  readonly expectation: Estimate;
  /** E_z[log(1 − D*(G(z)))], the right value. */
  readonly right: number;
}

export function naiveChangeOfVariables(pg: PushForward, map: GeneratorMap, pData: Distribution, right: number): NaiveResult | undefined {
  const branch = principalBranch(pg);
  if (!branch) return undefined;
  const f = logOneMinusD(pData);
  return {
    z0: branch.z0,
    z1: branch.z1,
    branches: pg.pieces.length,
    mass: singleBranchIntegral(branch, map.g, map.gPrime, () => 1),
    branchMass: latentMass(branch.z0, branch.z1),
    expectation: singleBranchIntegral(branch, map.g, map.gPrime, (x) => f(x, pg.logPdf(x)), criticalValues(pg)),
    right,
  };
}

/** ∫ p_g dx (plus the atoms) against 1. */
export function massCheck(mass: Pick<MassReport, 'total' | 'error'>, uncheckedLatentMass: number, latentRange: number, truncated: boolean): Verdict {
  return {
    left: { tex: `\\int \\pg(x)\\,dx + \\textstyle\\sum \\text{${msg('atoms')}}`, value: mass.total },
    right: { tex: '1', value: 1 },
    tolerance: 1e-9,
    note: truncated
      ? msg('massNoteTruncated', { range: formatNumber(latentRange, 3), missing: formatNumber(1 - mass.total, 3), tail: formatNumber(2 * (latentMass(latentRange, Infinity)), 3) })
      : msg('massNote', { error: formatNumber(mass.error, 2), unchecked: formatNumber(uncheckedLatentMass, 2) }),
  };
}

/** E_z[f(G(z))] by quadrature over z against ∫ p_g f dx by quadrature over x. */
export function lotusCheck(sides: BothSides, which: 'dStar' | 'bent'): Verdict {
  const f = which === 'dStar' ? '\\log(1 - \\Dstar' : '\\log(1 - D';
  return {
    left: { tex: `\\E_z\\big[${f}(G(z)))\\big]`, value: sides.latent.value },
    right: { tex: `\\int \\pg(x)\\,${f}(x))\\,dx`, value: sides.data.value },
    tolerance: 1e-9,
    note: msg('lotusNote', {
      zEvaluations: sides.latent.evaluations,
      xEvaluations: sides.data.evaluations,
      zError: formatNumber(sides.latent.error, 2),
      xError: formatNumber(sides.data.error, 2),
    }),
  };
}

/**
 * The naive formula's mass, by quadrature over x, against the latent mass of the one branch it inverts: the check
 * is that the formula describes that branch exactly, and the note says what it misses (1 − m) and how far its
 * expectation is from the right one.
 */
export function naiveCheck(n: NaiveResult | undefined): Verdict {
  if (!n) return { neutral: msg('naiveNoBranch') };
  const branch = `[${formatNumber(n.z0, 4)}, ${formatNumber(n.z1, 4)}]`;
  const invertible = n.branches === 1;
  return {
    left: { tex: '\\int \\varphi(G^{-1}(x))\\,/\\,|G^{\\prime}(G^{-1}(x))|\\,dx', value: n.mass.value },
    right: { tex: '\\Phi(z_1) - \\Phi(z_0)', value: n.branchMass },
    tolerance: 1e-9,
    note: invertible
      ? msg('naiveNoteInvertible', { naive: formatNumber(n.expectation.value, 8), right: formatNumber(n.right, 8) })
      : msg('naiveNote', {
          branch,
          m: formatNumber(n.mass.value, 6),
          missing: formatNumber(1 - n.mass.value, 6),
          others: n.branches - 1,
          naive: formatNumber(n.expectation.value, 8),
          right: formatNumber(n.right, 8),
          off: formatNumber(n.expectation.value - n.right, 3),
        }),
  };
}

/** The exact density on a grid for the figure, the naive one beside it, and where the folds are. */
export interface DensityCurves {
  readonly xs: Float64Array;
  readonly exact: Float64Array;
  readonly naive: Float64Array;
  readonly data: Float64Array;
  readonly folds: readonly number[];
  /** The y-axis top: above every value away from the folds (at a fold p_g → ∞). */
  readonly top: number;
}

export function densityCurves(pg: PushForward, map: GeneratorMap, pData: Distribution, n = 600): DensityCurves {
  const [lo, hi] = plotRange(pg, pData);
  const xs = linspace(lo, hi, n);
  const branch = principalBranch(pg);
  const naiveAt = branch ? singleBranchDensity(branch, map.g, map.gPrime) : () => 0;
  const exact = xs.map((x) => pg.pdf(x));
  const naive = xs.map((x) => naiveAt(x));
  const data = xs.map((x) => pData.pdf(x));
  const folds = [...new Set(pg.pieces.flatMap((p) => [p.ends[0] === 'fold' ? p.x0 : NaN, p.ends[1] === 'fold' ? p.x1 : NaN]).filter((x) => x > lo && x < hi))].sort((u, v) => u - v);
  const away = (x: number) => folds.every((c) => Math.abs(x - c) > 0.02 * (hi - lo));
  let top = 0;
  xs.forEach((x, i) => {
    if (away(x)) top = Math.max(top, exact[i]!, data[i]!, Number.isFinite(naive[i]!) ? naive[i]! : 0);
  });
  return { xs, exact, naive, data, folds, top: 1.15 * (top || Math.max(...exact.filter(Number.isFinite))) };
}

const SAMPLE_SIZE = 20_000;

export default function define(nb: Notebook): void {
  widthCell(nb);
  const kinds: readonly (readonly [GeneratorKind, string])[] = GENERATOR_KINDS.map((k) => [k, msg(`kind.${k}`)] as const);
  nb.input('generator', select<GeneratorKind>({ label: msg('generatorLabel'), options: kinds, value: 'tilted-sine' }), {
    serialize: (v: GeneratorKind) => v,
    parse: (text: string) => {
      if (!(GENERATOR_KINDS as readonly string[]).includes(text)) throw new RangeError(msg('notAGenerator', { text: text.slice(0, 24), kinds: GENERATOR_KINDS.join(', ') }));
      return text as GeneratorKind;
    },
  });
  sliderInput(nb, 'a', { label: msg('aLabel'), min: -3, max: 3, step: 0.01, value: 0 });
  sliderInput(nb, 'b', { label: msg('bLabel'), min: 0.2, max: 3, step: 0.01, value: 1 });
  sliderInput(nb, 'seed', { label: msg('seedLabel'), min: 1, max: 100, step: 1, value: 4 });
  sliderInput(nb, 'latent', { label: msg('latentLabel'), min: 1, max: 12, step: 0.5, value: 12 });

  // The generator last trained on the 1-D page (this tab), for the 'trained' choice.
  nb.input('trained', trainedGenerator);
  nb.cell('map', ['generator', 'a', 'b', 'seed', 'trained'], generatorMap);
  nb.view('generatorFigure', ['map', 'width'], (m: GeneratorMap, width: number) => {
    const zs = linspace(-4, 4, 401);
    const figure = linesFigure({
      width,
      height: 220,
      title: msg('generatorTitle', { formula: m.formula }),
      x: { label: 'z', domain: [-4, 4] },
      y: { label: 'x = G(z)' },
      series: [{ label: `G(z) = ${m.formula}`, xs: zs, ys: zs.map(m.g), color: COLORS.gen }],
    });
    if (!m.trained) return figure;
    const note = document.createElement('p');
    note.className = 'note trained-note';
    note.textContent = m.trained === 'none' ? msg('trainedMissing', { formula: m.formula }) : msg('trainedNote', { steps: m.trained.step.toLocaleString('en'), pData: m.trained.pData });
    const wrap = document.createElement('div');
    wrap.append(figure, note);
    return wrap;
  });

  // The push-forward: tabulated once per generator, after the reader pauses.
  nb.cell('pG', ['map', 'latent'], (m: GeneratorMap, latent: number) => new PushForward(m.g, m.gPrime, { latentRange: latent, ...(m.difference ? { difference: m.difference } : {}) }), { defer: DEFER });
  distributionInput(nb, 'pData', 'p_data', '0.5*normal(-1, 0.5) + 0.5*normal(1.2, 0.7)', COLORS.data);
  nb.cell('curves', ['pG', 'map', 'pData'], densityCurves, { defer: DEFER });
  nb.cell('sample', ['pG'], (pg: PushForward) => pg.sample(createRandom(1), SAMPLE_SIZE));
  nb.view('densityFigure', ['curves', 'sample', 'width'], (c: DensityCurves, sample: Float64Array, width: number) => {
    const clip = (ys: Float64Array) => ys.map((y) => (y <= c.top ? y : NaN));
    const wrap = document.createElement('div');
    wrap.className = 'figure-stack';
    const shownFolds = c.folds.slice(0, 8);
    wrap.append(
      linesFigure({
        width,
        height: 260,
        title: msg('densityTitle'),
        x: { label: common('figure.x'), domain: [c.xs[0]!, c.xs[c.xs.length - 1]!] },
        y: { label: common('figure.density'), domain: [0, c.top] },
        series: [
          { label: msg('exactLabel'), xs: c.xs, ys: clip(c.exact), color: COLORS.gen, width: 2.5 },
          { label: msg('naiveLabel'), xs: c.xs, ys: clip(c.naive), color: COLORS.other, dash: true },
          { label: 'p_data', xs: c.xs, ys: c.data, color: COLORS.data, width: 1 },
        ],
        markers: shownFolds.map((x) => ({ x, label: msg('foldLabel', { x: formatNumber(x, 3) }), color: '#999' })),
      }),
      histogramFigure({
        width,
        sample,
        domain: [c.xs[0]!, c.xs[c.xs.length - 1]!],
        title: msg('histogramTitle', { n: SAMPLE_SIZE.toLocaleString('en') }),
        series: [{ label: msg('exactLabel'), xs: c.xs, ys: clip(c.exact), color: COLORS.gen }],
      }),
    );
    return wrap;
  });
  nb.cell('mass', ['pG'], (pg: PushForward) => pg.mass, { defer: DEFER });
  nb.view('massCheck', ['mass', 'pG', 'latent'], (mass: MassReport, pg: PushForward, latent: number) =>
    // Pieces cut at ±latent (not extended to ±∞) mean the latent tails were never pushed forward.
    verdictView(massCheck(mass, pg.uncheckedLatentMass, latent, pg.pieces.some((p) => p.z0 === -latent || p.z1 === latent))),
  );

  // The proof's step, both ways.
  sliderInput(nb, 'bend', { label: msg('bendLabel'), min: -3, max: 3, step: 0.05, value: 1.5 });
  // Each side in a cell of its own, so each is one task and the page handles input between them.
  nb.cell('dStarLatent', ['pG', 'map', 'pData'], (pg: PushForward, m: GeneratorMap, p: Distribution) => expectationOverLatent(pg, m.g, m.gPrime, logOneMinusD(p)), { defer: DEFER });
  nb.cell('dStarData', ['pG', 'pData'], (pg: PushForward, p: Distribution) => integralOverData(pg, logOneMinusD(p), [p]), { defer: DEFER });
  nb.cell('bentLatent', ['pG', 'map', 'pData', 'bend'], (pg: PushForward, m: GeneratorMap, p: Distribution, h: number) => expectationOverLatent(pg, m.g, m.gPrime, logOneMinusD(p, bump(h))), { defer: DEFER });
  nb.cell('bentData', ['pG', 'pData', 'bend'], (pg: PushForward, p: Distribution, h: number) => integralOverData(pg, logOneMinusD(p, bump(h)), [p]), { defer: DEFER });
  nb.view('lotusCheck', ['dStarLatent', 'dStarData'], (latent: Estimate, data: Estimate) => verdictView(lotusCheck({ latent, data }, 'dStar')));
  nb.view('lotusBentCheck', ['bentLatent', 'bentData'], (latent: Estimate, data: Estimate) => verdictView(lotusCheck({ latent, data }, 'bent')));

  // The textbook's formula with one inverse.
  nb.cell('naive', ['pG', 'map', 'pData', 'dStarLatent'], (pg: PushForward, m: GeneratorMap, p: Distribution, right: Estimate) => naiveChangeOfVariables(pg, m, p, right.value), { defer: DEFER });
  nb.view('naiveCheck', ['naive'], (n: NaiveResult | undefined) => verdictView(naiveCheck(n)));
  nb.view('naiveTable', ['naive', 'mass'], (n: NaiveResult | undefined, mass: MassReport) =>
    valueTable([
      { tex: '\\int \\pg\\,dx', value: mass.total, note: msg('exactNote') },
      { tex: '\\int \\varphi(G^{-1})/|G^{\\prime}(G^{-1})|\\,dx', value: n?.mass.value ?? NaN, note: msg('naiveMassNote') },
      { tex: '\\E_z[\\log(1 - \\Dstar(G(z)))]', value: n?.right ?? NaN, note: msg('rightNote') },
      { tex: '\\int \\varphi(G^{-1})/|G^{\\prime}(G^{-1})|\\,\\log(1 - \\Dstar)\\,dx', value: n?.expectation.value ?? NaN, note: msg('naiveValueNote') },
    ]),
  );
}
