// The Playground's pieces that need no browser, in node against the built WASM core: CSV and
// learning-rate parsing, the heatmap colour scale, model shape checks, and the session (own
// points join the training set, weights survive an added point, training stops where it is told).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../tools/core-loader.mjs';
import { parseCsvPoints } from '../../web/src/panels/playground/data.js';
import { parseLearningRate } from '../../web/src/panels/playground/arch.js';
import { modelMismatch } from '../../web/src/panels/playground/model_io.js';
import { translator } from '../../web/src/i18n.js';
import { createSession, headFor } from '../../web/src/kit/network_session.js';
import { deadNeurons } from '../../web/src/panels/playground/lessons.js';
import { paintOutputs, CLASS_COLOURS } from '../../web/src/kit/heatmap.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let engine;
before(async () => {
  engine = await loadEngine();
});

const STATE = { ds: 'circle', noise: 0.1, seed: 1, split: 0.5, layers: [8, 8], act: ['tanh', 'tanh'], apar: {}, lr: 0.03, batch: 10, opt: 'sgd', l2: 0, loss: 'bce' };

test('CSV points: x,y,label lines, a header and comments are skipped, bad lines are named', () => {
  const ok = parseCsvPoints('x,y,label\n# mine\n1.5,-2,0\n-3 0.5 1\n\n4;4;1', { inputs: 2, classes: 2 });
  assert.deepEqual(ok, { x: [1.5, -2, -3, 0.5, 4, 4], y: [0, 1, 1], bad: [] });
  const bad = parseCsvPoints('1,2,0\n1,2,2\n1,two,1\n1,2\n0x10,1,0', { inputs: 2, classes: 2 });
  assert.deepEqual(bad.bad, [2, 3, 4, 5]);
  assert.deepEqual(parseCsvPoints('-1,0.5\n2,1e-1', { inputs: 1, classes: 0 }), { x: [-1, 2], y: [0.5, 0.1], bad: [] });
});

test('a learning rate must be a plain number above 0 and at most 100', () => {
  for (const [text, want] of [['0.03', 0.03], [' 1e-3 ', 0.001], ['10', 10], ['NaN', null], ['0', null], ['-1', null],
    ['', null], ['Infinity', null], ['1e3', null], ['0x1', null], ['abc', null]]) {
    assert.equal(parseLearningRate(text), want, `"${text}"`);
  }
});

test('heatmap colours: white on the binary boundary, class colours towards 0 and 1, argmax for softmax', () => {
  const rgba = new Uint8ClampedArray(3 * 4);
  paintOutputs(Float32Array.from([0.5, 0, 1]), 3, 1, 1, rgba);
  assert.deepEqual([...rgba.slice(0, 4)], [255, 255, 255, 255]);
  const tint = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const toward = (px, hex) => tint(hex).every((c, i) => Math.sign(c - 255) === Math.sign(px[i] - 255) || c === 255);
  assert.ok(toward(rgba.slice(4, 8), CLASS_COLOURS[0]), 'p = 0 is class 0');
  assert.ok(toward(rgba.slice(8, 12), CLASS_COLOURS[1]), 'p = 1 is class 1');
  // Neuron-major outputs of 3 classes at 2 pixels: pixel 0 sure of class 2, pixel 1 unsure.
  const out = Float32Array.from([0, 0.34, 0, 0.33, 1, 0.33]);
  const two = new Uint8ClampedArray(8);
  paintOutputs(out, 2, 1, 3, two);
  assert.ok(toward(two.slice(0, 4), CLASS_COLOURS[2]), 'argmax colour');
  assert.ok(two[4] > 240 && two[5] > 240 && two[6] > 240, `an unsure pixel is nearly white: ${two.slice(4, 8)}`);
});

test('a model must fit the problem before the engine sees it', () => {
  const head = { inputs: 2, outputs: 1, output: 'sigmoid' };
  const en = translator('en');
  assert.equal(modelMismatch(en, { layers: [2, 4, 1], output: 'sigmoid' }, head), '');
  assert.match(modelMismatch(en, { layers: [1, 4, 1], output: 'linear' }, head), /needs 2 → … → 1 \(sigmoid\)/);
  assert.match(modelMismatch(en, [], head), /needs “layers”/);
  assert.match(modelMismatch(en, { layers: [2, 100, 1], output: 'sigmoid' }, head), /64/);
  assert.deepEqual(headFor({ kind: 'classification', classes: 5 }, 'bce'), { outputs: 5, output: 'softmax', loss: 'cross_entropy' });
  assert.deepEqual(headFor({ kind: 'classification', classes: 2 }, 'mse'), { outputs: 1, output: 'sigmoid', loss: 'mse' });
  assert.deepEqual(headFor({ kind: 'regression', classes: 0 }, 'bce'), { outputs: 1, output: 'linear', loss: 'mse' });
});

test('dead neurons count only where the activation is flat below zero', () => {
  const stats = { hiddenSizes: [2, 2], activeCounts: Int32Array.from([0, 5, 0, 0]) };
  const flat = engine.flatBelowZero();
  assert.ok(flat.has('relu') && !flat.has('leaky_relu'), 'the core marks ReLU flat below zero, not Leaky ReLU');
  assert.deepEqual(deadNeurons(stats, ['relu', 'leaky_relu'], flat), { dead: 1, negative: 2, total: 4, share: 0.25 });
  assert.deepEqual(deadNeurons(null, [], flat), { dead: 0, negative: 0, total: 0, share: 0 });
});

