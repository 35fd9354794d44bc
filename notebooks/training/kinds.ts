/**
 * The models the training worker can train, and the requests each answers: the 1-D GAN, the MNIST GAN and the
 * calibration experiment. This is the only page-side module that imports TensorFlow.js, and only the worker loads
 * it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Digits } from '../../src/data/idx.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { Gan1d } from '../../src/gan/gan1d.ts';
import { readLayers } from '../../src/gan/generator-map.ts';
import { CalibrationExperiment } from '../../src/gan/mnist/calibration.ts';
import { loadClassifier, type SavedClassifier } from '../../src/gan/mnist/classifier.ts';
import { MnistGan, type MnistCheckpoint } from '../../src/gan/mnist/gan.ts';
import { featureStatistics, qualityScores } from '../../src/gan/mnist/scores.ts';
import { createRandom } from '../../src/maths/random.ts';
import classifierJson from '../../src/gan/mnist/classifier/classifier.json';
import type { HostEnvironment, KindDefinition, Registry } from './host.ts';
import { loadDigits } from './mnist-data.ts';
import type { CalibrationWireConfig, Gan1dWireConfig, ModelFiles, MnistWireConfig, QualityScores, SweepProgress, SweepRequest } from './protocol.ts';
import { SweepRunner } from '../../src/gan/sweep.ts';
import { startBackend } from './tf-backend.ts';

let backend = '…';

const gan1d: KindDefinition<Gan1dWireConfig, Gan1d> = {
  create: async (config) => {
    backend = await startBackend('tiny-networks');
    return new Gan1d({ ...config, pData: parseDistribution(config.pData) });
  },
  // The latent is G's input distribution, so a new one needs a new model; the tricks in D's training change only
  // the losses and apply live.
  needsReset: (a, b) =>
    a.pData !== b.pData || a.learningRateD !== b.learningRateD || a.learningRateG !== b.learningRateG || a.batchSize !== b.batchSize || a.seed !== b.seed || a.hidden !== b.hidden || (a.latent ?? 'normal') !== (b.latent ?? 'normal'),
  applyLive: (gan, c) =>
    gan.setLiveOptions({ k: c.k, loss: c.loss, freezeG: c.freezeG, labelSmoothing: c.labelSmoothing ?? 0, labelNoise: c.labelNoise ?? 0, dropoutD: c.dropoutD ?? 0, instanceNoise: c.instanceNoise ?? 0, instanceNoiseSteps: c.instanceNoiseSteps ?? 0 }),
  requests: {
    // Headless runs beside the page's model, posting progress every slice (the page pauses its own run meanwhile).
    sweep: async ({ args, progress, yieldControl }) => {
      backend = await startBackend('tiny-networks');
      const { base, settings, seeds, steps } = args as SweepRequest;
      const { pData, ...rest } = base;
      const runner = new SweepRunner({ pData: parseDistribution(pData), base: rest, settings, seeds, steps });
      const started = performance.now();
      const report = (): SweepProgress => ({ doneSteps: runner.doneSteps, totalSteps: runner.totalSteps, runs: [...runner.results()], seconds: (performance.now() - started) / 1000 });
      try {
        while (!runner.advance(40)) {
          progress(report());
          await yieldControl();
        }
      } finally {
        runner.dispose();
      }
      return report();
    },
    'generator-layers': async ({ model }) => {
      if (!model) throw new Error('no model is running yet');
      return { layers: readLayers(model.generator), affine: { outputShift: model.centre, outputScale: model.scale }, latent: model.config.latent ?? 'normal' };
    },
  },
};

const trainingDigits = (env: HostEnvironment) => loadDigits('mnist-train.bin.gz', env.dataUrl);
let dataUrl = '';

/** The model config without the page's backend choice. */
function modelConfig<T extends { backend: unknown }>(config: T): Omit<T, 'backend'> {
  const { backend: _, ...rest } = config;
  return rest;
}

