// The Regions panel's sub-views in headless Chromium against the built page: each opens by
// link in both languages; the theory view has no Play, Reset or net settings (it pauses the net);
// the layer stepper's counts are the engine's cells of the truncated nets, and the warped
// plane's default pair of neurons is that layer's widest-spread pair (a pair named by the
// link stays); the theory chart's bound is an independent BigInt sum and its measured counts
// the engine's; the sawtooth has 2^L pieces; the line probe's breakpoints are engine.segment's;
// a clicked facet of the 3-D surface carries the A and c of engine.regionAt and of the forward
// Jacobian at its point; axe finds no violation in any sub-view, either theme, either width.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { browserSuite, openPanel, afterFrames, playSteps, addElement, waitReady } from './helpers.mjs';
import { takeOwnNet } from '../../web/src/panels/regions/model.js';
import { truncate, morph } from '../../web/src/panels/regions/counting.js';
import { defaultState } from '../../web/src/state.js';
import { translator, fmt } from '../../web/src/i18n.js';
import { diagTex } from '../../web/src/panels/regions/detail.js';
import { takePlaygroundNet } from '../../web/src/panels/regions/model.js';
import { createSession } from '../../web/src/kit/network_session.js';

let env;
let engine;
browserSuite((s) => ({ env, engine } = s), { engine: 'core' });

// Each sub-view's signal that it has drawn its results.
const READY = {
  layers: '[data-view="layers"][data-layer-counts]',
  theory: '[data-view="theory"][data-theory][data-saw]',
  line: '[data-view="line"][data-line]',
  surface: '[data-view="surface"][data-surface] .rg-3d[data-drawn]',
};
const LEAD = { layers: 'rg.ly.intro', theory: 'rg.th.intro', line: 'rg.ln.title', surface: 'rg.sf.intro' };
const open = (view, hash = '', lang = 'en') => openPanel(env, 'regions', `rv=${view}${hash ? `&${hash}` : ''}`, { lang, waitFor: `.panel-regions${READY[view]}` });
const data = (page, key) => page.$eval('.panel-regions', (s, k) => JSON.parse(s.dataset[k]), key);

function assertClean(page) {
  assert.deepEqual(page.problems, [], `console/page errors:\n${page.problems.join('\n')}`);
}

// The panel's own untrained network, built in node as the page builds it.
function ownModel(patch = {}) {
  const net = takeOwnNet(engine);
  net.ensure({ ...defaultState(), ...patch }, true);
  return net.trainer.exportModel();
}

test('each sub-view opens by link in English and in Chinese, with its radio chosen', async () => {
  for (const lang of ['en', 'zh']) {
    const { t } = translator(lang);
    for (const view of Object.keys(READY)) {
      const page = await open(view, '', lang);
      assert.equal(await page.$eval('.rg-views input:checked', (i) => i.value), view);
      const text = await page.$eval('.rg-view', (v) => v.textContent);
      assert.ok(text.includes(t(LEAD[view])), `${lang} ${view}: the view's text is missing`);
      assert.ok(await page.$eval('.rg-plot-wrap', (p) => p.closest('.rg-part').hidden), 'the partition is hidden');
      assertClean(page);
      await page.close();
    }
  }
});

test('choosing a sub-view writes rv to the link, and the partition view still opens without it', async () => {
  const page = await openPanel(env, 'regions', '', { waitFor: '.rg-plot canvas[data-drawn]' });
  assert.equal(await page.$eval('.panel-regions', (s) => s.dataset.view), 'partition');
  await page.click('.rg-views input[value="theory"]');
  await page.waitForSelector(`.panel-regions${READY.theory}`);
  assert.match(await page.evaluate(() => window.alab.hashFlushed()), /rv=theory/);
  await page.close();
});

// Each chart canvas of the sub-view shown in the element `id`: its size and share of inked pixels.
const viewCharts = (page, id) => page.$$eval(`#${id} .rg-view canvas`, (cs) => cs.map((c) => {
  let ink = 0;
  if (c.width && c.height) {
    const { data: px } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && px[i] + px[i + 1] + px[i + 2] < 720) ink++;
    ink /= px.length / 4;
  }
  return { w: c.width, h: c.height, drawn: Number(c.dataset.drawn) || 0, ink };
}));

test('inside an <activation-lab> element every chart of the layer, theory and line views is drawn, opened by its state or chosen', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html#panel=softmax&lang=en`);
  await waitReady(page);
  await addElement(page, { id: 'el', panel: 'regions', lang: 'en', state: 'rv=layers' });
  const expect = { layers: 2, theory: 3, line: 3 };
  for (const view of ['layers', 'theory', 'line']) {
    if (view !== 'layers') await page.click(`#el .rg-views input[value="${view}"]`);
    await page.waitForSelector(`#el .panel-regions${READY[view]}`);
    if (view === 'layers') await page.waitForSelector('#el .panel-regions[data-warp]');
    const charts = await viewCharts(page, 'el');
    assert.equal(charts.length, expect[view], `${view}: its charts`);
    for (const [i, c] of charts.entries()) {
      assert.ok(c.w > 100 && c.h > 100 && c.drawn > 0, `${view} chart ${i}: ${c.w} x ${c.h}, drawn ${c.drawn} times`);
      assert.ok(c.ink > 0.005, `${view} chart ${i} is blank (${c.ink} inked)`);
    }
  }
  assertClean(page);
  await page.close();
});

