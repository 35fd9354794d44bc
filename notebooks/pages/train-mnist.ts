/** Cells of theory/train-mnist.md: a GAN on real MNIST, trained live, and the calibration experiment. */
import { del, get, set } from 'idb-keyval';
import { formatNumber } from '../../src/format.ts';
import type { GeneratorLossVariant } from '../../src/gan/losses.ts';
import type { CalibrationSnapshot, CalibrationStep } from '../../src/gan/mnist/calibration.ts';
import { DEFAULT_CALIBRATION, DEFAULT_MNIST_GAN, defaultLearningRate, type MnistGanConfig, type MnistModelKind } from '../../src/gan/mnist/config.ts';
import type { MnistCheckpoint, MnistSnapshot, MnistStep } from '../../src/gan/mnist/gan.ts';
import { checkView, pendingCheck } from '../components/check.ts';
import { select } from '../components/inputs.ts';
import type { Notebook } from '../notebook.ts';
import { historyFigure, waiting } from '../figures.ts';
import { pageTrainer } from '../training/page-trainer.ts';
import type { BackendChoice, MnistWireConfig, ModelFiles } from '../training/protocol.ts';
import { RequestError, type RemoteState } from '../training/remote-trainer.ts';
import { controlsRenderer } from '../training/training-controls.ts';
import { COLORS, sliderInput, widthCell } from '../common.ts';
import { messages } from '../i18n.ts';
import en from '../messages/en/train-mnist.json';
import zh from '../messages/zh-CN/train-mnist.json';

const msg = messages({ en, 'zh-CN': zh });

type GanState = RemoteState<MnistStep, MnistSnapshot>;
type CalState = RemoteState<CalibrationStep, CalibrationSnapshot>;
const CHECKPOINT_KEY = 'gan-theory/mnist-checkpoint';
/** Where a checkpoint proven corrupt is set aside (never deleted: the reader may want it). */
const SET_ASIDE_KEY = 'gan-theory/mnist-checkpoint-rejected';
const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'wasm', 'webgl', 'cpu'];
/** Built when the page is, so the names are in its language. */
const backends = (): readonly (readonly [BackendChoice, string])[] => BACKEND_CHOICES.map((b) => [b, msg(`backend.${b}`)] as const);
const loading = () => msg('loading');

/** Downloads a saved model as TensorFlow.js's model.json and weights file. */
function downloadModel(files: ModelFiles, name: string): void {
  for (const [file, blob] of [[`${name}.json`, new Blob([files.modelJson], { type: 'application/json' })], [`${name}.weights.bin`, new Blob([files.weights], { type: 'application/octet-stream' })]] as const) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = file;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }
}

function sampleGrid(samples: Float32Array, count: number, width: number): HTMLElement {
  const columns = 6, cell = 28, gap = 2;
  const canvas = document.createElement('canvas');
  canvas.width = columns * (cell + gap) + gap;
  canvas.height = Math.ceil(count / columns) * (cell + gap) + gap;
  const scale = Math.max(1, Math.floor(Math.min(width, 420) / canvas.width));
  canvas.style.width = `${canvas.width * scale}px`;
  canvas.style.imageRendering = 'pixelated';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', msg('generatedDigits', { count }));
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const image = ctx.createImageData(cell, cell);
  for (let k = 0; k < count; k++) {
    for (let p = 0; p < 784; p++) {
      const v = Math.round(255 * (1 - samples[k * 784 + p]!));
      image.data[4 * p] = image.data[4 * p + 1] = image.data[4 * p + 2] = v;
      image.data[4 * p + 3] = 255;
    }
    ctx.putImageData(image, gap + (k % columns) * (cell + gap), gap + Math.floor(k / columns) * (cell + gap));
  }
  const figure = document.createElement('figure');
  figure.className = 'samples';
  figure.append(canvas);
  return figure;
}

