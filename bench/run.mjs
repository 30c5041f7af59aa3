// npm run bench: Activation Lab's WASM core side by side with TensorFlow.js (tfjs-core,
// cpu and wasm backends) in one node process, on the same network, data and initial
// weights; plus exact region enumeration times by network size. Prints a markdown
// table of throughputs and ratios. A benchmark, not a test: nothing here can fail.
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { openSync, writeSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../tools/core-loader.mjs';
import { loadTfjs, makeTfjsNet } from './tfjs_peer.mjs';
import { msPerCall, randomReluNet } from './common.mjs';

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

// The command-line tool's regions answer: the core's partition alone (engine.regions), the
// answer as the tool makes it (engine.regionsJson, partition included, written to /dev/null),
// and whole runs of tools/alab.mjs minus its start-up (a run answering {"op":"info"}), wall
// time, medians of interleaved runs. Targets (issue 10): the tool's time beyond start-up within twice the core's for the
// 2-64-64-64-1 net, and within 10 ms for the 2-32-32-1 net.
const tool = path.join(path.dirname(fileURLToPath(import.meta.url)), '../tools/alab.mjs');
// One run of the tool: its wall time, and its CPU time (user + system, V8's compiler and GC
// threads included) from the shell's `times`, which a busy machine disturbs far less.
function toolRun(input) {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${tool}" > /dev/null; times`], { input, maxBuffer: 1 << 20, encoding: 'utf8' });
  const wall = performance.now() - t0;
  const child = r.stdout.trim().split('\n').at(-1).match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (r.status !== 0 || !child) throw new Error(`the tool failed (${r.status})`);
  return { wall, cpu: (60 * child[1] + Number(child[2]) + 60 * child[3] + Number(child[4])) * 1000 };
}
const devNull = openSync('/dev/null', 'w');
console.log('\n| command-line regions answer, seed 1 | cells | answer | core: regions (best CPU) | core + answer made and written (best CPU) | tool run beyond start-up: wall (median) | CPU (best) | target |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [layers, target] of [[[2, 32, 32, 1], '<= 10 ms'], [[2, 64, 64, 64, 1], '<= 2x core']]) {
  const model = randomReluNet(layers, 1);
  const box = [-4, 4, -4, 4];
  let bytes = 0, cells = 0;
  // Best CPU time of interleaved calls: steadier than wall time on a shared machine, and one
  // 10 MB answer a call would otherwise bill the garbage collector's work to later calls.
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  let core = Infinity, answer = Infinity;
  for (let i = 0; i < (quick ? 5 : 15); ++i) {
    let t = cpuMs();
    cells = engine.regions(model, box).patternRegions;
    core = Math.min(core, cpuMs() - t);
    t = cpuMs();
    const text = engine.regionsJson(model, box);
    writeSync(devNull, text);
    answer = Math.min(answer, cpuMs() - t);
    bytes = text.length;
  }
  const request = JSON.stringify({ op: 'regions', weights: model.weights, biases: model.biases, box });
  const info = JSON.stringify({ op: 'info' });
  const runs = quick ? 3 : 9, withAnswer = [], startUp = [];
  for (let i = 0; i < runs; ++i) {
    startUp.push(toolRun(info));
    withAnswer.push(toolRun(request));
  }
  const wall = median(withAnswer.map((r) => r.wall)) - median(startUp.map((r) => r.wall));
  const cpu = Math.min(...withAnswer.map((r) => r.cpu)) - Math.min(...startUp.map((r) => r.cpu));
  console.log(`| ${layers.join('-')} ReLU | ${cells} | ${(bytes / 2 ** 20).toFixed(1)} MB | ${core.toFixed(1)} ms | ${answer.toFixed(1)} ms | ${wall.toFixed(1)} ms | ${cpu.toFixed(0)} ms | ${target} |`);
}
closeSync(devNull);