test('Play, Reset, the step counter and the net\'s settings leave the theory view, which pauses the panel\'s net; every other view keeps them', async () => {
  const page = await openPanel(env, 'regions', '', { waitFor: '.rg-plot canvas[data-drawn]' });
  // The play bar, and how many control groups besides the sub-view choice are on screen.
  const bar = () => page.$eval('.panel-regions', (s) => ({ hidden: s.querySelector('.rg-playbar').hidden,
    shown: s.querySelector('.rg-playbar').getClientRects().length > 0,
    settings: [...s.querySelectorAll('.rg-controls > :not(.rg-views)')].filter((g) => g.getClientRects().length > 0).length }));
  assert.deepEqual(await bar(), { hidden: false, shown: true, settings: 2 });
  await page.click('.rg-play');
  assert.equal(await page.$eval('.rg-play', (b) => b.getAttribute('aria-pressed')), 'true');
  await page.click('.rg-views input[value="theory"]');
  await page.waitForSelector(`.panel-regions${READY.theory}`);
  assert.deepEqual(await bar(), { hidden: true, shown: false, settings: 0 });
  assert.equal(await page.$eval('.rg-play', (b) => b.getAttribute('aria-pressed')), 'false', 'the net still trains behind the theory view');
  const step = await page.$eval('.panel-regions', (s) => s.dataset.step);
  await afterFrames(page, 5);
  assert.equal(await page.$eval('.panel-regions', (s) => s.dataset.step), step);
  assert.match(await page.evaluate(() => window.alab.hashFlushed()), /rv=theory/);
  for (const v of ['layers', 'line', 'surface', 'partition']) {
    await page.click(`.rg-views input[value="${v}"]`);
    await page.waitForSelector(`.panel-regions[data-view="${v}"]`);
    assert.deepEqual(await bar(), { hidden: false, shown: true, settings: 2 }, v);
  }
  assertClean(page);
  await page.close();
  // Opened by link, the theory view has no play bar or net settings either, in Chinese too.
  const zh = await open('theory', '', 'zh');
  assert.equal(await zh.$eval('.rg-playbar', (b) => b.getClientRects().length), 0);
  assert.equal(await zh.$$eval('.rg-controls > :not(.rg-views)', (gs) => gs.filter((g) => g.getClientRects().length > 0).length), 0);
  assertClean(zh);
  await zh.close();
});

test('the layer stepper counts the cells of the net cut after each hidden layer, as the engine does', async () => {
  for (const patch of [{}, { rd: 3, rw: 6, rseed: 4 }, { rds: 'sin', rd: 3 }]) {
    const hash = Object.entries(patch).map(([k, v]) => `${k}=${v}`).join('&');
    const page = await open('layers', hash);
    const shown = await data(page, 'layerCounts');
    const model = ownModel(patch);
    const box = engine.dataBox(model.layers[0]);
    const ref = Array.from({ length: model.layers.length - 2 }, (_, i) => engine.regions(truncate(model, i + 1), box).patternRegions);
    assert.deepEqual(shown, ref);
    assert.equal(shown[shown.length - 1], engine.regions(model, box).patternRegions);
    assert.deepEqual(shown, engine.regions(model, box, { perLayer: true }).cellsPerLayer);
    // The stepper names the layer and its count.
    const L = ref.length;
    await page.$eval('.rg-view input[type="range"]', (r, v) => { r.value = String(v); r.dispatchEvent(new Event('input')); }, 1);
    assert.match(await page.$eval('.rg-ly-counts .on', (li) => li.textContent), new RegExp(`1: ${ref[0]} `));
    assert.equal(await page.$eval('.rg-view input[type="range"]', (r) => Number(r.max)), L);
    // The warped plane: the first training point carried through layer 1, at neurons 2 and 3 (chosen in the selects).
    for (const [j, v] of [[0, '1'], [1, '2']]) await page.selectOption(`.rg-view select >> nth=${j}`, v);
    const warp = await data(page, 'warp');
    const x0 = Array.from(takeOwnNet(engine).trainSet().x.slice(0, model.layers[0]));
    const acts = engine.forward(model, x0, { jacobians: false }).hiddenAct;   // layer-major; layer 1 first
    assert.deepEqual([warp.k, warp.units], [1, [2, 3]]);
    assert.ok(Math.abs(warp.first[0] - acts[1]) < 1e-12 && Math.abs(warp.first[1] - acts[2]) < 1e-12, `${warp.first} vs ${acts.slice(1, 3)}`);
    assertClean(page);
    await page.close();
  }
});

// The warped plane's points as the layer view takes them: 15 lines each way of 48 points over
// the data box (x-lines and y-lines interleaved), then the training points.
function warpPoints(box, train) {
  const [x0, x1, y0, y1] = box;
  const xs = [];
  for (let a = 0; a < 15; a++) {
    for (let i = 0; i < 48; i++) {
      const f = i / 47, g = a / 14;
      xs.push(x0 + (x1 - x0) * g, y0 + (y1 - y0) * f, x0 + (x1 - x0) * f, y0 + (y1 - y0) * g);
    }
  }
  return [...xs, ...train.x];
}

