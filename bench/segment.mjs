// The segment query (engine.segment: where the activation pattern changes along a -> b) on
// the Playground's largest net shape, 2-64x8-1 ReLU drawn like torch's nn.Linear from a few
// seeds, along three segments across the data box: each core's best main-thread CPU time of
// the call, the cores interleaved round after round (a busy machine slows them alike), and
// the number of crossings each found (equal for a correct core). A benchmark, not a test.
//
//   node bench/segment.mjs [--rounds 11] [--seeds 1,2,3] before/core.js after/core.js [...]

import path from 'node:path';
import { loadEngineFrom } from '../tools/core-loader.mjs';
import { randomReluNet } from './common.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const rounds = Number(option('--rounds', '11'));
const seeds = option('--seeds', '1,2,3').split(',').map(Number);
if (args.length === 0) {
  console.error('usage: node bench/segment.mjs [--rounds N] [--seeds 1,2,3] a/core.js [b/core.js ...]');
  process.exit(2);
}
const engines = [];
for (const f of args) engines.push(await loadEngineFrom(f));
const names = args.map((f) => path.relative(process.cwd(), path.resolve(f)));

const layers = [2, ...Array(8).fill(64), 1];
const box = 6;  // the data box is [-6, 6] x [-6, 6]
const segments = [[[-box, -box], [box, box]], [[-box, box], [box, -box]], [[-box, -1], [box, 2]]];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

console.log(`\nengine.segment on 2-64x8-1 ReLU nets: best CPU ms of ${rounds} interleaved rounds, node ${process.version}\n`);
console.log(`| seed | a -> b | crossings | ${names.join(' | ')} |`);
console.log(`|---|---|---|${names.map(() => '---|').join('')}`);
for (const seed of seeds) {
  const net = randomReluNet(layers, seed);
  for (const [a, b] of segments) {
    const best = engines.map(() => Infinity), crossings = engines.map(() => -1);
    for (let r = 0; r < rounds; ++r)
      for (let k = 0; k < engines.length; ++k) {
        const e = (k + r) % engines.length;  // a different core goes first each round
        const t0 = cpuMs();
        const s = engines[e].segment(net, a, b);
        best[e] = Math.min(best[e], cpuMs() - t0);
        crossings[e] = s.t.length;
      }
    const cells = best.map((ms, k) => `${ms.toFixed(1)} ms${k > 0 ? ` (${((ms / best[0]) * 100).toFixed(0)}%)` : ''}`);
    console.log(`| ${seed} | (${a}) -> (${b}) | ${crossings.join(' / ')} | ${cells.join(' | ')} |`);
  }
}
