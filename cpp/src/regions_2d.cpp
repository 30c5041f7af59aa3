// Exact linear-region partition of a 2-D box (see regions.h): depth-first, one hidden
// layer at a time, without recursion (an explicit stack of frames, one a layer). A cell
// carries the affine map of its layer's pre-activations; every neuron's kink is one line on
// the cell, and the cell's polygon is split by it. Every decision is exact: which side of a
// line a vertex lies on, whether two cells' maps are equal, whether two edges overlap. Each
// is decided in floating point with a certified error bound (regions_detail.h), or, when the
// bound cannot decide, by the exact twin of the net (regions_exact.h). Vertices and polygons
// live in pools rewound after each subtree, so the hot loop allocates nothing once they grew.
#include "regions_detail.h"
#include "regions_exact.h"

#include <limits>
#include <memory>

namespace alab {
namespace {

using namespace regions_detail;

// For code that runs at most once a frame inside this hot file (compiled with -O3 and loop
// unrolling): small rather than fast. Clang's minsize; g++ has no per-function equivalent.
#if defined(__clang__)
#define ALAB_ONCE_A_FRAME __attribute__((minsize, noinline))
#else
#define ALAB_ONCE_A_FRAME __attribute__((noinline))
#endif

struct Vec2 {
  double x, y;
};
// A vertex's certificate: |computed - exact| <= r in each coordinate, and the two lines
// whose crossing it is exactly.
struct VertexInfo {
  double r;
  int l1, l2;
  bool origin = false;  // exactly (0, 0): both lines pass exactly through it
};
struct Corner {
  int v;     // vertex index in the pool
  int edge;  // line of the edge from this vertex to the next (0-3 box sides, then chords)
};
struct Poly {
  int start, size;  // range in the corner pool
};
// A line a x + b y + e = 0 as computed, each coefficient off by at most ea, eb, ee.
struct LineF {
  double a, b, e, ea, eb, ee;
};
// Every line that bounds a cell: ids 0-3 are the box sides x = xmin, x = xmax, y = ymin,
// y = ymax; then one chord a split (neuron `neuron` of hidden layer `layer` at `kink`).
struct Line {
  LineF f;
  int layer = -1, neuron = -1;
  double kink = 0;
  int first_region = -1;  // the first region below the split cell: its pattern holds the
                          // pieces of the layers before `layer`
  int exact = -1;         // handle in the exact twin, once needed
  bool through_origin = false;  // passes exactly through (0, 0)
};

// One level of the depth-first walk: the parent's pre-activation map and its sub-cells.
struct Frame {
  std::vector<double> Z;  // n_out x 3 on the parent cell
  MapError err;           // their error bounds
  std::vector<Poly> cells;
  std::vector<char> states;  // cells.size() x n_out pattern chars, '0' + piece
  std::vector<int> varying;           // neurons whose piece differs between the sub-cells
  std::vector<double> base, acc;      // next layer's map: shared part, per-cell part
  std::size_t next = 0;               // the sub-cell to visit next
  double r = 0;                       // largest error radius of a vertex of its cells
  int corner_mark = 0, vert_mark = 0, pattern_offset = 0;
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

// A bound on |p - v| (each coordinate) for the exact crossing v of lines l1 and l2 and a
// computed point p: the exact lines' residuals at p, |l(p)|, bound (p - v) through the
// inverse of the 2 x 2 system. Infinite when the lines are too close to parallel to tell.
double vertex_radius(const LineF& l1, const LineF& l2, double px, double py) {
  auto residual = [&](const LineF& l) {
    const double s = l.a * px + l.b * py + l.e;
    return std::fabs(s) + gamma(3) * (std::fabs(l.a * px) + std::fabs(l.b * py) + std::fabs(l.e)) +
           l.ea * std::fabs(px) + l.eb * std::fabs(py) + l.ee + kTiny;
  };
  const double r1 = residual(l1), r2 = residual(l2);
  const double A1 = std::fabs(l1.a) + l1.ea, B1 = std::fabs(l1.b) + l1.eb;
  const double A2 = std::fabs(l2.a) + l2.ea, B2 = std::fabs(l2.b) + l2.eb;
  const double D = l1.a * l2.b - l2.a * l1.b;
  const double dD = gamma(2) * (std::fabs(l1.a * l2.b) + std::fabs(l2.a * l1.b)) + l1.ea * B2 +
                    std::fabs(l1.a) * l2.eb + l2.ea * B1 + std::fabs(l2.a) * l1.eb + kTiny;
  const double low = (std::fabs(D) - dD * kSlack) / kSlack;
  if (!(low > 0)) return kInf;
  const double r = std::max(B2 * r1 + B1 * r2, A2 * r1 + A1 * r2) / low * (1 + 0x1p-20);
  return std::isfinite(r) ? r : kInf;
}

class Splitter2D {
 public:
  Splitter2D(const Network& net, const Prepared& p, const double box[4], const RegionOptions& opt, Regions2D& out)
      : net_(net), p_(p), opt_(opt), out_(out) {
    for (int i = 0; i < 4; ++i) box_[i] = box[i];
    L_ = std::max(box[1] - box[0], box[3] - box[2]);
    X_ = std::max(std::fabs(box[0]), std::fabs(box[1]));
    Y_ = std::max(std::fabs(box[2]), std::fabs(box[3]));
    // Per axis, 2^-k and 2^k with 2^k about the side (side = f 2^k, 1/2 <= f < 1), each as
    // two doubles: one factor alone overflows for sides near 2^1024 or below 2^-1022.
    for (int axis = 0; axis < 2; ++axis) {
      int k = 0;
      std::frexp(box[2 * axis + 1] - box[2 * axis], &k);
      scale_[axis][0] = std::ldexp(1.0, -k / 2), scale_[axis][1] = std::ldexp(1.0, -k - (-k / 2));
      unscale_[axis][0] = std::ldexp(1.0, k / 2), unscale_[axis][1] = std::ldexp(1.0, k - k / 2);
      one_factor_ &= k > -1000 && k < 1000;
    }
    frames_.resize(p.hidden.size() + 1);
    pattern_.assign(p.neurons, '0');
    int offset = 0;
    for (std::size_t l = 0; l < p.hidden.size(); ++l) {
      frames_[l].pattern_offset = offset;
      offset += p.hidden[l].n_out;
    }
    verts_.reserve(4096);
    vals_.resize(64);  // at least the largest polygon; split() grows it
    vinfo_.reserve(4096);
    corners_.reserve(16384);
    // The box: corners counter-clockwise from (xmin, ymin); each corner's edge is the side
    // to the next corner, and each corner is exactly the crossing of its two sides.
    const Vec2 v[4] = {{box[0], box[2]}, {box[1], box[2]}, {box[1], box[3]}, {box[0], box[3]}};
    const int sides[4][2] = {{0, 2}, {1, 2}, {1, 3}, {0, 3}};
    const int edge[4] = {2, 1, 3, 0};
    for (int i = 0; i < 4; ++i) {
      verts_.push_back(v[i]);
      vinfo_.push_back({0.0, sides[i][0], sides[i][1], v[i].x == 0 && v[i].y == 0});
      corners_.push_back({i, edge[i]});
    }
    for (int i = 0; i < 4; ++i) {
      Line side;
      side.f = i < 2 ? LineF{1, 0, -box[i], 0, 0, 0} : LineF{0, 1, -box[i], 0, 0, 0};
      side.through_origin = box[i] == 0;
      lines_.push_back(side);
    }
    // The first layer's pre-activations are its rows (W[j][0], W[j][1], b[j]) everywhere,
    // exactly.
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
    begin();
    advance(std::numeric_limits<std::size_t>::max());
    return st_;
  }

