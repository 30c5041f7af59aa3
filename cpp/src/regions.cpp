// Linear regions of a 1-D interval, the region of one point and the pattern changes along
// a segment (see regions.h), plus the check that a net is piecewise linear at all. The 2-D
// partition lives in regions_2d.cpp; both share regions_detail.h.
#include "regions_detail.h"

namespace alab {
namespace {

using namespace regions_detail;

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
        return Status::error("too_many_intervals", {{"max", opt_.max_regions}});
      f.Z.resize(std::size_t(p_.outputs) * 2);
      layer_map(p_.WToutput.data(), p_.bout, p_.n_last, p_.outputs, 1, f.M.data(), f.acc, f.Z.data());
      for (int o = 0; o < p_.outputs; ++o) {
        if (!std::isfinite(f.Z[2 * o]) || !std::isfinite(f.Z[2 * o + 1]))
          return Status::error("map_overflow");
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

// The catalogue's continuous piecewise-linear activations, "relu, leaky_relu, ...".
std::string partitionable_names() {
  std::string names;
  for (const auto& e : activation_catalogue())
    if (e.piecewise_linear) names += (names.empty() ? "" : ", ") + e.name;
  return names;
}

}  // namespace

namespace {

// Index of `pattern` in `count` concatenated patterns of length n, or -1.
int find_pattern(const std::string& patterns, int n, int count, const std::string& pattern) {
  if (int(pattern.size()) != n) return -1;
  if (n == 0) return count > 0 ? 0 : -1;
  for (int r = 0; r < count; ++r)
    if (patterns.compare(std::size_t(r) * std::size_t(n), std::size_t(n), pattern) == 0) return r;
  return -1;
}

}  // namespace

int Regions2D::find(const std::string& pattern) const {
  return find_pattern(patterns, neurons, pattern_regions, pattern);
}

int Regions1D::find(const std::string& pattern) const {
  return find_pattern(patterns, neurons, pattern_regions, pattern);
}

Status check_piecewise_linear(const Network& net, int inputs) {
  Status st = validate_network(net);
  if (!st) return st;
  if (int(net.inputs()) != inputs)
    return Status::error("regions_inputs_mismatch", {{"dims", inputs}, {"inputs", net.inputs()}});
  for (std::size_t l = 0; l < net.hidden.size(); ++l) {
    const Activation& act = net.hidden[l];
    if (!act.info().piecewise_linear)
      return Status::error("not_piecewise_linear",
                           {{"layer", l + 1}, {"activation", act.name()}, {"partitionable", partitionable_names()}});
    std::vector<double> br, sl, of;
    act.linear_pieces(br, sl, of);
    if (sl.size() != br.size() + 1 || of.size() != sl.size())
      return Status::error("activation_pieces_missing", {{"activation", act.name()}});
    for (std::size_t k = 0; k < br.size(); ++k)
      if (!std::isfinite(br[k]) || (k && br[k] < br[k - 1]))
        return Status::error("activation_kinks_invalid", {{"activation", act.name()}});
    for (std::size_t s = 0; s < sl.size(); ++s)
      if (!std::isfinite(sl[s]) || !std::isfinite(of[s]))
        return Status::error("activation_params_not_finite", {{"activation", act.name()}});
  }
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
  if (d != 1 && d != 2) return Status::error("regions_need_1_or_2_inputs", {{"inputs", d}});
  if (int(x.size()) != d) return Status::error("point_dims", {{"dims", d}});
  for (double v : x)
    if (!std::isfinite(v)) return Status::error("point_not_finite");
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
      return out = PointRegion{}, Status::error("map_overflow");
  return {};
}

Status segment_crossings(const Network& net, const std::vector<double>& a, const std::vector<double>& b,
                         SegmentCrossings& out) {
  out = SegmentCrossings{};
  const int d = int(net.inputs());
  if (d != 1 && d != 2) return Status::error("regions_need_1_or_2_inputs", {{"inputs", d}});
  if (int(a.size()) != d || int(b.size()) != d) return Status::error("segment_dims", {{"dims", d}});
  std::vector<double> in_max(d);
  for (int i = 0; i < d; ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i]))
      return Status::error("segment_not_finite");
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
