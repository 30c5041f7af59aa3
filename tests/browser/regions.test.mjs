// The Regions panel in headless Chromium against the built dist/: the exact cells are drawn,
// their count is shown and changes while the network trains, a clicked point shows the local
// linear map that engine.regionAt gives for it, two points in different cells show two
// different maps and the boundaries between them, the identity collapses to one region and
// one matrix, a smooth activation says it has no linear regions, and hostile links are harmless.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, waitReady, canvasStats, openPanel, flushedHash, playSteps, PANEL_READY } from './helpers.mjs';
import { takeOwnNet, takePlaygroundNet } from '../../web/src/panels/regions/model.js';
import { createSession } from '../../web/src/kit/network_session.js';
import { defaultState } from '../../web/src/state.js';
import { fmt, translator } from '../../web/src/i18n.js';

let env;
let engine;
browserSuite((s) => ({ env, engine } = s), { engine: 'core' });

const PLOT = '.rg-plot canvas';

const open = (hash) => openPanel(env, 'regions', hash, { waitFor: PLOT });

function assertClean(page) {
  assert.deepEqual(page.problems, [], `console/page errors:\n${page.problems.join('\n')}`);
}

const readout = (page, key) => page.$eval(`.rg-r-${key} dd`, (d) => Number(d.dataset.value));
const isPlaying = (page) => page.$eval('.rg-play', (b) => b.getAttribute('aria-pressed') === 'true');
// Plays until the network has taken `steps` more optimizer steps (or training stopped), then pauses.
const playFor = (page, steps) => playSteps(page, 'regions', steps, '.rg-play');

async function clickPlot(page, fx, fy, modifiers = []) {
  const loc = page.locator(PLOT);
  await loc.scrollIntoViewIfNeeded();
  const b = await loc.boundingBox();
  await loc.click({ position: { x: b.width * fx, y: b.height * fy }, modifiers });
}

// The right-hand column follows a paint on the next frame: this waits until it shows what the
// last paint (a click's, say) saw.
const cardsShown = (page) => page.waitForSelector('.panel-regions:not([data-cards-pending])');

const pointCard = (page, which) => page.$eval(`.rg-point-${which}`, (c) => ({
  point: JSON.parse(c.dataset.point), A: JSON.parse(c.dataset.a), c: JSON.parse(c.dataset.c), pattern: c.dataset.pattern,
  math: c.querySelector('.rg-map math') !== null,
}));

// The panel's own untrained network, built in node exactly as the page builds it.
function ownNet(patch = {}) {
  const net = takeOwnNet(engine);
  net.ensure({ ...defaultState(), ...patch }, true);
  return net;
}

const maxDiff = (u, v) => Math.max(...u.map((x, i) => Math.abs(x - v[i])));

// How the local maps of the point cards fit their cards: the widest overflow (scrollWidth -
// clientWidth, 0 when none), whether every piece of every formula lies inside its box, and
// how many lines the most wrapped formula takes.
const mapFit = (page) => page.$$eval('.rg-point .rg-map', (maps) => {
  let overflow = 0, inside = true, lines = 1;
  for (const m of maps) {
    overflow = Math.max(overflow, m.scrollWidth - m.clientWidth);
    const box = m.getBoundingClientRect();
    const pieces = [...m.querySelectorAll('math')].map((x) => x.getBoundingClientRect());
    if (pieces.some((r) => r.left < box.left - 0.5 || r.right > box.right + 0.5)) inside = false;
    lines = Math.max(lines, new Set(pieces.map((r) => Math.round(r.top))).size);
  }
  return { cards: maps.length, overflow, inside, lines };
});

test('the local maps of a and b fit their cards: a long map wraps at + c instead of scrolling (the Playground\'s 8 x 64 net at 1280 px, the default net at 390 px)', async () => {
  const rpt = 'rpt=a.x:1.3,a.y:-2.1,b.x:-2.5,b.y:1.7';
  const deep = Array(8).fill(64);
  let page = await openPanel(env, 'regions', `rsrc=pg&layers=${deep.join(',')}&act=${deep.map(() => 'relu').join(',')}&${rpt}`, { waitFor: '.rg-point-b .rg-map math' });
  let fit = await mapFit(page);
  assert.deepEqual({ ...fit, lines: fit.lines > 1 }, { cards: 2, overflow: 0, inside: true, lines: true }, JSON.stringify(fit));
  assertClean(page);
  await page.close();
  page = await env.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${env.base}index.html#panel=regions&lang=zh&${rpt}`);
  await page.waitForSelector('.rg-point-b .rg-map math');
  fit = await mapFit(page);
  assert.deepEqual({ ...fit, lines: undefined }, { cards: 2, overflow: 0, inside: true, lines: undefined }, JSON.stringify(fit));
  assertClean(page);
  await page.close();
});

test('the cells are drawn as coloured polygons with boundaries', async () => {
  const page = await open('');
  const regions = await readout(page, 'regions');
  assert.ok(regions > 10, `regions ${regions}`);
  const stats = await canvasStats(page, PLOT);
  assert.ok(stats.ink > 0.5, `plot looks blank (${stats.ink})`);
  // Many distinct fill colours inside the plot area, and dark boundary pixels between them.
  const colours = await page.$eval(PLOT, (c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  });
  assert.ok(colours > 20, `only ${colours} colours in the plot`);
  assert.equal(await page.$eval('.panel-regions', (s) => s.dataset.regions), String(regions));
  assertClean(page);
  await page.close();
});

