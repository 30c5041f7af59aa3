// The Regions panel's pure parts in node: neighbouring cells (patterns one neuron apart) get
// different colours, the slope scale runs light to dark, the local map is typeset with its
// signs right, an all-identity network's product W_L ... W_1 equals engine.regionAt's map, and
// what the layer view says each activation does to the plane fits the function.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';
import { patternColour, slopeColour } from '../../web/src/panels/regions/regions_plugin.js';
import { foldOf } from '../../web/src/lesson_notes.js';
import { STRINGS } from '../../web/src/i18n.js';
import { mapTex, texNum, productName, patternDiff } from '../../web/src/panels/regions/detail.js';

let engine;
before(async () => {
  engine = await loadEngine();
});

test('patterns one neuron apart (neighbouring cells) get different colours almost always', () => {
  let same = 0;
  let total = 0;
  let seed = 7;
  const rand = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };
  for (let k = 0; k < 400; k++) {
    const p = Array.from({ length: 16 }, () => (rand() < 0.5 ? '0' : '1')).join('');
    const i = Math.floor(rand() * 16);
    const q = p.slice(0, i) + (p[i] === '0' ? '1' : '0') + p.slice(i + 1);
    total++;
    if (patternColour(p) === patternColour(q)) same++;
  }
  assert.ok(same / total < 0.1, `${same} of ${total} neighbours share a colour`);
  assert.match(patternColour('0101'), /^rgb\(\d+,\d+,\d+\)$/);
});

test('the slope scale runs from light (flat) to dark (steep)', () => {
  const lum = (c) => c.match(/\d+/g).map(Number).reduce((a, b) => a + b, 0);
  assert.ok(lum(slopeColour(0)) > lum(slopeColour(0.5)));
  assert.ok(lum(slopeColour(0.5)) > lum(slopeColour(1)));
  assert.equal(slopeColour(NaN), slopeColour(0));
  assert.equal(slopeColour(7), slopeColour(1));
});

test('the local map is typeset with real signs and exponents', () => {
  const tex = mapTex('M_a', [1.5, -2.25], [-0.5], 2, 1);
  assert.match(tex, /M_a/);
  assert.match(tex, /1\.5 & -2\.25/);
  assert.match(tex, /- 0\.5$/);
  assert.doesNotMatch(tex, /\+ -/);
  assert.equal(texNum(2.5e-9), '2.5\\times10^{-9}');
  const marked = mapTex('M_b', [1, 2], [3], 2, 1, { A: [1, 5], c: [3] });
  assert.match(marked, /textcolor\{[^}]+\}\{2\}/);
  assert.doesNotMatch(marked, /textcolor\{[^}]+\}\{1\}/);
  assert.equal(productName(3), 'W_{3}W_{2}W_{1}');
  assert.deepEqual([...patternDiff('0110', '0011')], [1, 3]);
});

test('without activations the layers multiply out to the map engine.regionAt reports', () => {
  for (const layers of [[2, 5, 1], [2, 8, 8, 8, 1], [2, 3, 4, 3]]) {
    const tr = engine.createTrainer({ layers, activation: 'identity', output: 'linear', loss: 'mse', seed: layers.length },
      { x: new Float64Array([0, 0, 1, 1]), y: new Float64Array(2 * layers[layers.length - 1]), n: 2 });
    const model = tr.exportModel();
    const { A, c } = engine.collapseIdentity(model);
    const q = engine.regionAt(model, [0.3, -1.7]);
    const d = Math.max(...A.map((v, i) => Math.abs(v - q.A[i])), ...c.map((v, i) => Math.abs(v - q.c[i])));
    assert.ok(d < 1e-12, `product differs from regionAt by ${d} for ${layers}`);
    assert.equal(engine.regions(model, [-6, 6, -6, 6]).patternRegions, 1);
    tr.delete();
  }
});

test('what the layer view says an activation does to the plane (lesson_notes.js foldOf) fits the function: cells for the continuous piecewise-linear ones, a jump where it jumps, curved otherwise', () => {
  const pl = engine.piecewiseLinear();
  const xs = Float64Array.from({ length: 60001 }, (_, i) => -3 + i / 1e4);
  for (const { name, params } of engine.activations()) {
    const fold = foldOf(name);
    // The largest change between neighbours 1e-4 apart (a jump, or a slope times 1e-4), at the
    // defaults and with each parameter 1 above its default where the core takes it (threshold jumps
    // when value != threshold).
    let step = 0;
    for (const p of [{}, ...params.map((q) => ({ [q.name]: q.default + 1 }))]) {
      let y;
      try { ({ y } = engine.evaluate(name, p, xs)); } catch { continue; }   // (rrelu: lower above upper)
      for (let i = 1; i < y.length; i++) step = Math.max(step, Math.abs(y[i] - y[i - 1]));
    }
    assert.equal(fold === 'jump', step > 0.01, `${name}: ${fold}, largest step ${step}`);
    assert.equal(pl.has(name), !['jump', 'curved'].includes(fold), `${name}: ${fold}`);
    for (const lang of ['en', 'zh']) assert.ok(STRINGS[lang][`rg.ly.fold.${fold}`], `${name}: ${fold} has its words (${lang})`);
  }
});

