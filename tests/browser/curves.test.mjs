// The Curves panel in headless Chromium, served from dist/ over http (and once from file://):
// it loads cleanly, draws, reacts to its controls, speaks both languages, restores a shared
// link, survives hostile links and bad parameter combinations.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setup, waitReady, canvasStats, flushedHash, DIST } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

async function open(url) {
  const page = await env.newPage();
  await page.goto(url.startsWith('file:') ? url : env.base + url);
  await waitReady(page);
  return page;
}

function assertClean(page) {
  assert.deepEqual(page.problems, [], `console/page errors:\n${page.problems.join('\n')}`);
}

// Moves a range input with the keyboard, like a user would.
async function pressOnSlider(page, selector, key, times = 1) {
  await page.focus(selector);
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

test('the page loads with no console error and draws the default curves', async () => {
  const page = await open('index.html');
  const stats = await canvasStats(page);
  assert.ok(stats.width > 300 && stats.height > 200, `canvas is ${stats.width}x${stats.height}`);
  assert.ok(stats.ink > 0.01, `canvas looks blank (ink ${stats.ink})`);
  const fns = await page.$$eval('.fn-item', (els) => els.map((e) => e.dataset.fn));
  assert.deepEqual(fns, ['sigmoid', 'tanh', 'relu']);
  assert.ok(await page.$$eval('.fn-card math', (m) => m.length) >= 6, 'formulas typeset as MathML');
  assert.equal(await page.$eval('html', (h) => h.lang), 'en');
  assertClean(page);
  await page.close();
});

test('moving a parameter slider changes the drawn curve and the URL', async () => {
  const page = await open('index.html#fn=leaky_relu&lang=en');
  const before = await canvasStats(page);
  const slider = '.fn-item[data-fn="leaky_relu"] input[type="range"]';
  await pressOnSlider(page, slider, 'End');
  const after = await canvasStats(page);
  assert.notEqual(after.hash, before.hash, 'pixels unchanged after moving the slider');
  assert.equal(await page.$eval(`${slider} + input.num`, (n) => n.value), '0.5');
  assert.match(await flushedHash(page), /par=leaky_relu\.negative_slope:0\.5/);
  // The lesson text follows the parameter (PyTorch's f'(0) = negative slope).
  assert.match(await page.$eval('.fn-card[data-fn="leaky_relu"] .point-kink', (e) => e.textContent), /0\.5/);
  assertClean(page);
  await page.close();
});

test('the language switch changes the labels and is kept in the URL', async () => {
  const page = await open('index.html#lang=en');
  const enHeading = await page.$eval('.panel-head h2', (h) => h.textContent);
  await page.click('button[data-lang="zh"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant');
  const zhHeading = await page.$eval('.panel-head h2', (h) => h.textContent);
  assert.notEqual(zhHeading, enHeading);
  assert.match(zhHeading, /激活函數/);
  assert.match(await page.$eval('.fn-card[data-fn="sigmoid"] .points', (e) => e.textContent), /梯度消失/);
  assert.equal(await page.$eval('.tab[aria-selected="true"]', (e) => e.textContent), '函數曲線');
  assert.match(await flushedHash(page), /lang=zh/);
  assert.ok((await canvasStats(page)).ink > 0.01);
  assertClean(page);
  await page.close();
});

test('reloading a copied URL restores functions, parameters, range and language', async () => {
  const page = await open('index.html#lang=en');
  await page.selectOption('.add-fn select', 'hardtanh');
  await pressOnSlider(page, 'input[data-param="hardtanh.max_val"]', 'ArrowRight', 10);
  await page.fill('input[name="xmax"]', '3');
  await page.press('input[name="xmax"]', 'Tab');
  await page.uncheck('input[name="df"]');
  await page.click('button[data-lang="zh"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant');
  const written = await flushedHash(page);
  for (const re of [/max_val:/, /xmax=3/, /df=0/]) assert.match(written, re);
  const url = `index.html${await page.evaluate(() => location.hash)}`;
  const snapshot = async (p) => ({
    fns: await p.$$eval('.fn-item', (els) => els.map((e) => e.dataset.fn)),
    params: await p.$$eval('input[type="range"]', (els) => els.map((e) => e.value)),
    xmax: await p.$eval('input[name="xmax"]', (e) => e.value),
    df: await p.$eval('input[name="df"]', (e) => e.checked),
    lang: await p.$eval('html', (h) => h.lang),
    pixels: (await canvasStats(p)).hash,
  });
  const first = await snapshot(page);
  assert.deepEqual(first.fns, ['sigmoid', 'tanh', 'relu', 'hardtanh']);
  const copy = await open(url);
  assert.deepEqual(await snapshot(copy), first);
  assertClean(page);
  assertClean(copy);
  await page.close();
  await copy.close();
});

test('the page also works from file:// (dist/index.html opened from disk)', async () => {
  const page = await open(`${pathToFileURL(path.join(DIST, 'index.html')).href}#fn=gelu,elu&lang=zh`);
  assert.ok((await canvasStats(page)).ink > 0.01);
  assert.deepEqual(await page.$$eval('.fn-item', (els) => els.map((e) => e.dataset.fn)), ['gelu', 'elu']);
  assertClean(page);
  await page.close();
});

test('embed.html?panel=curves shows the panel alone, with its intro unless compact=1', async () => {
  const page = await open('embed.html?panel=curves#fn=elu&lang=en');
  assert.equal(await page.$('.tabs'), null, 'no tab bar in the embed');
  assert.deepEqual(await page.$$eval('.fn-item', (els) => els.map((e) => e.dataset.fn)), ['elu']);
  assert.ok(await page.$('.panel-curves .lead'), 'the intro is shown');
  assert.equal(await page.$('.panel-curves.compact'), null);
  assert.ok((await canvasStats(page)).ink > 0.01);
  assert.match(await page.$eval('a.open-full', (a) => a.getAttribute('href')), /^index\.html#.*fn=elu/);
  assertClean(page);
  await page.close();

  const compact = await open('embed.html?panel=curves&compact=1#fn=elu&lang=en');
  assert.ok(await compact.$('.panel-curves.compact'));
  assert.equal(await compact.$('.panel-curves .lead'), null, 'compact=1 hides the intro');
  assert.deepEqual(await compact.$$eval('.fn-item', (els) => els.map((e) => e.dataset.fn)), ['elu']);
  assertClean(compact);
  await compact.close();

  const unknown = await open('embed.html?panel=nope');
  assert.match(await unknown.$eval('.notice', (e) => e.textContent), /nope/);
  assert.ok((await canvasStats(unknown)).ink > 0.01);
  assertClean(unknown);
  await unknown.close();
});

test('a hostile or malformed hash is ignored and leaves the page working', async () => {
  const hashes = [
    '#fn=<script>,x=NaN,lang=xx',
    '#fn=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&xmin=NaN&xmax=1e999&lang=xx&df=maybe&par=relu.x:1,__proto__.a:2,elu.alpha:1e308',
    '#xmin=5&xmax=-5&fn=nosuchfn,relu&panel=../../etc',
    `#fn=${'a'.repeat(5000)}`,
    '#%E0%A4%A',
  ];
  for (const h of hashes) {
    const page = await env.newPage();
    let dialog = false;
    page.on('dialog', (d) => { dialog = true; d.dismiss(); });
    await page.goto(`${env.base}index.html${h}`);
    await waitReady(page);
    assert.equal(dialog, false, `a dialog opened for ${h}`);
    assert.equal(await page.$$eval('.content img', (i) => i.length), 0);
    assert.ok((await canvasStats(page)).ink > 0.01, `nothing drawn for ${h}`);
    const xmin = Number(await page.$eval('input[name="xmin"]', (e) => e.value));
    const xmax = Number(await page.$eval('input[name="xmax"]', (e) => e.value));
    assert.ok(xmin < xmax && xmin >= -100 && xmax <= 100, `range ${xmin}..${xmax} for ${h}`);
    assert.deepEqual(page.problems, [], `errors for ${h}:\n${page.problems.join('\n')}`);
    // Still usable: adding a function works.
    await page.selectOption('.add-fn select', 'softsign');
    assert.ok(await page.$('.fn-item[data-fn="softsign"]'));
    await page.close();
  }
});

test('a bad parameter combination shows a message next to it and the page stays usable', async () => {
  const page = await open('index.html#fn=hardtanh,tanh&lang=en');
  const item = '.fn-item[data-fn="hardtanh"]';
  const before = await canvasStats(page);
  // min_val up to 0 (its slider maximum) and max_val down to 0: min_val >= max_val.
  await pressOnSlider(page, 'input[data-param="hardtanh.min_val"]', 'End');
  await pressOnSlider(page, 'input[data-param="hardtanh.max_val"]', 'Home');
  const msg = await page.$eval(`${item} > .field-error`, (e) => (e.hidden ? '' : e.textContent));
  assert.match(msg, /Hardtanh/);
  assert.match(msg, /min_val/);
  assert.ok((await canvasStats(page)).ink > 0.005, 'the other curve is still drawn');
  // Fixing the value clears the message and draws hardtanh again.
  await pressOnSlider(page, 'input[data-param="hardtanh.max_val"]', 'End');
  assert.equal(await page.$eval(`${item} > .field-error`, (e) => e.hidden), true);
  assert.notEqual((await canvasStats(page)).hash, before.hash);

  // A typed value out of range is refused next to the field, not applied.
  const num = 'input[data-param="hardtanh.max_val"] + input.num';
  await page.fill(num, '99');
  await page.press(num, 'Enter');
  assert.equal(await page.$eval(num, (e) => e.getAttribute('aria-invalid')), 'true');
  assert.match(await page.$eval(`${item} .param:last-of-type .field-error`, (e) => e.textContent), /between 0 and 3/);
  await page.fill('input[name="xmin"]', '7');
  await page.press('input[name="xmin"]', 'Tab');
  assert.equal(await page.$eval('.range-field + .field-error', (e) => e.hidden), false);
  assertClean(page);
  await page.close();
});

test('hovering the chart shows x, f(x) and f\'(x)', async () => {
  const page = await open('index.html#fn=relu&lang=en');
  const box = await (await page.$('.chart-box canvas')).boundingBox();
  const before = await canvasStats(page);
  const drawn = await page.$eval('.chart-box canvas', (c) => Number(c.dataset.drawn));
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
  // Chart.js handles the pointer on the next animation frame: wait until the chart has drawn again.
  await page.waitForFunction((n) => Number(document.querySelector('.chart-box canvas').dataset.drawn) > n, drawn);
  const after = await canvasStats(page);
  assert.notEqual(after.hash, before.hash, 'no tooltip drawn on hover');
  assertClean(page);
  await page.close();
});

test('keyboard use: focus stays on the language switch, and editing the hash by hand re-renders', async () => {
  const page = await open('index.html#lang=en');
  await page.focus('button[data-lang="zh"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.lang), 'zh');
  // Remove a function with the keyboard; focus moves to the "add" list.
  await page.focus('.fn-item[data-fn="tanh"] .icon-btn');
  await page.keyboard.press('Enter');
  assert.equal(await page.$('.fn-item[data-fn="tanh"]'), null);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SELECT');
  // A hand-edited hash (hashchange) shows the new state.
  await page.evaluate(() => { location.hash = '#fn=mish&lang=en'; });
  await page.waitForSelector('.fn-item[data-fn="mish"]');
  assert.equal(await page.$eval('html', (h) => h.lang), 'en');
  // Dragging a slider through many values stays quiet (no throttling warning) and ends in the URL.
  await page.selectOption('.add-fn select', 'elu');
  await page.focus('input[data-param="elu.alpha"]');
  for (let i = 0; i < 80; i++) await page.keyboard.press('ArrowRight');
  const alpha = await page.$eval('input[data-param="elu.alpha"]', (e) => e.value);
  assert.ok(Number(alpha) > 2, `alpha is ${alpha}`);
  assert.ok((await flushedHash(page)).includes(`elu.alpha:${alpha}`), 'the last slider value is in the URL');
  await page.click('.controls button.secondary');
  assert.equal(await page.$eval('input[data-param="elu.alpha"]', (e) => e.value), '1');
  assertClean(page);
  await page.close();
});

test('the y range can be fixed by hand, starting from the fitted one, and is kept in the URL', async () => {
  const page = await open('index.html#fn=sigmoid,exponential&lang=en');
  assert.equal(await page.$eval('input[name="ymin"]', (e) => e.disabled), true);
  const fitted = await canvasStats(page);
  await page.uncheck('input[name="yauto"]');
  assert.equal(await page.$eval('input[name="ymin"]', (e) => e.disabled), false);
  assert.ok(Number(await page.$eval('input[name="ymax"]', (e) => e.value)) > 100, 'starts from the fitted range');
  await page.fill('input[name="ymin"]', '-1');
  await page.fill('input[name="ymax"]', '2');
  await page.press('input[name="ymax"]', 'Tab');
  assert.notEqual((await canvasStats(page)).hash, fitted.hash);
  const written = await flushedHash(page);
  for (const re of [/yauto=0/, /ymin=-1/, /ymax=2(&|$)/]) assert.match(written, re);
  const copy = await open(`index.html${await page.evaluate(() => location.hash)}`);
  assert.equal(await copy.$eval('input[name="ymax"]', (e) => e.value), '2');
  assert.equal((await canvasStats(copy)).hash, (await canvasStats(page)).hash);
  assertClean(page);
  assertClean(copy);
  await page.close();
  await copy.close();
});