test('the region count is shown and changes while training', async () => {
  const page = await open('');
  const before = await readout(page, 'regions');
  const plotBefore = await canvasStats(page, PLOT);
  assert.ok(before > 0);
  await page.click('.rg-play');
  assert.ok(await isPlaying(page));
  // Watch the count on every frame until it has changed, or the network has trained 3000 steps.
  const seen = await (await page.waitForFunction(([first, last]) => {
    const count = Number(document.querySelector('.rg-r-regions dd').dataset.value);
    const step = Number(document.querySelector('.panel-regions').dataset.step);
    const playing = document.querySelector('.rg-play').getAttribute('aria-pressed') === 'true';
    return (count !== first || step >= last || !playing) && { count, step };
  }, [before, 3000], { polling: 'raf' })).jsonValue();
  if (await isPlaying(page)) await page.click('.rg-play');
  assert.equal(await isPlaying(page), false);
  assert.notEqual(seen.count, before, `the count never changed from ${before} in ${seen.step} steps`);
  const step = await page.$eval('.rg-counter', (c) => c.textContent);
  assert.match(step, /step [1-9]/);
  const plotAfter = await canvasStats(page, PLOT);
  assert.notEqual(plotAfter.hash, plotBefore.hash, 'the cells did not move');
  const chart = await canvasStats(page, '.rg-count canvas');
  assert.ok(chart.ink > 0.005, `count chart looks blank (${chart.ink})`);
  assert.ok(await readout(page, 'pieces') > 0);
  assertClean(page);
  await page.close();
});

test('clicking a point shows its pattern and the map (A, c) that engine.regionAt gives', async () => {
  const page = await open('');
  await clickPlot(page, 0.3, 0.35);
  await page.waitForSelector('.rg-point-a');
  const shown = await pointCard(page, 'a');
  assert.ok(shown.math, 'the map is typeset');
  const net = ownNet();
  const model = net.trainer.exportModel();
  const ref = engine.regionAt(model, shown.point);
  const d = Math.max(maxDiff(shown.A, Array.from(ref.A)), maxDiff(shown.c, Array.from(ref.c)));
  assert.ok(d < 1e-12, `A, c differ from engine.regionAt by ${d}`);
  assert.equal(shown.pattern, ref.pattern);
  // The pattern grid: one cell per hidden neuron, "on" exactly where the pattern has a 1.
  const cells = await page.$$eval('.rg-point-a .rg-cell', (cs) => cs.map((c) => c.classList.contains('on')));
  assert.deepEqual(cells, [...ref.pattern].map((ch) => ch === '1'));
  // The map reproduces the network's own output there.
  const out = engine.forward(model, shown.point);
  const z = ref.A[0] * shown.point[0] + ref.A[1] * shown.point[1] + ref.c[0];
  assert.ok(Math.abs(z - out.logits[0]) < 1e-9, `A x + c = ${z}, logit ${out.logits[0]}`);
  assert.ok(await page.$eval('.rg-click-hint', (h) => h.textContent.length > 0));
  // Typed coordinates place the next point (b) too; out-of-box numbers are refused with a message.
  await page.fill('input[name="coord0"]', '1.5');
  await page.fill('input[name="coord1"]', '-2');
  await page.press('input[name="coord1"]', 'Enter');
  await page.waitForSelector('.rg-point-b');
  assert.deepEqual((await pointCard(page, 'b')).point, [1.5, -2]);
  await page.fill('input[name="coord0"]', '99');
  await page.click('.rg-place');
  assert.equal(await page.$eval('.rg-coord-error', (e) => e.hidden), false);
  assert.deepEqual((await pointCard(page, 'a')).point, shown.point);
  assertClean(page);
  await page.close();
});

test('two points in different regions show two different maps and the boundaries between them', async () => {
  const page = await open('');
  await clickPlot(page, 0.15, 0.15);
  await clickPlot(page, 0.85, 0.85);
  await page.waitForSelector('.rg-compare');
  const a = await pointCard(page, 'a');
  const b = await pointCard(page, 'b');
  assert.notEqual(a.pattern, b.pattern);
  assert.ok(maxDiff(a.A, b.A) > 1e-6 || maxDiff(a.c, b.c) > 1e-6, 'the two maps are equal');
  assert.equal(await page.$eval('.rg-compare', (c) => c.dataset.same), 'false');
  assert.match(await page.$eval('.rg-neq', (m) => m.textContent), /≠/);
  const crossings = await page.$eval('.rg-segment', (s) => Number(s.dataset.crossings));
  const ref = engine.segment(ownNet().trainer.exportModel(), a.point, b.point);
  assert.equal(crossings, ref.t.length);
  assert.ok(crossings >= 1);
  assert.ok(await page.$$eval('.rg-point-a .rg-cell.diff', (cs) => cs.length) >= 1, 'differing neurons are marked');
  // Shift-click moves b; a stays.
  await clickPlot(page, 0.2, 0.8, ['Shift']);
  await cardsShown(page);
  const b2 = await pointCard(page, 'b');
  assert.notDeepEqual(b2.point, b.point);
  assert.deepEqual((await pointCard(page, 'a')).point, a.point);
  // The points are in the link (once the page has written it): opening it shows the same two maps.
  assert.match(await flushedHash(page), /rpt=a\.x:[^&]*b\.y:/);
  const again = await env.newPage();
  await again.goto(`${env.base}index.html${await page.evaluate(() => location.hash)}`);
  await waitReady(again);
  await again.waitForSelector('.rg-compare');
  const a3 = await pointCard(again, 'a');
  assert.ok(maxDiff(a3.point, a.point) < 1e-4, `a came back as ${a3.point}`);
  assert.ok(maxDiff((await pointCard(again, 'b')).point, b2.point) < 1e-4);
  assertClean(again);
  await again.close();
  assertClean(page);
  await page.close();
});

