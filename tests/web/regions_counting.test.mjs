// The arithmetic of the Regions sub-views (web/src/panels/regions/counting.js) against
// independent computations: the Serra et al. bound they show (engine.regionsUpperBound)
// against a brute-force sum over every tuple (j_1..j_L), the sawtooth's 2^L pieces and the
// truncated nets' cells as the engine counts them (and as its per-layer counts say), the
// smoothed nets tending to the ReLU net, distances to boundaries by hand, and the layer view's
// default pair of neurons against every pair's covariance determinant computed apart.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../tools/core-loader.mjs';
import {
  generalPosition, depthsOf, truncate, sawtooth, morph, boundaryStatsSteps, boundaryCellsSteps, widestPair,
  cellNeighbours, layerGroups, segmentPieces, segmentAlong, complete,
} from '../../web/src/panels/regions/counting.js';
import { patternColour, hashColour } from '../../web/src/panels/regions/regions_plugin.js';
import { jobFromGenerator } from '../../web/src/kit/job.js';

let engine;
before(async () => { engine = await loadEngine(); });

// The page's generators run at once, and stepped as the line view's job steps them (a slice of
// cells a step): the result and how many steps it took.
const boundaryStats = (reg, box, xs, r) => complete(boundaryStatsSteps(reg, box, xs, r));
const boundaryCells = (reg) => complete(boundaryCellsSteps(reg));
function stepped(gen) {
  const job = jobFromGenerator(gen);
  let steps = 0;
  for (;;) {
    const p = job.step(0);   // a budget of 0: one slice a step
    steps++;
    if (p.done) return { result: p.result, steps };
  }
}

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

test('distances, cells near points and cells the decision boundary crosses, a slice of cells at a time over a partition of many slices, against every edge of every cell and the network at each cell\'s corners', () => {
  const trainer = engine.createTrainer({ layers: [2, 32, 32, 1], activation: 'relu', output: 'linear', loss: 'mse', seed: 3 },
    engine.makeDataset('circle', { n: 20, seed: 1 }).train);
  const model = trainer.exportModel();
  trainer.delete();
  const box = engine.dataBox(2);
  const reg = engine.regions(model, box);
  const { vertexStart: S, vertices: V } = reg;
  const R = S.length - 1;
  assert.ok(R > 3 * 256, `${R} cells: several slices`);
  // 150 points spread over the box (a fixed quasi-random sequence) and a radius of 0.2.
  const xs = [];
  for (let i = 0; i < 150; i++) xs.push(box[0] + (box[1] - box[0]) * ((i * 0.6180339887) % 1), box[2] + (box[3] - box[2]) * ((i * 0.7548776662 + 0.1) % 1));
  const r = 0.2;
  const { result: stats, steps } = stepped(boundaryStatsSteps(reg, box, xs, r));
  assert.ok(steps > 3, `${steps} steps`);
  // By hand: every edge of every cell (a side of the box is no boundary), every point against every cell.
  const eps = 1e-9 * Math.max(...box.map(Math.abs));
  const onSide = (a, b, j) => [box[2 * j], box[2 * j + 1]].some((e) => Math.abs(V[2 * a + j] - e) < eps && Math.abs(V[2 * b + j] - e) < eps);
  const segDist = (px, py, ax, ay, bx, by) => {
    const dx = bx - ax, dy = by - ay;
    const u = Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - ax - u * dx, py - ay - u * dy);
  };
  const dist = new Float64Array(xs.length / 2).fill(Infinity);
  let near = 0;
  for (let c = 0; c < R; c++) {
    let hit = false;
    for (let i = 0; i < xs.length / 2; i++) {
      const [px, py] = [xs[2 * i], xs[2 * i + 1]];
      let inside = true;
      for (let v = S[c]; v < S[c + 1]; v++) {
        const w = v + 1 < S[c + 1] ? v + 1 : S[c];
        const [ax, ay, bx, by] = [V[2 * v], V[2 * v + 1], V[2 * w], V[2 * w + 1]];
        if ((bx - ax) * (py - ay) - (by - ay) * (px - ax) < 0) inside = false;
        const d = segDist(px, py, ax, ay, bx, by);
        if (d <= r) hit = true;
        if (!onSide(v, w, 0) && !onSide(v, w, 1)) dist[i] = Math.min(dist[i], d);
      }
      if (inside) hit = true;
    }
    if (hit) near++;
  }
  assert.equal(stats.near, near);
  assert.ok(near > 20 && near < R, `${near} of ${R} cells near the points`);
  stats.dist.forEach((d, i) => assert.ok(Math.abs(d - dist[i]) < 1e-9, `point ${i}: ${d} vs ${dist[i]}`));
  // The network's output just inside each corner of each cell: a cell the decision boundary
  // (output 0) crosses has corners of both signs.
  const probes = [];
  for (let c = 0; c < R; c++) {
    let cx = 0, cy = 0;
    for (let v = S[c]; v < S[c + 1]; v++) { cx += V[2 * v] / (S[c + 1] - S[c]); cy += V[2 * v + 1] / (S[c + 1] - S[c]); }
    for (let v = S[c]; v < S[c + 1]; v++) probes.push(V[2 * v] + 1e-7 * (cx - V[2 * v]), V[2 * v + 1] + 1e-7 * (cy - V[2 * v + 1]));
  }
  const out = engine.forward(model, probes, { jacobians: false }).logits;
  let crossed = 0;
  for (let c = 0; c < R; c++) {
    const signs = new Set();
    for (let v = S[c]; v < S[c + 1]; v++) signs.add(Math.sign(out[v]));
    if (signs.has(1) && signs.has(-1)) crossed++;
  }
  const cells = stepped(boundaryCellsSteps(reg));
  assert.ok(cells.steps > 3, `${cells.steps} steps`);
  assert.equal(cells.result, crossed);
  assert.ok(crossed > 0);
});

