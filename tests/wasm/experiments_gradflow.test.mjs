// The experiment logic of the Why non-linearity, Gradient flow and Convergence panels
// (web/src/panels/*/experiment.js) against the shipped WASM core and against cases worked out
// independently: gradient norms per layer of a fixed 3-layer sigmoid net against central
// differences of the BCE loss computed here from engine.forward, mean activations against the
// forward pass, the identity product against a hand-multiplied one, and the runners against
// direct trainer calls. Every trainer an experiment opens is deleted, also when cancelled.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';
import { layerProfile, createGradflow, gradflowConfig, gradflowData } from '../../web/src/panels/gradflow/experiment.js';
import { boundaryOnLine, nonlinearityRun, nonlinearityConfig } from '../../web/src/panels/nonlinearity/experiment.js';
import { convergenceSweep, convergenceConfig, meanReached } from '../../web/src/panels/convergence/experiment.js';

const engine = await loadEngine();

// The engine with a count of trainers created and not yet deleted.
function countingEngine() {
  const e = Object.create(engine);
  e.open = 0;
  const wrap = (tr) => {
    e.open++;
    const del = tr.delete.bind(tr);
    let gone = false;
    tr.delete = () => { if (!gone) e.open--; gone = true; del(); };
    return tr;
  };
  e.createTrainer = (...a) => wrap(engine.createTrainer(...a));
  e.createTrainerFromModel = (...a) => wrap(engine.createTrainerFromModel(...a));
  return e;
}

function runToEnd(gen) {
  let r;
  let yields = 0;
  while (!(r = gen.next()).done) yields++;
  return { value: r.value, yields };
}

// A 2-3-3-1 sigmoid network with fixed, asymmetric weights and 5 labelled points.
const MODEL = {
  layers: [2, 3, 3, 1], activation: 'sigmoid', output: 'sigmoid',
  weights: [
    [[0.8, -1.1], [0.3, 0.9], [-1.4, 0.2]],
    [[1.2, -0.7, 0.5], [-0.3, 0.8, 1.1], [0.6, 0.4, -0.9]],
    [[1.5, -2.0, 0.7]],
  ],
  biases: [[0.1, -0.2, 0.3], [0.05, -0.15, 0.2], [-0.1]],
};
const X = [0.5, -1.0, -0.3, 0.8, 1.2, 0.4, -0.7, -0.6, 0.0, 1.5];
const Y = [1, 0, 1, 0, 1];
const DATA = { x: Float64Array.from(X), y: Float64Array.from(Y), n: 5 };

// BCE (PyTorch's mean over samples) computed here from the core's forward logits:
// loss = mean(softplus(z) - y z), the stable form of -[y log p + (1-y) log(1-p)].
function bce(model) {
  const f = engine.forward(model, X, { jacobians: false });
  let s = 0;
  for (let i = 0; i < Y.length; i++) {
    const z = f.logits[i];
    s += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - Y[i] * z;
  }
  return s / Y.length;
}

function centralNorms(model, h = 1e-6) {
  const norms = [];
  for (let l = 0; l < model.weights.length; l++) {
    let sq = 0;
    const bump = (get, set) => {
      const v = get();
      set(v + h); const up = bce(model);
      set(v - h); const down = bce(model);
      set(v);
      const g = (up - down) / (2 * h);
      sq += g * g;
    };
    model.weights[l].forEach((row, i) => row.forEach((_, j) => bump(() => row[j], (v) => { row[j] = v; })));
    model.biases[l].forEach((_, i) => bump(() => model.biases[l][i], (v) => { model.biases[l][i] = v; }));
    norms.push(Math.sqrt(sq));
  }
  return norms;
}

test('gradient norm per layer of a 3-layer sigmoid net equals central differences of the BCE loss', () => {
  const model = structuredClone(MODEL);
  const tr = engine.createTrainerFromModel(model, { loss: 'bce', optimizer: 'sgd', lr: 0.1, batchSize: 5 }, DATA);
  try {
    const p = layerProfile(tr);
    const want = centralNorms(model);
    assert.equal(p.gradNorms.length, 3);
    assert.ok(want.every((v) => v > 1e-4), `the check needs non-zero gradients: ${want}`);
    const diffs = p.gradNorms.map((g, i) => Math.abs(g - want[i]) / want[i]);
    assert.ok(Math.max(...diffs) < 1e-6, `relative differences ${diffs} (core ${p.gradNorms}, central ${want})`);
    assert.equal(p.ratio, p.gradNorms[0] / p.gradNorms[2]);
    assert.ok(Math.abs(p.loss - bce(model)) < 1e-12, `loss ${p.loss} vs ${bce(model)}`);
  } finally {
    tr.delete();
  }
});