// The point cards as they stand, for comparing two pages: each element's tag, attributes (class
// names sorted; a wide box's scroll marks left out) and text, nested.
const cardsHtml = (page) => page.$$eval('.rg-point, .rg-compare', (cards) => {
  const scroll = new Set(['data-scrolls', 'tabindex', 'role', 'aria-label']);
  const canon = (n) => {
    if (n.nodeType !== 1) return n.textContent;
    const wide = n.classList.contains('scroll-x');
    const attrs = [...n.attributes].filter((a) => !(wide && scroll.has(a.name)))
      .map((a) => (a.name === 'class' ? `class="${[...n.classList].filter((c) => c !== 'scroll-x').sort().join(' ')}"` : `${a.name}="${a.value}"`)).sort();
    return `<${n.localName} ${attrs.join(' ')}>${[...n.childNodes].map(canon).join('')}</${n.localName}>`;
  };
  return cards.map(canon);
});

// Each point card against the core: its pattern and map are engine.regionAt's for its point, each
// neuron's cell has that pattern's state (hardtanh: '0' off, '1' on, '2' above) and its number, the
// cells where a and b differ are outlined, and each layer says how many of its neurons are on.
async function checkCards(page, model, sizes) {
  const cards = await page.$$eval('.rg-point', (cs) => cs.map((c) => ({
    point: JSON.parse(c.dataset.point), A: JSON.parse(c.dataset.a), c: JSON.parse(c.dataset.c), pattern: c.dataset.pattern,
    cells: [...c.querySelectorAll('.rg-cell')].map((x) => ({ cls: [...x.classList].sort().join(' '), title: x.title })),
    counts: [...c.querySelectorAll('.rg-layer-count')].map((x) => x.textContent),
  })));
  assert.equal(cards.length, 2);
  const refs = cards.map((c) => engine.regionAt(model, c.point));
  cards.forEach((card, i) => {
    const ref = refs[i];
    assert.equal(card.pattern, ref.pattern);
    assert.ok(Math.max(maxDiff(card.A, Array.from(ref.A)), maxDiff(card.c, Array.from(ref.c))) < 1e-12, 'the map is not the core\'s');
    const words = { 0: 'off', 1: 'on', 2: 'high' };
    const starts = sizes.map((_, l) => sizes.slice(0, l).reduce((x, y) => x + y, 0));
    const want = [...ref.pattern].map((ch, k) => {
      const l = starts.findLastIndex((s) => s <= k);
      return { cls: ['rg-cell', words[ch], ...(ch !== refs[1 - i].pattern[k] ? ['diff'] : [])].sort().join(' '), number: k - starts[l] + 1 };
    });
    assert.deepEqual(card.cells.map((c) => c.cls), want.map((w) => w.cls));
    card.cells.forEach((c, k) => assert.match(c.title, new RegExp(`^neuron ${want[k].number}: ${{ on: 'on', off: 'off', high: 'above' }[words[ref.pattern[k]]]}`), c.title));
    assert.deepEqual(card.counts, sizes.map((n, l) => `${[...ref.pattern.slice(starts[l], starts[l] + n)].filter((ch) => ch === '1').length}/${n} on`));
  });
}