  // The walk a slice at a time: begin() splits the box by the first layer, advance(budget)
  // goes on until about `budget` units of work (work_) are done or the partition is
  // complete (true; st_ holds the outcome). run() is begin() and one unbounded advance().
  void begin() {
    const Poly root{0, 4};
    st_ = p_.hidden.empty() ? emit(root, frames_[0]) : split_frame(0, root);
    depth_ = 0;
  }

  bool advance(std::size_t budget) {
    if (finished_) return true;
    const int H = int(p_.hidden.size());
    const std::size_t w0 = work_;
    // Depth-first over the frames: frames_[depth] holds the sub-cells of the cell being
    // visited at that depth; a frame whose sub-cells are all visited rewinds the pools.
    while (st_ && H > 0 && depth_ >= 0) {
      if (work_ - w0 >= budget) return false;
      Frame& f = frames_[depth_];
      if (f.next == f.cells.size()) {
        corners_.resize(f.corner_mark);
        verts_.resize(f.vert_mark);
        vinfo_.resize(f.vert_mark);
        --depth_;
        continue;
      }
      const std::size_t s = f.next++;
      --open_;
      descend(depth_, s);
      if (depth_ + 1 == H) {
        st_ = emit(f.cells[s], frames_[H]);
      } else {
        st_ = split_frame(depth_ + 1, f.cells[s]);
        ++depth_;
      }
    }
    // Then the affine pieces, chord by chord within the same budget.
    while (st_ && !merged_) {
      if (work_ - w0 >= budget) return false;
      st_ = merge_pieces(budget - (work_ - w0));
    }
    finished_ = true;
    return true;
  }

  const Status& status() const { return st_; }

 private:
  const Network& net_;
  const Prepared& p_;
  Status st_;
  int depth_ = 0;
  bool finished_ = false, merged_ = false;
  std::size_t work_ = 0;  // units done: one neuron's line against one cell, about
  const RegionOptions opt_;  // a copy: callers may pass a temporary
  Regions2D& out_;
  double box_[4], L_, X_, Y_;
  double scale_[2][2], unscale_[2][2];  // per axis: 2^-k and 2^k, 2^k about the side
  bool one_factor_ = true;               // every 2^-k is one normal double
  std::vector<Frame> frames_;
  std::vector<Vec2> verts_;
  std::vector<VertexInfo> vinfo_;  // parallel to verts_
  std::vector<Corner> corners_;
  std::vector<Line> lines_;
  std::string pattern_;
  std::vector<double> vals_;
  // Largest error radius of the vertices of the frame being split (and of its ancestors'):
  // one bound for all its cells keeps the hot loop's tolerance a constant.
  double rmax_ = 0;
  double rmax_all_ = 0;  // over every vertex made
  std::vector<int> cross_;
  std::vector<double> tol0_, tol1_;  // per neuron of the frame being split
  // Per emitted vertex (parallel to out_.vertices / 2): the line of the edge from it to the
  // next. A vertex is exactly where the lines of its two edges cross (consecutive edges of a
  // cell are never on one line: a line along an edge splits nothing).
  std::vector<int> edge_label_;
  // The error bounds of the output maps, one per leaf frame, and each region's.
  std::vector<double> map_err_;  // per region: the largest error bound of its map's numbers
  // Per chord: the edges emitted on it and the first of their vertices (-1: none yet).
  std::vector<int> chord_edges_, chord_first_;
  // The exact twin, built at the first decision floating point cannot certify.
  std::unique_ptr<ExactNet> exact_;
  // Cells made by the frames on the current path and not visited yet. Each becomes at least
  // one region (splitting only refines), so regions emitted + open_ + the sub-cells of the
  // frame being split never exceed the final count: past max_regions, the request is
  // refused at once instead of after the whole partition.
  std::size_t open_ = 0;
  std::vector<LineF> budget_lines_;          // scratch of cells_at_least()
  std::vector<double> budget_points_;
  // The line being tested in split_frame: its layer, neuron, kink, exact handle.
  int cur_layer_ = 0, cur_neuron_ = 0, cur_exact_ = -1;
  double cur_kink_ = 0;
  bool cur_through_origin_ = false;

  ExactNet& exact() {
    if (!exact_) exact_ = std::make_unique<ExactNet>(net_, 2, std::vector<double>{1, 0, 0, 0, 1, 0},
                                                     std::vector<double>(6, 0.0));
    return *exact_;
  }

  // The exact handle of line `id`. A chord's line depends on the pieces of the layers before
  // it: during the walk those are the current path's (pattern_), afterwards those of the
  // first region below the chord.
  int exact_line(int id) {
    Line& L = lines_[id];
    if (L.exact >= 0) return L.exact;
    if (L.layer < 0) {
      L.exact = exact().fixed_line(L.f.a, L.f.b, L.f.e);
    } else {
      const char* pattern = L.first_region < out_.pattern_regions
                                ? out_.patterns.data() + std::size_t(L.first_region) * p_.neurons
                                : pattern_.data();
      L.exact = exact().neuron_line(L.layer, L.neuron, L.kink, pattern);
    }
    return L.exact;
  }