// Every pair's covariance determinant by the textbook formula E[ab] - E[a]E[b] (not the
// centred sums widestPair uses), over rows of `width` outputs.
function pairAreas(rows, width) {
  const E = (f) => rows.reduce((acc, r) => acc + f(r), 0) / rows.length;
  const cov = (i, j) => E((r) => r[i] * r[j]) - E((r) => r[i]) * E((r) => r[j]);
  const areas = [];
  for (let i = 0; i < width; i++) for (let j = i + 1; j < width; j++) areas.push({ pair: [i, j], det: cov(i, i) * cov(j, j) - cov(i, j) ** 2, vi: cov(i, i), vj: cov(j, j) });
  return areas;
}

test('the widest pair skips dead and collinear neurons, however large their outputs', () => {
  // Six neurons over a 9 x 9 grid: 0 dead, 1 = x, 2 = 50 x + 3 (on one line with 1, large),
  // 3 = -40 x (the same line again), 4 = ReLU(y), 5 = ReLU(x + y) / 10.
  const rows = [];
  for (let a = 0; a < 9; a++) for (let b = 0; b < 9; b++) {
    const x = a / 4 - 1, y = b / 4 - 1;
    rows.push([0, x, 50 * x + 3, -40 * x, Math.max(0, y), Math.max(0, x + y) / 10]);
  }
  const values = [7, 7, ...rows.flat()];   // two numbers of another layer first: off = 2
  const got = widestPair(values, 2, rows.length, 6);
  const areas = pairAreas(rows, 6);
  const best = areas.filter((p) => p.det > 1e-9 * p.vi * p.vj).reduce((a, b) => (b.det > a.det ? b : a));
  assert.deepEqual(got, best.pair);
  assert.ok(got.includes(4), `the picture needs the one neuron off the line of 1, 2, 3: ${got}`);
  assert.ok(!got.includes(0));
  // The old default pair (neurons 1 and 2, here 0 and 1) has no area at all.
  assert.equal(areas[0].det, 0);
});