test('the point cards, updated in place when a point moves or the weights change, match the core and cards made anew; a net of another shape gets new cards', async () => {
  const patch = { ract: 'hardtanh', rw: 12, rd: 3 };
  const page = await open(`ract=hardtanh&rw=12&rd=3&rpt=a.x:-4,a.y:-4,b.x:4,b.y:4`);
  await page.waitForSelector('.panel-regions:not([data-cards-pending]) .rg-point-b');
  // Cards made anew for the same link, in a page of their own.
  const fresh = async () => {
    const other = await env.newPage();
    await other.goto(`${env.base}index.html${await page.evaluate(() => location.hash)}`);
    await waitReady(other);
    await other.waitForSelector('.panel-regions:not([data-cards-pending]) .rg-point-b');
    const html = await cardsHtml(other);
    assertClean(other);
    await other.close();
    return html;
  };
  const grids = () => page.evaluate(() => {
    const now = [...document.querySelectorAll('.rg-point .rg-pattern')];
    const kept = now.map((g, i) => g === window.gridsBefore?.[i]);
    window.gridsBefore = now;
    return kept;
  });
  await checkCards(page, ownNet(patch).trainer.exportModel(), [12, 12, 12]);
  await grids();
  // a moved: its card and b's (the outlines) are updated in place.
  await page.check('input[data-field="next"][value="a"]');
  await page.fill('input[name="coord0"]', '1.5');
  await page.fill('input[name="coord1"]', '-2');
  await page.click('.rg-place');
  await cardsShown(page);
  assert.deepEqual((await pointCard(page, 'a')).point, [1.5, -2]);
  assert.deepEqual(await grids(), [true, true]);
  await checkCards(page, ownNet(patch).trainer.exportModel(), [12, 12, 12]);
  assert.deepEqual(await cardsHtml(page), await fresh());
  // Another seed: other weights, the same shape.
  await page.fill('input[name="rseed"]', '7');
  await page.press('input[name="rseed"]', 'Enter');
  assert.match(await flushedHash(page), /rseed=7/);
  await page.waitForSelector('.panel-regions:not([data-cards-pending]) .rg-point-b');
  assert.deepEqual(await grids(), [true, true]);
  await checkCards(page, ownNet({ ...patch, rseed: 7 }).trainer.exportModel(), [12, 12, 12]);
  assert.deepEqual(await cardsHtml(page), await fresh());
  // Another width: new cards.
  await page.fill('input[name="rw"]', '5');
  await page.press('input[name="rw"]', 'Enter');
  assert.match(await flushedHash(page), /rw=5/);
  await page.waitForSelector('.panel-regions:not([data-cards-pending]) .rg-point-b');
  assert.deepEqual(await grids(), [false, false]);
  await checkCards(page, ownNet({ ...patch, rseed: 7, rw: 5 }).trainer.exportModel(), [5, 5, 5]);
  assert.deepEqual(await cardsHtml(page), await fresh());
  assertClean(page);
  await page.close();
});

