// The arithmetic behind the Regions panel's sub-views, without DOM or engine: networks cut down
// to their first k hidden layers, a hand-built sawtooth, a ReLU network smoothed into softplus,
// SiLU or Leaky ReLU, the general-position count, distances from points to cell boundaries,
// and the pair of a layer's neurons that spreads the plane widest. (The bound of Serra et al. 2018 is the engine's: engine.regionsUpperBound.)
// Models are the engine's network fields; regions are engine.regions results.

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
 * within r of it. 1-D partitions are intervals. Returns { dist: Float64Array, near: cells }.
 */
export function boundaryStats(reg, box, xs, r) {
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

/** Cells of a 2-D partition whose logit 0 (or top logit, K > 1) changes sign / winner between its vertices. */
export function boundaryCells(reg) {
  const K = reg.outputs;
  let count = 0;
  if (reg.inputs === 1) {
    const winner = (i, x) => (K === 1 ? Math.sign(reg.a[i] * x + reg.c[i]) : argmax(K, (k) => reg.a[i * K + k] * x + reg.c[i * K + k]));
    for (let i = 0; i + 1 < reg.bounds.length; i++) if (winner(i, reg.bounds[i]) !== winner(i, reg.bounds[i + 1])) count++;
    return count;
  }
  const { vertexStart: S, vertices: V, A, c } = reg;
  for (let r = 0; r + 1 < S.length; r++) {
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
  for (let i = 0; i < width; i++) {
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
