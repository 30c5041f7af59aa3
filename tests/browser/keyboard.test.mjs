// Keyboard and screen readers: a skip link passes the header; the panel tabs are a tablist
// (one Tab stop, arrow keys move, Enter opens); the Playground's data sets are a radio group
// (arrow keys choose); results are announced through polite live regions; the buttons and the
// learning-rate box wear the page's styles, not the browser's defaults.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPanel, flushedHash, waitReady, afterFrames } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return { tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, panel: e.dataset.panel ?? null, ds: e.dataset.ds ?? null };
});

test('the first Tab reaches a skip link that moves the focus past the header to the panel, leaving the URL alone', async () => {
  const page = await openPanel(env, 'curves');
  const hash = await flushedHash(page);
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).cls, 'skip-link');
  const box = await page.$eval('.skip-link', (a) => a.getBoundingClientRect().toJSON());
  assert.ok(box.top >= 0 && box.height > 0, 'visible while focused');
  await page.keyboard.press('Enter');
  assert.equal((await focused(page)).id, 'content');
  assert.equal(await flushedHash(page), hash);
  await page.keyboard.press('Tab');
  const next = await focused(page);
  assert.ok(await page.evaluate(() => document.querySelector('.panel-host').contains(document.activeElement)), `inside the panel: ${JSON.stringify(next)}`);
  await page.close();
});