test('the warped plane\'s title and caption name the layer shown, the input (a plane or a line) and what its activation does', async () => {
  const warpText = (page) => page.$eval('.rg-view', (v) => ({ title: v.querySelector('.rg-two h3').textContent, caption: v.querySelector('.rg-warp-note').textContent }));
  for (const lang of ['en', 'zh']) {
    const { t, fnName } = translator(lang);
    const sep = lang === 'zh' ? '' : ' ';
    // Layer 3 of 3, ReLU: the number, never a literal k.
    let page = await open('layers', 'rd=3&rk=3', lang);
    await page.waitForSelector('.panel-regions[data-warp]');
    let w = await warpText(page);
    assert.equal(w.title, t('rg.ly.warp', { k: 3 }));
    assert.equal(w.caption, t('rg.ly.warpIntro', { k: 3 }) + sep + t('rg.ly.fold.relu'));
    assert.ok(w.caption.includes(lang === 'zh' ? '第 1 到第 3 層' : 'layers 1 to 3'), w.caption);
    assert.doesNotMatch(w.caption, /\bk\b|\{/, 'no placeholder left');
    // The stepper moved to layer 1: the caption follows.
    await page.$eval('.rg-view input[type="range"]', (r) => { r.value = '1'; r.dispatchEvent(new Event('input')); });
    await page.waitForFunction(() => JSON.parse(document.querySelector('.panel-regions').dataset.warp).k === 1);
    w = await warpText(page);
    assert.equal(w.title, t('rg.ly.warp', { k: 1 }));
    assert.equal(w.caption, t('rg.ly.warpIntro1') + sep + t('rg.ly.fold.relu'));
    assertClean(page);
    await page.close();
    // Tanh: no word of ReLU's folding; it is called curved.
    page = await openPanel(env, 'regions', 'rv=layers&ract=tanh', { lang, waitFor: '.panel-regions[data-view="layers"][data-warp]' });
    w = await warpText(page);
    assert.ok(!w.caption.includes('ReLU'), w.caption);
    assert.ok(w.caption.endsWith(t('rg.ly.fold.curved', { fn: fnName('tanh') })), w.caption);
    assertClean(page);
    await page.close();
    // A 1-D input: the input line, not a plane.
    page = await open('layers', 'rds=sin', lang);
    await page.waitForSelector('.panel-regions[data-warp]');
    w = await warpText(page);
    assert.equal(w.title, t('rg.ly.warpLine', { k: 2 }));
    assert.ok(!/plane|平面/.test(w.title), w.title);
    assert.equal(w.caption, t('rg.ly.warpIntroLine', { k: 2 }) + sep + t('rg.ly.fold.relu'));
    const [i, j] = (await data(page, 'warp')).units;
    assert.equal(await page.$eval('.rg-pair-note', (p) => p.textContent), t('rg.ly.pairAutoLine', { i, j, k: 2 }));
    assert.ok(!/grid|網格/.test(t('rg.ly.pairAutoLine', { i, j, k: 2 })), 'no grid over a 1-D input');
    assertClean(page);
    await page.close();
  }
});

test('counts of cells have grouped digits, and the theory status gives the random nets\' means as the chart has them, called means', async () => {
  const group = (v) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  for (const lang of ['en', 'zh']) {
    // 32 neurons a layer: over a thousand cells after layer 2 (the engine's count, per layer).
    const page = await open('layers', 'rw=32', lang);
    const perLayer = engine.regions(ownModel({ rw: 32 }), engine.dataBox(2), { perLayer: true }).cellsPerLayer;
    assert.ok(perLayer[1] >= 1000, `${perLayer}`);
    const items = await page.$$eval('.rg-ly-counts li', (li) => li.map((x) => x.textContent));
    assert.deepEqual(items, perLayer.map((n, i) => (lang === 'zh' ? `第 ${i + 1} 層：${group(n)} 個區域` : `layer ${i + 1}: ${group(n)} cells`)));
    assertClean(page);
    await page.close();
  }
  for (const lang of ['en', 'zh']) {
    const page = await open('theory', 'rn=12', lang);
    const { measured } = await data(page, 'theory');
    const [lo, hi] = [Math.min(...measured), Math.max(...measured)].map((v) => group(Math.round(v * 10) / 10));
    assert.ok(measured.some((v) => !Number.isInteger(v)), 'a mean with a fraction, for this test to mean something');
    const status = await page.$eval('.rg-view [role="status"]', (p) => p.textContent);
    assert.ok(status.includes(lang === 'zh' ? `平均只有 ${lo} 到 ${hi} 個（每種深度 3 個網路的平均）` : `make ${lo} to ${hi} cells on average (the mean of 3 networks at each depth)`), `${lang}: ${status}`);
    assertClean(page);
    await page.close();
  }
});

test('the warped plane shows the pair of layer k that spreads widest unless the link names two neurons, then exactly those', async () => {
  for (const patch of [{}, { rd: 3, rw: 6, rseed: 4, rk: 3 }, { rds: 'xor', rseed: 7, rk: 1 }]) {
    const hash = Object.entries(patch).map(([k, v]) => `${k}=${v}`).join('&');
    const page = await open('layers', hash);
    await page.waitForSelector('.panel-regions[data-warp]');
    const warp = await data(page, 'warp');
    // Every pair's covariance determinant (the area of their spread) over the same points, in node.
    const model = ownModel(patch);
    const k = patch.rk ?? 2;
    const width = model.layers[k];
    const out = engine.forward(model, warpPoints(engine.dataBox(2), takeOwnNet(engine).trainSet()), { jacobians: false });
    const off = out.n * model.layers.slice(1, k).reduce((a, b) => a + b, 0);
    const v = (p, i) => out.hiddenAct[off + p * width + i];
    const mean = (f) => { let m = 0; for (let p = 0; p < out.n; p++) m += f(p); return m / out.n; };
    const cov = (i, j) => mean((p) => v(p, i) * v(p, j)) - mean((p) => v(p, i)) * mean((p) => v(p, j));
    let best = null;
    for (let i = 0; i < width; i++) {
      for (let j = i + 1; j < width; j++) {
        const det = cov(i, i) * cov(j, j) - cov(i, j) ** 2;
        if (!best || det > best.det) best = { units: [i + 1, j + 1], det, rho: cov(i, j) / Math.sqrt(cov(i, i) * cov(j, j)) };
      }
    }
    assert.deepEqual([warp.k, warp.units, warp.auto], [k, best.units, true], `${hash}: ${JSON.stringify(best)}`);
    assert.ok(best.det > 0 && Math.abs(best.rho) < 0.99, `${hash}: the chosen pair is degenerate (${JSON.stringify(best)})`);
    const selected = await page.$$eval('.rg-pair select', (ss) => ss.map((s) => Number(s.value) + 1));
    assert.deepEqual(selected, best.units);
    assert.match(await page.$eval('.rg-pair-note', (p) => p.textContent), new RegExp(`neurons ${best.units[0]} and ${best.units[1]}`));
    assert.doesNotMatch(await page.evaluate(() => window.alab.hashFlushed()), /ru=/, 'the automatic pair is not written to the link');
    assertClean(page);
    await page.close();
  }
  // A link that names the neurons gets them, even the pair that collapses to two axes here.
  const page = await open('layers', 'rd=3&rw=6&rseed=4&rk=3&ru=1,2');
  await page.waitForSelector('.panel-regions[data-warp]');
  assert.deepEqual(await data(page, 'warp').then((w) => [w.units, w.auto]), [[1, 2], false]);
  assert.equal(await page.$eval('.rg-pair-note', (p) => p.hidden), true);
  // A choice in the select is named too: it goes to the link and stays.
  await page.selectOption('.rg-view select >> nth=1', '3');
  assert.deepEqual((await data(page, 'warp')).units, [1, 4]);
  assert.match(await page.evaluate(() => window.alab.hashFlushed()), /ru=1,4/);
  assertClean(page);
  await page.close();
  // A layer of one neuron has no pair to pick: that neuron on both axes, as before, and no note.
  const one = await open('layers', 'rw=1&rk=1');
  await one.waitForSelector('.panel-regions[data-warp]');
  assert.deepEqual((await data(one, 'warp')).units, [1, 1]);
  assert.equal(await one.$eval('.rg-pair-note', (p) => p.hidden), true);
  assertClean(one);
  await one.close();
});

// Theorem 1 of Serra et al. (2018), summed over every tuple (j_1..j_L) with BigInt binomials.
function bound(n0, widths) {
  const C = (n, k) => { let r = 1n; for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i); return r; };
  const go = (l, js) => (l === widths.length ? js.reduce((p, j, i) => p * C(widths[i], j), 1n)
    : Array.from({ length: Math.min(n0, widths[l], ...js.map((j, i) => widths[i] - j)) + 1 }, (_, j) => go(l + 1, [...js, j])).reduce((a, b) => a + b, 0n));
  return go(0, []);
}

