// npm run bench: Activation Lab's WASM core side by side with TensorFlow.js (tfjs-core,
// cpu and wasm backends) in one node process, on the same network, data and initial
// weights; plus exact region enumeration times by network size. Prints a markdown
// table of throughputs and ratios. A benchmark, not a test: nothing here can fail.
import os from 'node:os';
import { loadEngine } from '../tools/core-loader.mjs';
import { loadTfjs, makeTfjsNet } from './tfjs_peer.mjs';
import { msPerCall, randomReluNet } from './common.mjs';
import { cliTable } from './cli.mjs';

const quick = process.argv.includes('--quick');
const budgetMs = quick ? 300 : 1500;

const timeLoop = (fn, minMs = budgetMs) => msPerCall(fn, minMs, 3);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const engine = await loadEngine();
const data = engine.makeDataset('circle', { n: 1000, noise: 0.5, seed: 1, testFraction: 0.5 });  // 500 training points
const N = data.train.n;
const base = { layers: [2, 8, 8, 1], activation: 'tanh', output: 'sigmoid', loss: 'bce', optimizer: 'sgd', lr: 0.03, seed: 1 };
const rows = [];

for (const batch of [10, N]) {
  const label = batch === N ? `full batch (${N})` : `batch ${batch}`;
  const tr = engine.createTrainer({ ...base, batchSize: batch }, data.train);
  const model = tr.exportModel();
  const stepsPerCall = batch === N ? 20 : 1000;
  const msOurs = timeLoop(() => tr.train(stepsPerCall)) / stepsPerCall;
  tr.delete();
  const result = { what: `train 2-8-8-1 tanh, ${label}`, unit: 'samples/s', ours: (batch / msOurs) * 1000 };
  for (const backend of ['cpu', 'wasm']) {
    await loadTfjs(backend);
    const net = makeTfjsNet({ ...model, lr: base.lr }, Float32Array.from(data.train.x), Float32Array.from(data.train.y), N, 2);
    const nb = Math.ceil(N / batch);
    let k = 0;
    const ms = timeLoop(() => {
      const j = k++ % nb;
      net.step(j * batch, Math.min(batch, N - j * batch));
    }, quick ? 300 : 1000);
    net.dispose();
    result[backend] = (batch / ms) * 1000;
  }
  rows.push(result);
}

{
  // 100 x 100 grid, every neuron (what the page draws), ms per grid.
  const tr = engine.createTrainer({ ...base, batchSize: 10 }, data.train);
  const model = tr.exportModel();
  const ours = median(Array.from({ length: 5 }, () => timeLoop(() => tr.gridView([-6, 6, -6, 6], 100, 100, true), budgetMs / 5)));
  tr.delete();
  const pts = new Float32Array(2 * 100 * 100);
  for (let j = 0; j < 100; ++j) for (let i = 0; i < 100; ++i) { pts[2 * (j * 100 + i)] = -6 + (12 * i) / 99; pts[2 * (j * 100 + i) + 1] = 6 - (12 * j) / 99; }
  const result = { what: 'evaluate a 100 x 100 grid (all neurons)', unit: 'ms', ours };
  for (const backend of ['cpu', 'wasm']) {
    await loadTfjs(backend);
    const net = makeTfjsNet({ ...model, lr: base.lr }, Float32Array.from(data.train.x), Float32Array.from(data.train.y), N, 2);
    result[backend] = timeLoop(() => net.grid(pts, 10000), quick ? 300 : 1000);
    net.dispose();
  }
  rows.push(result);
}

// Exact linear regions of random ReLU nets drawn like torch nn.Linear (U(+-1/sqrt(fan_in))).
const regionRows = [];
for (const [layers, target] of [[[2, 32, 32, 1], 10], [[2, 64, 64, 64, 1], 150]]) {
  const times = [], counts = [];
  for (let seed = 1; seed <= (quick ? 2 : 5); ++seed) {
    const model = randomReluNet(layers, seed);
    let count = 0;
    const ms = timeLoop(() => { count = engine.regions(model, [-4, 4, -4, 4]).patternRegions; }, quick ? 100 : 400);
    times.push(ms);
    counts.push(count);
  }
  regionRows.push({ net: layers.join('-'), cells: median(counts), ms: median(times), target });
}

const fmt = (v, unit) => (unit === 'ms' ? `${v.toFixed(2)} ms` : `${(v / 1e6).toFixed(3)} M`);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`\nActivation Lab benchmark — node ${process.version}, ${cpu}, ${os.cpus().length} cores\n`);
console.log('| measurement | Activation Lab (WASM, f64) | tfjs-core cpu | tfjs-core wasm | vs cpu | vs wasm |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const better = (peer) => (r.unit === 'ms' ? peer / r.ours : r.ours / peer);
  console.log(`| ${r.what} | ${fmt(r.ours, r.unit)} | ${fmt(r.cpu, r.unit)} | ${fmt(r.wasm, r.unit)} | ${better(r.cpu).toFixed(1)}x | ${better(r.wasm).toFixed(1)}x |`);
}
console.log('\n| exact linear regions, box [-4,4]^2 | cells (median of seeds) | time (median) | target |');
console.log('|---|---|---|---|');
for (const r of regionRows) console.log(`| ${r.net} ReLU | ${r.cells} | ${r.ms.toFixed(1)} ms | <= ${r.target} ms |`);

// The command-line tool's regions answer: bench/cli.mjs (also runs alone).
cliTable(engine, quick);
