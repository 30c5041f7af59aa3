#!/usr/bin/env node
// screenshots: regenerates the documentation images docs/<panel>[-zh].png from dist/ (or
// WEB_ROOT), with the server and headless Chromium the browser tests use. Each shot waits
// for the page's own signals (web/src/signals.js: data-state, data-step, canvas data-drawn)
// and for animation frames, never for a clock. Not a test: run it after a visible change.
//
//   npm run screenshots                       every docs/*.png that README.md shows
//   npm run screenshots -- regions curves-zh  just these (a panel name, "-zh" for Chinese)
//   npm run screenshots -- --all              every panel in both languages
//   npm run screenshots -- embed-two-elements  a tutorial page with two <activation-lab>
//                                             elements (tests/browser/fixtures/side-by-side.html)

import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureNodeModules, ensureSystem, root } from './bootstrap.mjs';
import { buildAll } from './build.mjs';

const LANGS = ['en', 'zh'];
const TIMEOUT = 180000;   // a generous bound for the longest run (the Playground's 75,000 steps, ~25 s)

// How each panel is shown. hash: settings after panel= and lang=; ready: a selector that
// holds once the panel's own run has finished; train: steps to play with the panel's play
// button; act: what to do before the capture that changes the page (its height included);
// touch: what to do last, after the viewport has grown to the whole page (a tooltip).
// zh: what differs in the Chinese image.
const SHOTS = {
  curves: { touch: hoverTooltip('.panel-curves .chart-box canvas', 0.72) },
  nonlinearity: { hash: 'nld=3', ready: '.panel-nonlinearity[data-state="done"]' },
  playground: {
    hash: 'ds=spiral&layers=16,16,16&act=tanh,tanh,tanh&opt=adam&lr=0.01&batch=10',
    train: { steps: 75000, button: '.pg-play' },
  },
  regions: {   // README: "the exact cells of a 2-10-10-1 ReLU net, two points and their different linear maps"
    hash: 'rw=10', ready: '.rg-plot canvas', train: { steps: 500, button: '.rg-play' }, act: placeTwoPoints,
    zh: { hash: 'rw=10&rcol=slope', train: { steps: 2000, button: '.rg-play' } },
  },
  gradflow: { ready: '.panel-gradflow[data-state="idle"]', act: stepGradflowTo(300) },
  convergence: { ready: '.panel-convergence[data-state="done"]' },
  dead: { ready: '.panel-dead[data-sweep="done"]' },
  speed: { ready: '.panel-speed[data-speed="done"]' },
  softmax: { hash: 'sms=1000,1001,1002,998', ready: '.panel-softmax[data-ready="1"]' },
  // Shots of a panel in another state, named apart (panel: the panel they show).
  lesson: { hash: 'step=7', act: runLessonStep },
  layers: { panel: 'regions', hash: 'rv=layers&rw=10&rk=1', ready: '.panel-regions[data-view="layers"][data-layer-counts]', train: { steps: 500, button: '.rg-play' } },
  surface: { panel: 'regions', hash: 'rv=surface&rw=10', ready: '.panel-regions[data-view="surface"][data-surface] .rg-3d[data-drawn]', train: { steps: 500, button: '.rg-play' } },
};

// Images of host pages rather than of index.html: a fixture page served next to a copy of
// dist/, captured once every element on it is ready. files: the fixture files it needs.
const HOST_PAGES = {
  'embed-two-elements': { page: 'side-by-side.html', files: ['side-by-side.html', 'tutorial.css'], width: 1280 },
};

/** The images README.md shows: docs/<name>.png with a name this script knows. */
function readmeShots() {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const names = [...new Set([...readme.matchAll(/docs\/([a-z]+(?:-[a-z]+)*)\.png/g)].map((m) => m[1]))];
  for (const n of names) if (!parse(n)) throw new Error(`README.md shows docs/${n}.png, which this script cannot make`);
  return names;
}

/** "regions-zh" -> { name, panel: 'regions', lang: 'zh' }; a host page's name -> { name, host }; null for an unknown name. */
function parse(name) {
  if (HOST_PAGES[name]) return { name, host: HOST_PAGES[name], lang: 'zh' };
  const [panel, lang = 'en', ...rest] = name.split('-');
  if (rest.length || !SHOTS[panel] || !LANGS.includes(lang) || name.endsWith('-en')) return null;
  return { name, panel, lang };
}