test('the theory chart: the bound is the BigInt sum of Theorem 1, the measured counts the engine\'s, the sawtooth 2^L', async () => {
  const page = await open('theory', 'rn=12');
  const th = await data(page, 'theory');
  assert.equal(th.n, 12);
  assert.deepEqual(th.depths, [1, 2, 3, 4, 6]);
  th.depths.forEach((d, i) => assert.equal(th.bound[i], bound(2, Array(d).fill(12 / d)).toString(), `depth ${d}`));
  assert.equal(th.oneLayer, 1 + 12 + 66);
  assert.equal(th.bound[0], String(th.oneLayer));
  // The measured mean of three random nets per depth, recomputed here with the same seeds.
  const set = engine.makeDataset('circle', { n: 8, seed: 1, testFraction: 0 }).train;
  th.depths.forEach((d, i) => {
    let sum = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const tr = engine.createTrainer({ layers: [2, ...Array(d).fill(12 / d), 1], activation: 'relu', output: 'linear', loss: 'mse', init: 'torch', seed }, set);
      sum += engine.regions(tr.exportModel(), engine.dataBox(2)).patternRegions;
      tr.delete();
    }
    assert.equal(th.measured[i], sum / 3, `depth ${d}`);
    assert.ok(BigInt(Math.ceil(th.measured[i])) <= BigInt(th.bound[i]), 'no count above the bound');
  });
  for (const L of [1, 6, 9]) {
    await page.$eval('.rg-view input[type="range"]', (r, v) => { r.value = String(v); r.dispatchEvent(new Event('input')); }, L);
    const saw = await data(page, 'saw');
    assert.deepEqual([saw.L, saw.pieces, saw.cells], [L, 2 ** L, 2 ** L]);
  }
  assertClean(page);
  await page.close();
});

