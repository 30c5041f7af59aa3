// Exact linear-region partition (see regions.h): depth-first, one hidden layer at a time.
// A cell carries the affine map of its layer's inputs; every neuron's pre-activation is
// then one line on the cell, and the cell's polygon is split by that line (or each kink
// line). Vertices and polygons live in pools that are rewound after each subtree, so the
// hot loop allocates nothing once the pools have grown. Not exact rational arithmetic:
// decisions use the tolerances defined below.
#include "alab/regions.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace alab {
namespace {

// Tolerances. A vertex is ON a neuron's line when |z - kink| <= tol, with
//   tol = kPosRel * L * (|a| + |b|)   (the vertex is within kPosRel * L of the line; L is the
//                                      longer box side: a scale-free position tolerance)
//       + kRoundRel * (G + |kink|)    (rounding: G bounds |z| over the whole box by interval
//                                      arithmetic, and z carries errors ~ width * eps * G).
// A line splits a cell only when some vertex is beyond tol on each side, so both halves have
// positive area and a line through a vertex or along an edge splits nothing.
constexpr double kPosRel = 1e-12;
constexpr double kRoundRel = 1e-13;
// Two cells have "identical" maps when, for every output, the difference of the two maps
// over the box, max |dA x + dc|, is <= kMapRel times the larger map's own max over the box.
// Maps that are equal in exact arithmetic are usually bitwise equal here (the differing
// terms are exact zeros), so this only absorbs rounding.
constexpr double kMapRel = 1e-11;

// One hidden layer, resolved: weights, biases and the activation's linear pieces.
struct Layer {
  const double* W = nullptr;  // n_out x n_in, row-major
  std::vector<double> WT;     // W transposed: n_in x n_out
  const double* b = nullptr;
  int n_in = 0, n_out = 0;
  std::vector<double> breaks, slopes, offsets;  // piece s: f(z) = slopes[s] z + offsets[s]
  std::vector<double> round_tol;                // per neuron and break: kRoundRel * (G + |kink|)
};

// The net prepared for partitioning: hidden layers, output layer, input scale bounds.
struct Prepared {
  int d = 0;  // inputs (1 or 2)
  std::vector<Layer> hidden;
  const double* Wout = nullptr;
  const double* bout = nullptr;
  std::vector<double> WToutput;  // Wout transposed
  int n_last = 0, outputs = 0, neurons = 0;
};

void transpose(const double* W, int rows, int cols, std::vector<double>& T) {
  T.resize(std::size_t(rows) * cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) T[std::size_t(c) * rows + r] = W[std::size_t(r) * cols + c];
}

Status prepare(const Network& net, int inputs, const double* in_abs_max, Prepared& p) {
  Status st = check_piecewise_linear(net, inputs);
  if (!st) return st;
  p.d = inputs;
  const std::size_t L = net.num_layers();
  std::vector<double> U(in_abs_max, in_abs_max + inputs), G;  // |inputs| and |z| bounds
  p.hidden.resize(L - 1);
  p.neurons = 0;
  for (std::size_t l = 0; l + 1 < L; ++l) {
    Layer& ly = p.hidden[l];
    ly.W = net.W(l);
    ly.b = net.b(l);
    ly.n_in = net.layers[l];
    ly.n_out = net.layers[l + 1];
    net.hidden[l].linear_pieces(ly.breaks, ly.slopes, ly.offsets);
    transpose(ly.W, ly.n_out, ly.n_in, ly.WT);
    const std::size_t K = ly.breaks.size();
    G.assign(ly.n_out, 0.0);
    for (int j = 0; j < ly.n_out; ++j) {
      double g = std::fabs(ly.b[j]);
      for (int k = 0; k < ly.n_in; ++k) g += std::fabs(ly.W[j * ly.n_in + k]) * U[k];
      G[j] = g;
    }
    ly.round_tol.assign(std::size_t(ly.n_out) * K, 0.0);
    double smax = 0, omax = 0;
    for (double s : ly.slopes) smax = std::max(smax, std::fabs(s));
    for (double o : ly.offsets) omax = std::max(omax, std::fabs(o));
    U.assign(ly.n_out, 0.0);
    for (int j = 0; j < ly.n_out; ++j) {
      for (std::size_t k = 0; k < K; ++k)
        ly.round_tol[j * K + k] = kRoundRel * (G[j] + std::fabs(ly.breaks[k]));
      U[j] = smax * G[j] + omax;
      if (!std::isfinite(U[j]) || !std::isfinite(G[j]))
        return Status::error("the weights are too large: pre-activations overflow double precision");
    }
    p.neurons += ly.n_out;
  }
  p.Wout = net.W(L - 1);
  p.bout = net.b(L - 1);
  p.n_last = net.layers[L - 1];
  p.outputs = net.layers[L];
  transpose(p.Wout, p.outputs, p.n_last, p.WToutput);
  return {};
}

// Z (n_out x (d+1), row-major) = W * M + b e_last, where M (n_in x (d+1)) maps the input to
// the layer's inputs and WT is W transposed (n_in x n_out). The sum runs as axpys over
// contiguous columns of WT (it vectorises, also to wasm simd128) into acc, one block of
// n_out a coefficient. Exactly-zero entries of M (switched-off neurons) are skipped: adding
// w * 0 would not change the sum, so every cell's map is summed in the same order.
void layer_map(const double* WT, const double* b, int n_in, int n_out, int d, const double* M,
               std::vector<double>& acc, double* Z) {
  const int w = d + 1;
  acc.assign(std::size_t(w) * n_out, 0.0);
  for (int k = 0; k < n_in; ++k) {
    const double* wk = WT + std::size_t(k) * n_out;
    for (int i = 0; i < w; ++i) {
      const double m = M[k * w + i];
      if (m == 0.0) continue;
      double* a = acc.data() + std::size_t(i) * n_out;
      for (int j = 0; j < n_out; ++j) a[j] += wk[j] * m;
    }
  }
  for (int j = 0; j < n_out; ++j) {
    for (int i = 0; i < w; ++i) Z[j * w + i] = acc[std::size_t(i) * n_out + j];
    Z[j * w + w - 1] += b[j];
  }
}

// Piece of an activation that z lies in: the number of kinks strictly below z.
int piece_of(const std::vector<double>& breaks, double z) {
  int s = 0;
  for (double k : breaks) s += z > k;
  return s;
}

// The output map of a cell after the hidden layer with the given states: row j of the next
// M is slopes[s_j] * Z_j + offsets[s_j] e_last.
void apply_states(const Layer& ly, int d, const double* Z, const unsigned char* states, double* Mnext) {
  const int w = d + 1;
  for (int j = 0; j < ly.n_out; ++j) {
    const double s = ly.slopes[states[j]], o = ly.offsets[states[j]];
    for (int i = 0; i < w; ++i) Mnext[j * w + i] = s * Z[j * w + i];
    Mnext[j * w + w - 1] += o;
  }
}

bool maps_equal(const double* A1, const double* c1, const double* A2, const double* c2, int outputs, int d,
                const double* centre, const double* half) {
  for (int o = 0; o < outputs; ++o) {
    double diff = 0, s1 = 0, s2 = 0, dc = c1[o] - c2[o], v1 = c1[o], v2 = c2[o];
    for (int i = 0; i < d; ++i) {
      const double a1 = A1[o * d + i], a2 = A2[o * d + i];
      diff += std::fabs(a1 - a2) * half[i];
      s1 += std::fabs(a1) * half[i];
      s2 += std::fabs(a2) * half[i];
      dc += (a1 - a2) * centre[i];
      v1 += a1 * centre[i];
      v2 += a2 * centre[i];
    }
    diff += std::fabs(dc);
    const double scale = std::max(s1 + std::fabs(v1), s2 + std::fabs(v2));
    if (!(diff <= kMapRel * scale)) return false;
  }
  return true;
}

struct Dsu {
  std::vector<int> p;
  explicit Dsu(int n) : p(n) { std::iota(p.begin(), p.end(), 0); }
  int find(int a) {
    while (p[a] != a) a = p[a] = p[p[a]];
    return a;
  }
  void unite(int a, int b) {
    a = find(a), b = find(b);
    if (a != b) p[std::max(a, b)] = std::min(a, b);
  }
};

// ---------------------------------------------------------------------------------------
// 2-D
// ---------------------------------------------------------------------------------------

struct Vec2 {
  double x, y;
};
struct Corner {
  int v;     // vertex index in the pool
  int edge;  // label of the edge from this vertex to the next: -1 box side, >= 0 a chord
};
struct Poly {
  int start, size;  // range in the corner pool
};
struct Chord {
  Vec2 p, dir;  // a point on the splitting chord and its unit direction
};

// One level of the depth-first walk: the parent's pre-activation map and its sub-cells.
struct Frame {
  std::vector<double> Z;  // n_out x 3: this layer's pre-activations on the parent cell
  std::vector<Poly> cells;
  std::vector<unsigned char> states;  // cells.size() x n_out
  std::vector<int> varying;           // neurons whose piece differs between the sub-cells
  std::vector<double> base, acc;      // next layer's map: shared part, per-cell part
};

// acc (3 blocks of n_next) += WT_next[j] (x) h_j, the contribution of hidden neuron j in
// piece `state` to the next layer's map (h_j = slope * Z_j + offset e_last); exact zeros
// are skipped, which leaves the sums bitwise unchanged.
void add_neuron(const Layer& ly, const double* Z, int j, int state, const double* WTn, int n_next,
                double* acc) {
  const double s = ly.slopes[state];
  const double h[3] = {s * Z[j * 3], s * Z[j * 3 + 1], s * Z[j * 3 + 2] + ly.offsets[state]};
  const double* wj = WTn + std::size_t(j) * n_next;
  for (int i = 0; i < 3; ++i) {
    if (h[i] == 0.0) continue;
    double* a = acc + std::size_t(i) * n_next;
    for (int k = 0; k < n_next; ++k) a[k] += wj[k] * h[i];
  }
}

class Splitter2D {
 public:
  Splitter2D(const Prepared& p, const double box[4], const RegionOptions& opt, Regions2D& out)
      : p_(p), opt_(opt), out_(out) {
    L_ = std::max(box[1] - box[0], box[3] - box[2]);
    centre_[0] = 0.5 * (box[0] + box[1]);
    centre_[1] = 0.5 * (box[2] + box[3]);
    half_[0] = 0.5 * (box[1] - box[0]);
    half_[1] = 0.5 * (box[3] - box[2]);
    frames_.resize(p.hidden.size() + 1);
    pattern_.assign(p.neurons, '0');
    verts_.reserve(4096);
    corners_.reserve(16384);
    const Vec2 v[4] = {{box[0], box[2]}, {box[1], box[2]}, {box[1], box[3]}, {box[0], box[3]}};
    for (int i = 0; i < 4; ++i) {
      verts_.push_back(v[i]);
      corners_.push_back({i, -1});
    }
    // The first layer's pre-activations are its rows (W[j][0], W[j][1], b[j]) everywhere.
    const bool hidden = !p.hidden.empty();
    const int n0 = hidden ? p.hidden[0].n_out : p.outputs;
    const double* W0 = hidden ? p.hidden[0].W : p.Wout;
    const double* b0 = hidden ? p.hidden[0].b : p.bout;
    frames_[0].Z.resize(std::size_t(n0) * 3);
    for (int j = 0; j < n0; ++j) {
      frames_[0].Z[j * 3] = W0[2 * j];
      frames_[0].Z[j * 3 + 1] = W0[2 * j + 1];
      frames_[0].Z[j * 3 + 2] = b0[j];
    }
  }

