// The Regions panel's 3-D surface of a large network (the Playground's 3 x 64 ReLU net, about
// 15,000 cells) in headless Chromium against the built page. Such a surface is built and
// drawn over animation frames, and shows a quick picture while it turns: its facets are the
// engine's cells, a clicked facet carries the A and c of engine.regionAt at its point, and its
// settled picture does not depend on the way there (turned away and back, the canvas holds the
// same pixels as before).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPanel } from './helpers.mjs';
import { takePlaygroundNet } from '../../web/src/panels/regions/model.js';
import { createSession } from '../../web/src/kit/network_session.js';
import { defaultState } from '../../web/src/state.js';
import { translator } from '../../web/src/i18n.js';

let env;
let engine;
browserSuite((s) => ({ env, engine } = s), { engine: 'core' });

const LAYERS = [64, 64, 64];
const ACT = LAYERS.map(() => 'relu');
const READY = '.panel-regions[data-view="surface"][data-surface] .rg-3d[data-drawn]';
const drawn = (page) => page.$eval('.rg-3d', (c) => Number(c.dataset.drawn));
const pixels = (page) => page.$eval('.rg-3d', (c) => c.toDataURL());

// Presses a key on the canvas and waits for its next exact picture.
async function press(page, key) {
  const n = await drawn(page);
  await page.keyboard.press(key);
  await page.waitForFunction((k) => Number(document.querySelector('.rg-3d').dataset.drawn) > k, n, { polling: 'raf' });
}

test('a large net\'s surface: its facets are the engine\'s cells, a click finds a cell\'s A and c, and turning away and back gives the same picture', async () => {
  const page = await openPanel(env, 'regions', `rsrc=pg&layers=${LAYERS.join(',')}&act=${ACT.join(',')}&rv=surface`, { waitFor: READY });
  const net = takePlaygroundNet(createSession(engine));
  net.ensure({ ...defaultState(), layers: LAYERS, act: ACT }, true);
  const model = net.trainer.exportModel();
  const reg = engine.regions(model, net.meta.box);
  const info = await page.$eval('.panel-regions', (s) => JSON.parse(s.dataset.surface));
  assert.ok(reg.patternRegions > 10000, `${reg.patternRegions} cells: not a surface drawn over frames`);
  assert.deepEqual(info, { facets: reg.patternRegions, exact: true, wire: 0 });

  // A click on the settled picture: the facet on top there, with the engine's map at its point.
  const canvas = page.locator('.rg-3d');
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width / 2, y: box.height * 0.45 } });
  assert.equal(await page.$eval('.rg-facet', (c) => c.hidden), false, 'no facet was hit');
  const card = await page.$eval('.rg-facet', (c) => ({ A: JSON.parse(c.dataset.a), c: JSON.parse(c.dataset.c), p: JSON.parse(c.dataset.point) }));
  const ref = engine.regionAt(model, card.p);
  const diff = (u, v) => Math.max(...Array.from(u).map((x, i) => Math.abs(x - v[i])));
  assert.ok(diff(card.A, ref.A) < 1e-12 && diff(card.c, ref.c) < 1e-12, `A, c differ from regionAt: ${diff(card.A, ref.A)}, ${diff(card.c, ref.c)}`);

  // Turned left and back (quick pictures on the way), then up and back down.
  await canvas.focus();
  const first = await pixels(page);
  await press(page, 'ArrowLeft');
  const left = await pixels(page);
  assert.notEqual(left, first);
  await press(page, 'ArrowRight');
  assert.equal(await pixels(page), first, 'turned back, the picture differs');
  await press(page, 'ArrowUp');
  assert.notEqual(await pixels(page), first);
  await press(page, 'ArrowDown');
  assert.equal(await pixels(page), first, 'tilted back, the picture differs');
  assert.deepEqual(page.problems, [], `console/page errors:\n${page.problems.join('\n')}`);
  await page.close();
});

test('the tile card of the Playground\'s 8 x 64 net on a phone: the text\'s symbols are typeset, and all eight D_l fit the card, each with its count of ones', async () => {
  const deep = Array(8).fill(64);
  const acts = deep.map(() => 'relu');
  const page = await env.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${env.base}index.html#panel=regions&lang=zh&rsrc=pg&layers=${deep.join(',')}&act=${acts.join(',')}&rv=surface`);
  await page.waitForSelector(READY);
  const canvas = page.locator('.rg-3d');
  await canvas.focus();
  await page.keyboard.press('Enter');   // the first tile
  const card = await page.$eval('.rg-facet', (c) => {
    const box = c.getBoundingClientRect();
    return {
      p: JSON.parse(c.dataset.point), hidden: c.hidden,
      textMath: c.querySelectorAll('p math').length,
      ds: [...c.querySelectorAll('.rg-ds li')].map((li) => {
        const r = li.getBoundingClientRect();
        return { text: [...li.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(''), inside: r.left >= box.left && r.right <= box.right && r.width > 0 };
      }),
      overflow: [...c.querySelectorAll('.rg-map, .rg-ds')].map((m) => m.scrollWidth - m.clientWidth),
    };
  });
  assert.equal(card.hidden, false);
  assert.equal(card.textMath, 3, 'D_l, l and z = Ax + c are typeset in the text');
  const net = takePlaygroundNet(createSession(engine));
  net.ensure({ ...defaultState(), layers: deep, act: acts }, true);
  const { pattern } = engine.regionAt(net.trainer.exportModel(), card.p);
  const { t } = translator('zh');
  assert.deepEqual(card.ds.map((d) => d.text), deep.map((n, l) => t('rg.sf.dCount', { on: [...pattern.slice(64 * l, 64 * l + 64)].filter((ch) => ch === '1').length, n })));
  assert.deepEqual(card.ds.map((d) => d.inside), deep.map(() => true), 'a D_l is cut off');
  assert.deepEqual(card.overflow, card.overflow.map(() => 0), `the card's formulas scroll: ${card.overflow}`);
  assert.deepEqual(page.problems, [], `console/page errors:\n${page.problems.join('\n')}`);
  await page.close();
});