test('the widest pair of random ReLU layers is the pair of largest area over every pair', () => {
  let seed = 11;
  const rand = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32 - 0.5; };
  for (const width of [2, 3, 8, 17]) {
    const w = Array.from({ length: width }, () => [rand(), rand(), rand()]);
    const rows = Array.from({ length: 200 }, () => {
      const x = 6 * rand(), y = 6 * rand();
      return w.map(([a, b, c]) => Math.max(0, a * x + b * y + c));
    });
    const got = widestPair(rows.flat(), 0, rows.length, width);
    const areas = pairAreas(rows, width);
    const top = Math.max(...areas.map((p) => p.det));
    const mine = areas.find((p) => p.pair[0] === got[0] && p.pair[1] === got[1]);
    assert.ok(got[0] < got[1], `${got}`);
    assert.ok(Math.abs(mine.det - top) <= 1e-9 * top, `width ${width}: ${got} has ${mine.det}, the widest ${top}`);
  }
});

test('with no pair of any area the widest pair is neurons 1 and 2; one neuron is paired with itself', () => {
  const line = Array.from({ length: 20 }, (_, p) => [p, 2 * p, 0, -p]).flat();
  assert.deepEqual(widestPair(line, 0, 20, 4), [0, 1]);
  assert.deepEqual(widestPair([1, 2, 3], 0, 3, 1), [0, 0]);
});

// The layer and line views work from the panel's final cells: the cells after each layer are
// the engine's per-layer counts (and those of the truncated nets), each coloured as its prefix
// pattern; every edge inside the box has the cell across it, which shares that edge (its two
// ends) and whose pattern is another; the segment's pieces are engine.segment's.
test('the cells after each layer, the cell across each edge and a segment\'s pieces, from the final cells', () => {
  for (const [layers, seed] of [[[2, 6, 5, 4, 1], 3], [[2, 12, 12, 12, 1], 8]]) {
    const model = engine.createTrainer({ layers, activation: 'relu', output: 'linear', loss: 'mse', seed },
      engine.makeDataset('circle', { n: 20, seed: 1 }).train).exportModel();
    const box = engine.dataBox(2);
    const reg = engine.regions(model, box, { perLayer: true });
    const widths = layers.slice(1, -1);
    const g = complete(layerGroups(reg, widths, hashColour));
    assert.deepEqual(g.counts, reg.cellsPerLayer);
    assert.deepEqual(g.counts, widths.map((_, k) => engine.regions(truncate(model, k + 1), box).patternRegions));
    let cut = 0;
    widths.forEach((w, k) => {
      cut += w;
      for (let r = 0; r < reg.patternRegions; r++) assert.equal(g.fills[k][g.groups[k][r]], patternColour(reg.patterns[r].slice(0, cut)));
    });
    const across = complete(cellNeighbours(reg, box));
    const { vertexStart: S, vertices: V } = reg;
    const near = (v, w) => Math.hypot(V[2 * v] - V[2 * w], V[2 * v + 1] - V[2 * w + 1]) < 1e-9;
    let inner = 0;
    for (let r = 0; r < reg.patternRegions; r++) {
      for (let v = S[r]; v < S[r + 1]; v++) {
        const w = v + 1 < S[r + 1] ? v + 1 : S[r];
        const onSide = [0, 1].some((j) => [box[2 * j], box[2 * j + 1]].some((e) => Math.abs(V[2 * v + j] - e) < 1e-9 && Math.abs(V[2 * w + j] - e) < 1e-9));
        const n = across[v];
        assert.equal(n < 0, onSide, `cell ${r}, edge ${v}`);
        if (n < 0) continue;
        inner++;
        assert.notEqual(reg.patterns[n], reg.patterns[r]);
        let both = false;
        for (let x = S[n]; x < S[n + 1]; x++) if (near(x, w) && near(x + 1 < S[n + 1] ? x + 1 : S[n], v)) both = true;
        assert.ok(both, `cell ${n} has no edge ${w} -> ${v}`);
      }
    }
    assert.ok(inner > 0);
    for (const [a, b] of [[[-4.5, -3], [5, 4.2]], [[-6, -6], [6, 6]], [[1, -6], [1, 6]], [[0.3, 0.2], [0.3, 0.2]]]) {
      const mine = complete(segmentPieces(reg, box, a, b));
      const ref = engine.segment(model, a, b);
      assert.equal(mine.t.length, ref.t.length, `${a} -> ${b}`);
      mine.t.forEach((t, i) => assert.ok(Math.abs(t - ref.t[i]) < 1e-9, `${a} -> ${b}: t ${t} vs ${ref.t[i]}`));
      assert.deepEqual(mine.cells.map((r) => reg.patterns[r]), Array.from(ref.patterns));
    }
    assert.equal(complete(segmentPieces(reg, box, [0, 0], [7, 0])), null, 'b outside the box');
  }
  // 1-D: the intervals after each layer, and a segment across them either way.
  const m1 = engine.createTrainer({ layers: [1, 5, 5, 1], activation: 'relu', output: 'linear', loss: 'mse', seed: 2 },
    engine.makeDataset('sin', { n: 20, seed: 1 }).train).exportModel();
  const box1 = engine.dataBox(1);
  const r1 = engine.regions(m1, box1, { perLayer: true });
  assert.deepEqual(complete(layerGroups(r1, [5, 5], hashColour)).counts, r1.cellsPerLayer);
  for (const [a, b] of [[[box1[0]], [box1[1]]], [[2], [-3]]]) {
    const mine = complete(segmentPieces(r1, box1, a, b));
    const ref = engine.segment(m1, a, b);
    assert.equal(mine.t.length, ref.t.length);
    assert.deepEqual(mine.cells.map((r) => r1.patterns[r]), Array.from(ref.patterns));
  }
});