test('with the identity activation there is one region and the single matrix W3 W2 W1', async () => {
  const page = await open('ract=identity&rd=3');
  await cardsShown(page);
  assert.equal(await readout(page, 'regions'), 1);
  const card = await page.$eval('.rg-identity', (c) => ({ A: JSON.parse(c.dataset.a), c: JSON.parse(c.dataset.c), text: c.textContent }));
  assert.match(card.text, /W\s*3|W3|W_?\{?3/);
  await clickPlot(page, 0.3, 0.3);
  await clickPlot(page, 0.8, 0.7);
  await cardsShown(page);
  const a = await pointCard(page, 'a');
  const b = await pointCard(page, 'b');
  assert.ok(maxDiff(card.A, a.A) < 1e-12 && maxDiff(card.c, a.c) < 1e-12, 'the product differs from the map at a');
  assert.deepEqual(a.A, b.A);
  assert.equal(await page.$eval('.rg-compare', (c) => c.dataset.same), 'true');
  assertClean(page);
  await page.close();
});

test('a smooth activation shows the "no linear regions" message, in both languages', async () => {
  for (const [lang, words] of [['en', /No linear regions/], ['zh', /沒有線性區域/]]) {
    const page = await env.newPage();
    await page.goto(`${env.base}index.html#panel=regions&lang=${lang}&ract=tanh`);
    await waitReady(page);
    await page.waitForSelector('.rg-smooth:not([hidden])');
    assert.match(await page.$eval('.rg-smooth', (s) => s.textContent), words);
    assert.match(await page.$eval('.rg-smooth', (s) => s.textContent), /Tanh/);
    // Training still works; clicking does nothing harmful.
    assert.ok(await playFor(page, 100) >= 100, 'the network did not train');
    await clickPlot(page, 0.08, 0.92);   // a corner, away from the message
    await cardsShown(page);
    assert.equal(await page.$('.rg-point-a'), null);
    assertClean(page);
    await page.close();
  }
});

test('a 1-D regression net shows its fitted function with the breakpoints counted', async () => {
  const page = await open('rds=sin');
  const breaks = await readout(page, 'breaks');
  const pieces = await readout(page, 'pieces');
  assert.ok(breaks >= 1, `breakpoints ${breaks}`);
  assert.equal(pieces, breaks + 1);
  const ref = ownNet({ rds: 'sin' }).trainer.regions([-6, 6]);
  assert.equal(breaks, ref.kinks.length);
  await clickPlot(page, 0.3, 0.5);
  const a = await pointCard(page, 'a');
  assert.equal(a.point.length, 1);
  const q = engine.regionAt(ownNet({ rds: 'sin' }).trainer.exportModel(), a.point);
  assert.ok(Math.abs(q.A[0] - a.A[0]) < 1e-12);
  assert.ok((await canvasStats(page, PLOT)).ink > 0.3);
  assertClean(page);
  await page.close();
});

test('settings go to the URL and come back; hostile values are handled quietly', async () => {
  const page = await open('');
  await page.selectOption('select[name="ract"]', 'leaky_relu');
  await page.click('input[data-field="rcol"][value="slope"]');
  const written = await flushedHash(page);
  assert.match(written, /ract=leaky_relu/);
  assert.match(written, /rcol=slope/);
  const hash = await page.evaluate(() => location.hash);
  const again = await env.newPage();
  await again.goto(`${env.base}index.html${hash}`);
  await waitReady(again);
  assert.equal(await again.$eval('select[name="ract"]', (s) => s.value), 'leaky_relu');
  assert.ok(await again.$eval('input[data-field="rcol"][value="slope"]', (i) => i.checked));
  assert.ok(await readout(again, 'regions') > 1);
  assertClean(page);
  assertClean(again);
  await page.close();
  await again.close();

  const bad = await env.newPage();
  await bad.goto(`${env.base}index.html#panel=regions&lang=en&rw=1e9&rd=-3&ract=%3Cscript%3E&rds=../../x&rsrc=zzz&rcol=1&rseed=NaN&rdata=maybe&rpt=a.x:1e999,a.y:NaN,__proto__.x:1,b.x:5`);
  await waitReady(bad);
  await bad.waitForSelector(PLOT);
  assert.ok(await bad.$('.notice'), 'the link problem is reported');
  assert.equal(await bad.$eval('input[name="rw"]', (i) => i.value), '32');
  assert.equal(await bad.$eval('input[name="rd"]', (i) => i.value), '1');
  assert.ok(await readout(bad, 'regions') >= 1);
  await cardsShown(bad);
  assert.equal(await bad.$('.rg-point-a'), null, 'a point without a finite x is dropped');
  // A bad number typed into a field: a message, the network is kept.
  const before = await readout(bad, 'regions');
  await bad.fill('input[name="rw"]', '-4');
  await bad.press('input[name="rw"]', 'Enter');
  await bad.locator('input[name="rd"]').focus();
  assert.equal(await bad.$eval('input[name="rw"]', (i) => i.getAttribute('aria-invalid')), 'true');
  assert.equal(await readout(bad, 'regions'), before);
  assertClean(bad);
  await bad.close();
});

test('the Playground network as source: a curved one is explained, switching it to ReLU shows its regions', async () => {
  const page = await open('rsrc=pg');
  await page.waitForSelector('.rg-smooth:not([hidden])');
  await page.click('.rg-make-relu');
  assert.match(await flushedHash(page), /act=relu,relu/);
  assert.ok(await readout(page, 'regions') > 1);
  assert.ok(await playFor(page, 200) >= 200, 'the network did not train');
  const step = await page.$eval('.rg-counter', (c) => c.textContent);
  // The Playground shows the same, trained network.
  await page.click('.tab[data-panel="playground"]');
  await page.waitForSelector(PANEL_READY.playground);
  assert.equal(await page.$eval('.pg-counter', (c) => c.textContent.replace(/^.*step /, '')), step.replace(/^.*step /, ''));
  assertClean(page);
  await page.close();
});

// The Playground's network built in node as the session builds it (kit/network_session.js).
function playgroundNet(patch) {
  const net = takePlaygroundNet(createSession(engine));
  net.ensure({ ...defaultState(), ...patch }, true);
  return net;
}

test('a large Playground network (3 x 64) chosen as source is built over frames: its cells, their slope colours, where a -> b crosses them and the Playground\'s statistics are those of the same network', async () => {
  const layers = [64, 64, 64];
  const act = layers.map(() => 'relu');
  const page = await open(`layers=${layers.join(',')}&act=${act.join(',')}&rpt=a.x:-4.5,a.y:-3,b.x:5,b.y:4.2`);
  await page.check('.panel-regions input[data-field="rsrc"][value="pg"]');
  // The choice clears the own net's count at once; the Playground net's comes frames later.
  await page.waitForSelector('.panel-regions[data-regions]:not([data-regions=""])');
  const net = playgroundNet({ layers, act });
  const reg = engine.regions(net.trainer.exportModel(), net.meta.box);
  assert.ok(reg.patternRegions > 500, `${reg.patternRegions} cells: not a partition drawn over frames`);
  assert.equal(await readout(page, 'regions'), reg.patternRegions);
  assert.equal(await readout(page, 'neurons'), 192);
  assert.match(await page.textContent('.rg-pg-desc'), /2–64–64–64–1/);
  assert.equal(await page.$eval('.rg-play', (b) => b.disabled), false);
  // The crossings of a -> b (found with the cells, over frames) are the core's segment query's.
  await cardsShown(page);
  const crossings = await page.$eval('.rg-segment', (s) => Number(s.dataset.crossings));
  assert.equal(crossings, engine.segment(net.trainer.exportModel(), [-4.5, -3], [5, 4.2]).t.length);
  assert.ok(crossings > 10, `${crossings} crossings`);
  // Colouring by slope: the colours and picture of that many cells are made over frames, then
  // shown with the legend's scale up to the steepest cell's gradient norm.
  const plotBefore = await canvasStats(page, PLOT);
  await page.click('input[data-field="rcol"][value="slope"]');
  await page.waitForSelector('.rg-legend .rg-scale');
  let steepest = 0;
  for (let i = 0; i < reg.patternRegions; i++) steepest = Math.max(steepest, Math.hypot(reg.A[2 * i], reg.A[2 * i + 1]));
  const legend = await page.textContent('.rg-legend');
  assert.ok(legend.includes(`0${fmt(steepest, 3)}`), `${legend} vs ${fmt(steepest, 3)}`);
  assert.notEqual((await canvasStats(page, PLOT)).hash, plotBefore.hash);
  // The statistics the Regions panel left for a later frame are there for the Playground.
  await page.click('.tab[data-panel="playground"]');
  await page.waitForSelector(PANEL_READY.playground);
  const loss = await page.$eval('.pg-r-trainLoss dd', (d) => Number(d.dataset.value));
  assert.ok(Math.abs(loss - net.session.stats.trainLoss) <= 1e-9 * Math.max(1, Math.abs(loss)), `${loss} vs ${net.session.stats.trainLoss}`);
  assertClean(page);
  await page.close();
});

test('a point moved while the cells job is finding where a -> b crosses the new cells: the crossings shown are those of the new segment', async () => {
  const layers = [64, 64, 64];
  const act = layers.map(() => 'relu');
  const a = [-4.5, -3], b = [5, 4.2], moved = [4.5, -4.5];
  const page = await open(`layers=${layers.join(',')}&act=${act.join(',')}&rpt=a.x:${a[0]},a.y:${a[1]},b.x:${b[0]},b.y:${b[1]}`);
  const net = playgroundNet({ layers, act });
  const model = net.trainer.exportModel();
  const before = engine.segment(model, a, b).t.length;
  const after = engine.segment(model, a, moved).t.length;
  assert.notEqual(after, before, 'the two segments must cross different numbers of cells');
  // The cells job of a large net reads whether the partition view is shown (.rg-part's hidden)
  // once a step while it finds the crossings, after the cells and their picture. The first
  // such read from the job's step (not from a paint) moves b by the coordinates form, in that
  // very step, and puts the page's clock forward, so that this step ends after one slice of
  // the crossings and the job ends on a later frame, with b already moved.
  await page.evaluate((p) => {
    const real = performance.now.bind(performance);
    let ahead = 0;
    performance.now = () => real() + ahead;
    const own = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'hidden');
    window.__moved = 0;
    Object.defineProperty(HTMLElement.prototype, 'hidden', {
      configurable: true,
      set(v) { own.set.call(this, v); },
      get() {
        const v = own.get.call(this);
        if (window.__moved || !this.classList.contains('rg-part')) return v;
        // The caller: the job's step (a method "step"), not a paint.
        if (!/^\s*at (?:Object\.)?step /.test(new Error().stack.split('\n')[2] || '')) return v;
        window.__moved = 1;
        document.querySelector('.panel-regions input[data-field="next"][value="b"]').click();
        const form = document.querySelector('.panel-regions .rg-coord-form');
        form.querySelectorAll('input').forEach((input, j) => { input.value = String(p[j]); });
        form.querySelector('.rg-place').click();
        ahead += 1e6;
        return v;
      },
    });
  }, moved);
  await page.check('.panel-regions input[data-field="rsrc"][value="pg"]');
  await page.waitForSelector('.panel-regions[data-regions]:not([data-regions=""])');
  await cardsShown(page);
  assert.equal(await page.evaluate(() => window.__moved), 1, 'b was moved within the job\'s crossings step');
  assert.deepEqual((await pointCard(page, 'b')).point, moved);
  assert.equal(await readout(page, 'regions'), engine.regions(model, net.meta.box).patternRegions);
  const crossings = await page.$eval('.rg-segment', (s) => Number(s.dataset.crossings));
  assert.equal(crossings, after, `${crossings} crossings shown; a -> b before the move has ${before}, after it ${after}`);
  assertClean(page);
  await page.close();
});

