// The shipped WASM module, through tools/alab.mjs, against the PyTorch references for
// every activation and softmax case, plus the error contract of the tool.
import test from 'node:test';
import assert from 'node:assert/strict';
import { alab, referenceFiles, readJson, flat, close, compare } from './helpers.mjs';

for (const file of referenceFiles('torch', 'act_')) {
  test(`activation matches torch or exact values: ${file.split('/').pop()}`, () => {
    const ref = readJson(file);
    const r = alab(ref.request);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const { abs, rel } = ref.tolerance;
    for (const [field, exact] of [['y', 'y_exact'], ['dy', 'dy_exact']]) {
      const got = flat(r.json[field]);
      const torch = flat(ref.expected[field]);
      const ex = flat(ref.expected[exact]);
      assert.equal(got.length, torch.length);
      for (let i = 0; i < got.length; ++i) {
        assert.ok(close(got[i], torch[i], abs, rel) || close(got[i], ex[i], abs, rel),
          `${field} at x=${ref.request.x[i]}: got ${got[i]}, torch ${torch[i]}, exact ${ex[i]}`);
      }
    }
  });
}

for (const file of referenceFiles('torch', 'softmax_')) {
  test(`softmax matches torch: ${file.split('/').pop()}`, () => {
    const ref = readJson(file);
    const r = alab(ref.request);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const field of ['y', 'jacobian']) {
      const c = compare(r.json[field], ref.expected[field], 1e-14, 1e-12);
      assert.equal(c.firstBad, -1, `${field}[${c.firstBad}] got ${c.got?.[c.firstBad]} want ${c.ref?.[c.firstBad]}`);
    }
  });
}

test('a list of requests gets a list of responses, shapes kept', () => {
  const r = alab([
    { op: 'activation', name: 'ReLU', x: [[-1, 2], [3, 'nan']] },
    { op: 'softmax', x: [1000, 1001] },
    { op: 'activation', name: 'leaky-relu', params: { alpha: 0.2 }, x: [-1], echo_params: true },
  ]);
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual(r.json[0].y, [[0, 2], [3, 'nan']]);
  assert.deepEqual(r.json[0].dy, [[0, 1], [1, 'nan']]);
  assert.ok(Math.abs(r.json[1].y[1] - 1 / (1 + Math.exp(-1))) < 1e-15);
  assert.deepEqual(r.json[2].y, [-0.2]);
  assert.equal(r.json[2].name, 'leaky_relu');
  assert.deepEqual(r.json[2].params, { negative_slope: 0.2 });
});

test('extreme inputs give finite numbers, infinities travel as strings', () => {
  const names = ['sigmoid', 'softplus', 'logsigmoid', 'mish', 'selu', 'silu', 'gelu', 'tanh', 'elu', 'softsign'];
  const x = [1000, -1000, 1e308, -1e308];
  const r = alab(names.map((name) => ({ op: 'activation', name, x })));
  assert.equal(r.status, 0, r.stdout);
  r.json.forEach((res, i) => {
    for (const v of [...res.y, ...res.dy]) assert.equal(typeof v, 'number', `${names[i]} gave ${v}`);
  });
  const inf = alab({ op: 'activation', name: 'identity', x: ['inf', '-inf'] });
  assert.deepEqual(inf.json.y, ['inf', '-inf']);
});

test('gelu approximate="tanh" is gelu_tanh, as in torch', () => {
  const a = alab({ op: 'activation', name: 'gelu', params: { approximate: 'tanh' }, x: [1.5] });
  const b = alab({ op: 'activation', name: 'gelu_tanh', x: [1.5] });
  assert.deepEqual(a.json, b.json);
  assert.notDeepEqual(a.json, alab({ op: 'activation', name: 'gelu', x: [1.5] }).json);
});

test('list and info describe the catalogue', () => {
  const r = alab([{ op: 'list' }, { op: 'info' }]);
  assert.equal(r.status, 0);
  const acts = r.json[0].activations;
  assert.ok(Object.keys(acts).length >= 24);
  assert.deepEqual(acts.leaky_relu.params, { negative_slope: 0.01 });
  assert.equal(acts.leaky_relu.param_aliases.alpha, 'negative_slope');
  assert.deepEqual(acts.softplus.params, { beta: 1, threshold: 20 });
  assert.ok(acts.silu.aliases.includes('swish'));
  assert.equal(r.json[1].dtype, 'float64');
});

const BAD = [
  ['unknown activation', { op: 'activation', name: 'relux', x: [1] }, /unknown activation/],
  ['unknown parameter', { op: 'activation', name: 'relu', params: { alpha: 1 }, x: [1] }, /no parameter/],
  ['NaN parameter', { op: 'activation', name: 'elu', params: { alpha: 'nan' }, x: [1] }, /finite/],
  ['out-of-range parameter', { op: 'activation', name: 'hardtanh', params: { min_val: 3 }, x: [1] }, /min_val/],
  ['zero temperature', { op: 'softmax', x: [1, 2], temperature: 0 }, /temperature/],
  ['negative temperature', { op: 'softmax', x: [1, 2], temperature: -1 }, /temperature/],
  ['unknown variant', { op: 'softmax', x: [1, 2], variant: 'hardmax' }, /variant/],
  ['ragged x', { op: 'activation', name: 'relu', x: [[1, 2], [3]] }, /ragged/],
  ['boolean in x', { op: 'activation', name: 'relu', x: [true] }, /not a number/],
  ['missing x', { op: 'activation', name: 'relu' }, /missing 'x'/],
  ['unknown op', { op: 'explode' }, /unknown op/],
  ['a softmax whose Jacobian would not fit', { op: 'softmax', x: new Array(65537).fill(0) }, /at most/],
  ['not an object', 42, /JSON object/],
  ['one bad request in a batch', [{ op: 'list' }, { op: 'activation', name: 'nope', x: [1] }], /unknown activation/],
];
for (const [what, req, pattern] of BAD) {
  test(`bad request gives exit status 2 and a message: ${what}`, () => {
    const r = alab(req);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.json.error, pattern);
    assert.deepEqual(Object.keys(r.json), ['error']);
    assert.equal(r.stdout.trim().split('\n').length, 1, 'nothing else on stdout');
  });
}

test('malformed JSON gives exit status 2', () => {
  const r = alab('{"op": "activation", ');
  assert.equal(r.status, 2);
  assert.match(r.json.error, /not valid JSON/);
});

test('the speed probe returns per-element times for f and f\' and rejects bad sizes', async () => {
  const { loadEngine } = await import('../../tools/core-loader.mjs');
  const engine = await loadEngine();
  const t = engine.timeActivation('tanh', {}, { n: 1024, samples: 3, minMs: 0.5 });
  assert.ok(t.forwardNs > 0 && Number.isFinite(t.forwardNs));
  assert.ok(t.backwardNs > 0 && Number.isFinite(t.backwardNs));
  assert.equal(t.samples, 3);
  assert.throws(() => engine.timeActivation('relu', {}, { n: 3 }), /elements/);
  assert.throws(() => engine.timeActivation('nope'), /unknown activation/);
});