  // The exact side of the line under test at vertex v.
  int exact_side(int v) {
    if (vinfo_[v].origin && cur_through_origin_) return 0;  // both exactly through (0, 0)
    if (cur_exact_ < 0) cur_exact_ = exact().neuron_line(cur_layer_, cur_neuron_, cur_kink_, pattern_.data());
    const VertexInfo& vi = vinfo_[v];
    return exact().side(cur_exact_, exact_line(vi.l1), exact_line(vi.l2));
  }

  // What classify() finds: the cell is above the line (z > 0 inside), below it, cut by it
  // (kCutExact: with vals_ already holding exact signs), or on it (z = 0 at every vertex).
  static constexpr int kAbove = 1, kBelow = -1, kCut = 0, kCutExact = 3, kOn = 2;

  // Values of z = a x + b y + e at the vertices of cell c into vals_, and on which side of
  // the line the cell lies, exactly: a computed value is certain when |value| > tol, which
  // bounds its error at every vertex of the frame (tol = t0 + t1 * rmax_). Only a cell
  // with a value within tol of 0 and no certain crossing goes through resolve(); after a
  // kCut, split() resolves the rest.
  int classify(const Poly& c, double a, double b, double e, double tol) {
    double* vals = vals_.data();
    const Corner* corner = corners_.data() + c.start;
    const Vec2* verts = verts_.data();
    // Counts, not running extremes: V8 compiles a floating-point select to a branch, and
    // min/max branches mispredict. A vertex counted neither above nor below is unsure.
    int above = 0, below = 0;
    for (int i = 0; i < c.size; ++i) {
      const Vec2& v = verts[corner[i].v];
      const double s = a * v.x + b * v.y + e;
      vals[i] = s;
      above += s > tol;
      below += s < -tol;
    }
    const bool pos = above > 0, neg = below > 0;
    if (above + below == c.size) return pos && neg ? kCut : pos ? kAbove : kBelow;
    if (pos && neg) return kCut;
    return resolve(c, tol);
  }

  // Replaces every value of vals_ within tol of 0 by the exact side (0, or the value pushed
  // to the right side of 0) and classifies the cell as classify() does.
  int resolve(const Poly& c, double tol) {
    bool pos = false, neg = false;
    for (int i = 0; i < c.size; ++i) {
      double& s = vals_[i];
      if (!(std::fabs(s) > tol)) {
        const int sg = exact_side(corners_[c.start + i].v);
        s = sg == 0 ? 0.0 : sg > 0 ? std::max(s, kTiny) : std::min(s, -kTiny);
      }
      pos |= s > 0;
      neg |= s < 0;
    }
    if (pos && neg) return kCutExact;
    return pos ? kAbove : (neg ? kBelow : kOn);
  }

  // The point where edge p-q (values vp, vq of exactly opposite signs) meets the chord,
  // with its certificate. Interpolated along the edge (clamped to it when rounding gave the
  // values the wrong signs) and put exactly on a box side when the edge is one.
  int crossing(int ip, int iq, double vp, double vq, int edge, int chord) {
    Vec2 P = verts_[ip], Q = verts_[iq];
    if (Q.x < P.x || (Q.x == P.x && Q.y < P.y)) std::swap(P, Q), std::swap(vp, vq);
    double t = vp / (vp - vq);
    if (!(t >= 0)) t = 0;
    if (!(t <= 1)) t = 1;
    Vec2 X{P.x + t * (Q.x - P.x), P.y + t * (Q.y - P.y)};
    // On a box side the other coordinate comes from the chord's own equation: no
    // interpolation error, and no underflow for a crossing within 1e-300 of a corner.
    const LineF& c = lines_[chord].f;
    if (edge < 2) {
      X.x = box_[edge];
      const double y = -(c.a * X.x + c.e) / c.b;
      if (y >= std::min(P.y, Q.y) && y <= std::max(P.y, Q.y)) X.y = y;
    } else if (edge < 4) {
      X.y = box_[edge];
      const double x = -(c.b * X.y + c.e) / c.a;
      if (x >= std::min(P.x, Q.x) && x <= std::max(P.x, Q.x)) X.x = x;
    }
    verts_.push_back(X);
    // Two lines exactly through (0, 0) cross exactly there (a net without biases).
    const bool origin = lines_[edge].through_origin && lines_[chord].through_origin;
    if (origin) X = {0.0, 0.0};
    const double r = origin ? 0.0 : vertex_radius(lines_[edge].f, lines_[chord].f, X.x, X.y);
    rmax_ = std::max(rmax_, r);
    rmax_all_ = std::max(rmax_all_, r);
    vinfo_.push_back({r, edge, chord, origin});
    return int(verts_.size()) - 1;
  }

