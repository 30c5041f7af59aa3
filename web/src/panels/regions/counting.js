// The arithmetic behind the Regions panel and its sub-views, without DOM or engine: networks cut
// down to their first k hidden layers, a hand-built sawtooth, a ReLU network smoothed into
// softplus, SiLU or Leaky ReLU, the general-position count, distances from points to cell
// boundaries, the pair of a layer's neurons that spreads the plane widest, and from a
// partition's final cells: the cells after each layer, the cell across each edge and where a
// segment passes from cell to cell (outside their box, as the network's trainer says:
// segmentAlong). (The bound of Serra et al. 2018 is the engine's: engine.regionsUpperBound.)
// Models are the engine's network fields; regions are engine.regions results. The longer
// computations are generators too (kit/job.js jobFromGenerator), so a page can spread them
// over animation frames; complete() runs one at once.

/** Cells of n lines in general position in the plane: 1 + n + n(n-1)/2. */
export const generalPosition = (n) => 1 + n + (n * (n - 1)) / 2;

/** Hidden-layer counts d (up to 8) that split N neurons into equal layers of 2 or more. */
export const depthsOf = (N) => [1, 2, 3, 4, 6, 8].filter((d) => N % d === 0 && N / d >= 2);

/** The model's hidden layers 1..k with one output of zero weights (its cells are those of layers 1..k). */
export function truncate(m, k) {
  const cut = (v) => (Array.isArray(v) ? v.slice(0, k) : v);
  return { ...m,
    layers: [...m.layers.slice(0, k + 1), 1], activation: cut(m.activation), activation_params: cut(m.activation_params ?? {}), output: 'linear', output_params: undefined,
    weights: [...m.weights.slice(0, k), [Array(m.layers[k]).fill(0)]], biases: [...m.biases.slice(0, k), [0]],
  };
}

/**
 * L hidden layers of 2 ReLU neurons computing t^L(x), t the tent map 2x on [0, ½], 2 - 2x on
 * [½, 1]: each layer gets u = t(previous) + 1 > 0 through relu(u) and relu(u - 3/2), so
 * 2^L pieces on [0, 1].
 */
export function sawtooth(L) {
  const W = [[[1], [1]]];
  const b = [[1, -0.5]];
  for (let l = 1; l < L; l++) { W.push([[2, -4], [2, -4]]); b.push([-1, -2.5]); }
  W.push([[2, -4]]);
  b.push([-2]);
  return { layers: [1, ...Array(L).fill(2), 1], activation: 'relu', output: 'linear', weights: W, biases: b };
}

/** The parameter of a morph at slider position s (0..100): Leaky ReLU α = (1 - s/100)/2, else β = 2^(s/10)/4. */
export const morphParam = (fam, s) => (fam === 'leaky_relu' ? 0.5 * (1 - s / 100) : 2 ** (s / 10) / 4);

/**
 * A ReLU model with its activation replaced: Leaky ReLU with α, or f_β(z) = f(βz)/β for
 * softplus and SiLU, written as the plain activation with the weights rescaled (first layer
 * and every hidden bias times β, the last layer's weights over β). Both tend to ReLU.
 */
export function morph(m, fam, s) {
  const p = morphParam(fam, s);
  if (fam === 'leaky_relu') return { ...m, activation: fam, activation_params: { negative_slope: p } };
  const L = m.weights.length;
  const times = (v, f) => (Array.isArray(v) ? v.map((u) => times(u, f)) : v * f);
  return { ...m, activation: fam, activation_params: {},
    weights: m.weights.map((W, l) => (l === 0 ? times(W, p) : l === L - 1 ? times(W, 1 / p) : W)),
    biases: m.biases.map((b, l) => (l < L - 1 ? times(b, p) : b)) };
}

// FNV-1a over s[from .. to - 1] from the state h (start: FNV_START), and its final mix; the
// colours of patterns (regions_plugin.js) are by this hash, so patterns that differ in one
// neuron (neighbouring cells) land far apart.
export const FNV_START = 0x811c9dc5;
export function fnv(h, s, from, to) {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
export function mixHash(h) {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

// Cells between two yields of the generators below (a few hundred microseconds of work).
const SLICE = 256;

/** Runs a generator to its end and returns its result (the generators below, all at once). */
export function complete(gen) {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

// Distance from (px, py) to the segment (ax, ay)-(bx, by).
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const q = dx * dx + dy * dy;
  const s = q > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / q)) : 0;
  return Math.hypot(px - ax - s * dx, py - ay - s * dy);
}

