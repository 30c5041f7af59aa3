// The Playground with imported weights so large (finite, 1e308) that the outputs overflow
// before any training step: pressing Play says the weights are the cause, not the learning
// rate, in English and in Chinese, and leaves the learning-rate field unmarked. Waits on the
// panel's data-diverged signal.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPanel } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const WORDS = {
  en: { cause: /before its first step.*weights are too large, not the learning rate/s, lr: /learning rate is probably too large/ },
  zh: { cause: /第一步之前.*權重太大，而不是學習率/s, lr: /學習率可能太大/ },
};

for (const lang of ['en', 'zh']) {
  test(`imported weights of 1e308 are named as the cause of the overflow (${lang})`, async () => {
    const page = await openPanel(env, 'playground', 'ds=moons&layers=6&act=relu', { lang, waitFor: '.pg-plot canvas' });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.pg-export')]);
    await download.cancel().catch(() => {});
    const model = JSON.parse(await page.$eval('.pg-json', (t) => t.value));
    model.weights = model.weights.map((W) => W.map((row) => row.map(() => 1e308)));
    await page.fill('.pg-json', JSON.stringify(model));
    await page.click('.pg-import');
    assert.equal(await page.$eval('.pg-io-msg', (m) => m.hidden), true, 'the finite weights were refused');
    await page.click('.pg-play');
    await page.waitForSelector('.panel-playground[data-diverged="1"]');
    const text = await page.textContent('.pg-alert');
    assert.match(text, WORDS[lang].cause);
    assert.doesNotMatch(text, WORDS[lang].lr);
    assert.equal(await page.$eval('.pg-lr-error', (m) => m.hidden), true, 'the learning rate was blamed');
    assert.equal(await page.$eval('.pg-play', (b) => b.getAttribute('aria-pressed')), 'false');
    assert.deepEqual(errors, []);
    await page.close();
  });
}
