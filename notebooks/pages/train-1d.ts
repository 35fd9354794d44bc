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
import { trainedGenerator } from '../training/trained-generator.ts';
import { COLORS, distributionInput, sliderInput, widthCell } from '../common.ts';
import { t as common } from '../components/messages.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/train-1d.json';
import zh from '../messages/zh-CN/train-1d.json';

const msg = messages({ en, 'zh-CN': zh });

type State = RemoteState<StepResult, Snapshot>;
const BATCHES = ['32', '64', '128', '256', '512'] as const;

export default function define(nb: Notebook): void {
  widthCell(nb);
  distributionInput(nb, 'pData', 'p_data', '0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)', COLORS.data);
  sliderInput(nb, 'k', { label: msg('kLabel'), min: 1, max: 10, step: 1, value: DEFAULT_GAN1D.k, format: (v) => String(v) });
  sliderInput(nb, 'learningRateD', { label: msg('learningRateD'), min: 1e-4, max: 5e-2, value: DEFAULT_GAN1D.learningRateD, log: true, format: (v) => v.toPrecision(2) });
  sliderInput(nb, 'learningRateG', { label: msg('learningRateG'), min: 1e-4, max: 5e-2, value: DEFAULT_GAN1D.learningRateG, log: true, format: (v) => v.toPrecision(2) });
  nb.input('batchSize', select({ label: msg('batchSize'), options: BATCHES.map((b) => [b, b] as const), value: '128' }), {
    serialize: (v: string) => v,
    parse: (t: string) => {
      if (!(BATCHES as readonly string[]).includes(t)) throw new RangeError(msg('notABatchSize', { sizes: BATCHES.join(', ') }));
      return t;
    },
  });
  nb.input('loss', select<GeneratorLossVariant>({ label: msg('lossLabel'), options: [['non-saturating', msg('loss.non-saturating')], ['saturating', msg('loss.saturating')]], value: 'non-saturating' }), {
    serialize: (v: GeneratorLossVariant) => v,
    parse: (t: string) => {
      if (t !== 'saturating' && t !== 'non-saturating') throw new RangeError(msg('notALoss', { text: t }));
      return t;
    },
  });
  nb.input('freezeG', checkbox(msg('freezeG'), false), {
    serialize: (v: boolean) => (v ? '1' : '0'),
    parse: (t: string) => {
      if (t !== '0' && t !== '1') throw new RangeError(msg('notAFreeze'));
      return t === '1';
    },
  });
  sliderInput(nb, 'seed', { label: msg('seed'), min: 1, max: 9999, step: 1, value: 1, format: (v) => String(v) });

  // The GAN trains in the site's training worker; this page only draws what it sends.
  const trainer = pageTrainer('gan1d');
  nb.input('training', trainer, { live: true, controls: ['controls'] });
  nb.onDispose(() => trainer.dispose());
  const renderControls = controlsRenderer(trainer, msg('train'));

  // After each snapshot, the generator's layers for the pushforward page's "the generator just trained" (one
  // request at a time; a request the worker cannot answer yet, before its model exists, is simply not published).
  let fetching = false, published = -1;
  const publish = () => {
    const snap = trainer.value.latest, config = trainer.config;
    if (fetching || !snap || !config || snap.step === published) return;
    fetching = true;
    const { step } = snap;
    trainer
      .request('generator-layers', null)
      .then((g) => {
        published = step;
        trainedGenerator.publish({ ...g, step, pData: config.pData });
      })
      .catch(() => undefined)
      .finally(() => (fetching = false));
  };
  trainer.addEventListener('input', publish);
  nb.onDispose(() => trainer.removeEventListener('input', publish));

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
    const mean = d ? formatNumber(d.mean, 3) : '—';
    const first = s.snapshots[0];
    p.textContent = !frozen
      ? msg('bothTraining')
      : s.snapshots.length > 2 && first
        ? msg('frozenNoteFrom', { mean, step: s.steps, first: formatNumber(first.distance.mean, 3), firstStep: first.step })
        : msg('frozenNote', { mean, step: s.steps });
    return p;
  });

  nb.view('discriminatorFigure', ['training', 'width'], (s: State, width: number) => {
    const snap = s.latest;
    if (!snap) return waiting();
    return linesFigure({
      width,
      height: 240,
      title: msg('discriminatorTitle', { step: snap.step }),
      x: { label: common('figure.x') },
      y: { label: 'D(x)', domain: [0, 1] },
      rules: [{ y: 0.5, label: '½', color: '#999' }],
      series: [
        { label: msg('dStarExact'), xs: snap.grid, ys: snap.dStar, color: COLORS.optimum, width: 3 },
        { label: msg('dNetwork'), xs: snap.grid, ys: snap.d, color: COLORS.other },
      ],
    });
  });

  nb.view('distanceFigure', ['training', 'width'], (s: State, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 200,
      title: msg('distanceTitle'),
      y: { label: '|D − D*|', domain: [0, 1] },
      series: [
        { label: msg('meanDistance'), value: (p) => p.distance.mean, color: COLORS.other },
        { label: msg('maxDistance'), value: (p) => p.distance.max, color: COLORS.gen, dash: true },
      ],
    }),
  );

  nb.view('densityFigure', ['training', 'width'], (s: State, width: number) => {
    const snap = s.latest;
    if (!snap) return waiting();
    const atoms: string[] = [];
    for (let i = 0; i + 1 < snap.atoms.length; i += 2) atoms.push(msg('atom', { mass: formatNumber(snap.atoms[i + 1]!, 3), x: formatNumber(snap.atoms[i]!, 4) }));
    return linesFigure({
      width,
      height: 220,
      title: msg('densityTitle', {
        mass: formatNumber(snap.mass, 10),
        atoms: atoms.length ? msg('pointMasses', { atoms: atoms.join(msg('atomSeparator')) }) : '',
        bandwidth: snap.bandwidth.toPrecision(3),
        collapsed: snap.kdeCollapsed ? msg('kdeCollapsed') : '',
        error: formatNumber(snap.kdeDStarError, 3),
      }),
      x: { label: common('figure.x') },
      y: { label: common('figure.density') },
      series: [
        { label: msg('pDataExact'), xs: snap.grid, ys: snap.pData, color: COLORS.data },
        { label: msg('pGExact'), xs: snap.grid, ys: snap.pG, color: COLORS.gen, width: 2.5 },
        { label: msg('pGKde'), xs: snap.grid, ys: snap.kdePG, color: COLORS.other, dash: true, width: 1.5 },
      ],
    });
  });

  nb.view('valueFigure', ['training', 'width'], (s: State, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 220,
      title: msg('valueTitle'),
      y: { label: msg('nats'), domain: [-0.1, 0.75] },
      rules: [{ y: Math.LN2, label: 'log 2', color: '#999' }],
      series: [
        { label: msg('jsdExact'), value: (p) => p.jsd, color: COLORS.model },
        { label: msg('boundQuadrature'), value: (p) => p.jsdLowerBoundQuadrature, color: COLORS.other },
        { label: msg('boundMinibatch'), value: (p) => p.jsdLowerBound, color: COLORS.other, dash: true, width: 1 },
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
      title: msg('lossTitle'),
      y: { label: msg('lossAxis') },
      rules: [{ y: Math.log(4), label: msg('log4Rule'), color: '#999' }],
      series: [
        { label: msg('lossD'), value: (r) => r.lossD, color: COLORS.other },
        ...(s.history.some((r) => Number.isFinite(r.lossG)) ? [{ label: msg('lossG'), value: (r: StepResult) => r.lossG, color: COLORS.gen }] : []),
      ],
      empty: msg('lossesEmpty'),
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
    note: msg('boundNote', { mass: formatNumber(snap.mass, 10), value: formatNumber(snap.value, 5), error: formatNumber(snap.valueStandardError, 2), cOfG: formatNumber(snap.cOfG, 6) }),
  };
}

