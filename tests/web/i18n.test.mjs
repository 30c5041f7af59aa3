// web/src/i18n.js in node: English and Traditional Chinese have the same strings with the
// same placeholders, and every catalogue entry of the WASM core has its texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRINGS, t, setLang, fnName, fmt } from '../../web/src/i18n.js';
import { lessonPoints } from '../../web/src/lesson_notes.js';
import { loadEngine } from '../../tools/core-loader.mjs';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('both languages have the same keys and placeholders', () => {
  const en = Object.keys(STRINGS.en).sort();
  const zh = Object.keys(STRINGS.zh).sort();
  assert.deepEqual(en.filter((k) => !zh.includes(k)), [], 'missing in zh');
  assert.deepEqual(zh.filter((k) => !en.includes(k)), [], 'missing in en');
  for (const k of en) assert.deepEqual(placeholders(STRINGS.zh[k]), placeholders(STRINGS.en[k]), k);
});

test('the Chinese text is Traditional and uses the agreed terms', () => {
  const all = Object.values(STRINGS.zh).join('\n');
  for (const term of ['激活函數', '神經元', '梯度消失', '飽和', '零中心', '學習率']) assert.ok(all.includes(term), term);
  for (const simplified of ['激活函数', '神经', '梯度消失问题', '饱和', '学习率', '网络']) assert.ok(!all.includes(simplified), simplified);
});

test('every catalogue entry has a name, a description and lesson points in both languages', async () => {
  const engine = await loadEngine();
  for (const info of engine.activations()) {
    assert.notEqual(fnName(info.name), undefined);
    for (const lang of ['en', 'zh']) {
      assert.ok(STRINGS[lang][`about.${info.name}`], `about.${info.name} (${lang})`);
      setLang(lang);
      const params = Object.fromEntries(info.params.map((p) => [p.name, p.default]));
      for (const p of info.params) assert.ok(STRINGS[lang][`param.${p.name}`], `param.${p.name} (${lang})`);
      for (const point of lessonPoints(info, params, true)) {
        assert.ok(STRINGS[lang][point.key], `${point.key} (${lang})`);
        assert.doesNotMatch(t(point.key, point.vars), /\{\w+\}/, `unfilled placeholder in ${point.key}`);
      }
    }
  }
  setLang('en');
});

test('numbers are shown with a real minus sign and at most 4 significant digits', () => {
  assert.equal(fmt(-0.5), '−0.5');
  assert.equal(fmt(1 / 3), '0.3333');
  assert.equal(fmt(0), '0');
  assert.equal(fmt(1e-7), '1e−7');
  assert.equal(fmt(-2.5e-9), '−2.5e−9');
});
