// The model as code (op "export"): the PyTorch script of a network, run by Debian's
// python3-torch, gives the outputs of the core's `forward` to 1e-12 for every catalogue
// activation, several depths, identity, sigmoid and softmax outputs and the input features;
// the features' Jacobian matches torch's autograd. The "json" format is the normalised body
// (canonical names, every parameter) and computes the same outputs. Input features are also
// checked against a JavaScript computation of them (training on precomputed features).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { root, alab, compare } from './helpers.mjs';
import { loadEngine } from '../../tools/core-loader.mjs';

const PYTHON = '/usr/bin/python3';
const DRIVER = path.join(root, 'tests/wasm/python/run_exported.py');

// A small seeded generator (mulberry32), so the cases are the same on every run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomNet(rand, layers, scale = 1) {
  const weights = [], biases = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const bound = scale / Math.sqrt(layers[l]);
    weights.push(Array.from({ length: layers[l + 1] }, () => Array.from({ length: layers[l] }, () => (2 * rand() - 1) * bound)));
    biases.push(Array.from({ length: layers[l + 1] }, () => (2 * rand() - 1) * bound));
  }
  return { weights, biases };
}

const points = (rand, n, d, spread = 4) => Array.from({ length: n }, () => Array.from({ length: d }, () => (2 * rand() - 1) * spread));

// Parameters away from the defaults, so the script must carry them.
const PARAMS = {
  leaky_relu: { negative_slope: 0.2 }, prelu: { weight: 0.3 }, rrelu: { lower: 0.1, upper: 0.4 }, elu: { alpha: 1.5 },
  celu: { alpha: 0.7 }, softplus: { beta: 2, threshold: 5 }, hardtanh: { min_val: -0.5, max_val: 2 }, softshrink: { lambd: 0.3 },
  hardshrink: { lambd: 0.3 }, threshold: { threshold: 0.1, value: -0.5 }, squareplus: { b: 2.5 },
};