test('the theory view names the depths it plots and where the bound peaks, which at a fixed N is not the deepest net', async () => {
  for (const lang of ['en', 'zh']) {
    const page = await open('theory', 'rn=12', lang);
    const th = await data(page, 'theory');
    // The depths up to 8 that split 12 neurons into equal layers of 2 or more, and nothing else.
    const depths = [1, 2, 3, 4, 5, 6, 7, 8].filter((d) => 12 % d === 0 && 12 / d >= 2);
    assert.deepEqual(th.depths, depths);
    const list = new Intl.ListFormat(lang === 'zh' ? 'zh-Hant' : 'en', { type: 'disjunction' }).format(depths.map(String));
    const lead = await page.$eval('.rg-view .lead', (p) => p.textContent);
    assert.ok(lead.includes(lang === 'zh' ? `${list} 層` : `${list} layers`), `${lang}: ${lead}`);
    assert.ok(!/1 to 8|1 到 8/.test(lead), `${lang}: ${lead}`);
    // The bound rises, then falls with depth at a fixed N: the text says so, the status names its peak.
    const b = th.bound.map(BigInt);
    const top = b.reduce((j, v, i) => (v > b[j] ? i : j), 0);
    assert.ok(top > 0 && top < b.length - 1, `the bound ${th.bound} peaks inside the depths`);
    const text = await page.$eval('.rg-view', (v) => v.textContent);
    assert.ok(!/grows exponentially with depth|隨深度指數成長。/.test(text), `${lang}: the text still says the bound grows exponentially with depth`);
    const status = await page.$eval('.rg-view [role="status"]', (p) => p.textContent);
    assert.ok(status.includes(lang === 'zh' ? `（${depths[top]} 層）` : `(${depths[top]} layers)`), `${lang}: ${status}`);
    assertClean(page);
    await page.close();
  }
});

test('the line view of a curved network says why there is nothing to show instead of drawing empty charts; ReLU brings the charts back', async () => {
  for (const lang of ['en', 'zh']) {
    const { t, fnName } = translator(lang);
    const page = await openPanel(env, 'regions', 'rv=line&ract=tanh', { lang, waitFor: '.panel-regions[data-view="line"][data-line-curved="tanh"]' });
    const seen = () => page.$eval('.rg-view', (v) => ({
      message: v.querySelector('.rg-ln-curved').hidden ? null : v.querySelector('.rg-ln-curved').textContent,
      charts: [...v.querySelectorAll('canvas')].filter((c) => c.getClientRects().length > 0).length,
      text: v.innerText,
    }));
    let v = await seen();
    assert.ok(v.message && v.message.startsWith(t('rg.ln.curved', { fn: fnName('tanh') })), `${lang}: ${v.message}`);
    assert.equal(v.charts, 0, 'no empty axes');
    assert.ok(!v.text.includes(t('rg.ln.over', { r: '0.25' })), 'no promise that Play adds points');
    await page.selectOption('select[name="ract"]', 'relu');
    await page.waitForSelector('.panel-regions[data-line-curved=""][data-line]');
    v = await seen();
    assert.equal(v.message, null);
    assert.equal(v.charts, 3);
    assertClean(page);
    await page.close();
  }
});

test('the line view\'s words follow the network\'s source and call activations that jump so, not curved', async () => {
  for (const lang of ['en', 'zh']) {
    const { t, fnName } = translator(lang);
    const sep = lang === 'zh' ? '' : ' ';
    const names = (fns) => fns.map(fnName).join(t('err.listSep'));
    const message = (page) => page.$eval('.rg-ln-curved', (m) => (m.hidden ? null : m.textContent));
    // The own net with tanh, then the Playground's with tanh: the way to cells is the Playground's button.
    let page = await openPanel(env, 'regions', 'rv=line&ract=tanh&act=tanh,tanh', { lang, waitFor: '.panel-regions[data-line-source="own"][data-line-curved="tanh"]' });
    assert.equal(await message(page), [t('rg.ln.curved', { fn: fnName('tanh') }), t('rg.ln.needs'), t('rg.smoothHint')].join(sep));
    await page.click('input[data-field="rsrc"][value="pg"]');
    await page.waitForSelector('.panel-regions[data-line-source="pg"][data-line-curved="tanh"]');
    assert.equal(await message(page), [t('rg.ln.curved', { fn: fnName('tanh') }), t('rg.ln.needs'), t('rg.smoothHintPg')].join(sep), `${lang}: the own net's hint stayed`);
    assertClean(page);
    await page.close();
    // Step-like activations jump: never called curved.
    page = await openPanel(env, 'regions', 'rv=line&rsrc=pg&act=hardshrink,threshold', { lang, waitFor: '.panel-regions[data-line-curved="hardshrink,threshold"]' });
    const jumps = await message(page);
    assert.equal(jumps, [t('rg.ln.jump', { fn: names(['hardshrink', 'threshold']) }), t('rg.ln.needsJump'), t('rg.jumpHintPg')].join(sep));
    assert.doesNotMatch(jumps, lang === 'zh' ? /彎曲/ : /curved/);
    assertClean(page);
    await page.close();
    // A curved layer and one that jumps: each named for what it does.
    page = await openPanel(env, 'regions', 'rv=line&rsrc=pg&act=tanh,binary_step', { lang, waitFor: '.panel-regions[data-line-curved="tanh,binary_step"]' });
    assert.equal(await message(page), [t('rg.ln.curved', { fn: fnName('tanh') }), t('rg.ln.jump', { fn: fnName('binary_step') }), t('rg.ln.needs'), t('rg.smoothHintPg')].join(sep));
    assertClean(page);
    await page.close();
  }
});

