// Exact linear-region partition of a 2-D box (see regions.h): depth-first, one hidden
// layer at a time. A cell carries the affine map of its layer's inputs; every neuron's
// pre-activation is then one line on the cell, and the cell's polygon is split by that line
// (or each kink line). Vertices and polygons live in pools that are rewound after each
// subtree, so the hot loop allocates nothing once the pools have grown. Not exact rational
// arithmetic: decisions use the tolerances of regions_detail.h.
#include "regions_detail.h"

#include <limits>

namespace alab {
namespace {

using namespace regions_detail;

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
      return Status::error("too_many_regions", {{"max", opt_.max_regions}});
    const int O = p_.outputs;
    for (int o = 0; o < O; ++o) {
      if (!std::isfinite(z[o * 3]) || !std::isfinite(z[o * 3 + 1]) || !std::isfinite(z[o * 3 + 2]))
        return Status::error("map_overflow");
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

}  // namespace

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
  // Areas must be representable: a box whose area overflows or underflows a double would
  // give infinite or zero-area cells.
  if (!std::isfinite(out.box_area) || out.box_area < std::numeric_limits<double>::min() * 1e6) {
    reset(out);
    return Status::error("box_area_out_of_range");
  }
  out.vertex_start.push_back(0);
  const double box[4] = {xmin, xmax, ymin, ymax};
  Splitter2D sp(p, box, options, out);
  st = sp.run();
  if (!st) reset(out);
  if (!st) return st;
  return {};
}

}  // namespace alab
