// mlp_kernels.h (internal): the dense kernels the forward pass, the trainer and the grid
// share. Activations are stored feature-major (neuron x sample, "z[j*C + c]") over chunks
// of at most kChunk samples, so every inner loop runs over the samples of a batch:
// contiguous, branch-free and vectorisable, and the same code path serves batch 1 and
// batch N. Not part of the public API.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "alab/mlp.h"

namespace alab::mlp_detail {
// Internal linkage in every file that includes this header: the optimiser treats these
// exactly as the file-local helpers they are (inlining, single-call-site bonuses).
namespace {

constexpr std::size_t kChunk = 64;  // samples per pass; bounds scratch memory

// The three kernels below keep 4 (then 2, then 1) samples' sums in registers while
// they sweep the other index; each sum still runs in the same order (bias first, then
// i or j or c ascending), so results do not depend on the blocking or the batch size.

// z[j*cnt + c] = b[j] + sum_i W[j*nin + i] * in[i*cnt + c]  (T = double, or float for the grid)
template <class T>
inline void dense_forward(const T* W, const T* b, const T* in, T* z, std::size_t nin, std::size_t nout, std::size_t cnt) {
  for (std::size_t j = 0; j < nout; ++j) {
    const T* wr = W + j * nin;
    T* zr = z + j * cnt;
    const T bj = b[j];
    std::size_t c = 0;
    for (; c + 4 <= cnt; c += 4) {
      T a0 = bj, a1 = bj, a2 = bj, a3 = bj;
      for (std::size_t i = 0; i < nin; ++i) {
        const T w = wr[i];
        const T* ir = in + i * cnt + c;
        a0 += w * ir[0];
        a1 += w * ir[1];
        a2 += w * ir[2];
        a3 += w * ir[3];
      }
      zr[c] = a0;
      zr[c + 1] = a1;
      zr[c + 2] = a2;
      zr[c + 3] = a3;
    }
    for (; c + 2 <= cnt; c += 2) {
      T a0 = bj, a1 = bj;
      for (std::size_t i = 0; i < nin; ++i) {
        const T w = wr[i];
        const T* ir = in + i * cnt + c;
        a0 += w * ir[0];
        a1 += w * ir[1];
      }
      zr[c] = a0;
      zr[c + 1] = a1;
    }
    for (; c < cnt; ++c) {
      T a0 = bj;
      for (std::size_t i = 0; i < nin; ++i) a0 += wr[i] * in[i * cnt + c];
      zr[c] = a0;
    }
  }
}

// gW[j*nin + i] += sum_c d[j*cnt + c] * in[i*cnt + c];  gb[j] += sum_c d[j*cnt + c]
inline void dense_weight_grad(const double* d, const double* in, double* gW, double* gb, std::size_t nin,
                       std::size_t nout, std::size_t cnt) {
  for (std::size_t j = 0; j < nout; ++j) {
    const double* dr = d + j * cnt;
    double sb = 0;
    for (std::size_t c = 0; c < cnt; ++c) sb += dr[c];
    gb[j] += sb;
    double* gr = gW + j * nin;
    std::size_t i = 0;
    for (; i + 4 <= nin; i += 4) {
      const double* i0 = in + i * cnt;
      const double* i1 = i0 + cnt;
      const double* i2 = i1 + cnt;
      const double* i3 = i2 + cnt;
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (std::size_t c = 0; c < cnt; ++c) {
        const double dc = dr[c];
        s0 += dc * i0[c];
        s1 += dc * i1[c];
        s2 += dc * i2[c];
        s3 += dc * i3[c];
      }
      gr[i] += s0;
      gr[i + 1] += s1;
      gr[i + 2] += s2;
      gr[i + 3] += s3;
    }
    for (; i < nin; ++i) {
      const double* ir = in + i * cnt;
      double s0 = 0;
      for (std::size_t c = 0; c < cnt; ++c) s0 += dr[c] * ir[c];
      gr[i] += s0;
    }
  }
}

// dprev[i*cnt + c] = (sum_j W[j*nin + i] * d[j*cnt + c]) * dact[i*cnt + c]
inline void dense_input_grad(const double* W, const double* d, const double* dact, double* dprev, std::size_t nin,
                      std::size_t nout, std::size_t cnt) {
  for (std::size_t i = 0; i < nin; ++i) {
    double* pr = dprev + i * cnt;
    const double* dd = dact + i * cnt;
    std::size_t c = 0;
    for (; c + 4 <= cnt; c += 4) {
      double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (std::size_t j = 0; j < nout; ++j) {
        const double w = W[j * nin + i];
        const double* dj = d + j * cnt + c;
        a0 += w * dj[0];
        a1 += w * dj[1];
        a2 += w * dj[2];
        a3 += w * dj[3];
      }
      pr[c] = a0 * dd[c];
      pr[c + 1] = a1 * dd[c + 1];
      pr[c + 2] = a2 * dd[c + 2];
      pr[c + 3] = a3 * dd[c + 3];
    }
    for (; c + 2 <= cnt; c += 2) {
      double a0 = 0, a1 = 0;
      for (std::size_t j = 0; j < nout; ++j) {
        const double w = W[j * nin + i];
        const double* dj = d + j * cnt + c;
        a0 += w * dj[0];
        a1 += w * dj[1];
      }
      pr[c] = a0 * dd[c];
      pr[c + 1] = a1 * dd[c + 1];
    }
    for (; c < cnt; ++c) {
      double a0 = 0;
      for (std::size_t j = 0; j < nout; ++j) a0 += W[j * nin + i] * d[j * cnt + c];
      pr[c] = a0 * dd[c];
    }
  }
}

// Output activation of each sample (column) of the K x cnt logits.
inline void output_activation(OutputKind kind, const double* z, double* out, std::size_t K, std::size_t cnt) {
  switch (kind) {
    case OutputKind::Elementwise:  // the caller applies Network::output_act
    case OutputKind::Linear:
      std::copy(z, z + K * cnt, out);
      break;
    case OutputKind::Sigmoid:
      for (std::size_t e = 0; e < K * cnt; ++e) out[e] = 1.0 / (1.0 + std::exp(-z[e]));
      break;
    case OutputKind::Softmax:
      for (std::size_t c = 0; c < cnt; ++c) {
        double m = z[c];
        for (std::size_t k = 1; k < K; ++k) m = std::max(m, z[k * cnt + c]);
        double sum = 0;
        for (std::size_t k = 0; k < K; ++k) sum += (out[k * cnt + c] = std::exp(z[k * cnt + c] - m));
        for (std::size_t k = 0; k < K; ++k) out[k * cnt + c] /= sum;
      }
      break;
  }
}

// Float kernels for the grid (display precision, relative error about 1e-6): exp of a
// non-positive argument by range reduction and a degree-6 polynomial, branch-free so
// that loops over a block vectorise (f32x4 in WebAssembly).
inline float exp_nonpositive_f32(float x) {
  x = std::max(x, -87.0f);
  const float n = std::floor(x * 1.44269504f + 0.5f);
  const float r = (x - n * 0.693145751953125f) - n * 1.428606765330187e-06f;
  const float p = 1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24 + r * (1.0f / 120 + r * (1.0f / 720))))));
  const std::int32_t bits = std::int32_t(std::int32_t(n) + 127) << 23;  // 2^n (emscripten's libc++ lacks bit_cast)
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// y = act(x) in float for the common kinds; false when the kind has no float kernel.
inline bool activation_f32(const Activation& act, const float* x, float* y, std::size_t n) {
  switch (act.kind()) {
    case ActKind::Identity:
      std::copy(x, x + n, y);
      return true;
    case ActKind::Relu:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
      return true;
    case ActKind::LeakyRelu:
    case ActKind::Prelu: {
      const float s = float(act.params()[0]);
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : s * x[i];
      return true;
    }
    case ActKind::Tanh:
      for (std::size_t i = 0; i < n; ++i) {
        const float t = exp_nonpositive_f32(-2.0f * std::fabs(x[i]));
        y[i] = std::copysign((1.0f - t) / (1.0f + t), x[i]);
      }
      return true;
    case ActKind::Sigmoid:
      for (std::size_t i = 0; i < n; ++i) {
        const float e = exp_nonpositive_f32(-std::fabs(x[i]));
        const float r = 1.0f / (1.0f + e);
        y[i] = x[i] >= 0.0f ? r : e * r;
      }
      return true;
    default:
      return false;
  }
}

