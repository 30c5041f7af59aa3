// The built page on the hosts it is made for, besides the tests' own node server: Debian's
// nginx (gzip on, the page's Content-Security-Policy sent as a header, as a strict host
// would) and file:// (opened from disk, no server). On each the page must load, draw its
// charts (a curve chart and a decision heatmap) and log no CSP violation and no error.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setup, waitReady, canvasStats, DIST } from './helpers.mjs';
import { startNginx, metaCsp } from './nginx.mjs';

let env;
let nginx;
let csp;

before(async () => {
  env = await setup();
  csp = metaCsp(await readFile(path.join(DIST, 'index.html'), 'utf8'));
  nginx = await startNginx({ root: DIST, csp });
});

after(async () => {
  if (nginx) await nginx.stop();
  if (env) await env.close();
});

// GET `url` asking for gzip; resolves { status, headers, bytes } without decoding the body.
function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (d) => { bytes += d.length; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes }));
    }).on('error', reject);
  });
}

// A page that also records every securitypolicyviolation event (the console reports them
// too, as errors, which env.newPage() collects in page.problems).
async function watchedPage() {
  const page = await env.newPage();
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return page;
}

// The Curves chart and, after a click on the Playground tab, its decision heatmap have drawn
// something, and nothing was blocked or logged as an error.
async function loadsAndDraws(page, url) {
  await page.goto(url);
  await waitReady(page);
  await page.waitForSelector('.panel-curves .chart-box canvas[data-drawn]');
  const curves = await canvasStats(page, '.panel-curves .chart-box canvas');
  assert.ok(curves.ink > 0.01, `the curve chart drew (${curves.ink})`);
  await page.click('.tab[data-panel="playground"]');
  await page.waitForSelector('.panel-playground[data-opened] .pg-plot canvas[data-drawn]');
  const plot = await canvasStats(page, '.panel-playground .pg-plot canvas');
  assert.ok(plot.ink > 0.2, `the decision heatmap drew (${plot.ink})`);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(page.problems, []);
}

test('nginx serves dist/ compressed, with the page\'s own CSP as a header, and 404 for what is not there', async () => {
  const embedCsp = metaCsp(await readFile(path.join(DIST, 'embed.html'), 'utf8'));
  assert.equal(embedCsp, csp, 'index.html and embed.html state the same policy');
  const page = await get(`${nginx.base}index.html`);
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-security-policy'], csp);
  assert.match(page.headers['content-type'], /^text\/html/);
  for (const file of ['app.js', 'core.js', 'style.css', 'panel-curves.js']) {
    const r = await get(`${nginx.base}${file}`);
    assert.equal(r.status, 200, file);
    assert.equal(r.headers['content-encoding'], 'gzip', `${file} is sent gzipped`);
    assert.match(r.headers['content-type'], file.endsWith('.css') ? /^text\/css/ : /^text\/javascript/, file);
  }
  assert.equal((await get(`${nginx.base}no-such-file.js`)).status, 404);
});

test('behind nginx with a strict CSP header the page loads and draws without a violation or an error', async () => {
  const page = await watchedPage();
  await loadsAndDraws(page, `${nginx.base}index.html#panel=curves&lang=en`);
  await page.close();
});

test('behind nginx embed.html draws its panel (Why non-linearity trains and shows both heatmaps)', async () => {
  const page = await watchedPage();
  await page.goto(`${nginx.base}embed.html?panel=nonlinearity#lang=zh`);
  await waitReady(page, '.panel-nonlinearity[data-state="done"]');
  for (const side of ['linear', 'nonlinear']) {
    const s = await canvasStats(page, `.nl-${side} canvas`);
    assert.ok(s.ink > 0.2, `${side} heatmap drew (${s.ink})`);
  }
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('from file:// the page loads and draws without a violation or an error, in the dark theme too', async () => {
  const url = pathToFileURL(path.join(DIST, 'index.html')).href;
  const page = await watchedPage();
  await loadsAndDraws(page, `${url}#panel=curves&lang=en`);
  await page.goto(`${url}#panel=softmax&lang=zh&theme=dark`);
  await waitReady(page, '.panel-softmax[data-ready="1"]');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});