function runPython(cases) {
  const r = spawnSync(PYTHON, [DRIVER], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `python failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function batch(requests) {
  const r = alab(requests);
  assert.equal(r.status, 0, r.stdout.slice(0, 500));
  return r.json;
}

const catalogue = Object.keys(batch([{ op: 'list' }])[0].activations);

// Every case: a model, inputs, and whether to compare the Jacobian too.
function cases() {
  const rand = rng(20261128);
  const out = [];
  const outputs = ['linear', 'sigmoid', 'softmax'];
  catalogue.forEach((name, i) => {
    const depth = 1 + (i % 4);                         // 1 to 4 hidden layers
    const output = outputs[i % 3];
    const layers = [2, ...Array.from({ length: depth }, (_, l) => 3 + ((i + l) % 4)), output === 'softmax' ? 3 : 1 + (i % 2)];
    out.push({ label: `${name}, ${depth} hidden, ${output}`, model: { layers, activation: name, activation_params: PARAMS[name] ?? {}, output, ...randomNet(rand, layers) }, x: points(rand, 40, 2) });
  });
  // One activation per layer, with aliases and gelu's approximate parameter.
  const mixed = [3, 5, 4, 4, 2];
  out.push({ label: 'mixed layers', model: { layers: mixed, activation: ['swish', 'gelu', 'Leaky-ReLU'], activation_params: [{}, { approximate: 'tanh' }, { alpha: 0.05 }], output: 'softmax', ...randomNet(rand, mixed) }, x: points(rand, 30, 3) });
  out.push({ label: 'no hidden layer', model: { layers: [4, 2], output: 'sigmoid', ...randomNet(rand, [4, 2]) }, x: points(rand, 20, 4) });
  out.push({ label: '1 input, deep tanh', model: { layers: [1, 8, 8, 8, 8, 8, 1], activation: 'tanh', ...randomNet(rand, [1, 8, 8, 8, 8, 8, 1], 2) }, x: points(rand, 50, 1) });
  // Input features: every one, a subset, and a linear net on x1^2 and x2^2.
  const all = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
  out.push({ label: 'all features, relu', jacobian: true, model: { layers: [7, 6, 1], features: all, activation: 'relu', output: 'sigmoid', ...randomNet(rand, [7, 6, 1]) }, x: points(rand, 25, 2) });
  out.push({ label: 'features, tanh, softmax', jacobian: true, model: { layers: [4, 5, 5, 3], features: ['sin(x2)', 'x1*x2', 'x1', 'x2^2'], activation: 'tanh', output: 'softmax', ...randomNet(rand, [4, 5, 5, 3]) }, x: points(rand, 25, 2) });
  // The core's own sine (two-part reduction by pi/2) against torch's, out to |x| = 1e5.
  out.push({ label: 'sine features far out', jacobian: true, model: { layers: [4, 3, 1], features: ['sin(x1)', 'sin(x2)', 'x1', 'x2'], activation: 'tanh', output: 'linear',
    weights: [[[1, 0.5, 1e-5, -1e-5], [-0.7, 1.2, 2e-6, 1e-6], [0.3, -0.4, 0, 0]], [[1, -1, 0.5]]], biases: [[0.1, -0.2, 0.3], [0]] }, x: [...points(rand, 30, 2, 1e5), [1e5, -1e5], [-99999.99, 0.5]] });
  out.push({ label: 'features, identity net', jacobian: true, model: { layers: [4, 3, 1], features: ['x1', 'x2', 'x1^2', 'x2^2'], activation: 'identity', output: 'linear', ...randomNet(rand, [4, 3, 1]) }, x: points(rand, 25, 2) });
  // Any catalogue activation as the output of a regression net (TensorFlow Playground's tanh).
  for (const [name, params] of [['tanh', {}], ['softplus', { beta: 2, threshold: 5 }], ['elu', { alpha: 0.5 }], ['hardtanh', { min_val: -0.5, max_val: 2 }], ['squareplus', { b: 1 }], ['exp', {}], ['swish', {}]]) {
    out.push({ label: `${name} output`, jacobian: true, model: { layers: [2, 5, 2], activation: 'relu', output: name, output_params: params, ...randomNet(rand, [2, 5, 2]) }, x: points(rand, 20, 2) });
  }
  return out;
}

const CASES = cases();

test('the exported PyTorch script computes the outputs of forward to 1e-12 (python3-torch)', () => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm test's bootstrap installs python3-torch`);
  const covered = new Set(CASES.map((c) => c.model.activation).filter((a) => typeof a === 'string'));
  assert.deepEqual(catalogue.filter((n) => !covered.has(n)), [], 'every catalogue activation has a case');
  assert.equal(catalogue.length, 31);
  const exports = batch(CASES.map((c) => ({ op: 'export', format: 'pytorch', ...c.model })));
  const forwards = batch(CASES.map((c) => ({ op: 'forward', ...c.model, x: c.x })));
  const answers = runPython(CASES.map((c, i) => ({ code: exports[i].code, x: c.x, jacobian: !!c.jacobian })));
  CASES.forEach((c, i) => {
    assert.equal(answers[i].error, undefined, `${c.label}: ${answers[i].error}`);
    // Outputs reach about 1e2 (exponential): 1e-12 absolute, or relative above 1.
    const cmp = compare(answers[i].outputs, forwards[i].outputs, 1e-12, 1e-12);
    assert.equal(cmp.firstBad, -1, `${c.label}: torch ${cmp.got?.[cmp.firstBad]} vs core ${cmp.ref?.[cmp.firstBad]} (max diff ${cmp.maxDiff})`);
    if (c.jacobian) {
      const j = compare(answers[i].jacobian, forwards[i].jacobian, 1e-12, 1e-12);
      assert.equal(j.firstBad, -1, `${c.label}: jacobian, max diff ${j.maxDiff}`);
    }
  });
});

test('the script is self-contained: only torch imported, weights as round-trip decimals, output activation included', () => {
  const c = CASES.find((k) => k.label.startsWith('all features'));
  const [{ code }] = batch([{ op: 'export', format: 'pytorch', ...c.model }]);
  const imports = code.split('\n').filter((l) => /^\s*(import|from)\s/.test(l));
  assert.deepEqual(imports, ['import torch', 'from torch import nn']);
  for (const row of c.model.weights[0]) for (const w of row) assert.ok(code.includes(String(w)), `${w} written exactly`);
  assert.match(code, /nn\.Sigmoid\(\),\n\)\.eval\(\)/);
  assert.match(code, /torch\.stack\(\[x1, x2, x1 \* x1, x2 \* x2, x1 \* x2, torch\.sin\(x1\), torch\.sin\(x2\)\], dim=1\)/);
});

