/**
 * Trains the scoring classifier on MNIST's 60,000 training digits and writes it to
 * src/gan/mnist/classifier/classifier.json (committed; ≈ 0.3 MB). Reproduce with:
 *
 *   npx tsx scripts/train-classifier.ts [--epochs 3] [--seed 1]
 *
 * Adam (lr 1e-3), batch 128, seeded shuffling; prints the test accuracy it reaches.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist } from '../src/data/mnist-node.ts';
import { useBackend } from '../src/gan/backend.ts';
import { installWasmTrainingKernels } from '../src/gan/wasm-kernels.ts';
import { trainableVariables } from '../src/gan/variables.ts';
import { buildClassifier, classify, saveClassifier } from '../src/gan/mnist/classifier.ts';
import { createRandom } from '../src/maths/random.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const epochs = arg('epochs', 3), seed = arg('seed', 1);
await useBackend('wasm');
installWasmTrainingKernels();
const train = loadMnist('train'), test = loadMnist('test');
const model = buildClassifier(seed);
const optimizer = tf.train.adam(1e-3);
const images = tf.tidy(() => tf.tensor2d(train.images, [train.count, 784], 'int32').toFloat().div(255) as tf.Tensor2D);
const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), 10).toFloat() as tf.Tensor2D);
const random = createRandom(seed);
const vars = trainableVariables(model);
const started = performance.now();
for (let epoch = 1; epoch <= epochs; epoch++) {
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let lossSum = 0, batches = 0;
  for (let start = 0; start + 128 <= order.length; start += 128) {
    const cost = tf.tidy(() => {
      const idx = tf.tensor1d(order.subarray(start, start + 128), 'int32');
      const x = tf.gather(images, idx), y = tf.gather(labels, idx);
      return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true, vars)!;
    });
    lossSum += cost.dataSync()[0]!;
    cost.dispose();
    batches++;
    if (batches % 100 === 0) process.stderr.write(`epoch ${epoch}: ${batches} batches, mean loss ${(lossSum / batches).toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
}
const { probabilities } = classify(model, Float32Array.from(test.images, (v) => v / 255));
let correct = 0;
for (let i = 0; i < test.count; i++) {
  let best = 0;
  for (let c = 1; c < 10; c++) if (probabilities[i * 10 + c]! > probabilities[i * 10 + best]!) best = c;
  if (best === test.labels[i]) correct++;
}
const accuracy = correct / test.count;
console.log(`test accuracy ${(100 * accuracy).toFixed(2)} % after ${epochs} epochs (${((performance.now() - started) / 1000).toFixed(0)} s)`);
const saved = await saveClassifier(model, accuracy, `scripts/train-classifier.ts --epochs ${epochs} --seed ${seed}`);
writeFileSync(join(import.meta.dirname, '../src/gan/mnist/classifier/classifier.json'), JSON.stringify(saved));
