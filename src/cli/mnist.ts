/**
 * `gan-theory train-mnist` and `gan-theory score`: the MNIST GANs from a terminal, on TensorFlow.js's WebAssembly
 * backend with the project's training kernels. A run directory holds:
 *
 *   metrics.jsonl           one JSON object per logged step: step, losses, D(real), D(fake), V, IS, FD
 *   samples-<step>.png      the 6 × 6 grid of samples from fixed latent vectors
 *   checkpoint/             everything needed to resume exactly (--resume DIR)
 *   generator/              the trained generator as a TensorFlow.js model (model.json + weights.bin)
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { accessSync, appendFileSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Digits } from '../data/idx.ts';
import { loadMnist } from '../data/mnist-node.ts';
import { useBackend } from '../gan/backend.ts';
import { loadClassifier, type SavedClassifier } from '../gan/mnist/classifier.ts';
import { CheckpointError, dcganKernelOf, validateModelArtifacts } from '../gan/mnist/checkpoint.ts';
import { DEFAULT_MNIST_GAN, defaultLearningRate, MnistGan, type MnistCheckpoint, type MnistGanConfig } from '../gan/mnist/gan.ts';
import { chooseParzenWidth, featureStatistics, INCEPTION_SPLITS, MIN_ROWS_PER_SPLIT, parzenEstimate, qualityScores, type SplitStatistics } from '../gan/mnist/scores.ts';
import { installWasmTrainingKernels } from '../gan/wasm-kernels.ts';
import { formatNumber } from '../format.ts';
import { createRandom } from '../maths/random.ts';
import { testDigitOrder } from '../data/test-order.ts';
import classifierJson from '../gan/mnist/classifier/classifier.json' with { type: 'json' };
import { checkCount, CliError, oneLine, quoteArgument, table, type Io } from './io.ts';

async function start(backend: string): Promise<string> {
  if (backend !== 'wasm' && backend !== 'cpu') throw new CliError(`--backend must be wasm or cpu, got ${backend}`, 2);
  const name = await useBackend(backend);
  if (name === 'wasm') installWasmTrainingKernels();
  return name;
}

/** Images (n × 784) as a grid PNG, `columns` wide, with a 2-pixel white border. */
export function gridPng(images: Float32Array, columns: number): Buffer {
  const n = images.length / 784, rows = Math.ceil(n / columns), cell = 30;
  const png = new PNG({ width: columns * cell + 2, height: rows * cell + 2 });
  png.data.fill(255);
  for (let k = 0; k < n; k++) {
    const ox = (k % columns) * cell + 2, oy = Math.floor(k / columns) * cell + 2;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const v = Math.round(255 * (1 - Math.min(1, Math.max(0, images[k * 784 + y * 28 + x]!))));
        const at = ((oy + y) * png.width + ox + x) * 4;
        png.data[at] = png.data[at + 1] = png.data[at + 2] = v;
        png.data[at + 3] = 255;
      }
    }
  }
  return PNG.sync.write(png);
}

function writeCheckpoint(dir: string, c: MnistCheckpoint): void {
  mkdirSync(dir, { recursive: true });
  const bin = (name: string, data: ArrayBuffer | ArrayBuffer[] | undefined) => {
    writeFileSync(join(dir, name), new Uint8Array(data as ArrayBuffer));
    return name;
  };
  const manifest = {
    format: c.format,
    version: c.version,
    config: c.config,
    step: c.step,
    random: c.random,
    generator: { modelTopology: c.generator.modelTopology, weightSpecs: c.generator.weightSpecs, weights: bin('generator.bin', c.generator.weightData as ArrayBuffer) },
    discriminator: { modelTopology: c.discriminator.modelTopology, weightSpecs: c.discriminator.weightSpecs, weights: bin('discriminator.bin', c.discriminator.weightData as ArrayBuffer) },
    optimizerD: { specs: c.optimizerD.specs, weights: bin('optimizer-d.bin', c.optimizerD.data) },
    optimizerG: { specs: c.optimizerG.specs, weights: bin('optimizer-g.bin', c.optimizerG.data) },
  };
  writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify(manifest));
}

