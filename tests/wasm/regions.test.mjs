// Exact linear regions in the shipped WASM module, through tools/alab.mjs, against the
// exact-arithmetic oracle's cases (tests/reference/regions), plus the point and
// segment queries and the refusal of curved activations.
import test from 'node:test';
import assert from 'node:assert/strict';
import { alab, referenceFiles, readJson, close } from './helpers.mjs';
import { loadEngine } from '../../tools/core-loader.mjs';

for (const file of referenceFiles('regions', '')) {
  test(`regions match the exact oracle: ${file.split('/').pop()}`, () => {
    const ref = readJson(file);
    const r = alab({ op: 'regions', ...ref.input });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const e = ref.expected, g = r.json;
    assert.equal(g.pattern_regions, e.pattern_regions);
    assert.equal(g.affine_pieces, e.affine_pieces);
    if (g.input_dim === 1) {
      assert.deepEqual(g.breakpoints, e.breakpoints);
      assert.deepEqual(g.kinks, e.kinks);
      e.intervals.forEach((iv, i) => {
        assert.equal(g.intervals[i].pattern, iv.pattern);
        assert.ok(close(g.intervals[i].a[0], iv.a[0], 1e-12, 1e-9) && close(g.intervals[i].c[0], iv.c[0], 1e-12, 1e-9));
      });
      return;
    }
    assert.ok(close(g.total_area, e.total_area, 0, 1e-9), `areas sum to ${g.total_area}, box ${e.total_area}`);
    assert.equal(g.regions.length, e.pattern_regions);
    assert.ok(g.regions.every((reg) => reg.area > 0), 'no zero-area slivers');
    if (!Array.isArray(e.regions)) return;
    const byPattern = new Map(g.regions.map((reg) => [reg.pattern, reg]));
    for (const want of e.regions) {
      const got = byPattern.get(want.pattern);
      assert.ok(got, `pattern ${want.pattern} missing`);
      assert.ok(close(got.area, want.area, 1e-12, 1e-9), `area of ${want.pattern}: ${got.area} vs ${want.area}`);
      want.A.flat().forEach((v, i) => assert.ok(close(got.A.flat()[i], v, 1e-12, 1e-9), `A of ${want.pattern}`));
      want.c.forEach((v, i) => assert.ok(close(got.c[i], v, 1e-12, 1e-9), `c of ${want.pattern}`));
    }
  });
}

test('the layers=[[W, b], ...] and [{W, b}, ...] request forms give the same answer', () => {
  const ref = readJson(referenceFiles('regions', 'hand_3lines')[0]);
  const { weights, biases, box } = ref.input;
  const a = alab({ op: 'regions', layers: weights.map((W, l) => [W, biases[l]]), box });
  const b = alab({ op: 'regions', layers: weights.map((W, l) => ({ W, b: biases[l] })), box });
  assert.equal(a.status, 0, a.stdout);
  assert.equal(a.json.pattern_regions, 7);
  assert.deepEqual(a.json, b.json);
});

test('an identity network is one region whose map is the product of the weight matrices', () => {
  const W1 = [[1, 2], [3, -1], [0.5, 0.5]], W2 = [[1, -1, 2]];
  const r = alab({ op: 'regions', weights: [W1, W2], biases: [[0, 1, 0], [0.25]], activation: 'identity', box: [-1, 1, -1, 1] });
  assert.equal(r.status, 0, r.stdout);
  assert.equal(r.json.pattern_regions, 1);
  assert.equal(r.json.affine_pieces, 1);
  // M = W2 W1 = [1 - 3 + 1, 2 + 1 + 1] = [-1, 4]; c = W2 b1 + b2 = -1 + 0.25
  assert.deepEqual(r.json.regions[0].A, [[-1, 4]]);
  assert.deepEqual(r.json.regions[0].c, [-0.75]);
});

test('a curved activation has no linear regions and says so', () => {
  const r = alab({ op: 'regions', weights: [[[1, 0]], [[1]]], biases: [[0], [0]], activation: 'tanh', box: [-1, 1, -1, 1] });
  assert.equal(r.status, 2);
  assert.match(r.json.error, /no linear regions|curved/);
});

test('bad region requests give exit status 2', () => {
  for (const req of [
    { op: 'regions', weights: [[[1, 0]], [[1]]], biases: [[0], [0]], box: [1, -1, -1, 1] },
    { op: 'regions', weights: [[[1, 0]], [[1]]], biases: [[0], [0]], box: [-1, 1] },
    { op: 'regions', weights: [[[1, 0]], [[1]]], box: [-1, 1, -1, 1] },
    { op: 'regions', weights: [[[1, 'nan']], [[1]]], biases: [[0], [0]], box: [-1, 1, -1, 1] },
    { op: 'regions', weights: [[[1, 0]], [[1]]], biases: [[0], [0]], box: [-1e300, 1e300, -1e300, 1e300] },
    { op: 'regions', weights: [[[1, 0]], [[1]]], biases: [[0], [0]], box: [-1e-300, 1e-300, -1e-300, 1e-300] },
  ]) {
    const r = alab(req);
    assert.equal(r.status, 2, JSON.stringify(req) + ' -> ' + r.stdout);
    assert.equal(typeof r.json.error, 'string');
  }
});

test('two points in different regions see different linear maps (M1 != M2), and the segment crosses the boundaries between them', async () => {
  const engine = await loadEngine();
  const model = { layers: [2, 3, 1], activation: 'relu', weights: [[[1, 0], [0, 1], [1, 1]], [[1, 1, 1]]], biases: [[0, 0, -0.5], [0]] };
  const a = engine.regionAt(model, [-0.5, -0.5]), b = engine.regionAt(model, [0.6, 0.6]);
  assert.equal(a.pattern, '000');
  assert.equal(b.pattern, '111');
  assert.deepEqual(Array.from(a.A), [0, 0]);
  assert.deepEqual(Array.from(b.A), [2, 2]);
  const s = engine.segment(model, [-0.5, -0.5], [0.6, 0.6]);
  assert.deepEqual(s.patterns, ['000', '110', '111']);
  assert.equal(s.t.length, 2);
  assert.ok(Math.abs(s.t[0] - 0.5 / 1.1) < 1e-12);
});
