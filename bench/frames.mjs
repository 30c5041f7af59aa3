// Frames: how smooth the Regions and Playground panels stay in headless Chromium while they
// train, switch networks and redraw. For each state the page is opened (a new context), an
// action is taken (play, a click on a source or a tab), and a fixed number of animation
// frames is counted inside the page; meanwhile a PerformanceObserver collects the long tasks
// (main-thread tasks over 50 ms) and a requestAnimationFrame loop the frame times. Printed
// per state: the longest task, the number of tasks over 50 ms, the frame rate and the 95th
// percentile and largest gap between frames. A benchmark, not a test: nothing here can fail.
// Beside the long tasks' wall time, a trace of the same stretch gives each main-thread task's
// own CPU time (the work in it; on a busy machine the wall time also holds the waits for a core).
//
//   node bench/frames.mjs [--frames 300] [--root dist [--root other-build ...]] [--only name] [--file]
//
// --file opens the page from file:// instead of over http.

import { chromium } from 'playwright-core';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { startServer, serverUrl } from '../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const FRAMES = Number(arg('--frames', 300)) || 300;
const only = arg('--only', '');
const fromFile = process.argv.includes('--file');
const roots = process.argv.flatMap((a, i) => (a === '--root' && process.argv[i + 1] ? [path.resolve(ROOT, process.argv[i + 1])] : []));
if (roots.length === 0) roots.push(path.join(ROOT, 'dist'));

const relu = (n) => Array(n).fill('relu').join(',');
const width = (w, n) => Array(n).fill(w).join(',');
const PG_8x64 = `layers=${width(64, 8)}&act=${relu(8)}`;
const PG_4x32 = `layers=${width(32, 4)}&act=${relu(4)}`;

const play = (btn) => async (page) => { await page.click(btn); };
const click = (sel) => async (page) => { await page.click(sel); };

const SURFACE_READY = '.panel-regions[data-view="surface"][data-surface] .rg-3d[data-drawn]';
const nextFrames = (page, n) => page.evaluate((k) => new Promise((r) => { const f = () => (k-- > 0 ? requestAnimationFrame(f) : r()); f(); }), n);
async function turnByKeys(page) {
  await page.focus('.rg-3d');
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowRight', 'ArrowDown']) {
    await page.keyboard.press(key);
    await nextFrames(page, 2);
  }
}
async function turnByDrag(page) {
  const b = await page.locator('.rg-3d').boundingBox();
  const x = b.x + b.width / 2, y = b.y + b.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) {
    await page.mouse.move(x + 8 * i, y + 2 * i);
    await nextFrames(page, 1);
  }
  await page.mouse.up();
}

// Two points typed in, the second across the data box from the first: the segment between
// them is one call into the core (engine.segment), then both points' cards.
async function placeTwoPoints(page) {
  for (const [x, y] of [[-5.5, -5.5], [5.5, 5.5]]) {
    await page.fill('input[name="coord0"]', String(x));
    await page.fill('input[name="coord1"]', String(y));
    await page.click('.rg-place');
  }
}

