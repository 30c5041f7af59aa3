// web/src/i18n.js in node: English and Traditional Chinese have the same strings with the
// same placeholders, every catalogue entry of the WASM core has its texts, and a host's words
// come from its own translator.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STRINGS, translator, langCode, fmt } from '../../web/src/i18n.js';
import { lessonPoints } from '../../web/src/lesson_notes.js';
import { loadEngine } from '../../tools/core-loader.mjs';

// The names a string fills: its {name}, {name, number} and {name, sup} placeholders (also
// those inside plural forms) and the names its plural choices ({name, plural, one {…} =1 {…}
// other {… {name} …}}) count, each once.
const NAMES = /\{(\w+)(?:, (?:number|sup))?\}/g;
const placeholders = (s) => {
  const plurals = [...s.matchAll(/\{(\w+), plural,((?:\s*=?\w+\s*\{(?:[^{}]|\{\w+(?:, \w+)?\})*\})+)\s*\}/g)];
  const rest = plurals.reduce((text, m) => text.replace(m[0], ''), s);
  const inForms = plurals.flatMap((m) => [...m[2].matchAll(/\{((?:[^{}]|\{\w+(?:, \w+)?\})*)\}/g)].flatMap((f) => [...f[1].matchAll(NAMES)].map((n) => n[1])));
  return [...new Set([...plurals.map((m) => m[1]), ...inForms, ...[...rest.matchAll(NAMES)].map((m) => m[1])])].sort();
};

test('both languages have the same keys and placeholders', () => {
  const en = Object.keys(STRINGS.en).sort();
  const zh = Object.keys(STRINGS.zh).sort();
  assert.deepEqual(en.filter((k) => !zh.includes(k)), [], 'missing in zh');
  assert.deepEqual(zh.filter((k) => !en.includes(k)), [], 'missing in en');
  for (const k of en) assert.deepEqual(placeholders(STRINGS.zh[k]), placeholders(STRINGS.en[k]), k);
});