test('"json" export: the normalised body (canonical names, every parameter) computes the same outputs', () => {
  const c = CASES.find((k) => k.label === 'mixed layers');
  const [{ code }] = batch([{ op: 'export', format: 'json', ...c.model }]);
  const body = JSON.parse(code);
  assert.deepEqual(body.activation, ['silu', 'gelu_tanh', 'leaky_relu']);
  assert.deepEqual(body.activation_params, [{}, {}, { negative_slope: 0.05 }]);
  assert.deepEqual(body.weights, c.model.weights);
  const one = JSON.parse(batch([{ op: 'export', format: 'json', layers: [2, 3, 1], activation: 'elu', ...randomNet(rng(3), [2, 3, 1]) }])[0].code);
  assert.equal(one.activation, 'elu');
  assert.deepEqual(one.activation_params, { alpha: 1 });
  assert.equal(one.output, 'linear');
  const [a, b] = batch([{ op: 'forward', ...c.model, x: c.x }, { op: 'forward', ...body, x: c.x }]);
  assert.deepEqual(b.outputs, a.outputs);
  const f = JSON.parse(batch([{ op: 'export', format: 'json', ...CASES.find((k) => k.label === 'features, identity net').model }])[0].code);
  assert.deepEqual(f.features, ['x1', 'x2', 'x1^2', 'x2^2']);
  const none = JSON.parse(batch([{ op: 'export', format: 'json', ...CASES.find((k) => k.label === 'no hidden layer').model, features: [] }])[0].code);
  assert.equal('features' in none, false, 'an empty feature list is the raw inputs');
  const outs = batch(['exp', 'softplus', 'logistic', 'none', 'softmax'].map((output) => ({ op: 'export', format: 'json', ...CASES[0].model, output })));
  assert.deepEqual(outs.map((o) => [JSON.parse(o.code).output, JSON.parse(o.code).output_params]),
    [['exponential', undefined], ['softplus', { beta: 1, threshold: 20 }], ['sigmoid', undefined], ['linear', undefined], ['softmax', undefined]]);
});

test('export refuses bad requests with {"error"} and status 2', () => {
  const good = CASES[0].model;
  const bad = [
    [{ ...good, format: 'onnx' }, /format/],
    [{ ...good, weights: undefined }, /weights/],
    [{ ...good, activation: 'nope' }, /unknown activation/],
    [{ ...good, output: 'log_softmax' }, /output must be linear, sigmoid, softmax or an activation of the catalogue, not 'log_softmax'/],
    [{ ...good, output: 'elu', output_params: { beta: 1 } }, /elu has no parameter 'beta'/],
    [{ ...good, layers: [3, ...good.layers.slice(1)] }, /weights\[0\]/],
    [{ layers: [2, 1], features: ['x1', 'x3'], ...randomNet(rng(1), [2, 1]) }, /unknown input feature 'x3'/],
    [{ layers: [3, 1], features: ['x1', 'x2'], ...randomNet(rng(1), [3, 1]) }, /features lists 2 inputs but layer 0 has 3/],
  ];
  // Sines of inputs beyond 1e5 are refused (forward and train), squares are not.
  const far = { layers: [2, 1], features: ['x1', 'sin(x2)'], ...randomNet(rng(1), [2, 1]) };
  for (const req of [{ op: 'forward', ...far, x: [[0, 100000.01]] }, { op: 'train', ...far, x: [[0, -2e5]], y: [1], steps: 1 }]) {
    const r = alab(req);
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.json.error, /the input feature sin\(x2\) needs inputs from -100000 to 100000/);
  }
  assert.equal(alab({ op: 'forward', ...far, features: ['x1', 'x2^2'], x: [[0, 1e100]] }).status, 0);
  for (const [model, pattern] of bad) {
    const r = alab({ op: 'export', format: 'pytorch', ...model });
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.json.error, pattern);
  }
});

// x1, x2 -> the features, computed here in JavaScript.
const FEATURES = { x1: (a) => a, x2: (a, b) => b, 'x1^2': (a) => a * a, 'x2^2': (a, b) => b * b, 'x1*x2': (a, b) => a * b, 'sin(x1)': (a) => Math.sin(a), 'sin(x2)': (a, b) => Math.sin(b) };

