// Two or more builds of the WASM core side by side in one node process: each measurement
// runs for every core in turn, round after round, and the best (lowest) time of each is kept,
// so a machine that is busy now and then slows them alike instead of favouring the one that
// ran in a quiet moment. For checking that a build change (flags, allocator, packing) does
// not slow the kernels. The cores must export the API web/src/engine.js expects.
// A benchmark, not a test: nothing here can fail.
//
//   node bench/compare_cores.mjs [--rounds 9] before/core.js after/core.js [...]

import { createRequire } from 'node:module';
import path from 'node:path';
import { createEngine } from '../web/src/engine.js';
import { msPerCall, randomReluNet } from './common.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 9;
const files = args.map((f) => path.resolve(f));
if (files.length < 2) {
  console.error('usage: node bench/compare_cores.mjs [--rounds N] a/core.js b/core.js [...]');
  process.exit(2);
}

// Each case: a name, the unit, and per engine a function doing one call and its scale to the unit.
function cases(engine) {
  const base = { layers: [2, 8, 8, 1], activation: 'tanh', output: 'sigmoid', loss: 'bce', optimizer: 'sgd', lr: 0.03, seed: 1 };
  const data = engine.makeDataset('circle', { n: 1000, noise: 0.5, seed: 1, testFraction: 0.5 });
  const small = engine.createTrainer({ ...base, batchSize: 10 }, data.train);
  const full = engine.createTrainer({ ...base, batchSize: data.train.n }, data.train);
  const net1 = randomReluNet([2, 32, 32, 1], 1), net2 = randomReluNet([2, 64, 64, 64, 1], 2);
  const xs = Float64Array.from({ length: 4096 }, (_, i) => -6 + (12 * i) / 4095);
  return [
    ['train 2-8-8-1 tanh, batch 10', 'µs/step', () => small.train(200), 1000 / 200],
    ['train 2-8-8-1 tanh, full batch', 'µs/step', () => full.train(4), 1000 / 4],
    ['evaluate a 100 x 100 grid (all neurons)', 'ms', () => small.gridView([-6, 6, -6, 6], 100, 100, true), 1],
    ['exact regions 2-32-32-1 ReLU', 'ms', () => engine.regions(net1, [-4, 4, -4, 4]), 1],
    ['exact regions 2-64-64-64-1 ReLU', 'ms', () => engine.regions(net2, [-4, 4, -4, 4]), 1],
    ['gelu and its slope, 4096 points', 'µs', () => engine.evaluate('gelu', {}, xs), 1000],
    ['make a 1000-point data set', 'ms', () => engine.makeDataset('spiral', { n: 1000 }), 1],
  ];
}

const engines = [];
for (const f of files) engines.push(await createEngine(require(f)));
const table = engines.map(cases);
const best = engines.map(() => table[0].map(() => Infinity));
for (let r = 0; r < rounds; ++r) {
  for (let c = 0; c < table[0].length; ++c) {
    for (let k = 0; k < engines.length; ++k) {
      const e = (k + r) % engines.length;   // a different core goes first each round
      const [, , fn, scale] = table[e][c];
      fn();
      best[e][c] = Math.min(best[e][c], msPerCall(fn, 120) * scale);
    }
  }
}
const names = files.map((f) => path.relative(process.cwd(), f));
console.log(`\nBest of ${rounds} interleaved rounds, node ${process.version}\n`);
console.log(`| measurement | ${names.join(' | ')} |`);
console.log(`|---|${names.map(() => '---|').join('')}`);
table[0].forEach(([name, unit], c) => {
  const cells = best.map((b, k) => `${b[c].toFixed(3)} ${unit}${k > 0 ? ` (${(((b[c] / best[0][c]) - 1) * 100).toFixed(1)}%)` : ''}`);
  console.log(`| ${name} | ${cells.join(' | ')} |`);
});
