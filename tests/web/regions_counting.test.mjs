// The arithmetic of the Regions sub-views (web/src/panels/regions/counting.js) against
// independent computations: the Serra et al. bound they show (engine.regionsUpperBound)
// against a brute-force sum over every tuple (j_1..j_L), the sawtooth's 2^L pieces and the
// truncated nets' cells as the engine counts them (and as its per-layer counts say), the
// smoothed nets tending to the ReLU net, and distances to boundaries by hand.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';
import {
  generalPosition, depthsOf, truncate, sawtooth, morph, boundaryStats, boundaryCells,
} from '../../web/src/panels/regions/counting.js';

let engine;
before(async () => { engine = await loadEngine(); });

// Theorem 1 of Serra, Tjandraatmadja and Ramalingam (2018) written out literally: every tuple,
// each j_l checked against min(n0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l), binomials by Pascal's rule.
function bruteBound(n0, widths) {
  const pascal = [[1n]];
  for (let n = 1; n <= 64; n++) pascal.push(Array.from({ length: n + 1 }, (_, k) => (k === 0 || k === n ? 1n : pascal[n - 1][k - 1] + pascal[n - 1][k])));
  let sum = 0n;
  const walk = (l, js) => {
    if (l === widths.length) {
      sum += js.reduce((p, j, i) => p * pascal[widths[i]][j], 1n);
      return;
    }
    const cap = Math.min(n0, widths[l], ...js.map((j, i) => widths[i] - j));
    for (let j = 0; j <= cap; j++) walk(l + 1, [...js, j]);
  };
  walk(0, []);
  return sum;
}

test('the bound of Serra et al. (engine.regionsUpperBound) equals the sum over every tuple, for many widths and input dimensions', () => {
  const serraBound = (n0, w) => engine.regionsUpperBound(n0, w);
  const cases = [[2, [8]], [2, [8, 8]], [2, [3, 3, 3, 3, 3, 3, 3, 3]], [2, [6, 6, 6, 6]], [1, [4, 4, 4]], [3, [5, 2, 7]], [2, [1, 5, 9]], [4, [12, 12]], [2, [24, 24]]];
  for (const [n0, w] of cases) assert.equal(serraBound(n0, w), bruteBound(n0, w), `${n0} inputs, widths ${w}`);
  // The reference files' values (shared/reference/regions: relu_1x8, relu_2x8).
  assert.equal(serraBound(2, [8]), 37n);
  assert.equal(serraBound(2, [8, 8]), 1369n);
  // One layer of n lines in the plane: the general-position count.
  for (let n = 1; n <= 48; n++) assert.equal(serraBound(2, [n]), BigInt(generalPosition(n)));
  // Beyond 2^53 it stays exact.
  const big = serraBound(2, Array(8).fill(48));
  assert.equal(big, BigInt(generalPosition(48)) ** 8n);
  assert.ok(big > 2n ** 53n);
});

test('the depths of a budget split it into equal layers of at least 2 neurons', () => {
  assert.deepEqual(depthsOf(24), [1, 2, 3, 4, 6, 8]);
  assert.deepEqual(depthsOf(12), [1, 2, 3, 4, 6]);
  for (const N of [12, 24, 36, 48]) for (const d of depthsOf(N)) assert.ok(N % d === 0 && N / d >= 2);
});

test('the sawtooth net has 2^L pieces on [0, 1], exactly, and its output is the tent map iterated', () => {
  for (let L = 1; L <= 12; L++) {
    const r = engine.regions(sawtooth(L), [0, 1]);
    assert.equal(r.affinePieces, 2 ** L, `L = ${L}`);
    assert.equal(r.patternRegions, 2 ** L, `L = ${L}`);
  }
  const tent = (u) => (u <= 0.5 ? 2 * u : 2 - 2 * u);
  const xs = [0, 0.1, 0.3, 0.37, 0.5, 0.77, 1];
  const out = engine.forward(sawtooth(5), xs, { jacobians: false }).logits;
  xs.forEach((x, i) => {
    let u = x;
    for (let l = 0; l < 5; l++) u = tent(u);
    assert.ok(Math.abs(out[i] - u) < 1e-12, `t^5(${x}) = ${u}, net ${out[i]}`);
  });
});

