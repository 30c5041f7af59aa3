// The segment op on nets deep enough that double-precision error bounds no longer place a
// breakpoint (the core then takes its double-double maps), with ties planted that no
// floating-point bound can settle and only exact arithmetic can: neurons of several layers
// that switch at the very point where two first-layer lines cross, two neurons with
// proportional rows, a neuron that copies another. Checked against the BigInt oracle of
// tests/wasm/exact_regions.mjs: the same number of crossings, each t within 1e-12 of the
// exact one, the same pattern on every piece, and maps that agree with the point query;
// without maps (the tool's answer) the same crossings and patterns.
import test from 'node:test';
import assert from 'node:assert/strict';
import { alab } from './helpers.mjs';
import { loadEngine } from '../../tools/core-loader.mjs';
import { exactRegions, fromDouble, Q, ZERO } from './exact_regions.mjs';

const engine = await loadEngine();

// A seeded uniform generator in [0, 1) (Park-Miller), and weights on a 1/256 grid: short
// dyadic numbers keep the oracle's fractions small.
function generator(seed) {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647), s / 2147483647);
}
const grid = (x) => Math.round(x * 256) / 256;

// A 2-w-...-w-1 ReLU net (`depth` hidden layers) drawn like torch's nn.Linear, on the grid.
function deepNet(width, depth, seed) {
  const rnd = generator(seed);
  const sizes = [2, ...Array(depth).fill(width), 1];
  const weights = [], biases = [];
  for (let l = 0; l + 1 < sizes.length; ++l) {
    const s = 1 / Math.sqrt(sizes[l]);
    weights.push(Array.from({ length: sizes[l + 1] }, () => Array.from({ length: sizes[l] }, () => grid((2 * rnd() - 1) * s))));
    biases.push(Array.from({ length: sizes[l + 1] }, () => grid((2 * rnd() - 1) * s)));
  }
  return { layers: sizes, activation: 'relu', weights, biases };
}

// The hidden layers' post-activations at the point x, exactly (Q), layer by layer.
function exactActivations(net, x) {
  let h = x.map(fromDouble);
  const out = [];
  for (let l = 0; l + 1 < net.weights.length; ++l) {
    h = net.weights[l].map((row, j) => {
      const z = row.reduce((acc, w, k) => acc.add(fromDouble(w).mul(h[k])), fromDouble(net.biases[l][j]));
      return z.sign() > 0 ? z : ZERO;
    });
    out.push(h);
  }
  return out;
}

// Gives neuron j of hidden layer l the bias that puts its zero line through the point x
// (exactly: the bias must be a double, which the grid weights make it).
function throughPoint(net, l, j, x) {
  const h = l === 0 ? x.map(fromDouble) : exactActivations(net, x)[l - 1];
  const dot = net.weights[l][j].reduce((acc, w, k) => acc.add(fromDouble(w).mul(h[k])), ZERO);
  const b = dot.neg().toNumber();
  assert.ok(fromDouble(b).eq(dot.neg()), `the bias ${b} is not exactly -w.h`);
  net.biases[l][j] = b;
}

// The oracle's pieces of a -> b: [{lo (Q), pattern}], in order.
function exactPieces(net, a, b) {
  const inputs = a.map((ai, i) => ({ coef: [fromDouble(b[i]).sub(fromDouble(ai))], c: fromDouble(ai) }));
  return exactRegions(net, [0, 1], inputs).cells;
}

function checkAgainstOracle(net, a, b, what) {
  const got = engine.segment(net, a, b);
  const want = exactPieces(net, a, b);
  assert.equal(got.t.length, want.length - 1, `${what}: crossings`);
  want.slice(1).forEach((cell, i) => {
    const exact = cell.lo.toNumber();
    assert.ok(Math.abs(got.t[i] - exact) <= 1e-12, `${what}: t[${i}] = ${got.t[i]}, exact ${exact}`);
  });
  assert.deepEqual(got.patterns, want.map((cell) => cell.pattern), `${what}: patterns`);
  // Each piece's map is the point query's map at the piece's middle.
  const ts = [0, ...got.t, 1];
  for (let k = 0; k + 1 < ts.length; ++k) {
    const tm = (ts[k] + ts[k + 1]) / 2;
    const r = engine.regionAt(net, a.map((ai, i) => ai + tm * (b[i] - ai)));
    assert.equal(r.pattern, got.patterns[k], `${what}: piece ${k} pattern vs the point query`);
    r.A.forEach((v, i) => assert.ok(Math.abs(v - got.A[2 * k + i]) <= 1e-12, `${what}: piece ${k} A`));
    assert.ok(Math.abs(r.c[0] - got.c[k]) <= 1e-12, `${what}: piece ${k} c = ${got.c[k]}, the point query's ${r.c[0]}`);
  }
  return got;
}