  Status run() {
    Status st = visit(0, Poly{0, 4}, 0);
    if (!st) return st;
    return merge_pieces();
  }

 private:
  const Prepared& p_;
  const RegionOptions opt_;  // a copy: callers may pass a temporary
  Regions2D& out_;
  double L_, centre_[2], half_[2];
  std::vector<Frame> frames_;
  std::vector<Vec2> verts_;
  std::vector<Corner> corners_;
  std::vector<Chord> chords_;
  std::vector<int> edge_label_;  // parallel to out_.vertices / 2
  std::string pattern_;
  std::vector<double> vals_;
  std::vector<int> cross_;

  // The point where edge p-q (values vp, vq of opposite signs) meets the line; computed
  // from the lexicographically smaller endpoint so both neighbours of an edge agree.
  int crossing(int ip, int iq, double vp, double vq) {
    Vec2 P = verts_[ip], Q = verts_[iq];
    if (Q.x < P.x || (Q.x == P.x && Q.y < P.y)) std::swap(P, Q), std::swap(vp, vq);
    const double t = vp / (vp - vq);
    verts_.push_back({P.x + t * (Q.x - P.x), P.y + t * (Q.y - P.y)});
    return int(verts_.size()) - 1;
  }

  // Classifies the vertices of cell c against z = a x + b y + e (e already minus the kink).
  // Returns +1 / -1 when strictly on one side, 0 when it must be split, 2 when on the line.
  int classify(const Poly& c, double a, double b, double e, double tol) {
    vals_.resize(c.size);
    bool pos = false, neg = false;
    for (int i = 0; i < c.size; ++i) {
      const Vec2& v = verts_[corners_[c.start + i].v];
      double s = a * v.x + b * v.y + e;
      if (std::fabs(s) <= tol) s = 0;
      vals_[i] = s;
      pos |= s > 0;
      neg |= s < 0;
    }
    if (pos && neg) return 0;
    return pos ? 1 : (neg ? -1 : 2);
  }

