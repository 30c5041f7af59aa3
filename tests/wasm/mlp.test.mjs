// The MLP in the shipped WASM module against PyTorch: forward and training references
// through tools/alab.mjs, bad requests, and the page's trainer API through engine.js
// (determinism, export/import, no leaked handles, no heap growth over long runs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { alab, referenceFiles, readJson, compare, flat } from './helpers.mjs';
import { loadEngine } from '../../tools/core-loader.mjs';

for (const file of referenceFiles('torch', 'fwd_')) {
  test(`forward matches torch: ${file.split('/').pop()}`, () => {
    const ref = readJson(file);
    const r = alab(ref.request);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const [field, want] of Object.entries(ref.expected)) {
      const c = compare(r.json[field], want, 1e-12, 1e-10);
      assert.equal(c.firstBad, -1, `${field}[${c.firstBad}]: got ${c.got?.[c.firstBad]}, torch ${c.ref?.[c.firstBad]} (lengths ${c.lengths})`);
    }
  });
}

for (const file of referenceFiles('torch', 'train_')) {
  test(`training matches torch to 1e-9: ${file.split('/').pop()}`, () => {
    const ref = readJson(file);
    const r = alab(ref.request);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const e = ref.expected;
    const rel = ref.tolerance.loss_rel, abs = ref.tolerance.params_abs;
    const checks = [
      ['loss_history', 0, rel], ['final_loss_full', 0, rel], ['initial_loss_full', 0, rel],
      ['weights', abs, 0], ['biases', abs, 0], ['final_outputs', abs, rel], ['initial_grads', 1e-12, 1e-9],
    ];
    for (const [field, a, rl] of checks) {
      const got = field === 'initial_grads' ? [r.json[field].weights, r.json[field].biases] : r.json[field];
      const want = field === 'initial_grads' ? [e[field].weights, e[field].biases] : e[field];
      const c = compare(got, want, a, rl);
      assert.equal(c.firstBad, -1, `${field}[${c.firstBad}]: got ${c.got?.[c.firstBad]}, torch ${c.ref?.[c.firstBad]}; max diff ${c.maxDiff}`);
    }
    assert.equal(r.json.loss_history.length, ref.request.steps);
  });
}

const net = { layers: [2, 3, 1], activation: 'relu', weights: [[[1, 0], [0, 1], [1, 1]], [[1, 1, 1]]], biases: [[0, 0, 0], [0]] };
const BAD = [
  ['zero-width layer', { ...net, op: 'forward', layers: [2, 0, 1], x: [[1, 2]] }, /layers/],
  ['weights of the wrong shape', { ...net, op: 'forward', weights: [[[1, 0]], [[1, 1, 1]]], x: [[1, 2]] }, /weights\[0\]/],
  ['a non-finite weight', { ...net, op: 'forward', weights: [[[1, 'nan'], [0, 1], [1, 1]], [[1, 1, 1]]], x: [[1, 2]] }, /finite/],
  ['unknown activation', { ...net, op: 'forward', activation: 'rectifier', x: [[1, 2]] }, /unknown activation/],
  ['bad x width', { ...net, op: 'forward', x: [[1, 2, 3]] }, /x must be N x 2/],
  ['unknown activation without hidden layers', { op: 'forward', layers: [1, 1], activation: 'bogus', weights: [[[1]]], biases: [[0]], x: [1] }, /unknown activation/],
  ['too many steps', { ...net, op: 'train', x: [[1, 2]], y: [1], steps: 1e9 }, /steps/],
  ['NaN learning rate', { ...net, op: 'train', x: [[1, 2]], y: [1], steps: 1, lr: 'nan' }, /learning rate/],
  ['negative learning rate', { ...net, op: 'train', x: [[1, 2]], y: [1], steps: 1, lr: -0.1 }, /learning rate/],
  ['bce without a sigmoid output', { ...net, op: 'train', x: [[1, 2]], y: [1], steps: 1, loss: 'bce' }, /sigmoid/],
  ['class index out of range', { ...net, op: 'train', layers: [2, 3, 2], weights: [[[1, 0], [0, 1], [1, 1]], [[1, 1, 1], [0, 0, 1]]], biases: [[0, 0, 0], [0, 0]], output: 'softmax', loss: 'cross_entropy', x: [[1, 2]], y: [2], steps: 1 }, /class index/],
  ['missing steps', { ...net, op: 'train', x: [[1, 2]], y: [1] }, /steps/],
  ['fractional steps', { ...net, op: 'train', x: [[1, 2]], y: [1], steps: 1.5 }, /steps/],
  ['batch size 0', { ...net, op: 'train', x: [[1, 2]], y: [1], steps: 1, batch_size: 0 }, /batch_size/],
  ['unknown optimizer', { ...net, op: 'train', x: [[1, 2]], y: [1], steps: 1, optimizer: 'lbfgs' }, /optimizer/],
  ['a diverging run', { ...net, op: 'train', x: [[1, 2], [3, -4]], y: [1e3, -1e3], steps: 200, lr: 10 }, /diverg|not finite|NaN|inf/i],
];
for (const [what, req, pattern] of BAD) {
  test(`bad network request gives exit status 2 and a message: ${what}`, () => {
    const r = alab(req);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.json.error, pattern);
  });
}