test('the panel works alone in embed.html', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}embed.html?panel=regions#lang=zh`);
  await waitReady(page);
  await page.waitForSelector(PLOT);
  assert.ok(await readout(page, 'regions') > 1);
  assert.match(await page.$eval('.panel-regions h2', (h) => h.textContent), /線性區域/);
  assertClean(page);
  await page.close();
});

// The Playground's 8 x 64 net: its cells take seconds, so while it plays they are computed
// again only now and then, over many frames. The counter says which step the cells shown
// belong to (the issue: "step 2386" above the cells and the count of step 0, without a word).
for (const lang of ['en', 'zh']) {
  // (A 10-minute cap on the whole test, so that a bug that never ends the cells fails it
  // instead of hanging the suite; the waits inside end on the page's signals.)
  test(`regions (${lang}): with a large net playing, the counter says which step the cells shown are of, and Pause brings them up to date`, { timeout: 600_000 }, async () => {
    const wide = Array(8).fill(64).join(',');
    const page = await openPanel(env, 'regions', `rsrc=pg&layers=${wide}&act=${Array(8).fill('relu').join(',')}`, { lang, waitFor: PANEL_READY.regions });
    await page.click('.rg-play');
    // Wait (every frame) until the counter qualifies the cells, or the net has trained 3000
    // steps, or play stopped (a divergence or an error): whichever comes first ends the wait.
    const seen = await (await page.waitForFunction(() => {
      const s = document.querySelector('.panel-regions');
      const c = document.querySelector('.rg-counter');
      const stopped = document.querySelector('.rg-play').getAttribute('aria-pressed') !== 'true';
      return (c.classList.contains('rg-behind') || Number(s.dataset.step) >= 3000 || stopped)
        && { text: c.textContent, step: s.dataset.step, cells: s.dataset.cellsStep, stopped };
    }, null, { polling: 'raf', timeout: 0 })).jsonValue();
    assert.equal(seen.stopped, false, `play stopped: ${seen.text}`);
    assert.ok(Number(seen.step) > Number(seen.cells), `trained ${seen.step}, cells of step ${seen.cells}: ${seen.text}`);
    const shown = lang === 'en' ? `cells shown: step ${seen.cells}` : `顯示的區域：第 ${seen.cells} 步`;
    assert.ok(seen.text.includes(shown), `${seen.text} (cells of step ${seen.cells}, trained ${seen.step})`);
    await page.click('.rg-play');
    // Paused: the cells are those of the weights trained, and the counter no longer qualifies them.
    // Until the cells of the weights trained are in, or an error is shown instead.
    const after = await (await page.waitForFunction(() => {
      const s = document.querySelector('.panel-regions');
      const alert = document.querySelector('.rg-alert');
      const failed = !alert.hidden && !!alert.textContent;
      return document.querySelector('.rg-play').getAttribute('aria-pressed') === 'false'
        && ((s.dataset.cellsStep === s.dataset.step && s.dataset.regions) || failed)
        && { text: document.querySelector('.rg-counter').textContent, behind: document.querySelector('.rg-counter').classList.contains('rg-behind'), failed: failed && alert.textContent };
    }, null, { polling: 'raf', timeout: 0 })).jsonValue();
    assert.equal(after.failed, false);
    assert.equal(after.behind, false);
    assert.ok(!after.text.includes(lang === 'en' ? 'cells shown' : '顯示的區域'), after.text);
    assertClean(page);
    await page.close();
  });
}