  // Whether the signs in vals_ are those of a line cutting a convex polygon: one run of +,
  // one run of -, and at most one vertex on the line between them on each side; i.e. the
  // cyclic sign changes number 2 + (vertices on the line), with at most 2 of those.
  bool well_formed() const {
    const int n = int(vals_.size());
    int zeros = 0, changes = 0;
    for (int i = 0; i < n; ++i) {
      const double v = vals_[i], w = vals_[(i + 1) % n];
      zeros += v == 0;
      changes += (v > 0) != (w > 0) || (v < 0) != (w < 0);
    }
    return zeros <= 2 && changes == 2 + zeros;
  }

  // classify() for a split decision, made safe: when the tolerance puts vertices "on" the
  // line in a way no convex split can (it happens only when the rounding allowance dwarfs
  // the cell, e.g. weights spanning 1e-300 to 1e150), decide by the exact signs of the
  // computed values, and if even those are inconsistent, do not split (side of the mean).
  int classify_for_split(const Poly& c, double a, double b, double e, double tol) {
    int side = classify(c, a, b, e, tol);
    if (side != 0 || well_formed()) return side;
    side = classify(c, a, b, e, 0.0);
    if (side != 0 || well_formed()) return side;
    double mean = 0;
    for (double v : vals_) mean += v;
    return mean > 0 ? 1 : -1;
  }

