// First chart: the time from navigation start to the first chart drawn (the first canvas that
// gets data-drawn, web/src/signals.js) on index.html in headless Chromium, over http from the
// project's static server on this machine and from file://; and DOMContentLoaded, when the
// scripts have run (the rest is the core's start and the first render). Each run uses a new
// browser context (empty cache). Several --root folders are measured in turn, run by run, so
// a busy machine slows them alike. A benchmark, not a test: nothing here can fail.
//
//   node bench/first_chart.mjs [--runs 9] [--root dist [--root other-build ...]]

import { chromium } from 'playwright-core';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { startServer, serverUrl } from '../scripts/serve.mjs';
import { describePageSize, pageSize } from '../scripts/page-size.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] ?? 9) || 9;
const roots = process.argv.flatMap((a, i) => (a === '--root' && process.argv[i + 1] ? [path.resolve(ROOT, process.argv[i + 1])] : []));
if (roots.length === 0) roots.push(path.join(ROOT, 'dist'));
const label = (root) => path.relative(ROOT, root) || root;

// Runs in the page before its scripts: notes performance.now() (ms since navigation start)
// when the first canvas is marked drawn.
function recordMilestones() {
  const marks = (window.__alabMarks = {});
  new MutationObserver(() => {
    if (marks.firstChart === undefined && document.querySelector('canvas[data-drawn]')) marks.firstChart = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
}

async function measure(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(recordMilestones);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__alabMarks && window.__alabMarks.firstChart !== undefined);
    return await page.evaluate(() => ({
      firstChart: window.__alabMarks.firstChart,
      scriptsRun: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    }));
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (xs) => `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;

const servers = await Promise.all(roots.map((root) => startServer({ root, port: 0 })));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  console.log(`\nFirst chart on index.html (Curves), headless Chromium, ${runs} runs each, a new context per run`);
  for (const root of roots) console.log(describePageSize(pageSize(root), `${label(root)}/`));
  const targets = roots.flatMap((root, k) => [
    { name: `${label(root)} over http`, url: `${serverUrl(servers[k])}index.html` },
    { name: `${label(root)} from file://`, url: pathToFileURL(path.join(root, 'index.html')).href },
  ]);
  const results = targets.map(() => ({ first: [], scripts: [] }));
  for (const t of targets) await measure(browser, t.url);   // warm-up: the browser's own first-start costs
  for (let i = 0; i < runs; ++i) {
    for (const [k, t] of targets.entries()) {
      const m = await measure(browser, t.url);
      results[k].first.push(m.firstChart);
      results[k].scripts.push(m.scriptsRun);
    }
  }
  console.log('\n| page | first chart drawn: median (range) | scripts run (DOMContentLoaded) |');
  console.log('|---|---|---|');
  for (const [k, t] of targets.entries()) console.log(`| ${t.name} | ${summary(results[k].first)} | ${summary(results[k].scripts)} |`);
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