/**
 * For each point (flat, `inputs` numbers a point) of a partition `reg` of `box`: the distance
 * to the nearest cell boundary (box sides are no boundary), and per cell whether a point lies
 * within r of it. 1-D partitions are intervals. A slice of cells at a time: a generator
 * (kit/job.js; complete() runs it at once) yielding {done, total} cells; returns
 * { dist: Float64Array, near: cells }.
 */
export function* boundaryStatsSteps(reg, box, xs, r) {
  const n = xs.length / reg.inputs;
  const dist = new Float64Array(n).fill(Infinity);
  const near = new Uint8Array(reg.patterns.length);
  if (reg.inputs === 1) {
    const b = reg.bounds;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      for (let k = 0; k + 1 < b.length; k++) {
        if (k > 0) dist[i] = Math.min(dist[i], Math.abs(x - b[k]));
        if (x >= b[k] - r && x <= b[k + 1] + r) near[k] = 1;
      }
    }
    return { dist, near: near.reduce((a, v) => a + v, 0) };
  }
  const { vertexStart: S, vertices: V } = reg;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => xs[2 * i] - xs[2 * j]);
  const eps = 1e-9 * Math.max(1, ...box.map(Math.abs));
  // An edge along a side of the box: both ends on the same side.
  const on = (a, b, j) => [box[2 * j], box[2 * j + 1]].some((e) => Math.abs(V[2 * a + j] - e) < eps && Math.abs(V[2 * b + j] - e) < eps);
  for (let c = 0; c + 1 < S.length; c++) {
    if (c % SLICE === SLICE - 1) yield { done: c, total: S.length - 1 };
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let v = S[c]; v < S[c + 1]; v++) {
      x0 = Math.min(x0, V[2 * v]); x1 = Math.max(x1, V[2 * v]); y0 = Math.min(y0, V[2 * v + 1]); y1 = Math.max(y1, V[2 * v + 1]);
    }
    let edges = null;   // built for cells with a point near their bounding box only
    let lo = 0, hi = n;   // the first point (by x) at or right of x0 - r
    while (lo < hi) { const mid = (lo + hi) >> 1; if (xs[2 * order[mid]] < x0 - r) lo = mid + 1; else hi = mid; }
    for (let k = lo; k < n && xs[2 * order[k]] <= x1 + r; k++) {
      const i = order[k], px = xs[2 * i], py = xs[2 * i + 1];
      if (py < y0 - r || py > y1 + r) continue;
      if (!edges) {
        edges = [];
        for (let v = S[c]; v < S[c + 1]; v++) {
          const w = v + 1 < S[c + 1] ? v + 1 : S[c];
          edges.push([V[2 * v], V[2 * v + 1], V[2 * w], V[2 * w + 1], on(v, w, 0) || on(v, w, 1)]);
        }
      }
      let inside = true, d = Infinity, dd = Infinity;
      for (const [ax, ay, bx, by, side] of edges) {
        if ((bx - ax) * (py - ay) - (by - ay) * (px - ax) < 0) inside = false;   // counter-clockwise: inside is on the left
        const e = segDist(px, py, ax, ay, bx, by);
        d = Math.min(d, e);
        if (!side) dd = Math.min(dd, e);
      }
      if (inside || d <= r) near[c] = 1;
      if (inside) dist[i] = Math.min(dist[i], dd);
    }
  }
  return { dist, near: near.reduce((a, v) => a + v, 0) };
}

/**
 * Cells of a partition whose logit 0 (or top logit, K > 1) changes sign / winner between its
 * vertices (1-D: its ends). A slice of cells at a time: a generator (kit/job.js; complete()
 * runs it at once) yielding {done, total} cells; returns the count.
 */
export function* boundaryCellsSteps(reg) {
  const K = reg.outputs;
  let count = 0;
  if (reg.inputs === 1) {
    const winner = (i, x) => (K === 1 ? Math.sign(reg.a[i] * x + reg.c[i]) : argmax(K, (k) => reg.a[i * K + k] * x + reg.c[i * K + k]));
    for (let i = 0; i + 1 < reg.bounds.length; i++) if (winner(i, reg.bounds[i]) !== winner(i, reg.bounds[i + 1])) count++;
    return count;
  }
  const { vertexStart: S, vertices: V, A, c } = reg;
  for (let r = 0; r + 1 < S.length; r++) {
    if (r % SLICE === SLICE - 1) yield { done: r, total: S.length - 1 };
    const seen = new Set();
    for (let v = S[r]; v < S[r + 1]; v++) {
      const z = (k) => A[(r * K + k) * 2] * V[2 * v] + A[(r * K + k) * 2 + 1] * V[2 * v + 1] + c[r * K + k];
      const w = K === 1 ? Math.sign(z(0)) : argmax(K, z) + 2;   // a vertex on the boundary (0) takes no side
      if (w) seen.add(w);
    }
    if (seen.size > 1) count++;
  }
  return count;
}

