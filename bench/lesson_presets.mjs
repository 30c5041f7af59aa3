// The numbers behind the guided lesson's presets (web/src/panels/lesson/steps.js) and the
// README's claims table: every preset run over seeds 1..N with the same experiment code the
// page runs (the panels' experiment.js modules against the WASM core in node), reported as
// median, interquartile range and min-max. Deterministic: the same core gives the same table.
//   node bench/lesson_presets.mjs [--seeds 20] [--dead-seeds 40] [--only dead,gradflow,...] [--json]
// Slow parts (the deep networks, convergence) take a few minutes on one core.

import { loadEngine } from '../tools/core-loader.mjs';
import { createDeadJob } from '../web/src/panels/dead/experiment.js';
import { createGradflow } from '../web/src/panels/gradflow/experiment.js';
import { nonlinearityRun } from '../web/src/panels/nonlinearity/experiment.js';
import { convergenceSweep } from '../web/src/panels/convergence/experiment.js';
import { LESSON_PRESETS } from '../web/src/panels/lesson/presets.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const N = Number(opt('seeds', 20));
const only = opt('only', '') ? new Set(opt('only', '').split(',')) : null;
const json = args.includes('--json');
const seeds = Array.from({ length: N }, (_, i) => i + 1);
const engine = await loadEngine();

