// The command-line tool's regions answer (issue 10, section 6), the last table of
// npm run bench, or alone: node bench/cli.mjs [--quick] [--base DIR] [--tiering].
// A benchmark, not a test.
//
// Per net: the core's partition alone (engine.regions) and the answer as the tool makes it
// (engine.regionsJson, partition included, written to /dev/null), best CPU time of calls in
// this warm process; then whole runs of tools/alab.mjs, each a fresh node: a run answering
// {"op":"info"} (start-up: node, the tool's modules, the core loaded: from the code cache, or
// unpacked, compiled and instantiated) and a run answering the regions request, interleaved,
// for each way of running it:
//   with the code cache     tools/core-cache.mjs, a cache directory of this benchmark's own,
//                           written before the runs (what every run but the first one sees)
//   no cache                ALAB_CACHE=0: the core compiled by V8 in the run, with the tool's
//                           choice of tiering (tools/alab.mjs, baselineOnly: it depends on the
//                           net and the load)
//   first run               an empty cache directory: no cache, and the run starts the writer
//                           in the background before it exits (each run's writer is waited for
//                           before the next run, not counted; fewer runs)
//   before                  with --base DIR: DIR/tools/alab.mjs, another version of the tool
//                           (e.g. `git archive <commit> tools web/src package.json | tar -x -C
//                           DIR`), on the same core.js
//   --tiering adds, without the cache: baseline code only (node --liftoff-only) and V8's
//   default tiering (node --no-liftoff-only). A flag on node's command line makes node compile
//   its own modules without their code cache (about 12 ms more start-up with --liftoff-only),
//   so each way has its own info run.
// The answer goes to /dev/null. Each run's wall time (median), and from
// bench/thread_times.mjs its main thread's CPU time (about the wall time an idle machine would
// take: V8's compiler threads run beside it on the other core) and all its threads' (what the
// machine spends), both best of the runs: on a busy machine the wall time is mostly waiting
// for a CPU.
// Targets (issue 10): beyond start-up within twice the core's time for the 2-64-64-64-1 net,
// and within 10 ms for the 2-32-32-1 net.
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { openSync, writeSync, closeSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coreModulePath, loadEngine } from '../tools/core-loader.mjs';
import { randomReluNet } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tool = path.join(here, '../tools/alab.mjs');
const writer = path.join(here, '../tools/core-cache.mjs');

// One run of the tool: its wall time, and its main thread's and all threads' CPU time.
const threadTimes = path.join(here, 'thread_times.mjs');
function toolRun(input, variant) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(variant.args ?? []), '--import', threadTimes, variant.tool ?? tool], {
    input, stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, ...variant.env() },
  });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`the tool failed (${r.status}): ${r.stderr}`);
  const times = r.stderr.toString().match(/thread-times (\S+) (\S+)/);   // none without /proc
  variant.after?.();
  return { wall, main: times ? Number(times[1]) : NaN, all: times ? Number(times[2]) : NaN };
}

// Waits (polling, a benchmark's way) for the background writer of a first run to finish.
function waitForCache(dir) {
  const t0 = Date.now();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const names = existsSync(dir) ? readdirSync(dir) : [];
    if (names.some((n) => n.endsWith('.bin')) && !names.some((n) => n.endsWith('.lock'))) return;
    if (Date.now() - t0 > 120000) throw new Error(`no code cache in ${dir} after 2 minutes`);
    Atomics.wait(pause, 0, 0, 20);
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function variants(scratch, quick) {
  const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : null; };
  const core = coreModulePath();
  const warm = path.join(scratch, 'warm');
  // The cache every run with it reads, written once (with the runs' own node flags: they are
  // part of the cache's key).
  const w = spawnSync(process.execPath, ['--import', threadTimes, writer], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ALAB_CORE: core, ALAB_CACHE_DIR: warm } });
  if (w.status !== 0) throw new Error(`writing the code cache failed: ${w.stderr}`);
  let fresh = 0, current = null;
  const list = [
    { name: 'with the code cache', env: () => ({ ALAB_CORE: core, ALAB_CACHE_DIR: warm }) },
    { name: 'no cache (ALAB_CACHE=0; the tool\'s choice of tiering)', env: () => ({ ALAB_CORE: core, ALAB_CACHE: '0' }) },
    {
      name: 'first run (no cache; starts the writer)', runs: quick ? 2 : 5,
      env: () => ({ ALAB_CORE: core, ALAB_CACHE_DIR: (current = path.join(scratch, `fresh-${fresh++}`)) }),
      after: () => waitForCache(current),
    },
  ];
  const base = arg('--base');
  if (base) list.push({ name: `before (${base})`, tool: path.resolve(base, 'tools/alab.mjs'), env: () => ({ ALAB_CORE: core, ALAB_CACHE: '0' }) });
  if (process.argv.includes('--tiering')) {
    list.push({ name: 'baseline code only (--liftoff-only)', args: ['--liftoff-only'], env: () => ({ ALAB_CORE: core }) });
    list.push({ name: 'V8 default (--no-liftoff-only)', args: ['--no-liftoff-only'], env: () => ({ ALAB_CORE: core }) });
  }
  return list;
}

export function cliTable(engine, quick) {
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`\nCommand-line regions answer (load average at the start: ${load()}; ${os.cpus().length} cores)`);
  console.log('\n| net, seed 1 | cells | answer | core: regions (best CPU) | core + answer made and written (best CPU) | run | info run: wall / main thread / all threads | regions run: wall / main / all | beyond start-up: wall / main / all | target |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'alab-bench-cli-'));
  const VARIANTS = variants(scratch, quick);
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
    const startUp = VARIANTS.map(() => []), withAnswer = VARIANTS.map(() => []);
    for (let i = 0; i < runs; ++i) {
      for (let k = 0; k < VARIANTS.length; ++k) {
        const v = (i + k) % VARIANTS.length;   // each way first in turn
        if (i >= (VARIANTS[v].runs ?? runs)) continue;
        startUp[v].push(toolRun(infoRequest, VARIANTS[v]));
        withAnswer[v].push(toolRun(request, VARIANTS[v]));
      }
    }
    const best = (rs, key) => Math.min(...rs.map((r) => r[key]));
    const times = (rs) => ({ wall: median(rs.map((r) => r.wall)), main: best(rs, 'main'), all: best(rs, 'all') });
    const show = (t) => `${t.wall.toFixed(0)} / ${t.main.toFixed(0)} / ${t.all.toFixed(0)} ms`;
    VARIANTS.forEach((variant, v) => {
      const info = times(startUp[v]), run = times(withAnswer[v]);
      const beyond = { wall: run.wall - info.wall, main: run.main - info.main, all: run.all - info.all };
      const head = v === 0
        ? `| ${layers.join('-')} ReLU | ${cells} | ${(bytes / 2 ** 20).toFixed(1)} MB | ${core.toFixed(1)} ms | ${answer.toFixed(1)} ms`
        : '| | | | |';
      console.log(`${head} | ${variant.name} | ${show(info)} | ${show(run)} | ${show(beyond)} | ${v === 0 ? target : ''} |`);
    });
    console.log(`| | | | | | (load average now: ${load()}) | | | | |`);
  }
  closeSync(devNull);
  rmSync(scratch, { recursive: true, force: true });
  console.log(`\n(load average at the end: ${load()})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cliTable(await loadEngine(), process.argv.includes('--quick'));
}
