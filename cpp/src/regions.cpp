// Linear regions of a 1-D interval, the region of one point and the pattern changes along
// a segment (see regions.h), plus the check that a net is piecewise linear at all. The 2-D
// partition lives in regions_2d.cpp; both share regions_detail.h.
#include "regions_detail.h"
#include "regions_exact.h"

#include <memory>

namespace alab {
namespace {

using namespace regions_detail;

// ---------------------------------------------------------------------------------------
// Double-double maps: a second, lazily computed tier of the certified floating-point filter.
// Deep in a net the double maps' error bounds (which grow about 4x a 64-wide layer) no
// longer place a root within 2^-40; the same maps as unevaluated sums hi + lo, with bounds
// about 2^-53 times smaller, place it within an ulp or two, so the exact twin is left with
// the genuine ties (two roots at the same point, a line through an interval's end). The
// products are error-free (Veltkamp / Dekker, no fused multiply-add needed), the sums keep
// their rounding errors (TwoSum) in the low part; after n terms the pair is off by at most
// (n + 2)^2 u^2 of the sum of the magnitudes (Ogita, Rump and Oishi's Sum2 bound), taken
// twice below. Used only while every magnitude stays below 2^400 (no overflow in a split).
// The file is built with -ffp-contract=off (CMakeLists.txt): a product fused into a later
// sum would break TwoSum; fusing inside one expression (clang's default) is harmless here.
// ---------------------------------------------------------------------------------------

constexpr double kU2 = kU * kU;
constexpr double kDDMax = 0x1p400;

// The sum of n terms of a layer: the factor of the sum of their magnitudes.
inline double dd_gamma(int n) { return 2 * double(n + 3) * double(n + 3) * kU2; }

// Veltkamp: x = hi + lo exactly, each half of 26 bits (|x| <= kDDMax).
inline void dd_split(double x, double& hi, double& lo) {
  const double c = 134217729.0 * x;  // 2^27 + 1
  hi = c - (c - x);
  lo = x - hi;
}

// s + e = a + b exactly.
inline void two_sum(double a, double b, double& s, double& e) {
  s = a + b;
  const double bb = s - a;
  e = (a - (s - bb)) + (b - bb);
}

// p + e = a b exactly (no underflow), from the halves of a and b.
inline void two_prod(double a, double ah, double al, double b, double bh, double bl, double& p, double& e) {
  p = a * b;
  e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

// ---------------------------------------------------------------------------------------
// 1-D (also the engine of segment_crossings), without recursion: an explicit stack of
// frames, one a layer. An interval's ends are roots of lines (or the interval's own ends);
// every side and order decision is exact, as in the 2-D splitter: floating point with a
// certified error bound, the exact twin when that cannot decide.
// ---------------------------------------------------------------------------------------

// A line a u + e = 0 as computed, coefficients off by at most ea, ee; ids 0 and 1 are the
// interval's ends u = lo and u = hi, then one a cut (neuron `neuron` of layer `layer`).
struct Line1D {
  double a, e, ea, ee;
  int layer = -1, neuron = -1;
  double kink = 0;
  int first_leaf = -1;  // the first leaf below the cut interval (its pattern holds the
                        // pieces of the layers before `layer`)
  int exact = -1;       // handle in the exact twin, once needed
};

// An interval end: computed position u, |u - exact| <= r, the line it is the root of.
struct End1D {
  double u, r;
  int line;
};

class Splitter1D {
 public:
  // M0 / EM0: net.inputs() x 2 map of the first layer's inputs in terms of the parameter u
  // as computed, and its errors; plus / minus: the same map exactly, as plus - minus.
  Splitter1D(const Network& net, const Prepared& p, double lo, double hi, const std::vector<double>& M0,
             const std::vector<double>& EM0, std::vector<double> plus, std::vector<double> minus,
             const RegionOptions& opt)
      : net_(net), p_(p), opt_(opt), plus_(std::move(plus)), minus_(std::move(minus)) {
    U_ = std::max(std::fabs(lo), std::fabs(hi));
    frames_.resize(p.hidden.size() + 1);
    pattern_.assign(p.neurons, '0');
    int offset = 0;
    for (std::size_t l = 0; l < p.hidden.size(); ++l) {
      frames_[l].pattern_offset = offset;
      offset += p.hidden[l].n_out;
    }
    lines_.push_back({1, -lo, 0, 0});
    lines_.push_back({1, -hi, 0, 0});
    lo_ = {lo, 0, 0};
    hi_ = {hi, 0, 1};
    // The first layer's inputs as double-doubles: plus - minus exactly (TwoSum).
    in_hi_.resize(plus_.size());
    in_lo_.resize(plus_.size());
    for (std::size_t i = 0; i < plus_.size(); ++i) two_sum(plus_[i], -minus_[i], in_hi_[i], in_lo_[i]);
    // The first layer's maps from M0: a dot product with the errors of next_error, for
    // inputs that are "pieces" of slope 1.
    const Layer& first = p.hidden.empty() ? p.out : p.hidden[0];
    Layer inputs;
    inputs.n_out = first.n_in;
    inputs.smax = 1;
    double E[2] = {0, 0};
    for (int i = 0; i < first.n_in; ++i) E[0] = std::max(E[0], EM0[2 * i]), E[1] = std::max(E[1], EM0[2 * i + 1]);
    F& f0 = frames_[0];
    f0.Z.resize(std::size_t(first.n_out) * 2);
    layer_map(p.hidden.empty() ? p.WToutput.data() : first.WT.data(), first.b, first.n_in, first.n_out, 1,
              M0.data(), f0.acc, f0.Z.data());
    f0.err = next_error(inputs, 2, M0.data(), E);
  }

  Status run() {
    const int H = int(p_.hidden.size());
    Status st = H == 0 ? emit(lo_, hi_, frames_[0]) : split_frame(0, lo_, hi_);
    for (int depth = 0; st && H > 0 && depth >= 0;) {
      F& f = frames_[depth];
      if (f.next + 1 >= f.ends.size()) {
        --depth;
        continue;
      }
      const std::size_t s = f.next++;
      --open_;
      descend(depth, s);
      if (depth + 1 == H) {
        st = emit(f.ends[s], f.ends[s + 1], frames_[H]);
      } else {
        st = split_frame(depth + 1, f.ends[s], f.ends[s + 1]);
        ++depth;
      }
    }
    return st;
  }

  // Whether leaf i's map equals leaf i - 1's, exactly.
  bool same_as_previous(std::size_t i) {
    const int O = p_.outputs;
    const double *m1 = &maps_[(i - 1) * O * 2], *m2 = &maps_[i * O * 2];
    // Certainly different when a coefficient differs by more than both error bounds.
    const double *e1 = &map_err_[(i - 1) * O * 2], *e2 = &map_err_[i * O * 2];
    for (int k = 0; k < 2 * O; ++k)
      if (std::fabs(m1[k] - m2[k]) > (e1[k] + e2[k]) * (1 + 4 * kU) + kTiny) return false;
    if (same_map_by_structure(p_, patterns.data() + (i - 1) * p_.neurons, patterns.data() + i * p_.neurons, differ_,
                              next_))
      return true;
    const int h1 = exact().output_map(patterns.data() + (i - 1) * p_.neurons);
    const int h2 = exact().output_map(patterns.data() + i * p_.neurons);
    return exact().same_map(h1, h2);
  }

  bool exact_ok() const { return !exact_ || exact_->ok(); }

  std::vector<double> bounds;  // leaves + 1 ends, non-decreasing
  std::string patterns;
  std::vector<double> a, c;  // per leaf, outputs each

 private:
  struct Cut {
    End1D end;
    int right;  // the sign of z - kink right of the root
    int j, k;
  };
  struct F {
    std::vector<double> Z, M, acc;       // Z: n_out x 2 on the parent interval
    MapError err;                        // Z's error bounds
    std::vector<double> Zh, Zl;          // Z as double-doubles (once dd is set)
    MapError dd_err;                     // their error bounds
    bool dd = false;                     // Zh, Zl hold Z's interval's maps
    std::size_t cur = 0;                 // the sub-interval being visited (descend)
    std::vector<End1D> ends;             // sub-interval s is ends[s] .. ends[s + 1]
    std::vector<unsigned char> states;   // sub-intervals x n_out
    std::size_t next = 0;
    int pattern_offset = 0;
  };
  const Network& net_;
  const Prepared& p_;
  const RegionOptions opt_;  // a copy: callers may pass a temporary
  std::vector<double> plus_, minus_;
  double U_;
  End1D lo_, hi_;
  std::vector<F> frames_;
  std::vector<Line1D> lines_;
  std::string pattern_;
  std::vector<Cut> cuts_;
  std::vector<int> group_, sign_;  // per (neuron, kink): root group of a cut (-1: none), constant sign
  std::vector<double> maps_, map_err_;  // per leaf: outputs x (a, c) and their errors
  std::unique_ptr<ExactNet> exact_;
  int leaves_ = 0;
  std::size_t open_ = 0;  // sub-intervals made by the frames on the path, not visited yet
  std::vector<char> differ_, next_;  // scratch of same_map_by_structure
  std::vector<double> in_hi_, in_lo_;                // the first layer's inputs, double-double
  std::vector<std::vector<double>> wt_hi_, wt_lo_;   // per hidden layer: WT's Veltkamp halves
  std::vector<double> hh_, hl_, acc_hi_, acc_lo_;    // scratch of ensure_dd
  bool dd_off_ = false;                              // magnitudes too large for double-doubles

  // Makes frames_[d].Zh, Zl hold the maps of hidden layer d on the interval being split, as
  // double-doubles with certified bounds (dd_err); false when they cannot be used.
  bool ensure_dd(int d) {
    F& f = frames_[d];
    if (f.dd) return true;
    if (dd_off_) return false;
    const Layer& ly = p_.hidden[d];
    const int n_in = ly.n_in, n_out = ly.n_out;
    hh_.resize(std::size_t(n_in) * 2);
    hl_.resize(hh_.size());
    double Eh[2] = {0, 0}, Hm[2] = {0, 0};  // bounds on the inputs' errors and magnitudes
    if (d == 0) {
      for (std::size_t i = 0; i < hh_.size(); ++i) {
        hh_[i] = in_hi_[i], hl_[i] = in_lo_[i];
        Hm[i % 2] = std::max(Hm[i % 2], std::fabs(in_hi_[i]) * (1 + 4 * kU));
      }
    } else {
      if (!ensure_dd(d - 1)) return false;
      const F& g = frames_[d - 1];
      const Layer& pl = p_.hidden[d - 1];
      const unsigned char* st = &g.states[g.cur * pl.n_out];
      double Zm[2] = {0, 0};
      for (int j = 0; j < n_in; ++j) {
        const double slope = pl.slopes[st[j]], offset = pl.offsets[st[j]];
        double sh = 0, sl = 0;
        if (slope != 0 && slope != 1) dd_split(slope, sh, sl);
        for (int i = 0; i < 2; ++i) {
          const double zh = g.Zh[2 * j + i], zl = g.Zl[2 * j + i];
          Zm[i] = std::max(Zm[i], std::fabs(zh));
          double hi = 0, lo = 0;
          if (slope == 1) {
            hi = zh, lo = zl;
          } else if (slope != 0 && zh != 0) {
            double zhh, zhl;
            dd_split(zh, zhh, zhl);
            two_prod(slope, sh, sl, zh, zhh, zhl, hi, lo);
            lo += slope * zl;
          }
          if (i == 1 && offset != 0) {
            double t;
            two_sum(hi, offset, hi, t);
            lo += t;
          }
          two_sum(hi, lo, hh_[2 * j + i], hl_[2 * j + i]);
        }
      }
      for (int i = 0; i < 2; ++i) {
        const double o = i == 1 ? pl.omax : 0.0;
        Eh[i] = pl.smax * g.dd_err.max(pl, i, 2) + 4 * kU2 * (pl.smax * Zm[i] * (1 + 4 * kU) + o) + kTiny;
        Hm[i] = (pl.smax * Zm[i] * (1 + 4 * kU) + o) * (1 + 4 * kU);
      }
    }
    // row_abs_max bounds every |weight|; beyond kDDMax a split could overflow.
    if (!(Hm[0] < kDDMax && Hm[1] < kDDMax && ly.row_abs_max < kDDMax && ly.abs_b_max < kDDMax)) {
      dd_off_ = true;
      return false;
    }
    if (wt_hi_.size() <= std::size_t(d)) wt_hi_.resize(p_.hidden.size()), wt_lo_.resize(p_.hidden.size());
    std::vector<double>& wh = wt_hi_[d];
    std::vector<double>& wl = wt_lo_[d];
    if (wh.empty()) {
      wh.resize(ly.WT.size());
      wl.resize(ly.WT.size());
      for (std::size_t k = 0; k < ly.WT.size(); ++k) dd_split(ly.WT[k], wh[k], wl[k]);
    }
    // The layer's maps: for each input k and coefficient i, an error-free product with every
    // neuron's weight (contiguous in WT), summed with TwoSum; the low parts added plainly.
    acc_hi_.assign(std::size_t(n_out) * 2, 0.0);
    acc_lo_.assign(acc_hi_.size(), 0.0);
    for (int k = 0; k < n_in; ++k) {
      const double* w = ly.WT.data() + std::size_t(k) * n_out;
      const double *w1 = wh.data() + std::size_t(k) * n_out, *w2 = wl.data() + std::size_t(k) * n_out;
      for (int i = 0; i < 2; ++i) {
        const double xh = hh_[2 * k + i], xl = hl_[2 * k + i];
        if (xh == 0 && xl == 0) continue;
        double x1, x2;
        dd_split(xh, x1, x2);
        double *ah = acc_hi_.data() + std::size_t(i) * n_out, *al = acc_lo_.data() + std::size_t(i) * n_out;
        for (int m = 0; m < n_out; ++m) {
          const double p = w[m] * xh;
          const double pe = (((w1[m] * x1 - p) + w1[m] * x2 + w2[m] * x1) + w2[m] * x2) + w[m] * xl;
          const double s = ah[m] + p, bb = s - ah[m];
          const double e = (ah[m] - (s - bb)) + (p - bb);
          ah[m] = s;
          al[m] += e + pe;
        }
      }
    }
    f.Zh.resize(std::size_t(n_out) * 2);
    f.Zl.resize(f.Zh.size());
    for (int m = 0; m < n_out; ++m)
      for (int i = 0; i < 2; ++i) {
        double hi = acc_hi_[std::size_t(i) * n_out + m], lo = acc_lo_[std::size_t(i) * n_out + m];
        if (i == 1) {
          double t;
          two_sum(hi, ly.b[m], hi, t);
          lo += t;
        }
        two_sum(hi, lo, f.Zh[2 * m + i], f.Zl[2 * m + i]);
        if (!std::isfinite(f.Zh[2 * m + i])) {
          dd_off_ = true;
          return false;
        }
      }
    const double g = dd_gamma(n_in);
    f.dd_err = MapError{};
    for (int i = 0; i < 2; ++i) {
      f.dd_err.rel[i] = Eh[i] + g * Hm[i];
      f.dd_err.base[i] = (n_in + 3) * kTiny;
    }
    f.dd_err.bias = g;
    f.dd = true;
    return true;
  }

  // The root of neuron j of hidden layer `depth` at `kink` in [lo, hi] (a sign change there
  // is certain) from the double-double maps: two Newton steps from the double quotient, then
  // a certificate |u - root| <= r from the residual at u. False when the maps cannot be
  // used or the line is too flat for them.
  bool dd_root(int depth, int j, double kink, const End1D& lo, const End1D& hi, double& u, double& r) {
    if (!ensure_dd(depth)) return false;
    const F& f = frames_[depth];
    const Layer& ly = p_.hidden[depth];
    const double ah = f.Zh[2 * j], al = f.Zl[2 * j];
    double eh, el;
    two_sum(f.Zh[2 * j + 1], -kink, eh, el);
    el += f.Zl[2 * j + 1];
    two_sum(eh, el, eh, el);
    const double ea = f.dd_err.of(ly, j, 0, 2);
    const double ee = f.dd_err.of(ly, j, 1, 2) + 4 * kU2 * (std::fabs(f.Zh[2 * j + 1]) + std::fabs(kink)) + kTiny;
    const double low = (std::fabs(ah) - std::fabs(al) - ea) * (1 - 4 * kU);  // <= |A|
    if (!(low > 0) || !(std::fabs(eh) < kDDMax)) return false;
    double a1, a2;
    dd_split(ah, a1, a2);
    // v ~ A x + E; |v - (A x + E)| <= u |v| + 16 u^2 (|ah x| + |eh|) + kTiny for the pair.
    auto value = [&](double x) {
      double x1, x2, p, pe, s, se;
      dd_split(x, x1, x2);
      two_prod(ah, a1, a2, x, x1, x2, p, pe);
      two_sum(p, eh, s, se);
      return s + (((pe + al * x) + se) + el);
    };
    double x = -eh / ah;
    if (!(std::fabs(x) < kDDMax)) x = 0.5 * (lo.u + hi.u);
    for (int it = 0; it < 2; ++it) x -= value(x) / ah;
    x = std::min(std::max(x, lo.u), hi.u);
    if (!std::isfinite(x)) return false;
    const double v = value(x);
    const double bound = std::fabs(v) * (1 + 2 * kU) + 16 * kU2 * (std::fabs(ah * x) + std::fabs(eh)) * (1 + 4 * kU) +
                         ea * std::fabs(x) + ee + kTiny;
    const double rr = bound / low * (1 + 0x1p-20);
    if (!(rr <= 0x1p-40 * std::max(std::fabs(x), U_))) return false;
    u = x;
    r = rr;
    return true;
  }

  ExactNet& exact() {
    if (!exact_) exact_ = std::make_unique<ExactNet>(net_, 1, plus_, minus_);
    return *exact_;
  }

  int exact_line(int id) {
    Line1D& L = lines_[id];
    if (L.exact >= 0) return L.exact;
    if (L.layer < 0) {
      L.exact = exact().fixed_line(L.a, 0, L.e);
    } else {
      const char* pattern = L.first_leaf < leaves_ ? patterns.data() + std::size_t(L.first_leaf) * p_.neurons
                                                   : pattern_.data();
      L.exact = exact().neuron_line(L.layer, L.neuron, L.kink, pattern);
    }
    return L.exact;
  }

  // The exact sign of line `id` (computed value v, error bound t0 + t1 r) at end x.
  int side(int id, double v, double t0, double t1, const End1D& x) {
    const double tol = (t0 + t1 * x.r) * kSlack;
    if (v > tol) return 1;
    if (v < -tol) return -1;
    return exact().side_1d(exact_line(id), exact_line(x.line));
  }

  // Exact order of two cut points: the sign of u(y) - u(x).
  int order(const End1D& x, const End1D& y) {
    if (x.line == y.line) return 0;
    const double gap = y.u - x.u, err = (x.r + y.r) * (1 + 4 * kU) + kTiny;
    if (gap > err) return 1;
    if (gap < -err) return -1;
    return exact().order_1d(exact_line(x.line), exact_line(y.line));
  }

  // Splits the interval (lo, hi) at every root of hidden layer `depth`'s neurons' kinks
  // inside it, into the sub-intervals of frames_[depth] with their pieces.
  Status split_frame(int depth, const End1D& lo, const End1D& hi) {
    const Layer& ly = p_.hidden[depth];
    F& f = frames_[depth];
    const std::size_t K = ly.breaks.size();
    cuts_.clear();
    group_.assign(std::size_t(ly.n_out) * K, -1);
    sign_.assign(std::size_t(ly.n_out) * K, 0);
    for (int j = 0; j < ly.n_out; ++j)
      for (std::size_t k = 0; k < K; ++k) {
        const double a = f.Z[2 * j], kink = ly.breaks[k], e = f.Z[2 * j + 1] - kink;
        const double ea = f.err.of(ly, j, 0, 2), ee = f.err.of(ly, j, 1, 2) + (kink != 0 ? kU * std::fabs(e) : 0.0);
        const double t0 = gamma(2) * (std::fabs(a) * U_ + std::fabs(e)) + ea * U_ + ee + kTiny;
        const double t1 = (1 + gamma(2)) * std::fabs(a);
        const int id = int(lines_.size());
        lines_.push_back({a, e, ea, ee, depth, j, kink, leaves_, -1});
        const int sl = side(id, a * lo.u + e, t0, t1, lo), sh = side(id, a * hi.u + e, t0, t1, hi);
        if (sl * sh < 0) {
          // The root, clamped into the interval, and its certificate from the residual.
          double u = -e / a;
          u = std::min(std::max(u, lo.u), hi.u);
          const double res = std::fabs(a * u + e) + gamma(2) * (std::fabs(a * u) + std::fabs(e)) +
                             ea * std::fabs(u) + ee + kTiny;
          const double low = std::fabs(a) - ea;
          double r = low > 0 ? res / low * (1 + 0x1p-20) : kInf;
          if (!std::isfinite(r)) r = kInf;
          // A root the double maps cannot place within 2^-40 (deep in a net their bounds
          // are loose): the double-double maps' root, within an ulp or two; the exact root
          // when those cannot place it either (a line nearly along the segment, a and e
          // both rounding noise), so that the reported breakpoint is close to the exact one
          // and not just on the right side.
          if (!(r <= 0x1p-40 * std::max(std::fabs(u), U_)) && !dd_root(depth, j, kink, lo, hi, u, r)) {
            u = std::min(std::max(exact().root_1d(exact_line(id)), lo.u), hi.u);
            r = std::fabs(u) * 0x1p-51 + kTiny;
          }
          cuts_.push_back({{u, r, id}, sh, j, int(k)});
        } else {
          lines_.pop_back();  // not a cut: nothing will refer to the line
          sign_[j * K + k] = sl != 0 ? sl : sh;
        }
      }
    if (exact_ && !exact_->ok()) return Status::error("exact_arithmetic_too_large");
    std::sort(cuts_.begin(), cuts_.end(), [this](const Cut& x, const Cut& y) { return order(x.end, y.end) > 0; });
    if (exact_ && !exact_->ok()) return Status::error("exact_arithmetic_too_large");
    // Equal roots make one end; sub-interval s lies right of the roots of groups < s.
    f.ends.assign(1, lo);
    for (std::size_t i = 0; i < cuts_.size(); ++i) {
      if (i == 0 || order(f.ends.back(), cuts_[i].end) != 0) f.ends.push_back(cuts_[i].end);
      group_[cuts_[i].j * K + cuts_[i].k] = int(f.ends.size()) - 1;
    }
    f.ends.push_back(hi);
    const std::size_t n = f.ends.size() - 1;
    // Each open sub-interval (of this frame and of the frames above) becomes at least one
    // interval: past the limit, refuse now rather than after the whole partition.
    if (std::size_t(leaves_) + open_ + n > opt_.max_regions)
      return Status::error("too_many_intervals", {{"max", opt_.max_regions}});
    open_ += n;
    f.states.assign(n * ly.n_out, 0);
    for (const Cut& c : cuts_) sign_[c.j * K + c.k] = c.right;
    for (std::size_t s = 0; s < n; ++s)
      for (int j = 0; j < ly.n_out; ++j) {
        int piece = 0;
        for (std::size_t k = 0; k < K; ++k) {
          const int g = group_[j * K + k], sg = sign_[j * K + k];
          piece += (g < 0 ? sg : (int(s) >= g ? sg : -sg)) > 0;
        }
        f.states[s * ly.n_out + j] = (unsigned char)piece;
      }
    f.next = 0;
    const bool last = depth + 1 == int(p_.hidden.size());
    F& next = frames_[depth + 1];
    const Layer& next_layer = last ? p_.out : p_.hidden[depth + 1];
    next.Z.resize(std::size_t(next_layer.n_out) * 2);
    const double E[2] = {f.err.max(ly, 0, 2), f.err.max(ly, 1, 2)};
    next.err = next_error(ly, 2, f.Z.data(), E);
    return {};
  }

  void descend(int depth, std::size_t s) {
    const Layer& ly = p_.hidden[depth];
    F& f = frames_[depth];
    f.cur = s;
    frames_[depth + 1].dd = false;
    const unsigned char* st = &f.states[s * ly.n_out];
    for (int j = 0; j < ly.n_out; ++j) pattern_[f.pattern_offset + j] = char('0' + st[j]);
    f.M.resize(std::size_t(ly.n_out) * 2);
    apply_states(ly, 1, f.Z.data(), st, f.M.data());
    const bool last = depth + 1 == int(p_.hidden.size());
    F& next = frames_[depth + 1];
    if (last)
      layer_map(p_.WToutput.data(), p_.bout, p_.n_last, p_.outputs, 1, f.M.data(), f.acc, next.Z.data());
    else
      layer_map(p_.hidden[depth + 1].WT.data(), p_.hidden[depth + 1].b, ly.n_out, p_.hidden[depth + 1].n_out, 1,
                f.M.data(), f.acc, next.Z.data());
  }

  Status emit(const End1D& lo, const End1D& hi, const F& leaf) {
    if (std::size_t(leaves_) >= opt_.max_regions)
      return Status::error("too_many_intervals", {{"max", opt_.max_regions}});
    for (int o = 0; o < p_.outputs; ++o) {
      if (!std::isfinite(leaf.Z[2 * o]) || !std::isfinite(leaf.Z[2 * o + 1])) return Status::error("map_overflow");
      a.push_back(leaf.Z[2 * o]);
      c.push_back(leaf.Z[2 * o + 1]);
    }
    maps_.insert(maps_.end(), leaf.Z.begin(), leaf.Z.begin() + 2 * p_.outputs);
    for (int o = 0; o < p_.outputs; ++o)
      for (int i = 0; i < 2; ++i) map_err_.push_back(leaf.err.of(p_.out, o, i, 2));
    if (bounds.empty()) bounds.push_back(lo.u);
    bounds.push_back(std::max(hi.u, bounds.back()));
    patterns += pattern_;
    ++leaves_;
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
  if (!net.plain_inputs()) return Status::error("features_not_linear");
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
  Splitter1D sp(net, p, lo, hi, {1.0, 0.0}, {0.0, 0.0}, {1.0, 0.0}, {0.0, 0.0}, options);
  st = sp.run();
  if (!st) return st;
  // Pieces: consecutive intervals with exactly equal maps (decided before the buffers move).
  const int n = int(sp.bounds.size()) - 1;
  std::vector<char> same(n, 0);
  for (int i = 1; i < n; ++i) same[i] = sp.same_as_previous(i);
  if (!sp.exact_ok()) return Status::error("exact_arithmetic_too_large");
  out.neurons = p.neurons;
  out.outputs = p.outputs;
  out.bounds = std::move(sp.bounds);
  out.pattern_regions = n;
  out.patterns = std::move(sp.patterns);
  out.a = std::move(sp.a);
  out.c = std::move(sp.c);
  for (int i = 0; i < n; ++i) {
    if (i == 0) {
      out.piece.push_back(0);
      continue;
    }
    out.breakpoints.push_back(out.bounds[i]);
    if (!same[i]) out.kinks.push_back(out.bounds[i]);
    out.piece.push_back(out.piece.back() + (same[i] ? 0 : 1));
  }
  out.affine_pieces = out.piece.empty() ? 0 : out.piece.back() + 1;
  return {};
}

Status region_at(const Network& net, const std::vector<double>& x, PointRegion& out) {
  out = PointRegion{};
  if (!net.plain_inputs()) return Status::error("features_not_linear");
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
  CellMaps maps(p);
  map_for_states(p, states.data(), out.A, out.c, maps);
  out.inputs = d;
  out.outputs = p.outputs;
  for (double v : out.A)
    if (!std::isfinite(v))
      return out = PointRegion{}, Status::error("map_overflow");
  return {};
}

Status segment_crossings(const Network& net, const std::vector<double>& a, const std::vector<double>& b,
                         SegmentCrossings& out, bool maps) {
  out = SegmentCrossings{};
  if (!net.plain_inputs()) return Status::error("features_not_linear");
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
  // layer's inputs have the map x_i = (b_i - a_i) u + a_i; b_i - a_i is rounded (error at
  // most kU of it), the exact twin takes it as the exact difference.
  std::vector<double> M0(std::size_t(d) * 2), EM0(M0.size(), 0.0), plus(M0.size()), minus(M0.size(), 0.0);
  for (int i = 0; i < d; ++i) {
    M0[2 * i] = b[i] - a[i], M0[2 * i + 1] = a[i];
    EM0[2 * i] = 2 * kU * std::fabs(M0[2 * i]) + kTiny;
    plus[2 * i] = b[i], plus[2 * i + 1] = a[i];
    minus[2 * i] = a[i];
  }
  Prepared p1 = p;
  p1.d = 1;
  Splitter1D sp(net, p1, 0.0, 1.0, M0, EM0, plus, minus, RegionOptions{});
  st = sp.run();
  if (!st) return st;
  if (!sp.exact_ok()) return Status::error("exact_arithmetic_too_large");
  if (!maps) {
    out.t.assign(sp.bounds.begin() + 1, sp.bounds.end() - 1);
    out.patterns = std::move(sp.patterns);
    return {};
  }
  // Each piece's map, redoing only the layers from the first one whose pieces differ from
  // the previous piece's.
  const int H = int(p.hidden.size());
  CellMaps cm(p);
  std::vector<unsigned char> states(p.neurons);
  for (std::size_t i = 0; i + 1 < sp.bounds.size(); ++i) {
    if (i) out.t.push_back(sp.bounds[i]);
    const char* pattern = sp.patterns.data() + i * p.neurons;
    int q = 0, offset = 0;  // the first layer to redo, and its first neuron
    if (i) {
      const char* before = pattern - p.neurons;
      while (q < H && std::equal(pattern + offset, pattern + offset + p.hidden[q].n_out, before + offset))
        offset += p.hidden[q++].n_out;
    }
    for (int j = 0; j < p.neurons; ++j) states[j] = (unsigned char)(pattern[j] - '0');
    map_for_states(p, states.data(), out.A, out.c, cm, q);
  }
  out.patterns = std::move(sp.patterns);
  return {};
}

}  // namespace alab