test('mean activation per hidden layer is the mean of the forward pass activations', () => {
  const tr = engine.createTrainerFromModel(MODEL, { loss: 'bce', optimizer: 'sgd', lr: 0.1, batchSize: 5 }, DATA);
  try {
    const p = layerProfile(tr);
    const f = engine.forward(MODEL, X, { jacobians: false });
    // hiddenAct is layer-major: layer 1 as N x 3, then layer 2 as N x 3.
    const want = [0, 1].map((l) => f.hiddenAct.slice(l * 15, (l + 1) * 15).reduce((a, b) => a + b, 0) / 15);
    assert.equal(p.meanActivations.length, 2);
    p.meanActivations.forEach((m, l) => assert.ok(Math.abs(m - want[l]) < 1e-12, `layer ${l + 1}: ${m} vs ${want[l]}`));
    // Sigmoid outputs are positive: never zero-centred.
    assert.ok(p.meanActivations.every((m) => m > 0));
  } finally {
    tr.delete();
  }
});

test('the core\'s identity product equals the hand-multiplied matrix and the forward pass', () => {
  const model = {
    layers: [2, 2, 2, 1], activation: 'identity', output: 'linear',
    weights: [[[1, 2], [3, 4]], [[2, 0], [1, 1]], [[1, -1]]],
    biases: [[1, -1], [0, 1], [0.5]],
  };
  // By hand: W2 W1 = [[2, 4], [4, 6]]; W3 W2 W1 = [[-2, -2]];
  // c = W3 (W2 b1 + b2) + b3 = W3 [2, 1] + 0.5 = 1.5.
  const { M, c } = engine.collapseIdentity(model);
  assert.deepEqual(M, [[-2, -2]]);
  assert.deepEqual(c, [1.5]);
  const xs = [0.3, -0.7, 2, 1, -1.5, 0.25];
  const f = engine.forward(model, xs, { jacobians: false });
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(f.logits[i] - (M[0][0] * xs[2 * i] + M[0][1] * xs[2 * i + 1] + c[0])) < 1e-12);
});

test('boundaryOnLine finds every crossing of a linear map on its line and few of a circle', () => {
  const W = 40, box = [-6, 6, -6, 6];
  const lin = new Float32Array(W * W);
  const circ = new Float32Array(W * W);
  for (let r = 0; r < W; r++) for (let k = 0; k < W; k++) {
    const x = -6 + (12 * k) / (W - 1), y = 6 - (12 * r) / (W - 1);
    lin[r * W + k] = 1 / (1 + Math.exp(-(0.7 * x - 0.4 * y + 0.3)));
    circ[r * W + k] = x * x + y * y < 9 ? 0.9 : 0.1;
  }
  const a = boundaryOnLine(lin, W, W, box, [0.7, -0.4], 0.3);
  assert.ok(a.rows > 0 && a.onLine === a.rows, JSON.stringify(a));
  const b = boundaryOnLine(circ, W, W, box, [0.7, -0.4], 0.3);
  assert.ok(b.onLine < b.rows / 4, JSON.stringify(b));
});

test('the non-linearity experiment: identity net is one affine map with a straight boundary; numbers equal direct trainer calls', () => {
  const e = countingEngine();
  const s = { depth: 2, width: 4, activation: 'tanh', seed: 3, steps: 300 };
  const { value: r, yields } = runToEnd(nonlinearityRun(e, s));
  assert.equal(e.open, 0, 'trainers left open');
  assert.equal(yields, 3);
  assert.equal(r.linear.regions, 1);
  assert.ok(r.linear.line.rows > 0 && r.linear.line.onLine === r.linear.line.rows, JSON.stringify(r.linear.line));
  // M and c reproduce the identity network's logits.
  const f = engine.forward(r.linear.model, r.data.test.x, { jacobians: false });
  for (let i = 0; i < r.data.test.n; i++) {
    const z = r.linear.M[0][0] * r.data.test.x[2 * i] + r.linear.M[0][1] * r.data.test.x[2 * i + 1] + r.linear.c[0];
    assert.ok(Math.abs(f.logits[i] - z) < 1e-9 * Math.max(1, Math.abs(z)));
  }
  // The same accuracies from a direct run of the same configuration.
  const d = engine.makeDataset('circle', { n: 300, noise: 0.3, seed: 3, testFraction: 0.3 });
  for (const [side, act] of [['linear', 'identity'], ['nonlinear', 'tanh']]) {
    const tr = engine.createTrainer(nonlinearityConfig({ ...s, activation: act }), d.train, d.test);
    tr.train(300);
    const st = tr.stats();
    tr.delete();
    assert.equal(r[side].testAccuracy, st.testAccuracy, side);
    assert.equal(r[side].trainLoss, st.trainLoss, side);
  }
  assert.ok(r.nonlinear.testAccuracy > r.linear.testAccuracy, `tanh ${r.nonlinear.testAccuracy} vs identity ${r.linear.testAccuracy}`);
});

