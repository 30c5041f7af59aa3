// The Softmax panel in headless Chromium against the built dist/: the bars are drawn, the
// probabilities on screen equal engine.softmax for the same scores (also 1000 and 1001, which
// overflow the naive formula), they sum to 1, the variant switch and the presets work, a NaN
// score shows a message and keeps the last value, and the settings survive a reload.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, waitReady, canvasStats, openPanel, flushedHash } from './helpers.mjs';

let env;
let engine;
browserSuite((s) => ({ env, engine } = s), { engine: 'core' });

const open = (hash) => openPanel(env, 'softmax', hash, { waitFor: '.panel-softmax[data-ready="1"]' });

const rows = (page) => page.$$eval('.sm-table tbody tr', (rs) => rs.map((r) => ({ p: Number(r.dataset.p), logp: Number(r.dataset.logp), y: Number(r.dataset.y), naive: r.querySelector('.sm-naive').textContent })));

test('softmax of 1000 and 1001: finite probabilities equal to the core, summing to 1, naive formula NaN', async () => {
  const page = await open('sms=1000,1001');
  const got = await rows(page);
  const ref = engine.softmax([1000, 1001], 1, 'softmax').y;
  assert.equal(got.length, 2);
  got.forEach((r, i) => {
    assert.ok(Number.isFinite(r.p));
    assert.equal(r.p, ref[i]);
    assert.equal(r.naive, 'NaN');
  });
  const sum = Number(await page.$eval('.sm-sum', (s) => s.dataset.sum));
  assert.ok(Math.abs(sum - 1) < 1e-12, `sum ${sum}`);
  assert.match(await page.$eval('.sm-sum', (s) => s.textContent), /1\.0000000000000/);
  assert.match(await page.$eval('.sm-stable-now', (s) => s.textContent), /overflows/);
  assert.ok((await canvasStats(page, '.sm-chart canvas')).ink > 0.01, 'bars look blank');
  assert.ok(await page.$('.sm-formula math'), 'the formula is typeset');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a NaN score shows a message and keeps the last valid value', async () => {
  const page = await open('sms=2,1,0.1');
  const before = await rows(page);
  await page.fill('input[name="sms1"]', 'NaN');
  await page.locator('input[name="sms1"]').blur();
  const err = page.locator('.sm-score-error');
  await err.waitFor({ state: 'visible' });
  assert.match(await err.textContent(), /Score 2 must be a number/);
  assert.deepEqual(await rows(page), before);
  await page.fill('input[name="sms1"]', '3');
  await page.locator('input[name="sms1"]').blur();
  assert.match(await flushedHash(page), /sms=2,3,0\.1(&|$)/);
  assert.equal(await err.isVisible(), false);
  const ref = engine.softmax([2, 3, 0.1], 1, 'softmax').y;
  (await rows(page)).forEach((r, i) => assert.equal(r.p, ref[i]));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('variants, temperature, presets and add/remove follow the core and the link', async () => {
  const page = await open('sms=3,-1,0.5&smt=2&smv=log_softmax');
  let ref = engine.softmax([3, -1, 0.5], 2, 'log_softmax').y;
  (await rows(page)).forEach((r, i) => assert.equal(r.y, ref[i]));
  await page.click('input[value="softmin"]');
  ref = engine.softmax([3, -1, 0.5], 2, 'softmin').y;
  (await rows(page)).forEach((r, i) => assert.equal(r.y, ref[i]));
  await page.click('.sm-preset-large');
  assert.equal((await rows(page)).length, 3);
  await page.click('.sm-add');
  assert.equal((await rows(page)).length, 4);
  await page.click('.sm-score:nth-child(1) .sm-remove');
  assert.match(await flushedHash(page), /sms=1001,1002,0(&|$)/);
  const hash = await page.evaluate(() => location.hash);
  await page.reload();
  await waitReady(page);
  await page.waitForSelector('.panel-softmax[data-ready="1"]');
  assert.equal(await page.evaluate(() => location.hash), hash);
  ref = engine.softmax([1001, 1002, 0], 2, 'softmin').y;
  (await rows(page)).forEach((r, i) => assert.equal(r.y, ref[i]));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a hostile link is harmless', async () => {
  const page = await open('sms=abc,1e400,5,%3Cb%3E&smt=-3&smv=evil');
  assert.equal((await rows(page)).length, 1);
  assert.ok(await page.$('.notice'));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('scores that tie are said to tie, not one of them "the largest"', async () => {
  const { fmt } = await import('../../web/src/i18n.js');
  const found = (page) => page.$$eval('.panel-softmax .claim-found-text', (ps) => ps.map((p) => p.textContent));
  const cases = [
    ['sms=3,3,3', 'en', 'All 3 scores are equal, so they tie: each gets the same share, 1/3 = 0.3333.'],
    ['sms=3,3,3', 'zh', '3 個分數全部相等，不分高下：每個分到相同的比重 1/3 = 0.3333。'],
    ['sms=3,1,3', 'en', `The largest score is shared by s₁ and s₃, so they tie: each gets the largest share, ${fmt(engine.softmax([3, 1, 3], 1, 'softmax').y[0], 4)}.`],
    ['sms=3,1,3', 'zh', `s₁和s₃ 同為最大的分數，不分高下：各分到最大的比重 ${fmt(engine.softmax([3, 1, 3], 1, 'softmax').y[0], 4)}。`],
    ['sms=1,1,1,5&smv=softmin', 'en', `The smallest score is shared by s₁, s₂, and s₃, so they tie: softmin gives each of them the largest share, ${fmt(engine.softmax([1, 1, 1, 5], 1, 'softmin').y[0], 4)}.`],
    ['sms=2,1,0.1', 'en', `The largest score, s₁, gets the largest share: ${fmt(engine.softmax([2, 1, 0.1], 1, 'softmax').y[0], 4)}.`],
  ];
  for (const [hash, lang, said] of cases) {
    const page = await openPanel(env, 'softmax', hash, { lang, waitFor: '.panel-softmax[data-ready="1"]' });
    assert.ok((await found(page)).includes(said), `${hash} (${lang}): ${(await found(page)).join(' | ')}`);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});