  // Splits cell c by the line whose vertex values are in vals_ into (positive, negative)
  // halves appended to the corner pool; each crossing is computed once for both halves.
  void split(const Poly& c, Poly& pos, Poly& neg) {
    const int n = c.size;
    cross_.assign(n, -1);
    for (int i = 0; i < n; ++i) {
      const int j = (i + 1) % n;
      if ((vals_[i] > 0 && vals_[j] < 0) || (vals_[i] < 0 && vals_[j] > 0))
        cross_[i] = crossing(corners_[c.start + i].v, corners_[c.start + j].v, vals_[i], vals_[j]);
    }
    const int chord = int(chords_.size());
    for (int sigma = 1; sigma >= -1; sigma -= 2) {
      Poly& h = sigma > 0 ? pos : neg;
      h.start = int(corners_.size());
      for (int i = 0; i < n; ++i) {
        const int j = (i + 1) % n;
        const Corner ci = corners_[c.start + i];
        const double si = sigma * vals_[i], sj = sigma * vals_[j];
        if (si > 0) {
          corners_.push_back(ci);
          if (sj < 0) corners_.push_back({cross_[i], chord});
        } else if (si == 0) {
          corners_.push_back({ci.v, sj < 0 ? chord : ci.edge});
        } else if (sj > 0) {
          corners_.push_back({cross_[i], ci.edge});
        }
      }
      h.size = int(corners_.size()) - h.start;
    }
    // Record the chord (from the positive half, where it is the edge labelled `chord`).
    Chord ch{{0, 0}, {1, 0}};
    for (int i = 0; i < pos.size; ++i)
      if (corners_[pos.start + i].edge == chord) {
        const Vec2 a = verts_[corners_[pos.start + i].v];
        const Vec2 b = verts_[corners_[pos.start + (i + 1) % pos.size].v];
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        ch.p = a;
        if (len > 0) ch.dir = {(b.x - a.x) / len, (b.y - a.y) / len};
        break;
      }
    chords_.push_back(ch);
  }

  Status visit(int depth, Poly cell, int pattern_offset) {
    if (depth == int(p_.hidden.size())) return emit(cell, frames_[depth].Z.data());
    const Layer& ly = p_.hidden[depth];
    Frame& f = frames_[depth];
    const int corner_mark = int(corners_.size()), vert_mark = int(verts_.size());
    f.cells.assign(1, cell);
    f.states.assign(ly.n_out, 0);
    const std::size_t K = ly.breaks.size();
    for (int j = 0; j < ly.n_out; ++j) {
      const double a = f.Z[j * 3], b = f.Z[j * 3 + 1];
      const double pos_tol = kPosRel * L_ * (std::fabs(a) + std::fabs(b));
      for (std::size_t k = 0; k < K; ++k) {
        const double e = f.Z[j * 3 + 2] - ly.breaks[k];
        const double tol = pos_tol + ly.round_tol[j * K + k];
        // Quick test on the parent: sub-cells lie inside it, so a line missing the parent
        // misses them all (the parent's vertices bound z on every sub-cell).
        const int side = classify(cell, a, b, e, tol);
        if (side == -1 || side == 2) continue;  // nowhere above the kink
        if (side == 1 && *std::min_element(vals_.begin(), vals_.end()) > 0) {
          for (std::size_t s = 0; s < f.cells.size(); ++s) f.states[s * ly.n_out + j]++;
          continue;
        }
        const std::size_t n = f.cells.size();
        for (std::size_t s = 0; s < n; ++s) {
          const int cs = classify_for_split(f.cells[s], a, b, e, tol);
          if (cs == 1) {
            f.states[s * ly.n_out + j]++;
          } else if (cs == 0) {
            Poly pos, neg;
            split(f.cells[s], pos, neg);
            f.cells[s] = pos;
            f.cells.push_back(neg);
            const std::size_t at = f.states.size();
            f.states.resize(at + ly.n_out);
            std::copy_n(f.states.begin() + s * ly.n_out, ly.n_out, f.states.begin() + at);
            f.states[s * ly.n_out + j]++;
          }
        }
      }
    }
    // The next layer's map on sub-cell s is sum_j WT_next[j] (x) h_j(s) + b_next, where
    // h_j = slope * Z_j + offset for neuron j's piece on s. Sub-cells differ only in the
    // neurons that cross the parent (few, below the first layer), so the other neurons'
    // part is summed once for all of them in `base`.
    const bool last = depth + 1 == int(p_.hidden.size());
    const double* WTn = last ? p_.WToutput.data() : p_.hidden[depth + 1].WT.data();
    const double* bn = last ? p_.bout : p_.hidden[depth + 1].b;
    const int nn = last ? p_.outputs : p_.hidden[depth + 1].n_out;
    const std::size_t nc = f.cells.size();
    f.base.assign(std::size_t(nn) * 3, 0.0);
    std::copy_n(bn, nn, f.base.begin() + 2 * nn);
    f.varying.clear();
    for (int j = 0; j < ly.n_out; ++j) {
      bool uniform = true;
      for (std::size_t s = 1; s < nc && uniform; ++s) uniform = f.states[s * ly.n_out + j] == f.states[j];
      if (uniform)
        add_neuron(ly, f.Z.data(), j, f.states[j], WTn, nn, f.base.data());
      else
        f.varying.push_back(j);
    }
    Frame& next = frames_[depth + 1];
    next.Z.resize(std::size_t(nn) * 3);
    for (std::size_t s = 0; s < nc; ++s) {
      const unsigned char* st = &f.states[s * ly.n_out];
      for (int j = 0; j < ly.n_out; ++j) pattern_[pattern_offset + j] = char('0' + st[j]);
      f.acc = f.base;
      for (int j : f.varying) add_neuron(ly, f.Z.data(), j, st[j], WTn, nn, f.acc.data());
      for (int j = 0; j < nn; ++j)
        for (int i = 0; i < 3; ++i) next.Z[j * 3 + i] = f.acc[std::size_t(i) * nn + j];
      Status r = visit(depth + 1, f.cells[s], pattern_offset + ly.n_out);
      if (!r) return r;
    }
    corners_.resize(corner_mark);
    verts_.resize(vert_mark);
    return {};
  }