/** Quantile p of xs (linear interpolation between order statistics). */
function quantile(xs, p) {
  const s = xs.slice().sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
function spread(xs) {
  if (!xs.length) return null;
  return { n: xs.length, median: quantile(xs, 0.5), q1: quantile(xs, 0.25), q3: quantile(xs, 0.75), min: Math.min(...xs), max: Math.max(...xs) };
}
const runGen = (g) => { let r = g.next(); while (!r.done) r = g.next(); return r.value; };

const out = {};
const want = (k) => !only || only.has(k);

if (want('nonlinearity')) {
  for (const [name, p] of Object.entries({ linear: LESSON_PRESETS.linear, deepTanh: LESSON_PRESETS.deepTanh, deepRelu: LESSON_PRESETS.deepRelu })) {
    const lin = [];
    const non = [];
    for (const seed of seeds) {
      const r = runGen(nonlinearityRun(engine, { depth: p.nld, width: p.nlw, activation: p.nlact, seed }));
      lin.push(r.linear.testAccuracy);
      non.push(r.nonlinear.testAccuracy);
    }
    out[name] = { identity: spread(lin), [p.nlact]: spread(non), seed1: { identity: lin[0], [p.nlact]: non[0] } };
  }
}

if (want('gradflow')) {
  for (const init of ['torch', 'xavier', 'he']) {
    const acts = ['sigmoid', 'tanh', 'relu'];
    const ratio = Object.fromEntries(acts.map((a) => [a, []]));
    const mean = Object.fromEntries(acts.map((a) => [a, []]));
    for (const seed of seeds) {
      const e = createGradflow(engine, { depth: 10, width: 16, activations: acts, init, seed, lr: 0.1 });
      for (const r of e.runs) {
        ratio[r.activation].push(r.atInit.ratio);
        const m = r.atInit.meanActivations;
        mean[r.activation].push(m.reduce((a, b) => a + b, 0) / m.length);
      }
      e.delete();
    }
    out[`gradflow_${init}`] = Object.fromEntries(acts.map((a) => [a, { ratio: spread(ratio[a]), mean: spread(mean[a]) }]));
  }
}

if (want('convergence')) {
  for (const depth of [2, 6]) {
    const s = { activations: ['relu', 'tanh', 'sigmoid'], seeds: N, depth, width: 16, lr: 0.1, batchSize: 10, target: 0.1, cap: 300, dataset: 'circle', dataSeed: 1 };
    const r = runGen(convergenceSweep(engine, s));
    out[`convergence_d${depth}`] = Object.fromEntries(r.results.map((x) => [x.activation, { reached: x.reached, epochs: spread(x.epochs.filter((e) => e !== null)) }]));
  }
}

if (want('dead')) {
  const p = LESSON_PRESETS.dead;
  const runs = [];
  const deadSeeds = Number(opt('dead-seeds', 40));
  for (let seed = 1; seed <= deadSeeds; seed++) for (const act of ['relu', 'leaky_relu']) runs.push({ act, lr: p.dlr, seed });
  const results = createDeadJob(engine, runs, { dataset: p.dds }).runAll();
  const row = {};
  for (const act of ['relu', 'leaky_relu']) {
    const rs = results.filter((r) => r.act === act);
    const ok = rs.filter((r) => !r.diverged);
    const atMid = ok.reduce((a, r) => a + r.deadAtMid, 0);
    row[act] = {
      diverged: rs.length - ok.length, of: rs.length, share: spread(ok.map((r) => r.share)), loss: spread(ok.map((r) => r.loss)),
      deadAtMid: atMid, revived: ok.reduce((a, r) => a + r.revived, 0),
      perSeed: rs.map((r) => ({ seed: r.seed, share: r.share, loss: r.loss, diverged: r.diverged })),
    };
  }
  out.dead = { preset: p, ...row };
}

if (want('regions')) {
  // The Regions panel's own network (regions/model.js) at initialisation, one per seed.
  const p = LESSON_PRESETS.regions;
  const counts = [];
  for (const seed of seeds) {
    const d = engine.makeDataset(p.rds, { n: 400, noise: 0.1, seed, testFraction: 0.25 });
    const tr = engine.createTrainer({ layers: [2, ...Array(p.rd).fill(p.rw), 1], activation: p.ract, output: 'sigmoid', loss: 'bce',
      optimizer: 'adam', lr: 0.01, batchSize: 16, shuffle: true, init: 'torch', seed }, d.train, d.test);
    counts.push(engine.regions(tr.exportModel(), d.box).patternRegions);
    tr.delete();
  }
  out.regions = { count: spread(counts), seed1: counts[0] };
}

if (json) {
  console.log(JSON.stringify(out, null, 1));
} else {
  const pc = (v) => `${(100 * v).toFixed(1)}%`;
  const g = (v) => Number(v.toPrecision(3));
  const line = (s, f) => (s ? `median ${f(s.median)} (IQR ${f(s.q1)}–${f(s.q3)}, range ${f(s.min)}–${f(s.max)}, n ${s.n})` : 'no runs');
  console.log(`Lesson presets, seeds 1..${N}`);
  for (const [k, v] of Object.entries(out)) {
    if (k === 'dead') {
      for (const act of ['relu', 'leaky_relu']) {
        const r = v[act];
        console.log(`dead ${act}: never active ${line(r.share, pc)}; final loss ${line(r.loss, g)}; diverged ${r.diverged}/${r.of}; of ${r.deadAtMid} neurons never active at mid-run, ${r.revived} active again at the end`);
        console.log(`  per seed: ${r.perSeed.map((x) => `${x.seed}:${x.diverged ? 'div' : pc(x.share)}`).join(' ')}`);
      }
    } else if (k.startsWith('gradflow')) {
      for (const [a, r] of Object.entries(v)) console.log(`${k} ${a}: layer-1/last gradient ${line(r.ratio, g)}; mean activation ${line(r.mean, (x) => x.toFixed(3))}`);
    } else if (k === 'regions') {
      console.log(`regions (own ReLU net 2-8-8-1 at initialisation): ${line(v.count, (x) => x.toFixed(0))}; seed 1 ${v.seed1}`);
    } else if (k.startsWith('convergence')) {
      for (const [a, r] of Object.entries(v)) console.log(`${k} ${a}: reached ${r.reached}/${N}; epochs ${line(r.epochs, (x) => x.toFixed(1))}`);
    } else {
      for (const [a, r] of Object.entries(v)) if (a !== 'seed1') console.log(`${k} ${a}: test accuracy ${line(r, pc)}; seed 1 ${pc(v.seed1[a])}`);
    }
  }
}