test('the line probe shows the breakpoints of engine.segment between a and b', async () => {
  const a = [-4.5, -3], b = [5, 4.2];
  const page = await open('line', `rpt=a.x:${a[0]},a.y:${a[1]},b.x:${b[0]},b.y:${b[1]}`);
  const line = await data(page, 'line');
  assert.deepEqual([line.a, line.b], [a, b]);
  const model = ownModel();
  assert.equal(line.crossings, engine.segment(model, a, b).t.length);
  assert.ok(line.crossings > 0 && line.near > 0 && line.edge >= 0);
  // Training adds points to the counts over training (one per recomputation of the cells).
  await playSteps(page, 'regions', 150, '.rg-play');
  const later = await data(page, 'line');
  assert.ok(later.points >= 2, `${later.points} points after training`);
  assertClean(page);
  await page.close();
  // A 1-D net without a and b: the segment spans its interval; no decision boundary for a regression.
  const one = await open('line', 'rds=sin&rd=3');
  const l1 = await data(one, 'line');
  const box = engine.dataBox(1);
  assert.deepEqual([l1.a, l1.b, l1.edge], [[box[0]], [box[1]], null]);
  assert.equal(l1.crossings, engine.segment(ownModel({ rds: 'sin', rd: 3 }), l1.a, l1.b).t.length);
  assertClean(one);
  await one.close();
});

test('points a and b typed into the coordinates while the line view is shown move its segment', async () => {
  const { t } = translator('en');
  const page = await open('line');
  const a = [-2, 1.5], b = [3, -2.5];
  assert.notDeepEqual((await data(page, 'line')).b, b);
  // The hint names the form this view shares with the partition view, not the partition view alone.
  const hint = t('rg.ln.noPoints', { group: t('rg.clickPlaces'), btn: t('rg.placeBtn') });
  assert.ok((await page.$eval('.rg-view [aria-live]', (p) => p.textContent)).endsWith(hint));
  assert.ok(hint.includes(`“${t('rg.clickPlaces')}”`) && !hint.includes('Place a and b on the Partition view'), hint);
  const shown = await page.$$eval('.rg-radios legend, .rg-place', (xs) => xs.filter((x) => x.getClientRects().length > 0).map((x) => x.textContent));
  assert.ok(shown.includes(t('rg.clickPlaces')) && shown.includes(t('rg.placeBtn')), `the form the hint names is shown beside the line view: ${shown}`);
  for (const p of [a, b]) {
    await page.fill('input[name="coord0"]', String(p[0]));
    await page.fill('input[name="coord1"]', String(p[1]));
    await page.click('.rg-place');
  }
  await page.waitForFunction((want) => { const l = document.querySelector('.panel-regions').dataset.line; return !!l && JSON.stringify(JSON.parse(l).b) === want; }, JSON.stringify(b));
  const line = await data(page, 'line');
  assert.deepEqual([line.a, line.b], [a, b]);
  assert.equal(line.crossings, engine.segment(ownModel(), a, b).t.length);
  assert.ok(!(await page.$eval('.rg-view [aria-live]', (p) => p.textContent)).includes(hint), 'placed: no hint');
  assertClean(page);
  await page.close();
});

test('a clicked facet of the 3-D surface shows the A and c of engine.regionAt and of the forward Jacobian there', async () => {
  const page = await open('surface');
  const info = await data(page, 'surface');
  const model = ownModel();
  assert.equal(info.facets, engine.regions(model, engine.dataBox(2)).patternRegions);
  assert.ok(info.exact);
  // Clicks on a grid over the canvas until one lands on a facet (the first row may be background).
  const canvas = page.locator('.rg-3d');
  const box = await canvas.boundingBox();
  let hit = false;
  for (let j = 3; j <= 7 && !hit; j++) {
    for (let i = 3; i <= 7 && !hit; i++) {
      await canvas.click({ position: { x: (box.width * i) / 10, y: (box.height * j) / 10 } });
      hit = await page.$eval('.rg-facet', (c) => !c.hidden);
    }
  }
  assert.ok(hit, 'no facet was hit');
  const card = await page.$eval('.rg-facet', (c) => ({ A: JSON.parse(c.dataset.a), c: JSON.parse(c.dataset.c), p: JSON.parse(c.dataset.point), math: c.querySelectorAll('math').length }));
  assert.ok(card.math >= 2, 'A and c are typeset');
  const ref = engine.regionAt(model, card.p);
  const fw = engine.forward(model, card.p);
  const diff = (u, v) => Math.max(...Array.from(u).map((x, i) => Math.abs(x - v[i])));
  assert.ok(diff(card.A, ref.A) < 1e-12 && diff(card.c, ref.c) < 1e-12, `A, c differ from regionAt: ${diff(card.A, ref.A)}, ${diff(card.c, ref.c)}`);
  assert.ok(diff(card.A, fw.jacobianLogits) < 1e-12 && diff(card.c, fw.localOffset) < 1e-12, 'A, c differ from the forward Jacobian');
  // The arrow keys turn it (the canvas redraws with other pixels).
  const before = await page.$eval('.rg-3d', (c) => c.toDataURL());
  const drawn = await page.$eval('.rg-3d', (c) => Number(c.dataset.drawn));
  await canvas.focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((n) => Number(document.querySelector('.rg-3d').dataset.drawn) > n, drawn, { polling: 'raf' });
  assert.notEqual(await page.$eval('.rg-3d', (c) => c.toDataURL()), before);
  // Enter picks the next tile from the keyboard; its map is the engine's too.
  const first = Number(await page.$eval('.rg-facet', (c) => c.dataset.region));
  await page.keyboard.press('Enter');
  const next = await page.$eval('.rg-facet', (c) => ({ r: Number(c.dataset.region), A: JSON.parse(c.dataset.a), p: JSON.parse(c.dataset.point) }));
  assert.equal(next.r, (first + 1) % info.facets);
  assert.ok(diff(next.A, engine.regionAt(model, next.p).A) < 1e-12);
  assertClean(page);
  await page.close();
});

