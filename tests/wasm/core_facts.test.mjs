// Facts the page reads from the core through engine.js instead of keeping copies: which
// activations the region code partitions and which are flat below zero, the data set
// catalogue and its box, the product of an identity network's layers, the region index of
// a point; and the URL's enums (web/src/state.js) name things the core has.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';
import { FIELDS } from '../../web/src/state.js';

const engine = await loadEngine();
const field = (key) => FIELDS.find((f) => f.key === key);

// A 2-3-1 net with every hidden layer `activation`, weights that cut the square.
const net = (activation) => ({
  layers: [2, 3, 1], activation, output: 'linear',
  weights: [[[1, 0], [0, 1], [1, 1]], [[1, -1, 0.5]]], biases: [[0.1, -0.2, 0.3], [0]],
});

test('piecewiseLinear() is exactly the set the region code partitions', () => {
  const pwl = engine.piecewiseLinear();
  for (const name of ['relu', 'leaky_relu', 'prelu', 'relu6', 'hardtanh', 'identity', 'hardsigmoid', 'rrelu', 'softshrink', 'sparse_sigmoid', 'hard_sigmoid_keras2'])
    assert.ok(pwl.has(name), name);
  for (const { name } of engine.activations()) {
    let ok = true;
    try {
      engine.regions(net(name), [-2, 2, -2, 2]);
    } catch (e) {
      assert.equal(e.code, 'not_piecewise_linear', `${name}: ${e.message}`);
      ok = false;
    }
    assert.equal(ok, pwl.has(name), name);
  }
});

test('flatBelowZero() names the activations with no slope for negative inputs', () => {
  assert.deepEqual([...engine.flatBelowZero()].sort(), ['binary_step', 'relu', 'relu6', 'threshold']);
  for (const { name, flatBelowZero } of engine.activations()) {
    const { dy } = engine.evaluate(name, {}, [-5, -1, -0.01]);
    assert.equal(dy.every((v) => v === 0), flatBelowZero, name);
  }
});

test('the data set catalogue gives each set its inputs, classes and box, and makeDataset agrees', () => {
  const sets = engine.datasets();
  assert.deepEqual(engine.dataBox(), [-6, 6, -6, 6]);
  assert.deepEqual(engine.dataBox(1), [-6, 6]);
  assert.deepEqual(engine.limits().dataBox, [-6, 6]);
  for (const s of sets) {
    assert.deepEqual(s.box, engine.dataBox(s.inputs), s.name);
    const d = engine.makeDataset(s.name, { n: 50, seed: 3 });
    assert.equal(d.inputs, s.inputs, s.name);
    assert.equal(d.classes, s.classes, s.name);
    assert.equal(d.kind, s.kind, s.name);
    assert.deepEqual(d.box, s.box, s.name);
    const [lo, hi] = s.box;
    assert.ok(d.train.x.every((v) => v >= lo && v <= hi), `${s.name} leaves its box`);
  }
});

// The enums of data sets and activations are registered by the panels from the engine and
// checked in tests/web/url_enums.test.mjs; the fixed enums below must still be the core's.
test('the URL enums name activations, optimizers, initialisations and losses the core has', () => {
  const acts = new Set(engine.activations().map((a) => a.name));
  for (const key of ['fn', 'act', 'gfact', 'cvact', 'spfn']) for (const v of field(key).default) assert.ok(acts.has(v), `${key} default ${v}`);
  const d = engine.makeDataset('circle', { n: 20, seed: 1 });
  const base = { layers: [2, 2, 1], activation: 'relu', output: 'sigmoid', loss: 'bce', lr: 0.1 };
  for (const opt of field('opt').values) engine.createTrainer({ ...base, optimizer: opt }, d.train).delete();
  for (const init of field('gfinit').values) engine.createTrainer({ ...base, init }, d.train).delete();
  for (const loss of field('loss').values) {
    const output = loss === 'bce' ? 'sigmoid' : 'linear';
    engine.createTrainer({ ...base, loss, output }, d.train).delete();
  }
});

test('collapseIdentity multiplies out an identity network and reproduces its forward pass', () => {
  const model = {
    layers: [2, 3, 2, 1], activation: 'identity', output: 'linear',
    weights: [[[1, 2], [0, -1], [3, 1]], [[1, 0, 2], [-1, 1, 0]], [[2, -3]]], biases: [[1, 0, -1], [0.5, 0], [0.25]],
  };
  const m = engine.collapseIdentity(model);
  // W2 W1 = [[7, 4], [-1, -3]], W3 W2 W1 = [[17, 17]]; c = W3 (W2 b1 + b2) + b3 = 2*(-0.5) - 3*(-1) + 0.25
  assert.deepEqual(m.A, [17, 17]);
  assert.deepEqual(m.M, [[17, 17]]);
  assert.deepEqual(m.c, [2.25]);
  assert.equal(m.inputs, 2);
  assert.equal(m.outputs, 1);
  const f = engine.forward(model, [0.3, -0.7]);
  assert.ok(Math.abs(f.logits[0] - (17 * 0.3 + 17 * -0.7 + 2.25)) < 1e-12);
  assert.throws(() => engine.collapseIdentity({ ...model, activation: 'relu' }), (e) => e.code === 'not_identity_network' && e.details.activation === 'relu');
});

test('a trainer\'s regionAt names the point\'s cell in its last partition, and forgets it after training', () => {
  const d = engine.makeDataset('xor', { n: 60, seed: 4 });
  const tr = engine.createTrainer({ layers: [2, 6, 6, 1], activation: 'relu', output: 'sigmoid', loss: 'bce', lr: 0.1, seed: 2 }, d.train);
  try {
    assert.equal(tr.regionAt([0.5, 0.5]).region, -1, 'no partition yet');
    const reg = tr.regions(engine.dataBox());
    assert.ok(reg.patternRegions > 3);
    for (let i = 0; i < reg.patternRegions; i++) {
      const at = tr.regionAt([reg.centroid[2 * i], reg.centroid[2 * i + 1]]);
      assert.equal(at.region, i, `centroid of region ${i}`);
      assert.equal(reg.patterns[at.region], at.pattern);
    }
    tr.train(5);
    assert.equal(tr.regionAt([0.5, 0.5]).region, -1, 'the weights changed since that partition');
    assert.equal(engine.regionAt(net('relu'), [0.5, 0.5]).region, -1, 'a model alone has no partition');
  } finally {
    tr.delete();
  }
});