export default function define(nb: Notebook): void {
  widthCell(nb);
  const modelSelect = select<MnistModelKind>({ label: msg('modelLabel'), options: [['mlp', msg('model.mlp')], ['dcgan', msg('model.dcgan')]], value: 'mlp' });
  nb.input('model', modelSelect, {
    serialize: (v: MnistModelKind) => v,
    parse: (t: string) => {
      if (t !== 'mlp' && t !== 'dcgan') throw new RangeError(`'${t}' is not a model here`);
      return t;
    },
  });
  sliderInput(nb, 'k', { label: msg('kLabel'), min: 1, max: 5, step: 1, value: 1, format: (v) => String(v) });
  nb.input('loss', select<GeneratorLossVariant>({ label: msg('lossLabel'), options: [['non-saturating', msg('loss.non-saturating')], ['saturating', msg('loss.saturating')]], value: 'non-saturating' }), {
    serialize: (v: GeneratorLossVariant) => v,
    parse: (t: string) => {
      if (t !== 'saturating' && t !== 'non-saturating') throw new RangeError(`'${t}' is not a generator loss`);
      return t;
    },
  });
  sliderInput(nb, 'learningRate', { label: msg('learningRate'), min: 5e-5, max: 5e-3, value: DEFAULT_MNIST_GAN.learningRate, log: true, format: (v) => v.toPrecision(2) });
  // Choosing a model moves the learning rate to the one that model trains best at (a link's own rate still wins).
  modelSelect.addEventListener('input', () => nb.set('learningRate', defaultLearningRate(modelSelect.value)));
  sliderInput(nb, 'seed', { label: msg('seed'), min: 1, max: 9999, step: 1, value: 1, format: (v) => String(v) });

  const backendSelect = select<BackendChoice>({ label: msg('backendLabel'), options: backends(), value: 'auto' });
  nb.input('backend', backendSelect, {
    serialize: (v: BackendChoice) => v,
    parse: (t: string) => {
      const known = [...BACKEND_CHOICES] as string[];
      if (!known.includes(t)) throw new RangeError(`'${t}' is not a backend here (${known.join(', ')})`);
      return t as BackendChoice;
    },
  });

  // Both models train in the site's training worker; the page only draws what it sends.
  const gans = pageTrainer('mnist');
  nb.input('gan', gans, { live: true, controls: ['controls'] });
  nb.onDispose(() => gans.dispose());

  nb.cell('config', ['model', 'k', 'loss', 'learningRate', 'seed', 'backend'], (model: MnistModelKind, k: number, loss: GeneratorLossVariant, lr: number, seed: number, backend: BackendChoice): MnistWireConfig => ({
    ...DEFAULT_MNIST_GAN, model, k: Math.round(k), loss, learningRate: lr, seed: Math.round(seed), backend,
  }));

  /** Shows a resumed run's settings in the controls (and so in the URL). */
  const showConfig = (c: MnistGanConfig) => {
    nb.set('model', c.model);
    nb.set('k', c.k);
    nb.set('loss', c.loss);
    nb.set('learningRate', c.learningRate);
    nb.set('seed', c.seed);
  };

  const renderGanControls = controlsRenderer(gans, msg('train'));
  nb.view('controls', ['config'], (config: MnistWireConfig) => {
    gans.configure(config);
    const save = document.createElement('button'), resume = document.createElement('button'), download = document.createElement('button');
    save.type = resume.type = download.type = 'button';
    save.textContent = msg('save');
    resume.textContent = msg('resume');
    download.textContent = msg('download');
    const note = document.createElement('p');
    note.className = 'note checkpoint-note';
    note.setAttribute('role', 'status');
    save.addEventListener('click', async () => {
      try {
        const checkpoint = await gans.request('checkpoint', null);
        await set(CHECKPOINT_KEY, checkpoint);
        note.textContent = msg('saved', { step: checkpoint.step.toLocaleString('en'), model: checkpoint.config.model });
      } catch (e) {
        note.textContent = msg('couldNotSave', { message: (e as Error).message });
      }
    });
    resume.addEventListener('click', async () => {
      let checkpoint: MnistCheckpoint | undefined;
      try {
        checkpoint = await get<MnistCheckpoint>(CHECKPOINT_KEY);
      } catch (e) {
        note.textContent = msg('couldNotRead', { message: (e as Error).message });
        return;
      }
      if (!checkpoint) {
        note.textContent = msg('noCheckpoint');
        return;
      }
      try {
        const { config, step } = await gans.request('resume', checkpoint);
        showConfig(config);
        note.textContent = msg('resumed', { step: step.toLocaleString('en'), model: config.model, rate: config.learningRate });
      } catch (e) {
        if (e instanceof RequestError && e.corrupt) {
          // Proven corrupt: moved aside, never deleted, and the running model is untouched.
          await set(SET_ASIDE_KEY, checkpoint);
          await del(CHECKPOINT_KEY);
          note.textContent = msg('damaged', { message: e.message, key: SET_ASIDE_KEY });
        } else {
          note.textContent = msg('couldNotResume', { message: (e as Error).message });
        }
      }
    });
    download.addEventListener('click', async () => {
      try {
        downloadModel(await gans.request('generator', null), 'mnist-generator');
      } catch (e) {
        note.textContent = msg('couldNotExport', { message: (e as Error).message });
      }
    });
    const root = renderGanControls([save, resume, download]);
    root.append(note);
    return root;
  });

  nb.view('samples', ['gan', 'width'], (s: GanState, width: number) => {
    const snap = s.latest;
    if (!snap) return waiting(loading());
    const wrap = sampleGrid(snap.samples, snap.sampleCount, width);
    const cap = document.createElement('figcaption');
    cap.textContent = msg('stepCaption', { step: snap.step });
    wrap.prepend(cap);
    return wrap;
  });

  nb.view('dFigure', ['gan', 'width'], (s: GanState, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 220,
      title: msg('dTitle'),
      y: { label: msg('meanD'), domain: [0, 1] },
      rules: [{ y: 0.5, label: msg('dStarHalf'), color: COLORS.optimum }],
      series: [
        { label: msg('dReal'), value: (p) => p.dReal, color: COLORS.data },
        { label: msg('dFake'), value: (p) => p.dFake, color: COLORS.gen },
      ],
      empty: loading(),
    }),
  );

  nb.view('valueFigure', ['gan', 'width'], (s: GanState, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 220,
      title: msg('valueTitle'),
      y: { label: msg('nats') },
      rules: [{ y: -Math.log(4), label: '−log 4', color: COLORS.optimum }, { y: Math.LN2, label: 'log 2', color: '#999' }],
      series: [
        { label: 'V(G, D)', value: (p) => p.value, color: COLORS.other },
        { label: 'JSD ≥ (V + log 4)/2', value: (p) => p.jsdLowerBound, color: COLORS.model, dash: true },
      ],
      empty: loading(),
    }),
  );

  nb.view('lossFigure', ['gan', 'width'], (s: GanState, width: number) =>
    historyFigure(s.history, {
      width,
      height: 200,
      title: msg('lossTitle'),
      y: { label: msg('lossAxis') },
      series: [
        { label: msg('discriminator'), value: (r) => r.lossD, color: COLORS.other },
        { label: msg('generator'), value: (r) => r.lossG, color: COLORS.gen },
      ],
      empty: msg('lossesEmpty'),
      minimum: 2,
    }),
  );

  // Quality on demand (a second or two in the worker): the classifier and the real digits' reference load once there.
  nb.view('quality', [], () => {
    const root = document.createElement('div');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = msg('score');
    const out = document.createElement('div');
    out.className = 'quality-result';
    out.setAttribute('role', 'status');
    button.addEventListener('click', async () => {
      button.disabled = true;
      out.textContent = msg('scoring');
      try {
        const s = await gans.request('score', { samples: 1000 });
        out.innerHTML = '';
        const table = document.createElement('table');
        table.className = 'values';
        table.innerHTML = `<thead><tr><th></th><th>${msg('generatorColumn')}</th><th>${msg('realColumn')}</th></tr></thead>`;
        for (const [label, g, r] of [[msg('inception'), s.generator.inceptionScore, s.real.inceptionScore], [msg('frechet'), s.generator.frechetDistance, s.real.frechetDistance]] as const) {
          const tr = table.insertRow();
          tr.insertCell().textContent = label;
          tr.insertCell().innerHTML = `<output>${formatNumber(g, 4)}</output>`;
          tr.insertCell().innerHTML = `<output>${formatNumber(r, 4)}</output>`;
        }
        const p = document.createElement('p');
        p.className = 'note';
        p.textContent = msg('scoreNote', { step: s.step, samples: s.samples.toLocaleString('en') });
        out.append(table, p);
      } catch (e) {
        out.textContent = msg('couldNotScore', { message: (e as Error).message });
      } finally {
        button.disabled = false;
      }
    });
    root.append(button, out);
    return root;
  });

  // The calibration experiment.
  sliderInput(nb, 'alpha', { label: msg('alphaLabel'), min: 0, max: 1, step: 0.05, value: 0.5, format: (v) => v.toFixed(2) });
  const calibrations = pageTrainer('calibration');
  nb.input('calibration', calibrations, { live: true, controls: ['calibrationControls'] });
  nb.onDispose(() => calibrations.dispose());
  const renderCalibrationControls = controlsRenderer(calibrations, msg('trainCalibration'));
  nb.view('calibrationControls', ['alpha', 'backend'], (alpha: number, backend: BackendChoice) => {
    calibrations.configure({ ...DEFAULT_CALIBRATION, alpha, backend });
    return renderCalibrationControls();
  });
  nb.view('calibrationFigure', ['calibration', 'width'], (s: CalState, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 240,
      title: msg('calibrationTitle'),
      y: { label: msg('meanD'), domain: [0, 1] },
      series: [
        { label: msg('dOnDigits'), value: (p) => p.dOnDigits, color: COLORS.data },
        { label: msg('dStarDigits'), value: (p) => p.targetDigits, color: COLORS.data, dash: true, width: 1.5 },
        { label: msg('dOnNoise'), value: (p) => p.dOnNoise, color: COLORS.gen },
        { label: msg('dStarNoise'), value: (p) => p.targetNoise, color: COLORS.gen, dash: true, width: 1.5 },
      ],
      empty: loading(),
    }),
  );
  nb.view('calibrationCheck', ['calibration'], (s: CalState) => {
    const snap = s.latest;
    if (!snap) return waiting(loading());
    // Until D has trained, there is nothing to compare with the theory: say so, neither ✓ nor ✗.
    if (s.steps < 200) return pendingCheck(msg('calibrationPending', { steps: s.steps }));
    return checkView({
      left: { tex: `\\text{${msg('meanDOnDigits')}} D \\text{${msg('onDigits')}}`, value: snap.dOnDigits },
      right: { tex: '\\Dstar = 1/(1 + \\alpha)', value: snap.targetDigits },
      tolerance: 0.05,
      note: msg('calibrationNote', { steps: s.steps, alpha: snap.alpha, noise: formatNumber(snap.dOnNoise, 3), undefinedAtOne: snap.alpha === 1 ? msg('undefinedAtOne') : '' }),
    });
  });
}
