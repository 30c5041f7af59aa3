// Linear regions are those of exact arithmetic: random small ReLU, Leaky ReLU, ReLU6 and
// HardTanh nets whose weights mix scales from 1e-12 to 1e6 with exact zeros, duplicated and
// parallel lines, dead neurons and (some nets) no biases at all, checked
// against tests/wasm/exact_regions.mjs (BigInt rationals, written for these tests): the same
// number of cells, the same patterns, the same number of affine pieces, and areas that match
// the exact ones (which sum exactly to the box). Plus the reproductions through the
// command-line tool.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';
import { exactRegions } from './exact_regions.mjs';
import { alab } from './helpers.mjs';

const engine = await loadEngine();

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A random net on `dims` inputs whose rows come in every awkward kind.
function awkwardNet(rnd, dims) {
  const pick = (n) => Math.floor(rnd() * n);
  const scaled = () => (rnd() < 0.5 ? -1 : 1) * (0.5 + rnd()) * 10 ** (pick(19) - 12);  // 1e-12 .. 1e6
  const hidden = Array.from({ length: 1 + pick(2) }, () => 2 + pick(dims === 2 ? 4 : 6));
  const layers = [dims, ...hidden, 1 + pick(2)];
  const weights = [], biases = [];
  for (let l = 0; l + 1 < layers.length; ++l) {
    const W = [], b = [];
    for (let j = 0; j < layers[l + 1]; ++j) {
      const kind = pick(8);
      let row = Array.from({ length: layers[l] }, () => (rnd() < 0.15 ? 0 : scaled()));
      let bias = rnd() < 0.2 ? 0 : scaled();
      if (kind === 0 && j > 0) {  // a duplicate of the previous neuron
        row = W[j - 1].slice();
        bias = b[j - 1];
      } else if (kind === 1 && j > 0) {  // parallel to it (a power of two apart: exact)
        row = W[j - 1].map((w) => w * 2 ** (pick(9) - 4));
      } else if (kind === 2 && l + 2 < layers.length) {  // dead (or always on) on the box
        row = row.map((w) => w * 1e-9);
        bias = (rnd() < 0.5 ? -1 : 1) * 1e3;
      } else if (kind === 3) {  // all weights tiny next to a large bias, or the reverse
        row = row.map((w) => w * 1e-6);
      }
      W.push(row);
      b.push(bias);
    }
    weights.push(W);
    biases.push(b);
  }
  if (rnd() < 0.2) for (const b of biases) b.fill(0);  // no biases: every line through (0, 0)
  const activation = ['relu', 'relu', 'leaky_relu', 'leaky_relu', 'relu6', 'hardtanh'][pick(6)];
  const alpha = activation === 'leaky_relu' ? [0.01, 0.5, 1, 0.1][pick(4)] : 0;
  const half = [1, 4, 1e-3, 250][pick(4)], centre = rnd() < 0.7 ? 0 : half / 2;
  const box = dims === 2 ? [centre - half, centre + half, -half, half * 0.75] : [centre - half, centre + half];
  return { layers, weights, biases, alpha, box, activation };
}

function toolRegions(net) {
  const model = {
    layers: net.layers, activation: net.activation, output: 'linear', weights: net.weights, biases: net.biases,
    ...(net.activation === 'leaky_relu' ? { activation_params: { negative_slope: net.alpha } } : {}),
  };
  return engine.regions(model, net.box);
}

test('2-D: cells, patterns, pieces and areas of random mixed-scale nets equal exact arithmetic', () => {
  const rnd = mulberry32(20240611);
  let cells = 0, merged = 0;
  for (let t = 0; t < 400; ++t) {
    const net = awkwardNet(rnd, 2);
    const exact = exactRegions(net, net.box);
    const got = toolRegions(net);
    const what = `net ${t}: ${JSON.stringify(net)}`;
    assert.equal(got.patternRegions, exact.cells.length, what);
    assert.deepEqual([...got.patterns].sort(), exact.cells.map((c) => c.pattern).sort(), what);
    assert.equal(got.affinePieces, exact.pieces, what);
    const sum = exact.cells.reduce((s, c) => s.add(c.area), exact.cells[0].area.sub(exact.cells[0].area));
    assert.ok(sum.eq(exact.boxArea), `exact areas sum to the box exactly: ${what}`);
    const boxArea = exact.boxArea.toNumber();
    got.patterns.forEach((p, i) => {
      const want = exact.cells.find((c) => c.pattern === p).area.toNumber();
      assert.ok(Math.abs(got.area[i] - want) <= 1e-9 * boxArea, `area of ${p}: ${got.area[i]} vs ${want}; ${what}`);
    });
    cells += exact.cells.length;
    merged += exact.cells.length - exact.pieces;
  }
  assert.ok(cells > 1500 && merged > 150, `the nets are not trivial (${cells} cells, ${merged} merged into pieces)`);
});

