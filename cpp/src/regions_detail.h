// regions_detail.h (internal): what the 2-D splitter (regions_2d.cpp) and the 1-D,
// point and segment code (regions.cpp) share: tolerances, the prepared layers, affine maps
// of a layer, piece lookup and map comparison. Not part of the public API.
#pragma once

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "alab/regions.h"

namespace alab::regions_detail {
// Internal linkage in every file that includes this header: the optimiser treats these
// exactly as the file-local helpers they are (inlining, single-call-site bonuses).
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

inline void transpose(const double* W, int rows, int cols, std::vector<double>& T) {
  T.resize(std::size_t(rows) * cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) T[std::size_t(c) * rows + r] = W[std::size_t(r) * cols + c];
}

inline Status prepare(const Network& net, int inputs, const double* in_abs_max, Prepared& p) {
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
        return Status::error("preactivation_overflow");
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

inline bool maps_equal(const double* A1, const double* c1, const double* A2, const double* c2, int outputs, int d,
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

inline void map_for_states(const Prepared& p, const unsigned char* states, std::vector<double>& A,
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

inline Status check_box(double lo, double hi, const char* axis) {
  if (!std::isfinite(lo) || !std::isfinite(hi))
    return Status::error("box_not_finite", {{"axis", axis}});
  if (!(lo < hi)) return Status::error("box_empty", {{"axis", axis}});
  if (!std::isfinite(hi - lo)) return Status::error("box_too_wide");
  return {};
}


}  // namespace
}  // namespace alab::regions_detail
