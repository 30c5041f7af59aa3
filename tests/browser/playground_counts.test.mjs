// The Playground's words for counts in both languages: one own point, one hidden layer, one
// neuron and the note on a network of identity layers are worded for one (English singular,
// a Chinese sentence of its own where "these 1 layers" would not read), more for more.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPanel, PANEL_READY } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const WORDS = {
  en: {
    one: { layers: '1 hidden layer', neurons: 'Layer 1: 1 neuron', own: '1 own point (it joins the training set)',
      clear: 'Delete your 1 point? This cannot be undone.',
      note: 'The hidden layer is the identity: the network amounts to one matrix, so it can only draw a straight boundary, and more identity layers would not change that.' },
    two: { layers: '2 hidden layers', neurons: 'Layer 1: 2 neurons', own: '2 own points (they join the training set)',
      clear: 'Delete your 2 points? This cannot be undone.',
      note: 'Every hidden layer is the identity: the 2 layers multiply out to one matrix, so this network can only draw a straight boundary, however deep it is.' },
  },
  zh: {
    one: { layers: '1 個隱藏層', neurons: '第 1 層：1 個神經元', own: '自訂資料點 1 個（併入訓練集）', clear: '要刪除你的 1 個資料點嗎？此動作無法復原。',
      note: '唯一的隱藏層是恆等函數：整個網路只相當於一個矩陣，所以只能畫出直線邊界，再多加恆等層也一樣。' },
    two: { layers: '2 個隱藏層', neurons: '第 1 層：2 個神經元', own: '自訂資料點 2 個（併入訓練集）', clear: '要刪除你的 2 個資料點嗎？此動作無法復原。',
      note: '每個隱藏層都是恆等函數：這 2 層相乘後只是一個矩陣，不論多深，網路都只能畫出直線邊界。' },
  },
};

for (const lang of ['en', 'zh']) {
  test(`${lang}: one own point, layer and neuron are worded for one, two for more`, async () => {
    for (const [count, hash, csv] of [['one', 'layers=1&act=identity', '0.5,0.5,1'], ['two', 'layers=2,2&act=identity,identity', '0.5,0.5,1\n-0.5,0.5,0']]) {
      const want = WORDS[lang][count];
      const page = await openPanel(env, 'playground', `ds=gaussian&${hash}`, { lang, waitFor: PANEL_READY.playground });
      assert.equal(await page.textContent('.pg-layer-label'), want.layers);
      assert.equal(await page.getAttribute('.pg-col[data-layer="0"] .pg-neurons', 'aria-label'), want.neurons);
      await page.waitForSelector('.pg-note');
      assert.equal(await page.textContent('.pg-note'), want.note);
      await page.fill('.pg-csv', csv);
      await page.click('.pg-csv-add');
      assert.equal(await page.textContent('.pg-count'), want.own);
      const asked = new Promise((resolve) => page.once('dialog', (d) => { resolve(d.message()); d.dismiss(); }));
      await page.click('.pg-clear');
      assert.equal(await asked, want.clear);
      assert.equal(await page.textContent('.pg-count'), want.own, 'declined: the points stay');
      assert.deepEqual(page.problems, []);
      await page.close();
    }
  });
}
