// An exact linear-region counter for the tests, independent of the core: rational numbers
// as BigInt fractions, the weights taken as the exact values of their doubles, polygons
// clipped with exact arithmetic. Small nets only (it is quadratic in the cells and its
// numbers grow with depth). Not a general library: ReLU, Leaky ReLU, ReLU6 and HardTanh
// hidden layers, 1 or 2 inputs, linear output.
//
// A cell's hidden pieces are read at its centroid (inside it, as its area is positive), not
// from the signs at its vertices as the core does; pieces of equal maps are merged by testing
// every pair of cells for a common edge of positive length.

const abs = (a) => (a < 0n ? -a : a);
function gcd(a, b) {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A rational n / d, d > 0, in lowest terms. */
export class Q {
  constructor(n, d = 1n) {
    if (d === 0n) throw new Error('division by zero');
    if (d < 0n) (n = -n), (d = -d);
    const g = gcd(n, d) || 1n;
    this.n = n / g;
    this.d = d / g;
  }
  add(b) { return new Q(this.n * b.d + b.n * this.d, this.d * b.d); }
  sub(b) { return new Q(this.n * b.d - b.n * this.d, this.d * b.d); }
  mul(b) { return new Q(this.n * b.n, this.d * b.d); }
  div(b) { return new Q(this.n * b.d, this.d * b.n); }
  neg() { return new Q(-this.n, this.d); }
  sign() { return this.n > 0n ? 1 : this.n < 0n ? -1 : 0; }
  eq(b) { return this.n === b.n && this.d === b.d; }
  cmp(b) { return this.sub(b).sign(); }
  /** The nearest double, or close to it (a few ulps). */
  toNumber() {
    if (this.n === 0n) return 0;
    // Scale to 64 significant bits, then let Number() round once more.
    const bits = (x) => abs(x).toString(2).length;
    const shift = bits(this.n) - bits(this.d) - 64;
    const q = shift >= 0 ? this.n / (this.d << BigInt(shift)) : (this.n << BigInt(-shift)) / this.d;
    return Number(q) * 2 ** shift;
  }
}
export const ZERO = new Q(0n), ONE = new Q(1n);

/** The exact value of a double. */
export function fromDouble(x) {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`);
  if (x === 0) return ZERO;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (biased !== 0) (mant |= 1n << 52n), (e = biased - 1075);
  const n = hi >>> 31 ? -mant : mant;
  return e >= 0 ? new Q(n << BigInt(e)) : new Q(n, 1n << BigInt(-e));
}

// An affine map of the cell's coordinates: coefficients (one per input) and a constant.
const evalMap = (m, p) => m.coef.reduce((s, c, i) => s.add(c.mul(p[i])), m.c);
const mapsEqual = (a, b) => a.every((m, o) => m.c.eq(b[o].c) && m.coef.every((c, i) => c.eq(b[o].coef[i])));

// Maps of layer l's pre-activations from the maps of its inputs.
function layerMaps(W, b, inputs) {
  return W.map((row, j) => {
    let m = { coef: inputs[0].coef.map(() => ZERO), c: fromDouble(b[j]) };
    row.forEach((w, k) => {
      const wq = fromDouble(w);
      if (wq.sign() === 0) return;
      m = { coef: m.coef.map((c, i) => c.add(wq.mul(inputs[k].coef[i]))), c: m.c.add(wq.mul(inputs[k].c)) };
    });
    return m;
  });
}

// 2-D polygons: arrays of [x, y] (Q), counter-clockwise.
function area2(poly) {
  let s = ZERO;
  for (let i = 0; i < poly.length; ++i) {
    const [x0, y0] = poly[i], [x1, y1] = poly[(i + 1) % poly.length];
    s = s.add(x0.mul(y1).sub(x1.mul(y0)));
  }
  return s;
}
function centroid(poly) {
  // The vertex average: inside a convex polygon of positive area.
  const n = new Q(BigInt(poly.length));
  return [0, 1].map((i) => poly.reduce((s, p) => s.add(p[i]), ZERO).div(n));
}
// Splits a convex polygon by z = 0 when it has vertices strictly on both sides.
function clip(poly, z) {
  const v = poly.map((p) => evalMap(z, p));
  if (!v.some((x) => x.sign() > 0) || !v.some((x) => x.sign() < 0)) return [poly];
  const halves = [[], []];
  for (let i = 0; i < poly.length; ++i) {
    const j = (i + 1) % poly.length, si = v[i].sign(), sj = v[j].sign();
    if (si >= 0) halves[0].push(poly[i]);
    if (si <= 0) halves[1].push(poly[i]);
    if (si * sj < 0) {
      const t = v[i].div(v[i].sub(v[j]));
      const p = [0, 1].map((k) => poly[i][k].add(t.mul(poly[j][k].sub(poly[i][k]))));
      halves[0].push(p);
      halves[1].push(p);
    }
  }
  return halves;
}

// The linear pieces of an activation: kinks k_0 < k_1 ..., and on piece s (the number of
// kinks below z) f(z) = slope_s z + offset_s.
function linearPieces(activation, alpha) {
  const q = (v) => fromDouble(v);
  switch (activation) {
    case 'relu6': return { kinks: [ZERO, q(6)], slope: [ZERO, ONE, ZERO], offset: [ZERO, ZERO, q(6)] };
    case 'hardtanh': return { kinks: [q(-1), ONE], slope: [ZERO, ONE, ZERO], offset: [q(-1), ZERO, ONE] };
    default: return { kinks: [ZERO], slope: [alpha, ONE], offset: [ZERO, ZERO] };
  }
}

/**
 * Exact partition of the box by a net {weights, biases, activation, alpha} (activation relu,
 * leaky_relu with slope alpha, relu6 or hardtanh with its defaults -1, 1).
 * 2-D box [xmin, xmax, ymin, ymax] -> {cells: [{pattern, area (Q), map}], pieces, boxArea (Q)};
 * 1-D box [lo, hi] -> {cells: [{pattern, lo, hi (Q), map}], pieces}. Both also give
 * cellsPerLayer, the number of cells after each hidden layer. `inputs` (1-D only) makes the
 * net's inputs affine maps of the cells' coordinate u instead of u itself (a segment).
 */
export function exactRegions({ weights, biases, alpha = 0, activation = 'relu' }, box, inputs = null) {
  const act = linearPieces(activation, fromDouble(alpha));
  const dims = box.length / 2;
  const identity = inputs ?? Array.from({ length: dims }, (_, i) => ({ coef: Array.from({ length: dims }, (_, k) => (k === i ? ONE : ZERO)), c: ZERO }));
  const B = box.map(fromDouble);
  let cells = dims === 2
    ? [{ poly: [[B[0], B[2]], [B[1], B[2]], [B[1], B[3]], [B[0], B[3]]], pattern: '', h: identity }]
    : [{ lo: B[0], hi: B[1], pattern: '', h: identity }];
  const cellsPerLayer = [];
  const L = weights.length;
  for (let l = 0; l + 1 < L; ++l) {
    const next = [];
    for (const cell of cells) {
      const z = layerMaps(weights[l], biases[l], cell.h);
      let parts = dims === 2 ? [cell.poly] : [[cell.lo, cell.hi]];
      for (const zj of z)
        for (const k of act.kinks) {
          const line = { coef: zj.coef, c: zj.c.sub(k) };  // z - k
          if (dims === 2) {
            parts = parts.flatMap((p) => clip(p, line));
          } else {
            parts = parts.flatMap(([lo, hi]) => {
              const vl = evalMap(line, [lo]), vh = evalMap(line, [hi]);
              if (vl.sign() * vh.sign() >= 0) return [[lo, hi]];
              const root = line.c.neg().div(line.coef[0]);
              return [[lo, root], [root, hi]];
            });
          }
        }
      for (const part of parts) {
        const inside = dims === 2 ? centroid(part) : [part[0].add(part[1]).div(new Q(2n))];
        let bits = '';
        const h = z.map((zj) => {
          const v = evalMap(zj, inside);
          const s = act.kinks.filter((k) => v.cmp(k) > 0).length;
          bits += String(s);
          return { coef: zj.coef.map((c) => c.mul(act.slope[s])), c: zj.c.mul(act.slope[s]).add(act.offset[s]) };
        });
        next.push(dims === 2 ? { poly: part, pattern: cell.pattern + bits, h } : { lo: part[0], hi: part[1], pattern: cell.pattern + bits, h });
      }
    }
    cells = next;
    cellsPerLayer.push(cells.length);
  }
  for (const cell of cells) cell.map = layerMaps(weights[L - 1], biases[L - 1], cell.h);
  // Affine pieces: equal maps across a common edge of positive length (2-D) or a common end (1-D).
  const parent = cells.map((_, i) => i);
  const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < cells.length; ++i)
    for (let j = i + 1; j < cells.length; ++j) {
      if (find(i) === find(j) || !mapsEqual(cells[i].map, cells[j].map)) continue;
      const touch = dims === 2 ? shareEdge(cells[i].poly, cells[j].poly) : cells[i].hi.eq(cells[j].lo) || cells[j].hi.eq(cells[i].lo);
      if (touch) parent[find(j)] = find(i);
    }
  const pieces = new Set(cells.map((_, i) => find(i))).size;
  if (dims === 1) {
    cells.sort((x, y) => x.lo.cmp(y.lo));
    return { cells, pieces, cellsPerLayer };
  }
  for (const cell of cells) cell.area = area2(cell.poly).div(new Q(2n));
  return { cells, pieces, cellsPerLayer, boxArea: B[1].sub(B[0]).mul(B[3].sub(B[2])) };
}

/**
 * Where the pattern changes along a + t (b - a), t in (0, 1) (a, b: points, numbers): the
 * 1-D partition of t in [0, 1] with the net's inputs a_i + t (b_i - a_i). -> t as Q, ascending.
 */
export function exactSegment(net, a, b) {
  const inputs = a.map((ai, i) => ({ coef: [fromDouble(b[i]).sub(fromDouble(ai))], c: fromDouble(ai) }));
  return exactRegions(net, [0, 1], inputs).cells.slice(1).map((cell) => cell.lo);
}

// Whether two convex polygons share a segment of positive length: an edge of each on one
// line, overlapping in more than a point.
function shareEdge(P, R) {
  const cross = (o, p, q) => p[0].sub(o[0]).mul(q[1].sub(o[1])).sub(p[1].sub(o[1]).mul(q[0].sub(o[0])));
  for (let i = 0; i < P.length; ++i) {
    const p0 = P[i], p1 = P[(i + 1) % P.length];
    const dir = [p1[0].sub(p0[0]), p1[1].sub(p0[1])];
    const t = (q) => q[0].sub(p0[0]).mul(dir[0]).add(q[1].sub(p0[1]).mul(dir[1]));  // 0 at p0, |dir|^2 at p1
    const len = t(p1);
    for (let k = 0; k < R.length; ++k) {
      const r0 = R[k], r1 = R[(k + 1) % R.length];
      if (cross(p0, p1, r0).sign() !== 0 || cross(p0, p1, r1).sign() !== 0) continue;
      const [lo, hi] = [t(r0), t(r1)].sort((x, y) => x.cmp(y));
      const from = lo.cmp(ZERO) > 0 ? lo : ZERO, to = hi.cmp(len) < 0 ? hi : len;
      if (to.cmp(from) > 0) return true;
    }
  }
  return false;
}
