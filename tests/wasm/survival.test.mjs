// The module survives every failure: thousands of failing calls of every kind through the
// engine (bad input, nets thousands of layers deep, requests past a limit, malformed models,
// garbage handed straight to the module) leave the WASM heap at the size it had, the stack
// pointer where it was, no byte allocated and no embind handle behind; afterwards a 2-64-64-64-1 partition is
// the one it was (and a valid partition: areas summing to the box, every cell's pattern and
// map those of a forward pass at its centroid) and a new trainer still follows PyTorch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';
import { CoreError } from '../../web/src/engine.js';
import { referenceFiles, readJson, compare } from './helpers.mjs';

const engine = await loadEngine();
const M = engine.module;

// Seeded nets drawn like torch nn.Linear (U(+-1/sqrt(fan_in))).
function randomNet(layers, seed, activation = 'relu') {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const weights = [], biases = [];
  for (let l = 0; l + 1 < layers.length; ++l) {
    const r = 1 / Math.sqrt(layers[l]);
    weights.push(Array.from({ length: layers[l + 1] }, () => Array.from({ length: layers[l] }, () => (2 * rnd() - 1) * r)));
    biases.push(Array.from({ length: layers[l + 1] }, () => (2 * rnd() - 1) * r));
  }
  return { layers, activation, output: 'linear', weights, biases };
}

// A net `depth` hidden layers deep, 2 wide (about 50 KB of parameters to copy in each call).
const deep = randomNet([2, ...Array(3000).fill(2), 1], 3);
const deepTanhLast = { ...deep, activation: [...Array(2999).fill('relu'), 'tanh'] };
const wide = randomNet([2, 256, 1], 4);
const net64 = randomNet([2, 64, 64, 64, 1], 5);
const wideForward = randomNet([1, 4096, 1], 6);
const circle = engine.makeDataset('circle', { n: 200, noise: 0.2, seed: 1 });
const trainerConfig = { layers: [2, 8, 1], activation: 'relu', output: 'sigmoid', loss: 'bce', lr: 0.1, batchSize: 10, seed: 3 };

// Bytes malloc has handed out and not got back (emmalloc's own accounting).
const inUse = () => M._emmalloc_dynamic_heap_size() - M._emmalloc_free_dynamic_memory();

function fails(fn) {
  try {
    fn();
  } catch (e) {
    if (e instanceof CoreError) return e.code;
    throw e;  // anything else (a RuntimeError, a BindingError) is a failure of the test
  }
  throw new Error('the call did not fail');
}

// Raw module calls with values of the wrong type: the conversions must answer {error}.
function raw(result) {
  assert.equal(typeof result?.error, 'string', `not an error: ${JSON.stringify(result)?.slice(0, 200)}`);
  return result.code;
}

