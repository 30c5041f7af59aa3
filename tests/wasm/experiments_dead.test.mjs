// The experiment runners of the Dead ReLUs, Speed and Softmax panels against the real WASM
// core: the dead share of a net whose biases make known neurons dead (checked against counts
// computed here from engine.forward), the sweep runner against direct trainer calls, the
// softmax panel's numbers against engine.softmax, and the speed runner's output shape.
// No timing assertions: which activation is faster depends on the machine.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';
import {
  createDeadJob, deadConfig, deadData, deadSet, sharePerLayer, summarizeSweep, sweepHeadline, sweepRuns, SWEEP_LRS,
} from '../../web/src/panels/dead/experiment.js';
import { createSpeedJob, relativeTo } from '../../web/src/panels/speed/experiment.js';
import { softmaxView } from '../../web/src/panels/softmax/model.js';

const engine = await loadEngine();

// A small deterministic generator for hand-made weights (independent of the core's RNG).
function lcg(seed) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

// Active counts computed in JS from the core's forward pass: hiddenPre is laid out layer by
// layer, each layer n x width row-major. A neuron is active on a point when its pre-activation > 0.
function countsFromForward(model, x, n) {
  const f = engine.forward(model, x, { jacobians: false });
  const sizes = model.layers.slice(1, -1);
  const counts = [];
  let off = 0;
  for (const w of sizes) {
    for (let j = 0; j < w; ++j) {
      let c = 0;
      for (let p = 0; p < n; ++p) if (f.hiddenPre[off + p * w + j] > 0) c++;
      counts.push(c);
    }
    off += n * w;
  }
  return counts;
}

function handNet(rand, act) {
  const layers = [2, 6, 5, 1];
  const weights = [], biases = [];
  for (let l = 0; l + 1 < layers.length; ++l) {
    weights.push(Array.from({ length: layers[l + 1] }, () => Array.from({ length: layers[l] }, () => 2 * rand() - 1)));
    biases.push(Array.from({ length: layers[l + 1] }, () => 0.5 * rand()));
  }
  // Inputs live in [-6, 6] and |w| <= 1, so |w . x| <= 12: a bias of -100 keeps these two
  // neurons of layer 1 negative on every point.
  biases[0][1] = -100;
  biases[0][4] = -100;
  return { layers, activation: act, activation_params: act === 'leaky_relu' ? { negative_slope: 0.01 } : {}, output: 'sigmoid', weights, biases };
}

for (const act of ['relu', 'leaky_relu']) {
  test(`${act}: biases of -100 make exactly neurons 1 and 4 of layer 1 dead; counts match engine.forward`, () => {
    const data = deadData(engine, 'circle');
    const model = handNet(lcg(7), act);
    const tr = engine.createTrainerFromModel(model, { loss: 'bce', optimizer: 'sgd', lr: 0.1, batchSize: 10 }, data.train, null);
    try {
      const s = tr.stats();
      const mine = countsFromForward(model, data.train.x, data.train.n);
      assert.deepEqual(Array.from(s.activeCounts), mine, 'activeCounts vs counts from hidden pre-activations');
      const dead = deadSet(s.activeCounts);
      assert.deepEqual(dead.filter((i) => i < 6), [1, 4], 'dead neurons of layer 1');
      assert.equal(s.deadShare, dead.length / 11);
      const per = sharePerLayer(s.activeCounts, [6, 5]);
      assert.equal(per[0], 2 / 6);
      assert.equal(per[1], dead.filter((i) => i >= 6).length / 5);
    } finally {
      tr.delete();
    }
  });
}

test('a dead ReLU of layer 1 stays dead under SGD (its weights get zero gradient), a leaky one gets a gradient', () => {
  const data = deadData(engine, 'circle');
  for (const act of ['relu', 'leaky_relu']) {
    const model = handNet(lcg(3), act);
    const tr = engine.createTrainerFromModel(model, { loss: 'bce', optimizer: 'sgd', lr: 0.1, batchSize: 10 }, data.train, null);
    try {
      tr.train(200);
      const after = tr.exportModel();
      const moved = Math.abs(after.weights[0][1][0] - model.weights[0][1][0]) + Math.abs(after.weights[0][1][1] - model.weights[0][1][1]);
      if (act === 'relu') {
        assert.equal(moved, 0, 'a dead ReLU keeps its incoming weights exactly');
        assert.ok(deadSet(tr.stats().activeCounts).includes(1));
      } else {
        assert.ok(moved > 0, 'a never-positive leaky neuron still learns');
      }
    } finally {
      tr.delete();
    }
  }
});