  Status emit(const Poly& cell, const double* z) {
    if (std::size_t(out_.pattern_regions) >= opt_.max_regions)
      return Status::error("the partition has more than " + std::to_string(opt_.max_regions) +
                           " regions; use a smaller network or box");
    const int O = p_.outputs;
    for (int o = 0; o < O; ++o) {
      if (!std::isfinite(z[o * 3]) || !std::isfinite(z[o * 3 + 1]) || !std::isfinite(z[o * 3 + 2]))
        return Status::error("the network's output overflows double precision on the box");
      out_.A.push_back(z[o * 3]);
      out_.A.push_back(z[o * 3 + 1]);
      out_.c.push_back(z[o * 3 + 2]);
    }
    out_.patterns += pattern_;
    // Area and centroid by the shoelace formula about the first vertex (less cancellation
    // for boxes far from the origin).
    const Vec2 v0 = verts_[corners_[cell.start].v];
    double a2 = 0, cx = 0, cy = 0;
    for (int i = 0; i < cell.size; ++i) {
      const Corner& ci = corners_[cell.start + i];
      const Vec2 v = verts_[ci.v];
      const Vec2 w = verts_[corners_[cell.start + (i + 1) % cell.size].v];
      out_.vertices.push_back(v.x);
      out_.vertices.push_back(v.y);
      edge_label_.push_back(ci.edge);
      const double x0 = v.x - v0.x, y0 = v.y - v0.y, x1 = w.x - v0.x, y1 = w.y - v0.y;
      const double cr = x0 * y1 - x1 * y0;
      a2 += cr;
      cx += (x0 + x1) * cr;
      cy += (y0 + y1) * cr;
    }
    out_.vertex_start.push_back(int(out_.vertices.size() / 2));
    const double area = 0.5 * a2;
    out_.area.push_back(area);
    out_.total_area += area;
    if (a2 > 0) {
      out_.centroid.push_back(v0.x + cx / (3 * a2));
      out_.centroid.push_back(v0.y + cy / (3 * a2));
    } else {  // cannot happen for a proper split; keep the output finite anyway
      out_.centroid.push_back(v0.x);
      out_.centroid.push_back(v0.y);
    }
    out_.max_vertices = std::max(out_.max_vertices, cell.size);
    out_.pattern_regions++;
    return {};
  }

  // Affine pieces: every shared boundary segment lies on the chord that separated the two
  // cells' last common ancestor, so edges are grouped by chord label, projected on the
  // chord, and overlapping edges (positive length) with equal maps are united.
  Status merge_pieces() {
    const int R = out_.pattern_regions, O = p_.outputs;
    struct Rec {
      double t0, t1;
      int region;
    };
    const int nchords = int(chords_.size());
    std::vector<int> count(nchords + 1, 0);
    for (int l : edge_label_)
      if (l >= 0) count[l + 1]++;
    for (int i = 0; i < nchords; ++i) count[i + 1] += count[i];
    std::vector<Rec> recs(count[nchords]);
    std::vector<int> fill(count.begin(), count.end() - 1);
    for (int r = 0; r < R; ++r) {
      const int s = out_.vertex_start[r], e = out_.vertex_start[r + 1];
      for (int v = s; v < e; ++v) {
        const int l = edge_label_[v];
        if (l < 0) continue;
        const int w = v + 1 < e ? v + 1 : s;
        const Chord& ch = chords_[l];
        double t0 =
            (out_.vertices[2 * v] - ch.p.x) * ch.dir.x + (out_.vertices[2 * v + 1] - ch.p.y) * ch.dir.y;
        double t1 =
            (out_.vertices[2 * w] - ch.p.x) * ch.dir.x + (out_.vertices[2 * w + 1] - ch.p.y) * ch.dir.y;
        if (t1 < t0) std::swap(t0, t1);
        recs[fill[l]++] = {t0, t1, r};
      }
    }
    Dsu dsu(R);
    const double len_tol = 10 * kPosRel * L_;
    for (int l = 0; l < nchords; ++l) {
      auto first = recs.begin() + count[l], last = recs.begin() + count[l + 1];
      if (last - first < 2) continue;
      std::sort(first, last, [](const Rec& x, const Rec& y) { return x.t0 < y.t0; });
      for (auto a = first; a != last; ++a)
        for (auto b = a + 1; b != last && b->t0 < a->t1 - len_tol; ++b) {
          if (a->region == b->region) continue;
          if (std::min(a->t1, b->t1) - std::max(a->t0, b->t0) <= len_tol) continue;
          const int ra = a->region, rb = b->region;
          if (maps_equal(&out_.A[std::size_t(ra) * O * 2], &out_.c[std::size_t(ra) * O],
                         &out_.A[std::size_t(rb) * O * 2], &out_.c[std::size_t(rb) * O], O, 2, centre_,
                         half_))
            dsu.unite(ra, rb);
        }
    }
    std::vector<int> id(R, -1);
    out_.piece.resize(R);
    int pieces = 0;
    for (int r = 0; r < R; ++r) {
      const int root = dsu.find(r);
      if (id[root] < 0) id[root] = pieces++;
      out_.piece[r] = id[root];
    }
    out_.affine_pieces = pieces;
    return {};
  }
};

// ---------------------------------------------------------------------------------------
// 1-D (also the engine of segment_crossings): first-layer lines are given directly.
// ---------------------------------------------------------------------------------------

struct Leaf1D {
  double lo, hi;
};

class Splitter1D {
 public:
  // M0: n_first_inputs x 2 map of the first layer's inputs in terms of the parameter u.
  Splitter1D(const Prepared& p, double lo, double hi, const std::vector<double>& M0, const RegionOptions& opt)
      : p_(p), opt_(opt) {
    L_ = hi - lo;
    frames_.resize(p.hidden.size() + 1);
    frames_[0].M = M0;
    pattern_.assign(p.neurons, '0');
    root_ = {lo, hi};
  }