function argmax(K, f) {
  let best = 0;
  for (let k = 1; k < K; k++) if (f(k) > f(best)) best = k;
  return best;
}

/**
 * The two neurons of a layer whose outputs spread widest together, for the layer view's warped
 * plane when the link names none: the pair with the largest determinant of their 2 x 2
 * covariance over the points, var_i var_j - cov_ij^2 (the squared area of their spread). It is
 * 0 for a dead neuron (one value everywhere) and for two neurons whose outputs lie on one line,
 * the pictures that collapse to a point or a line. values: layer-major outputs, neuron i at
 * point p is values[off + p * width + i], for n points. Returns 0-based [i, j], i < j (the first
 * such pair on ties), or [0, 1] when every pair is degenerate; [0, 0] for a one-neuron layer.
 */
export function widestPair(values, off, n, width) {
  return complete(widestPairSteps(values, off, n, width));
}

/** widestPair a neuron at a time: a generator (kit/job.js) yielding {done, total} neurons. */
export function* widestPairSteps(values, off, n, width) {
  if (width < 2) return [0, 0];
  // Each neuron's outputs as one centred column (contiguous: the pair loop below is dot products).
  const cols = Array.from({ length: width }, () => new Float64Array(n));
  for (let p = 0; p < n; p++) for (let i = 0; i < width; i++) cols[i][p] = values[off + p * width + i];
  const sq = new Float64Array(width);   // n times each neuron's variance
  cols.forEach((c, i) => {
    let m = 0;
    for (let p = 0; p < n; p++) m += c[p];
    m /= n;
    for (let p = 0; p < n; p++) { c[p] -= m; sq[i] += c[p] * c[p]; }
  });
  let best = [0, 1];
  let top = 0;
  yield { done: 0, total: width };
  for (let i = 0; i < width; i++) {
    if (i % 4 === 3) yield { done: i, total: width };
    if (sq[i] === 0) continue;   // dead: no pair with it has any area
    const a = cols[i];
    for (let j = i + 1; j < width; j++) {
      if (sq[j] === 0) continue;
      const b = cols[j];
      let c = 0;
      for (let p = 0; p < n; p++) c += a[p] * b[p];
      const det = sq[i] * sq[j] - c * c;
      // Collinear outputs leave only rounding in the determinant: relative to the product, nothing.
      if (det > 1e-9 * sq[i] * sq[j] && det > top) { top = det; best = [i, j]; }
    }
  }
  return best;
}

/**
 * The cell across each edge of each cell of a 2-D partition `reg` of `box` (edge v runs from
 * vertex v to the next vertex of its cell), or -1 along the box. Neighbouring cells share
 * their edges whole (a neuron's line that meets a boundary goes on past it), but the core
 * makes a shared corner once for each cell, so the copies may differ in the last bits:
 * corners are matched within a billionth of the box. A generator (kit/job.js) yielding
 * {done, total} cells; returns an Int32Array, one entry a vertex.
 */