/** Resolves after n animation frames of the page (Chart.js redraws after a resize on one). */
function afterFrames(page, n = 3) {
  return page.evaluate((k) => new Promise((resolve) => {
    const tick = () => (--k <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

/** Plays the panel until its data-step has advanced by `steps`, then pauses. */
async function train(page, panel, { steps, button }) {
  const sel = `.panel-${panel}`;
  if (!(await page.$(`${button}:not([disabled])`))) return;
  const start = Number(await page.$eval(sel, (s) => s.dataset.step ?? 0));
  await page.click(button);
  // Stops early if the panel stops by itself (divergence): its button is no longer pressed.
  await page.waitForFunction(([s, b, target]) => Number(document.querySelector(s).dataset.step) >= target ||
    document.querySelector(b).getAttribute('aria-pressed') !== 'true', [sel, button, start + steps], { timeout: TIMEOUT });
  if (await page.$eval(button, (b) => b.getAttribute('aria-pressed') === 'true')) await page.click(button);
  await page.waitForSelector(`${button}[aria-pressed="false"]`);
}

// Regions: points a and b in two different cells, so the two local maps are shown side by side.
async function placeTwoPoints(page) {
  if (await page.$('.rg-smooth:not([hidden])')) return;   // a curved activation: no cells to click
  const canvas = page.locator('.rg-plot canvas');
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width * 0.36, y: box.height * 0.42 } });
  await canvas.click({ position: { x: box.width * 0.78, y: box.height * 0.7 } });
  await page.waitForSelector('.rg-compare');
}

// Guided lesson: pick the second prediction, run the step and wait for its measured number.
async function runLessonStep(page) {
  await page.waitForSelector('.panel-lesson[data-lesson-state="predict"]');
  await page.locator('.panel-lesson input[type="radio"]').nth(1).check();
  await page.click('.panel-lesson .ls-run');
  await page.waitForSelector('.panel-lesson[data-lesson-state="measured"]');
}

// Gradient flow: its step button trains a fixed chunk; press it until `steps` are done.
function stepGradflowTo(steps) {
  return async (page) => {
    for (;;) {
      const step = Number(await page.$eval('.panel-gradflow', (s) => s.dataset.step ?? 0));
      if (step >= steps) return;
      await page.click('.gf-step');
      await page.waitForFunction((before) => {
        const s = document.querySelector('.panel-gradflow');
        return Number(s.dataset.step) > before && s.dataset.state === 'idle';
      }, step, { timeout: TIMEOUT });
    }
  };
}

// Curves: the tooltip (x, f(x), f'(x) of every curve) at a share of the chart's width. The
// tooltip is drawn on the canvas, so the signal is the chart's next draw (canvas data-drawn).
function hoverTooltip(selector, share) {
  return async (page) => {
    const canvas = await page.$(selector);
    const drawn = Number(await canvas.evaluate((c) => c.dataset.drawn ?? 0));
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + box.width * share, box.y + box.height * 0.5);
    await page.waitForFunction(([c, n]) => Number(c.dataset.drawn) > n, [canvas, drawn]);
  };
}

// A host page: the fixture and dist/'s app.js, core.js, style.css and panel chunks in a temporary folder,
// served by the tests' server; captured when every <activation-lab> is ready and has drawn.
async function shootHostPage({ name, host }) {
  const { setup, DIST, ROOT } = await import('../tests/browser/helpers.mjs');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alab-shot-'));
  const chunks = (await readdir(DIST)).filter((f) => /^panel-[\w-]+\.js$/.test(f));
  for (const f of ['app.js', 'core.js', 'style.css', ...chunks]) await copyFile(path.join(DIST, f), path.join(dir, f));
  for (const f of host.files) await copyFile(path.join(ROOT, 'tests/browser/fixtures', f), path.join(dir, f));
  await copyFile(path.join(ROOT, 'tests/browser/fixtures', host.page), path.join(dir, 'index.html'));
  const env = await setup({ root: dir });
  try {
    const page = await env.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.setViewportSize({ width: host.width, height: 900 });
    await page.goto(`${env.base}${host.page}`);
    await page.waitForFunction(() => [...document.querySelectorAll('activation-lab')].every((e) => e.dataset.ready === '1'
      && [...e.shadowRoot.querySelectorAll('canvas')].every((c) => Number(c.dataset.drawn) > 0)));
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: host.width, height });
    await page.evaluate(() => document.fonts.ready);
    await afterFrames(page);
    const out = path.join(root, 'docs', `${name}.png`);
    await page.screenshot({ path: out });
    if (page.problems.length) console.warn(`${name}: ${page.problems.join('\n')}`);
    console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
  } finally {
    await env.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function shoot(env, { name, panel: key, lang }) {
  const shot = { ...SHOTS[key], ...(SHOTS[key][lang] ?? {}) };
  const panel = shot.panel ?? key;
  const page = await env.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${env.base}index.html#panel=${panel}&lang=${lang}${shot.hash ? `&${shot.hash}` : ''}`);
  await page.waitForSelector('body[data-ready="1"]');
  if (shot.ready) await page.waitForSelector(shot.ready);
  if (shot.train) await train(page, panel, shot.train);
  if (shot.act) await shot.act(page);
  // Grow the viewport to the whole page rather than take a fullPage capture, which resizes
  // (and redraws) the charts during the capture and loses a tooltip.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height });
  await page.evaluate(() => document.fonts.ready);
  await afterFrames(page);
  if (shot.touch) await shot.touch(page);
  const out = path.join(root, 'docs', `${name}.png`);
  await page.screenshot({ path: out });
  if (page.problems.length) console.warn(`${name}: ${page.problems.join('\n')}`);
  console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
  await page.close();
}

const args = process.argv.slice(2);
let wanted;
try {
  if (args.includes('--all')) wanted = Object.keys(SHOTS).flatMap((p) => LANGS.map((l) => (l === 'en' ? p : `${p}-${l}`)));
  else if (args.length) wanted = args;
  else wanted = readmeShots();
  const bad = wanted.filter((n) => !parse(n));
  if (bad.length) throw new Error(`unknown screenshot ${bad.join(', ')}; known panels: ${Object.keys(SHOTS).join(', ')} (add -zh for Chinese)`);
  ensureSystem(['chromium', ...(wanted.some((n) => parse(n).lang === 'zh') ? ['cjkfont'] : [])]);
  ensureNodeModules();
  if (!process.env.WEB_ROOT) await buildAll();
} catch (e) {
  console.error(`screenshots: ${e.message}`);
  process.exit(1);
}

// The browser tests' server and Chromium set-up, so the pictures show what the tests check.
const { setup } = await import('../tests/browser/helpers.mjs');
const env = await setup();
try {
  for (const name of wanted) {
    const shot = parse(name);
    if (shot.host) await shootHostPage(shot);
    else await shoot(env, shot);
  }
} finally {
  await env.close();
}
