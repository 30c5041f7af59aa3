// Shared set-up for the browser tests: the static server on a free port against dist/,
// one headless Debian Chromium (playwright-core, toolchain-notes.md section 9), and a page
// that records console errors and page errors. Not a test file itself.

import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, serverUrl } from '../../scripts/serve.mjs';
import { loadEngine, loadEngineFrom } from '../../tools/core-loader.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.WEB_ROOT ? path.resolve(process.env.WEB_ROOT) : path.join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * What a host page puts next to it to show <activation-lab> (README): core.js, app.js,
 * style.css and the panels' chunks panel-<id>.js.
 */
export async function elementFiles() {
  return ['app.js', 'core.js', 'style.css', ...(await readdir(DIST)).filter((f) => /^panel-[\w-]+\.js$/.test(f)).sort()];
}

/** Starts the server (on `root`, default dist/) and the browser; returns { base, context, newPage, close }. */
// Each panel's signal that it has drawn its results (web/src/signals.js).
export const PANEL_READY = {
  lesson: '.panel-lesson[data-lesson-step]',
  curves: '.panel-curves .chart-box canvas[data-drawn]',
  nonlinearity: '.panel-nonlinearity[data-state="done"]',
  playground: '.panel-playground[data-opened] .pg-plot canvas[data-drawn]',
  regions: '.panel-regions .rg-plot canvas[data-drawn]',
  gradflow: '.panel-gradflow[data-state="idle"]',
  convergence: '.panel-convergence[data-state="done"]',
  dead: '.panel-dead[data-sweep="done"][data-trace-ready="1"]',
  speed: '.panel-speed[data-speed="done"]',
  softmax: '.panel-softmax[data-ready="1"]',
};
// Sets the hash and resolves after the page's own hashchange listener (registered first, so
// run first) has re-rendered.
export function showHash(page, hash) {
  return page.evaluate((h) => new Promise((resolve) => {
    window.addEventListener('hashchange', () => resolve(), { once: true });
    location.hash = h;
  }), hash);
}

// The engine of the page's own core.js (dist/core.js, or WEB_ROOT's), for checking the page's
// numbers in node against the very module it runs.
export function pageEngine() {
  return loadEngineFrom(path.join(DIST, 'core.js'));
}

/**
 * The hooks most browser test files share: before() starts the server and the browser
 * (setup) and, with `engine`, loads an engine in node ('core': the built core, as the wasm
 * tests and the CLI load it; 'page': the page's own core.js); after() closes the browser and
 * the server. `ready` receives { env, engine } from before(), e.g.
 * `browserSuite((s) => ({ env, engine } = s), { engine: 'core' })`.
 */
export function browserSuite(ready, { engine } = {}) {
  const load = { core: loadEngine, page: pageEngine, none: () => undefined }[engine ?? 'none'];
  if (!load) throw new Error(`browserSuite: engine is 'core' or 'page', not ${engine}`);
  let env;
  before(async () => {
    env = await setup();
    ready({ env, engine: await load() });
  });
  after(async () => { await env?.close(); });
}

