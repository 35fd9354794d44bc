/** One MNIST throughput measurement in a fresh process (the wasm kernels, once installed, stay installed). */
import '@tensorflow/tfjs-backend-wasm';
import { loadMnist } from '../src/data/mnist-node.ts';
import { useBackend } from '../src/gan/backend.ts';
import { DEFAULT_MNIST_GAN, MnistGan } from '../src/gan/mnist/gan.ts';
import type { MnistModelKind } from '../src/gan/mnist/models.ts';
import { installWasmTrainingKernels } from '../src/gan/wasm-kernels.ts';

const [backend, kernels, model, iterations] = process.argv.slice(2) as ['wasm' | 'cpu', 'on' | 'off', MnistModelKind, string];
await useBackend(backend);
if (kernels === 'on') installWasmTrainingKernels();
const gan = new MnistGan({ ...DEFAULT_MNIST_GAN, model }, loadMnist('train'));
for (let i = 0; i < 3; i++) gan.step();
const n = Number(iterations);
const t = performance.now();
for (let i = 0; i < n; i++) gan.step();
console.log(JSON.stringify({ rate: n / ((performance.now() - t) / 1000) }));