// Pause pressed while a large net's cells are still being computed (they paint seconds later):
// the button and the counter changed only when they did, and a second click meanwhile played
// again under the word Pause.
for (const lang of ['en', 'zh']) {
  test(`regions (${lang}): Pause while the cells are computed says Play and names the step of the cells at once; the button does what it says`, { timeout: 600_000 }, async () => {
    const { t } = translator(lang);
    const wide = Array(8).fill(64);
    const page = await openPanel(env, 'regions', `rsrc=pg&layers=${wide}&act=${wide.map(() => 'relu')}&rpt=a.x:2,a.y:2,b.x:-0.3,b.y:-4.1`, { lang, waitFor: PANEL_READY.regions });
    await page.click('.rg-play');
    // The counter's wording while cells are computed, with the numbers as patterns.
    const pattern = (key) => t(key, { shown: '(\\d+)', step: '(\\d+)', pct: '(\\d+)' });
    const computing = pattern('rg.cellsComputing');
    // On the frame the counter says new cells are being computed: Pause, Play, Pause in one go,
    // each click's effect read in the same task (nothing else can run between).
    const seen = await (await page.waitForFunction((src) => {
      const c = document.querySelector('.rg-counter');
      const btn = document.querySelector('.rg-play');
      const s = document.querySelector('.panel-regions');
      if (btn.getAttribute('aria-pressed') !== 'true') return { stopped: c.textContent };
      if (!new RegExp(src).test(c.textContent)) return false;
      const read = () => ({ label: btn.textContent, pressed: btn.getAttribute('aria-pressed'), counter: c.textContent, step: s.dataset.step, cells: s.dataset.cellsStep });
      const out = [];
      for (let i = 0; i < 3; i++) { btn.click(); out.push(read()); }
      return { clicks: out };
    }, computing, { polling: 'raf', timeout: 0 })).jsonValue();
    assert.equal(seen.stopped, undefined, `play stopped: ${seen.stopped}`);
    const [paused, played, pausedAgain] = seen.clicks;
    assert.deepEqual([paused.label, paused.pressed], [t('rg.play'), 'false']);
    assert.deepEqual([played.label, played.pressed], [t('rg.pause'), 'true']);
    assert.deepEqual([pausedAgain.label, pausedAgain.pressed], [t('rg.play'), 'false']);
    // Paused, the counter says the cells being computed are those of the step it shows.
    for (const c of [paused, pausedAgain]) {
      const m = new RegExp(`${t('rg.counter', { epoch: '[^ ]+', step: '(\\d+)' })}${pattern('rg.cellsPaused')}$`).exec(c.counter);
      assert.ok(m, c.counter);
      assert.deepEqual([m[1], m[2], m[3]], [c.step, c.cells, c.step], c.counter);
    }
    // Then the cells of that step come and the counter no longer qualifies them; no step was trained.
    const after = await (await page.waitForFunction(() => {
      const s = document.querySelector('.panel-regions');
      const alert = document.querySelector('.rg-alert');
      const failed = !alert.hidden && !!alert.textContent;
      return ((s.dataset.cellsStep === s.dataset.step && s.dataset.regions) || failed)
        && { counter: document.querySelector('.rg-counter').textContent, step: s.dataset.step, label: document.querySelector('.rg-play').textContent, failed: failed && alert.textContent };
    }, null, { polling: 'raf', timeout: 0 })).jsonValue();
    assert.equal(after.failed, false);
    assert.equal(after.step, pausedAgain.step);
    assert.equal(after.label, t('rg.play'));
    assert.doesNotMatch(after.counter, new RegExp(pattern('rg.cellsOf')));
    assertClean(page);
    await page.close();
  });
}

