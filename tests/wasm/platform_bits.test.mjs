// Native and WASM give the same numbers: the golden FNV-1a hashes that the native tests
// pin (tests/native/test_datasets.cpp, test_mlp_training.cpp) are recomputed here from the
// shipped WASM module through engine.js, over the raw bits of every number.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';

const MASK = (1n << 64n) - 1n;
function fnv() {
  let h = 1469598103934665603n;
  const view = new DataView(new ArrayBuffer(8));
  return {
    mix(values) {
      for (const v of values) {
        view.setFloat64(0, v, true);
        h = ((h ^ view.getBigUint64(0, true)) * 1099511628211n) & MASK;
      }
    },
    get hex() { return h.toString(16).padStart(16, '0'); },
  };
}

test('every generated data set has the same bits as the native build', async () => {
  const engine = await loadEngine();
  const h = fnv();
  for (const { name } of engine.datasets()) {
    const d = engine.makeDataset(name, { n: 300, noise: 0.2, seed: 5, testFraction: 0 });
    assert.equal(d.test.n, 0);
    h.mix(d.train.x);
    h.mix(d.train.y);
  }
  assert.equal(h.hex, 'c026fd7abfc2290c');
});

test('seeded initialisation and a shuffled momentum run have the same bits as the native build', async () => {
  const engine = await loadEngine();
  const h = fnv();
  const n = 4;
  const data = { x: new Float64Array(2 * n), y: new Float64Array(3 * n), n };
  for (const init of ['torch', 'xavier', 'he']) {
    const tr = engine.createTrainer({ layers: [2, 16, 16, 3], activation: 'relu', output: 'linear', loss: 'mse', lr: 0.1, init, seed: 9 }, data);
    h.mix(tr.params());
    tr.delete();
  }
  assert.equal(h.hex, '56d66359c054b747');
  const circle = engine.makeDataset('circle', { n: 200, noise: 0.1, seed: 4, testFraction: 0 });
  const tr = engine.createTrainer({
    layers: [2, 8, 8, 1], activation: 'relu', output: 'linear', loss: 'mse', init: 'torch', seed: 3,
    batchSize: 10, lr: 0.01, shuffle: true, shuffleSeed: 5, optimizer: 'momentum',
  }, circle.train);
  try {
    assert.equal(tr.train(2000).diverged, false);
    h.mix(tr.params());
  } finally {
    tr.delete();
  }
  assert.equal(h.hex, '2f7542f18194193a');
});
