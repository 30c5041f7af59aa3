// The regions op's per-layer counts and upper bound and the segment op, through
// tools/alab.mjs and the engine, against references computed independently: the exact
// oracle's cases (tests/reference/regions, Python fractions), the BigInt counter of
// tests/wasm/exact_regions.mjs on random nets, and Theorem 1 of Serra et al. summed term by
// term here. Also: the regions answer is the text JSON.stringify would write.
import test from 'node:test';
import assert from 'node:assert/strict';
import { alab, referenceFiles, readJson } from './helpers.mjs';
import { loadEngine } from '../../tools/core-loader.mjs';
import { encodeDeep, encodeTensor } from '../../tools/json-numbers.mjs';
import { exactRegions, exactSegment, Q } from './exact_regions.mjs';

const engine = await loadEngine();

// Q from the oracle's "n/d" text.
function fraction(text) {
  const [n, d = '1'] = text.split('/');
  return new Q(BigInt(n), BigInt(d));
}

// Theorem 1 term by term: (j_1..j_L) with 0 <= j_l <= min(n0, n_1 - j_1, ..., n_l).
function boundByTerms(n0, widths) {
  const choose = (n, k) => {
    let c = 1n;
    for (let i = 1; i <= k; ++i) c = (c * BigInt(n - i + 1)) / BigInt(i);
    return c;
  };
  const walk = (l, cap, product) => {
    if (l === widths.length) return product;
    let total = 0n;
    for (let j = 0; j <= Math.min(cap, widths[l]); ++j) total += walk(l + 1, Math.min(cap, widths[l] - j), product * choose(widths[l], j));
    return total;
  };
  return walk(0, n0, 1n);
}

// The answer's upper_bound as a BigInt: a number up to 2^53, a decimal string above.
function boundOf(v) {
  if (typeof v === 'number') {
    assert.ok(Number.isSafeInteger(v) || v === 2 ** 53, `a number bound must be exact: ${v}`);
    return BigInt(v);
  }
  assert.equal(typeof v, 'string');
  assert.match(v, /^[1-9][0-9]*$/);
  assert.ok(BigInt(v) > 2n ** 53n, `${v} would fit a JSON number`);
  return BigInt(v);
}

function checkSegment(g, want, what) {
  assert.equal(g.status, 0, `${what}: ${g.stdout}`);
  assert.equal(g.json.pieces, want.length + 1, `${what}: pieces`);
  assert.equal(g.json.t.length, want.length, `${what}: t`);
  g.json.t.forEach((t, i) => {
    assert.ok(t > 0 && t < 1, `${what}: t = ${t} outside (0, 1)`);
    if (i) assert.ok(t >= g.json.t[i - 1], `${what}: t not ascending`);
    const exact = want[i].toNumber();
    assert.ok(Math.abs(t - exact) <= 1e-12, `${what}: t[${i}] = ${t}, exact ${exact}`);
  });
}

for (const file of referenceFiles('regions', '')) {
  const name = file.split('/').pop();
  test(`per-layer cells and the upper bound match the exact oracle: ${name}`, () => {
    const ref = readJson(file);
    const r = alab({ op: 'regions', ...ref.input, per_layer: true });
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(r.json.cells_per_layer, ref.expected.cells_per_layer);
    assert.equal(r.json.cells_per_layer.at(-1), r.json.pattern_regions);
    assert.equal(boundOf(r.json.upper_bound), BigInt(ref.expected.serra_upper_bound));
  });
  const segments = readJson(file).expected.segments ?? [];
  if (segments.length)
    test(`segments match the exact oracle: ${name}`, () => {
      const ref = readJson(file);
      const { box, ...body } = ref.input;
      for (const s of segments) checkSegment(alab({ op: 'segment', ...body, a: s.a, b: s.b }), s.t_exact.map(fraction), `${name} ${JSON.stringify([s.a, s.b])}`);
    });
}

test('without per_layer the answer has neither field (old requests are answered as before)', () => {
  const ref = readJson(referenceFiles('regions', 'relu_2x8')[0]);
  const plain = alab({ op: 'regions', ...ref.input });
  const counted = alab({ op: 'regions', ...ref.input, per_layer: true });
  assert.equal(plain.status, 0);
  assert.ok(!('cells_per_layer' in plain.json) && !('upper_bound' in plain.json));
  const { cells_per_layer: _c, upper_bound: _u, ...rest } = counted.json;
  assert.deepEqual(rest, plain.json);
});