test('input features: forward, Jacobian and training equal those of a plain net on the features computed in JavaScript', () => {
  const features = ['x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)', 'x1'];
  const rand = rng(77);
  const layers = [6, 5, 2];
  const net = { layers, activation: 'tanh', output: 'softmax', ...randomNet(rand, layers) };
  const x = points(rand, 30, 2, 3);
  const fx = x.map(([a, b]) => features.map((f) => FEATURES[f](a, b)));
  const y = x.map(([a, b]) => (a * a + b * b < 4 ? 1 : 0));
  const train = { op: 'train', loss: 'cross_entropy', lr: 0.3, steps: 25, batch_size: 8, optimizer: 'momentum', y };
  const [withF, plain, trainF, trainPlain] = batch([
    { op: 'forward', ...net, features, x }, { op: 'forward', ...net, x: fx },
    { ...train, ...net, features, x }, { ...train, ...net, x: fx },
  ]);
  for (const key of ['outputs', 'hidden_activations']) {
    const cmp = compare(withF[key], plain[key], 1e-14, 1e-14);
    assert.equal(cmp.firstBad, -1, `${key}: max diff ${cmp.maxDiff}`);
  }
  // d/dx of the raw inputs: the plain net's Jacobian (per feature) times the features' derivatives.
  const dF = ([a, b]) => [[2 * a, 0], [0, 2 * b], [b, a], [Math.cos(a), 0], [0, Math.cos(b)], [1, 0]];
  withF.jacobian.forEach((J, s) => {
    const D = dF(x[s]);
    J.forEach((row, k) => row.forEach((v, q) => {
      const want = plain.jacobian[s][k].reduce((acc, jf, f) => acc + jf * D[f][q], 0);
      assert.ok(Math.abs(v - want) <= 1e-13, `jacobian ${s},${k},${q}: ${v} vs ${want}`);
    }));
  });
  // The core's sine and JavaScript's differ by an ulp now and then, which 25 steps carry along.
  for (const key of ['weights', 'loss_history', 'final_outputs']) {
    const cmp = compare(trainF[key], trainPlain[key], 1e-12, 1e-12);
    assert.equal(cmp.firstBad, -1, `${key}: max diff ${cmp.maxDiff}`);
  }
});

test('input features: a net without hidden non-linearity on x1^2 and x2^2 separates the circle; without them it cannot', () => {
  const rand = rng(5);
  const x = points(rand, 200, 2, 4);
  const y = x.map(([a, b]) => (a * a + b * b < 6 ? 1 : 0));
  const run = (features) => {
    const layers = [features ? features.length : 2, 2, 1];
    const [r] = batch([{ op: 'train', layers, ...(features ? { features } : {}), activation: 'identity', output: 'sigmoid', loss: 'bce', lr: 0.05, steps: 3000, optimizer: 'adam', x, y, ...randomNet(rng(9), layers) }]);
    return r.final_outputs.reduce((acc, [p], i) => acc + ((p > 0.5 ? 1 : 0) === y[i] ? 1 : 0), 0) / y.length;
  };
  const withSquares = run(['x1', 'x2', 'x1^2', 'x2^2']);
  const linear = run(null);
  assert.ok(withSquares > 0.97, `with x1^2, x2^2: accuracy ${withSquares}`);
  assert.ok(linear < 0.8, `plain inputs: accuracy ${linear}`);
});

test('a net with curved input features has no linear regions (features_not_linear); x1, x2 alone are the plain inputs', async () => {
  const engine = await loadEngine();
  const layers = [3, 4, 1];
  const model = { layers, features: ['x1', 'x2', 'x1^2'], activation: 'relu', ...randomNet(rng(2), layers) };
  assert.throws(() => engine.regions(model, [-1, 1, -1, 1]), (e) => e.code === 'features_not_linear');
  assert.throws(() => engine.regionAt(model, [0.5, 0.5]), (e) => e.code === 'features_not_linear');
  const rand = rng(8);
  const x = Float64Array.from(points(rand, 20, 2).flat());
  const y = Float64Array.from({ length: 20 }, (_, i) => i % 2);
  const trainer = engine.createTrainerFromModel({ ...model, output: 'sigmoid' }, { loss: 'bce', lr: 0.1, batchSize: 20 }, { x, y, n: 20 });
  try {
    assert.throws(() => trainer.regions([-1, 1, -1, 1]), (e) => e.code === 'features_not_linear');
    assert.deepEqual(trainer.exportModel().features, model.features);
    // The grid reads the plane's points and computes the features itself: its centre pixel is the net at (0, 0).
    const grid = trainer.grid([-1, 1, -1, 1], 3, 3);
    const [{ outputs }] = batch([{ op: 'forward', ...model, output: 'sigmoid', x: [[0, 0]] }]);
    assert.ok(Math.abs(grid[4] - outputs[0][0]) < 1e-5, `${grid[4]} vs ${outputs[0][0]}`);
  } finally {
    trainer.delete();
  }
  const plainModel = { layers: [2, 3, 1], ...randomNet(rng(4), [2, 3, 1]) };
  assert.equal(engine.regions({ ...plainModel, features: ['x1', 'x2'] }, [-1, 1, -1, 1]).patternRegions, engine.regions(plainModel, [-1, 1, -1, 1]).patternRegions);
  const [a, b] = batch([{ op: 'forward', ...plainModel, features: ['x1', 'x2'], x: [[0.5, -1]] }, { op: 'forward', ...plainModel, x: [[0.5, -1]] }]);
  assert.deepEqual(a, b);
});