// Coordinates typed, and a click on the plane, while a large net's cells are still being
// computed (its first seconds): refused with a false "Enter numbers between -6 and 6." that
// stayed, and the click dropped. The points are kept and shown with the cells.
for (const lang of ['en', 'zh']) {
  test(`regions (${lang}): points typed or clicked before a large net's cells are in are kept and shown with them, without an error`, { timeout: 600_000 }, async () => {
    const wide = Array(8).fill(64);
    const act = wide.map(() => 'relu');
    const page = await openPanel(env, 'regions', `rsrc=pg&layers=${wide}&act=${act}`, { lang });
    // On a frame where the net is built (Play enabled) but its cells are not in yet: type a's
    // coordinates, press Enter, click b on the plane, and read the form's error in that task.
    const typed = await (await page.waitForFunction(() => {
      const s = document.querySelector('.panel-regions');
      const play = s && s.querySelector('.rg-play');
      const inputs = s ? [...s.querySelectorAll('.rg-coords input')] : [];
      if (!play || play.disabled || inputs.length !== 2) return false;
      if (s.dataset.regions) return { late: s.dataset.regions };
      inputs[0].value = '1.5';
      inputs[1].value = '-2';
      inputs[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      const canvas = s.querySelector('.rg-plot canvas');
      const r = canvas.getBoundingClientRect();
      canvas.dispatchEvent(new MouseEvent('click', { clientX: r.left + 0.4 * r.width, clientY: r.top + 0.35 * r.height, bubbles: true }));
      const err = s.querySelector('.rg-coord-error');
      return { errorShown: !err.hidden, error: err.textContent, invalid: inputs.map((i) => i.getAttribute('aria-invalid')) };
    }, null, { polling: 'raf', timeout: 0 })).jsonValue();
    assert.equal(typed.late, undefined, 'the cells were in before the test could type');
    assert.deepEqual(typed, { errorShown: false, error: '', invalid: ['false', 'false'] });
    // The cells come, with both points' cards; the form says nothing.
    await page.waitForSelector('.panel-regions[data-regions]:not([data-regions=""]):not([data-cards-pending]) .rg-point-b');
    assert.equal(await page.$eval('.rg-coord-error', (e) => e.hidden), true);
    const a = await pointCard(page, 'a');
    const b = await pointCard(page, 'b');
    assert.deepEqual(a.point, [1.5, -2]);
    // Their maps are the core's for the same network, built in node as the session builds it.
    const net = playgroundNet({ layers: wide, act });
    for (const card of [a, b]) {
      const q = net.trainer.regionAt(card.point);
      assert.equal(card.pattern, q.pattern);
      assert.ok(maxDiff(card.A, Array.from(q.A)) <= 1e-9 && maxDiff(card.c, Array.from(q.c)) <= 1e-9);
    }
    assert.match(await flushedHash(page), /(^|&)rpt=a\.x:1\.5,a\.y:-2,b\.x:-?[\d.]+,b\.y:-?[\d.]+(&|$)/);
    assertClean(page);
    await page.close();
  });
}

// Points a and b's badges in the cards have the colours the plot draws the points in, in both
// themes (in the dark one, a's badge was the card's own dark colour: only its letter showed).
test('the badges of a and b in the cards have the colours of the points on the plot, light and dark', async () => {
  // How many of 24 canvas pixels on the ring drawn around a point placed at pixel (x, y) of the
  // plot (distance 6) have the colour `rgb` (within anti-aliasing: 12 per channel).
  const onRing = (page, x, y, rgb) => page.$eval(PLOT, (c, [x, y, rgb]) => {
    const want = rgb.match(/\d+/g).map(Number);
    const k = c.width / c.getBoundingClientRect().width;
    const ctx = c.getContext('2d');
    let n = 0;
    for (let i = 0; i < 24; i++) {
      const a = (2 * Math.PI * i) / 24;
      const d = ctx.getImageData(Math.floor((x + 6 * Math.cos(a)) * k), Math.floor((y + 6 * Math.sin(a)) * k), 1, 1).data;
      if (want.every((v, j) => Math.abs(v - d[j]) <= 12)) n++;
    }
    return n;
  }, [x, y, rgb]);
  const badge = (page, w) => page.$eval(`.rg-point-${w} .rg-badge`, (b) => getComputedStyle(b).backgroundColor);
  for (const theme of ['light', 'dark']) {
    const page = await open(`theme=${theme}&rdata=0`);
    const b = await page.locator(PLOT).boundingBox();
    const [x, y] = [Math.round(b.width * 0.3), Math.round(b.height * 0.4)];
    await clickPlot(page, x / b.width, y / b.height);
    await cardsShown(page);
    const a = await badge(page, 'a');
    const aRing = await onRing(page, x, y, a);
    assert.ok(aRing >= 12, `${theme}: ${aRing} of 24 pixels around a have its badge's colour ${a}`);
    await page.click('.rg-clear');
    await clickPlot(page, x / b.width, y / b.height, ['Shift']);
    await cardsShown(page);
    const bc = await badge(page, 'b');
    const bRing = await onRing(page, x, y, bc);
    assert.ok(bRing >= 12, `${theme}: ${bRing} of 24 pixels around b have its badge's colour ${bc}`);
    assert.notEqual(a, bc);
    assertClean(page);
    await page.close();
  }
});
