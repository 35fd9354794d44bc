/** Cells of theory/train-mnist.md: a GAN on real MNIST, trained live, and the calibration experiment. */
import { del, get, set } from 'idb-keyval';
import type { Digits } from '../../src/data/idx.ts';
import { formatNumber } from '../../src/format.ts';
import type { GeneratorLossVariant } from '../../src/gan/losses.ts';
import { CalibrationExperiment, DEFAULT_CALIBRATION, type CalibrationConfig, type CalibrationSnapshot, type CalibrationStep } from '../../src/gan/mnist/calibration.ts';
import { loadClassifier, type SavedClassifier } from '../../src/gan/mnist/classifier.ts';
import { DEFAULT_MNIST_GAN, defaultLearningRate, MnistGan, type MnistCheckpoint, type MnistGanConfig, type MnistSnapshot, type MnistStep } from '../../src/gan/mnist/gan.ts';
import type { MnistModelKind } from '../../src/gan/mnist/models.ts';
import { featureStatistics, qualityScores } from '../../src/gan/mnist/scores.ts';
import { installWasmTrainingKernels } from '../../src/gan/wasm-kernels.ts';
import { createRandom } from '../../src/maths/random.ts';
import classifierJson from '../../src/gan/mnist/classifier/classifier.json';
import { checkView } from '../components/check.ts';
import { select } from '../components/inputs.ts';
import { loadDigits } from '../training/mnist-data.ts';
import { startBackend } from '../training/tf-backend.ts';
import type { Notebook } from '../notebook.ts';
import { historyFigure, waiting } from '../figures.ts';
import { Trainer, type TrainerState } from '../training/trainer.ts';
import { controlsRenderer } from '../training/training-controls.ts';
import { COLORS, sliderInput, widthCell } from '../common.ts';

type GanState = TrainerState<MnistStep, MnistSnapshot>;
type CalState = TrainerState<CalibrationStep, CalibrationSnapshot>;
const CHECKPOINT_KEY = 'gan-theory/mnist-checkpoint';
const LOADING = 'Loading MNIST (3 MB) and starting TensorFlow.js…';