test('plural forms follow the count: a number, or the items of a list written out', () => {
  const en = translator('en');
  const zh = translator('zh');
  const stay = (t, r) => t('dead.found.stay', { k: r === 1 ? 1 : 5, mid: 100, end: 200, r, p: '80%' });
  assert.match(stay(en.t, 1), /of the 1 ReLU neuron dead at step 100 \(all runs\), 1 was alive again at step 200;/);
  assert.match(stay(en.t, 0), /of the 5 ReLU neurons dead .* 0 were alive again/);
  assert.match(stay(en.t, 2), /of the 5 ReLU neurons dead .* 2 were alive again/);
  assert.match(en.t('dead.found.leakyStay', { k: 3, mid: 1, end: 2, r: 1, p: '', rp: '' }), /3 Leaky ReLU neurons never positive .* 1 was positive again/);
  assert.equal(en.t('pg.csvBad1', { lines: '12' }), 'Not added: line 12 is not two numbers “x,y”. Fix it and try again.');
  assert.equal(en.t('pg.csvBad2', { lines: '3, 7', k: 2 }), 'Not added: lines 3, 7 are not “x,y,label” with a label from 0 to 2. Fix them and try again.');
  assert.equal(en.t('pg.csvBad2', { lines: '4', k: 1 }), 'Not added: line 4 is not “x,y,label” with a label from 0 to 1. Fix it and try again.');
  // The Playground's counts of own points, layers and neurons; a form may hold placeholders.
  assert.equal(en.t('pg.ownCount', { n: 1 }), '1 own point (it joins the training set)');
  assert.equal(en.t('pg.ownCount', { n: 12 }), '12 own points (they join the training set)');
  assert.equal(en.t('pg.confirmClear', { n: 1 }), 'Delete your 1 point? This cannot be undone.');
  assert.equal(en.t('pg.confirmSwitch', { n: 3 }), 'Switching the dataset deletes your 3 own points. Continue?');
  assert.deepEqual([0, 1, 2].map((n) => en.t('pg.hiddenLayers', { n })), ['0 hidden layers', '1 hidden layer', '2 hidden layers']);
  assert.equal(en.t('pg.neuronsLabel', { l: 2, n: 1 }), 'Layer 2: 1 neuron');
  assert.match(en.t('pg.note.linear', { n: 1 }), /^The hidden layer is the identity: the network amounts to one matrix/);
  assert.match(en.t('pg.note.linear', { n: 3 }), /^Every hidden layer is the identity: the 3 layers multiply out/);
  // Chinese has one form, and "=1" words a sentence differently for exactly one.
  assert.equal(zh.t('pg.csvBad1', { lines: '12' }), '未加入：第 12 行不是兩個數字「x,y」。請修正後再試。');
  assert.equal(zh.t('pg.ownCount', { n: 1 }), '自訂資料點 1 個（併入訓練集）');
  assert.match(zh.t('pg.note.linear', { n: 1 }), /^唯一的隱藏層是恆等函數：/);
  assert.match(zh.t('pg.note.linear', { n: 3 }), /^每個隱藏層都是恆等函數：這 3 層相乘後/);
  assert.match(zh.t('rg.identity', { layers: 1, n: 1 }), /^唯一的隱藏層.*只有 1 個區域/);
  assert.match(en.t('rg.identity', { layers: 2, n: 1 }), /^Every hidden layer is the identity, so the 2 layers .* is 1 region/);
  // No plural syntax is left in any string of either language, for one and for more.
  for (const lang of ['en', 'zh']) {
    const { t } = translator(lang);
    for (const key of Object.keys(STRINGS[lang])) {
      for (const v of [1, 2]) {
        const vars = Object.fromEntries(placeholders(STRINGS[lang][key]).map((n) => [n, v]));
        assert.doesNotMatch(t(key, vars), /\{\w+, (plural|number|sup)|\{\w+\}/, `${lang} ${key}`);
      }
    }
  }
});

test('counts are grouped by the language\'s rules, exponents set as superscripts', () => {
  const en = translator('en');
  const zh = translator('zh');
  const done = { n: 12, bound: 1771561n, d: 6, lo: 40, hi: 1019.3 };
  assert.equal(en.t('rg.th.done', done), 'N = 12: the bound allows up to 1,771,561 cells (6 layers); the random networks make 40 to 1,019.3 cells on average (the mean of 3 networks at each depth).');
  assert.equal(en.t('rg.ly.count', { k: 8, n: 31528 }), 'layer 8: 31,528 cells');
  assert.equal(zh.t('rg.ly.count', { k: 8, n: 31528 }), '第 8 層：31,528 個區域');
  assert.equal(en.t('rg.th.done', { ...done, bound: '123456789012345678901' }).match(/up to (\S+) cells/)[1], '123,456,789,012,345,678,901', 'exact beyond 2^53');
  assert.match(zh.t('rg.th.done', done), /最多允許 1,771,561 個區域/);
  assert.match(en.t('rg.th.saw', { L: 4, p: 16, q: 16 }), /the output has 16 straight pieces on \[0, 1\], exactly 2⁴ = 16,/);
  assert.match(zh.t('rg.th.saw', { L: 12, p: 4096, q: 4096 }), /有 4,096 段直線，正好是 2¹² = 4,096，/);
});

test('the Chinese text is Traditional and uses the agreed terms', () => {
  const all = Object.values(STRINGS.zh).join('\n');
  for (const term of ['激活函數', '神經元', '梯度消失', '飽和', '零中心', '學習率']) assert.ok(all.includes(term), term);
  for (const simplified of ['激活函数', '神经', '梯度消失问题', '饱和', '学习率', '网络']) assert.ok(!all.includes(simplified), simplified);
});

test('every catalogue entry has a name, a description and lesson points in both languages', async () => {
  const engine = await loadEngine();
  for (const info of engine.activations()) {
    assert.notEqual(translator('en').fnName(info.name), undefined);
    for (const lang of ['en', 'zh']) {
      assert.ok(STRINGS[lang][`about.${info.name}`], `about.${info.name} (${lang})`);
      const { t } = translator(lang);
      const params = Object.fromEntries(info.params.map((p) => [p.name, p.default]));
      for (const p of info.params) assert.ok(STRINGS[lang][`param.${p.name}`], `param.${p.name} (${lang})`);
      for (const point of lessonPoints(info, params, true)) {
        assert.ok(STRINGS[lang][point.key], `${point.key} (${lang})`);
        assert.doesNotMatch(t(point.key, point.vars), /\{\w+\}/, `unfilled placeholder in ${point.key}`);
      }
    }
  }
});

test('numbers are shown with a real minus sign and at most 4 significant digits', () => {
  assert.equal(fmt(-0.5), '−0.5');
  assert.equal(fmt(1 / 3), '0.3333');
  assert.equal(fmt(0), '0');
  assert.equal(fmt(1e-7), '1e−7');
  assert.equal(fmt(-2.5e-9), '−2.5e−9');
});

test('a translator speaks one language, whatever other translators exist', () => {
  const en = translator('en');
  const zh = translator('zh');
  assert.equal(en.t('sm.add'), STRINGS.en['sm.add']);
  assert.equal(zh.t('sm.add'), STRINGS.zh['sm.add']);
  assert.equal(en.t('sm.add'), STRINGS.en['sm.add'], 'making the Chinese one changed the English one');
  assert.equal(zh.fnName('identity'), '恆等函數');
  assert.equal(en.fnName('identity'), 'Identity');
  assert.equal(zh.htmlLang, 'zh-Hant');
  assert.equal(translator('fr').lang, 'en', 'unknown languages give English');
  assert.deepEqual(['zh', 'zh-Hant', 'zh-TW', 'ZH', 'en-GB', 'fr', '', null].map(langCode), ['zh', 'zh', 'zh', 'zh', 'en', null, null, null]);
});

// i18n.js has no active language: every host hands its translator to its panel (ctx.i18n).
// A module that used t, fnName, errorText or has without being handed them would throw (or,
// with a module-wide language, speak another host's language). esbuild's `define` replaces
// only identifiers that are not bound in scope, so a marker left in the output is such a use.
test('no module of the page uses a translator it was not handed', async () => {
  const i18n = await import('../../web/src/i18n.js');
  for (const name of ['t', 'fnName', 'errorText', 'has', 'setLang', 'getLang']) assert.ok(!(name in i18n), `i18n.js exports ${name}`);
  const { transform } = await import('esbuild');
  const names = ['t', 'fnName', 'errorText', 'has', 'lang'];
  const define = Object.fromEntries(names.map((n) => [n, `FREE_${n}_`]));
  const src = fileURLToPath(new URL('../../web/src/', import.meta.url));
  const files = readdirSync(src, { recursive: true }).filter((f) => f.endsWith('.js'));
  assert.ok(files.length > 30, `${files.length} files`);
  const free = [];
  for (const f of files) {
    const { code } = await transform(readFileSync(path.join(src, f), 'utf8'), { format: 'esm', loader: 'js', define });
    for (const m of code.matchAll(/FREE_(\w+?)_/g)) free.push(`${f}: ${m[1]}`);
  }
  assert.deepEqual(free, []);
});