test('a segment\'s pieces and their maps, from the cells inside the box and from the trainer outside it (segmentAlong), against the network\'s output', () => {
  const check = (trainer, reg, box, a, b, whence) => {
    const model = trainer.exportModel();
    const seg = complete(segmentAlong({ trainer }, reg, box, a, b));
    const ref = engine.segment(model, a, b);
    assert.equal(seg.t.length, ref.t.length, `${whence} ${a} -> ${b}`);
    seg.t.forEach((t, i) => assert.ok(Math.abs(t - ref.t[i]) < 1e-9, `${a} -> ${b}: t ${t} vs ${ref.t[i]}`));
    // Each piece's map gives the network's output at the middle of the piece.
    const at = [0, ...seg.t, 1];
    for (let k = 0; k + 1 < at.length; k++) {
      const s = (at[k] + at[k + 1]) / 2;
      const x = a.map((ai, i) => ai + s * (b[i] - ai));
      const [A, c] = seg.map(k);
      assert.equal(A.length, a.length);
      const z = A.reduce((acc, w, i) => acc + w * x[i], c);
      const out = engine.forward(model, x).logits[0];
      assert.ok(Math.abs(z - out) < 1e-9 * Math.max(1, Math.abs(out)), `${whence} ${a} -> ${b}, piece ${k}: ${z} vs ${out}`);
    }
  };
  const trainer = engine.createTrainer({ layers: [2, 12, 12, 12, 1], activation: 'relu', output: 'linear', loss: 'mse', seed: 8 },
    engine.makeDataset('circle', { n: 20, seed: 1 }).train);
  const box = engine.dataBox(2);
  const reg = engine.regions(trainer.exportModel(), box);
  for (const [a, b] of [[[-4.5, -3], [5, 4.2]], [[1, -6], [1, 6]]]) check(trainer, reg, box, a, b, 'cells');
  for (const [a, b] of [[[0, 0], [7, 0]], [[-9, 3], [8, -2]]]) check(trainer, reg, box, a, b, 'trainer');
  assert.equal(complete(segmentAlong({ trainer }, reg, box, [0, NaN], [1, 1])), null, 'the core refuses NaN: no segment');
  const t1 = engine.createTrainer({ layers: [1, 5, 5, 1], activation: 'relu', output: 'linear', loss: 'mse', seed: 2 },
    engine.makeDataset('sin', { n: 20, seed: 1 }).train);
  const box1 = engine.dataBox(1);
  const r1 = engine.regions(t1.exportModel(), box1);
  check(t1, r1, box1, [2], [-3], 'cells');
  check(t1, r1, box1, [-9], [9], 'trainer');
  trainer.delete();
  t1.delete();
});
