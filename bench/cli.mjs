// The command-line tool's regions answer (issue 10, section 6), the last table of
// npm run bench, or alone: node bench/cli.mjs [--quick]. A benchmark, not a test.
//
// Per net: the core's partition alone (engine.regions) and the answer as the tool makes it
// (engine.regionsJson, partition included, written to /dev/null), best CPU time of calls in
// this warm process; then whole runs of tools/alab.mjs, each a fresh node: a run answering
// {"op":"info"} (start-up: node, the tool's modules, the core unpacked, compiled and
// instantiated) and a run answering the regions request, interleaved. Each run's wall time
// (median, and best: on a busy machine the best is the run least disturbed) and CPU time
// (best; user + system from the shell's `times`, so V8's background compiler and GC threads
// count; a busy machine disturbs it less than the wall, but still: a virtual machine's
// stolen time may count as user time).
// The tool picks how V8 compiles the core (tools/alab.mjs, baselineOnly); the second row of
// each net gives node --no-liftoff-only, which leaves V8's default tiering in place.
// Targets (issue 10): beyond start-up within twice the core's time for the 2-64-64-64-1 net,
// and within 10 ms for the 2-32-32-1 net.
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { openSync, writeSync, closeSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEngine } from '../tools/core-loader.mjs';
import { randomReluNet } from './common.mjs';

const tool = path.join(path.dirname(fileURLToPath(import.meta.url)), '../tools/alab.mjs');

// One run of the tool: its wall time, and its CPU time (user + system of the children of the
// shell, i.e. node with all its threads).
function toolRun(input, nodeArgs = []) {
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', `"${process.execPath}" ${nodeArgs.join(' ')} "${tool}" > /dev/null; times`], { input, maxBuffer: 1 << 20, encoding: 'utf8' });
  const wall = performance.now() - t0;
  const child = r.stdout.trim().split('\n').at(-1).match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (r.status !== 0 || !child) throw new Error(`the tool failed (${r.status})`);
  return { wall, cpu: (60 * child[1] + Number(child[2]) + 60 * child[3] + Number(child[4])) * 1000 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const VARIANTS = [
  { name: "the tool's (baseline code only)", args: [] },
  { name: 'V8 default (--no-liftoff-only)', args: ['--no-liftoff-only'] },
];

export function cliTable(engine, quick) {
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`\nCommand-line regions answer (load average at the start: ${load()}; ${os.cpus().length} cores)`);
  console.log('\n| net, seed 1 | cells | answer | core: regions (best CPU) | core + answer made and written (best CPU) | V8 tiering | info run: wall median, best / CPU best | regions run: wall median, best / CPU best | beyond start-up: wall median, best / CPU best | target |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const devNull = openSync('/dev/null', 'w');
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  for (const [layers, target] of [[[2, 32, 32, 1], '<= 10 ms'], [[2, 64, 64, 64, 1], '<= 2x core']]) {
    const model = randomReluNet(layers, 1);
    const box = [-4, 4, -4, 4];
    let bytes = 0, cells = 0;
    // Best CPU time of interleaved calls: steadier than wall time on a shared machine, and one
    // 10 MB answer a call would otherwise bill the garbage collector's work to later calls.
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
    const infoRequest = JSON.stringify({ op: 'info' });
    const runs = quick ? 3 : 15;
    const startUp = [], withAnswer = VARIANTS.map(() => []);
    for (let i = 0; i < runs; ++i) {
      startUp.push(toolRun(infoRequest));
      const order = i % 2 ? [1, 0] : [0, 1];
      for (const v of order) withAnswer[v].push(toolRun(request, VARIANTS[v].args));
    }
    const times = (rs) => ({ wall: median(rs.map((r) => r.wall)), best: Math.min(...rs.map((r) => r.wall)), cpu: Math.min(...rs.map((r) => r.cpu)) });
    const show = (t) => `${t.wall.toFixed(0)}, ${t.best.toFixed(0)} / ${t.cpu.toFixed(0)} ms`;
    const info = times(startUp);
    VARIANTS.forEach((variant, v) => {
      const run = times(withAnswer[v]);
      const beyond = { wall: run.wall - info.wall, best: run.best - info.best, cpu: run.cpu - info.cpu };
      const head = v === 0
        ? `| ${layers.join('-')} ReLU | ${cells} | ${(bytes / 2 ** 20).toFixed(1)} MB | ${core.toFixed(1)} ms | ${answer.toFixed(1)} ms`
        : '| | | | |';
      console.log(`${head} | ${variant.name} | ${show(info)} | ${show(run)} | ${show(beyond)} | ${v === 0 ? target : ''} |`);
    });
  }
  closeSync(devNull);
  console.log(`\n(load average at the end: ${load()})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cliTable(await loadEngine(), process.argv.includes('--quick'));
}