test('the panel tabs are a tablist: one Tab stop, arrow keys, Home and End move, Enter opens the panel', async () => {
  const page = await openPanel(env, 'playground');
  const roles = await page.evaluate(() => ({
    list: document.querySelectorAll('[role="tablist"] > [role="tab"]').length,
    stops: [...document.querySelectorAll('[role="tab"]')].filter((t) => t.tabIndex === 0).map((t) => t.dataset.panel),
    selected: [...document.querySelectorAll('[role="tab"][aria-selected="true"]')].map((t) => t.dataset.panel),
    panel: document.querySelector('[role="tabpanel"]').getAttribute('aria-labelledby'),
  }));
  assert.equal(roles.list, 10);
  assert.deepEqual(roles.stops, ['playground']);
  assert.deepEqual(roles.selected, ['playground']);
  assert.equal(roles.panel, await page.$eval('.tab[data-panel="playground"]', (t) => t.id));
  await page.focus('.tab[data-panel="playground"]');
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused(page)).panel, 'regions');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.equal((await focused(page)).panel, 'nonlinearity');
  await page.keyboard.press('End');
  assert.equal((await focused(page)).panel, 'softmax');
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused(page)).panel, 'lesson', 'wraps around to the first tab');
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused(page)).panel, 'curves');
  assert.equal(await page.$eval('.panel-host', (h) => h.querySelector('.panel').className.includes('panel-playground')), true, 'moving the focus opens nothing');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.panel-curves .chart-box canvas[data-drawn]');
  assert.equal((await focused(page)).panel, 'curves', 'the focus stays on the tab');
  assert.equal(await page.$eval('.tab[data-panel="curves"]', (t) => t.getAttribute('aria-selected')), 'true');
  assert.equal(new URLSearchParams((await flushedHash(page)).slice(1)).get('panel') ?? 'curves', 'curves');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the Playground\'s data sets are a radio group: one Tab stop, and arrow keys choose the next set', async () => {
  const page = await openPanel(env, 'playground', 'ds=circle', { waitFor: '.panel-playground[data-opened] .pg-plot canvas[data-drawn]' });
  const stops = () => page.$$eval('.pg-tiles [role="radio"]', (rs) => rs.filter((r) => r.tabIndex === 0).map((r) => r.dataset.ds));
  assert.deepEqual(await stops(), ['circle']);
  await page.focus('.pg-tile[data-ds="circle"]');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.pg-tile[data-ds="xor"][aria-checked="true"]');
  assert.equal((await focused(page)).ds, 'xor', 'the focus follows the choice through the rebuild');
  assert.deepEqual(await stops(), ['xor']);
  assert.match(await flushedHash(page), /ds=xor/);
  await page.keyboard.press('ArrowLeft');
  await page.waitForSelector('.pg-tile[data-ds="circle"][aria-checked="true"]');
  assert.equal((await focused(page)).ds, 'circle');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('results are announced politely: the Playground says its accuracy when it stops, the experiments their findings', async () => {
  const page = await openPanel(env, 'playground', '', { waitFor: '.panel-playground[data-opened] .pg-plot canvas[data-drawn]' });
  const status = page.locator('.pg-status');
  assert.equal(await status.getAttribute('role'), 'status');
  await page.click('.pg-step');
  await page.waitForFunction(() => /Test accuracy \d/.test(document.querySelector('.pg-status').textContent));
  assert.equal(await page.$eval('.pg-live', (b) => b.getAttribute('aria-live')), 'polite');
  await page.goto(`${env.base}index.html#panel=regions&lang=en`);
  await waitReady(page, '.rg-plot canvas[data-drawn]');
  assert.equal(await page.$eval('.rg-status', (s) => s.getAttribute('role')), 'status');
  await page.waitForFunction(() => /\d/.test(document.querySelector('.rg-status').textContent), 'the region counts are said');
  await page.goto(`${env.base}index.html#panel=nonlinearity&lang=en`);
  await waitReady(page, '.panel-nonlinearity[data-state="done"]');
  const found = await page.$eval('.claim-found', (f) => ({ live: f.getAttribute('aria-live'), role: f.getAttribute('role'), text: f.textContent }));
  assert.equal(found.live, 'polite');
  assert.equal(found.role, 'status');
  assert.match(found.text, /%/);
  await page.close();
});

test('every button and the learning-rate box wear the page\'s styles', async () => {
  const page = await openPanel(env, 'dead', '', { waitFor: '.dead-rerun' });
  const look = (sel) => page.$eval(sel, (e) => {
    const s = getComputedStyle(e);
    return { bg: s.backgroundColor, border: s.borderTopColor, radius: s.borderTopLeftRadius, font: s.fontFamily, height: e.getBoundingClientRect().height };
  });
  const rerun = await look('.dead-rerun');
  const secondary = await look('.progress-cancel');
  assert.deepEqual({ ...rerun, height: 0 }, { ...secondary, height: 0 }, 'Run the sweep again looks like the other secondary buttons');
  await page.goto(`${env.base}index.html#panel=speed&lang=en`);
  await waitReady(page, '.speed-run');
  const measure = await look('.speed-run');
  assert.equal(measure.bg, 'rgb(11, 99, 197)', 'Measure is a primary button');
  await page.goto(`${env.base}index.html#panel=playground&lang=en`);
  await waitReady(page, '.pg-lr');
  const lr = await look('.pg-lr');
  const select = await look('.pg-settings select');
  assert.ok(Math.abs(lr.height - select.height) < 1, `as tall as the selects beside it: ${lr.height} and ${select.height}`);
  assert.equal(lr.border, select.border);
  assert.ok((await page.$eval('.pg-lr', (e) => e.getBoundingClientRect().width)) >= 110);
  await page.close();
});

// The Playground's network controls are built again on every change; the focused one keeps
// the focus (found again by its label, not its position), or hands it to its partner when it
// has just reached its limit and is disabled. A large net gives the focus back a frame later.
test('Playground: a button that reaches its limit hands the focus to its partner; others keep it when fields come and go', async () => {
  const PLAYGROUND = '.panel-playground[data-opened] .pg-plot canvas[data-drawn]';
  const active = (page) => page.evaluate(() => {
    const e = document.activeElement;
    return e === document.body ? 'body' : [e.className, e.dataset.width ?? '', e.closest('.pg-col')?.dataset.layer ?? ''].join(' ').trim();
  });
  const cases = [
    // [hash, the control pressed, how, the state reached, where the focus goes]
    ['layers=4,4,4,4,4,4,4', '.pg-layer-add', 'Enter', "document.querySelectorAll('.pg-col[data-layer]').length === 8", 'icon-btn pg-layer-del'],
    ['layers=4', '.pg-layer-del', 'Enter', "document.querySelector('.pg-layer-del').disabled", 'icon-btn pg-layer-add'],
    ['layers=4', '.pg-layer-del', 'click', "document.querySelector('.pg-layer-del').disabled", 'icon-btn pg-layer-add'],
    ['layers=3,63', '.pg-col[data-layer="1"] [data-width="plus"]', 'Enter', "document.querySelector('.pg-col[data-layer=\"1\"] .pg-width-n').textContent === '64'", 'icon-btn minus 1'],
    ['layers=2', '.pg-col[data-layer="0"] [data-width="minus"]', 'click', "document.querySelector('.pg-col[data-layer=\"0\"] .pg-width-n').textContent === '1'", 'icon-btn plus 0'],
    ['layers=4,4&act=relu,rrelu', '.pg-same', 'Enter', "document.querySelector('.pg-col[data-layer=\"1\"] .pg-act').value === 'relu'", 'pg-chip pg-same'],
    ['layers=4,4&act=leaky_relu,relu', '.pg-same', 'Enter', "document.querySelector('.pg-col[data-layer=\"1\"] .pg-act').value === 'leaky_relu'", 'pg-chip pg-same'],
  ];
  const shape = (page) => page.$$eval('.pg-width-n', (n) => n.map((e) => e.textContent).join(','));
  for (const [hash, control, how, reached, expected] of cases) {
    const page = await openPanel(env, 'playground', hash, { waitFor: PLAYGROUND });
    const params = await page.$$eval('.pg-param', (p) => p.length);
    const before = await shape(page);
    if (how === 'click') await page.click(control);
    else { await page.focus(control); await page.keyboard.press(how); }
    await page.waitForFunction(reached);
    await afterFrames(page, 3);
    assert.equal(await active(page), expected, `${hash}: ${how} on ${control}`);
    if (expected.includes('pg-same')) {
      assert.notEqual(await page.$$eval('.pg-param', (p) => p.length), params, 'parameter fields came or went');
    } else {
      // The keyboard goes on from there: Enter on the partner undoes the step.
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${control}:not([disabled])`);
      assert.equal(await shape(page), before, `${hash}: Enter on the partner goes back`);
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});