  Status run() { return visit(0, root_.lo, root_.hi, 0); }

  std::vector<Leaf1D> leaves;
  std::string patterns;
  std::vector<double> a, c;  // per leaf, outputs each

 private:
  struct F {
    std::vector<double> M, Z, acc;
    std::vector<double> cuts;
    std::vector<unsigned char> states;
  };
  const Prepared& p_;
  const RegionOptions opt_;  // a copy: callers may pass a temporary
  double L_;
  Leaf1D root_;
  std::vector<F> frames_;
  std::string pattern_;

  Status visit(int depth, double lo, double hi, int offset) {
    F& f = frames_[depth];
    if (depth == int(p_.hidden.size())) {
      if (leaves.size() >= opt_.max_regions)
        return Status::error("the partition has more than " + std::to_string(opt_.max_regions) +
                             " intervals");
      f.Z.resize(std::size_t(p_.outputs) * 2);
      layer_map(p_.WToutput.data(), p_.bout, p_.n_last, p_.outputs, 1, f.M.data(), f.acc, f.Z.data());
      for (int o = 0; o < p_.outputs; ++o) {
        if (!std::isfinite(f.Z[2 * o]) || !std::isfinite(f.Z[2 * o + 1]))
          return Status::error("the network's output overflows double precision on the interval");
        a.push_back(f.Z[2 * o]);
        c.push_back(f.Z[2 * o + 1]);
      }
      leaves.push_back({lo, hi});
      patterns += pattern_;
      return {};
    }
    const Layer& ly = p_.hidden[depth];
    f.Z.resize(std::size_t(ly.n_out) * 2);
    layer_map(ly.WT.data(), ly.b, ly.n_in, ly.n_out, 1, f.M.data(), f.acc, f.Z.data());
    const std::size_t K = ly.breaks.size();
    // Cut points strictly inside (lo, hi): where some neuron's z crosses some kink with
    // both ends beyond the tolerance. Cuts closer than the position tolerance coincide.
    f.cuts.clear();
    f.cuts.push_back(lo);
    for (int j = 0; j < ly.n_out; ++j) {
      const double s = f.Z[2 * j];
      for (std::size_t k = 0; k < K; ++k) {
        const double e = f.Z[2 * j + 1] - ly.breaks[k];
        const double tol = kPosRel * L_ * std::fabs(s) + ly.round_tol[j * K + k];
        const double vlo = s * lo + e, vhi = s * hi + e;
        if ((vlo > tol && vhi < -tol) || (vlo < -tol && vhi > tol))
          f.cuts.push_back(lo + (hi - lo) * (vlo / (vlo - vhi)));
      }
    }
    // Sort the interior cuts; drop any within the position tolerance of the previous cut or
    // of an end, so no interval is shorter than that.
    std::sort(f.cuts.begin() + 1, f.cuts.end());
    const double gap = kPosRel * L_;
    std::size_t m = 1;
    for (std::size_t i = 1; i < f.cuts.size(); ++i)
      if (f.cuts[i] - f.cuts[m - 1] > gap && hi - f.cuts[i] > gap) f.cuts[m++] = f.cuts[i];
    f.cuts.resize(m);
    f.cuts.push_back(hi);
    const std::vector<double>& cuts = f.cuts;  // deeper levels use their own frames
    std::vector<unsigned char>& st = f.states;
    st.resize(ly.n_out);
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
      const double x0 = cuts[i], x1 = cuts[i + 1], mid = 0.5 * (x0 + x1);
      for (int j = 0; j < ly.n_out; ++j) {
        const double z = f.Z[2 * j] * mid + f.Z[2 * j + 1];
        int s = 0;
        for (std::size_t k = 0; k < K; ++k) {
          const double tol = kPosRel * L_ * std::fabs(f.Z[2 * j]) + ly.round_tol[j * K + k];
          s += z - ly.breaks[k] > tol;
        }
        st[j] = (unsigned char)s;
        pattern_[offset + j] = char('0' + s);
      }
      F& next = frames_[depth + 1];
      next.M.resize(std::size_t(ly.n_out) * 2);
      apply_states(ly, 1, f.Z.data(), st.data(), next.M.data());
      Status r = visit(depth + 1, x0, x1, offset + ly.n_out);
      if (!r) return r;
    }
    return {};
  }
};