test('1-D: intervals, patterns, kinks and pieces of random mixed-scale nets equal exact arithmetic', () => {
  const rnd = mulberry32(77);
  for (let t = 0; t < 300; ++t) {
    const net = awkwardNet(rnd, 1);
    const exact = exactRegions(net, net.box);
    const got = toolRegions(net);
    const what = `net ${t}: ${JSON.stringify(net)}`;
    assert.equal(got.patternRegions, exact.cells.length, what);
    assert.deepEqual([...got.patterns], exact.cells.map((c) => c.pattern), what);
    assert.equal(got.affinePieces, exact.pieces, what);
    exact.cells.forEach((c, i) => {
      if (i === 0) return;
      const want = c.lo.toNumber(), width = net.box[1] - net.box[0];
      assert.ok(Math.abs(got.breakpoints[i - 1] - want) <= 1e-12 * width, `breakpoint ${i}: ${got.breakpoints[i - 1]} vs ${want}; ${what}`);
    });
  }
});

// The reproductions of issue 11 section 1, as a user sends them.
function cli(request) {
  const r = alab({ op: 'regions', ...request });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.json;
}

test('a small slope on a large offset is its own piece (2-D and 1-D)', () => {
  const g = cli({ weights: [[[1, 0]], [[1e-6]]], biases: [[0], [1e6]], box: [-4, 4, -4, 4] });
  assert.equal(g.pattern_regions, 2);
  assert.equal(g.affine_pieces, 2);
  const g1 = cli({ weights: [[[1]], [[1e-6]]], biases: [[0], [1e6]], box: [-4, 4] });
  assert.equal(g1.affine_pieces, 2);
  assert.deepEqual(g1.kinks, [0]);
});

test('a cell 1e-12 thin is a cell', () => {
  const g = cli({ weights: [[[1, 0]], [[1]]], biases: [[-1e-12], [0]], box: [0, 1, 0, 1] });
  assert.equal(g.pattern_regions, 2);
  const thin = g.regions.find((r) => r.pattern === '0');
  assert.ok(Math.abs(thin.area - 1e-12) <= 1e-24, `area ${thin.area}`);
});

test('a small positive constant switches a neuron on, and regions agree with forward', () => {
  const net = { weights: [[[1, 0]], [[1e6]], [[1]]], biases: [[0], [1e-7], [5]] };
  const g = cli({ ...net, box: [-4, 4, -4, 4] });
  const left = g.regions.find((r) => r.centroid[0] < 0);
  assert.equal(left.pattern, '01');
  const f = alab({ op: 'forward', layers: [2, 1, 1, 1], ...net, x: [[-1, 0]] }).json;
  assert.equal(left.c[0], f.outputs[0][0]);
  assert.ok(Math.abs(left.c[0] - 5.0000001) < 1e-15);
});

test('tiny boxes keep their centroids and their pieces', () => {
  const g = cli({ weights: [[[1, 0]], [[1]]], biases: [[-5e-111], [0]], box: [0, 1e-110, 0, 1e-110] });
  assert.equal(g.pattern_regions, 2);
  for (const r of g.regions) {
    assert.ok(Math.abs(r.centroid[1] - 5e-111) <= 1e-125, `centroid ${r.centroid}`);
    assert.ok(Math.abs(r.centroid[0] - (r.pattern === '1' ? 7.5e-111 : 2.5e-111)) <= 1e-125, `centroid ${r.centroid}`);
  }
  const h = cli({ weights: [[[1, 0]], [[1]]], biases: [[-5e-151], [1]], box: [0, 1e-150, 0, 1e-150] });
  assert.equal(h.pattern_regions, 2);
  assert.equal(h.affine_pieces, 2, 'x + 1 - 5e-151 and 1 are different maps');
});

test('nets thousands of hidden layers deep are partitioned (the splitters do not recurse on depth)', () => {
  // relu(identity) 3000 times: the first layer's quadrants, each layer's lines on the first's
  const weights = [], biases = [];
  for (let l = 0; l < 3000; ++l) weights.push([[1, 0], [0, 1]]), biases.push([0, 0]);
  weights.push([[1, 2]]);
  biases.push([0]);
  const g = cli({ weights, biases, box: [-1, 1, -1, 1] });
  assert.equal(g.pattern_regions, 4);
  assert.equal(g.affine_pieces, 4);
  for (const r of g.regions) assert.equal(r.pattern, r.pattern.slice(0, 2).repeat(3000));
  const w1 = Array.from({ length: 5001 }, () => [[1]]), b1 = Array.from({ length: 5001 }, () => [0]);
  const h = cli({ weights: w1, biases: b1, box: [-1, 1] });
  assert.equal(h.pattern_regions, 2);
  assert.deepEqual(h.breakpoints, [0]);
});
