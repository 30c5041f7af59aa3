// The Playground's neuron view: a picture of every hidden neuron's output over the plane, the
// weights as lines, dead neurons marked and flat, and a chosen neuron's formula with the
// current weights and the range of its weighted sums (checked against the core's forward pass
// in node on the same seeded data). Waits on the view's data-painted signal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { browserSuite, openPanel } from './helpers.mjs';

let env;
let engine;
browserSuite((s) => ({ env, engine } = s), { engine: 'page' });   // the page's own core.js

// A 2-3-1 ReLU net whose second neuron has bias -100: below zero everywhere on the data.
const MODEL = {
  layers: [2, 3, 1], activation: 'relu', output: 'sigmoid',
  weights: [[[0.5, -1.25], [0.3, 0.2], [-0.7, 0.9]], [[1, -1, 0.5]]],
  biases: [[0.75, -100, 0.1], [0.2]],
};

const painted = (page) => page.$eval('.pg-nv', (n) => Number(n.dataset.painted || 0));

// Alpha per pixel of every neuron picture, in button order: [{l, j, rect, alpha: [...]}]. The
// pictures share one canvas; each button names its picture's rectangle in that canvas's pixels.
const pictures = (page) => page.$$eval('.pg-nv-n', (bs) => {
  const c = document.querySelector('.pg-nv-pics');
  const ctx = c.getContext('2d');
  return bs.map((b) => {
    const [x, y, w, h] = ['x', 'y', 'w', 'h'].map((k) => Number(b.dataset[k]));
    const inside = w > 0 && h > 0 && x >= 0 && y >= 0 && x + w <= c.width && y + h <= c.height;
    const d = inside ? ctx.getImageData(x, y, w, h).data : [];
    return { l: Number(b.dataset.l), j: Number(b.dataset.j), rect: [x, y, w, h], inside, alpha: Array.from(d.filter((_, i) => i % 4 === 3)) };
  });
});

// No two pictures' rectangles overlap (each neuron's pixels are its own).
function disjoint(pics) {
  for (const [a, p] of pics.entries()) {
    for (const q of pics.slice(a + 1)) {
      const [x, y, w, h] = p.rect;
      const [u, v, s, t] = q.rect;
      assert.ok(x + w <= u || u + s <= x || y + h <= v || v + t <= y, `pictures ${p.l},${p.j} and ${q.l},${q.j} overlap`);
    }
  }
}

async function withModel(lang = 'en') {
  const page = await openPanel(env, 'playground', 'ds=circle&layers=3&act=relu', { lang, waitFor: '.pg-nv[data-painted]' });
  const before = await painted(page);
  await page.fill('.pg-json', JSON.stringify(MODEL));
  await page.click('.pg-import');
  await page.waitForFunction((n) => Number(document.querySelector('.pg-nv').dataset.painted) > n, before);
  return page;
}

