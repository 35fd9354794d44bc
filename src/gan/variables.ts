import * as tf from '@tensorflow/tfjs';

/** A model's trainable weights as the variables an optimizer's `minimize` takes. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