test('the sweep runner returns what direct trainer calls return for the same seeds', () => {
  const runs = [{ act: 'relu', lr: 1, seed: 1 }, { act: 'leaky_relu', lr: 1, seed: 1 }, { act: 'relu', lr: 3, seed: 2 }, { act: 'relu', lr: 0.01, seed: 3 }];
  const steps = 300;
  const job = createDeadJob(engine, runs, { dataset: 'xor', steps, every: 150 });
  // Tiny budgets: many resumptions, the same numbers.
  let guard = 0;
  while (!job.step(0).done) assert.ok(++guard < 10000);
  assert.equal(job.results.length, runs.length);
  const data = deadData(engine, 'xor');
  runs.forEach((run, i) => {
    const tr = engine.createTrainer(deadConfig(run.act, run.lr, run.seed), data.train, null);
    try {
      const s0 = tr.stats();
      const r1 = tr.train(150);
      const s1 = tr.stats();
      const r2 = r1.diverged ? r1 : tr.train(150);
      const s2 = tr.stats();
      const got = job.results[i];
      assert.equal(got.act, run.act);
      assert.equal(got.initialShare, s0.deadShare);
      assert.equal(got.checks[1].share, s1.deadShare);
      assert.equal(got.share, s2.deadShare, `${run.act} lr ${run.lr} seed ${run.seed}`);
      assert.equal(got.diverged, !!r2.diverged);
      const mid = new Set(deadSet(s1.activeCounts));
      const end = new Set(deadSet(s2.activeCounts));
      assert.equal(got.deadAtMid, mid.size);
      assert.equal(got.revived, [...mid].filter((k) => !end.has(k)).length);
      assert.ok(Math.abs(got.loss - s2.trainLoss) <= 0 || (Number.isNaN(got.loss) && Number.isNaN(s2.trainLoss)));
    } finally {
      tr.delete();
    }
  });
});

test('a diverging run is flagged with the core message and kept out of the mean', () => {
  const job = createDeadJob(engine, [{ act: 'leaky_relu', lr: 10, seed: 1 }, { act: 'leaky_relu', lr: 10, seed: 2 }, { act: 'relu', lr: 10, seed: 1 }], { steps: 400 });
  const results = job.runAll();
  const div = results.filter((r) => r.diverged);
  assert.ok(div.length >= 1, 'leaky relu at learning rate 10 diverges on the circle');
  for (const r of div) {
    assert.match(r.message, /diverg|NaN|inf/i);
    assert.ok(r.stepsDone < 400);
  }
  const sum = summarizeSweep(results);
  const leaky = sum.find((s) => s.act === 'leaky_relu');
  assert.equal(leaky.n, 2);
  assert.equal(leaky.diverged, results.filter((r) => r.act === 'leaky_relu' && r.diverged).length);
  const ok = results.filter((r) => r.act === 'leaky_relu' && !r.diverged);
  assert.equal(leaky.mean, ok.length ? ok.reduce((a, r) => a + r.share, 0) / ok.length : null);
});

test('sweep runs cover activations x learning rates x seeds; cancel frees the trainer and stops', () => {
  const runs = sweepRuns({ seeds: 3 });
  assert.equal(runs.length, SWEEP_LRS.length * 2 * 3);
  const job = createDeadJob(engine, runs, { steps: 2000 });
  job.step(1);
  job.cancel();
  const p = job.step(50);
  assert.equal(p.done, true);
  assert.ok(job.results.length < runs.length);
  assert.equal(sweepHeadline([]), null);
});

test('softmax panel numbers equal engine.softmax, also for scores 1000, 1001, 1002', () => {
  for (const [scores, T] of [[[2, 1, 0.1], 1], [[1000, 1001, 1002], 1], [[3, -1, 0, 7], 0.5], [[1000, 1001], 2]]) {
    for (const variant of ['softmax', 'log_softmax', 'softmin']) {
      const v = softmaxView(engine, scores, T, variant);
      const ref = engine.softmax(scores, T, variant).y;
      assert.deepEqual(v.y, Array.from(ref));
      assert.ok(v.probs.every((p) => Number.isFinite(p) && p >= 0));
      assert.ok(Math.abs(v.sum - 1) < 1e-12, `sum ${v.sum}`);
      v.logProbs.forEach((l, i) => assert.ok(Math.abs(Math.exp(l) - v.probs[i]) < 1e-12));
    }
  }
  // Shifting every score by the same amount does not change softmax; the naive formula overflows.
  const big = softmaxView(engine, [1000, 1001, 1002], 1, 'softmax');
  const small = softmaxView(engine, [0, 1, 2], 1, 'softmax');
  big.probs.forEach((p, i) => assert.ok(Math.abs(p - small.probs[i]) < 1e-15));
  assert.equal(big.naive.finite, false);
  assert.equal(small.naive.finite, true);
  // softmin(s) = softmax(-s).
  const m = softmaxView(engine, [3, 1, 2], 1, 'softmin');
  const neg = engine.softmax([-3, -1, -2], 1, 'softmax').y;
  m.y.forEach((q, i) => assert.ok(Math.abs(q - neg[i]) < 1e-15));
});

test('the speed runner returns positive finite times for each activation, with the exp flags of the catalogue', () => {
  const names = ['relu', 'sigmoid', 'tanh', 'gelu', 'no_such_fn'];
  const job = createSpeedJob(engine, names, { n: 1024, samples: 3, minMs: 0.5 });
  const results = job.runAll();
  assert.deepEqual(job.skipped, ['no_such_fn']);
  assert.deepEqual(results.map((r) => r.name), ['relu', 'sigmoid', 'tanh', 'gelu']);
  const cat = new Map(engine.activations().map((a) => [a.name, a]));
  for (const r of results) {
    assert.ok(Number.isFinite(r.forwardNs) && r.forwardNs > 0, `${r.name} forward ${r.forwardNs}`);
    assert.ok(Number.isFinite(r.backwardNs) && r.backwardNs > 0, `${r.name} backward ${r.backwardNs}`);
    assert.equal(r.usesExp, !!cat.get(r.name).usesExp);
  }
  assert.equal(relativeTo(results, 'relu')[0].forward, 1);
  const j2 = createSpeedJob(engine, ['relu', 'tanh', 'gelu']);
  j2.cancel();
  assert.equal(j2.step(100).done, true);
  assert.equal(j2.results.length, 0);
});
