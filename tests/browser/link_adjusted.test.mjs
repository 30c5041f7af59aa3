// Values of a link that the panel (not the hash's table) has to clamp or drop get the same
// notice as any other part of the link not understood, in the page's language, and the
// corrected value is written back to the link: a Curves parameter outside its slider range,
// a Regions point outside the data box (the issue: slope 1e308 became 0.5 and a point at
// x = 1e300 was kept in the link but never shown, both without a word). The element's state
// attribute likewise.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPanel, flushedHash, waitReady, addElement, PANEL_READY } from './helpers.mjs';
import { translator } from '../../web/src/i18n.js';

let env;
browserSuite((s) => ({ env } = s));

const NOTICE = {
  en: (keys) => `Part of the link was not understood and was ignored or adjusted: ${keys}.`,
  zh: (keys) => `連結中有部分內容無法解讀，已略過或調整：${keys}。`,
};
// A page to put <activation-lab> elements on: index.html on another panel, ready.
async function hostPage() {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html#panel=softmax&lang=en`);
  await waitReady(page);
  return page;
}
const notices = (page) => page.$$eval('main > .notice', (ns) => ns.map((n) => n.querySelector('span').textContent));

for (const lang of ['en', 'zh']) {
  test(`curves (${lang}): parameters outside their slider range are clamped, noted and written back`, async () => {
    const page = await openPanel(env, 'curves', 'fn=leaky_relu,elu&par=leaky_relu.negative_slope:1e308,elu.alpha:-1e9', { lang, waitFor: PANEL_READY.curves });
    assert.deepEqual(await notices(page), [NOTICE[lang]('par')]);
    assert.equal(await page.$eval('input[data-param="leaky_relu.negative_slope"]', (i) => i.value), '0.5');
    assert.equal(await page.$eval('input[data-param="elu.alpha"]', (i) => i.value), '0');
    assert.match(await flushedHash(page), /(^|&)par=elu\.alpha:0,leaky_relu\.negative_slope:0\.5(&|$)/);
    // A language switch keeps the notice (until dismissed), now in the other language.
    const other = lang === 'en' ? 'zh' : 'en';
    await page.click(`.lang-btn[data-lang="${other}"]`);
    await page.waitForSelector(`html[lang="${other === 'zh' ? 'zh-Hant' : 'en'}"] ${PANEL_READY.curves}`);
    assert.deepEqual(await notices(page), [NOTICE[other]('par')]);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test('curves: values inside the range, and a parameter named by its alias, open without a notice', async () => {
  const page = await openPanel(env, 'curves', 'fn=leaky_relu,elu&par=leaky_relu.alpha:0.2,elu.alpha:2', { waitFor: PANEL_READY.curves });
  assert.deepEqual(await notices(page), []);
  assert.equal(await page.$eval('input[data-param="leaky_relu.negative_slope"]', (i) => i.value), '0.2');
  assert.equal(await page.$eval('input[data-param="elu.alpha"]', (i) => i.value), '2');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('curves: a parameter no function of the catalogue has is dropped with the notice', async () => {
  const page = await openPanel(env, 'curves', 'fn=relu&par=relu.slope:2', { waitFor: PANEL_READY.curves });
  assert.deepEqual(await notices(page), [NOTICE.en('par')]);
  assert.doesNotMatch(await flushedHash(page), /par=/);
  await page.close();
});

for (const lang of ['en', 'zh']) {
  test(`regions (${lang}): a point outside the data box is moved onto its edge, shown, noted and written back`, async () => {
    const page = await openPanel(env, 'regions', 'rpt=a.x:1e300,a.y:0.5,b.x:-2,b.y:-1e9', { lang, waitFor: PANEL_READY.regions });
    await page.waitForSelector('.rg-point-a');
    assert.deepEqual(await notices(page), [NOTICE[lang]('rpt')]);
    const point = (w) => page.$eval(`.rg-point-${w}`, (c) => JSON.parse(c.dataset.point));
    assert.deepEqual(await point('a'), [6, 0.5]);
    assert.deepEqual(await point('b'), [-2, -6]);
    assert.match(await flushedHash(page), /(^|&)rpt=a\.x:6,a\.y:0\.5,b\.x:-2,b\.y:-6(&|$)/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test('regions: points inside the box open without a notice', async () => {
  const page = await openPanel(env, 'regions', 'rpt=a.x:6,a.y:-6,b.x:1.5,b.y:2', { waitFor: PANEL_READY.regions });
  await page.waitForSelector('.rg-point-b');
  assert.deepEqual(await notices(page), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('<activation-lab>: a parameter out of range in the state attribute gets the notice and a warning', async () => {
  const page = await hostPage();
  await addElement(page, { id: 'el', panel: 'curves', lang: 'en', state: 'fn=elu&par=elu.alpha:-1e9' });
  assert.deepEqual(await page.$$eval('#el .notice', (ns) => ns.map((n) => n.querySelector('span').textContent)), [NOTICE.en('par')]);
  assert.equal(await page.$eval('#el', (e) => e.getAttribute('state')), 'fn=elu&par=elu.alpha:0');
  assert.deepEqual(page.problems, ['console.warning: <activation-lab>: part of the state attribute was adjusted: par.']);
  await page.close();
});

for (const lang of ['en', 'zh']) {
  test(`a link too long to read (${lang}) still opens its panel in its language, and says why the rest was not read`, async () => {
    const filler = 'y'.repeat(4100);
    const page = await openPanel(env, 'regions', `ract=tanh&note=${filler}`, { lang, waitFor: PANEL_READY.regions });
    const n = `panel=regions&lang=${lang}&ract=tanh&note=${filler}`.length.toLocaleString('en-US');
    assert.deepEqual(await notices(page), [lang === 'en'
      ? `This link is too long (${n} characters after #, at most 4,000): only its panel and language were read.`
      : `這個連結太長（# 之後有 ${n} 個字元，上限為 4,000）：只讀取了它的面板與語言。`]);
    // Nothing else of it was read: the panel's own activation, not the link's tanh.
    assert.equal(await page.$eval('html', (h) => h.lang), lang === 'zh' ? 'zh-Hant' : 'en');
    assert.doesNotMatch(await flushedHash(page), /ract=tanh/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

// The Regions sub-views check their own fields against the network shown: the layer (rk), the
// two neurons of the warped plane (ru, never one neuron on both axes) and the theory's N (rn).
const SUBVIEW = {
  layers: '.panel-regions[data-view="layers"][data-layer-counts][data-warp]',
  theory: '.panel-regions[data-view="theory"][data-theory]',
};
const regionsData = (page, key) => page.$eval('.panel-regions', (s, k) => JSON.parse(s.dataset[k]), key);

for (const lang of ['en', 'zh']) {
  test(`regions sub-views (${lang}): a layer, a pair of neurons or an N the view cannot show is adjusted, noted and written back`, async () => {
    // The default net has 2 hidden layers of 8: neurons 64 and 64 become 8 and 7.
    let page = await openPanel(env, 'regions', 'rv=layers&ru=64,64', { lang, waitFor: SUBVIEW.layers });
    assert.deepEqual(await notices(page), [NOTICE[lang]('ru')]);
    assert.deepEqual((await regionsData(page, 'warp')).units, [8, 7]);
    assert.deepEqual(await page.$$eval('.rg-pair select', (ss) => ss.map((s) => Number(s.value))), [7, 6]);
    assert.match(await flushedHash(page), /(^|&)ru=8,7(&|$)/);
    // Choosing for one axis the other axis's neuron swaps them: never one neuron on both axes.
    await page.selectOption('.rg-pair .rg-field:nth-child(2) select', '7');
    await page.waitForFunction(() => JSON.parse(document.querySelector('.panel-regions').dataset.warp).units[1] === 8);
    assert.deepEqual((await regionsData(page, 'warp')).units, [7, 8]);
    assert.match(await flushedHash(page), /(^|&)ru=7,8(&|$)/);
    assert.deepEqual(page.problems, []);
    await page.close();

    // Layer 7 of a net of 3 hidden layers: layer 3.
    page = await openPanel(env, 'regions', 'rv=layers&rk=7&rd=3', { lang, waitFor: SUBVIEW.layers });
    assert.deepEqual(await notices(page), [NOTICE[lang]('rk')]);
    assert.equal(await page.$eval('.rg-view input[type="range"]', (r) => r.value), '3');
    assert.equal((await regionsData(page, 'warp')).k, 3);
    assert.match(await flushedHash(page), /(^|&)rk=3(&|$)/);
    assert.deepEqual(page.problems, []);
    await page.close();

    page = await openPanel(env, 'regions', 'rv=theory&rn=13', { lang, waitFor: SUBVIEW.theory });
    assert.deepEqual(await notices(page), [NOTICE[lang]('rn')]);
    assert.equal((await regionsData(page, 'theory')).n, 12);
    assert.equal(await page.$eval('.rg-view select', (s) => s.value), '12');
    assert.match(await flushedHash(page), /(^|&)rn=12(&|$)/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test('regions sub-views: values they can show, and a default layer the net is too shallow for, open without a notice', async () => {
  for (const hash of ['rv=layers&rk=2&ru=3,5', 'rv=layers&rd=1', 'rv=theory&rn=36']) {
    const page = await openPanel(env, 'regions', hash, { waitFor: SUBVIEW[hash.includes('theory') ? 'theory' : 'layers'] });
    assert.deepEqual(await notices(page), [], hash);
    if (hash === 'rv=layers&rk=2&ru=3,5') assert.deepEqual((await regionsData(page, 'warp')).units, [3, 5]);
    if (hash === 'rv=layers&rd=1') assert.equal((await regionsData(page, 'warp')).k, 1);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
});

test('<activation-lab>: a theory N between the budgets in the state attribute is shown as the nearest, noted and written back', async () => {
  const page = await hostPage();
  await addElement(page, { id: 'el', panel: 'regions', lang: 'en', state: 'rv=theory&rn=13' });
  await page.waitForSelector(`#el ${SUBVIEW.theory}`);
  assert.deepEqual(await page.$$eval('#el .notice', (ns) => ns.map((n) => n.querySelector('span').textContent)), [NOTICE.en('rn')]);
  assert.equal(await page.$eval('#el', (e) => e.getAttribute('state')), 'rv=theory&rn=12');
  assert.deepEqual(page.problems, ['console.warning: <activation-lab>: part of the state attribute was adjusted: rn.']);
  await page.close();
});

for (const lang of ['en', 'zh']) {
  test(`regions (${lang}): the Playground's net from a link with an unknown activation is built as the Playground builds it, noted and written back`, async () => {
    const page = await openPanel(env, 'regions', 'rsrc=pg&layers=8,8&act=evil,relu', { lang, waitFor: PANEL_READY.regions });
    // The Playground replaces the unknown name by the next known one: relu, relu. Before, the
    // name reached the core: a raw error listing its identifiers and no cells.
    assert.deepEqual(await notices(page), [NOTICE[lang]('act')]);
    assert.equal(await page.$eval('.panel-regions .rg-alert', (a) => a.hidden || !a.textContent), true);
    assert.match(await flushedHash(page), /(^|&)act=relu,relu(&|$)/);
    const count = await page.$eval('.panel-regions', (p) => Number(p.dataset.regions));
    assert.ok(count > 1, `cells: ${count}`);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

// What the Regions panel dropped or changed of a link without a word: a point with one
// coordinate on a 2-D net (never shown), items of rpt past the four it holds, a parameter of
// the Playground's net moved into its slider's range.
for (const lang of ['en', 'zh']) {
  test(`regions (${lang}): a one-coordinate point on a 2-D net, a point map with too many items, a Playground parameter out of range: noted and written back`, async () => {
    const empty = '.panel-regions:not([data-cards-pending]) .rg-side .rg-empty';
    for (const rpt of ['a.x:4', 'a.x:1,a.x:2,a.x:3,a.x:4,a.x:5,b.x:0']) {
      const page = await openPanel(env, 'regions', `rpt=${rpt}`, { lang, waitFor: PANEL_READY.regions });
      await page.waitForSelector(empty);
      assert.deepEqual(await notices(page), [NOTICE[lang]('rpt')], rpt);
      assert.doesNotMatch(await flushedHash(page), /rpt=/, rpt);
      assert.deepEqual(page.problems, []);
      await page.close();
    }
    const page = await openPanel(env, 'regions', 'rsrc=pg&layers=8&act=leaky_relu&apar=l1.negative_slope:1e308', { lang, waitFor: PANEL_READY.regions });
    assert.deepEqual(await notices(page), [NOTICE[lang]('apar')]);
    assert.match(await flushedHash(page), /(^|&)apar=l1\.negative_slope:0\.5(&|$)/);
    assert.ok(await page.$eval('.panel-regions', (p) => Number(p.dataset.regions)) > 1);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

for (const lang of ['en', 'zh']) {
  test(`playground (${lang}): a parameter out of its slider's range is noted and written back; one in range opens without a notice`, async () => {
    let page = await openPanel(env, 'playground', 'layers=8&act=leaky_relu&apar=l1.negative_slope:1e308', { lang, waitFor: PANEL_READY.playground });
    assert.deepEqual(await notices(page), [NOTICE[lang]('apar')]);
    assert.match(await flushedHash(page), /(^|&)apar=l1\.negative_slope:0\.5(&|$)/);
    assert.deepEqual(page.problems, []);
    await page.close();
    page = await openPanel(env, 'playground', 'layers=8&act=leaky_relu&apar=l1.negative_slope:0.2', { lang, waitFor: PANEL_READY.playground });
    assert.deepEqual(await notices(page), []);
    assert.match(await flushedHash(page), /(^|&)apar=l1\.negative_slope:0\.2(&|$)/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test('regions: a one-coordinate point on a 1-D net, and a parameter in range, open as before without a notice', async () => {
  let page = await openPanel(env, 'regions', 'rds=sin&rpt=a.x:1.5', { waitFor: '.rg-point-a' });
  assert.deepEqual(await page.$eval('.rg-point-a', (c) => JSON.parse(c.dataset.point)), [1.5]);
  assert.deepEqual(await notices(page), []);
  assert.match(await flushedHash(page), /(^|&)rpt=a\.x:1\.5(&|$)/);
  assert.deepEqual(page.problems, []);
  await page.close();
  page = await openPanel(env, 'regions', 'rsrc=pg&layers=8&act=leaky_relu&apar=l1.negative_slope:0.2', { waitFor: PANEL_READY.regions });
  assert.deepEqual(await notices(page), []);
  assert.match(await flushedHash(page), /(^|&)apar=l1\.negative_slope:0\.2(&|$)/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

// The layer view of a net without hidden layers (the Playground's can have none) shows no
// layer 0 and writes no rk: the hash's table would refuse rk=0 on the next opening.
for (const lang of ['en', 'zh']) {
  test(`regions layer view (${lang}): a net with no hidden layer says there is no layer to show and writes no layer to the link`, async () => {
    const { t } = translator(lang);
    const ready = '.panel-regions[data-view="layers"][data-layer-counts]';
    const page = await openPanel(env, 'regions', 'rsrc=pg&layers=&act=&rv=layers', { lang, waitFor: ready });
    const seen = () => page.$eval('.rg-view', (v) => ({
      none: v.querySelector('.rg-ly-none').hidden ? null : v.querySelector('.rg-ly-none').textContent,
      stepper: v.querySelector('input[type="range"]').getClientRects().length > 0,
      text: v.innerText,
    }));
    let v = await seen();
    assert.equal(v.none, t('rg.ly.none'));
    assert.equal(v.stepper, false, 'no stepper over no layers');
    assert.ok(!v.text.includes(t('rg.ly.step', { k: 0, L: 0 })), v.text);
    assert.doesNotMatch(await flushedHash(page), /(^|&)rk=/);
    assert.deepEqual(await notices(page), []);
    // Opened again from the link it wrote: nothing in it to reject.
    await page.reload();
    await waitReady(page);
    await page.waitForSelector(ready);
    assert.deepEqual(await notices(page), []);
    v = await seen();
    assert.equal(v.none, t('rg.ly.none'));
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

// Only the link as opened is repaired: a layer or neurons the net shown cannot have are
// clamped on screen while the reader's choice stays in the state, for a later net that has them.
const setLayer = (page, k) => page.$eval('.rg-view input[type="range"]', (r, v) => { r.value = String(v); r.dispatchEvent(new Event('input')); }, k);
const setDepth = (page, d) => page.$eval('input[name="rd"]', (i, v) => { i.value = String(v); i.dispatchEvent(new Event('change')); }, d);
const layerCounts = (page, n) => page.waitForFunction((m) => {
  const c = document.querySelector('.panel-regions[data-view="layers"]')?.dataset.layerCounts;
  return c !== undefined && JSON.parse(c).length === m;
}, n);

test('regions layer view: a shallower net meanwhile shows its last layer and keeps the layer the reader chose', async () => {
  const page = await openPanel(env, 'regions', 'rv=layers&rd=3&rk=3', { waitFor: SUBVIEW.layers });
  await setDepth(page, 1);
  await layerCounts(page, 1);
  assert.equal(await page.$eval('.rg-view input[type="range"]', (r) => r.value), '1');
  assert.match(await flushedHash(page), /(^|&)rk=3(&|$)/);
  await setDepth(page, 3);
  await layerCounts(page, 3);
  assert.equal(await page.$eval('.rg-view input[type="range"]', (r) => r.value), '3');
  assert.equal(await page.$eval('.rg-ly-counts .on', (li) => [...li.parentNode.children].indexOf(li)), 2);
  assert.match(await flushedHash(page), /(^|&)rk=3(&|$)/);
  assert.deepEqual(await notices(page), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('regions layer view: a narrower layer meanwhile shows neurons it has and keeps the pair the reader chose', async () => {
  const page = await openPanel(env, 'regions', 'rsrc=pg&layers=64,8&act=relu,relu&rv=layers&rk=1&ru=30,40', { waitFor: SUBVIEW.layers });
  const warp = () => regionsData(page, 'warp');
  assert.deepEqual(await warp().then((w) => [w.k, w.units]), [1, [30, 40]]);
  await setLayer(page, 2);
  await page.waitForFunction(() => JSON.parse(document.querySelector('.panel-regions').dataset.warp).k === 2);
  assert.deepEqual((await warp()).units, [8, 7]);
  assert.match(await flushedHash(page), /(^|&)ru=30,40(&|$)/);
  await setLayer(page, 1);
  await page.waitForFunction(() => JSON.parse(document.querySelector('.panel-regions').dataset.warp).k === 1);
  assert.deepEqual((await warp()).units, [30, 40]);
  assert.deepEqual(await page.$$eval('.rg-pair select', (ss) => ss.map((s) => Number(s.value) + 1)), [30, 40]);
  assert.match(await flushedHash(page), /(^|&)ru=30,40(&|$)/);
  assert.deepEqual(await notices(page), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('regions layer view: after a language switch the reader\'s layer is not taken for the link\'s, so no notice', async () => {
  const page = await openPanel(env, 'regions', 'rv=layers&rd=3', { waitFor: SUBVIEW.layers });
  await setLayer(page, 3);
  await page.click('.rg-views input[value="partition"]');
  await setDepth(page, 1);   // (the state has it at once: the language switch builds the panel again from it)
  await page.click('.lang-btn[data-lang="zh"]');
  await page.waitForSelector(`html[lang="zh-Hant"] ${PANEL_READY.regions}`);
  await page.click('.rg-views input[value="layers"]');
  await layerCounts(page, 1);
  assert.equal(await page.$eval('.rg-view input[type="range"]', (r) => r.value), '1');
  assert.deepEqual(await notices(page), []);
  assert.match(await flushedHash(page), /(^|&)rk=3(&|$)/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('<activation-lab>: the neurons of its state attribute repaired after the warped plane is made fire no change event; a reader\'s choice does', async () => {
  const page = await hostPage();
  await page.evaluate(() => {
    window.changes = [];
    const e = document.createElement('activation-lab');
    e.addEventListener('change', (ev) => window.changes.push(ev.detail));
    for (const [k, v] of Object.entries({ id: 'el', panel: 'regions', lang: 'en', state: 'rv=layers&ru=64,64' })) e.setAttribute(k, v);
    document.body.append(e);
  });
  await page.waitForSelector(`#el ${SUBVIEW.layers}`);
  assert.equal(await page.$eval('#el', (e) => e.getAttribute('state')), 'rv=layers&ru=8,7');
  assert.deepEqual(await page.$$eval('#el .notice.link-issue', (ns) => ns.map((n) => n.querySelector('span').textContent)), [NOTICE.en('ru')]);
  assert.deepEqual(await page.evaluate(() => window.changes), []);
  await page.selectOption('#el .rg-pair select >> nth=0', '2');
  assert.deepEqual(await page.evaluate(() => window.changes), [{ state: 'rv=layers&ru=3,7', panel: 'regions' }]);
  assert.deepEqual(page.problems, ['console.warning: <activation-lab>: part of the state attribute was adjusted: ru.']);
  await page.close();
});