test('a flat x is N samples for a 1-input net and one sample otherwise', () => {
  const one = { op: 'forward', layers: [1, 2, 1], activation: 'relu', weights: [[[1], [-1]], [[1, 1]]], biases: [[0, 0], [0]], x: [-2, 3] };
  const r = alab([one, { ...net, op: 'forward', x: [1, 2] }]);
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual(r.json[0].outputs, [[2], [3]]);
  assert.deepEqual(r.json[1].outputs, [[6]]);
  assert.deepEqual(r.json[1].jacobian_logits, [[[2, 2]]]);
});

test('the page trainer gives identical bits for identical seeds and learns the circle', async () => {
  const engine = await loadEngine();
  const d = engine.makeDataset('circle', { n: 400, noise: 0.3, seed: 7 });
  const config = { layers: [2, 8, 8, 1], activation: 'tanh', output: 'sigmoid', loss: 'bce', lr: 0.03, batchSize: 10, shuffle: true, seed: 3 };
  const a = engine.createTrainer(config, d.train, d.test);
  const b = engine.createTrainer(config, d.train, d.test);
  try {
    const before = a.stats().trainLoss;
    const ra = a.train(3000), rb = b.train(3000);
    assert.deepEqual(Array.from(ra.losses), Array.from(rb.losses));
    assert.deepEqual(Array.from(a.params()), Array.from(b.params()));
    const s = a.stats();
    assert.ok(s.trainLoss < before / 3, `loss ${before} -> ${s.trainLoss}`);
    assert.ok(s.testAccuracy > 0.9, `test accuracy ${s.testAccuracy}`);
    // export -> import gives the same predictions
    const c = engine.createTrainerFromModel(JSON.parse(JSON.stringify(a.exportModel())), config, d.train, d.test);
    const x = Float64Array.from([0, 0, 3, -4, 5.5, 1]);
    assert.deepEqual(Array.from(c.predict(x)), Array.from(a.predict(x)));
    c.delete();
  } finally {
    a.delete();
    b.delete();
  }
});

test('a bad setting changes nothing and the trainer keeps working', async () => {
  const engine = await loadEngine();
  const d = engine.makeDataset('xor', { n: 200, noise: 0.2, seed: 1 });
  const tr = engine.createTrainer({ layers: [2, 6, 1], activation: 'relu', output: 'sigmoid', loss: 'bce', lr: 0.05, batchSize: 10 }, d.train);
  try {
    tr.train(10);
    const p = Array.from(tr.params());
    for (const bad of [{ lr: NaN }, { lr: 0 }, { lr: -1 }, { batchSize: 0 }, { momentum: 1.5 }, { optimizer: 'magic' }, { l2: -1 }])
      assert.throws(() => tr.setConfig(bad), (e) => e.name === 'CoreError' && e.message.length > 10, JSON.stringify(bad));
    assert.deepEqual(Array.from(tr.params()), p);
    assert.equal(tr.train(5).losses.length, 5);
    assert.throws(() => engine.createTrainer({ layers: [2, 0, 1], activation: 'relu', output: 'sigmoid', loss: 'bce', lr: 0.1 }, d.train), /layers/);
    assert.throws(() => engine.createTrainerFromModel({ layers: [2, 1], weights: 'oops' }, { loss: 'mse' }, d.train), /weights/);
  } finally {
    tr.delete();
  }
});

test('a diverging run stops with a message and keeps the last finite parameters', async () => {
  const engine = await loadEngine();
  const d = engine.makeDataset('sin', { n: 100, noise: 0.1, seed: 2 });
  const tr = engine.createTrainer({ layers: [1, 16, 1], activation: 'relu', output: 'linear', loss: 'mse', lr: 50, batchSize: 100 }, d.train);
  try {
    const r = tr.train(1000);
    assert.equal(r.diverged, true);
    assert.match(r.message, /diverg|finite|NaN|inf/i);
    assert.ok(r.step < 1000);
    assert.ok(Array.from(tr.params()).every(Number.isFinite));
  } finally {
    tr.delete();
  }
});

test('10^5 training steps in a loop leak no embind handle and do not grow the heap', async () => {
  const engine = await loadEngine();
  const M = engine.module;
  const d = engine.makeDataset('circle', { n: 200, noise: 0.2, seed: 1 });
  const tr = engine.createTrainer({ layers: [2, 8, 8, 1], activation: 'tanh', output: 'sigmoid', loss: 'bce', lr: 0.03, batchSize: 10 }, d.train, d.test);
  try {
    const warm = () => { tr.train(100); tr.stats(); tr.gridView([-6, 6, -6, 6], 50, 50); };
    warm();
    const heap = M.HEAP8.buffer.byteLength;
    const handles = M.count_emval_handles();
    for (let i = 0; i < 1000; ++i) warm();  // 10^5 steps, plus stats and grids
    assert.equal(M.HEAP8.buffer.byteLength, heap, 'the WASM heap grew');
    assert.equal(M.count_emval_handles(), handles, 'emval handles leaked');
    assert.equal(tr.train(1).step, 100 * 1001 + 1);
  } finally {
    tr.delete();
  }
  assert.throws(() => tr.train(1), /deleted/);
});