/** A file a manifest names: a plain name inside `dir` (no path, no "..": a tampered manifest must not reach elsewhere). */
function fileIn(dir: string, name: unknown, what: string): Buffer {
  if (typeof name !== 'string' || !/^[\w.-]{1,100}$/.test(name) || name.startsWith('.')) {
    throw new CheckpointError(`${what} names its file ${quoteArgument(JSON.stringify(name) ?? String(name))}, not a plain file name`, true);
  }
  try {
    return readFileSync(join(dir, name));
  } catch (e) {
    throw new CheckpointError(`${what}: cannot read ${join(dir, name)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, true);
  }
}

const arrayBufferOf = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** A JSON file, or a CheckpointError (corrupt) saying why not. */
function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CheckpointError(`cannot read ${what} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, true);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CheckpointError(`${what} ${path} is not valid JSON (${oneLine((e as Error).message).slice(0, 80)})`, true);
  }
}

/**
 * The checkpoint in a run directory, as an unchecked object (MnistGan.resume validates everything in it).
 *
 * @throws {CliError} (2) when there is none; {@link CheckpointError} (corrupt) when its files are unreadable.
 */
function readCheckpoint(dir: string): unknown {
  const folder = join(dir, 'checkpoint');
  const path = join(folder, 'checkpoint.json');
  if (!existsSync(path)) throw new CliError(`no checkpoint at ${path}`, 2);
  const m = readJson(path, 'the checkpoint manifest');
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new CheckpointError(`the checkpoint manifest ${path} is not an object`, true);
  const part = (key: string): Record<string, unknown> => {
    const v = (m as Record<string, unknown>)[key];
    if (typeof v !== 'object' || v === null) throw new CheckpointError(`the checkpoint manifest has no ${key}`, true);
    return v as Record<string, unknown>;
  };
  const g = part('generator'), d = part('discriminator'), oD = part('optimizerD'), oG = part('optimizerG');
  const mm = m as Record<string, unknown>;
  return {
    format: mm.format,
    version: mm.version,
    config: mm.config,
    step: mm.step,
    random: mm.random,
    generator: { modelTopology: g.modelTopology, weightSpecs: g.weightSpecs, weightData: arrayBufferOf(fileIn(folder, g.weights, 'the generator')) },
    discriminator: { modelTopology: d.modelTopology, weightSpecs: d.weightSpecs, weightData: arrayBufferOf(fileIn(folder, d.weights, 'the discriminator')) },
    optimizerD: { specs: oD.specs, data: arrayBufferOf(fileIn(folder, oD.weights, "the discriminator's optimizer")) },
    optimizerG: { specs: oG.specs, data: arrayBufferOf(fileIn(folder, oG.weights, "the generator's optimizer")) },
  };
}

/** A run directory to write into: created if missing, refused (status 2) if it is a file or cannot be made. */
function runDirectory(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError(`--out ${quoteArgument(dir)} is not a directory`, 2);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new CliError(`cannot write the run directory ${quoteArgument(dir)} (${(e as NodeJS.ErrnoException).code ?? oneLine((e as Error).message)})`, 2);
  }
}

/**
 * The test digits (pixels in [0, 1]) in one fixed shuffled order (src/data/test-order.ts), the same for every run and for the page. In file order MNIST's
 * test set is not exchangeable: its first 5,000 digits come from NIST's SD-3 writers, the cleaner ones, and the
 * last 5,000 from SD-1 (LeCun et al.'s description of the set). Scores take the reference digits and the real
 * comparison from this order, so the real-vs-real distance is sampling noise and not that shift.
 */
function shuffledTestDigits(test: Digits): Float32Array {
  const order = testDigitOrder(test.count);
  const images = new Float32Array(test.count * 784);
  for (let i = 0; i < test.count; i++) {
    for (let k = 0, from = order[i]! * 784, to = i * 784; k < 784; k++) images[to + k] = test.images[from + k]! / 255;
  }
  return images;
}

/** The most digits a score may use: its real-digit comparison takes twice as many from the 10,000 test digits. */
const MAX_SCORE_SAMPLES = 5000;