// The map (A: outputs x d, c) of the net when every hidden neuron is held in the given piece.
void map_for_states(const Prepared& p, const unsigned char* states, std::vector<double>& A,
                    std::vector<double>& c) {
  const int d = p.d, w = d + 1;
  std::vector<double> M(std::size_t(d) * w, 0.0), Z, acc;
  for (int i = 0; i < d; ++i) M[i * w + i] = 1;
  for (const Layer& ly : p.hidden) {
    Z.resize(std::size_t(ly.n_out) * w);
    layer_map(ly.WT.data(), ly.b, ly.n_in, ly.n_out, d, M.data(), acc, Z.data());
    M.resize(Z.size());
    apply_states(ly, d, Z.data(), states, M.data());
    states += ly.n_out;
  }
  Z.resize(std::size_t(p.outputs) * w);
  layer_map(p.WToutput.data(), p.bout, p.n_last, p.outputs, d, M.data(), acc, Z.data());
  for (int o = 0; o < p.outputs; ++o) {
    for (int i = 0; i < d; ++i) A.push_back(Z[o * w + i]);
    c.push_back(Z[o * w + d]);
  }
}

// Empties a result but keeps its buffers' capacity, so a caller that passes the same
// Regions2D again (the page, while a net trains) reuses the memory instead of regrowing it.
void reset(Regions2D& r) {
  r.pattern_regions = r.affine_pieces = r.neurons = r.outputs = r.max_vertices = 0;
  r.box_area = r.total_area = 0;
  r.patterns.clear();
  r.vertex_start.clear();
  r.vertices.clear();
  r.area.clear();
  r.centroid.clear();
  r.A.clear();
  r.c.clear();
  r.piece.clear();
}

Status check_box(double lo, double hi, const char* axis) {
  if (!std::isfinite(lo) || !std::isfinite(hi))
    return Status::error(std::string("the box's ") + axis + " limits must be finite numbers");
  if (!(lo < hi)) return Status::error(std::string("the box needs ") + axis + "min < " + axis + "max");
  if (!std::isfinite(hi - lo)) return Status::error("the box is too wide for double precision");
  return {};
}

}  // namespace

Status check_piecewise_linear(const Network& net, int inputs) {
  Status st = validate_network(net);
  if (!st) return st;
  if (int(net.inputs()) != inputs)
    return Status::error("linear regions of a " + std::to_string(inputs) + "-D box need a network with " +
                         std::to_string(inputs) + " input(s); this one has " + std::to_string(net.inputs()));
  for (std::size_t l = 0; l < net.hidden.size(); ++l) {
    const Activation& act = net.hidden[l];
    if (!act.info().piecewise_linear)
      return Status::error("the network has no linear regions: hidden layer " + std::to_string(l + 1) +
                           " uses " + act.name() +
                           ", which is curved (not piecewise linear), so the network's map bends "
                           "everywhere instead of being affine on cells; regions exist for relu, leaky_relu, "
                           "prelu, relu6, hardtanh and identity");
    std::vector<double> br, sl, of;
    act.linear_pieces(br, sl, of);
    if (sl.size() != br.size() + 1 || of.size() != sl.size())
      return Status::error(act.name() + " does not describe its linear pieces");
    for (std::size_t k = 0; k < br.size(); ++k)
      if (!std::isfinite(br[k]) || (k && br[k] < br[k - 1]))
        return Status::error("the kinks of " + act.name() +
                             " must be finite and increasing (e.g. min_val <= max_val)");
    for (std::size_t s = 0; s < sl.size(); ++s)
      if (!std::isfinite(sl[s]) || !std::isfinite(of[s]))
        return Status::error("the parameters of " + act.name() + " must be finite");
  }
  return {};
}

Status linear_regions_2d(const Network& net, double xmin, double xmax, double ymin, double ymax,
                         Regions2D& out, const RegionOptions& options) {
  reset(out);
  Status st = check_box(xmin, xmax, "x");
  if (!st) return st;
  st = check_box(ymin, ymax, "y");
  if (!st) return st;
  const double in_max[2] = {std::max(std::fabs(xmin), std::fabs(xmax)),
                            std::max(std::fabs(ymin), std::fabs(ymax))};
  Prepared p;
  st = prepare(net, 2, in_max, p);
  if (!st) return st;
  out.neurons = p.neurons;
  out.outputs = p.outputs;
  out.box_area = (xmax - xmin) * (ymax - ymin);
  out.vertex_start.push_back(0);
  const double box[4] = {xmin, xmax, ymin, ymax};
  Splitter2D sp(p, box, options, out);
  st = sp.run();
  if (!st) reset(out);
  if (!st) return st;
  return {};
}

