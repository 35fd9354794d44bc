/**
 * The small MNIST classifier this project trains itself (scripts/train-classifier.ts reproduces it), used to score
 * generators: a classifier-based Inception Score from its class probabilities and a Fréchet distance in the space of
 * its 64 penultimate features. Two 3×3 convolutions with max-pooling, then 64 ReLU features, then 10 logits.
 */
import * as tf from '@tensorflow/tfjs';

export function buildClassifier(seed: number): tf.Sequential {
  const init = (k: number) => tf.initializers.heNormal({ seed: seed * 104729 + k });
  return tf.sequential({
    name: 'classifier',
    layers: [
      tf.layers.reshape({ inputShape: [784], targetShape: [28, 28, 1], name: 'c_image' }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1), name: 'c_conv1' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'c_pool1' }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2), name: 'c_conv2' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'c_pool2' }),
      tf.layers.flatten({ name: 'c_flat' }),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3), name: 'c_features' }),
      tf.layers.dense({ units: 10, kernelInitializer: init(4), name: 'c_logits' }),
    ],
  });
}

/** The classifier in a form that can be committed and imported anywhere: topology plus base64 weights. */
export interface SavedClassifier {
  readonly topology: unknown;
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weights: string;
  readonly testAccuracy: number;
  readonly trainedWith: string;
}

export async function saveClassifier(model: tf.LayersModel, testAccuracy: number, trainedWith: string): Promise<SavedClassifier> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const bytes = new Uint8Array(saved!.weightData as ArrayBuffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { topology: saved!.modelTopology, weightSpecs: saved!.weightSpecs!, weights: btoa(binary), testAccuracy, trainedWith };
}

export async function loadClassifier(saved: SavedClassifier): Promise<tf.LayersModel> {
  const binary = atob(saved.weights);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: saved.topology as object, weightSpecs: saved.weightSpecs, weightData: bytes.buffer }));
}

/** Class probabilities (n × 10) and penultimate features (n × 64) of images (n × 784, pixels in [0, 1]). */
export function classify(model: tf.LayersModel, images: Float32Array, batch = 500): { probabilities: Float32Array; features: Float32Array; count: number } {
  const n = images.length / 784;
  if (!Number.isInteger(n)) throw new RangeError(`images must be n × 784 values, got ${images.length}`);
  const features = model.getLayer('c_features');
  const featureModel = tf.model({ inputs: model.inputs, outputs: [features.output as tf.SymbolicTensor, model.outputs[0]!] });
  const probabilities = new Float32Array(n * 10), feats = new Float32Array(n * 64);
  for (let start = 0; start < n; start += batch) {
    const m = Math.min(batch, n - start);
    tf.tidy(() => {
      const x = tf.tensor2d(images.subarray(start * 784, (start + m) * 784), [m, 784]);
      const [f, logits] = featureModel.predict(x, { batchSize: m }) as tf.Tensor[];
      feats.set(f!.dataSync(), start * 64);
      probabilities.set(tf.softmax(logits!).dataSync(), start * 10);
    });
  }
  return { probabilities, features: feats, count: n };
}