let backendName = '…';
async function ready(): Promise<Digits> {
  backendName = await startBackend('image-networks');
  if (backendName === 'wasm') installWasmTrainingKernels();
  return loadDigits('mnist-train.bin.gz');
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
  canvas.setAttribute('aria-label', `${count} generated digits`);
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
  const modelSelect = select<MnistModelKind>({ label: 'model', options: [['mlp', 'classic MLP GAN'], ['dcgan', 'DCGAN (convolutional; slow on a CPU)']], value: 'mlp' });
  nb.input('model', modelSelect, {
    serialize: (v: MnistModelKind) => v,
    parse: (t: string) => {
      if (t !== 'mlp' && t !== 'dcgan') throw new RangeError(`'${t}' is not a model here`);
      return t;
    },
  });
  sliderInput(nb, 'k', { label: 'k (D steps per G step)', min: 1, max: 5, step: 1, value: 1, format: (v) => String(v) });
  nb.input('loss', select<GeneratorLossVariant>({ label: 'generator loss', options: [['non-saturating', 'non-saturating'], ['saturating', 'saturating']], value: 'non-saturating' }), {
    serialize: (v: GeneratorLossVariant) => v,
    parse: (t: string) => {
      if (t !== 'saturating' && t !== 'non-saturating') throw new RangeError(`'${t}' is not a generator loss`);
      return t;
    },
  });
  sliderInput(nb, 'learningRate', { label: 'learning rate', min: 5e-5, max: 5e-3, value: DEFAULT_MNIST_GAN.learningRate, log: true, format: (v) => v.toPrecision(2) });
  // Choosing a model moves the learning rate to the one that model trains best at (a link's own rate still wins).
  modelSelect.addEventListener('input', () => nb.set('learningRate', defaultLearningRate(modelSelect.value)));
  sliderInput(nb, 'seed', { label: 'seed', min: 1, max: 9999, step: 1, value: 1, format: (v) => String(v) });

  const gans = new Trainer<MnistGanConfig, MnistStep, MnistSnapshot, MnistGan>({
    create: async (config) => new MnistGan(config, await ready()),
    needsReset: (a, b) => a.model !== b.model || a.learningRate !== b.learningRate || a.seed !== b.seed,
    applyLive: (gan, c) => gan.setLiveOptions({ k: c.k, loss: c.loss }),
    snapshotEveryMs: 400,
  });
  nb.input('gan', gans);
  nb.onDispose(() => gans.dispose());

  nb.cell('config', ['model', 'k', 'loss', 'learningRate', 'seed'], (model: MnistModelKind, k: number, loss: GeneratorLossVariant, lr: number, seed: number): MnistGanConfig => ({
    ...DEFAULT_MNIST_GAN, model, k: Math.round(k), loss, learningRate: lr, seed: Math.round(seed),
  }));

  const renderGanControls = controlsRenderer(gans, 'Train', () => backendName);
  nb.view('controls', ['config'], (config: MnistGanConfig) => {
    void gans.configure(config);
    const save = document.createElement('button'), resume = document.createElement('button'), download = document.createElement('button');
    save.type = resume.type = download.type = 'button';
    save.textContent = 'Save checkpoint';
    resume.textContent = 'Resume checkpoint';
    download.textContent = 'Download generator';
    const note = document.createElement('p');
    note.className = 'note checkpoint-note';
    save.addEventListener('click', async () => {
      const gan = gans.model;
      if (!gan) return;
      try {
        await set(CHECKPOINT_KEY, await gan.checkpoint());
        note.textContent = `Saved step ${gan.steps} in this browser (IndexedDB).`;
      } catch (e) {
        note.textContent = `Could not save: ${(e as Error).message}`;
      }
    });
    resume.addEventListener('click', async () => {
      try {
        const checkpoint = await get<MnistCheckpoint>(CHECKPOINT_KEY);
        if (!checkpoint) {
          note.textContent = 'No checkpoint saved in this browser yet.';
          return;
        }
        await gans.adopt(await MnistGan.resume(checkpoint, await ready()));
        note.textContent = `Resumed the checkpoint of step ${checkpoint.step} (${checkpoint.config.model}).`;
      } catch (e) {
        note.textContent = `Could not resume: ${(e as Error).message}. The saved checkpoint was removed.`;
        await del(CHECKPOINT_KEY);
      }
    });
    download.addEventListener('click', () => void gans.model?.generator.save('downloads://mnist-generator'));
    const root = renderGanControls([save, resume, download]);
    root.append(note);
    return root;
  });

  nb.view('samples', ['gan', 'width'], (s: GanState, width: number) => {
    const snap = s.latest;
    if (!snap) return waiting(LOADING);
    const wrap = sampleGrid(snap.samples, snap.sampleCount, width);
    const cap = document.createElement('figcaption');
    cap.textContent = `Step ${snap.step}`;
    wrap.prepend(cap);
    return wrap;
  });

  nb.view('dFigure', ['gan', 'width'], (s: GanState, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 220,
      title: 'Mean D on 1,024 real digits and on 1,024 generated ones; at the optimum both are ½',
      y: { label: 'mean D', domain: [0, 1] },
      rules: [{ y: 0.5, label: 'D* = ½ at p_g = p_data', color: COLORS.optimum }],
      series: [
        { label: 'mean D(x), real', value: (p) => p.dReal, color: COLORS.data },
        { label: 'mean D(G(z)), generated', value: (p) => p.dFake, color: COLORS.gen },
      ],
      empty: LOADING,
    }),
  );

  nb.view('valueFigure', ['gan', 'width'], (s: GanState, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 220,
      title: 'V(G, D) against its minimum −log 4, and the lower bound it gives on JSD(p_data ‖ p_g)',
      y: { label: 'nats' },
      rules: [{ y: -Math.log(4), label: '−log 4', color: COLORS.optimum }, { y: Math.LN2, label: 'log 2', color: '#999' }],
      series: [
        { label: 'V(G, D)', value: (p) => p.value, color: COLORS.other },
        { label: 'JSD ≥ (V + log 4)/2', value: (p) => p.jsdLowerBound, color: COLORS.model, dash: true },
      ],
      empty: LOADING,
    }),
  );

  nb.view('lossFigure', ['gan', 'width'], (s: GanState, width: number) =>
    historyFigure(s.history, {
      width,
      height: 200,
      title: 'Losses on each step’s batch',
      y: { label: 'loss' },
      series: [
        { label: 'discriminator', value: (r) => r.lossD, color: COLORS.other },
        { label: 'generator', value: (r) => r.lossG, color: COLORS.gen },
      ],
      empty: 'Losses appear once training runs.',
      minimum: 2,
    }),
  );

  // Quality on demand (it takes a second or two): the classifier and the real digits' reference load once.
  const scorer = (async () => {
    await ready();
    const classifier = await loadClassifier(classifierJson as unknown as SavedClassifier);
    const test = await loadDigits('mnist-test.bin.gz');
    const real = Float32Array.from(test.images.subarray(0, 1000 * 784), (v) => v / 255);
    const reference = featureStatistics(classifier, real);
    const other = Float32Array.from(test.images.subarray(1000 * 784, 2000 * 784), (v) => v / 255);
    return { classifier, reference, realScores: qualityScores(classifier, other, reference) };
  })();
  nb.view('quality', [], () => {
    const root = document.createElement('div');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Score the generator now';
    const out = document.createElement('div');
    out.className = 'quality-result';
    button.addEventListener('click', async () => {
      const gan = gans.model;
      if (!gan) return;
      button.disabled = true;
      out.textContent = 'Scoring 1,000 generated digits…';
      try {
        const { classifier, reference, realScores } = await scorer;
        const s = qualityScores(classifier, gan.generate(1000, createRandom(4242)), reference);
        out.innerHTML = '';
        const table = document.createElement('table');
        table.className = 'values';
        table.innerHTML = '<thead><tr><th></th><th>generator</th><th>real test digits</th></tr></thead>';
        for (const [label, g, r] of [['Inception Score (classifier)', s.inceptionScore, realScores.inceptionScore], ['Fréchet distance (features)', s.frechetDistance, realScores.frechetDistance]] as const) {
          const tr = table.insertRow();
          tr.insertCell().textContent = label;
          tr.insertCell().innerHTML = `<output>${formatNumber(g, 4)}</output>`;
          tr.insertCell().innerHTML = `<output>${formatNumber(r, 4)}</output>`;
        }
        const p = document.createElement('p');
        p.className = 'note';
        p.textContent = `At step ${gan.steps}, from 1,000 samples against 1,000 test digits.`;
        out.append(table, p);
      } catch (e) {
        out.textContent = `Could not score: ${(e as Error).message}`;
      } finally {
        button.disabled = false;
      }
    });
    root.append(button, out);
    return root;
  });

  // The calibration experiment.
  sliderInput(nb, 'alpha', { label: 'α (share of real digits in p_g)', min: 0, max: 1, step: 0.05, value: 0.5, format: (v) => v.toFixed(2) });
  const calibrations = new Trainer<CalibrationConfig, CalibrationStep, CalibrationSnapshot, CalibrationExperiment>({
    create: async (config) => new CalibrationExperiment(config, await ready()),
    needsReset: () => false,
    applyLive: (e, c) => e.setAlpha(c.alpha),
    snapshotEveryMs: 300,
  });
  nb.input('calibration', calibrations);
  nb.onDispose(() => calibrations.dispose());
  const renderCalibrationControls = controlsRenderer(calibrations, 'Train the calibration D', () => backendName);
  nb.view('calibrationControls', ['alpha'], (alpha: number) => {
    void calibrations.configure({ ...DEFAULT_CALIBRATION, alpha });
    return renderCalibrationControls();
  });
  nb.view('calibrationFigure', ['calibration', 'width'], (s: CalState, width: number) =>
    historyFigure(s.snapshots, {
      width,
      height: 240,
      title: 'D’s mean output on digits and on noise, against the optimum 1/(1 + α) and 0 (dashed: the theory)',
      y: { label: 'mean D', domain: [0, 1] },
      series: [
        { label: 'D on digits', value: (p) => p.dOnDigits, color: COLORS.data },
        { label: 'D* on digits = 1/(1 + α)', value: (p) => p.targetDigits, color: COLORS.data, dash: true, width: 1.5 },
        { label: 'D on noise', value: (p) => p.dOnNoise, color: COLORS.gen },
        { label: 'D* on noise = 0', value: (p) => p.targetNoise, color: COLORS.gen, dash: true, width: 1.5 },
      ],
      empty: LOADING,
    }),
  );
  nb.view('calibrationCheck', ['calibration'], (s: CalState) => {
    const snap = s.latest;
    if (!snap) return waiting(LOADING);
    return checkView({
      left: { tex: '\\text{mean } D \\text{ on digits}', value: snap.dOnDigits },
      right: { tex: '\\Dstar = 1/(1 + \\alpha)', value: snap.targetDigits },
      tolerance: 0.05,
      note: s.steps < 200
        ? 'Train the calibration discriminator for a few hundred steps; it starts near ½ everywhere.'
        : `After ${s.steps} steps with α = ${snap.alpha}; mean D on noise is ${formatNumber(snap.dOnNoise, 3)} (optimum 0${snap.alpha === 1 ? ': undefined at α = 1, where no noise is generated' : ''}). Tolerance 0.05: D is trained by stochastic gradients on batches of 64.`,
    });
  });
}