test('deep nets: neurons of four layers switching exactly where two first-layer lines cross', () => {
  const P = [0.25, -0.375];
  for (const seed of [3, 17, 40]) {
    const net = deepNet(16, 6, seed);
    // Lines 0 and 1 of layer 1 meet at P; then one neuron of layers 2, 3 and 4 vanishes there too.
    throughPoint(net, 0, 0, P);
    throughPoint(net, 0, 1, P);
    for (const l of [1, 2, 3]) throughPoint(net, l, l, P);
    for (const [a, b] of [[[-0.75, -1.125], [1.25, 0.375]], [[0.25, -2.375], [0.25, 1.625]], [[-1.75, -0.375], [0.75, -0.375]]]) {
      const got = checkAgainstOracle(net, a, b, `seed ${seed} ${JSON.stringify([a, b])}`);
      // P lies at t = 1/2 on the first segment, 1/2 on the second and 4/5 on the third.
      const tP = a[0] === b[0] ? 0.5 : a[1] === b[1] ? 0.8 : 0.5;
      assert.ok(got.t.includes(tP), `seed ${seed}: a crossing at t = ${tP} (the point P), got ${got.t.slice(0, 40)}`);
    }
  }
});

test('deep nets: proportional rows and copied neurons in the deep layers switch together, counted once', () => {
  for (const seed of [5, 11, 29]) {
    const net = deepNet(16, 6, seed);
    for (const l of [2, 4]) {
      // Neuron 1 = 2 x neuron 0 (the same zero line), neuron 2 = -3/4 x neuron 0 (the same line, the other side).
      net.weights[l][1] = net.weights[l][0].map((w) => 2 * w);
      net.biases[l][1] = 2 * net.biases[l][0];
      net.weights[l][2] = net.weights[l][0].map((w) => -0.75 * w);
      net.biases[l][2] = -0.75 * net.biases[l][0];
    }
    // Neuron 3 of layer 4 copies neuron 5 of layer 3: on wherever that one is, off elsewhere.
    net.weights[3][3] = net.weights[3][3].map((_, k) => (k === 5 ? 1 : 0));
    net.biases[3][3] = 0;
    for (const [a, b] of [[[-1.5, -1.25], [1.5, 1]], [[-1.5, 1.5], [1.5, -1.5]], [[-2, 0.125], [2, -0.25]]])
      checkAgainstOracle(net, a, b, `seed ${seed} ${JSON.stringify([a, b])}`);
  }
});

test('a bias-free deep net: every zero line passes through the origin, one crossing there', () => {
  const net = deepNet(16, 6, 8);
  net.biases = net.biases.map((b) => b.map(() => 0));
  const got = checkAgainstOracle(net, [-1.5, -0.75], [3, 1.5], 'bias-free');
  assert.deepEqual(Array.from(got.t), [1 / 3]);
  // The command-line tool answers the same request the same way.
  const r = alab({ op: 'segment', weights: net.weights, biases: net.biases, a: [-1.5, -0.75], b: [3, 1.5] });
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual(r.json, { t: [1 / 3], pieces: 2 });
});

test('a deep 64-wide net: the segment across the data box equals the oracle', () => {
  const net = deepNet(64, 4, 2);
  checkAgainstOracle(net, [-6, -6], [6, 6], '2-64x4-1 diagonal');
});

test('without maps (the tool\'s segment answer): the same crossings and patterns, no maps', () => {
  const net = deepNet(64, 4, 2);
  for (const [a, b] of [[[-6, -6], [6, 6]], [[-6, 3], [5, -4]]]) {
    const full = engine.segment(net, a, b);
    const bare = engine.segment(net, a, b, { maps: false });
    assert.ok(full.t.length > 20, `${full.t.length} crossings`);
    assert.deepEqual(Array.from(bare.t), Array.from(full.t));
    assert.deepEqual(bare.patterns, full.patterns);
    assert.equal(bare.A.length, 0);
    assert.equal(bare.c.length, 0);
    assert.equal(full.A.length, (full.t.length + 1) * 2);
    const r = alab({ op: 'segment', weights: net.weights, biases: net.biases, a, b });
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(r.json, { t: Array.from(full.t), pieces: full.t.length + 1 });
  }
});
