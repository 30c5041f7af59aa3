// web/src/state.js in node: the URL hash table parses what it writes, and a hostile or
// malformed hash never throws, never yields a value outside the table's limits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, toHash, defaultState, enumValues, FIELDS } from '../../web/src/state.js';

test('a state written to the hash reads back identically', () => {
  const s = defaultState();
  Object.assign(s, { lang: 'zh', fn: ['leaky_relu', 'elu'], xmin: -2.5, xmax: 3, df: false, sat: true,
    par: { 'leaky_relu.negative_slope': 0.1, 'elu.alpha': 1.5 } });
  const hash = toHash(s);
  assert.match(hash, /lang=zh/);
  assert.match(hash, /par=elu\.alpha:1\.5,leaky_relu\.negative_slope:0\.1/);
  const back = parseHash(`#${hash}`);
  assert.deepEqual(back.state, s);
  assert.deepEqual(back.issues, []);
});

test('defaults are left out of the hash, except the language', () => {
  assert.equal(toHash(defaultState()), 'lang=en');
});

test('slider float noise is trimmed when written', () => {
  const s = defaultState();
  s.par = { 'elu.alpha': 0.1 + 0.2 };
  assert.match(toHash(s), /elu\.alpha:0\.3(&|$)/);
});

test('hostile and malformed values are dropped or clamped, never thrown', () => {
  const nasty = [
    '#fn=<script>,x=NaN,lang=xx',
    '#fn=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&xmin=NaN&xmax=1e999&lang=xx&df=maybe',
    '#par=__proto__.polluted:1,constructor.prototype:2,relu.x:Infinity,elu.alpha:0x10',
    '#xmin=-1e308&xmax=1e308',
    '#layers=1e9,-5,NaN,3.5,,8&act=<b>,relu&lr=-1&batch=1e99&ds=../../x&opt=constructor',
    '#%E0%A4%A', '#&&&==&=', '#fn=' + 'a,'.repeat(5000), '', null, undefined, 42, {},
  ];
  for (const h of nasty) {
    const { state, issues } = parseHash(h);
    for (const f of FIELDS) {
      const v = state[f.key];
      if (f.type === 'number') assert.ok(Number.isFinite(v) && v >= f.min && v <= f.max, `${f.key}=${v} for ${h}`);
      if (f.type === 'enum') {
        // Run-time enums (data sets, activations) accept identifiers until the panels register them.
        const values = enumValues(f);
        assert.ok(values === null ? /^[a-z][a-z0-9_]*$/.test(v) : values.includes(v), `${f.key}=${v}`);
      }
      if (f.type === 'idList') assert.ok(v.length <= f.maxItems && v.every((s) => /^[a-z][a-z0-9_]*$/.test(s)));
      if (f.type === 'numberMap') for (const x of Object.values(v)) assert.ok(Number.isFinite(x));
      if (f.type === 'intList') assert.ok(v.length <= f.maxItems && v.every((x) => Number.isInteger(x) && x >= f.min && x <= f.max), `${f.key}=${v}`);
    }
    assert.ok(Array.isArray(issues));
    assert.equal({}.polluted, undefined, 'prototype polluted');
  }
  const first = parseHash('#fn=<script>,x=NaN,lang=xx');
  assert.deepEqual(first.state.fn, defaultState().fn);
  assert.equal(first.state.lang, 'en');
  assert.ok(first.issues.some((i) => i.key === 'fn'));
  const clamped = parseHash('#xmin=-1e308&xmax=1e308').state;
  assert.deepEqual([clamped.xmin, clamped.xmax], [-100, 100]);
});

test('unknown keys are ignored silently', () => {
  const { state, issues } = parseHash('#foo=bar&fn=relu');
  assert.deepEqual(state.fn, ['relu']);
  assert.deepEqual(issues, []);
});

test('a link longer than 4000 characters reads only its panel and language, with an issue saying how long', () => {
  const pad = `&pts=${'1,'.repeat(2500)}1`;
  const text = `#lr=0.5&panel=regions${pad}&lang=zh&ract=tanh`;
  const { state, issues, present } = parseHash(text);
  assert.equal(state.panel, 'regions');
  assert.equal(state.lang, 'zh');
  assert.equal(state.ract, defaultState().ract);
  assert.equal(state.lr, defaultState().lr);
  assert.deepEqual([...present].sort(), ['lang', 'panel']);
  assert.deepEqual(issues.map((i) => [i.tooLong, i.max]), [[text.length - 1, 4000]]);
  // At the limit it is read whole.
  const whole = parseHash(`#lr=0.5&panel=regions&x=${'y'.repeat(4000 - 24)}`);
  assert.equal(whole.state.lr, 0.5);
  assert.deepEqual(whole.issues, []);
});

test('a number map with more items than it holds, or a key given twice, is read as before and noted', () => {
  // The first maxItems items are read and a later value of a key replaces the earlier one, as
  // links always opened; the items left out or replaced are reported.
  const many = parseHash('#rpt=a.x:1,a.x:2,a.x:3,a.x:4,a.x:5,b.x:0');
  assert.deepEqual(many.state.rpt, { 'a.x': 4 });
  assert.deepEqual(many.issues.map((i) => i.key), ['rpt']);
  const twice = parseHash('#par=elu.alpha:1,elu.alpha:2');
  assert.deepEqual(twice.state.par, { 'elu.alpha': 2 });
  assert.deepEqual(twice.issues.map((i) => i.key), ['par']);
  const five = parseHash('#rpt=a.x:1,a.y:2,b.x:3,b.y:4,a.x:5');
  assert.deepEqual(five.state.rpt, { 'a.x': 1, 'a.y': 2, 'b.x': 3, 'b.y': 4 });
  assert.deepEqual(five.issues.map((i) => i.key), ['rpt']);
  const fine = parseHash('#rpt=a.x:1,a.y:2,b.x:3,b.y:4&par=elu.alpha:2');
  assert.deepEqual(fine.issues, []);
});
