// regions_detail.h (internal): what the 2-D splitter (regions_2d.cpp) and the 1-D,
// point and segment code (regions.cpp) share: the prepared layers, affine maps of a layer,
// piece lookup, and the certified error bounds that let floating point decide most
// questions exactly (the rest go to regions_exact.h). Not part of the public API.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "alab/regions.h"

namespace alab::regions_detail {
// Internal linkage in every file that includes this header: the optimiser treats these
// exactly as the file-local helpers they are (inlining, single-call-site bonuses).
namespace {

// Error bounds. Every decision (which side of a line a vertex lies on, whether two maps
// are equal, whether two edges overlap) is a sign. Floating point computes a value v~ and a
// bound E with |v~ - v| <= E for the exact value v; when |v~| > E the sign of v~ is the exact
// sign, otherwise the exact twin (regions_exact.h) decides. The bounds use the standard
// model fl(x op y) = (x op y)(1 + d) + n, |d| <= kU, |n| <= 2^-1074 (subnormal products), so
// a dot product of n terms is off by at most gamma(n) * sum |terms| + n 2^-1074, in any order
// of summation and with or without fused multiply-adds. The absolute part is bounded by
// kTiny, the smallest normal double (2^52 times 2^-1074): subnormal operands cost a
// hundred cycles on x86 and in WASM, normal ones nothing.
constexpr double kU = 0x1p-53;
constexpr double kTiny = 0x1p-1022;
// Every bound is computed in floating point too: scaling it by kSlack covers the rounding
// of the (at most a few thousand) operations that produced it.
constexpr double kSlack = 1 + 0x1p-30;
constexpr double kInf = std::numeric_limits<double>::infinity();
inline double gamma(int n) { return n * kU / (1 - n * kU); }

// One layer, resolved: weights, biases and (hidden layers) the activation's linear pieces.
struct Layer {
  const double* W = nullptr;  // n_out x n_in, row-major
  std::vector<double> WT;     // W transposed: n_in x n_out
  const double* b = nullptr;
  int n_in = 0, n_out = 0;
  std::vector<double> breaks, slopes, offsets;  // piece s: f(z) = slopes[s] z + offsets[s]
  double smax = 0, omax = 0;                    // largest |slope|, |offset|
  // Whether this layer's pre-activations are exactly 0 at the input 0 on every cell: no
  // bias here or before, no offset in an earlier activation (a ReLU net without biases).
  bool zero_at_origin = false;
  std::vector<double> row_abs;                  // per neuron: sum_k |W[j][k]|
  double row_abs_max = 0, abs_b_max = 0;        // the largest row_abs and |b|
};

// The net prepared for partitioning: hidden layers and the output layer.
struct Prepared {
  int d = 0;  // inputs (1 or 2)
  std::vector<Layer> hidden;
  Layer out;  // the output layer (no pieces)
  const double* Wout = nullptr;
  const double* bout = nullptr;
  std::vector<double> WToutput;  // Wout transposed
  int n_last = 0, outputs = 0, neurons = 0;
};

inline void transpose(const double* W, int rows, int cols, std::vector<double>& T) {
  T.resize(std::size_t(rows) * cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) T[std::size_t(c) * rows + r] = W[std::size_t(r) * cols + c];
}

inline void resolve(const Network& net, std::size_t l, Layer& ly) {
  ly.W = net.W(l);
  ly.b = net.b(l);
  ly.n_in = net.layers[l];
  ly.n_out = net.layers[l + 1];
  ly.row_abs.assign(ly.n_out, 0.0);
  ly.row_abs_max = ly.abs_b_max = 0;
  for (int j = 0; j < ly.n_out; ++j) {
    double r = 0;
    for (int k = 0; k < ly.n_in; ++k) r += std::fabs(ly.W[std::size_t(j) * ly.n_in + k]);
    ly.row_abs[j] = r * kSlack;
    ly.row_abs_max = std::max(ly.row_abs_max, ly.row_abs[j]);
    ly.abs_b_max = std::max(ly.abs_b_max, std::fabs(ly.b[j]));
  }
}

// Resolves the layers. in_abs_max bounds |input i| over the domain: pre-activations that
// could overflow there (by interval arithmetic over every pattern) are refused.
inline Status prepare(const Network& net, int inputs, const double* in_abs_max, Prepared& p) {
  Status st = check_piecewise_linear(net, inputs);
  if (!st) return st;
  p.d = inputs;
  const std::size_t L = net.num_layers();
  std::vector<double> U(in_abs_max, in_abs_max + inputs), G;  // |inputs| and |z| bounds
  p.hidden.resize(L - 1);
  p.neurons = 0;
  bool zero = true;  // so far, no bias and no offset
  for (std::size_t l = 0; l + 1 < L; ++l) {
    Layer& ly = p.hidden[l];
    resolve(net, l, ly);
    net.hidden[l].linear_pieces(ly.breaks, ly.slopes, ly.offsets);
    transpose(ly.W, ly.n_out, ly.n_in, ly.WT);
    G.assign(ly.n_out, 0.0);
    for (int j = 0; j < ly.n_out; ++j) {
      double g = std::fabs(ly.b[j]);
      for (int k = 0; k < ly.n_in; ++k) g += std::fabs(ly.W[j * ly.n_in + k]) * U[k];
      G[j] = g;
    }
    ly.smax = ly.omax = 0;
    for (double s : ly.slopes) ly.smax = std::max(ly.smax, std::fabs(s));
    for (double o : ly.offsets) ly.omax = std::max(ly.omax, std::fabs(o));
    for (int j = 0; j < ly.n_out; ++j) zero &= ly.b[j] == 0;
    ly.zero_at_origin = zero;
    zero &= ly.omax == 0;
    U.assign(ly.n_out, 0.0);
    for (int j = 0; j < ly.n_out; ++j) {
      U[j] = ly.smax * G[j] + ly.omax;
      if (!std::isfinite(U[j]) || !std::isfinite(G[j]))
        return Status::error("preactivation_overflow");
    }
    p.neurons += ly.n_out;
  }
  resolve(net, L - 1, p.out);
  p.Wout = net.W(L - 1);
  p.bout = net.b(L - 1);
  p.n_last = net.layers[L - 1];
  p.outputs = net.layers[L];
  transpose(p.Wout, p.outputs, p.n_last, p.WToutput);
  return {};
}

// Error bounds of a layer's maps on a cell, factored so that a frame costs O(1): neuron
// m's coefficient i (of w; the last is the constant) is off by at most
//   (row_abs[m] rel[i] + base[i] + [i = w - 1] bias |b[m]|) kSlack.
// All zero for the first layer on a 2-D box, whose maps are its rows, exactly.
struct MapError {
  double rel[3] = {0, 0, 0}, base[3] = {0, 0, 0};
  double bias = 0;
  double of(const Layer& ly, int m, int i, int w) const {
    return (ly.row_abs[m] * rel[i] + base[i] + (i == w - 1 ? bias * std::fabs(ly.b[m]) : 0.0)) * kSlack;
  }
  // The largest error of coefficient i over the layer's neurons.
  double max(const Layer& ly, int i, int w) const {
    return (ly.row_abs_max * rel[i] + base[i] + (i == w - 1 ? bias * ly.abs_b_max : 0.0)) * kSlack;
  }
};

// Error bounds of the next layer's maps on a cell. Z (n x w) are this layer's computed
// pre-activation maps on the cell, each coefficient i off by at most E[i]; the next layer's
// maps are Zn = Wn h + bn with h_j = slope * Z_j + offset e_last for the piece neuron j is in
// on the sub-cell. Whatever the pieces, from
//   |h~_j - h_j| <= smax E + 2 kU |h~_j| + kTiny  and  |h~_j| <= H = max over j and pieces,
//   |Zn~_m - Zn_m| <= row_abs_m (max_j |h~_j - h_j| + gamma(n + 2) H) + gamma(n + 2) |bn_m|.
// The maxima over j keep this O(n) a cell (not a second matrix product); they are tight
// unless a layer mixes very different scales.
inline MapError next_error(const Layer& ly, int w, const double* Z, const double* E) {
  double H[3] = {0, 0, 0};
  for (int j = 0; j < ly.n_out; ++j)
    for (int i = 0; i < w; ++i) H[i] = std::max(H[i], std::fabs(Z[j * w + i]));
  MapError out;
  const double g = gamma(ly.n_out + 2);
  for (int i = 0; i < w; ++i) {
    const double h = (ly.smax * H[i] + (i == w - 1 ? ly.omax : 0.0)) * (1 + 4 * kU);
    out.rel[i] = ly.smax * E[i] + 2 * kU * h + kTiny + g * h;
    out.base[i] = (ly.n_out + 2) * kTiny;
  }
  out.bias = g;
  return out;
}

// Z (n_out x (d+1), row-major) = W * M + b e_last, where M (n_in x (d+1)) maps the input to
// the layer's inputs and WT is W transposed (n_in x n_out). The sum runs as axpys over
// contiguous columns of WT (it vectorises, also to wasm simd128) into acc, one block of
// n_out a coefficient. Exactly-zero entries of M (switched-off neurons) are skipped: adding
// w * 0 would not change the sum, so every cell's map is summed in the same order.
inline void layer_map(const double* WT, const double* b, int n_in, int n_out, int d, const double* M,
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
inline int piece_of(const std::vector<double>& breaks, double z) {
  int s = 0;
  for (double k : breaks) s += z > k;
  return s;
}

// The output map of a cell after the hidden layer with the given states: row j of the next
// M is slopes[s_j] * Z_j + offsets[s_j] e_last.
inline void apply_states(const Layer& ly, int d, const double* Z, const unsigned char* states, double* Mnext) {
  const int w = d + 1;
  for (int j = 0; j < ly.n_out; ++j) {
    const double s = ly.slopes[states[j]], o = ly.offsets[states[j]];
    for (int i = 0; i < w; ++i) Mnext[j * w + i] = s * Z[j * w + i];
    Mnext[j * w + w - 1] += o;
  }
}

// Whether the cells with hidden pieces p1 and p2 (pattern chars) certainly have the same
// output map, by structure alone: follow the neurons whose values may differ between the two
// cells (those whose pieces differ, unless both pieces are the same function, and those fed
// by a differing neuron through a non-zero weight, unless their piece is flat) to the
// outputs; if no output is reached, the maps are equal in exact arithmetic. It settles the
// usual equal maps (a neuron whose every way out has a zero weight or an off neuron, slope 1
// on both sides of a kink) without the exact twin; "false" decides nothing.
inline bool same_map_by_structure(const Prepared& p, const char* p1, const char* p2, std::vector<char>& differ,
                                  std::vector<char>& next) {
  differ.clear();  // the previous layer's neurons that may differ; the inputs never do
  bool any = false;
  for (const Layer& ly : p.hidden) {
    next.assign(ly.n_out, 0);
    if (any)
      for (int j = 0; j < ly.n_in; ++j) {
        if (!differ[j]) continue;
        const double* wj = ly.WT.data() + std::size_t(j) * ly.n_out;  // column j of W
        for (int m = 0; m < ly.n_out; ++m) next[m] |= wj[m] != 0;
      }
    any = false;
    for (int m = 0; m < ly.n_out; ++m) {
      const int s1 = p1[m] - '0', s2 = p2[m] - '0';
      const bool same_piece = ly.slopes[s1] == ly.slopes[s2] && ly.offsets[s1] == ly.offsets[s2];
      next[m] = !same_piece || (next[m] && ly.slopes[s1] != 0) || (next[m] && ly.slopes[s2] != 0);
      any |= next[m] != 0;
    }
    p1 += ly.n_out;
    p2 += ly.n_out;
    differ.swap(next);
  }
  if (p.hidden.empty()) return true;
  if (!any) return true;
  for (int j = 0; j < p.n_last; ++j) {
    if (!differ[j]) continue;
    for (int o = 0; o < p.outputs; ++o)
      if (p.Wout[std::size_t(o) * p.n_last + j] != 0) return false;
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

// The output maps of cells one after another (map_for_states): the inputs' maps into each
// hidden layer (M[l], M[0] the identity) and each hidden layer's maps before its pieces (Z[l]),
// kept from one cell to the next. Z[l] depends on the pieces of layers < l only.
struct CellMaps {
  std::vector<std::vector<double>> M, Z;
  std::vector<double> Zout, acc;
  explicit CellMaps(const Prepared& p) : M(p.hidden.size() + 1), Z(p.hidden.size()), Zout(std::size_t(p.outputs) * (p.d + 1)) {
    const int w = p.d + 1;
    M[0].assign(std::size_t(p.d) * w, 0.0);
    for (int i = 0; i < p.d; ++i) M[0][i * w + i] = 1;
  }
};

// Appends to A and c the output map of the cell whose pieces are `states` (one a hidden
// neuron). Hidden layers before q have the pieces of the last cell given to the same maps, so
// only layers q and on are redone (q = 0 for a first or lone cell); the same operations in the
// same order whatever q, so the same bits.
inline void map_for_states(const Prepared& p, const unsigned char* states, std::vector<double>& A,
                           std::vector<double>& c, CellMaps& m, int q = 0) {
  const int d = p.d, w = d + 1, H = int(p.hidden.size());
  int offset = 0;
  for (int l = 0; l < q; ++l) offset += p.hidden[l].n_out;
  for (int l = q; l < H; ++l) {
    const Layer& ly = p.hidden[l];
    if (l > q || m.Z[l].empty()) {
      m.Z[l].resize(std::size_t(ly.n_out) * w);
      layer_map(ly.WT.data(), ly.b, ly.n_in, ly.n_out, d, m.M[l].data(), m.acc, m.Z[l].data());
    }
    m.M[l + 1].resize(m.Z[l].size());
    apply_states(ly, d, m.Z[l].data(), states + offset, m.M[l + 1].data());
    offset += ly.n_out;
  }
  layer_map(p.WToutput.data(), p.bout, p.n_last, p.outputs, d, m.M[H].data(), m.acc, m.Zout.data());
  for (int o = 0; o < p.outputs; ++o) {
    for (int i = 0; i < d; ++i) A.push_back(m.Zout[o * w + i]);
    c.push_back(m.Zout[o * w + d]);
  }
}

// Empties a result but keeps its buffers' capacity, so a caller that passes the same
// Regions2D again (the page, while a net trains) reuses the memory instead of regrowing it.

inline Status check_box(double lo, double hi, const char* axis) {
  if (!std::isfinite(lo) || !std::isfinite(hi))
    return Status::error("box_not_finite", {{"axis", axis}});
  if (!(lo < hi)) return Status::error("box_empty", {{"axis", axis}});
  if (!std::isfinite(hi - lo)) return Status::error("box_too_wide");
  return {};
}


}  // namespace
}  // namespace alab::regions_detail