  // Splits cell c by the line whose vertex values (exact signs) are in vals_ into (positive, negative)
  // halves appended to the corner pool; each crossing is computed once for both halves.
  void split(const Poly& c, const LineF& f, double tol, bool exact_signs, Poly& pos, Poly& neg) {
    if (!exact_signs) resolve(c, tol);
    const int n = c.size;
    const int chord = int(lines_.size());
    Line line;
    line.f = f;
    line.layer = cur_layer_;
    line.neuron = cur_neuron_;
    line.kink = cur_kink_;
    line.first_region = out_.pattern_regions;
    line.exact = cur_exact_;
    line.through_origin = cur_through_origin_;
    lines_.push_back(line);
    cross_.assign(n, -1);
    for (int i = 0; i < n; ++i) {
      const int j = i + 1 < n ? i + 1 : 0;
      if ((vals_[i] > 0 && vals_[j] < 0) || (vals_[i] < 0 && vals_[j] > 0))
        cross_[i] = crossing(corners_[c.start + i].v, corners_[c.start + j].v, vals_[i], vals_[j],
                             corners_[c.start + i].edge, chord);
    }
    for (int sigma = 1; sigma >= -1; sigma -= 2) {
      Poly& h = sigma > 0 ? pos : neg;
      h.start = int(corners_.size());
      for (int i = 0; i < n; ++i) {
        const int j = i + 1 < n ? i + 1 : 0;
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
      if (vals_.size() < std::size_t(h.size)) vals_.resize(h.size);  // classify() relies on it
    }
    const Line& L = lines_[chord];
    cur_exact_ = L.exact;
  }

  // Whether the regions already certain (emitted, open_) and `cells` more pass the limit.
  bool over_budget(std::size_t cells) const {
    return std::size_t(out_.pattern_regions) + open_ + cells > opt_.max_regions;
  }
  Status too_many() const { return Status::error("too_many_regions", {{"max", opt_.max_regions}}); }

  // A lower bound on the number of sub-cells hidden layer `depth`'s lines (map f.Z, error
  // bounds tol0_, tol1_) cut `cell` into, proven in floating point; computed only when
  // the lines could pass the limit, and then only until they are proven to. (Splitting a
  // layer of n lines costs about n^3 when the lines cross everywhere; this costs n^2.)
  // Lines that certainly cut the cell are added one by one: a line adds 1 + the number
  // of distinct points strictly inside the cell where it crosses the lines added before.
  // A line that may be parallel to one added before (or equal to it) is left out; a
  // crossing counts when its certified position (vertex_radius) is strictly inside the
  // cell (a ball around it inside the computed polygon, whose exact vertices are within
  // rmax_ of theirs, by more than both radii); crossings on the line are distinct when
  // their certified intervals along it are disjoint.
  ALAB_ONCE_A_FRAME std::size_t cells_at_least(const Frame& f, const Layer& ly, const Poly& cell) {
    const std::size_t used = std::size_t(out_.pattern_regions) + open_;
    if (used >= opt_.max_regions) return 1;
    const double room = double(opt_.max_regions - used);
    const double all = double(ly.n_out) * double(ly.breaks.size());
    if (1 + all + all * (all - 1) / 2 <= room) return 1;  // not even all lines could pass it
    const Corner* corner = corners_.data() + cell.start;
    std::vector<LineF>& lines = budget_lines_;
    lines.clear();
    for (int j = 0; j < ly.n_out; ++j)
      for (double kink : ly.breaks) {
        const double a = f.Z[j * 3], b = f.Z[j * 3 + 1], e = f.Z[j * 3 + 2] - kink;
        const double tol = tol0_[j] + tol1_[j] * rmax_;
        bool above = false, below = false;
        for (int i = 0; i < cell.size; ++i) {
          const Vec2& v = verts_[corner[i].v];
          const double s = a * v.x + b * v.y + e;
          above |= s > tol;
          below |= s < -tol;
        }
        if (above && below)
          lines.push_back({a, b, e, f.err.of(ly, j, 0, 3), f.err.of(ly, j, 1, 3),
                           f.err.of(ly, j, 2, 3) + (kink != 0 ? kU * std::fabs(e) : 0.0)});
      }
    const double m = double(lines.size());
    if (1 + m + m * (m - 1) / 2 <= room) return 1;  // cannot pass the limit
    std::size_t count = 1, kept = 0;
    std::vector<double>& along = budget_points_;
    for (std::size_t i = 0; i < lines.size() && double(count) <= room; ++i) {
      const LineF& li = lines[i];
      const bool by_x = std::fabs(li.a) <= std::fabs(li.b);  // the coordinate that varies more
      along.clear();
      double spread = 0;  // the largest certified radius of the crossings along the line
      bool distinct = true;
      for (std::size_t k = 0; k < kept && distinct; ++k) {
        const LineF& lk = lines[k];
        const double D = li.a * lk.b - lk.a * li.b;
        const double px = (li.b * lk.e - lk.b * li.e) / D, py = (lk.a * li.e - li.a * lk.e) / D;
        const double r = std::isfinite(px) && std::isfinite(py) ? vertex_radius(li, lk, px, py) : kInf;
        if (!(r < kInf)) {
          distinct = false;  // maybe parallel or equal: line i is left out
          break;
        }
        // Strictly inside: distance from every edge's line above 1.5 (rmax_ + r) (radii are
        // per coordinate), with room for the rounding of the distance itself.
        const double margin = 1.5 * (rmax_ + r) * kSlack;
        bool inside = true;
        for (int c = 0; c < cell.size && inside; ++c) {
          const Vec2& v = verts_[corner[c].v];
          const Vec2& w = verts_[corner[c + 1 < cell.size ? c + 1 : 0].v];
          const double dx = w.x - v.x, dy = w.y - v.y, qx = px - v.x, qy = py - v.y;
          const double cr = dx * qy - dy * qx;
          const double err = 0x1p-46 * (std::fabs(dx * qy) + std::fabs(dy * qx)) + kTiny;
          inside = cr - err > margin * std::sqrt(dx * dx + dy * dy) * (1 + 0x1p-40);
        }
        if (!inside) continue;
        const double c = by_x ? px : py;
        spread = std::max(spread, r * kSlack + 4 * kU * std::fabs(c) + kTiny);
        along.push_back(c);
      }
      if (!distinct) continue;
      // Sorted, neighbours more than 2 spread apart are distinct points (and so is everything
      // on either side of such a gap).
      std::sort(along.begin(), along.end());
      std::size_t points = along.empty() ? 0 : 1;
      for (std::size_t k = 1; k < along.size(); ++k) points += along[k] - along[k - 1] > 2 * spread * kSlack;
      count += 1 + points;
      lines[kept++] = li;
    }
    return count;
  }

  // Splits `cell` (visited at `depth`) by every neuron of hidden layer `depth` into the
  // sub-cells of frames_[depth], with their pieces, and prepares the next layer's map.
  Status split_frame(int depth, Poly cell) {
    const Layer& ly = p_.hidden[depth];
    Frame& f = frames_[depth];
    f.corner_mark = int(corners_.size());
    f.vert_mark = int(verts_.size());
    f.next = 0;
    f.cells.assign(1, cell);
    f.states.assign(ly.n_out, '0');
    const std::size_t K = ly.breaks.size();
    cur_layer_ = depth;
    rmax_ = depth == 0 ? 0.0 : frames_[depth - 1].r;  // the vertices come from the ancestors
    // |computed - exact| of z - kink at a vertex off by r is at most t0 + t1 r: rounding of
    // the evaluation, the coefficients' errors (and the kink's subtraction), the slope times
    // r. One pass over the layer (it vectorises), with |z - kink| <= |e| + |kink|.
    double kink_max = 0;
    for (double k : ly.breaks) kink_max = std::max(kink_max, std::fabs(k));
    tol0_.resize(ly.n_out);
    tol1_.resize(ly.n_out);
    {
      // The coefficients' errors at a vertex, EZ_j . (X, Y, 1), in MapError's factored form.
      const MapError& E = f.err;
      const double rel = E.rel[0] * X_ + E.rel[1] * Y_ + E.rel[2];
      const double base = E.base[0] * X_ + E.base[1] * Y_ + E.base[2] + kTiny;
      const double* Z = f.Z.data();
      const double g3 = gamma(3) * kSlack, X = X_, Y = Y_, s1 = (1 + gamma(3)) * kSlack;
      const double uk = kink_max != 0 ? kU : 0.0;
      for (int j = 0; j < ly.n_out; ++j) {
        const double aa = std::fabs(Z[j * 3]), ab = std::fabs(Z[j * 3 + 1]), ae = std::fabs(Z[j * 3 + 2]) + kink_max;
        // kSlack twice: once for EZ itself, once for the rounding of t0 + t1 r.
        tol0_[j] = (g3 * (aa * X + ab * Y + ae) + uk * ae +
                    (ly.row_abs[j] * rel + base + E.bias * std::fabs(ly.b[j])) * kSlack) * kSlack;
        tol1_[j] = s1 * (aa + ab);
      }
    }
    if (over_budget(1) || over_budget(cells_at_least(f, ly, cell))) return too_many();
    for (int j = 0; j < ly.n_out; ++j) {
      const double a = f.Z[j * 3], b = f.Z[j * 3 + 1];
      const double t0 = tol0_[j], t1 = tol1_[j];
      cur_neuron_ = j;
      for (std::size_t k = 0; k < K; ++k) {
        const double kink = ly.breaks[k];
        const double e = f.Z[j * 3 + 2] - kink;
        cur_kink_ = kink;
        cur_through_origin_ = ly.zero_at_origin && kink == 0;
        cur_exact_ = -1;
        double tol = t0 + t1 * rmax_;
        // Quick test on the parent: sub-cells lie inside it, so a line that does not cut
        // the parent cuts none of them.
        const int side = classify(cell, a, b, e, tol);
        if (side == kBelow || side == kOn) continue;  // nowhere above the kink
        if (side == kAbove) {                         // above it inside every sub-cell
          for (std::size_t s = 0; s < f.cells.size(); ++s) f.states[s * ly.n_out + j]++;
          continue;
        }
        const std::size_t n = f.cells.size();
        for (std::size_t s = 0; s < n; ++s) {
          const int cs = classify(f.cells[s], a, b, e, tol);
          if (cs == kAbove) {
            f.states[s * ly.n_out + j]++;
          } else if (cs == kCut || cs == kCutExact) {
            Poly pos, neg;
            const LineF lf{a, b, e, f.err.of(ly, j, 0, 3), f.err.of(ly, j, 1, 3),
                           f.err.of(ly, j, 2, 3) + (kink != 0 ? kU * std::fabs(e) : 0.0)};
            split(f.cells[s], lf, tol, cs == kCutExact, pos, neg);
            tol = t0 + t1 * rmax_;  // the new vertices' radii
            f.cells[s] = pos;
            f.cells.push_back(neg);
            if (over_budget(f.cells.size())) return too_many();
            const std::size_t at = f.states.size();
            f.states.resize(at + ly.n_out);
            std::copy_n(f.states.begin() + s * ly.n_out, ly.n_out, f.states.begin() + at);
            f.states[s * ly.n_out + j]++;
          }
        }
      }
    }
    f.r = rmax_;
    open_ += f.cells.size();
    work_ += std::size_t(ly.n_out) * (f.cells.size() + 1);
    if (exact_ && !exact_->ok()) return Status::error("exact_arithmetic_too_large");
    // The next layer's map on sub-cell s is sum_j WT_next[j] (x) h_j(s) + b_next, where
    // h_j = slope * Z_j + offset for neuron j's piece on s. Sub-cells differ only in the
    // neurons that cross the parent (few, below the first layer), so the other neurons'
    // part is summed once for all of them in `base`.
    const bool last = depth + 1 == int(p_.hidden.size());
    const Layer& next_layer = last ? p_.out : p_.hidden[depth + 1];
    const double* WTn = last ? p_.WToutput.data() : next_layer.WT.data();
    const int nn = next_layer.n_out;
    const std::size_t nc = f.cells.size();
    f.base.assign(std::size_t(nn) * 3, 0.0);
    std::copy_n(next_layer.b, nn, f.base.begin() + 2 * nn);
    f.varying.clear();
    for (int j = 0; j < ly.n_out; ++j) {
      bool uniform = true;
      for (std::size_t s = 1; s < nc && uniform; ++s) uniform = f.states[s * ly.n_out + j] == f.states[j];
      if (uniform)
        add_neuron(ly, f.Z.data(), j, f.states[j] - '0', WTn, nn, f.base.data());
      else
        f.varying.push_back(j);
    }
    Frame& next = frames_[depth + 1];
    next.Z.resize(std::size_t(nn) * 3);
    const double E[3] = {f.err.max(ly, 0, 3), f.err.max(ly, 1, 3), f.err.max(ly, 2, 3)};
    next.err = next_error(ly, 3, f.Z.data(), E);
    return {};
  }

  // Before visiting sub-cell s of frames_[depth]: its pieces into the pattern, and the next
  // layer's map on it into frames_[depth + 1].Z.
  void descend(int depth, std::size_t s) {
    const Layer& ly = p_.hidden[depth];
    Frame& f = frames_[depth];
    const bool last = depth + 1 == int(p_.hidden.size());
    const double* WTn = last ? p_.WToutput.data() : p_.hidden[depth + 1].WT.data();
    const int nn = last ? p_.outputs : p_.hidden[depth + 1].n_out;
    const char* st = f.states.data() + s * ly.n_out;
    std::copy_n(st, ly.n_out, pattern_.begin() + f.pattern_offset);
    f.acc = f.base;
    for (int j : f.varying) add_neuron(ly, f.Z.data(), j, st[j] - '0', WTn, nn, f.acc.data());
    Frame& next = frames_[depth + 1];
    for (int j = 0; j < nn; ++j)
      for (int i = 0; i < 3; ++i) next.Z[j * 3 + i] = f.acc[std::size_t(i) * nn + j];
  }

  Status emit(const Poly& cell, const Frame& leaf) {
    work_ += 4;
    if (std::size_t(out_.pattern_regions) >= opt_.max_regions)
      return Status::error("too_many_regions", {{"max", opt_.max_regions}});
    const int O = p_.outputs;
    const double* z = leaf.Z.data();
    for (int o = 0; o < O; ++o) {
      if (!std::isfinite(z[o * 3]) || !std::isfinite(z[o * 3 + 1]) || !std::isfinite(z[o * 3 + 2]))
        return Status::error("map_overflow");
      out_.A.push_back(z[o * 3]);
      out_.A.push_back(z[o * 3 + 1]);
      out_.c.push_back(z[o * 3 + 2]);
    }
    double err = 0;
    for (int o = 0; o < O; ++o)
      for (int i = 0; i < 3; ++i) err = std::max(err, leaf.err.of(p_.out, o, i, 3));
    map_err_.push_back(err);
    if (chord_edges_.size() < lines_.size()) chord_edges_.resize(lines_.size(), 0), chord_first_.resize(lines_.size(), -1);
    out_.patterns += pattern_;
    // Area and centroid by the shoelace formula about the first vertex (less cancellation
    // for boxes far from the origin), in coordinates scaled by a power of two so that the
    // box sides are about 1 (each axis on its own): the products neither underflow for tiny
    // or flat boxes nor overflow for huge ones, and the scaling itself is exact.
    // (One factor a coordinate when the power of two is a normal double, two otherwise.)
    const bool one = one_factor_;
    const double sx0 = one ? scale_[0][0] * scale_[0][1] : scale_[0][0], sx1 = scale_[0][1];
    const double sy0 = one ? scale_[1][0] * scale_[1][1] : scale_[1][0], sy1 = scale_[1][1];
    const Vec2 v0 = verts_[corners_[cell.start].v];
    double a2 = 0, cx = 0, cy = 0;
    for (int i = 0; i < cell.size; ++i) {
      const Corner& ci = corners_[cell.start + i];
      const Vec2 v = verts_[ci.v];
      const Vec2 w = verts_[corners_[cell.start + (i + 1 < cell.size ? i + 1 : 0)].v];
      out_.vertices.push_back(v.x);
      out_.vertices.push_back(v.y);
      edge_label_.push_back(ci.edge);
      if (ci.edge >= 4) {
        if (chord_edges_[ci.edge]++ == 0) chord_first_[ci.edge] = int(out_.vertices.size() / 2) - 1;
      }
      double x0 = (v.x - v0.x) * sx0, y0 = (v.y - v0.y) * sy0;
      double x1 = (w.x - v0.x) * sx0, y1 = (w.y - v0.y) * sy0;
      if (!one) x0 *= sx1, y0 *= sy1, x1 *= sx1, y1 *= sy1;
      const double cr = x0 * y1 - x1 * y0;
      a2 += cr;
      cx += (x0 + x1) * cr;
      cy += (y0 + y1) * cr;
    }
    out_.vertex_start.push_back(int(out_.vertices.size() / 2));
    // A cell thinner than rounding (it exists exactly) can come out with a computed area of
    // either sign around 0: its area is reported as 0.
    const double area = std::max(0.5 * a2 * unscale_[0][0] * unscale_[1][0] * unscale_[0][1] * unscale_[1][1], 0.0);
    out_.area.push_back(area);
    out_.total_area += area;
    if (a2 > 0) {
      out_.centroid.push_back(v0.x + cx / (3 * a2) * unscale_[0][0] * unscale_[0][1]);
      out_.centroid.push_back(v0.y + cy / (3 * a2) * unscale_[1][0] * unscale_[1][1]);
    } else {  // a cell thinner than rounding: its first vertex is as good a centre as any
      out_.centroid.push_back(v0.x);
      out_.centroid.push_back(v0.y);
    }
    out_.max_vertices = std::max(out_.max_vertices, cell.size);
    out_.pattern_regions++;
    return {};
  }

  // The lines of the two edges at emitted vertex v of region r.
  std::pair<int, int> vertex_lines(int r, int v) const {
    const int prev = v > out_.vertex_start[r] ? v - 1 : out_.vertex_start[r + 1] - 1;
    return {edge_label_[prev], edge_label_[v]};
  }

  // The exact order along chord `line` of emitted vertices v (of region rv) and w (of rw):
  // the sign of t(w) - t(v).
  int exact_order(int line, int rv, int v, int rw, int w) {
    const auto a = vertex_lines(rv, v), b = vertex_lines(rw, w);
    return exact().order_on(exact_line(line), exact_line(a.first), exact_line(a.second), exact_line(b.first),
                            exact_line(b.second));
  }

  // Whether the maps of regions r1 and r2 certainly differ in exact arithmetic: some
  // coefficient differs by more than both maps' largest error bounds together.
  bool maps_differ(int r1, int r2) const {
    const int O = p_.outputs;
    const double *A1 = &out_.A[std::size_t(r1) * O * 2], *A2 = &out_.A[std::size_t(r2) * O * 2];
    const double *c1 = &out_.c[std::size_t(r1) * O], *c2 = &out_.c[std::size_t(r2) * O];
    const double e = (map_err_[r1] + map_err_[r2]) * (1 + 4 * kU) + kTiny;
    for (int o = 0; o < O; ++o)
      if (std::fabs(A1[2 * o] - A2[2 * o]) > e || std::fabs(A1[2 * o + 1] - A2[2 * o + 1]) > e ||
          std::fabs(c1[o] - c2[o]) > e)
        return true;
    return false;
  }

  // Whether edges v0-v1 (of region rv) and w0-w1 (of rw), both on chord `line`, share a
  // segment of positive length.
  bool exact_overlap(int line, int rv, int v0, int v1, int rw, int w0, int w1) {
    if (exact_order(line, rv, v0, rv, v1) < 0) std::swap(v0, v1);
    if (exact_order(line, rw, w0, rw, w1) < 0) std::swap(w0, w1);
    return exact_order(line, rw, w0, rv, v1) > 0 && exact_order(line, rv, v0, rw, w1) > 0;
  }

  // Whether emitted vertices u (of region ru) and w (of region rw), both on chord c, are the
  // same exact point: crossings of the same two lines, or crossings of c with the same
  // neuron's kink line as seen from either side of c. The latter are one point when the two
  // regions have the same pieces in every layer below that neuron's except for c's own
  // neuron, whose pieces meet at c's kink: that neuron's value is the kink on c from either
  // side, so the neuron's pre-activation is the same affine function along c on both sides.
  bool same_point(int c, int u, int ru, int w, int rw) const {
    const auto lu = vertex_lines(ru, u), lw = vertex_lines(rw, w);
    if ((lu.first == lw.first && lu.second == lw.second) || (lu.first == lw.second && lu.second == lw.first))
      return true;
    const int ou = lu.first == c ? lu.second : lu.second == c ? lu.first : -1;
    const int ow = lw.first == c ? lw.second : lw.second == c ? lw.first : -1;
    if (ou < 4 || ow < 4) return false;
    const Line &mu = lines_[ou], &mw = lines_[ow], &ch = lines_[c];
    if (mu.layer != mw.layer || mu.neuron != mw.neuron || mu.kink != mw.kink || mu.layer < ch.layer) return false;
    const char* pu = out_.patterns.data() + std::size_t(ru) * p_.neurons;
    const char* pw = out_.patterns.data() + std::size_t(rw) * p_.neurons;
    const int chord_at = frames_[ch.layer].pattern_offset + ch.neuron;
    const int lo = std::min(pu[chord_at], pw[chord_at]) - '0', hi = std::max(pu[chord_at], pw[chord_at]) - '0';
    if (hi != lo + 1 || p_.hidden[ch.layer].breaks[lo] != ch.kink) return false;
    const int below = frames_[mu.layer].pattern_offset;  // the pieces of the layers before mu's
    for (int i = 0; i < below; ++i)
      if (pu[i] != pw[i] && i != chord_at) return false;
    return true;
  }

  // For edges a and b on chord c whose overlap is within 2 err of 0: whether they only touch
  // at a point, certainly (false decides nothing). Both edges clearly longer than the
  // rounding, their far ends clearly apart, and the near ends the same exact point.
  template <class Rec>
  bool touching_at_a_point(int c, const Rec& a, const Rec& b, double err) const {
    const double e = 2 * err;
    if (!(a.t1 - a.t0 > e && b.t1 - b.t0 > e && std::fabs(a.t0 - b.t0) > e && std::fabs(a.t1 - b.t1) > e)) return false;
    // The overlap runs from the later start to the earlier end: those two are the near ends.
    const bool a_starts_later = a.t0 > b.t0, a_ends_first = a.t1 < b.t1;
    const int u = a_starts_later ? a.v0 : b.v0, ru = a_starts_later ? a.region : b.region;
    const int w = a_ends_first ? a.v1 : b.v1, rw = a_ends_first ? a.region : b.region;
    return ru != rw && same_point(c, u, ru, w, rw);
  }

  // Affine pieces: every shared boundary segment lies on the chord that separated the two
  // cells' last common ancestor, so edges are grouped by chord, projected on the chord, and
  // overlapping edges (positive length) of cells with exactly equal maps are united.
  // Floating point rules out most pairs (maps that certainly differ, edges that certainly
  // do not overlap); the exact twin settles the rest.
  // An edge on a chord: its first vertex (emitted order) and its ends' projections on the
  // chord (t0 <= t1).
  struct Rec {
    double t0, t1;
    int v0, v1, region;  // the vertices at t0 and t1
  };
  // The merge's state between slices: the edges grouped by chord, the union-find of the
  // cells, the next chord to look at.
  struct Merge {
    std::vector<int> count;
    std::vector<Rec> recs;
    Dsu dsu;
    std::vector<int> exact_map;
    std::vector<char> differ, next;
    double err = 0;
    int l = 4, nlines = 0;
    explicit Merge(int R) : dsu(R), exact_map(R, -1) {}
  };
  std::unique_ptr<Merge> merge_;

  // The merge's first part: every edge on a chord, projected on it, grouped by chord.
  Status merge_edges(Merge& m) {
    const int R = out_.pattern_regions;
    const int nlines = m.nlines = int(chord_edges_.size());  // chords made after the last emit bound nothing
    const std::vector<int>& first_vertex = chord_first_;
    std::vector<int>& count = m.count;
    count.assign(nlines + 1, 0);
    for (int i = 0; i < nlines; ++i) count[i + 1] = count[i] + chord_edges_[i];
    std::vector<Rec>& recs = m.recs;
    recs.resize(count[nlines]);
    std::vector<int> fill(count.begin(), count.end() - 1);
    // Each chord's projection: t = (v - p) . (dx, dy), p one of its vertices, (dx, dy) its
    // unit direction (-b, a). Any fixed direction not perpendicular to the exact chord orders
    // points on it exactly as the chord does, so only the projections' errors matter: with
    // every vertex within rmax_all_ of its exact position and |v - p| <= L + 2 rmax_all_,
    // |computed t - exact t| <= err for every projection.
    const double R2 = 2 * rmax_all_ * (1 + 4 * kU);
    m.err = (2 * R2 + gamma(4) * 2 * (L_ + R2) + kTiny) * kSlack;
    std::vector<double> proj(4 * std::size_t(nlines), 0.0);
    for (int l = 4; l < nlines; ++l) {
      if (first_vertex[l] < 0) continue;
      const LineF& f = lines_[l].f;
      double len = std::sqrt(f.a * f.a + f.b * f.b);
      if (!(len > 0 && std::isfinite(len))) len = std::hypot(f.a, f.b);  // beyond the square's range
      double* q = &proj[4 * std::size_t(l)];
      q[0] = out_.vertices[2 * first_vertex[l]];
      q[1] = out_.vertices[2 * first_vertex[l] + 1];
      q[2] = len > 0 && std::isfinite(len) ? -f.b / len : 1.0;
      q[3] = len > 0 && std::isfinite(len) ? f.a / len : 0.0;
    }
    for (int r = 0; r < R; ++r) {
      const int s = out_.vertex_start[r], e = out_.vertex_start[r + 1];
      for (int v = s; v < e; ++v) {
        const int l = edge_label_[v];
        if (l < 4) continue;
        const int w = v + 1 < e ? v + 1 : s;
        const double* q = &proj[4 * std::size_t(l)];
        const double t0 = (out_.vertices[2 * v] - q[0]) * q[2] + (out_.vertices[2 * v + 1] - q[1]) * q[3];
        const double t1 = (out_.vertices[2 * w] - q[0]) * q[2] + (out_.vertices[2 * w + 1] - q[1]) * q[3];
        recs[fill[l]++] = t0 <= t1 ? Rec{t0, t1, v, w, r} : Rec{t1, t0, w, v, r};
      }
    }
    work_ += out_.vertices.size() / 2;
    return {};
  }

  // Does about `budget` units of the merge (a unit: an edge compared); sets merged_ when done.
  Status merge_pieces(std::size_t budget = std::numeric_limits<std::size_t>::max()) {
    const int R = out_.pattern_regions;
    if (!merge_) {
      merge_ = std::make_unique<Merge>(R);
      Status st = merge_edges(*merge_);
      if (!st) return st;
    }
    Merge& m = *merge_;
    const int nlines = m.nlines;
    std::vector<int>& count = m.count;
    std::vector<Rec>& recs = m.recs;
    Dsu& dsu = m.dsu;
    std::vector<int>& exact_map = m.exact_map;
    std::vector<char>& differ = m.differ;
    std::vector<char>& next = m.next;
    const double err = m.err;
    const std::size_t w0 = work_;
    for (; m.l < nlines && work_ - w0 < budget; ++m.l) {
      const int l = m.l;
      work_ += std::size_t(count[l + 1] - count[l]) + 1;
      auto first = recs.begin() + count[l], last = recs.begin() + count[l + 1];
      if (last - first < 2) continue;
      std::sort(first, last, [](const Rec& x, const Rec& y) { return x.t0 < y.t0; });
      for (auto a = first; a != last; ++a)
        for (auto b = a + 1; b != last && !(b->t0 > a->t1 + 4 * err); ++b) {
          const int ra = a->region, rb = b->region;
          if (ra == rb || dsu.find(ra) == dsu.find(rb) || maps_differ(ra, rb)) continue;
          const double overlap = std::min(a->t1, b->t1) - std::max(a->t0, b->t0);
          if (overlap < -2 * err) continue;  // certainly apart (or touching at a point)
          // Equal maps: floating point can only say "within rounding"; the structure of the
          // net usually proves it, otherwise the exact twin decides.
          const char *pa = out_.patterns.data() + std::size_t(ra) * p_.neurons,
                     *pb = out_.patterns.data() + std::size_t(rb) * p_.neurons;
          if (!same_map_by_structure(p_, pa, pb, differ, next)) {
            for (int r : {ra, rb})
              if (exact_map[r] < 0)
                exact_map[r] = exact().output_map(out_.patterns.data() + std::size_t(r) * p_.neurons);
            if (!exact().same_map(exact_map[ra], exact_map[rb])) continue;
          }
          if (overlap > 2 * err) {
            dsu.unite(ra, rb);
            continue;
          }
          // Overlap within rounding of 0: usually one edge ends where the other begins, at
          // the same exact point reached from both sides, which touching_at_a_point() sees
          // from the structure; otherwise the exact positions decide.
          if (touching_at_a_point(l, *a, *b, err)) continue;
          if (exact_overlap(l, ra, a->v0, a->v1, rb, b->v0, b->v1)) dsu.unite(ra, rb);
        }
      if (exact_ && !exact_->ok()) return Status::error("exact_arithmetic_too_large");
    }
    if (m.l < nlines) return {};
    merged_ = true;
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

// The checks and preparation linear_regions_2d and RegionsEnumeration2D share: `out` is
// reset and its header filled, `p` prepared for a splitter.
Status setup_2d(const Network& net, const double box[4], Prepared& p, Regions2D& out) {
  reset(out);
  const double xmin = box[0], xmax = box[1], ymin = box[2], ymax = box[3];
  Status st = check_box(xmin, xmax, "x");
  if (!st) return st;
  st = check_box(ymin, ymax, "y");
  if (!st) return st;
  const double in_max[2] = {std::max(std::fabs(xmin), std::fabs(xmax)),
                            std::max(std::fabs(ymin), std::fabs(ymax))};
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
  return {};
}

}  // namespace

Status linear_regions_2d(const Network& net, double xmin, double xmax, double ymin, double ymax,
                         Regions2D& out, const RegionOptions& options) {
  const double box[4] = {xmin, xmax, ymin, ymax};
  Prepared p;
  Status st = setup_2d(net, box, p, out);
  if (!st) return st;
  Splitter2D sp(net, p, box, options, out);
  st = sp.run();
  if (!st) reset(out);
  if (!st) return st;
  return {};
}

struct RegionsEnumeration2D::Impl {
  Network net;  // the copy the prepared layers point into
  Prepared p;
  Regions2D out;
  std::unique_ptr<Splitter2D> sp;
  Status st;
  bool done = true;
};

RegionsEnumeration2D::RegionsEnumeration2D() : impl_(std::make_unique<Impl>()) {}
RegionsEnumeration2D::~RegionsEnumeration2D() = default;

Status RegionsEnumeration2D::start(const Network& net, double xmin, double xmax, double ymin, double ymax,
                                   const RegionOptions& options) {
  // The partition's buffers are kept from the last start (setup_2d clears them): a page that
  // partitions a training net again and again fills them without growing them, and growing
  // them copies what they hold (an 8 x 64 net's patterns are tens of megabytes).
  Regions2D kept = std::move(impl_->out);
  impl_ = std::make_unique<Impl>();
  Impl& m = *impl_;
  m.out = std::move(kept);
  m.net = net;
  const double box[4] = {xmin, xmax, ymin, ymax};
  m.st = setup_2d(m.net, box, m.p, m.out);
  if (!m.st) return m.st;
  m.sp = std::make_unique<Splitter2D>(m.net, m.p, box, options, m.out);
  m.sp->begin();
  m.done = false;
  return {};
}

bool RegionsEnumeration2D::step(std::size_t work) {
  Impl& m = *impl_;
  if (m.done) return true;
  if (!m.sp->advance(work)) return false;
  m.st = m.sp->status();
  if (!m.st) reset(m.out);
  m.sp.reset();
  m.done = true;
  return true;
}

bool RegionsEnumeration2D::done() const { return impl_->done; }
const Status& RegionsEnumeration2D::status() const { return impl_->st; }
double RegionsEnumeration2D::progress() const {
  const Impl& m = *impl_;
  if (m.done) return 1;
  return m.out.box_area > 0 ? std::min(1.0, m.out.total_area / m.out.box_area) : 0.0;
}
Regions2D& RegionsEnumeration2D::result() { return impl_->out; }

}  // namespace alab