// Each kind of failure, with the error code it must give.
const FAILURES = {
  'unknown activation': () => fails(() => engine.evaluate('rectifier', {}, [1, 2])),
  'bad activation parameter': () => fails(() => engine.evaluate('elu', { alpha: Number.NaN }, [1])),
  'softmax past its Jacobian limit': () => fails(() => engine.softmax([Array(5000).fill(0)], 1, 'softmax')),
  'forward with a non-finite input, 3000 layers deep': () => fails(() => engine.forward(deep, [Number.NaN, 1])),
  'forward with a tanh net of the wrong width': () => fails(() => engine.forward(randomNet([3, 4, 1], 1, 'tanh'), [1, 2])),
  'forward past the answer limit': () => fails(() => engine.forward(wideForward, new Float64Array(5000).fill(0.25), { jacobians: false })),
  'training a 3000-layer net with a NaN learning rate': () =>
    fails(() => engine.trainRun(deep, { loss: 'mse', lr: Number.NaN, batchSize: 1 }, { x: [0.5, 0.5], inputs: 2, y: [1], classes: 0, targetDim: 1 }, 3)),
  'training a 3000-layer net that diverges': () =>
    fails(() => engine.trainRun({ ...deep, weights: deep.weights.map((W) => W.map((r) => r.map((v) => v * 1e30))) },
      { loss: 'mse', lr: 0.1, batchSize: 1 }, { x: [0.5, 0.5], inputs: 2, y: [1], classes: 0, targetDim: 1 }, 3)),
  'regions of a 3000-layer net past the cell limit': () => fails(() => engine.regions(deep, [-4, 4, -4, 4], { maxRegions: 1 })),
  'regions of a 3000-layer net whose last layer is curved': () => fails(() => engine.regions(deepTanhLast, [-4, 4, -4, 4])),
  'regions of a 3000-layer net in 1-D of the wrong input count': () => fails(() => engine.regions(deep, [-4, 4])),
  'regions of a 2-256-1 net past the cell limit': () => fails(() => engine.regions(wide, [-4, 4, -4, 4], { maxRegions: 500 })),
  'regions of an empty box': () => fails(() => engine.regions(net64, [1, 1, -4, 4])),
  'a data set too large': () => fails(() => engine.makeDataset('circle', { n: 1e9 })),
  'a trainer with an unknown optimizer': () => fails(() => engine.createTrainer({ ...trainerConfig, optimizer: 'lbfgs' }, circle.train)),
  'a trainer grid past its side limit': () => {
    const tr = engine.createTrainer(trainerConfig, circle.train);
    try {
      return fails(() => tr.gridView([-6, 6, -6, 6], 1e6, 1e6));
    } finally {
      tr.delete();
    }
  },
  'a malformed model': () => fails(() => engine.forward({ layers: [2, 'x', 1] }, [1, 2])),
  'a model with weights of the wrong shape': () => fails(() => engine.regions({ ...net64, weights: net64.weights.slice(1) }, [-4, 4, -4, 4])),
  'a model imported from malformed JSON': () => {
    let model;
    try {
      model = JSON.parse('{"layers": [2, 8, 1], "weights": [[[1, 2]], "biases": 3}');
    } catch {
      model = { layers: [2, 8, 1], weights: '[[1, 2]]', biases: 3 };
    }
    return fails(() => engine.createTrainerFromModel(model, trainerConfig, circle.train));
  },
  'garbage handed to the module itself': () => {
    raw(M.regions({ layers: 'nope' }, new Float64Array(4), {}));
    raw(M.forward({ layers: [2, 1], activations: 7, params: 'x' }, new Float64Array(2), true));
    return raw(M.evaluate('relu', { alpha: 'x' }, new Float64Array(3)));
  },
};

const EXPECTED = {
  'unknown activation': 'unknown_activation',
  'bad activation parameter': 'param_not_finite',
  'softmax past its Jacobian limit': 'softmax_too_large',
  'forward with a non-finite input, 3000 layers deep': 'forward_input_not_finite',
  'forward with a tanh net of the wrong width': 'x_shape',
  'forward past the answer limit': 'forward_too_large',
  'training a 3000-layer net with a NaN learning rate': 'lr_invalid',
  'training a 3000-layer net that diverges': 'diverged',
  'regions of a 3000-layer net past the cell limit': 'too_many_regions',
  'regions of a 3000-layer net whose last layer is curved': 'not_piecewise_linear',
  'regions of a 3000-layer net in 1-D of the wrong input count': 'box_shape',
  'regions of a 2-256-1 net past the cell limit': 'too_many_regions',
  'regions of an empty box': 'box_empty',
  'a data set too large': 'dataset_points_out_of_range',
  'a trainer with an unknown optimizer': 'unknown_optimizer',
  'a trainer grid past its side limit': 'grid_size_out_of_range',
  'a malformed model': 'model_layers_invalid',
  'a model with weights of the wrong shape': 'model_weights_count',
  'a model imported from malformed JSON': 'model_weights_count',
  'garbage handed to the module itself': 'activation_takes_no_params',
};