async function ready(choice: MnistWireConfig['backend'], env: HostEnvironment): Promise<Digits> {
  dataUrl = env.dataUrl;
  backend = await startBackend('image-networks', choice);
  return trainingDigits(env);
}

/** The generator as model.json + weights, as TensorFlow.js's `downloads://` would write them. */
async function modelFiles(model: tf.LayersModel, name: string): Promise<ModelFiles> {
  let files: ModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const weights = a.weightData instanceof ArrayBuffer ? a.weightData : tf.io.concatenateArrayBuffers(a.weightData as ArrayBuffer[]);
      const json = { modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy ?? null, weightsManifest: [{ paths: [`./${name}.weights.bin`], weights: a.weightSpecs }] };
      files = { modelJson: JSON.stringify(json), weights };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files!;
}

// The classifier and the real digits' reference statistics load once, on the first request for scores.
let scorer: Promise<{ score: (images: Float32Array) => { inceptionScore: number; frechetDistance: number }; real: { inceptionScore: number; frechetDistance: number } }> | undefined;
function getScorer() {
  scorer ??= (async () => {
    const classifier = await loadClassifier(classifierJson as unknown as SavedClassifier);
    // The first 2,000 test digits of the CLI's fixed shuffled order (src/data/test-order.ts): reference and real
    // comparison are its first and second thousand, as in gan-theory score, not two blocks of the file's clean half.
    const test = await loadDigits('mnist-test-shuffled.bin.gz', dataUrl);
    const unit = (from: number, to: number) => Float32Array.from(test.images.subarray(from * 784, to * 784), (v) => v / 255);
    const reference = featureStatistics(classifier, unit(0, 1000));
    return { score: (images: Float32Array) => qualityScores(classifier, images, reference), real: qualityScores(classifier, unit(1000, 2000), reference) };
  })();
  scorer.catch(() => (scorer = undefined));
  return scorer;
}

const mnist: KindDefinition<MnistWireConfig, MnistGan> = {
  create: async (config, env) => new MnistGan(modelConfig(config), await ready(config.backend, env)),
  needsReset: (a, b) => a.model !== b.model || a.learningRate !== b.learningRate || a.seed !== b.seed || a.backend !== b.backend || a.batchSize !== b.batchSize,
  applyLive: (gan, c) => gan.setLiveOptions({ k: c.k, loss: c.loss }),
  snapshotEveryMs: 400,
  requests: {
    checkpoint: async ({ model }) => {
      if (!model) throw new Error('no model is running yet');
      return model.checkpoint();
    },
    resume: async ({ config, adopt, args }) => {
      const data = await trainingDigits({ dataUrl });
      const resumed = await MnistGan.resume(args as MnistCheckpoint, data);
      // The resumed run's own configuration, on the backend the page chose, so the page's next configure keeps it.
      await adopt(resumed, { ...resumed.config, backend: (config as MnistWireConfig | undefined)?.backend ?? 'auto' });
      return { config: resumed.config, step: resumed.steps };
    },
    generator: async ({ model }) => {
      if (!model) throw new Error('no model is running yet');
      return modelFiles(model.generator, 'mnist-generator');
    },
    score: async ({ model, args }): Promise<QualityScores> => {
      if (!model) throw new Error('no model is running yet');
      const { samples } = args as { samples: number };
      const { score, real } = await getScorer();
      return { step: model.steps, samples, generator: score(model.generate(samples, createRandom(4242))), real };
    },
  },
};

const calibration: KindDefinition<CalibrationWireConfig, CalibrationExperiment> = {
  create: async (config, env) => new CalibrationExperiment(modelConfig(config), await ready(config.backend, env)),
  needsReset: (a, b) => a.backend !== b.backend || a.seed !== b.seed || a.batchSize !== b.batchSize || a.learningRate !== b.learningRate,
  applyLive: (e, c) => e.setAlpha(c.alpha),
  snapshotEveryMs: 300,
};

export const REGISTRY: Registry = {
  kinds: { gan1d, mnist, calibration } as unknown as Registry['kinds'],
  backend: () => backend,
};