test('a smooth activation is a sampled curved surface; a ReLU net smoothed by the slider keeps its exact cells on top', async () => {
  let page = await open('surface', 'ract=tanh');
  let info = await data(page, 'surface');
  assert.deepEqual([info.exact, info.facets, info.wire], [false, 39 * 39, 0]);
  await page.close();
  page = await open('surface', 'rmf=softplus&rmp=30');
  info = await data(page, 'surface');
  assert.equal(info.exact, false);
  assert.equal(info.wire, engine.regions(ownModel(), engine.dataBox(2)).patternRegions);
  assertClean(page);
  await page.close();
});

// Clicks on a grid over the 3-D canvas until the card shows (the first rows may be background).
async function clickSurface(page) {
  const canvas = page.locator('.rg-3d');
  const box = await canvas.boundingBox();
  for (let j = 3; j <= 7; j++) {
    for (let i = 3; i <= 7; i++) {
      await canvas.click({ position: { x: (box.width * i) / 10, y: (box.height * j) / 10 } });
      if (await page.$eval('.rg-facet', (c) => !c.hidden)) return true;
    }
  }
  return false;
}

test('a ReLU net morphed into Leaky ReLU is drawn as its own exact tiles for that α, with the ReLU tiles outlined; a tile shows its map', async () => {
  const { t } = translator('en');
  const page = await open('surface', 'rmf=leaky_relu&rmp=20');
  const relu = ownModel();
  const leaky = morph(relu, 'leaky_relu', 20);
  assert.equal(leaky.activation_params.negative_slope, 0.4);
  const box = engine.dataBox(2);
  const cells = engine.regions(leaky, box);
  const reluCells = engine.regions(relu, box).patternRegions;
  assert.notEqual(cells.patternRegions, reluCells, 'the two partitions should differ for this test to mean something');
  assert.deepEqual(await data(page, 'surface'), { facets: cells.patternRegions, exact: true, wire: reluCells });
  const text = await page.$eval('.rg-view', (v) => v.parentNode.textContent);
  assert.ok(text.includes(t('rg.sf.leaky', { n: cells.patternRegions, a: '0.4' })), 'the info line names the exact tiles');
  assert.ok(!text.includes('Smooth'), 'Leaky ReLU is not called smooth');
  assert.ok(text.includes(t('rg.sf.morph')));
  assert.ok(await clickSurface(page), 'no tile was hit');
  const card = await page.$eval('.rg-facet', (c) => ({ A: JSON.parse(c.dataset.a), c: JSON.parse(c.dataset.c), p: JSON.parse(c.dataset.point), text: c.textContent }));
  const ref = engine.regionAt(leaky, card.p);
  const diff = (u, v) => Math.max(...Array.from(u).map((x, i) => Math.abs(x - v[i])));
  assert.ok(diff(card.A, ref.A) < 1e-12 && diff(card.c, ref.c) < 1e-12, `A, c differ from the Leaky ReLU net's regionAt: ${diff(card.A, ref.A)}, ${diff(card.c, ref.c)}`);
  // Each layer's D_l has α = 0.4 where the engine's pattern of the point has a neuron off.
  const ds = await page.$$eval('.rg-facet .rg-ds annotation', (as) => as.map((a) => a.textContent));
  let k = 0;
  assert.deepEqual(ds, leaky.layers.slice(1, -1).map((n, l) => diagTex(l + 1, [...ref.pattern.slice(k, (k += n))].map((ch) => (ch === '1' ? 1 : 0.4)))));
  assert.ok(ds.some((d) => d.includes('0.4')));
  assertClean(page);
  await page.close();
});