test('session: own points join the training set and an added point keeps the trained weights', () => {
  const s = createSession(engine);
  s.ensureData(STATE);
  s.ensureTrainer(STATE);
  const n0 = s.sets().train.n;
  s.trainFor(50, 500);
  const trained = s.trainer.exportModel();
  s.own.x.push(1, 1);
  s.own.y.push(1);
  s.ensureTrainer(STATE, { keepWeights: true });
  assert.equal(s.sets().train.n, n0 + 1);
  assert.deepEqual(s.trainer.exportModel().weights, trained.weights, 'weights lost when a point was added');
  // Removing a generated point: the data is not regenerated and the trainer follows.
  const [gx, gy] = [s.base.train.x[0], s.base.train.x[1]];
  assert.equal(s.removeNearest(gx + 0.01, gy, 0.1), true);
  assert.equal(s.ensureData(STATE), false, 'an edit must not regenerate the data');
  const before = s.trainer;
  s.ensureTrainer(STATE, { keepWeights: true });
  assert.notEqual(s.trainer, before, 'the trainer did not follow the edited data');
  assert.equal(s.sets().train.n, n0);
  assert.equal(s.removeNearest(100, 100, 0.1), false);
  // A new dataset drops the own points; a new seed of the same dataset keeps them.
  s.ensureData({ ...STATE, seed: 2 });
  assert.equal(s.ownCount(), 1);
  s.ensureData({ ...STATE, ds: 'xor' });
  assert.equal(s.ownCount(), 0);
  s.dispose();
});

// No clock in the assertions: the budget is made large, so maxSteps decides where training stops.
test('session: trainFor stops at exactly maxSteps, trains at least one step on a zero budget, and records the loss history', () => {
  const s = createSession(engine);
  s.ensureData(STATE);
  s.ensureTrainer(STATE);
  const r = s.trainFor(600000, 200);
  assert.equal(r.step, 200, 'maxSteps is exact');
  assert.equal(s.history.train.length, 2);
  assert.ok(s.history.train[1].y < s.history.train[0].y, 'loss went down');
  assert.equal(s.trainFor(600000, 7).step, 207, 'maxSteps is exact again');
  const z = s.trainFor(0, 5).step;
  assert.ok(z > 207 && z <= 212, `a zero budget still trains one chunk (step ${z})`);
  s.dispose();
});

// The clock is read around refresh() and the times asked about are built from it: no timing in the assertions.
test('session: the statistics are due again once the net trained and nine times their cost has passed since they were read', () => {
  const s = createSession(engine);
  s.ensureData(STATE);
  s.ensureTrainer(STATE, { refresh: false });
  assert.equal(s.statsDue(), true, 'never read: due');
  const before = performance.now();
  s.refresh();
  const after = performance.now();
  assert.ok(s.statsMs >= 0 && s.statsMs <= after - before);
  assert.equal(s.statsDue(after + 1e6), false, 'not trained since: not due, however long after');
  s.trainFor(600000, 5, false);
  assert.equal(s.statsDue(before + 9 * s.statsMs - 1e-6), false, 'less than nine times their cost after they were read');
  assert.equal(s.statsDue(after + 9 * s.statsMs), true, 'nine times their cost after');
  // due(t + 9 * cost) is false exactly when they were read after t.
  const mid = performance.now();
  s.trainFor(600000, 20);   // reads them again at its end
  assert.equal(s.statsDue(mid + 9 * s.statsMs), false, 'read by trainFor');
  const read = performance.now();
  s.trainFor(600000, 20, false);
  assert.equal(s.statsDue(read + 9 * s.statsMs), true, 'trainFor without refresh does not read them');
  s.dispose();
});

test('an exported model is valid "network fields": the command-line tool predicts the same', () => {
  const s = createSession(engine);
  const st = { ...STATE, ds: 'blobs3', layers: [5, 4], act: ['relu', 'gelu'], opt: 'adam', lr: 0.01 };
  s.ensureData(st);
  s.ensureTrainer(st);
  s.trainFor(1000, 300);
  const model = s.trainer.exportModel();
  const x = [[0.5, -1], [3, 2], [-4, 0.25]];
  const mine = s.trainer.predict(Float64Array.from(x.flat()));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'tools/alab.mjs')], {
    input: JSON.stringify({ op: 'forward', ...model, x }), encoding: 'utf8', env: { ...process.env, ALAB_CACHE: '0' } });   // no writer left behind
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const theirs = JSON.parse(r.stdout).outputs.flat();
  assert.equal(theirs.length, mine.length);
  const diff = Math.max(...theirs.map((v, i) => Math.abs(v - mine[i])));
  assert.ok(diff <= 1e-12, `max difference ${diff}`);
  s.dispose();
});

test('activation parameters per layer reach the trainer and its exported model', () => {
  const s = createSession(engine);
  const st = { ...STATE, act: ['leaky_relu', 'elu'], apar: { 'l1.negative_slope': 0.2, 'l2.alpha': 0.5, 'l3.alpha': 9 } };
  s.ensureData(st);
  const cfg = s.config(st);
  assert.deepEqual(cfg.activationParams, [{ negative_slope: 0.2 }, { alpha: 0.5 }]);
  s.ensureTrainer(st);
  const p = s.trainer.exportModel().activation_params;
  assert.deepEqual(Array.isArray(p) ? p : [p, p], [{ negative_slope: 0.2 }, { alpha: 0.5 }]);
  // A changed parameter is a different network: the trainer is rebuilt.
  const before = s.trainer;
  s.ensureTrainer({ ...st, apar: { 'l1.negative_slope': 0.3 } });
  assert.notEqual(s.trainer, before);
  s.dispose();
});