Status linear_regions_1d(const Network& net, double lo, double hi, Regions1D& out,
                         const RegionOptions& options) {
  out = Regions1D{};
  Status st = check_box(lo, hi, "x");
  if (!st) return st;
  const double in_max[1] = {std::max(std::fabs(lo), std::fabs(hi))};
  Prepared p;
  st = prepare(net, 1, in_max, p);
  if (!st) return st;
  Splitter1D sp(p, lo, hi, {1.0, 0.0}, options);
  st = sp.run();
  if (!st) return st;
  out.neurons = p.neurons;
  out.outputs = p.outputs;
  out.pattern_regions = int(sp.leaves.size());
  out.patterns = std::move(sp.patterns);
  out.a = std::move(sp.a);
  out.c = std::move(sp.c);
  const double centre = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
  const int O = p.outputs;
  for (std::size_t i = 0; i < sp.leaves.size(); ++i) {
    out.bounds.push_back(sp.leaves[i].lo);
    if (i == 0) {
      out.piece.push_back(0);
      continue;
    }
    out.breakpoints.push_back(sp.leaves[i].lo);
    const bool same = maps_equal(&out.a[(i - 1) * O], &out.c[(i - 1) * O], &out.a[i * O], &out.c[i * O], O, 1,
                                 &centre, &half);
    if (!same) out.kinks.push_back(sp.leaves[i].lo);
    out.piece.push_back(out.piece.back() + (same ? 0 : 1));
  }
  out.bounds.push_back(hi);
  out.affine_pieces = out.piece.empty() ? 0 : out.piece.back() + 1;
  return {};
}

Status region_at(const Network& net, const std::vector<double>& x, PointRegion& out) {
  out = PointRegion{};
  const int d = int(net.inputs());
  if (d != 1 && d != 2) return Status::error("regions need a network with 1 or 2 inputs");
  if (int(x.size()) != d) return Status::error("the point needs " + std::to_string(d) + " coordinate(s)");
  for (double v : x)
    if (!std::isfinite(v)) return Status::error("the point's coordinates must be finite numbers");
  std::vector<double> in_max(d);
  for (int i = 0; i < d; ++i) in_max[i] = std::fabs(x[i]);
  Prepared p;
  Status st = prepare(net, d, in_max.data(), p);
  if (!st) return st;
  // Forward pass: the pattern from the pre-activations at x (piece = kinks strictly below).
  std::vector<double> h = x, z;
  std::vector<unsigned char> states;
  for (const Layer& ly : p.hidden) {
    z.assign(ly.n_out, 0.0);
    for (int j = 0; j < ly.n_out; ++j) {
      double s = ly.b[j];
      for (int k = 0; k < ly.n_in; ++k) s += ly.W[std::size_t(j) * ly.n_in + k] * h[k];
      z[j] = s;
    }
    h.assign(ly.n_out, 0.0);
    for (int j = 0; j < ly.n_out; ++j) {
      const int s = piece_of(ly.breaks, z[j]);
      states.push_back((unsigned char)s);
      out.pattern += char('0' + s);
      h[j] = ly.slopes[s] * z[j] + ly.offsets[s];
    }
  }
  for (int o = 0; o < p.outputs; ++o) {
    double s = p.bout[o];
    for (int k = 0; k < p.n_last; ++k) s += p.Wout[std::size_t(o) * p.n_last + k] * h[k];
    out.logits.push_back(s);
  }
  map_for_states(p, states.data(), out.A, out.c);
  out.inputs = d;
  out.outputs = p.outputs;
  for (double v : out.A)
    if (!std::isfinite(v))
      return out = PointRegion{}, Status::error("the network's map overflows double precision");
  return {};
}

Status segment_crossings(const Network& net, const std::vector<double>& a, const std::vector<double>& b,
                         SegmentCrossings& out) {
  out = SegmentCrossings{};
  const int d = int(net.inputs());
  if (d != 1 && d != 2) return Status::error("regions need a network with 1 or 2 inputs");
  if (int(a.size()) != d || int(b.size()) != d)
    return Status::error("the points a and b need " + std::to_string(d) + " coordinate(s) each");
  std::vector<double> in_max(d);
  for (int i = 0; i < d; ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i]))
      return Status::error("the points' coordinates must be finite numbers");
    in_max[i] = std::max(std::fabs(a[i]), std::fabs(b[i]));
  }
  Prepared p;
  Status st = prepare(net, d, in_max.data(), p);
  if (!st) return st;
  out.inputs = d;
  out.outputs = p.outputs;
  out.neurons = p.neurons;
  // Run the 1-D engine on u in [0, 1]: the input is x(u) = a + u (b - a), so the first
  // layer's inputs have the map x_i = (b_i - a_i) u + a_i. The rounding bounds of layer 1
  // come from |x_i| as in prepare, which already covers both ends.
  std::vector<double> M0(std::size_t(d) * 2);
  for (int i = 0; i < d; ++i) M0[2 * i] = b[i] - a[i], M0[2 * i + 1] = a[i];
  // The position tolerance of the 1-D engine is relative to u's range (1); prepare's
  // first-layer rounding bounds already hold for every point of the segment.
  Prepared p1 = p;
  p1.d = 1;
  Splitter1D sp(p1, 0.0, 1.0, M0, RegionOptions{});
  st = sp.run();
  if (!st) return st;
  std::vector<unsigned char> states(p.neurons);
  for (std::size_t i = 0; i < sp.leaves.size(); ++i) {
    if (i) out.t.push_back(sp.leaves[i].lo);
    for (int j = 0; j < p.neurons; ++j) states[j] = (unsigned char)(sp.patterns[i * p.neurons + j] - '0');
    map_for_states(p, states.data(), out.A, out.c);
  }
  out.patterns = std::move(sp.patterns);
  return {};
}

}  // namespace alab