inline void output_activation_f32(OutputKind kind, const float* z, float* out, std::size_t K, std::size_t cnt) {
  switch (kind) {
    case OutputKind::Elementwise:  // the caller applies Network::output_act
    case OutputKind::Linear:
      std::copy(z, z + K * cnt, out);
      break;
    case OutputKind::Sigmoid:
      activation_f32(Activation::named("sigmoid"), z, out, K * cnt);
      break;
    case OutputKind::Softmax:
      for (std::size_t c = 0; c < cnt; ++c) {
        float m = z[c];
        for (std::size_t k = 1; k < K; ++k) m = std::max(m, z[k * cnt + c]);
        float sum = 0;
        for (std::size_t k = 0; k < K; ++k) sum += (out[k * cnt + c] = exp_nonpositive_f32(z[k * cnt + c] - m));
        for (std::size_t k = 0; k < K; ++k) out[k * cnt + c] /= sum;
      }
      break;
  }
}

// Feature-major forward over one chunk. z[l], a[l] hold n_{l+1} x cnt values for weight
// layer l; a[L-1] gets the outputs. da[l] (hidden layers) gets act'(z) when need_da.
inline void forward_layers(const Network& net, const double* xt, std::size_t cnt, std::vector<std::vector<double>>& z,
                    std::vector<std::vector<double>>& a, std::vector<std::vector<double>>* da) {
  const std::size_t L = net.num_layers();
  const double* in = xt;
  const double* W = net.params.data();
  for (std::size_t l = 0; l < L; ++l) {
    const std::size_t nin = std::size_t(net.layers[l]), nout = std::size_t(net.layers[l + 1]);
    dense_forward(W, W + nout * nin, in, z[l].data(), nin, nout, cnt);
    W += nout * nin + nout;
    if (l + 1 < L)
      net.hidden[l].eval(z[l].data(), a[l].data(), da ? (*da)[l].data() : nullptr, nout * cnt);
    else if (net.output == OutputKind::Elementwise)
      net.output_act.eval(z[l].data(), a[l].data(), nullptr, nout * cnt);
    else
      output_activation(net.output, z[l].data(), a[l].data(), nout, cnt);
    in = a[l].data();
  }
}

inline void size_layers(const Network& net, std::size_t cols, std::vector<std::vector<double>>& v) {
  v.resize(net.num_layers());
  for (std::size_t l = 0; l < v.size(); ++l) v[l].assign(std::size_t(net.layers[l + 1]) * cols, 0.0);
}

// All exponent bits set: Inf or NaN. Integer-only, so a loop OR-ing it vectorises.
inline std::uint64_t nonfinite_bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return std::uint64_t((~b & 0x7ff0000000000000ULL) == 0);
}

inline bool all_finite(const double* p, std::size_t n) {
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) ok &= std::isfinite(p[i]);
  return ok;
}

}  // namespace
}  // namespace alab::mlp_detail
