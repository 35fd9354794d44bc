/**
 * One training page's model trained in Node, in a fresh process, the way the page's worker trains it: on the same
 * backend with the project's kernels, by `trainingLoop`, with snapshots at the page's cadence. Prints
 * {"rate": iterations per second} over the measured span (after a short warm-up).
 *
 *   tsx bench/training-node.ts gan1d|mlp|dcgan SECONDS
 */
import '@tensorflow/tfjs-backend-wasm';
import { loadMnist } from '../src/data/mnist-node.ts';
import { parseDistribution } from '../src/distributions/spec.ts';
import { useBackend } from '../src/gan/backend.ts';
import { DEFAULT_GAN1D } from '../src/gan/gan1d-config.ts';
import { Gan1d } from '../src/gan/gan1d.ts';
import { DEFAULT_MNIST_GAN, defaultLearningRate } from '../src/gan/mnist/config.ts';
import { MnistGan } from '../src/gan/mnist/gan.ts';
import { trainingLoop, type Trainable } from '../src/gan/training.ts';
import { installWasmTrainingKernels } from '../src/gan/wasm-kernels.ts';

export const PAGE_DATA = '0.5*normal(-2, 0.5) + 0.5*normal(2, 0.5)';

const [which = 'gan1d', seconds = '10'] = process.argv.slice(2);
await useBackend('wasm');
installWasmTrainingKernels();
const model: Trainable<unknown, unknown> & { steps: number } =
  which === 'gan1d'
    ? new Gan1d({ ...DEFAULT_GAN1D, pData: parseDistribution(PAGE_DATA) })
    : new MnistGan({ ...DEFAULT_MNIST_GAN, model: which === 'dcgan' ? 'dcgan' : 'mlp', learningRate: defaultLearningRate(which === 'dcgan' ? 'dcgan' : 'mlp') }, loadMnist('train'));
const snapshotEveryMs = which === 'gan1d' ? 250 : 400;
const warmup = which === 'dcgan' ? 2 : 20;
for (let i = 0; i < warmup; i++) model.step();
const start = performance.now(), from = model.steps;
for await (const _ of trainingLoop(model, { sliceMs: 40, snapshotEveryMs })) {
  if (performance.now() - start > Number(seconds) * 1000) break;
}
console.log(JSON.stringify({ rate: (model.steps - from) / ((performance.now() - start) / 1000) }));
