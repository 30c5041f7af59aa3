// Experiments 6 and 7 (dead ReLUs, Leaky ReLU): seeded training runs that record, at
// checkpoints, which hidden neurons are positive on no training point. Engine in, plain data
// out: no DOM and no timers, so node tests run it; the panel drives a job in time-budgeted
// chunks (job.step(ms)) and draws what it returns.
// "Dead" is the core's activeCounts == 0 (pre-activation <= 0 on every training point). For
// Leaky ReLU the same count means "never positive": such a neuron still passes slope alpha.

export const DEAD_ACTS = ['relu', 'leaky_relu'];
export const LEAKY_SLOPE = 0.01;
export const DEAD_DATASETS = ['circle', 'xor', 'moons', 'gaussian', 'spiral'];
/** Learning-rate grid of the sweep: half decades from 1e-3 to 10. */
export const SWEEP_LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

// The fixed part of every run: a 2-16-16-1 net, plain SGD, batches of 10, 200 training points.
export const DEAD_SETUP = { layers: [2, 16, 16, 1], points: 400, noise: 0.5, batchSize: 10, steps: 2000 };
const CHUNK = 100;   // training steps per engine call; small enough for a 10 ms frame budget

/** Training data of the experiment (the same for every run of a data set; seed 1). */
export function deadData(engine, dataset = 'circle') {
  const d = engine.makeDataset(dataset, { n: DEAD_SETUP.points, noise: DEAD_SETUP.noise, seed: 1, testFraction: 0.5 });
  if (d.inputs !== 2 || d.classes !== 2) throw new Error(`${dataset} is not a 2-class data set`);
  return d;
}

/** The trainer config of one run (activation, learning rate, seed). */
export function deadConfig(act, lr, seed, layers = DEAD_SETUP.layers) {
  return {
    layers: layers.slice(), activation: act, activationParams: act === 'leaky_relu' ? { negative_slope: LEAKY_SLOPE } : {},
    output: 'sigmoid', loss: 'bce', optimizer: 'sgd', lr, batchSize: DEAD_SETUP.batchSize, init: 'torch', seed,
  };
}

/** Indices of the neurons active on no training point (activeCounts == 0), layer 1 first. */
export function deadSet(activeCounts) {
  const out = [];
  for (let i = 0; i < activeCounts.length; ++i) if (activeCounts[i] === 0) out.push(i);
  return out;
}

/** Share of dead neurons per hidden layer: sizes [16, 16] -> [share1, share2]. */
export function sharePerLayer(activeCounts, sizes) {
  const out = [];
  let k = 0;
  for (const n of sizes) {
    let dead = 0;
    for (let i = 0; i < n; ++i) if (activeCounts[k + i] === 0) dead++;
    out.push(n ? dead / n : 0);
    k += n;
  }
  return out;
}

function checkpoint(trainer, step) {
  const s = trainer.stats();
  return { step, share: s.deadShare, dead: deadSet(s.activeCounts), perLayer: sharePerLayer(s.activeCounts, trainer.hiddenSizes), loss: s.trainLoss };
}

// How many neurons dead at checkpoint `mid` are alive again at the last one.
function revivals(checks) {
  const last = checks[checks.length - 1];
  const mid = checks[Math.floor((checks.length - 1) / 2)];
  const end = new Set(last.dead);
  const back = mid.dead.filter((i) => !end.has(i));
  return { midStep: mid.step, deadAtMid: mid.dead.length, revived: back.length, stillDead: mid.dead.length - back.length };
}

/**
 * A job of several runs, trained `steps` steps each with a checkpoint every `every` steps
 * (and at 0 and the end). runs: [{act, lr, seed}]. job.step(budgetMs) trains until the budget
 * is spent and returns {done, finished, total}; job.results holds one entry per finished run:
 * {act, lr, seed, share, initialShare, perLayer, diverged, message, stepsDone, loss, checks, ...revivals}.
 * A diverged run stops where the core stopped it (last finite weights) and is flagged.
 */