export function* cellNeighbours(reg, box) {
  const { vertexStart: S, vertices: V } = reg;
  const R = S.length - 1;
  const nv = S[R];
  const tol = 1e-9 * Math.max(box[1] - box[0], box[3] - box[2]);
  // Corners by bucket of side tol (open addressing on the bucket's two integers).
  let cap = 2;
  while (cap < 2 * nv) cap *= 2;
  const bx = new Int32Array(cap), by = new Int32Array(cap), id = new Int32Array(cap).fill(-1);
  const slot = (gx, gy) => {
    let h = (Math.imul(gx, 0x9e3779b1) ^ Math.imul(gy, 0x85ebca77)) & (cap - 1);
    while (id[h] >= 0 && (bx[h] !== gx || by[h] !== gy)) h = (h + 1) & (cap - 1);
    return h;
  };
  let corners = 0;
  const corner = new Int32Array(nv);
  const owner = new Int32Array(nv);
  const across = new Int32Array(nv).fill(-1);
  // Edges by their two corners (open addressing): the vertex of its first copy.
  const ea = new Int32Array(cap), eb = new Int32Array(cap), ev = new Int32Array(cap).fill(-1);
  for (let r = 0; r < R; r++) {
    if (r % SLICE === SLICE - 1) yield { done: r, total: R };
    for (let v = S[r]; v < S[r + 1]; v++) {
      const fx = (V[2 * v] - box[0]) / tol, fy = (V[2 * v + 1] - box[2]) / tol;
      const gx = Math.floor(fx), gy = Math.floor(fy);
      const h = slot(gx, gy);
      owner[v] = r;
      if (id[h] >= 0) { corner[v] = id[h]; continue; }
      // A copy just across a bucket's side lands in the next bucket.
      const dx = fx - gx < 0.01 ? -1 : fx - gx > 0.99 ? 1 : 0;
      const dy = fy - gy < 0.01 ? -1 : fy - gy > 0.99 ? 1 : 0;
      let c = -1;
      for (const [ox, oy] of [[dx, 0], [0, dy], [dx, dy]]) {
        if (!ox && !oy) continue;
        const h2 = slot(gx + ox, gy + oy);
        if (id[h2] >= 0) { c = id[h2]; break; }
      }
      if (c < 0) { bx[h] = gx; by[h] = gy; id[h] = c = corners++; }
      corner[v] = c;
    }
    for (let v = S[r]; v < S[r + 1]; v++) {
      const a = corner[v], b = corner[v + 1 < S[r + 1] ? v + 1 : S[r]];
      const lo = Math.min(a, b), hi = Math.max(a, b);
      let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & (cap - 1);
      while (ev[h] >= 0 && (ea[h] !== lo || eb[h] !== hi)) h = (h + 1) & (cap - 1);
      if (ev[h] < 0) { ea[h] = lo; eb[h] = hi; ev[h] = v; }
      else { across[v] = owner[ev[h]]; across[ev[h]] = r; }
    }
  }
  return across;
}

/**
 * The cells after hidden layers 1..k (k = 1..L) from the final cells of `reg`: those of one
 * k-layer prefix of the pattern (the points where layers 1..k stay in given pieces form one
 * convex set, made of whole final cells), as the core counts them (regions perLayer).
 * widths: the hidden layers' widths; colour(h) -> the fill of a prefix of FNV-1a state h.
 * A generator (kit/job.js) yielding {done, total} cells; returns { counts: cells after each
 * layer, groups: for each layer the cell (0 .. count - 1) each final cell lies in, fills: for
 * each layer each such cell's colour }.
 */
export function* layerGroups(reg, widths, colour) {
  const R = reg.patterns.length;
  const L = widths.length;
  const cuts = widths.map((_, k) => widths.slice(0, k + 1).reduce((x, y) => x + y, 0));
  const groups = widths.map(() => new Int32Array(R));
  const fills = widths.map(() => []);
  const counts = widths.map(() => 0);
  // Per layer, the cells after it by a hash of their prefix (open addressing; a hit is
  // checked against the first final cell of that cell: the same cell before and the same
  // pieces in this layer).
  let cap = 2;
  while (cap < 2 * R) cap *= 2;
  const table = widths.map(() => new Int32Array(cap).fill(-1));
  const parent = widths.map(() => []);
  const first = widths.map(() => []);
  for (let r = 0; r < R; r++) {
    if (r % SLICE === SLICE - 1) yield { done: r, total: R };
    const p = reg.patterns[r];
    let g = -1;
    let h = FNV_START;
    for (let k = 0; k < L; k++) {
      const from = k ? cuts[k - 1] : 0;
      h = fnv(h, p, from, cuts[k]);
      const T = table[k];
      let at = (h ^ (h >>> 16)) & (cap - 1);
      let n;
      for (;;) {
        n = T[at];
        if (n < 0) break;
        if (parent[k][n] === g) {
          const q = reg.patterns[first[k][n]];
          let i = from;
          while (i < cuts[k] && q.charCodeAt(i) === p.charCodeAt(i)) i++;
          if (i === cuts[k]) break;
        }
        at = (at + 1) & (cap - 1);
      }
      if (n < 0) {
        n = T[at] = counts[k]++;
        parent[k].push(g);
        first[k].push(r);
        fills[k].push(colour(h));
      }
      groups[k][r] = g = n;
    }
  }
  return { counts, groups, fills };
}

/**
 * The pieces of the segment a -> b in the cells of a partition `reg` of `box`: { t: the
 * parameters in (0, 1), ascending, where it passes into another cell, cells: the cell of each
 * piece (t.length + 1) }, or null when a or b lies outside the box. (Two cells differ in their
 * pattern: these are the points where the pattern changes along the segment.) A generator
 * (kit/job.js) yielding {done, total} cells.
 */