test('the hand-built 1-D sawtooth doubles its cells with every layer: 2^L pieces, exactly', () => {
  for (const L of [1, 3, 6, 9]) {
    const weights = [[[1], [1]], ...Array.from({ length: L - 1 }, () => [[2, -4], [2, -4]]), [[2, -4]]];
    const biases = [...Array.from({ length: L }, () => [0, -0.5]), [0]];
    const r = alab({ op: 'regions', weights, biases, box: [0, 1], per_layer: true });
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(r.json.cells_per_layer, Array.from({ length: L }, (_, k) => 2 ** (k + 1)));
    assert.equal(r.json.affine_pieces, 2 ** L);
    assert.equal(boundOf(r.json.upper_bound), 3n ** BigInt(L));
    const s = alab({ op: 'segment', weights, biases, a: [0], b: [1] });
    checkSegment(s, Array.from({ length: 2 ** L - 1 }, (_, i) => new Q(BigInt(i + 1), 2n ** BigInt(L))), `sawtooth L=${L}`);
  }
});

test('the upper bound is Theorem 1 summed term by term, a decimal string above 2^53', () => {
  const zeroNet = (widths) => {
    const sizes = [2, ...widths, 1];
    return {
      weights: sizes.slice(1).map((n, l) => Array.from({ length: n }, () => Array(sizes[l]).fill(0))),
      biases: sizes.slice(1).map((n) => Array(n).fill(0)),
    };
  };
  // 1 + 64 + C(64, 2) = 2081 per layer: 2081^4 fits a double exactly, 2081^5 does not.
  for (const [widths, want] of [[[64, 64, 64, 64], 2081n ** 4n], [[64, 64, 64, 64, 64], 2081n ** 5n], [[2, 3], 16n], [[3], 7n]]) {
    const r = alab({ op: 'regions', ...zeroNet(widths), box: [-1, 1, -1, 1], per_layer: true });
    assert.equal(r.status, 0, r.stdout);
    assert.equal(boundOf(r.json.upper_bound), want);
    assert.equal(typeof r.json.upper_bound, want > 2n ** 53n ? 'string' : 'number');
    assert.equal(engine.regionsUpperBound(2, widths), want);
  }
  // Random widths and input dimensions, bottlenecks included.
  let seed = 5;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let i = 0; i < 60; ++i) {
    const n0 = 1 + rnd(3), widths = Array.from({ length: rnd(6) }, () => 1 + rnd(9));
    assert.equal(engine.regionsUpperBound(n0, widths), boundByTerms(n0, widths), `n0 ${n0}, widths ${widths}`);
  }
});

// Small random nets drawn with a seeded generator; some neurons dead, some rows repeated.
function randomNet(layers, seed, activation = 'relu') {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647), s / 2147483647);
  const round = (x) => Math.round(x * 1024) / 1024;  // short dyadics: exact arithmetic stays small
  const weights = [], biases = [];
  for (let l = 0; l + 1 < layers.length; ++l) {
    const W = Array.from({ length: layers[l + 1] }, () => Array.from({ length: layers[l] }, () => round(2 * rnd() - 1)));
    const b = Array.from({ length: layers[l + 1] }, () => round(2 * rnd() - 1));
    if (l + 2 < layers.length && rnd() < 0.5) W[1] = W[0].map((w) => 2 * w), b[1] = 2 * b[0];  // the same line twice
    if (l + 2 < layers.length && rnd() < 0.3) W[0] = W[0].map(() => 0), b[0] = -1;            // a dead neuron
    weights.push(W);
    biases.push(b);
  }
  return activation === 'leaky_relu' ? { weights, biases, activation, alpha: 0.125 } : { weights, biases, activation };
}