async function exportGenerator(dir: string, gan: MnistGan): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await gan.generator.save(tf.io.withSaveHandler(async (a) => {
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }], format: 'layers-model', generatedBy: 'gan-theory' }));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  writeFileSync(join(dir, 'pixels.json'), JSON.stringify({ model: gan.config.model, note: 'pixels in [0, 1] for mlp, [-1, 1] for dcgan' }));
}

export interface TrainMnistOptions {
  readonly model: string;
  /** May be infinite when `minutes` limits the run. */
  readonly steps: number;
  readonly minutes?: number;
  readonly seed: number;
  readonly out?: string;
  readonly resume?: string;
  readonly k: number;
  readonly loss: string;
  readonly lr?: number;
  readonly batch: number;
  readonly labelSmoothing?: number;
  readonly every: number;
  readonly scoreEvery: number;
  readonly scoreSamples: number;
  readonly backend: string;
}

export async function runTrainMnist(o: TrainMnistOptions, io: Io): Promise<void> {
  checkCount(o.scoreSamples, '--score-samples', 2, MAX_SCORE_SAMPLES, 'scores compare them with as many real test digits and the as many after them');
  checkCount(o.every, '--every', 1, Number.MAX_SAFE_INTEGER);
  checkCount(o.scoreEvery, '--score-every', 1, Number.MAX_SAFE_INTEGER);
  const out = o.out ?? o.resume ?? `runs/mnist-${o.model}-seed${o.seed}`;
  runDirectory(out);
  const backend = await start(o.backend);
  const train = loadMnist('train'), test = loadMnist('test');
  let gan: MnistGan;
  try {
    if (o.resume) {
      gan = await MnistGan.resume(readCheckpoint(o.resume), train);
      io.err(`resuming ${o.resume} at step ${gan.steps}`);
    } else {
      const config: MnistGanConfig = { ...DEFAULT_MNIST_GAN, model: o.model as MnistGanConfig['model'], seed: o.seed, k: o.k, loss: o.loss as MnistGanConfig['loss'], learningRate: o.lr ?? defaultLearningRate(o.model as MnistGanConfig['model']), batchSize: o.batch, ...(o.labelSmoothing ? { labelSmoothing: o.labelSmoothing } : {}) };
      gan = new MnistGan(config, train);
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    // A corrupt checkpoint (or a bad setting) is bad input; anything else is a run that failed.
    if (e instanceof CheckpointError) throw new CliError(`cannot resume ${quoteArgument(o.resume ?? '')}: ${oneLine(e.message)}`, e.corrupt ? 2 : 1);
    throw new CliError(oneLine((e as Error).message), 2);
  }
  const classifier = await loadClassifier(classifierJson as SavedClassifier);
  // The reference: the first test digits; the real digits' own scores: the next ones, scored against it.
  const testImages = shuffledTestDigits(test);
  const reference = featureStatistics(classifier, testImages.subarray(0, o.scoreSamples * 784));
  const realScores = qualityScores(classifier, testImages.subarray(o.scoreSamples * 784, Math.min(test.count, 2 * o.scoreSamples) * 784), reference);
  const budget = o.minutes === undefined ? Number.POSITIVE_INFINITY : o.minutes * 60_000;
  const length = [Number.isFinite(o.steps) ? `${o.steps} steps` : '', o.minutes === undefined ? '' : `${o.minutes} minutes`].filter(Boolean).join(' or ');
  io.err(`training the ${gan.config.model} GAN for ${length} (TensorFlow.js ${backend}); writing to ${out}; real test digits score IS ${realScores.inceptionScore.toFixed(2)}`);
  const rows: string[][] = [['step', 'loss D', 'loss G', 'D(real)', 'D(fake)', 'V(G, D)', 'IS', 'FD', 'it/s']];
  const target = gan.steps + o.steps;
  // Rates and the time budget count time inside training steps only.
  let trainingMs = 0, lastMs = 0, lastStep = gan.steps;
  const scoreRandom = createRandom(o.seed + 555);
  try {
    while (gan.steps < target && trainingMs < budget) {
      const t0 = performance.now();
      const r = gan.step();
      trainingMs += performance.now() - t0;
      const last = r.step === target || trainingMs >= budget;
      const logNow = r.step % o.every === 0 || last;
      if (!logNow) continue;
      const snap = gan.snapshot();
      const rate = (r.step - lastStep) / ((trainingMs - lastMs) / 1000);
      [lastMs, lastStep] = [trainingMs, r.step];
      const record: Record<string, number | null> = { step: r.step, training_seconds: trainingMs / 1000, loss_d: r.lossD, loss_g: r.lossG, d_real: snap.dReal, d_fake: snap.dFake, value: snap.value, jsd_lower_bound: snap.jsdLowerBound, is: null, fd: null, iterations_per_second: rate };
      if (r.step % o.scoreEvery === 0 || last) {
        const scores = qualityScores(classifier, gan.generate(o.scoreSamples, scoreRandom), reference);
        record.is = scores.inceptionScore;
        record.fd = scores.frechetDistance;
        if (!Number.isFinite(scores.inceptionScore) || !Number.isFinite(scores.frechetDistance)) throw new Error(`the scores at step ${r.step} came out non-finite (IS ${scores.inceptionScore}, FD ${scores.frechetDistance})`);
        writeFileSync(join(out, `samples-${r.step}.png`), gridPng(snap.samples, 6));
      }
      appendFileSync(join(out, 'metrics.jsonl'), `${JSON.stringify(record)}\n`);
      const f = (x: number | null) => (x === null ? '—' : formatNumber(x, 4));
      rows.push([String(r.step), f(r.lossD), f(r.lossG), f(snap.dReal), f(snap.dFake), f(snap.value), f(record.is ?? null), f(record.fd ?? null), rate.toFixed(1)]);
      io.err(`step ${r.step}${Number.isFinite(target) ? `/${target}` : ''} (${(trainingMs / 60_000).toFixed(1)} min): loss D ${f(r.lossD)}, loss G ${f(r.lossG)}, D(real) ${f(snap.dReal)}, D(fake) ${f(snap.dFake)}${record.is !== null ? `, IS ${f(record.is ?? null)}, FD ${f(record.fd ?? null)}` : ''} (${rate.toFixed(1)} it/s)`);
    }
  } catch (e) {
    io.out(table(rows));
    io.err(`${(e as Error).message}; the last checkpoint in ${out}/checkpoint can be resumed with --resume ${out}`);
    gan.dispose();
    throw new CliError((e as Error).message, 1);
  }
  try {
    writeCheckpoint(join(out, 'checkpoint'), await gan.checkpoint());
    await exportGenerator(join(out, 'generator'), gan);
  } catch (e) {
    gan.dispose();
    throw new CliError(`could not save the run in ${quoteArgument(out)}: ${oneLine((e as Error).message)}`, 1);
  }
  io.out(table(rows));
  io.out(`\nReal test digits score IS ${realScores.inceptionScore.toFixed(3)}, FD ${realScores.frechetDistance.toFixed(3)} (${o.scoreSamples} test digits against ${o.scoreSamples} others, a fixed random split). Checkpoint, generator and samples in ${out}.`);
  gan.dispose();
}

/** The Parzen estimate's sizes: generated samples (kernel centres) and validation digits for choosing σ, as in Goodfellow et al.'s code. */
const PARZEN_SAMPLES = 10_000, PARZEN_VALIDATION = 1000;

/** JSON fields for the Inception Score over splits (none when there were too few images to split). */
function splitFields(prefix: string, s: SplitStatistics | undefined): Record<string, number> {
  if (!s) return {};
  return { [`${prefix}_splits`]: s.splits, [`${prefix}_split_mean`]: s.mean, [`${prefix}_split_std`]: s.std, [`${prefix}_split_standard_error`]: s.standardError };
}

/** A generator whose pixels are not all finite has diverged: its scores would be NaN, so refuse with a message. */
export function refuseNonFinite(images: Float32Array): void {
  let bad = 0;
  for (let i = 0; i < images.length; i += 784) {
    for (let k = i; k < i + 784; k++) {
      if (!Number.isFinite(images[k]!)) {
        bad++;
        break;
      }
    }
  }
  if (bad > 0) throw new CliError(`the generator gives non-finite pixels in ${bad} of ${images.length / 784} images (its training diverged): nothing to score`, 1);
}

export interface ScoreOptions {
  readonly samples: number;
  readonly parzen?: boolean;
  readonly seed: number;
  readonly backend: string;
  readonly json?: boolean;
}

/** Scores the generator saved in a run directory. */
export async function runScore(dir: string, o: ScoreOptions, io: Io): Promise<void> {
  checkCount(o.samples, '--samples', 2, MAX_SCORE_SAMPLES, 'they are compared with as many real test digits and the as many after them');
  const folder = join(dir, 'generator');
  const modelPath = join(folder, 'model.json');
  if (!existsSync(modelPath)) throw new CliError(`no generator at ${modelPath} (train one with gan-theory train-mnist --out ${quoteArgument(dir)})`, 2);
  // The backend first: checking the topology builds a reference generator.
  await start(o.backend);
  let artifacts: tf.io.ModelArtifacts, model: 'mlp' | 'dcgan';
  try {
    const pixels = readJson(join(folder, 'pixels.json'), 'the generator description');
    const kind = (pixels as { model?: unknown } | null)?.model;
    if (kind !== 'mlp' && kind !== 'dcgan') throw new CheckpointError(`${join(folder, 'pixels.json')} names the model ${quoteArgument(JSON.stringify(kind) ?? 'undefined')}, not "mlp" or "dcgan"`, true);
    model = kind;
    const json = readJson(modelPath, 'the generator model') as { modelTopology?: unknown; weightsManifest?: unknown } | null;
    const manifest = Array.isArray(json?.weightsManifest) && json.weightsManifest.length === 1 ? (json.weightsManifest[0] as { paths?: unknown; weights?: unknown }) : undefined;
    if (!manifest || !Array.isArray(manifest.paths) || manifest.paths.length !== 1) throw new CheckpointError(`${modelPath} has no weightsManifest with one weights file`, true);
    const weights = fileIn(folder, manifest.paths[0], 'the generator model');
    const saved = { modelTopology: json!.modelTopology, weightSpecs: manifest.weights, weightData: arrayBufferOf(weights) };
    // A DCGAN generator is checked against the layout its topology shows (kernel 4, or the earlier kernel 5).
    artifacts = validateModelArtifacts(saved, 'generator', model, `the generator in ${folder}`, model === 'dcgan' ? dcganKernelOf(saved) : undefined);
  } catch (e) {
    if (e instanceof CheckpointError) throw new CliError(`cannot score ${quoteArgument(dir)}: ${oneLine(e.reason)}`, 2);
    throw e;
  }
  const generator = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  const random = createRandom(o.seed);
  const generate = (n: number): Float32Array => {
    const outImages = new Float32Array(n * 784);
    for (let start = 0; start < n; start += 500) {
      const m = Math.min(500, n - start);
      tf.tidy(() => {
        const z = tf.tensor2d(Float32Array.from({ length: m * 100 }, () => random.normal()), [m, 100]);
        const x = generator.predict(z, { batchSize: m }) as tf.Tensor;
        const unit = model === 'mlp' ? x : x.add(1).div(2);
        outImages.set(unit.clipByValue(0, 1).dataSync(), start * 784);
      });
    }
    return outImages;
  };
  const classifier = await loadClassifier(classifierJson as SavedClassifier);
  const test = loadMnist('test');
  const testImages = shuffledTestDigits(test);
  const reference = featureStatistics(classifier, testImages.subarray(0, o.samples * 784));
  const fake = generate(o.samples);
  refuseNonFinite(fake);
  const g = qualityScores(classifier, fake, reference);
  // The real column: the next (shuffled) test digits against the same reference, so its FD is the distance between
  // two disjoint random sets of real digits of the generator's size, the noise floor of the generator's FD.
  const realHalf = qualityScores(classifier, testImages.subarray(o.samples * 784, Math.min(test.count, 2 * o.samples) * 784), reference);
  const result: Record<string, number | string> = {
    model,
    samples: o.samples,
    inception_score: g.inceptionScore,
    ...splitFields('inception_score', g.inceptionScoreSplits),
    frechet_distance: g.frechetDistance,
    real_inception_score: realHalf.inceptionScore,
    ...splitFields('real_inception_score', realHalf.inceptionScoreSplits),
    real_frechet_distance: realHalf.frechetDistance,
  };
  if (!g.inceptionScoreSplits) io.err(`${o.samples} samples are too few for the Inception Score over ${INCEPTION_SPLITS} splits (${INCEPTION_SPLITS * MIN_ROWS_PER_SPLIT} at least): no spread reported`);
  if (o.parzen) {
    const started = performance.now();
    io.err(`Parzen window: ${PARZEN_SAMPLES.toLocaleString('en')} generated samples; width chosen on ${PARZEN_VALIDATION.toLocaleString('en')} validation digits (the last of the training set), then the ${test.count.toLocaleString('en')} test digits`);
    const samples = generate(PARZEN_SAMPLES);
    refuseNonFinite(samples);
    const train: Digits = loadMnist('train');
    const validation = Float32Array.from(train.images.subarray((train.count - PARZEN_VALIDATION) * 784), (v) => v / 255);
    const choice = chooseParzenWidth(validation, samples);
    const w = choice.widths;
    if (choice.sigma === w[0] || choice.sigma === w[w.length - 1]) {
      io.err(`the chosen Parzen width σ = ${formatNumber(choice.sigma, 3)} is at an end of the grid (${formatNumber(w[0], 3)} … ${formatNumber(w[w.length - 1], 3)}); a better width may lie beyond it`);
    }
    const estimate = parzenEstimate(testImages, samples, choice.sigma);
    Object.assign(result, {
      parzen_sigma: choice.sigma,
      parzen_validation_log_likelihood: choice.logLikelihood,
      parzen_log_likelihood: estimate.logLikelihood,
      parzen_standard_error: estimate.standardError,
      parzen_samples: PARZEN_SAMPLES,
      parzen_validation_digits: PARZEN_VALIDATION,
      parzen_test_digits: estimate.count,
    });
    io.err(`Parzen window: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new CliError(`the score ${key} came out ${value}: the computation failed`, 1);
  }
  if (o.json) io.out(JSON.stringify(result));
  else {
    const f = (x: number, digits = 4) => formatNumber(x, digits);
    const spread = (s: SplitStatistics | undefined) => (s ? `${f(s.mean)} ± ${f(s.std, 2)}` : '—');
    const n = o.samples, size = Math.floor(n / INCEPTION_SPLITS);
    io.out(table([
      ['measure', 'generator', 'real test digits', 'note'],
      ['Inception Score (classifier)', f(g.inceptionScore), f(realHalf.inceptionScore), `all ${n} images at once; 10 is the most`],
      ...(g.inceptionScoreSplits && realHalf.inceptionScoreSplits
        ? [
            [`IS over ${INCEPTION_SPLITS} splits: mean ± std`, spread(g.inceptionScoreSplits), spread(realHalf.inceptionScoreSplits), `${INCEPTION_SPLITS} splits of ${size}${n % INCEPTION_SPLITS ? `–${size + 1}` : ''}; std divides by ${INCEPTION_SPLITS} (numpy's std, as published scores)`],
            [`IS over ${INCEPTION_SPLITS} splits: standard error`, f(g.inceptionScoreSplits.standardError, 2), f(realHalf.inceptionScoreSplits.standardError, 2), `of the split mean: sample std (÷ ${INCEPTION_SPLITS - 1}) / √${INCEPTION_SPLITS}`],
          ]
        : []),
      ['Fréchet distance (features)', f(g.frechetDistance), f(realHalf.frechetDistance), `to ${n} test digits; the real column, ${n} other test digits against them (a fixed random split), is its sampling noise; 0 is the least`],
      ...(o.parzen
        ? [['Parzen log-likelihood (nats)', `${f(result.parzen_log_likelihood as number)} ± ${f(result.parzen_standard_error as number, 2)}`, '—', `± standard error over the ${(result.parzen_test_digits as number).toLocaleString('en')} test digits; σ = ${f(result.parzen_sigma as number, 3)} chosen on the validation digits; Goodfellow et al. 2014 report 225 ± 2`]]
        : []),
    ]));
  }
  generator.dispose();
}
