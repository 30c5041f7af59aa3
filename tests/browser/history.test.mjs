// The page's history: choosing a panel is a history entry, so Back returns to the previous
// panel (with the settings it had) and Forward comes back; slider moves and setting changes
// replace the current entry instead of adding one; the language chosen since stays. The hash
// keys stay the public contract.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, waitReady, flushedHash } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const historyLength = (page) => page.evaluate(() => history.length);

async function choose(page, panel) {
  await page.click(`.tab[data-panel="${panel}"]`);
  await page.waitForSelector(`.panel-${panel}`);
}

// Back or Forward, then wait until the page shows `panel` and has written the hash.
async function travel(page, direction, panel) {
  await (direction === 'back' ? page.goBack() : page.goForward());
  await page.waitForSelector(`.panel-${panel}`);
  return flushedHash(page);
}

test('Back returns to the previous panel with its settings; slider moves add no entry', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html#panel=curves&lang=en`);
  await waitReady(page);
  await page.waitForSelector('.panel-curves');
  const start = await historyLength(page);

  await choose(page, 'softmax');
  assert.equal(await historyLength(page), start + 1, 'choosing a panel adds an entry');
  await page.focus('.panel-softmax input[name="smt"]');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  const softmaxHash = await flushedHash(page);
  assert.match(softmaxHash, /panel=softmax/);
  assert.match(softmaxHash, /smt=/, 'the temperature is in the link');
  assert.equal(await historyLength(page), start + 1, 'slider moves replace the entry');

  await choose(page, 'regions');
  await page.click('.tab[data-panel="regions"]');   // the current panel again: no entry
  assert.equal(await historyLength(page), start + 2);

  assert.equal(await travel(page, 'back', 'softmax'), softmaxHash, 'Back shows the softmax entry as it was left');
  assert.equal(await page.$eval('.panel-softmax input[name="smt"]', (s) => s.value) !== '0', true);
  assert.equal(await page.$('.panel-regions'), null);
  assert.match(await travel(page, 'back', 'curves'), /^#(?!.*panel=)|panel=curves/, 'Back again: the first panel');
  assert.equal(await travel(page, 'forward', 'softmax'), softmaxHash, 'Forward comes back');
  assert.match(await travel(page, 'forward', 'regions'), /panel=regions/);
  assert.equal(await historyLength(page), start + 2, 'travelling adds no entry');
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('an old link with panel= in the hash still opens that panel, and Back leaves it', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html#panel=dead&lang=zh`);
  await waitReady(page);
  await page.waitForSelector('.panel-dead');
  assert.equal(await page.$eval('html', (h) => h.lang), 'zh-Hant');
  await choose(page, 'speed');
  assert.match(await travel(page, 'back', 'dead'), /panel=dead&lang=zh|lang=zh.*panel=dead|panel=dead/);
  assert.equal(await page.$eval('html', (h) => h.lang), 'zh-Hant', 'the language is kept');
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('the language chosen after choosing panels stays when going Back; an address typed by hand is followed as written', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html#panel=softmax&lang=en`);
  await waitReady(page);
  await page.waitForSelector('.panel-softmax');
  await choose(page, 'speed');
  await page.click('.lang-btn[data-lang="zh"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant');
  assert.match(await travel(page, 'back', 'softmax'), /lang=zh/);
  assert.equal(await page.$eval('html', (h) => h.lang), 'zh-Hant', 'Back kept the reader\'s language');
  assert.match(await page.$eval('.panel-softmax h2', (h) => h.textContent), /機率/);
  assert.match(await travel(page, 'forward', 'speed'), /lang=zh/);
  // A hash typed into the address bar is a place the reader asked for, language included.
  await page.evaluate(() => { location.hash = '#panel=curves&lang=en'; });
  await page.waitForSelector('.panel-curves');
  assert.equal(await page.$eval('html', (h) => h.lang), 'en');
  assert.match(await travel(page, 'back', 'speed'), /panel=speed/);
  assert.equal(await page.$eval('html', (h) => h.lang), 'en', 'the typed language is now the reader\'s');
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});
