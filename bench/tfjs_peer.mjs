// The peer of the training benchmark: the same MLP trained with TensorFlow.js
// (tfjs-core with the cpu or wasm backend) in a lean loop: plain SGD on the same data,
// the same initial weights, the same loss. Not a test; only bench/run.mjs uses it.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let tf = null;

export async function loadTfjs(backend) {
  if (!tf) {
    tf = require('@tensorflow/tfjs-core');
    require('@tensorflow/tfjs-backend-cpu');
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    wasm.setWasmPaths(path.join(dir, 'dist') + path.sep);
  }
  await tf.setBackend(backend);
  await tf.ready();
  return tf;
}

/**
 * model: network fields (weights [l][out][in], biases [l][out]), hidden activation tanh,
 * sigmoid output with binary cross-entropy. Returns a trainer with step(batchRows) and grid().
 */
export function makeTfjsNet(model, x, y, n, inputs) {
  const Ws = model.weights.map((W) => tf.variable(tf.transpose(tf.tensor2d(W))));  // [in, out]
  const bs = model.biases.map((b) => tf.variable(tf.tensor1d(b)));
  const X = tf.tensor2d(x, [n, inputs]);
  const Y = tf.tensor2d(y, [n, 1]);
  const lr = model.lr;
  // BCEWithLogits: mean(max(z,0) - z y + log(1 + exp(-|z|))), the stable form.
  const bce = (z, t) => tf.mean(tf.sub(tf.add(tf.relu(z), tf.log1p(tf.exp(tf.neg(tf.abs(z))))), tf.mul(z, t)));
  const forwardAll = (a) => {
    const acts = [a];
    for (let l = 0; l < Ws.length; ++l) {
      a = tf.add(tf.matMul(a, Ws[l]), bs[l]);
      if (l < Ws.length - 1) a = tf.tanh(a);
      acts.push(a);
    }
    return acts;  // inputs, hidden activations..., logits
  };
  const forward = (a) => forwardAll(a).at(-1);
  // One SGD step with backprop written out (tfjs-core ships no gradient registry of its
  // own; this is also the leanest loop: no tape).
  const sgdStep = (xb, yb, size) => {
    const acts = forwardAll(xb);
    let dz = tf.div(tf.sub(tf.sigmoid(acts.at(-1)), yb), size);
    for (let l = Ws.length - 1; l >= 0; --l) {
      const dW = tf.matMul(acts[l], dz, true, false);
      const db = tf.sum(dz, 0);
      if (l > 0) dz = tf.mul(tf.matMul(dz, Ws[l], false, true), tf.sub(1, tf.square(acts[l])));
      Ws[l].assign(tf.sub(Ws[l], tf.mul(dW, lr)));
      bs[l].assign(tf.sub(bs[l], tf.mul(db, lr)));
    }
  };
  // Batches precomputed once (epoch batching, no shuffle), as the C++ side does.
  const batchCache = new Map();
  const batch = (start, size) => {
    const key = `${start}:${size}`;
    if (!batchCache.has(key)) batchCache.set(key, [tf.slice(X, [start, 0], [size, inputs]), tf.slice(Y, [start, 0], [size, 1])]);
    return batchCache.get(key);
  };
  return {
    step(start, size) {
      const [xb, yb] = batch(start, size);
      tf.tidy(() => {
        sgdStep(xb, yb, size);
      });
    },
    grid(points /* Float32Array m*2 */, m) {
      return tf.tidy(() => tf.sigmoid(forward(tf.tensor2d(points, [m, inputs]))).dataSync());
    },
    loss() {
      return tf.tidy(() => {
        return bce(forward(X), Y).dataSync()[0];
      });
    },
    dispose() {
      for (const v of [...Ws, ...bs, X, Y]) v.dispose();
      for (const [a, b] of batchCache.values()) { a.dispose(); b.dispose(); }
    },
  };
}