export function createDeadJob(engine, runs, { dataset = 'circle', steps = DEAD_SETUP.steps, every = steps / 2, layers = DEAD_SETUP.layers } = {}) {
  const data = deadData(engine, dataset);
  const results = [];
  let index = 0;
  let current = null;   // { trainer, run, done, checks, diverged, message }
  let cancelled = false;

  function open(run) {
    const trainer = engine.createTrainer(deadConfig(run.act, run.lr, run.seed, layers), data.train, null);
    try {
      return { trainer, run, done: 0, checks: [checkpoint(trainer, 0)], diverged: false, message: '', nextCheck: every };
    } catch (e) {
      trainer.delete();
      throw e;
    }
  }

  function close(c) {
    const last = c.checks[c.checks.length - 1];
    const r = {
      ...c.run, share: last.share, initialShare: c.checks[0].share, perLayer: last.perLayer, loss: last.loss,
      diverged: c.diverged, message: c.message, error: c.error, stepsDone: c.done, checks: c.checks.map(({ step, share }) => ({ step, share })),
      ...revivals(c.checks),
    };
    c.trainer.delete();
    return r;
  }

  // Advances the current run by one chunk; returns true when it finished.
  function advance(c) {
    const n = Math.min(CHUNK, Math.ceil(c.nextCheck) - c.done, steps - c.done);
    const r = c.trainer.train(n);
    c.done += n;
    if (r.diverged) {
      // The core stops at the step that went non-finite and keeps the weights from before it.
      if (Number.isInteger(r.step) && r.step <= c.done) c.done = r.step;
      c.diverged = true;
      c.message = r.message || 'diverged';
      c.error = r.error;
      c.checks.push(checkpoint(c.trainer, c.done));
      return true;
    }
    if (c.done >= Math.ceil(c.nextCheck) || c.done >= steps) {
      c.checks.push(checkpoint(c.trainer, c.done));
      c.nextCheck += every;
    }
    return c.done >= steps;
  }

  const job = {
    runs,
    results,
    get total() { return runs.length; },
    get finished() { return results.length; },
    get cancelled() { return cancelled; },
    /** Trains for about budgetMs (at least one chunk); returns progress. */
    step(budgetMs = 10) {
      const t0 = performance.now();
      while (!cancelled && index < runs.length) {
        if (!current) current = open(runs[index]);
        if (advance(current)) {
          results.push(close(current));
          current = null;
          index++;
        }
        if (performance.now() - t0 >= budgetMs) break;
      }
      const done = cancelled || index >= runs.length;
      // Progress counts finished runs plus the share of the current one.
      const partial = current ? current.done / steps : 0;
      return { done, finished: results.length, total: runs.length, progress: runs.length ? (results.length + partial) / runs.length : 1 };
    },
    /** Runs to the end (tests, the command line). */
    runAll() {
      while (!job.step(1e9).done);
      return results;
    },
    /** Stops and frees the current trainer; finished results stay. */
    cancel() {
      cancelled = true;
      if (current) current.trainer.delete();
      current = null;
    },
  };
  return job;
}

/** The runs of a sweep: every activation x learning rate x seed (seeds 1..seeds). */
export function sweepRuns({ acts = DEAD_ACTS, lrs = SWEEP_LRS, seeds = 5 } = {}) {
  const runs = [];
  for (const lr of lrs) for (const act of acts) for (let seed = 1; seed <= seeds; ++seed) runs.push({ act, lr, seed });
  return runs;
}

/**
 * Sweep results -> per activation and learning rate: {act, lr, n, diverged, mean (of the
 * finished, non-diverged runs; null if none), min, max, initial, dots: [{seed, share, diverged}]}.
 */
export function summarizeSweep(results) {
  const groups = new Map();
  for (const r of results) {
    const key = `${r.act}@${r.lr}`;
    if (!groups.has(key)) groups.set(key, { act: r.act, lr: r.lr, runs: [] });
    groups.get(key).runs.push(r);
  }
  const out = [];
  for (const g of groups.values()) {
    const ok = g.runs.filter((r) => !r.diverged);
    const shares = ok.map((r) => r.share);
    const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    out.push({
      act: g.act, lr: g.lr, n: g.runs.length, diverged: g.runs.length - ok.length,
      mean: mean(shares), min: shares.length ? Math.min(...shares) : null, max: shares.length ? Math.max(...shares) : null,
      initial: mean(ok.map((r) => r.initialShare)),
      deadAtMid: ok.reduce((a, r) => a + r.deadAtMid, 0), revived: ok.reduce((a, r) => a + r.revived, 0),
      dots: g.runs.map((r) => ({ seed: r.seed, share: r.share, diverged: r.diverged })),
    });
  }
  return out.sort((a, b) => a.lr - b.lr || DEAD_ACTS.indexOf(a.act) - DEAD_ACTS.indexOf(b.act));
}

/**
 * The headline numbers of a summary: for ReLU the learning rate with the largest mean dead
 * share, Leaky ReLU at that rate, and the stay-dead counts (neurons dead at mid-run, and how many
 * of them were active again at the end) over all finished runs of each activation.
 */
export function sweepHeadline(summary) {
  const relu = summary.filter((s) => s.act === 'relu' && s.mean !== null);
  if (!relu.length) return null;
  const worst = relu.reduce((a, b) => (b.mean > a.mean ? b : a));
  const leaky = summary.find((s) => s.act === 'leaky_relu' && s.lr === worst.lr) || null;
  const first = relu[0];
  const deadAtMid = relu.reduce((a, s) => a + s.deadAtMid, 0);
  const revived = relu.reduce((a, s) => a + s.revived, 0);
  const leakyRows = summary.filter((s) => s.act === 'leaky_relu');
  const leakyAtMid = leakyRows.reduce((a, s) => a + s.deadAtMid, 0);
  const leakyRevived = leakyRows.reduce((a, s) => a + s.revived, 0);
  return { worst, leaky, first, deadAtMid, revived, leakyAtMid, leakyRevived };
}
