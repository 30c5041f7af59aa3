// The Gradient flow and Convergence panels in headless Chromium against the built dist/: the
// charts are drawn, the ratios and epochs on screen equal what the core returns for the same
// seed (computed here in node through the same experiment code), training by steps and
// play/pause work, the sweep shows progress and can be cancelled, hostile links are harmless,
// and the Chinese page has no English claim left.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, canvasStats, openPanel, flushedHash, afterFrames, cancelMidRun } from './helpers.mjs';
import { createGradflow } from '../../web/src/panels/gradflow/experiment.js';
import { convergenceSweep } from '../../web/src/panels/convergence/experiment.js';

let env;
let engine;
browserSuite((s) => ({ env, engine } = s), { engine: 'core' });

const open = (panel, hash = '', lang = 'en') => openPanel(env, panel, hash, { lang });

const idle = (page) => page.waitForSelector('.panel-gradflow[data-state="idle"]', { timeout: 60000 });
const rows = (page) => page.$$eval('.gf-table tbody tr', (trs) => trs.map((r) => ({ fn: r.dataset.fn, ratio: Number(r.dataset.ratio), now: Number(r.dataset.ratioNow), mean: Number(r.dataset.mean) })));

test('gradient flow: both charts drawn, ratios on screen equal the core\'s, +100 steps trains exactly 100', async () => {
  const page = await open('gradflow', 'gfd=8&gfact=sigmoid,tanh,relu&gfseed=3');
  await idle(page);
  for (const sel of ['.gf-grad canvas', '.gf-mean canvas']) {
    const s = await canvasStats(page, sel);
    assert.ok(s.ink > 0.01, `${sel} looks blank (${s.ink})`);
  }
  const g = createGradflow(engine, { depth: 8, width: 16, activations: ['sigmoid', 'tanh', 'relu'], init: 'torch', seed: 3, lr: 0.1 });
  try {
    let shown = await rows(page);
    assert.deepEqual(shown.map((r) => r.fn), ['sigmoid', 'tanh', 'relu']);
    shown.forEach((r, i) => assert.equal(r.ratio, g.runs[i].atInit.ratio, r.fn));
    assert.match(await page.$eval('.gf-claim-grad .claim-found', (p) => p.textContent), /Sigmoid \d/);
    await page.click('.gf-step');
    await page.waitForFunction(() => document.querySelector('.gf-counter').dataset.step === '100' && document.querySelector('.panel-gradflow').dataset.state === 'idle', null, { timeout: 60000 });
    g.train(100);
    shown = await rows(page);
    shown.forEach((r, i) => assert.equal(r.now, g.runs[i].now.ratio, r.fn));
  } finally {
    g.delete();
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('gradient flow: play trains until paused; reset goes back to step 0', async () => {
  const page = await open('gradflow', 'gfd=4&gfact=tanh,relu');
  await idle(page);
  await page.click('.gf-play');
  await page.waitForFunction(() => Number(document.querySelector('.gf-counter').dataset.step) > 50, null, { timeout: 30000 });
  assert.equal(await page.$eval('.gf-play', (b) => b.getAttribute('aria-pressed')), 'true');
  await page.click('.gf-play');
  assert.equal(await page.$eval('.panel-gradflow', (s) => s.dataset.state), 'idle');
  const a = await page.$eval('.panel-gradflow', (s) => s.dataset.step);
  assert.equal(await page.$eval('.gf-counter', (c) => c.dataset.step), a);
  // A paused loop trains nothing more, however many frames pass.
  await afterFrames(page, 5);
  assert.equal(await page.$eval('.panel-gradflow', (s) => s.dataset.step), a, 'still training after pause');
  await page.click('.gf-reset');
  assert.equal(await page.$eval('.gf-counter', (c) => c.dataset.step), '0');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('gradient flow: settings go into the URL; a hostile link is harmless', async () => {
  let page = await open('gradflow', 'gfd=4');
  await idle(page);
  await page.check('input[name="gfact"][value="selu"]');
  assert.match(await flushedHash(page), /gfact=[^&]*selu/);
  assert.ok((await rows(page)).some((r) => r.fn === 'selu'));
  await page.close();
  page = await open('gradflow', 'gfd=99&gfw=abc&gfact=nope,%3Cb%3E&gfinit=evil&gflr=Infinity&gfseed=1e99');
  await idle(page);
  assert.ok(await page.$('.notice'));
  assert.equal(await page.$eval('input[name="gfd"]', (i) => i.value), '20');
  assert.ok((await rows(page)).length >= 1);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('gradient flow in Chinese: the claims are in Chinese', async () => {
  const page = await open('gradflow', 'gfd=3', 'zh');
  await idle(page);
  const text = await page.$eval('.panel-gradflow', (s) => s.textContent);
  assert.match(text, /梯度/);
  assert.match(await page.$eval('.gf-claim-mean .claim-text', (p) => p.textContent), /零為中心/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

// (The progress bar is checked on a long sweep below: this small one may finish within a
// single frame on a fast machine, before any progress could be shown.)
test('convergence: bars and per-seed epochs equal to the core\'s', async () => {
  const page = await open('convergence', 'cvn=2&cvcap=40&cvtarget=0.3');
  await page.waitForSelector('.panel-convergence[data-state="done"]', { timeout: 60000 });
  const s = await canvasStats(page, '.cv-chart canvas');
  assert.ok(s.ink > 0.02, `chart looks blank (${s.ink})`);
  const shown = JSON.parse(await page.$eval('.panel-convergence', (p) => p.dataset.result));
  const gen = convergenceSweep(engine, { activations: ['relu', 'tanh', 'sigmoid'], seeds: 2, depth: 2, width: 16, lr: 0.1, batchSize: 10, target: 0.3, cap: 40, dataset: 'circle', dataSeed: 1 });
  let r;
  while (!(r = gen.next()).done);
  assert.deepEqual(shown, r.value.results.map((x) => ({ activation: x.activation, epochs: x.epochs, mean: Number.isFinite(x.mean) ? x.mean : null })));
  const text = await page.$eval('.panel-convergence .claim-found', (p) => p.textContent);
  assert.match(text, /ReLU/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('convergence: a run that cannot reach the target is shown as not reached; cancel stops a sweep', async () => {
  let page = await open('convergence', 'cvact=sigmoid&cvn=1&cvcap=10&cvtarget=0.01');
  await page.waitForSelector('.panel-convergence[data-state="done"]', { timeout: 60000 });
  assert.deepEqual(JSON.parse(await page.$eval('.panel-convergence', (p) => p.dataset.result)), [{ activation: 'sigmoid', epochs: [null], mean: null }]);
  assert.match(await page.$eval('.cv-table', (t) => t.textContent), />10/);
  await page.close();
  page = await open('convergence', 'cvn=10&cvcap=2000&cvtarget=0.001');
  // The long sweep starts on opening (Run is disabled meanwhile): stop it if it still runs,
  // then Run again and Cancel as soon as it shows progress (in the page: no race with its end).
  await page.evaluate(() => {
    const bar = document.querySelector('.panel-convergence .progress');
    if (bar.dataset.running === '1') bar.querySelector('.progress-cancel').click();
  });
  const seen = await cancelMidRun(page, 'convergence', '.cv-run');
  assert.ok(!seen.missed && seen.value > 0, `progress when cancelled: ${JSON.stringify(seen)}`);
  assert.equal(await page.$eval('.panel-convergence', (s) => s.dataset.state), 'cancelled');
  assert.equal(await page.$eval('.panel-convergence .progress', (p) => p.dataset.running), '0');
  assert.equal(await page.$eval('.cv-run', (b) => b.disabled), false);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('gradient flow: the He hint shows only while another initialisation is chosen, and the verdict says why tanh keeps more', async () => {
  for (const [init, hidden, why] of [['torch', false, /PyTorch’s default weights shrink it/], ['he', true, /He initialisation already keeps/]]) {
    const page = await open('gradflow', `gfinit=${init}&gfact=sigmoid,tanh,relu`);
    await idle(page);
    assert.equal(await page.$eval('.gf-init-hint', (p) => p.hidden), hidden, init);
    const text = await page.$eval('.gf-claim-grad .claim-found', (p) => p.textContent);
    assert.match(text, why);
    assert.ok(init === 'he' ? !/try it/.test(text) : /try it/.test(text), `${init}: ${text}`);
    await page.close();
  }
});
