// The <activation-lab> custom element on tutorial pages that load the bundle with two script
// tags (tests/browser/fixtures/, served next to a copy of dist/): it renders its panel, keeps
// its own language, state and styles beside other elements and the host page's CSS, follows
// attributes set from script, and reports the reader's changes in `state` and a change event.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setup, waitReady, canvasStats, elementFiles, addElement, DIST, ROOT } from './helpers.mjs';

const FIXTURES = path.join(ROOT, 'tests/browser/fixtures');
let env;
let dir;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'alab-tutorial-'));
  for (const f of await elementFiles()) await copyFile(path.join(DIST, f), path.join(dir, f));
  for (const f of await readdir(FIXTURES)) await copyFile(path.join(FIXTURES, f), path.join(dir, f));
  await copyFile(path.join(FIXTURES, 'tutorial.html'), path.join(dir, 'index.html'));
  env = await setup({ root: dir });
});
after(async () => {
  await env?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function openTwoLanguages() {
  const page = await env.newPage();
  await page.goto(`${env.base}two-languages.html`);
  for (const id of ['sm-en', 'sm-zh', 'curves-zh', 'curves-en', 'pg-en', 'pg-zh']) await waitReady(page, `#${id}[data-ready="1"]`);
  // rootOf(id): where element #id keeps its panel (its shadow root).
  await page.evaluate(() => { window.rootOf = (id) => document.getElementById(id).shadowRoot ?? document.getElementById(id); });
  return page;
}

const HAN = /[\u3400-\u9fff\uff01-\uff5e]/;

/** The text of each selector inside element #id (all matches joined), read in the page. */
function textsIn(page, id, selectors) {
  return page.evaluate(([id, selectors]) => {
    const root = rootOf(id);
    return selectors.map((s) => [...root.querySelectorAll(s)].map((n) => n.textContent).join(' '));
  }, [id, selectors]);
}

/** Every visible text of element #id (its shadow root). */
function allText(page, id) {
  return page.evaluate((id) => rootOf(id).textContent, id);
}

async function assertEnglish(page, id) {
  const text = await allText(page, id);
  assert.ok(text.length > 200, `${id} shows little text`);
  const han = text.match(new RegExp(`.{0,30}${HAN.source}.{0,30}`));
  assert.equal(han, null, `${id} shows Chinese: …${han && han[0]}…`);
}

async function assertChinese(page, id, selectors) {
  const texts = await textsIn(page, id, selectors);
  selectors.forEach((s, i) => assert.match(texts[i], HAN, `${id} ${s} is not Chinese: "${texts[i].slice(0, 80)}"`));
}

const scoreCount = (page, id) => page.evaluate((id) => rootOf(id).querySelectorAll('.sm-score').length, id);

async function addScore(page, id) {
  const n = await scoreCount(page, id);
  await page.click(`#${id} .sm-add`);
  await page.waitForFunction(([id, n]) => rootOf(id).querySelectorAll('.sm-score').length === n + 1, [id, n]);
}

const SOFTMAX_ZH = ['.panel-head h2', '.sm-add', '.claim-card', '.exp-chart-title', '.sm-table thead', '.sm-sum', '.sm-stable'];

test('<activation-lab panel="curves"> renders the panel inside a host page', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html`);
  await waitReady(page, 'activation-lab[data-ready="1"]');
  assert.deepEqual(await page.$$eval('activation-lab .fn-item', (els) => els.map((e) => e.dataset.fn)), ['relu', 'leaky_relu']);
  assert.equal(await page.$eval('activation-lab input[name="xmax"]', (e) => e.value), '3');
  assert.match(await page.$eval('activation-lab .panel-head h2', (e) => e.textContent), /激活函數/);
  assert.ok((await canvasStats(page, 'activation-lab canvas')).ink > 0.01);
  // The host page's URL is left alone; the element keeps its state in its state attribute.
  await page.focus('activation-lab input[data-param="leaky_relu.negative_slope"]');
  await page.keyboard.press('End');
  assert.match(await page.$eval('activation-lab', (e) => e.getAttribute('state')), /negative_slope:0\.5/);
  assert.equal(await page.$eval('activation-lab', (e) => e.dataset.state), await page.$eval('activation-lab', (e) => e.getAttribute('state')));
  // Asked of the page itself (page.url() can lag behind history.replaceState), after the change.
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.evaluate(() => document.body.dataset.hashSeq), undefined, 'the page wrote a hash');
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('two Softmax elements, English and Chinese: each keeps its language when the other is used', async () => {
  const page = await openTwoLanguages();
  await assertEnglish(page, 'sm-en');
  await assertChinese(page, 'sm-zh', SOFTMAX_ZH);
  // The first report of the bug: "+ Add a score" in the English one turned it Chinese.
  await addScore(page, 'sm-en');
  assert.equal(await scoreCount(page, 'sm-en'), 4);
  await assertEnglish(page, 'sm-en');
  await assertChinese(page, 'sm-zh', SOFTMAX_ZH);
  await addScore(page, 'sm-zh');
  await addScore(page, 'sm-zh');
  assert.equal(await scoreCount(page, 'sm-zh'), 5);
  assert.equal(await scoreCount(page, 'sm-en'), 4, 'the English element kept its own scores');
  await assertEnglish(page, 'sm-en');
  await assertChinese(page, 'sm-zh', SOFTMAX_ZH);
  // A bad score: the message comes in the element's own language.
  await page.fill('#sm-en input[name="sms0"]', 'abc');
  await page.press('#sm-en input[name="sms0"]', 'Enter');
  await page.fill('#sm-zh input[name="sms0"]', 'abc');
  await page.press('#sm-zh input[name="sms0"]', 'Enter');
  await assertEnglish(page, 'sm-en');
  await assertChinese(page, 'sm-zh', ['.sm-score-error']);
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('two Curves elements: adding a function in the Chinese one keeps it Chinese, the English one English', async () => {
  const page = await openTwoLanguages();
  // curves-zh has no lang attribute: it takes zh-Hant from the <section> around it.
  assert.equal(await page.evaluate(() => rootOf('curves-zh').querySelector('.alab-element').lang), 'zh-Hant');
  for (const id of ['curves-zh', 'curves-en']) {
    await page.selectOption(`#${id} .add-fn select`, 'elu');
    await page.waitForSelector(`#${id} .fn-card[data-fn="elu"]`);
  }
  await assertChinese(page, 'curves-zh', ['.panel-head h2', '.add-fn label', '.fn-card[data-fn="elu"] .about', '.fn-item[data-fn="elu"]', '.controls legend']);
  await assertEnglish(page, 'curves-en');
  assert.match(await page.$eval('#curves-zh', (e) => e.getAttribute('state')), /fn=relu,elu/);
  assert.match(await page.$eval('#curves-en', (e) => e.getAttribute('state')), /fn=relu,elu/);
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('two Playgrounds training at once on animation frames, each in its own language', async () => {
  const page = await openTwoLanguages();
  const step = (id) => page.evaluate((id) => Number(rootOf(id).querySelector('.panel-playground').dataset.step), id);
  await page.click('#pg-en .pg-play');
  await page.click('#pg-zh .pg-play');
  // While both loops run, the reader uses the other elements.
  await addScore(page, 'sm-zh');
  await addScore(page, 'sm-en');
  const both = (target) => page.waitForFunction((target) => ['pg-en', 'pg-zh'].every((id) => Number(rootOf(id).querySelector('.panel-playground').dataset.step) >= target), target);
  await both(300);
  const [en] = await textsIn(page, 'pg-en', ['.pg-counter']);
  const [zh] = await textsIn(page, 'pg-zh', ['.pg-counter']);
  assert.match(en, /^epoch [\d.]+ · step \d+$/, en);
  assert.match(zh, /^第 [\d.]+ 個訓練週期 · 第 \d+ 步$/, zh);
  await assertEnglish(page, 'pg-en');
  await assertChinese(page, 'pg-zh', ['.pg-play', '.pg-counter', '.pg-readouts', '.pg-net legend']);
  await assertEnglish(page, 'sm-en');
  await assertChinese(page, 'sm-zh', SOFTMAX_ZH);
  for (const id of ['pg-en', 'pg-zh']) {
    await page.click(`#${id} .pg-play`);
    await page.waitForFunction((id) => rootOf(id).querySelector('.pg-play').getAttribute('aria-pressed') === 'false', id);
  }
  assert.ok(await step('pg-en') >= 300 && await step('pg-zh') >= 300);
  await assertEnglish(page, 'pg-en');
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('the host page\'s CSS does not reach the element, and the element\'s CSS does not reach the page', async () => {
  const page = await openTwoLanguages();
  const inside = await page.evaluate(() => {
    const root = rootOf('sm-en');
    const cs = (sel) => getComputedStyle(root.querySelector(sel));
    const h2 = cs('.panel-head h2');
    const p = cs('.claim-text');
    const button = cs('.sm-add');
    return {
      h2Size: h2.fontSize, h2Colour: h2.color, family: p.fontFamily, align: p.textAlign, transform: p.textTransform,
      spacing: p.letterSpacing, wordSpacing: p.wordSpacing, style: p.fontStyle, lineHeight: cs('.alab-element').lineHeight,
      buttonBackground: button.backgroundColor, buttonBorder: button.borderTopStyle, canvas: cs('canvas').display,
      boxSizing: cs('.sm-score input.num').boxSizing, tableBorder: cs('.sm-table').borderTopWidth,
    };
  });
  assert.notEqual(inside.h2Size, '40px');
  assert.notEqual(inside.h2Colour, 'rgb(0, 128, 0)');
  assert.match(inside.family, /^system-ui/);
  assert.equal(inside.align, 'start');
  assert.equal(inside.transform, 'none');
  assert.equal(inside.spacing, 'normal');
  assert.equal(inside.wordSpacing, '0px');
  assert.equal(inside.style, 'normal');
  assert.equal(inside.lineHeight, `${16 * 1.55}px`);
  assert.notEqual(inside.buttonBackground, 'rgb(255, 105, 180)', 'hotpink buttons');
  assert.notEqual(inside.buttonBorder, 'dotted');
  assert.equal(inside.canvas, 'block');
  assert.equal(inside.boxSizing, 'border-box');
  assert.notEqual(inside.tableBorder, '5px');

  const outside = await page.evaluate(() => {
    const cs = (sel) => getComputedStyle(document.querySelector(sel));
    return {
      bodyMargin: cs('body').marginTop, bodyFont: cs('body').fontFamily, card: cs('#host-card').borderTopWidth,
      cardBackground: cs('#host-card').backgroundColor, buttonRadius: cs('#host-button').borderTopLeftRadius,
      buttonWeight: cs('#host-button').fontWeight, notice: cs('#host-notice').backgroundColor,
      noticePadding: cs('#host-notice').paddingLeft, heading: cs('#host-heading').fontSize,
      sheets: [...document.styleSheets].map((s) => s.href && new URL(s.href).pathname),
    };
  });
  assert.equal(outside.bodyMargin, '8px', 'the page keeps the browser\'s body margin');
  assert.match(outside.bodyFont, /Georgia/);
  assert.equal(outside.card, '0px', '.card of the page has no border');
  assert.equal(outside.cardBackground, 'rgba(0, 0, 0, 0)');
  assert.equal(outside.buttonRadius, '0px', '.btn of the page is not styled');
  assert.equal(outside.buttonWeight, '400');
  assert.equal(outside.notice, 'rgba(0, 0, 0, 0)', '.notice of the page is not styled');
  assert.equal(outside.noticePadding, '0px');
  assert.equal(outside.heading, '40px');
  assert.deepEqual(outside.sheets, ['/host.css'], 'the element added no stylesheet to the page');
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('attributes set from script: lang, state and panel re-render the element, without a change event', async () => {
  const page = await openTwoLanguages();
  await page.evaluate(() => {
    window.changes = [];
    for (const e of document.querySelectorAll('activation-lab')) e.addEventListener('change', (ev) => window.changes.push(ev.detail));
  });
  const h2 = (id) => page.evaluate((id) => rootOf(id).querySelector('.panel-head h2').textContent, id);

  await addScore(page, 'sm-en');
  assert.equal(await page.evaluate(() => window.changes.length), 1, 'the reader\'s change fired one event');
  const kept = await page.$eval('#sm-en', (e) => e.getAttribute('state'));
  assert.match(kept, /sms=2,1,0\.1,0/);

  await page.$eval('#sm-en', (e) => e.setAttribute('lang', 'zh'));
  await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(rootOf('sm-en').querySelector('.panel-head h2').textContent));
  await assertChinese(page, 'sm-en', SOFTMAX_ZH);
  assert.equal(await scoreCount(page, 'sm-en'), 4, 'the settings survive a language change');
  assert.equal(await page.$eval('#sm-en', (e) => e.getAttribute('state')), kept);
  await page.$eval('#sm-en', (e) => e.setAttribute('lang', 'en'));
  await page.waitForFunction(() => !/[\u4e00-\u9fff]/.test(rootOf('sm-en').querySelector('.panel-head h2').textContent));
  await assertEnglish(page, 'sm-en');

  await page.$eval('#sm-en', (e) => e.setAttribute('state', 'sms=5,4,3,2,1,0&smv=softmin'));
  await page.waitForFunction(() => rootOf('sm-en').querySelectorAll('.sm-score').length === 6);
  assert.equal(await page.$eval('#sm-en input[value="softmin"]', (e) => e.checked), true);
  assert.equal(await page.$eval('#sm-en', (e) => e.getAttribute('state')), 'sms=5,4,3,2,1,0&smv=softmin');

  await page.$eval('#curves-en', (e) => e.setAttribute('panel', 'regions'));
  await page.waitForSelector('#curves-en .panel-regions');
  assert.equal(await page.$('#curves-en .panel-curves'), null);
  assert.match(await h2('curves-en'), /regions/i);

  assert.equal(await page.evaluate(() => window.changes.length), 1, 'changes made by script fired no event');
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('a reader\'s change fires change with the new state, which opens the same view in a new element', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html`);
  await waitReady(page, 'activation-lab[data-ready="1"]');
  await page.evaluate(() => {
    window.firstChange = new Promise((resolve) => {
      document.querySelector('activation-lab').addEventListener('change', (e) => resolve({
        detail: e.detail, isCustom: e instanceof CustomEvent, attribute: e.target.getAttribute('state'),
      }), { once: true });
    });
  });
  await page.focus('activation-lab input[data-param="leaky_relu.negative_slope"]');
  await page.keyboard.press('End');
  const { detail, isCustom, attribute } = await page.evaluate(() => window.firstChange);
  assert.ok(isCustom);
  assert.equal(detail.panel, 'curves');
  assert.match(detail.state, /fn=relu,leaky_relu/);
  assert.match(detail.state, /par=leaky_relu\.negative_slope:0\.5/);
  assert.equal(detail.state, attribute, 'the attribute is written before the event');
  assert.doesNotMatch(detail.state, /(^|&)(lang|panel)=/);

  // The state text is a link: a new element given it shows the same settings.
  await page.evaluate((state) => {
    const copy = document.createElement('activation-lab');
    copy.id = 'copy';
    copy.setAttribute('panel', 'curves');
    copy.setAttribute('state', state);
    document.body.append(copy);
  }, detail.state);
  await waitReady(page, '#copy[data-ready="1"]');
  assert.equal(await page.$eval('#copy input[data-param="leaky_relu.negative_slope"]', (e) => e.value), '0.5');
  assert.equal(await page.$eval('#copy', (e) => e.getAttribute('state')), detail.state);
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('from file:// the element finds its stylesheet next to app.js and draws', async () => {
  const page = await env.newPage();
  await page.goto(pathToFileURL(path.join(dir, 'tutorial.html')).href);
  await waitReady(page, 'activation-lab[data-ready="1"]');
  const { href, border } = await page.$eval('activation-lab', (e) => ({
    href: e.shadowRoot.querySelector('link[rel="stylesheet"]').href,
    border: getComputedStyle(e.shadowRoot.querySelector('.controls')).borderTopStyle,
  }));
  assert.equal(href, pathToFileURL(path.join(dir, 'style.css')).href);
  assert.equal(border, 'solid', 'the stylesheet applies');
  assert.ok((await canvasStats(page, 'activation-lab canvas')).ink > 0.01);
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('a panel attribute naming no panel, and a state attribute partly not understood, get the page\'s notices and a console warning', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html`);
  await waitReady(page, 'activation-lab[data-ready="1"]');
  await addElement(page, { id: 'odd', panel: 'bogus', lang: 'en', state: 'fn=relu&xmin=abc&ymax=1e9' });
  const notices = () => page.$$eval('#odd .notice', (ns) => ns.map((n) => n.textContent.replace(/×$/, '')));
  assert.deepEqual(await notices(), [
    'There is no panel called “bogus”; showing Curves instead.',
    'Part of the link was not understood and was ignored or adjusted: xmin, ymax.',
  ]);
  assert.ok(await page.$('#odd .panel-curves'), 'it shows Curves');
  assert.deepEqual(page.problems, [
    'console.warning: <activation-lab>: there is no panel called "bogus"; showing curves instead.',
    'console.warning: <activation-lab>: part of the state attribute was not understood and was ignored or adjusted: xmin, ymax.',
  ]);
  page.problems.length = 0;
  // The cleaned state is written back; the notices stay (in the element's language) until dismissed.
  assert.equal(await page.$eval('#odd', (e) => e.getAttribute('state')), 'fn=relu&ymax=1000');
  await page.evaluate(() => document.getElementById('odd').setAttribute('lang', 'zh'));
  await page.waitForFunction(() => document.getElementById('odd').shadowRoot.querySelector('.notice')?.textContent.startsWith('沒有'));
  assert.deepEqual(await notices(), ['沒有名為「bogus」的面板，改為顯示「函數曲線」。', '連結中有部分內容無法解讀，已略過或調整：xmin, ymax。']);
  for (const b of await page.$$('#odd .notice .dismiss')) await b.click();
  assert.deepEqual(await notices(), []);
  await page.evaluate(() => document.getElementById('odd').setAttribute('lang', 'en'));
  await page.waitForFunction(() => document.getElementById('odd').shadowRoot.querySelector('.panel-curves h2')?.textContent.startsWith('Activation'));
  assert.deepEqual(await notices(), [], 'dismissed notices stay away');
  // A known panel and a clean state: no notice, no warning.
  await page.evaluate(() => { const e = document.getElementById('odd'); e.setAttribute('panel', 'softmax'); e.setAttribute('state', 'sms=1,2'); });
  await waitReady(page, '#odd .panel-softmax[data-ready="1"]');
  assert.deepEqual(await notices(), []);
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});