test('150 rounds of every failing call leave the heap, the stack and the handles as they were', () => {
  assert.equal(typeof M.stackSave, 'function', 'the module exports stackSave');
  assert.equal(typeof M._emmalloc_free_dynamic_memory, 'function', 'the module exports emmalloc\'s accounting');
  const before = engine.regions(net64, [-4, 4, -4, 4]);
  // Every kind once, so that the heap reaches the size the failing calls themselves need.
  const codes = {};
  for (const [what, fn] of Object.entries(FAILURES)) codes[what] = fn();
  assert.deepEqual(codes, EXPECTED);
  const heap = M.HEAP8.length, used = inUse(), stack = M.stackSave(), handles = M.count_emval_handles();
  let calls = 0;
  const cheap = Object.entries(FAILURES).filter(([what]) => !/3000-layer net that diverges/.test(what));
  for (let round = 0; round < 150; ++round) {
    for (const [what, fn] of cheap) {
      assert.equal(fn(), codes[what], what);
      ++calls;
    }
  }
  assert.ok(calls >= 2500, `${calls} failing calls`);
  assert.equal(M.HEAP8.length, heap, 'the WASM heap grew');
  assert.equal(inUse(), used, 'bytes still allocated after the failing calls');
  assert.equal(M.stackSave(), stack, 'the stack pointer moved');
  assert.equal(M.count_emval_handles(), handles, 'embind handles leaked');

  // The partition is the one it was, and a valid one (independent of the splitter: a forward
  // pass at each cell's centroid gives its pattern and its map).
  const after = engine.regions(net64, [-4, 4, -4, 4]);
  assert.equal(after.patternRegions, before.patternRegions);
  assert.equal(after.affinePieces, before.affinePieces);
  assert.deepEqual(Array.from(after.area), Array.from(before.area));
  let total = 0;
  for (const a of after.area) total += a;
  assert.ok(Math.abs(total - 64) <= 1e-9 * 64, `areas sum to ${total}`);
  for (let i = 0; i < after.patternRegions; i += 97) {
    if (!(after.area[i] > 1e-9)) continue;
    const at = engine.regionAt(net64, [after.centroid[2 * i], after.centroid[2 * i + 1]]);
    assert.equal(at.pattern, after.patterns[i], `cell ${i}: pattern`);
    for (let k = 0; k < 2; ++k) assert.ok(Math.abs(at.A[k] - after.A[2 * i + k]) <= 1e-9, `cell ${i}: A`);
  }
});

test('after the failures a new trainer still follows PyTorch to 1e-9', () => {
  for (let i = 0; i < 30; ++i) for (const fn of Object.values(FAILURES)) if (fn !== FAILURES['training a 3000-layer net that diverges']) fn();
  const ref = readJson(referenceFiles('torch', 'train_2_8_1_relu_mse')[0]);
  const q = ref.request;
  const x = q.x.flat(), y = q.y.flat();
  const r = engine.trainRun(
    { layers: q.layers, activation: q.activation, output: q.output, weights: q.weights, biases: q.biases },
    { loss: q.loss, lr: q.lr, batchSize: q.batch_size, batching: q.batching, optimizer: q.optimizer, l2: q.l2 ?? 0 },
    { x, inputs: q.layers[0], y, classes: 0, targetDim: 1 }, q.steps);
  const c = compare(Array.from(r.lossHistory), ref.expected.loss_history, 0, ref.tolerance.loss_rel);
  assert.equal(c.firstBad, -1, `loss_history[${c.firstBad}]: ${c.got?.[c.firstBad]} vs torch ${c.ref?.[c.firstBad]}`);
  // And a page trainer learns the circle as it does in a fresh module.
  const tr = engine.createTrainer(trainerConfig, circle.train, circle.test);
  try {
    const first = tr.stats().trainLoss;
    tr.train(2000);
    assert.ok(tr.stats().trainLoss < 0.5 * first, `loss ${first} -> ${tr.stats().trainLoss}`);
  } finally {
    tr.delete();
  }
});
