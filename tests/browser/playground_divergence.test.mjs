// The Playground after a diverged run: the plot, the loss and the accuracy describe the
// parameters the page kept (checked against the core's forward pass on the exported model,
// run here in node on the same seeded data set), and one click goes on from them with a
// third of the learning rate. Waits on the panel's data-diverged and data-step signals.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPanel, canvasStats, flushedHash } from './helpers.mjs';

let env;
let engine;
browserSuite((s) => ({ env, engine } = s), { engine: 'page' });   // the page's own core.js

// Leaky ReLU at learning rate 1 on XOR: the loss becomes NaN at step 1295 (seeded, so always).
const SETUP = 'ds=xor&layers=16,16&act=leaky_relu,leaky_relu&lr=1';
const readout = (page, key) => page.$eval(`.pg-r-${key} dd`, (d) => Number(d.dataset.value));
const step = (page) => page.$eval('.panel-playground', (s) => Number(s.dataset.step));

async function diverge() {
  const page = await openPanel(env, 'playground', SETUP, { waitFor: '.pg-plot canvas' });
  await page.click('.pg-play');
  await page.waitForSelector('.panel-playground[data-diverged="1"]', { timeout: 120000 });
  return page;
}

test('after a divergence the plot, loss and accuracy show the kept parameters', async () => {
  const page = await diverge();
  assert.equal(await page.$eval('.pg-play', (b) => b.getAttribute('aria-pressed')), 'false');
  const text = await page.textContent('.pg-alert');
  assert.match(text, /diverged at step 1295/);
  const kept = Number(/network at step (\d+)/.exec(text)[1]);
  assert.ok(kept > 0 && kept < 1295, `kept step ${kept}`);
  assert.equal(await step(page), kept, 'the counter shows the kept step');

  // The readouts against an independent evaluation of the exported parameters.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.pg-export')]);
  await download.cancel().catch(() => {});
  const model = JSON.parse(await page.$eval('.pg-json', (t) => t.value));
  const { train } = engine.makeDataset('xor', { n: 500, noise: 0.1, seed: 1, testFraction: 0.5 });
  const f = engine.forward(model, train.x, { jacobians: false });
  let correct = 0;
  let bce = 0;
  for (let i = 0; i < train.n; i++) {
    const z = f.logits[i];
    const y = train.y[i];
    correct += (f.outputs[i] > 0.5 ? 1 : 0) === y ? 1 : 0;
    bce += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  }
  const acc = await readout(page, 'trainAcc');
  const loss = await readout(page, 'trainLoss');
  assert.equal(acc, correct / train.n, `accuracy shown ${acc}, forward gives ${correct / train.n}`);
  assert.ok(acc > 0.9, `the kept network should have learnt XOR, accuracy ${acc}`);
  assert.ok(Math.abs(loss - bce / train.n) <= 1e-9 * Math.max(1, loss), `loss shown ${loss}, forward gives ${bce / train.n}`);

  // The heatmap is drawn: most of the plot is tinted by the network's prediction.
  const plot = await canvasStats(page, '.pg-plot canvas');
  assert.ok(plot.ink > 0.5, `the heatmap looks blank (${plot.ink} of the pixels coloured)`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('Continue with a third of the learning rate resumes from the kept parameters', async () => {
  const page = await diverge();
  const kept = await step(page);
  const accBefore = await readout(page, 'trainAcc');
  const button = page.locator('.pg-alert .pg-continue');
  assert.equal(await button.textContent(), 'Continue with learning rate 0.3');
  await button.click();
  assert.equal(await page.$eval('.pg-play', (b) => b.getAttribute('aria-pressed')), 'true', 'not playing');
  assert.equal(await page.$eval('.pg-alert', (a) => a.hidden), true, 'the message stays after Continue');
  assert.equal(await page.$eval('.pg-lr', (i) => i.value), '0.3');
  assert.match(await flushedHash(page), /lr=0\.3(&|$)/);
  // Training goes on from the kept step (a reset would start again from 0).
  await page.waitForFunction((k) => {
    const s = document.querySelector('.panel-playground');
    return Number(s.dataset.step) >= k + 500 || s.dataset.diverged === '1';
  }, kept, { timeout: 120000 });
  await page.click('.pg-play');
  assert.equal(await page.$eval('.panel-playground', (s) => s.dataset.diverged), '0', 'diverged again at lr 0.3');
  assert.ok(await step(page) >= kept + 500);
  assert.ok(await readout(page, 'trainAcc') >= Math.min(accBefore, 0.95), 'accuracy dropped after continuing');
  assert.deepEqual(page.problems, []);
  await page.close();
});