test('random nets: per-layer cells and segment crossings equal the exact BigInt counter', () => {
  const shapes = [[2, 3, 3, 1], [2, 4, 3, 2, 1], [1, 4, 4, 1], [1, 3, 3, 3, 1], [2, 5, 1]];
  for (let i = 0; i < 20; ++i) {
    const layers = shapes[i % shapes.length];
    const net = randomNet(layers, 1000 + i, i % 4 === 3 ? 'leaky_relu' : 'relu');
    const box = layers[0] === 2 ? [-1.5, 1.5, -1.5, 1.5] : [-2, 2];
    const exact = exactRegions(net, box);
    const r = alab({ op: 'regions', ...net, box, per_layer: true });
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(r.json.cells_per_layer, exact.cellsPerLayer, `net ${i}`);
    const viaEngine = engine.regions({ layers, activation: net.activation, activation_params: net.alpha ? { negative_slope: net.alpha } : {}, weights: net.weights, biases: net.biases }, box, { perLayer: true });
    assert.deepEqual(viaEngine.cellsPerLayer, exact.cellsPerLayer);
    assert.equal(viaEngine.upperBound, boundByTerms(layers[0], layers.slice(1, -1)));
    // Segments: across the box, from a cell's corner, and along a first-layer zero line.
    const [W0, b0] = [net.weights[0][0], net.biases[0][0]];
    const ends = layers[0] === 2
      ? [[[-1.5, -1.25], [1.5, 1]], [[box[0], box[2]], [box[1], box[3]]],
         W0[1] !== 0 ? [[-1, (-b0 + W0[0]) / W0[1]], [1, (-b0 - W0[0]) / W0[1]]] : [[0.25, -1], [0.25, 1]]]
      : [[[-2], [2]], [[1.75], [-0.5]]];
    for (const [a, b] of ends) {
      if (a.every((x, k) => x === b[k]) || !a.concat(b).every(Number.isFinite)) continue;
      checkSegment(alab({ op: 'segment', ...net, a, b }), exactSegment(net, a, b), `net ${i} ${JSON.stringify([a, b])}`);
    }
  }
});

// The answer as the tool built it before it wrote JSON text itself: objects, JSON.stringify.
function answerObjects(r, layers) {
  const K = r.outputs, hidden_sizes = layers.slice(1, -1);
  if (r.inputs === 1) {
    const intervals = r.patterns.map((pattern, i) => ({
      lo: r.bounds[i], hi: r.bounds[i + 1], pattern, a: Array.from(r.a.subarray(i * K, (i + 1) * K)), c: Array.from(r.c.subarray(i * K, (i + 1) * K)), piece: r.piece[i],
    }));
    return encodeDeep({ input_dim: 1, pattern_regions: r.patternRegions, affine_pieces: r.affinePieces, hidden_sizes,
      total_length: r.bounds.at(-1) - r.bounds[0], breakpoints: Array.from(r.breakpoints), kinks: Array.from(r.kinks), intervals });
  }
  const regions = r.patterns.map((pattern, i) => {
    const v0 = r.vertexStart[i], v1 = r.vertexStart[i + 1];
    return { id: i, pattern, area: r.area[i], centroid: [r.centroid[2 * i], r.centroid[2 * i + 1]],
      vertices: encodeTensor(r.vertices.subarray(2 * v0, 2 * v1), [v1 - v0, 2]), A: encodeTensor(r.A.subarray(i * K * 2, (i + 1) * K * 2), [K, 2]),
      c: Array.from(r.c.subarray(i * K, (i + 1) * K)), piece: r.piece[i] };
  });
  const pieces = Array.from({ length: r.affinePieces }, (_, id) => ({ id, regions: [], area: 0 }));
  for (const g of regions) (pieces[g.piece].regions.push(g.id), (pieces[g.piece].area += g.area));
  const below = {};
  for (const rel of ['1e-12', '1e-9', '1e-6']) below[rel] = regions.filter((g) => g.area < Number(rel) * r.boxArea).length;
  let minArea = Infinity;
  for (const a of r.area) minArea = Math.min(minArea, a);
  return encodeDeep({ input_dim: 2, pattern_regions: r.patternRegions, affine_pieces: r.affinePieces, hidden_sizes,
    total_area: r.totalArea, box_area: r.boxArea, min_region_area: minArea, max_vertices: r.maxVertices,
    cells_below_rel_area: below, regions, pieces });
}

test('the regions answer is byte for byte the text JSON.stringify writes of it', () => {
  const cases = [
    [[2, 6, 5, 2], [-4, 4, -4, 4]], [[2, 8, 1], [-1e-3, 2e-3, 5e6, 5e6 + 1]], [[2, 4, 4, 1], [-3e200, 1e200, -1e-200, 3e-200]],
    [[1, 6, 6, 2], [-7, 3]], [[1, 3, 1], [1e-300, 2e-300]], [[2, 16, 16, 1], [-2, 2, -2, 2]],
  ];
  cases.forEach(([layers, box], i) => {
    const net = randomNet(layers, 77 + i);
    net.weights = net.weights.map((W) => W.map((row) => row.map((w) => w * Math.PI)));   // long decimals
    const model = { layers, activation: 'relu', weights: net.weights, biases: net.biases };
    const text = Buffer.from(engine.regionsJson(model, box)).toString('utf8');
    assert.equal(text, JSON.stringify(answerObjects(engine.regions(model, box), layers)), `case ${i}`);
    const r = alab({ op: 'regions', weights: net.weights, biases: net.biases, box });
    assert.equal(r.stdout, text + '\n');
  });
});