export function* segmentPieces(reg, box, a, b) {
  const d = reg.inputs;
  const slack = 1e-12 * Math.max(1, ...box.map(Math.abs));
  for (let i = 0; i < d; i++) {
    for (const p of [a, b]) if (!(p[i] >= box[2 * i] - slack && p[i] <= box[2 * i + 1] + slack)) return null;
  }
  const list = [];   // [t in, t out, cell]
  if (d === 1) {
    const B = reg.bounds;
    const span = b[0] - a[0];
    for (let k = 0; k + 1 < B.length; k++) {
      if (span === 0) { if (a[0] >= B[k] && a[0] <= B[k + 1]) list.push([0, 1, k]); continue; }
      const u = (B[k] - a[0]) / span, v = (B[k + 1] - a[0]) / span;
      const lo = Math.max(0, Math.min(u, v)), hi = Math.min(1, Math.max(u, v));
      if (hi - lo > 1e-12) list.push([lo, hi, k]);
    }
  } else {
    const { vertexStart: S, vertices: V } = reg;
    const [ax, ay] = a, ex = b[0] - ax, ey = b[1] - ay;
    const lx = Math.min(ax, b[0]), hx = Math.max(ax, b[0]), ly = Math.min(ay, b[1]), hy = Math.max(ay, b[1]);
    for (let r = 0; r + 1 < S.length; r++) {
      if (r % SLICE === SLICE - 1) yield { done: r, total: S.length - 1 };
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (let v = S[r]; v < S[r + 1]; v++) {
        x0 = Math.min(x0, V[2 * v]); x1 = Math.max(x1, V[2 * v]); y0 = Math.min(y0, V[2 * v + 1]); y1 = Math.max(y1, V[2 * v + 1]);
      }
      if (x1 < lx || x0 > hx || y1 < ly || y0 > hy) continue;
      // The cell is convex, counter-clockwise: the segment's points left of every edge.
      let lo = 0, hi = 1;
      for (let v = S[r]; v < S[r + 1] && lo < hi; v++) {
        const w = v + 1 < S[r + 1] ? v + 1 : S[r];
        const qx = V[2 * w] - V[2 * v], qy = V[2 * w + 1] - V[2 * v + 1];
        const f0 = qx * (ay - V[2 * v + 1]) - qy * (ax - V[2 * v]);
        const f1 = qx * ey - qy * ex;
        if (f1 > 0) lo = Math.max(lo, -f0 / f1);
        else if (f1 < 0) hi = Math.min(hi, -f0 / f1);
        else if (f0 < 0) hi = -1;
      }
      if (hi - lo > 1e-12 || (ex === 0 && ey === 0 && hi >= lo)) list.push([lo, hi, r]);
    }
  }
  list.sort((u, v) => u[0] - v[0]);
  const t = [];
  const cells = [];
  let end = -Infinity;
  for (const [lo, hi, r] of list) {
    if (hi - lo <= 1e-12 && cells.length) continue;   // (a piece of no length: a corner touched)
    if (lo < end - 1e-9) continue;                  // (the segment along a boundary: one side only)
    if (cells.length) t.push(lo);
    cells.push(r);
    end = hi;
  }
  return { t, cells };
}

/**
 * Where a -> b passes from cell to cell, for the Regions panel and its line view: from the
 * cells `reg` of `box` (segmentPieces) when a and b lie in the box, else from the network's
 * trainer (net.trainer.segment, the one engine call here, on a yield of its own). Returns
 * { t: the parameters in (0, 1) ascending, map(k): piece k's [A (one number per input), c]
 * for the first output }, or null when the core refuses.
 */
export function* segmentAlong(net, reg, box, a, b) {
  const d = reg.inputs;
  const K = reg.outputs;
  const pieces = yield* segmentPieces(reg, box, a, b);
  if (pieces) {
    return { t: pieces.t, map: (k) => {
      const r = pieces.cells[k];
      return d === 2 ? [[reg.A[r * K * 2], reg.A[r * K * 2 + 1]], reg.c[r * K]] : [[reg.a[r * K]], reg.c[r * K]];
    } };
  }
  yield;
  let seg;
  try { seg = net.trainer.segment(a, b); } catch { return null; }
  yield;
  return { t: Array.from(seg.t), map: (k) => [Array.from({ length: d }, (_, i) => seg.A[k * seg.outputs * d + i]), seg.c[k * seg.outputs]] };
}
