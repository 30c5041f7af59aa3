// The guided lesson in node: its URL keys (step, present) parse, clamp and round-trip; a link
// without panel= still means Curves although the lesson is the first tab; every step's preset
// survives the hash and names a real panel; every step has all its words in both languages;
// and the dead-ReLU numbers the lesson quotes are what the preset gives over seeds 1-40.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, toHash, defaultState } from '../../web/src/state.js';
import { PANELS, panelById, DEFAULT_PANEL } from '../../web/src/panels/index.js';
import { STEPS } from '../../web/src/panels/lesson/steps.js';
import { LESSON_PRESETS } from '../../web/src/panels/lesson/presets.js';
import { STRINGS } from '../../web/src/i18n.js';
import { createDeadJob } from '../../web/src/panels/dead/experiment.js';
import { loadEngine } from '../../tools/core-loader.mjs';

test('step and present read from the hash, are clamped when out of range, and are left out at their defaults', () => {
  assert.deepEqual([parseHash('#step=4&present=1').state.step, parseHash('#step=4&present=1').state.present], [4, true]);
  const low = parseHash('#step=0');
  assert.equal(low.state.step, 1);
  assert.deepEqual(low.issues.map((i) => i.key), ['step']);
  assert.equal(parseHash('#step=1e9').state.step, 99);
  const bad = parseHash('#step=two&present=maybe');
  assert.equal(bad.state.step, 1);
  assert.equal(bad.state.present, false);
  assert.deepEqual(bad.issues.map((i) => i.key).sort(), ['present', 'step']);
  assert.equal(toHash({ ...defaultState(), panel: 'lesson' }), 'panel=lesson&lang=en');
  assert.equal(toHash({ ...defaultState(), panel: 'lesson', step: 3, present: true }), 'panel=lesson&lang=en&step=3&present=1');
});

test('the lesson is the first tab but not the default panel: old links keep opening Curves', () => {
  assert.equal(PANELS[0].id, 'lesson');
  assert.equal(DEFAULT_PANEL, 'curves');
  assert.equal(parseHash('').state.panel, 'curves');
  assert.equal(parseHash('#fn=relu').state.panel, 'curves');
});

test('every step mounts a registered panel with a preset that survives the hash', () => {
  assert.equal(STEPS.length, 8);
  for (const step of STEPS) {
    assert.ok(panelById(step.panel), step.panel);
    assert.notEqual(step.panel, 'lesson');
    const s = { ...defaultState(), ...step.preset, panel: step.panel };
    const back = parseHash(`#${toHash(s)}`);
    assert.deepEqual(back.issues, [], step.id);
    for (const [k, v] of Object.entries(step.preset)) assert.deepEqual(back.state[k], v, `${step.id}.${k}`);
  }
});

test('every step has its words in English and Chinese', () => {
  for (const step of STEPS) {
    const keys = ['title', 'claim', 'q', 'measured', 'shows', 'not', 'notes', ...Array.from({ length: step.answers }, (_, i) => `a${i}`),
      ...Object.keys(step.links ?? {}).map((k) => `link.${k}`)];
    for (const lang of ['en', 'zh']) for (const k of keys) assert.ok(STRINGS[lang][`ls.${step.id}.${k}`], `ls.${step.id}.${k} (${lang})`);
  }
  assert.match(STRINGS.zh['ls.saturate.title'] + STRINGS.zh['ls.saturate.claim'], /梯度消失/);
  assert.match(STRINGS.zh['ls.regions.claim'], /線性區域/);
});

test('the dead-ReLU preset gives the numbers the lesson quotes (seeds 1-40)', async () => {
  const engine = await loadEngine();
  const p = LESSON_PRESETS.dead;
  const runs = [];
  for (let seed = 1; seed <= 40; seed++) for (const act of ['relu', 'leaky_relu']) runs.push({ act, lr: p.dlr, seed });
  const results = createDeadJob(engine, runs, { dataset: p.dds }).runAll();
  const relu = results.filter((r) => r.act === 'relu');
  const leaky = results.filter((r) => r.act === 'leaky_relu');
  const shares = relu.map((r) => r.share).sort((a, b) => a - b);
  assert.equal(relu.filter((r) => r.diverged).length, 0);
  assert.equal((shares[19] + shares[20]) / 2, 0.375, 'median share of never-active ReLUs');
  assert.deepEqual([shares[0], shares[39]], [5 / 32, 25 / 32]);
  assert.equal(leaky.filter((r) => r.diverged).length, 2, 'Leaky ReLU runs that diverged');
  // The traced seed is a typical one: ReLU at the median, Leaky ReLU trained.
  const traced = results.filter((r) => r.seed === p.dseed);
  assert.equal(traced[0].share, 0.375);
  assert.ok(!traced[1].diverged && traced[1].loss < traced[0].loss);
  assert.match(STRINGS.en['ls.dead.shows'], /median is 37\.5 %/);
  assert.match(STRINGS.en['ls.leaky.not'], /2 of the 40 runs diverged/);
});