test('a cancelled non-linearity run deletes its trainers', () => {
  const e = countingEngine();
  const gen = nonlinearityRun(e, { depth: 2, width: 4, activation: 'relu', seed: 1, steps: 1000 });
  gen.next();
  assert.equal(e.open, 2);
  gen.return();
  assert.equal(e.open, 0);
});

test('gradient flow: per-activation profiles equal direct trainer stats, at init and after training', () => {
  const e = countingEngine();
  const s = { depth: 6, width: 8, activations: ['sigmoid', 'tanh', 'relu'], init: 'torch', seed: 2, lr: 0.1 };
  const g = createGradflow(e, s);
  try {
    g.train(40);
    const data = gradflowData(engine, 2);
    for (const run of g.runs) {
      const tr = engine.createTrainer(gradflowConfig({ ...s, activation: run.activation }), data.train, data.test);
      const init = tr.stats();
      tr.train(40);
      const now = tr.stats();
      tr.delete();
      assert.deepEqual(run.atInit.gradNorms, Array.from(init.gradNorms), run.activation);
      assert.deepEqual(run.now.gradNorms, Array.from(now.gradNorms), run.activation);
      assert.deepEqual(run.now.meanActivations, Array.from(now.meanActivations), run.activation);
      assert.equal(run.atInit.gradNorms.length, 7);
      assert.equal(run.atInit.meanActivations.length, 6);
      assert.equal(run.step, 40);
    }
  } finally {
    g.delete();
  }
  assert.equal(e.open, 0);
});

test('gradient flow at depth 10 (the page default): sigmoid loses far more gradient than tanh and relu', () => {
  const g = createGradflow(engine, { depth: 10, width: 16, activations: ['sigmoid', 'tanh', 'relu'], init: 'torch', seed: 1, lr: 0.1 });
  try {
    const [sig, tanh, relu] = g.runs.map((r) => r.atInit);
    console.log(`depth 10 layer-1 / last gradient norm: sigmoid ${sig.ratio.toExponential(2)}, tanh ${tanh.ratio.toExponential(2)}, relu ${relu.ratio.toExponential(2)}`);
    assert.ok(sig.ratio < 1e-6 && sig.ratio < tanh.ratio / 1e3 && sig.ratio < relu.ratio / 1e3);
    const mean = (p) => p.meanActivations.reduce((a, b) => a + b, 0) / p.meanActivations.length;
    assert.ok(Math.abs(mean(sig) - 0.5) < 0.05 && Math.abs(mean(tanh)) < 0.05, `sigmoid ${mean(sig)}, tanh ${mean(tanh)}`);
  } finally {
    g.delete();
  }
});

// Epochs until the full-data loss <= target, straight from trainer calls.
function directEpochs(data, s, activation, seed) {
  const tr = engine.createTrainer(convergenceConfig({ ...s, activation, seed }), data.train, data.test);
  try {
    if (tr.stats().trainLoss <= s.target) return 0;
    for (let e = 1; e <= s.cap; e++) {
      tr.train(Math.ceil(data.train.n / s.batchSize));
      if (tr.stats().trainLoss <= s.target) return e;
    }
    return null;
  } finally {
    tr.delete();
  }
}

test('the convergence runner returns what direct trainer calls return, and counts misses as misses', () => {
  const e = countingEngine();
  const s = { activations: ['relu', 'tanh', 'sigmoid'], seeds: 2, depth: 1, width: 8, lr: 0.1, batchSize: 10, target: 0.45, cap: 15, dataset: 'circle', dataSeed: 1 };
  const { value: r } = runToEnd(convergenceSweep(e, s));
  assert.equal(e.open, 0);
  const data = engine.makeDataset('circle', { n: 200, noise: 0.3, seed: 1, testFraction: 0.25 });
  for (const row of r.results) {
    const want = [1, 2].map((seed) => directEpochs(data, s, row.activation, seed));
    assert.deepEqual(row.epochs, want, row.activation);
    assert.equal(row.reached, want.filter((x) => x !== null).length);
    if (row.reached) assert.equal(row.mean, meanReached(want));
    else assert.ok(Number.isNaN(row.mean));
  }
  assert.ok(r.results.some((x) => x.epochs.includes(null)), 'this tiny case should include a miss (sigmoid within 15 epochs)');
  assert.ok(r.results.some((x) => x.reached > 0));
  assert.deepEqual(meanReached([3, null, 5]), 4);
});

test('a cancelled convergence sweep deletes the open trainer', () => {
  const e = countingEngine();
  const gen = convergenceSweep(e, { activations: ['relu'], seeds: 3, depth: 1, width: 4, lr: 0.1, batchSize: 10, target: 0.0001, cap: 50 });
  gen.next();
  gen.next();
  assert.equal(e.open, 1);
  gen.return();
  assert.equal(e.open, 0);
});
