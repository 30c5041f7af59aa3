// The Why non-linearity panel in headless Chromium against the built dist/: both decision maps
// are drawn, the accuracies and the matrix M on screen equal what the core returns for the same
// seed (computed here in node), the matrix is typeset, progress and cancel work, the settings
// live in the URL, and a hostile link is harmless.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, canvasStats, openPanel, flushedHash, cancelMidRun } from './helpers.mjs';
import { nonlinearityRun } from '../../web/src/panels/nonlinearity/experiment.js';

let env;
let engine;
browserSuite((s) => ({ env, engine } = s), { engine: 'core' });

const open = (hash = '') => openPanel(env, 'nonlinearity', hash);

const done = (page) => page.waitForSelector('.panel-nonlinearity[data-state="done"]', { timeout: 60000 });

function run(settings) {
  const gen = nonlinearityRun(engine, settings);
  let r;
  while (!(r = gen.next()).done);
  return r.value;
}

test('both maps are drawn and the numbers on screen are the core\'s for the same seed', async () => {
  const page = await open('nld=3&nlact=relu&nlseed=4');
  await done(page);
  // The identity net is unsure almost everywhere (a pale map); the non-linear one is not.
  for (const [side, min] of [['linear', 0.02], ['nonlinear', 0.3]]) {
    const s = await canvasStats(page, `.nl-${side} canvas`);
    assert.ok(s.ink > min, `${side} map looks blank (${s.ink})`);
  }
  const want = run({ depth: 3, width: 8, activation: 'relu', seed: 4 });
  const shown = await page.evaluate(() => ({
    lin: Number(document.querySelector('.nl-acc-linear').dataset.test),
    non: Number(document.querySelector('.nl-acc-nonlinear').dataset.test),
    M: JSON.parse(document.querySelector('.nl-matrix').dataset.m),
    c: JSON.parse(document.querySelector('.nl-matrix').dataset.c),
    math: document.querySelectorAll('.nl-matrix math').length,
    text: document.querySelector('.panel-nonlinearity .claim-found').textContent,
  }));
  assert.equal(shown.lin, want.linear.testAccuracy);
  assert.equal(shown.non, want.nonlinear.testAccuracy);
  assert.deepEqual(shown.M, want.linear.M);
  assert.deepEqual(shown.c, want.linear.c);
  assert.equal(shown.math, 2);
  assert.match(shown.text, /exactly 1 linear region/);
  assert.ok(want.nonlinear.testAccuracy > 0.9 && want.linear.testAccuracy < 0.75, JSON.stringify([want.linear.testAccuracy, want.nonlinear.testAccuracy]));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('progress is shown while training and cancel stops it', async () => {
  const page = await open('nld=8&nlw=32&nlseed=9');
  // The run on opening ends (Run is disabled meanwhile); Run again and Cancel as soon as it
  // shows progress (in the page: no race with its end).
  await done(page);
  const seen = await cancelMidRun(page, 'nonlinearity', '.nl-run');
  assert.ok(!seen.missed && seen.value > 0 && seen.value < 1, `progress when cancelled: ${JSON.stringify(seen)}`);
  await page.waitForSelector('.panel-nonlinearity[data-state="cancelled"]');
  assert.equal(await page.$eval('.panel-nonlinearity .progress', (p) => p.hidden), true);
  assert.equal(await page.$eval('.nl-run', (b) => b.disabled), false);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a changed depth goes into the URL and the matrix has one factor per layer', async () => {
  const page = await open();
  await done(page);
  await page.fill('input[name="nld"]', '5');
  await page.dispatchEvent('input[name="nld"]', 'change');
  assert.match(await flushedHash(page), /nld=5(&|$)/);
  await page.waitForSelector('.panel-nonlinearity[data-state="done"]', { timeout: 60000 });
  assert.match(await page.$eval('.nl-matrix h3', (h) => h.textContent), /6 layers/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a hostile link is harmless', async () => {
  const page = await open('nld=abc&nlw=1e9&nlact=%3Cscript%3E&nlseed=-5');
  await done(page);
  assert.ok(await page.$('.notice'), 'the link problem is reported');
  const values = await page.evaluate(() => ['nld', 'nlw', 'nlseed'].map((k) => document.querySelector(`input[name="${k}"]`).value));
  assert.deepEqual(values, ['2', '32', '0']);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a deep narrow tanh net that stays near a straight line is explained; the same net with ReLU learns the circle', async () => {
  for (const [act, note] of [['tanh', true], ['relu', false]]) {
    const page = await open(`nld=8&nlw=32&nlact=${act}&nlseed=1`);
    await done(page);
    const acc = Number(await page.$eval('.nl-acc-nonlinear', (p) => p.dataset.test));
    const expected = run({ depth: 8, width: 32, activation: act, seed: 1 }).nonlinear.testAccuracy;
    assert.equal(acc, expected);
    assert.equal(acc < 0.9, note, `${act}: ${acc}`);
    const text = await page.$eval('.panel-nonlinearity .claim-found', (p) => p.textContent);
    assert.equal(/almost a straight line/.test(text), note, text);
    await page.close();
  }
});
