import '@tensorflow/tfjs-backend-wasm';
import { useBackend } from './src/gan/backend.ts';
import { installWasmTrainingKernels } from './src/gan/wasm-kernels.ts';
import { loadMnist } from './src/data/mnist-node.ts';
import { CalibrationExperiment, DEFAULT_CALIBRATION } from './src/gan/mnist/calibration.ts';
await useBackend('wasm'); installWasmTrainingKernels();
const data = loadMnist('train');
for (const alpha of [0, 0.5, 1]) {
  const e = new CalibrationExperiment({ ...DEFAULT_CALIBRATION, alpha }, data);
  const t = performance.now(); const out: string[] = [];
  for (let i = 1; i <= 600; i++) { e.step(); if (i % 100 === 0) { const s = e.snapshot(); out.push(`${s.dOnDigits.toFixed(3)}/${s.dOnNoise.toFixed(3)}`); } }
  console.log('alpha', alpha, 'target', (1 / (1 + alpha)).toFixed(3), out.join(' '), ((performance.now() - t) / 600).toFixed(1), 'ms/step');
  e.dispose();
}