export async function setup({ root = DIST } = {}) {
  try {
    await stat(path.join(root, 'index.html'));
  } catch {
    throw new Error(`${root}/index.html is missing: run npm run build first`);
  }
  const server = await startServer({ root, port: 0 });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'alab-pw-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const pages = [];
  return {
    base: serverUrl(server),
    context,
    /** A new page whose console errors, CSP violations and page errors land in page.problems. */
    async newPage() {
      const page = await context.newPage();
      page.problems = [];
      page.on('console', (m) => {
        // The tests' own getImageData readbacks trigger a Chromium performance hint; ignore it.
        if (m.type() === 'warning' && /willReadFrequently/.test(m.text())) return;
        if (m.type() === 'error' || m.type() === 'warning') page.problems.push(`console.${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
      pages.push(page);
      return page;
    },
    async close() {
      for (const p of context.pages()) await p.close().catch(() => {});
      await context.close();
      await new Promise((r) => server.close(r));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the page (or an <activation-lab>) has rendered once. */
export async function waitReady(page, selector = 'body[data-ready="1"]') {
  await page.waitForSelector(selector, { timeout: 30000 });
}

/**
 * Appends an <activation-lab> element with these attributes ({ id, panel, lang, state, ... },
 * set in that order) to the page's body and waits until it says it is ready.
 */
export async function addElement(page, attrs) {
  await page.evaluate((a) => {
    const e = document.createElement('activation-lab');
    for (const [k, v] of Object.entries(a)) e.setAttribute(k, v);
    document.body.append(e);
  }, attrs);
  await waitReady(page, `#${attrs.id}[data-ready="1"]`);
}

/** Share of non-white pixels in a canvas (0..1) and a cheap fingerprint of its content. */
export async function canvasStats(page, selector = '.chart-box canvas') {
  return page.$eval(selector, (c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let ink = 0;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const a = data[i + 3];
      const lum = data[i] + data[i + 1] + data[i + 2];
      if (a > 0 && lum < 720) ink++;
      hash = (hash * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2] + a) | 0;
    }
    return { ink: ink / (data.length / 4), hash, width: c.width, height: c.height };
  });
}

/**
 * Opens index.html on one panel, with extra hash settings ("k=v&k2=v2"), waits until the
 * page is ready and, when given, until `waitFor` (a selector) is there.
 */
export async function openPanel(env, panel, hash = '', { lang = 'en', waitFor } = {}) {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html#panel=${panel}&lang=${lang}${hash ? `&${hash}` : ''}`);
  await waitReady(page);
  if (waitFor) await page.waitForSelector(waitFor);
  return page;
}

// ---- waiting for the page's signals (web/src/signals.js) instead of a clock

/**
 * The URL hash, decoded, once the page has written every state change made so far (main.js
 * writes the hash throttled, so location.hash can still hold the previous state).
 */
export async function flushedHash(page) {
  return decodeURIComponent(await page.evaluate(() => window.alab.hashFlushed()));
}

/**
 * Resolves after `n` animation frames of the page. Every loop of the page runs on animation
 * frames and schedules its next frame before this call does, so a loop that was still
 * running would have run again by then: the basis for "nothing happens after pause/cancel".
 */
export async function afterFrames(page, n = 3) {
  await page.evaluate((k) => new Promise((resolve) => {
    const tick = () => (--k <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

/** The optimizer step a live-training panel shows (its data-step signal). */
export async function panelStep(page, panel) {
  return Number(await page.$eval(`.panel-${panel}`, (s) => s.dataset.step));
}

/**
 * Presses the panel's play button, waits until its data-step has advanced by `steps` (or
 * training stopped by itself, e.g. on divergence), then pauses. Returns the step reached.
 */
export async function playSteps(page, panel, steps, playButton) {
  const start = await panelStep(page, panel);
  await page.click(playButton);
  await page.waitForFunction(([sel, btn, target]) => {
    const s = document.querySelector(sel);
    return Number(s.dataset.step) >= target || document.querySelector(btn).getAttribute('aria-pressed') !== 'true';
  }, [`.panel-${panel}`, playButton, start + steps]);
  if (await page.$eval(playButton, (b) => b.getAttribute('aria-pressed') === 'true')) await page.click(playButton);
  return panelStep(page, panel);
}

/**
 * Starts a run of the panel (a click on `start`, a selector inside the panel; none = the run
 * already going) and cancels it from inside the page at the end of the first animation frame
 * after which the kit's progress bar still says running (data-running="1") and shows progress
 * above 0. The click and each check are page tasks queued after the run's own frame
 * callbacks, so however slow the machine, the run cannot end between the check and Cancel.
 * Returns { value } (the bar when cancelled), or { missed: true } if the run ended first.
 */
export async function cancelMidRun(page, panel, start = null) {
  return page.evaluate(([panelSel, startSel]) => new Promise((resolve) => {
    const root = document.querySelector(panelSel);
    if (startSel) root.querySelector(startSel).click();
    const check = () => {
      const bar = root.querySelector('.progress');
      const value = bar.querySelector('.progress-meter').value;
      if (bar.dataset.running !== '1') resolve({ missed: true, value });
      else if (value > 0) {
        bar.querySelector('.progress-cancel').click();
        resolve({ value });
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }), [`.panel-${panel}`, start]);
}
