/** Cells of theory/train-1d.md: a live 1-D GAN whose D(x) is drawn over the analytic D*(x). */
import type { Distribution } from '../../src/distributions/distribution.ts';
import { DEFAULT_GAN1D } from '../../src/gan/gan1d-config.ts';
import type { Snapshot, StepResult } from '../../src/gan/gan1d.ts';
import type { GeneratorLossVariant } from '../../src/gan/losses.ts';
import { formatNumber } from '../../src/format.ts';
import { checkView, type CheckOptions } from '../components/check.ts';
import { linesFigure } from '../components/figures.ts';
import { checkbox, select } from '../components/inputs.ts';
import type { Notebook } from '../notebook.ts';
import { historyFigure, waiting } from '../figures.ts';
import { pageTrainer } from '../training/page-trainer.ts';
import type { Gan1dWireConfig } from '../training/protocol.ts';
import type { RemoteState } from '../training/remote-trainer.ts';
import { controlsRenderer } from '../training/training-controls.ts';
import { COLORS, distributionInput, sliderInput, widthCell } from '../common.ts';

type State = RemoteState<StepResult, Snapshot>;
const BATCHES = ['32', '64', '128', '256', '512'] as const;

export default function define(nb: Notebook): void {
  widthCell(nb);
  distributionInput(nb, 'pData', 'p_data', '0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)', COLORS.data);
  sliderInput(nb, 'k', { label: 'k (D steps per G step)', min: 1, max: 10, step: 1, value: DEFAULT_GAN1D.k, format: (v) => String(v) });
  sliderInput(nb, 'learningRateD', { label: 'learning rate of D', min: 1e-4, max: 5e-2, value: DEFAULT_GAN1D.learningRateD, log: true, format: (v) => v.toPrecision(2) });
  sliderInput(nb, 'learningRateG', { label: 'learning rate of G', min: 1e-4, max: 5e-2, value: DEFAULT_GAN1D.learningRateG, log: true, format: (v) => v.toPrecision(2) });
  nb.input('batchSize', select({ label: 'batch size', options: BATCHES.map((b) => [b, b] as const), value: '128' }), {
    serialize: (v: string) => v,
    parse: (t: string) => {
      if (!(BATCHES as readonly string[]).includes(t)) throw new RangeError(`batch size must be one of ${BATCHES.join(', ')}`);
      return t;
    },
  });
  nb.input('loss', select<GeneratorLossVariant>({ label: 'generator loss', options: [['non-saturating', 'non-saturating: −log D(G(z))'], ['saturating', 'saturating: log(1 − D(G(z)))']], value: 'non-saturating' }), {
    serialize: (v: GeneratorLossVariant) => v,
    parse: (t: string) => {
      if (t !== 'saturating' && t !== 'non-saturating') throw new RangeError(`'${t}' is not a generator loss`);
      return t;
    },
  });
  nb.input('freezeG', checkbox('freeze G (train D alone)', false), {
    serialize: (v: boolean) => (v ? '1' : '0'),
    parse: (t: string) => {
      if (t !== '0' && t !== '1') throw new RangeError(`freezeG must be 0 or 1`);
      return t === '1';
    },
  });
  sliderInput(nb, 'seed', { label: 'seed', min: 1, max: 9999, step: 1, value: 1, format: (v) => String(v) });

  // The GAN trains in the site's training worker; this page only draws what it sends.
  const trainer = pageTrainer('gan1d');
  nb.input('training', trainer, { live: true, controls: ['controls'] });
  nb.onDispose(() => trainer.dispose());
  const renderControls = controlsRenderer(trainer, 'Train');

  nb.cell('config', ['pData', 'k', 'learningRateD', 'learningRateG', 'batchSize', 'loss', 'freezeG', 'seed'],
    (pData: Distribution, k: number, lrD: number, lrG: number, batch: string, loss: GeneratorLossVariant, freezeG: boolean, seed: number): Gan1dWireConfig => ({
      ...DEFAULT_GAN1D, pData: pData.toString(), k: Math.round(k), learningRateD: lrD, learningRateG: lrG, batchSize: Number(batch), loss, freezeG, seed: Math.round(seed),
    }));

  nb.view('controls', ['config'], (config: Gan1dWireConfig) => {
    trainer.configure(config);
    return renderControls();
  });

  nb.view('freezeNote', ['training', 'freezeG'], (s: State, frozen: boolean) => {
    const p = document.createElement('p');
    p.className = 'note freeze-note';
    const d = s.latest?.distance;
    p.textContent = frozen
      ? `G is frozen: D trains alone against a fixed p_g, so it should converge onto D*. Mean |D − D*| is ${d ? formatNumber(d.mean, 3) : '—'} at step ${s.steps}${s.snapshots.length > 2 ? `, from ${formatNumber(s.snapshots[0]!.distance.mean, 3)} at step ${s.snapshots[0]!.step}` : ''}.`
      : 'G and D are both training: D* moves as p_g moves, and D chases it.';
    return p;
  });

  nb.view('discriminatorFigure', ['training', 'width'], (s: State, width: number) => {
    const snap = s.latest;
    if (!snap) return waiting();
    return linesFigure({
      width,
      height: 240,
      title: `Step ${snap.step}: the network's D(x) and the optimum D*(x) for the current generator (from its exact density)`,
      x: { label: 'x' },
      y: { label: 'D(x)', domain: [0, 1] },
      rules: [{ y: 0.5, label: '½', color: '#999' }],
      series: [
        { label: 'D*(x) = p_data / (p_data + p_g), exact', xs: snap.grid, ys: snap.dStar, color: COLORS.optimum, width: 3 },
        { label: 'D(x) (network)', xs: snap.grid, ys: snap.d, color: COLORS.other },
      ],
    });
  });

  nb.view('distanceFigure', ['training', 'width'], (s: State, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 200,
      title: 'Distance between D and the exact D*: mean |D − D*| under (p_data + p_g)/2, and the largest gap where that mixture has ≥ 1 % of its peak',
      y: { label: '|D − D*|', domain: [0, 1] },
      series: [
        { label: 'mean |D − D*|', value: (p) => p.distance.mean, color: COLORS.other },
        { label: 'max |D − D*|', value: (p) => p.distance.max, color: COLORS.gen, dash: true },
      ],
    }),
  );

  nb.view('densityFigure', ['training', 'width'], (s: State, width: number) => {
    const snap = s.latest;
    if (!snap) return waiting();
    const atoms: string[] = [];
    for (let i = 0; i + 1 < snap.atoms.length; i += 2) atoms.push(`${formatNumber(snap.atoms[i + 1]!, 3)} at x = ${formatNumber(snap.atoms[i]!, 4)}`);
    return linesFigure({
      width,
      height: 220,
      title: `p_g exactly (the push-forward density of the network; total mass ${formatNumber(snap.mass, 10)}${atoms.length ? `, point masses ${atoms.join(', ')}` : ''}), and for comparison a kernel density estimate from 20,000 draws (h = ${snap.bandwidth.toPrecision(3)}${snap.kdeCollapsed ? ', the draws have collapsed to a point' : ''}): D* from the estimate would be off by ${formatNumber(snap.kdeDStarError, 3)} on average`,
      x: { label: 'x' },
      y: { label: 'density' },
      series: [
        { label: 'p_data (exact)', xs: snap.grid, ys: snap.pData, color: COLORS.data },
        { label: 'p_g (exact)', xs: snap.grid, ys: snap.pG, color: COLORS.gen, width: 2.5 },
        { label: 'p_g as a kernel density estimate (an estimate)', xs: snap.grid, ys: snap.kdePG, color: COLORS.other, dash: true, width: 1.5 },
      ],
    });
  });

  nb.view('valueFigure', ['training', 'width'], (s: State, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 220,
      title: 'JSD(p_data ‖ p_g) and the lower bound (V(G, D) + log 4)/2 that the current D gives',
      y: { label: 'nats', domain: [-0.1, 0.75] },
      rules: [{ y: Math.LN2, label: 'log 2', color: '#999' }],
      series: [
        { label: 'JSD (exact p_g)', value: (p) => p.jsd, color: COLORS.model },
        { label: '(V(G, D) + log 4)/2, V by quadrature', value: (p) => p.jsdLowerBoundQuadrature, color: COLORS.other },
        { label: '(V(G, D) + log 4)/2, V from a minibatch (an estimate)', value: (p) => p.jsdLowerBound, color: COLORS.other, dash: true, width: 1 },
      ],
    }),
  );

  nb.view('boundCheck', ['training'], (s: State) => {
    const snap = s.latest;
    if (!snap) return waiting();
    return checkView(boundCheck(snap));
  });

  nb.view('lossFigure', ['training', 'width'], (s: State, width: number) =>
    historyFigure(s.history, {
      width,
      height: 200,
      title: 'Losses on each step’s batch',
      y: { label: 'loss' },
      rules: [{ y: Math.log(4), label: 'log 4 (D at ½ everywhere)', color: '#999' }],
      series: [
        { label: 'discriminator: −V(G, D) on the batch', value: (r) => r.lossD, color: COLORS.other },
        ...(s.history.some((r) => Number.isFinite(r.lossG)) ? [{ label: 'generator', value: (r: StepResult) => r.lossG, color: COLORS.gen }] : []),
      ],
      empty: 'Losses appear once training runs.',
      minimum: 2,
    }),
  );
}