// Each state: the page's hash, a selector to wait for before measuring, the action that
// starts the measured stretch, and what ends it (the panel's pause button, when it plays).
const STATES = [
  { name: 'Regions, own 4x32 net, playing', hash: 'panel=regions&rw=32&rd=4', ready: '.panel-regions[data-regions]:not([data-regions=""])', act: play('.rg-play'), stop: '.rg-play' },
  { name: 'Regions, own 4x32 net, slope colours, playing', hash: 'panel=regions&rw=32&rd=4&rcol=slope&rds=spiral', ready: '.panel-regions[data-regions]:not([data-regions=""])', act: play('.rg-play'), stop: '.rg-play' },
  { name: 'Regions, switching to the Playground\'s 8x64 net', hash: `panel=regions&${PG_8x64}`, ready: '.panel-regions[data-regions]:not([data-regions=""])', act: click('input[data-field="rsrc"][value="pg"]'), frames: 120 },
  { name: 'Regions, the Playground\'s 8x64 net, playing', hash: `panel=regions&rsrc=pg&${PG_8x64}`, ready: '.rg-play:not([disabled])', act: play('.rg-play'), stop: '.rg-play' },
  { name: 'Regions tab opened on the Playground\'s 8x64 net', hash: `panel=curves&rsrc=pg&${PG_8x64}`, ready: 'canvas[data-drawn]', act: click('.tab[data-panel="regions"]'), frames: 120 },
  ...['layers', 'line', 'surface'].map((rv) => ({ name: `Regions ${rv} view, own 4x32 net, playing`, hash: `panel=regions&rw=32&rd=4&rv=${rv}`, ready: '.panel-regions[data-regions]:not([data-regions=""])', act: play('.rg-play'), stop: '.rg-play' })),
  // The layer and line views on the Playground's 8 x 64 net: chosen once its cells are shown, and playing.
  ...['layers', 'line'].flatMap((rv) => [
    { name: `Regions ${rv} view opened on the Playground's 8x64 net`, hash: `panel=regions&rsrc=pg&${PG_8x64}`, ready: '.panel-regions[data-regions]:not([data-regions=""])', act: click(`.rg-views input[value="${rv}"]`), frames: 240 },
    { name: `Regions ${rv} view, the Playground's 8x64 net, playing`, hash: `panel=regions&rsrc=pg&${PG_8x64}&rv=${rv}`, ready: '.rg-play:not([disabled])', act: play('.rg-play'), stop: '.rg-play' },
  ]),
  { name: 'Regions layers view on the Playground\'s 8x64 net, the stepper moved to layer 5', hash: `panel=regions&rsrc=pg&${PG_8x64}&rv=layers`, ready: '.panel-regions[data-layer-counts]', act: async (page) => { await page.$eval('.rg-view input[type="range"]', (r) => { r.value = '5'; r.dispatchEvent(new Event('input')); }); }, frames: 120 },
  { name: 'Regions partition view chosen again after the layers view on the Playground\'s 8x64 net', hash: `panel=regions&rsrc=pg&${PG_8x64}&rv=layers`, ready: '.panel-regions[data-layer-counts]', act: click('.rg-views input[value="partition"]'), frames: 120 },
  { name: 'Regions line view, the Playground\'s 8x64 net, points a and b placed, playing', hash: `panel=regions&rsrc=pg&${PG_8x64}&rv=line&rpt=a.x:-4.5,a.y:-3,b.x:5,b.y:4.2`, ready: '.rg-play:not([disabled])', act: play('.rg-play'), stop: '.rg-play' },
  // The 3-D surface of the 8x64 net (about 31,000 facets): the view chosen, turned by the
  // arrow keys (a press every other frame), turned by a drag, and while the net trains.
  { name: 'Regions surface view opened on the Playground\'s 8x64 net', hash: `panel=regions&rsrc=pg&${PG_8x64}`, ready: '.panel-regions[data-regions]:not([data-regions=""])', act: click('.rg-views input[value="surface"]'), frames: 120 },
  { name: 'Regions surface view, the Playground\'s 8x64 net, turned by arrow keys', hash: `panel=regions&rsrc=pg&${PG_8x64}&rv=surface`, ready: SURFACE_READY, act: turnByKeys, frames: 120 },
  { name: 'Regions surface view, the Playground\'s 8x64 net, turned by a drag', hash: `panel=regions&rsrc=pg&${PG_8x64}&rv=surface`, ready: SURFACE_READY, act: turnByDrag, frames: 120 },
  { name: 'Regions surface view, the Playground\'s 8x64 net, playing', hash: `panel=regions&rsrc=pg&${PG_8x64}&rv=surface`, ready: SURFACE_READY, act: play('.rg-play'), stop: '.rg-play' },
  // Smoothed by the slider: a sampled surface with the 31,000 exact cells outlined on top.
  { name: 'Regions surface view, the Playground\'s 8x64 net smoothed by the slider, turned by a drag', hash: `panel=regions&rsrc=pg&${PG_8x64}&rv=surface&rmf=softplus&rmp=30`, ready: SURFACE_READY, act: turnByDrag, frames: 120 },
  { name: 'Regions, the Playground\'s 8x64 net, two points placed across the data box', hash: `panel=regions&rsrc=pg&${PG_8x64}`, ready: '.panel-regions[data-regions]:not([data-regions=""])', act: placeTwoPoints, frames: 120 },
  // Both points' cards (two 512-neuron patterns) made again with each new paint of the cells.
  { name: 'Regions, the Playground\'s 8x64 net, two points placed, playing', hash: `panel=regions&rsrc=pg&${PG_8x64}&rpt=a.x:-5.5,a.y:-5.5,b.x:5.5,b.y:5.5`, ready: '.panel-regions:not([data-cards-pending]) .rg-point-b .rg-map math', act: play('.rg-play'), stop: '.rg-play' },
  { name: 'Regions theory view opened', hash: 'panel=regions&rw=32&rd=4', ready: '.rg-views input[value="theory"]', act: click('input[value="theory"]'), frames: 120 },
  { name: 'Playground, 8x64 net, playing', hash: `panel=playground&${PG_8x64}`, ready: '.pg-play', act: play('.pg-play'), stop: '.pg-play' },
  { name: 'Playground, 4x32 net, playing', hash: `panel=playground&${PG_4x32}`, ready: '.pg-play', act: play('.pg-play'), stop: '.pg-play' },
  { name: 'Playground tab opened on an 8x64 net', hash: `panel=curves&${PG_8x64}`, ready: 'canvas[data-drawn]', act: click('.tab[data-panel="playground"]'), frames: 120 },
  // A change of the network (one layer fewer: a new 7 x 64 trainer, its statistics, controls and pictures).
  { name: 'Playground, 8x64 net, a layer removed', hash: `panel=playground&${PG_8x64}`, ready: '.pg-nv[data-painted]', act: click('.pg-layer-del'), frames: 120 },
].filter((s) => !only || s.name.toLowerCase().includes(only.toLowerCase()));

