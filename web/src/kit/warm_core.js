// Warming the core. V8 runs WebAssembly first in its baseline tier and optimises a function
// in the background only after it has run for a while; a call under way keeps the code it
// started with. So the first training passes, statistics and grids of a large net cost
// several times what later ones do (measured in Chromium on the Playground's 8 x 64 net: the
// first statistics 12-86 ms instead of 8-13, 50 training steps 54-79 ms instead of 15-20, a
// 50 x 50 grid 72-227 ms instead of 16-20), each in one task. warmCore() runs the same
// functions on a small net of its own, in slices of a few milliseconds over animation frames
// (kit/job.js), once per core, when a panel that trains or partitions is shown; after it the
// large net's first calls cost what later ones do. A panel about to read a large net's
// statistics waits for it (isCold). It reads and changes nothing the page shows: its own
// data set, trainer and cells, freed at the end.

import { runJob, jobFromGenerator } from './job.js';

const SLICE_MS = 4;            // per animation frame
const ROUNDS = 8;              // of training, statistics and grids (5 were enough, measured)
// Nets with more multiply-adds a point than this (the hidden layers') wait for the warm-up
// before their first statistics: a 4 x 32 net's (3,100) cost a few ms even cold, a 3 x 64
// net's (8,200) and the 8 x 64 net's (28,700) far more.
const LARGE_MACS = 8000;
const warming = new WeakMap(); // engine -> { done }

/**
 * Starts warming `engine`'s core unless it is warm or warming; returns { done } (true once
 * the warm-up has run, or failed: a failure only means the page runs colder).
 */
export function warmCore(engine) {
  let w = warming.get(engine);
  if (w) return w;
  w = { done: false };
  warming.set(engine, w);
  const end = () => { w.done = true; };
  runJob(jobFromGenerator(warmSteps(engine)), { budgetMs: SLICE_MS, onDone: end, onError: end });
  return w;
}

/** True while the warm-up of `engine` is under way and a net of these widths is large. */
export function isCold(engine, layers) {
  let macs = 0;
  for (let l = 1; l + 2 < layers.length; l++) macs += layers[l] * layers[l + 1];
  return macs > LARGE_MACS && !warmCore(engine).done;
}

function* warmSteps(engine) {
  const d = engine.makeDataset('circle', { n: 200, noise: 0.1, seed: 1, testFraction: 0.5 });
  yield;
  let tr = null;
  let job = null;
  try {
    tr = engine.createTrainer({ layers: [2, 32, 32, 1], activation: 'relu', output: 'sigmoid', loss: 'bce', optimizer: 'sgd', lr: 0.03, batchSize: 10, init: 'torch', seed: 1 }, d.train, d.test);
    yield;
    for (let i = 0; i < ROUNDS; i++) {
      tr.train(10);
      yield;
      tr.stats();
      yield;
      tr.gridView(d.box, 24, 4, i % 2 === 1);   // the outputs (heatmaps), every neuron (the neuron pictures)
      yield;
    }
    tr.params();
    yield;
    // Its cells: the splitter's code.
    job = engine.regionsJob(tr.exportModel(), d.box);
    while (!job.step(1).done) yield;
    job = null;
  } finally {
    if (job) job.cancel();
    if (tr) tr.delete();
  }
}