/**
 * The bound any discriminator gives, (V(G, D) + log 4)/2 ≤ JSD(p_data ‖ p_g), with both sides exact: V of the
 * network's D by quadrature against p_data and the exact p_g, the JSD from the numerics core. It may fail only by
 * the two quadratures' stated errors, so that is the tolerance. The minibatch V is shown as an estimate beside it.
 */
export function boundCheck(snap: Pick<Snapshot, 'jsdLowerBoundQuadrature' | 'valueQuadratureError' | 'jsd' | 'jsdError' | 'value' | 'valueStandardError' | 'cOfG' | 'mass'>): CheckOptions {
  return {
    left: { tex: '\\tfrac12\\big(V(G, D) + \\log 4\\big)', value: snap.jsdLowerBoundQuadrature },
    right: { tex: '\\JSD(\\pdata\\|\\pg)', value: snap.jsd },
    relation: 'leq',
    tolerance: snap.valueQuadratureError / 2 + snap.jsdError + 1e-12,
    note: `V(G, D) by quadrature against the exact p_g (mass ${formatNumber(snap.mass, 10)}); the same V from 4,096 + 4,096 draws is ${formatNumber(snap.value, 5)} ± ${formatNumber(snap.valueStandardError, 2)} (an estimate, one standard error). C(G) = V(G, D*) = ${formatNumber(snap.cOfG, 6)}. Tolerance: the two quadratures' error estimates.`,
  };
}

