// The URL hash's enums that name data sets and activations agree with the core: they are
// not written in state.js but registered by the panels from the engine's catalogue, and
// links made before that change still open the same view.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, registerEnumValues, enumValues, FIELDS } from '../../web/src/state.js';
import { PANELS } from '../../web/src/panels/index.js';
import { GRADFLOW_ACTIVATIONS } from '../../web/src/panels/gradflow/experiment.js';
import { CONVERGENCE_ACTIVATIONS } from '../../web/src/panels/convergence/experiment.js';
import { SPEED_DEFAULT } from '../../web/src/panels/speed/experiment.js';
import { loadEngine } from '../../tools/core-loader.mjs';

const engine = await loadEngine();
const datasets = engine.datasets().map((d) => d.name);
const activations = engine.activations().map((a) => a.name);
const field = (key) => FIELDS.find((f) => f.key === key);

// The values these keys accepted when they were written out in state.js: old links.
const OLD_LINKS = {
  ds: ['circle', 'xor', 'gaussian', 'spiral', 'moons', 'blobs3', 'blobs5', 'sin', 'abs', 'step', 'bump', 'custom'],
  rds: ['circle', 'xor', 'gaussian', 'moons', 'spiral', 'sin', 'abs'],
  ract: ['relu', 'leaky_relu', 'hardtanh', 'identity', 'tanh'],
  nlact: ['tanh', 'relu', 'leaky_relu', 'sigmoid', 'gelu', 'elu', 'silu'],
  dds: ['circle', 'xor', 'moons', 'gaussian', 'spiral'],
};

test('before the engine loads, a run-time enum keeps any identifier for later', () => {
  const { state, issues } = parseHash('#ds=moons&ract=hardsigmoid&rds=<x>');
  assert.equal(state.ds, 'moons');
  assert.equal(state.ract, 'hardsigmoid');
  assert.equal(state.rds, 'circle');
  assert.deepEqual(issues.map((i) => i.key), ['rds']);
});

test('every run-time enum is registered by a panel, from the core', () => {
  for (const p of PANELS) if (p.enums) registerEnumValues(p.enums(engine));
  const runtime = FIELDS.filter((f) => f.type === 'enum' && f.values === null);
  assert.deepEqual(runtime.map((f) => f.key).sort(), Object.keys(OLD_LINKS).sort());
  for (const f of runtime) {
    const values = enumValues(f);
    assert.ok(Array.isArray(values) && values.length > 0, `${f.key} has no values`);
    assert.ok(values.includes(f.default), `${f.key}: default ${f.default} is not offered`);
  }
  assert.throws(() => registerEnumValues({ opt: ['sgd'] }), /not an enum filled by the panels/);
});

test('data-set enums name the core\'s data sets; the Playground offers all of them', () => {
  assert.deepEqual(enumValues(field('ds')), [...datasets, 'custom']);
  for (const key of ['rds', 'dds']) {
    const extra = enumValues(field(key)).filter((v) => !datasets.includes(v));
    assert.deepEqual(extra, [], `${key} names data sets the core does not have`);
  }
});

test('the Regions panel offers every activation the core partitions exactly, and tanh', () => {
  const exact = engine.piecewiseLinear();
  for (const name of ['relu', 'leaky_relu', 'hardtanh', 'identity', 'hardsigmoid', 'relu6', 'softshrink']) {
    assert.ok(exact.has(name), `the core should partition ${name} exactly`);
  }
  const offered = enumValues(field('ract'));
  assert.deepEqual(offered.filter((a) => a !== 'tanh').sort(), [...exact].sort());
  assert.ok(offered.includes('tanh'));
});

test('activation lists of the URL and the panels are names of the core\'s catalogue', () => {
  const lists = { nlact: enumValues(field('nlact')), ract: enumValues(field('ract')), gfact: GRADFLOW_ACTIVATIONS,
    cvact: CONVERGENCE_ACTIVATIONS, spfn: SPEED_DEFAULT, fn: field('fn').default, act: field('act').default };
  for (const [key, list] of Object.entries(lists)) {
    assert.deepEqual(list.filter((a) => !activations.includes(a)), [], `${key} names activations the core does not have`);
  }
});

test('links made before the enums moved open the same view', () => {
  for (const [key, values] of Object.entries(OLD_LINKS)) {
    for (const v of values) {
      const { state, issues } = parseHash(`#${key}=${v}`);
      assert.equal(state[key], v, `${key}=${v}`);
      assert.deepEqual(issues, [], `${key}=${v} reported as a problem`);
    }
  }
});

test('values the core does not know are reported and the default kept', () => {
  const { state, issues } = parseHash('#ds=nope&ract=gelu&nlact=hardsigmoid_x&dds=blobs3');
  assert.deepEqual([state.ds, state.ract, state.nlact, state.dds], ['circle', 'relu', 'tanh', 'circle']);
  assert.deepEqual(issues.map((i) => i.key).sort(), ['dds', 'ds', 'nlact', 'ract']);
});