test('a net cut to its first k hidden layers has the cells of those layers: the last k is the whole net', () => {
  const model = engine.createTrainer({ layers: [2, 6, 5, 4, 1], activation: 'relu', output: 'sigmoid', loss: 'bce', seed: 3 },
    engine.makeDataset('xor', { n: 20, seed: 1 }).train).exportModel();
  const box = engine.dataBox(2);
  const counts = [1, 2, 3].map((k) => engine.regions(truncate(model, k), box).patternRegions);
  assert.equal(counts[2], engine.regions(model, box).patternRegions);
  assert.deepEqual(engine.regions(model, box, { perLayer: true }).cellsPerLayer, counts);
  assert.ok(counts[0] <= counts[1] && counts[1] <= counts[2], `cells never merge when a layer is added: ${counts}`);
  // Layer 1 alone: its lines in general position, counted by the engine from truncate(model, 1) and by hand at 6 lines at most.
  assert.ok(counts[0] <= generalPosition(6));
  // The patterns of layers 1..k are the prefixes of the whole net's.
  const p1 = new Set(engine.regions(truncate(model, 1), box).patterns);
  for (const p of engine.regions(model, box).patterns) assert.ok(p1.has(p.slice(0, 6)));
});

test('softplus and SiLU with a large β and Leaky ReLU with α = 0 give the ReLU net; small β is far from it', () => {
  const model = engine.createTrainer({ layers: [2, 8, 8, 1], activation: 'relu', output: 'linear', loss: 'mse', seed: 5 },
    engine.makeDataset('circle', { n: 20, seed: 1 }).train).exportModel();
  const xs = Array.from({ length: 80 }, (_, i) => Math.sin(i * 1.7) * 5);
  const relu = engine.forward(model, xs, { jacobians: false }).logits;
  const gap = (m) => Math.max(...engine.forward(m, xs, { jacobians: false }).logits.map((v, i) => Math.abs(v - relu[i])));
  assert.equal(gap(morph(model, 'leaky_relu', 100)), 0);
  for (const fam of ['softplus', 'silu']) {
    assert.ok(gap(morph(model, fam, 100)) < 0.05, `${fam} at β = 256: ${gap(morph(model, fam, 100))}`);
    assert.ok(gap(morph(model, fam, 0)) > 10 * gap(morph(model, fam, 100)), `${fam} at β = 1/4 is not closer`);
  }
});

test('distances to the nearest boundary and cells near points, on one hand-made line x = 1', () => {
  // One neuron relu(x - 1): the box [-2, 2]² is cut into two cells along x = 1.
  const model = { layers: [2, 1, 1], activation: 'relu', output: 'linear', weights: [[[1, 0]], [[1]]], biases: [[-1], [-0.5]] };
  const box = [-2, 2, -2, 2];
  const reg = engine.regions(model, box);
  assert.equal(reg.patternRegions, 2);
  const pts = [0.5, 0, -1.5, 1.9, 1.75, -1];
  const { dist, near } = boundaryStats(reg, box, pts, 0.1);
  assert.deepEqual(Array.from(dist).map((d) => Number(d.toFixed(12))), [0.5, 2.5, 0.75]);   // box sides are no boundary
  assert.equal(near, 2);
  assert.equal(boundaryStats(reg, box, [-1.5, 0], 0.1).near, 1);
  // logit relu(x - 1) - 0.5 changes sign at x = 1.5, inside the right cell only.
  assert.equal(boundaryCells(reg), 1);
  // 1-D: breakpoints at x = 1 only.
  const m1 = { layers: [1, 1, 1], activation: 'relu', output: 'linear', weights: [[[1]], [[1]]], biases: [[-1], [0]] };
  const r1 = engine.regions(m1, [-2, 2]);
  assert.deepEqual(Array.from(boundaryStats(r1, [-2, 2], [0.25, 1.5], 0.1).dist), [0.75, 0.5]);
});
