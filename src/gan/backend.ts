/**
 * Choosing a TensorFlow.js backend. The 1-D GAN's networks are tiny (a few thousand weights), so the plain `cpu`
 * backend is fastest there (no upload or kernel-launch overhead) and deterministic, which makes seeded runs
 * replayable. The MNIST models use WebAssembly (see wasm.ts).
 */
import * as tf from '@tensorflow/tfjs';

export async function useBackend(name: 'cpu' | 'wasm' | 'webgl'): Promise<string> {
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`the ${name} backend of TensorFlow.js could not start here`);
  }
  await tf.ready();
  return tf.getBackend();
}