test('every hidden neuron has a picture of its output and the weights are drawn as lines', async () => {
  const page = await openPanel(env, 'playground', 'ds=circle&layers=5,3&act=tanh,tanh', { waitFor: '.pg-nv[data-painted]' });
  const pics = await pictures(page);
  assert.deepEqual(pics.map((p) => `${p.l},${p.j}`), ['0,0', '0,1', '0,2', '0,3', '0,4', '1,0', '1,1', '1,2']);
  for (const p of pics) assert.ok(p.inside && p.alpha.some((a) => a > 0), `neuron ${p.l},${p.j} has an empty picture`);
  disjoint(pics);
  assert.ok(new Set(pics.map((p) => p.alpha.join())).size === pics.length, 'two neurons have the same picture');
  assert.equal(await page.$$eval('.pg-nv-out', (c) => c.length), 1);
  assert.deepEqual(await page.$$eval('.pg-nv-in', (s) => s.map((e) => e.textContent)), ['x₁', 'x₂']);
  const lineInk = await page.$eval('.pg-nv-lines', (c) => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 3 && _ > 0).length);
  assert.ok(lineInk > 100, `no weight lines (${lineInk} pixels)`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('an 8 x 64 network gets a small picture for each of its 512 neurons', async () => {
  const page = await openPanel(env, 'playground', `layers=${Array(8).fill(64).join(',')}&act=tanh`, { waitFor: '.pg-nv[data-painted]' });
  const pics = await pictures(page);
  assert.equal(pics.length, 512);
  assert.equal(await page.$$eval('.pg-nv-net canvas', (cs) => cs.length), 3, 'one canvas for the pictures, one for the lines, one output');
  for (const p of pics) assert.ok(p.inside && p.alpha.some((a) => a > 0), `neuron ${p.l},${p.j} has no picture`);
  disjoint(pics);
  const [gw, gh] = (await page.$eval('.pg-nv', (n) => n.dataset.grid)).split('x').map(Number);
  assert.ok(gw === gh && gw <= 12, `pictures of ${gw} x ${gh} grid points for 512 neurons`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a neuron that is below zero on every training point is marked dead and drawn flat', async () => {
  const page = await withModel();
  const dead = await page.$$eval('.pg-nv-n', (bs) => bs.map((b) => [b.dataset.dead, b.getAttribute('aria-label')]));
  assert.deepEqual(dead, [['0', 'Layer 1, neuron 1'], ['1', 'Layer 1, neuron 2 (dead)'], ['0', 'Layer 1, neuron 3']]);
  const pics = await pictures(page);
  assert.ok(pics.every((p) => p.inside && p.alpha.length >= 100), 'a picture outside the shared canvas');
  assert.ok(pics[1].alpha.every((a) => a === 0), 'the dead neuron is not flat');
  assert.ok(pics[0].alpha.some((a) => a > 0) && pics[2].alpha.some((a) => a > 0));
  assert.equal(await page.$eval('.pg-r-dead dd', (d) => d.textContent.startsWith('1 of 3')), true);
  assert.deepEqual(page.problems, []);
  await page.close();
});

// The network editor's cells say in their titles (written when the pointer comes over their
// layer's column) how many training points activate each neuron: checked against the core's
// forward pass in node.
test("the network editor's neuron cells are titled with their share of active training points", async () => {
  const page = await withModel();
  await page.hover('.pg-col[data-layer="0"] .pg-col-title');
  const titles = await page.$$eval('.pg-col[data-layer="0"] .pg-neuron', (cs) => cs.map((c) => c.title));
  const { train } = engine.makeDataset('circle', { n: 500, noise: 0.1, seed: 1, testFraction: 0.5 });
  const z = engine.forward(MODEL, train.x, { jacobians: false }).hiddenPre;
  const share = [0, 1, 2].map((j) => Array.from({ length: train.n }, (_, i) => z[3 * i + j] > 0).filter(Boolean).length / train.n);
  assert.equal(titles.length, 3);
  assert.equal(share[1], 0);
  assert.equal(titles[1], 'Dead: its weighted sum is ≤ 0 on every training point');
  for (const j of [0, 2]) {
    const m = titles[j].match(/^Active \(weighted sum > 0\) on ([\d.]+)% of the training points$/);
    assert.ok(m, titles[j]);
    assert.ok(Math.abs(Number(m[1]) - 100 * share[j]) <= 0.05, `${titles[j]} vs ${100 * share[j]}%`);
  }
  // Kept up to date: one epoch later the titles are the trained net's.
  const n = await painted(page);
  await page.click('.pg-step');
  await page.waitForFunction((k) => Number(document.querySelector('.pg-nv').dataset.painted) > k, n);
  await Promise.all([page.waitForEvent('download'), page.click('.pg-export')]);
  const model = JSON.parse(await page.$eval('.pg-json', (t) => t.value));
  const z1 = engine.forward(model, train.x, { jacobians: false }).hiddenPre;
  const after = await page.$$eval('.pg-col[data-layer="0"] .pg-neuron', (cs) => cs.map((c) => c.title));
  for (const j of [0, 2]) {
    const p = (100 * Array.from({ length: train.n }, (_, i) => z1[3 * i + j] > 0).filter(Boolean).length) / train.n;
    assert.ok(Math.abs(Number(after[j].match(/([\d.]+)%/)[1]) - p) <= 0.05, `${after[j]} vs ${p}%`);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('choosing a neuron shows its formula with the current weights and the range it receives', async () => {
  const page = await withModel();
  await page.click('.pg-nv-n[data-l="0"][data-j="0"]');
  await page.waitForSelector('.pg-nv-detail[data-neuron="0,0"]:not([hidden])');
  const tex = () => page.$eval('.pg-nv-formula annotation', (a) => a.textContent);
  assert.equal(await tex(), 'a^{(1)}_{1} = f\\left(0.5\\,x_{1} - 1.25\\,x_{2} + 0.75\\right)');
  assert.match(await page.textContent('.pg-nv-detail h4'), /Layer 1, neuron 1 · ReLU/);
  // The shaded range: the neuron's weighted sums on the training points, by the core in node.
  const { train } = engine.makeDataset('circle', { n: 500, noise: 0.1, seed: 1, testFraction: 0.5 });
  const z = engine.forward(MODEL, train.x, { jacobians: false }).hiddenPre;
  const sums = Array.from({ length: train.n }, (_, i) => z[3 * i]);
  const shown = await page.$eval('.pg-nv-detail', (d) => [Number(d.dataset.zmin), Number(d.dataset.zmax)]);
  assert.deepEqual(shown, [Math.min(...sums), Math.max(...sums)]);
  // One epoch later the formula holds the trained weights (3 significant digits).
  const n = await painted(page);
  await page.click('.pg-step');
  await page.waitForFunction((k) => Number(document.querySelector('.pg-nv').dataset.painted) > k, n);
  await Promise.all([page.waitForEvent('download'), page.click('.pg-export')]);
  const model = JSON.parse(await page.$eval('.pg-json', (t) => t.value));
  const numbers = (await tex()).replace(/[{(]\d+[)}]/g, '').match(/-?\s*\d+(\.\d+)?(e-?\d+)?/g).map((s) => Number(s.replace(/\s/g, '')));
  const want = [...model.weights[0][0], model.biases[0][0]];
  assert.notDeepEqual(want, [0.5, -1.25, 0.75], 'the epoch did not change the weights');
  assert.equal(numbers.length, 3, await tex());
  numbers.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 5e-3 * Math.abs(want[i]), `term ${i}: ${v} vs ${want[i]}`));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the neurons are reached with the keyboard: arrows move, Enter opens, Close returns', async () => {
  const page = await withModel('zh');
  assert.equal(await page.textContent('.pg-nv h3'), '網路內部');
  await page.focus('.pg-nv-n[data-l="0"][data-j="0"]');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.j), '1');
  assert.deepEqual(await page.$$eval('.pg-nv-n', (bs) => bs.map((b) => b.tabIndex)), [-1, 0, -1], 'one tab stop');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.pg-nv-detail[data-neuron="0,1"]:not([hidden])');
  assert.match(await page.textContent('.pg-nv-detail h4'), /第 1 層第 2 個神經元/);
  assert.equal(await page.$eval('.pg-nv-n[data-j="1"]', (b) => b.getAttribute('aria-pressed')), 'true');
  await page.click('.pg-nv-detail .icon-btn');
  assert.equal(await page.$eval('.pg-nv-detail', (d) => d.hidden), true);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.j), '1', 'focus did not return to the neuron');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('axe finds no violation with a diverged run\'s message and a neuron\'s details open (390 px, both themes and languages)', async () => {
  const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const found = [];
  for (const [lang, theme] of [['en', 'dark'], ['zh', 'light']]) {
    const page = await env.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${env.base}index.html#panel=playground&lang=${lang}&theme=${theme}&ds=xor&layers=16,16&act=leaky_relu,leaky_relu&lr=1`);
    await page.waitForSelector('.pg-nv[data-painted]');
    await page.click('.pg-play');
    await page.waitForSelector('.panel-playground[data-diverged="1"]', { timeout: 120000 });
    await page.click('.pg-nv-n[data-l="1"][data-j="3"]');
    await page.waitForSelector('.pg-nv-detail[data-neuron="1,3"] .pg-nv-curve canvas[data-drawn]');
    await page.evaluate(axe);
    const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .map((v) => `${v.id}: ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`));
    found.push(...violations.map((v) => `${lang} ${theme}: ${v}`));
    assert.deepEqual(page.problems, []);
    await page.close();
  }
  assert.deepEqual(found, []);
});