// Runs in the page before its scripts: long tasks and frame times from the moment
// window.__fb.start() is called.
function recorder() {
  const fb = (window.__fb = { on: false, tasks: [], times: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (fb.on) fb.tasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch { /* no Long Tasks API: the frame gaps still tell */ }
  const tick = (t) => {
    if (fb.on) fb.times.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  fb.start = () => { fb.tasks = []; fb.times = []; fb.on = true; };
  fb.stop = () => { fb.on = false; return { tasks: fb.tasks, times: fb.times }; };
}

// The CPU times (ms) of the tasks of the page's main thread (the renderer thread that ran
// animation frames) in a trace.
function mainThreadCpu(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain' &&
    events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'FireAnimationFrame'));
  if (!main) return [];
  return events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.name === 'RunTask' && e.ph === 'X' && e.tdur !== undefined)
    .map((e) => e.tdur / 1000);
}

const framesSeen = (page, n) => page.waitForFunction((k) => window.__fb.times.length >= k, n, { polling: 50, timeout: 600000 });

async function measure(browser, url, state) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  let tracing = false;
  try {
    await context.addInitScript(recorder);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
    await page.waitForSelector(state.ready, { timeout: 20000 });
    await framesSeen(page, 0);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    tracing = true;
    await page.evaluate(() => window.__fb.start());
    await state.act(page);
    await framesSeen(page, state.frames ?? FRAMES);
    if (state.stop) {
      // Pausing is part of the state: it redraws at full quality.
      const n = await page.evaluate(() => window.__fb.times.length);
      await page.click(state.stop);
      await framesSeen(page, n + 30);
    }
    const { tasks, times } = await page.evaluate(() => window.__fb.stop());
    tracing = false;
    const cpu = mainThreadCpu(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
    const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
    const span = times[times.length - 1] - times[0];
    return {
      longest: tasks.length ? Math.max(...tasks) : 0,
      over50: tasks.filter((d) => d > 50).length,
      fps: ((times.length - 1) / span) * 1000,
      p95: gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.95))],
      maxGap: gaps[gaps.length - 1],
      frames: times.length,
      cpuLongest: cpu.length ? Math.max(...cpu) : NaN,
      cpuOver50: cpu.filter((d) => d > 50).length,
    };
  } finally {
    if (tracing) await browser.stopTracing().catch(() => {});
    await context.close();
  }
}

const servers = fromFile ? [] : await Promise.all(roots.map((root) => startServer({ root, port: 0 })));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  console.log(`\nFrames in headless Chromium (${fromFile ? 'file://' : 'http'}): ${FRAMES} animation frames per playing state (120 after a switch), then pause`);
  console.log('\n| build | state | longest task | tasks > 50 ms | fps | p95 frame gap | longest gap | longest task, CPU | tasks > 50 ms CPU |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const state of STATES) {
    for (const [k, root] of roots.entries()) {
      const base = fromFile ? pathToFileURL(path.join(root, 'index.html')).href : `${serverUrl(servers[k])}index.html`;
      let m;
      try {
        m = await measure(browser, `${base}#lang=en&${state.hash}`, state);
      } catch (e) {   // a build without this state (an older page)
        console.log(`| ${path.relative(ROOT, root) || root} | ${state.name} | n/a: ${e.message.split('\n')[0]} | | | | | | |`);
        continue;
      }
      const ms = (v) => `${v.toFixed(0)} ms`;
      console.log(`| ${path.relative(ROOT, root) || root} | ${state.name} | ${ms(m.longest)} | ${m.over50} | ${m.fps.toFixed(0)} | ${ms(m.p95)} | ${ms(m.maxGap)} | ${ms(m.cpuLongest)} | ${m.cpuOver50} |`);
    }
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