test('with curved input features a ReLU net morphed into Leaky ReLU or softplus is sampled, says why there are no tiles, and a click shows the height and gradient', async () => {
  const pg = { layers: [4, 4], act: ['relu', 'relu'], feat: ['x1sq'] };
  const net = takePlaygroundNet(createSession(engine));
  net.ensure({ ...defaultState(), ...pg }, true);
  const relu = net.trainer.exportModel();
  assert.deepEqual(relu.features, ['x1', 'x2', 'x1^2']);
  const leaky = morph(relu, 'leaky_relu', 20);
  assert.throws(() => engine.regions(leaky, net.meta.box), (e) => e.code === 'features_not_linear', 'the core should refuse this net for the test to mean something');
  const hash = `rsrc=pg&layers=${pg.layers.join(',')}&act=${pg.act.join(',')}&feat=${pg.feat.join(',')}`;
  const diff = (u, v) => Math.max(...Array.from(u).map((x, i) => Math.abs(x - v[i])));
  for (const lang of ['en', 'zh']) {
    const { t, fnName, errorText } = translator(lang);
    const refused = errorText({ code: 'features_not_linear', message: '', details: {} });
    let page = await open('surface', `${hash}&rmf=leaky_relu&rmp=20`, lang);
    assert.deepEqual(await data(page, 'surface'), { facets: 39 * 39, exact: false, wire: 0 }, `${lang}: a sampled surface, no outlines`);
    const info = await page.$eval('.rg-facet', (c) => c.previousElementSibling.textContent);
    assert.equal(info, t('rg.sf.leakyCurved', { a: fmt(0.4, 3) }), `${lang}: the info line`);
    assert.ok(!info.includes(refused), `${lang}: the core's refusal in the info line`);
    assert.equal(await page.$eval('.rg-view .hint', (h) => h.textContent), t('rg.sf.hintSmooth'), `${lang}: the hint`);
    assert.ok(await clickSurface(page), `${lang}: the click showed nothing`);
    const card = await page.$eval('.rg-facet', (c) => ({ p: JSON.parse(c.dataset.point), z: JSON.parse(c.dataset.z), grad: JSON.parse(c.dataset.grad), a: c.dataset.a, text: c.textContent, math: [...c.querySelectorAll('.rg-map')].filter((m) => m.querySelector('math')).length }));
    const [x0, x1, y0, y1] = net.meta.box;
    assert.ok(card.p[0] >= x0 && card.p[0] <= x1 && card.p[1] >= y0 && card.p[1] <= y1, `the point ${card.p} is off the plane`);
    const fw = engine.forward(leaky, card.p);
    assert.ok(Math.abs(card.z - fw.logits[0]) < 1e-12, `${lang}: z ${card.z} vs the Leaky ReLU net's ${fw.logits[0]}`);
    assert.ok(diff(card.grad, fw.jacobianLogits.slice(0, 2)) < 1e-12, `${lang}: gradient ${card.grad} vs ${Array.from(fw.jacobianLogits)}`);
    assert.ok(Math.abs(fw.logits[0] - engine.forward(relu, card.p).logits[0]) > 1e-9, 'the ReLU net has the same height there: the card would not tell them apart');
    assert.equal(card.a, undefined, `${lang}: no tile map`);
    assert.equal(card.math, 2, `${lang}: z and its gradient are typeset`);
    assert.ok(card.text.includes(t('rg.sf.gradCurved')), `${lang}: the card says why there are no tiles`);
    assertClean(page);
    await page.close();
    // Softplus: sampled too, and no outline is promised.
    page = await open('surface', `${hash}&rmf=softplus&rmp=30`, lang);
    assert.deepEqual(await data(page, 'surface'), { facets: 39 * 39, exact: false, wire: 0 });
    assert.equal(await page.$eval('.rg-facet', (c) => c.previousElementSibling.textContent), t('rg.sf.limitCurved', { fn: fnName('softplus') }), `${lang}: the softplus info line`);
    assertClean(page);
    await page.close();
  }
});

test('a click on a smoothed surface shows the height and gradient there, as the forward pass and finite differences give them', async () => {
  const { t } = translator('en');
  const page = await open('surface', 'rmf=softplus&rmp=30');
  assert.equal(await page.$eval('.rg-view .hint', (h) => h.textContent), t('rg.sf.hintSmooth'));
  assert.ok(await clickSurface(page), 'the click showed nothing');
  const model = morph(ownModel(), 'softplus', 30);
  const read = () => page.$eval('.rg-facet', (c) => ({ r: Number(c.dataset.region), p: JSON.parse(c.dataset.point), z: JSON.parse(c.dataset.z), grad: JSON.parse(c.dataset.grad), math: [...c.querySelectorAll('.rg-map')].filter((m) => m.querySelector('math')).length, a: c.dataset.a }));
  const check = (card) => {
    const [x0, x1, y0, y1] = engine.dataBox(2);
    assert.ok(card.p[0] >= x0 && card.p[0] <= x1 && card.p[1] >= y0 && card.p[1] <= y1, `the point ${card.p} is off the plane`);
    const fw = engine.forward(model, card.p);
    assert.ok(Math.abs(card.z - fw.logits[0]) < 1e-12, `z ${card.z} vs ${fw.logits[0]}`);
    const h = 1e-5;
    const z = (x, y) => engine.forward(model, [x, y], { jacobians: false }).logits[0];
    const fd = [(z(card.p[0] + h, card.p[1]) - z(card.p[0] - h, card.p[1])) / (2 * h), (z(card.p[0], card.p[1] + h) - z(card.p[0], card.p[1] - h)) / (2 * h)];
    assert.ok(fd.some((v) => Math.abs(v) > 1e-3), 'a flat spot proves nothing');
    const err = Math.max(...fd.map((v, i) => Math.abs(v - card.grad[i])));
    assert.ok(err < 1e-6, `gradient ${card.grad} vs finite differences ${fd}: ${err}`);
    assert.equal(card.math, 2);
    assert.equal(card.a, undefined, 'no tile map on a smooth surface');
  };
  const first = await read();
  check(first);
  // Enter: the next grid square's centre.
  await page.locator('.rg-3d').focus();
  await page.keyboard.press('Enter');
  const next = await read();
  assert.equal(next.r, (first.r + 1) % (39 * 39));
  check(next);
  assertClean(page);
  await page.close();
});

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

for (const width of [1280, 390]) {
  test(`axe reports no violation in any sub-view at ${width} px, in both languages and both themes`, async () => {
    const found = [];
    for (const lang of ['en', 'zh']) {
      for (const theme of ['light', 'dark']) {
        for (const view of Object.keys(READY)) {
          const page = await env.newPage();
          await page.setViewportSize({ width, height: 844 });
          await page.goto(`${env.base}index.html#panel=regions&lang=${lang}&theme=${theme}&rv=${view}`);
          await page.waitForSelector(`.panel-regions${READY[view]}`);
          await afterFrames(page, 2);
          await page.evaluate(AXE_SOURCE);
          const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
            .map((x) => `${x.id}: ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
          found.push(...v.map((x) => `${lang} ${theme} ${view}: ${x}`));
          assertClean(page);
          await page.close();
        }
      }
    }
    assert.deepEqual(found, []);
  });
}
