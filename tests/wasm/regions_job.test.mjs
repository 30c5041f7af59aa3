// engine.regionsJob, the partition the page computes a slice at a time: after any number of
// steps it hands over exactly what engine.regions gives for the same net (cells, patterns,
// vertices, maps, pieces), the first step does a fixed amount of work (a small net is done
// after it whatever the clock says), progress only grows, the job keeps its own copy of the
// net while a trainer goes on training, and bad requests throw the same CoreError.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';

const engine = await loadEngine();

// A torch-initialised trainer of the given hidden widths on the moons data.
function trainer(widths, activation = 'relu', seed = 3) {
  const d = engine.makeDataset('moons', { n: 200, noise: 0.1, seed, testFraction: 0.25 });
  return { tr: engine.createTrainer({ layers: [2, ...widths, 1], activation, output: 'sigmoid', loss: 'bce', optimizer: 'adam', lr: 0.01, batchSize: 16, init: 'torch', seed }, d.train, d.test), box: d.box };
}

// Steps with a tiny budget until done; returns the result and the progress reports.
function runToEnd(job, budgetMs) {
  const seen = [];
  for (;;) {
    const r = job.step(budgetMs);
    seen.push(r.progress);
    if (r.done) return { result: r.result, seen };
  }
}

const same = (a, b) => {
  for (const k of ['patternRegions', 'affinePieces', 'neurons', 'outputs', 'maxVertices']) assert.equal(a[k], b[k], k);
  assert.deepEqual(a.patterns, b.patterns);
  for (const k of ['vertexStart', 'vertices', 'area', 'centroid', 'A', 'c', 'piece']) assert.deepEqual(Array.from(a[k]), Array.from(b[k]), k);
};

test('a job gives engine.regions\' partition exactly, for nets small and large', () => {
  for (const [widths, act] of [[[3], 'relu'], [[8, 8], 'leaky_relu'], [[16, 16, 16], 'relu'], [[32, 32, 32, 32], 'relu'], [[12, 12], 'hardtanh']]) {
    const { tr, box } = trainer(widths, act);
    tr.train(300);
    const model = tr.exportModel();
    const whole = engine.regions(model, box);
    const { result, seen } = runToEnd(engine.regionsJob(model, box), 0.05);
    same(result, whole);
    assert.ok(seen.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= seen[i - 1])), `progress ${seen}`);
    assert.equal(seen[seen.length - 1], 1);
    tr.delete();
  }
});

test('the first step does a fixed amount of work: a small net is done after it, a 4 x 32 net is not', () => {
  const small = trainer([6, 6]);
  const first = engine.regionsJob(small.tr.exportModel(), small.box).step(0);
  assert.equal(first.done, true);
  same(first.result, engine.regions(small.tr.exportModel(), small.box));
  const big = trainer([32, 32, 32, 32]);
  const job = engine.regionsJob(big.tr.exportModel(), big.box);
  const r = job.step(1e9);   // the first step ignores the budget
  assert.equal(r.done, false);
  assert.ok(r.progress > 0 && r.progress < 1, `progress ${r.progress}`);
  job.cancel();
  job.cancel();   // twice is harmless
  small.tr.delete();
  big.tr.delete();
});

test('jobs after a larger one, after one cancelled half-way and beside a live one give engine.regions\' partition exactly', () => {
  // (The engine starts a freed job again, its buffers kept.)
  const big = trainer([32, 32, 32, 32]);
  const small = trainer([8, 8], 'leaky_relu', 5);
  const bigModel = big.tr.exportModel();
  const smallModel = small.tr.exportModel();
  const bigWhole = engine.regions(bigModel, big.box);
  const smallWhole = engine.regions(smallModel, small.box);
  same(runToEnd(engine.regionsJob(bigModel, big.box), 0.05).result, bigWhole);
  same(runToEnd(engine.regionsJob(smallModel, small.box), 0.05).result, smallWhole);
  const halfway = engine.regionsJob(bigModel, big.box);
  assert.equal(halfway.step(0).done, false);
  halfway.cancel();
  same(runToEnd(engine.regionsJob(smallModel, small.box), 0.05).result, smallWhole);
  const live = engine.regionsJob(bigModel, big.box);
  live.step(0);
  same(runToEnd(engine.regionsJob(smallModel, small.box), 0.05).result, smallWhole);
  same(runToEnd(live, 0.05).result, bigWhole);
  big.tr.delete();
  small.tr.delete();
});

test('the job keeps the net it was given while the trainer trains; 1-D nets are answered at once', () => {
  const { tr, box } = trainer([24, 24]);
  const model = tr.exportModel();
  const whole = engine.regions(model, box);
  const job = engine.regionsJob(model, box);
  let r = job.step(0);
  while (!r.done) {
    tr.train(5);
    r = job.step(0.05);
  }
  same(r.result, whole);
  tr.delete();
  const d = engine.makeDataset('sin', { n: 100, seed: 1 });
  const one = engine.createTrainer({ layers: [1, 16, 16, 1], activation: 'relu', output: 'linear', loss: 'mse', lr: 0.01, init: 'torch', seed: 2 }, d.train);
  const r1 = engine.regionsJob(one.exportModel(), d.box).step();
  assert.equal(r1.done, true);
  assert.deepEqual(Array.from(r1.result.bounds), Array.from(engine.regions(one.exportModel(), d.box).bounds));
  one.delete();
});

test('bad requests throw the CoreError regions() throws', () => {
  const { tr, box } = trainer([4]);
  const model = tr.exportModel();
  const codeOf = (f) => { try { f(); } catch (e) { return e.code; } return 'no error'; };
  for (const bad of [[1, -1, 0, 1], [0, 1]]) {
    assert.equal(codeOf(() => engine.regionsJob(model, bad)), codeOf(() => engine.regions(model, bad)));
  }
  assert.notEqual(codeOf(() => engine.regionsJob({ ...model, activation: 'tanh' }, box)), 'no error');
  const big = trainer([32, 32]);
  const capped = engine.regionsJob(big.tr.exportModel(), big.box, { maxRegions: 10 });
  assert.equal(codeOf(() => runToEnd(capped, 0.05)), codeOf(() => engine.regions(big.tr.exportModel(), big.box, { maxRegions: 10 })));
  tr.delete();
  big.tr.delete();
});
