// MLP forward, losses and backward (see mlp.h). Inside, activations are stored
// feature-major (neuron x sample, "z[j*C + c]") over chunks of at most kChunk samples, so
// every inner loop runs over the samples of a batch: contiguous, branch-free and
// vectorisable, and the same code path serves batch 1 and batch N.
#include "alab/mlp.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace alab {

namespace {

constexpr std::size_t kChunk = 64;  // samples per pass; bounds scratch memory

// The three kernels below keep 4 (then 2, then 1) samples' sums in registers while
// they sweep the other index; each sum still runs in the same order (bias first, then
// i or j or c ascending), so results do not depend on the blocking or the batch size.

// z[j*cnt + c] = b[j] + sum_i W[j*nin + i] * in[i*cnt + c]  (T = double, or float for the grid)
template <class T>
void dense_forward(const T* W, const T* b, const T* in, T* z, std::size_t nin, std::size_t nout, std::size_t cnt) {
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
void dense_weight_grad(const double* d, const double* in, double* gW, double* gb, std::size_t nin,
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
void dense_input_grad(const double* W, const double* d, const double* dact, double* dprev, std::size_t nin,
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
void output_activation(OutputKind kind, const double* z, double* out, std::size_t K, std::size_t cnt) {
  switch (kind) {
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
bool activation_f32(const Activation& act, const float* x, float* y, std::size_t n) {
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

void output_activation_f32(OutputKind kind, const float* z, float* out, std::size_t K, std::size_t cnt) {
  switch (kind) {
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
void forward_layers(const Network& net, const double* xt, std::size_t cnt, std::vector<std::vector<double>>& z,
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
    else
      output_activation(net.output, z[l].data(), a[l].data(), nout, cnt);
    in = a[l].data();
  }
}

void size_layers(const Network& net, std::size_t cols, std::vector<std::vector<double>>& v) {
  v.resize(net.num_layers());
  for (std::size_t l = 0; l < v.size(); ++l) v[l].assign(std::size_t(net.layers[l + 1]) * cols, 0.0);
}

// All exponent bits set: Inf or NaN. Integer-only, so a loop OR-ing it vectorises.
inline std::uint64_t nonfinite_bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return std::uint64_t((~b & 0x7ff0000000000000ULL) == 0);
}

bool all_finite(const double* p, std::size_t n) {
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) ok &= std::isfinite(p[i]);
  return ok;
}

std::string num_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Names, construction, initialisation

Status parse_loss_kind(const std::string& s, LossKind& out) {
  if (s == "mse") out = LossKind::Mse;
  else if (s == "bce") out = LossKind::Bce;
  else if (s == "cross_entropy" || s == "ce") out = LossKind::CrossEntropy;
  else return Status::error("loss must be mse, bce or cross_entropy, not '" + s + "'");
  return {};
}
Status parse_bce_impl(const std::string& s, BceImpl& out) {
  if (s == "logits") out = BceImpl::Logits;
  else if (s == "probs") out = BceImpl::Probs;
  else return Status::error("bce_impl must be logits or probs, not '" + s + "'");
  return {};
}
Status parse_optimizer_kind(const std::string& s, OptimizerKind& out) {
  if (s == "sgd") out = OptimizerKind::Sgd;
  else if (s == "momentum") out = OptimizerKind::Momentum;
  else if (s == "adam") out = OptimizerKind::Adam;
  else return Status::error("optimizer must be sgd, momentum or adam, not '" + s + "'");
  return {};
}
Status parse_batching(const std::string& s, Batching& out) {
  if (s == "epoch") out = Batching::Epoch;
  else if (s == "wrap") out = Batching::Wrap;
  else return Status::error("batching must be epoch or wrap, not '" + s + "'");
  return {};
}
Status parse_init_kind(const std::string& s, InitKind& out) {
  if (s == "torch" || s == "default") out = InitKind::Torch;
  else if (s == "xavier" || s == "xavier_uniform" || s == "glorot") out = InitKind::XavierUniform;
  else if (s == "he" || s == "he_normal" || s == "kaiming") out = InitKind::HeNormal;
  else return Status::error("init must be torch, xavier or he, not '" + s + "'");
  return {};
}
const char* loss_kind_name(LossKind k) {
  switch (k) {
    case LossKind::Bce: return "bce";
    case LossKind::CrossEntropy: return "cross_entropy";
    default: return "mse";
  }
}
const char* optimizer_kind_name(OptimizerKind k) {
  switch (k) {
    case OptimizerKind::Momentum: return "momentum";
    case OptimizerKind::Adam: return "adam";
    default: return "sgd";
  }
}

Status make_mlp(const std::vector<int>& layers, const std::vector<std::string>& activations,
                const std::string& output, Network& out) {
  OutputKind ok;
  if (Status s = parse_output_kind(output, ok); !s) return s;
  const std::size_t hidden = layers.size() >= 2 ? layers.size() - 2 : 0;
  if (activations.size() != hidden && !(activations.size() == 1 && hidden > 0) &&
      !(activations.empty() && hidden == 0))
    return Status::error("expected " + std::to_string(hidden) + " hidden activations (or one for all), got " +
                         std::to_string(activations.size()));
  std::vector<Activation> acts(hidden);
  for (std::size_t l = 0; l < hidden; ++l) {
    const std::string& name = activations.size() == 1 ? activations[0] : activations[l];
    if (Status s = Activation::make(name, {}, acts[l]); !s) return s;
  }
  return make_network(layers, acts, ok, out);
}

Status init_params(Network& net, InitKind kind, std::uint64_t seed) {
  if (net.layers.size() < 2 || net.params.size() != net.param_count())
    return Status::error("init: the network has no valid shape");
  Rng rng(seed);
  for (std::size_t l = 0; l < net.num_layers(); ++l) {
    const double fan_in = net.layers[l], fan_out = net.layers[l + 1];
    double* W = net.W(l);
    double* b = net.b(l);
    const std::size_t nw = std::size_t(fan_in * fan_out), nb = std::size_t(fan_out);
    if (kind == InitKind::Torch) {
      const double bound = 1.0 / std::sqrt(fan_in);
      for (std::size_t i = 0; i < nw; ++i) W[i] = rng.uniform(-bound, bound);
      for (std::size_t i = 0; i < nb; ++i) b[i] = rng.uniform(-bound, bound);
    } else if (kind == InitKind::XavierUniform) {
      const double bound = std::sqrt(6.0 / (fan_in + fan_out));
      for (std::size_t i = 0; i < nw; ++i) W[i] = rng.uniform(-bound, bound);
      std::fill(b, b + nb, 0.0);
    } else {
      const double sd = std::sqrt(2.0 / fan_in);
      for (std::size_t i = 0; i < nw; ++i) W[i] = sd * rng.normal();
      std::fill(b, b + nb, 0.0);
    }
  }
  return {};
}

Status check_loss_output(LossKind loss, OutputKind output) {
  if (loss == LossKind::Bce && output != OutputKind::Sigmoid)
    return Status::error(std::string("loss bce needs output sigmoid, not ") + output_kind_name(output));
  if (loss == LossKind::CrossEntropy && output != OutputKind::Softmax)
    return Status::error(std::string("loss cross_entropy needs output softmax, not ") + output_kind_name(output));
  return {};
}

// ---------------------------------------------------------------------------------------
// Forward op and grid

Status forward(const Network& net, const double* x, std::size_t n, const ForwardOptions& opt, ForwardResult& out) {
  if (Status s = validate_network(net); !s) return s;
  if (n == 0 || x == nullptr) return Status::error("forward: no input samples");
  const std::size_t L = net.num_layers(), n0 = net.inputs(), K = net.outputs();
  for (std::size_t i = 0; i < n * n0; ++i)
    if (!std::isfinite(x[i])) return Status::error("forward: an input is not finite");
  std::size_t hidden_total = 0;
  for (std::size_t l = 1; l < L; ++l) hidden_total += std::size_t(net.layers[l]);
  ForwardResult r;
  r.outputs.resize(n * K);
  r.logits.resize(n * K);
  if (opt.hidden) {
    r.hidden_pre.resize(n * hidden_total);
    r.hidden_act.resize(n * hidden_total);
  }
  if (opt.jacobians) {
    r.jacobian.resize(n * K * n0);
    r.jacobian_logits.resize(n * K * n0);
    r.local_offset.resize(n * K);
  }
  std::vector<std::vector<double>> z, a, da;
  size_layers(net, kChunk, z);
  size_layers(net, kChunk, a);
  size_layers(net, kChunk, da);
  std::size_t maxw = n0;
  for (int w : net.layers) maxw = std::max(maxw, std::size_t(w));
  std::vector<double> xt(n0 * kChunk), J(maxw * n0), Jn(maxw * n0);
  for (std::size_t s0 = 0; s0 < n; s0 += kChunk) {
    const std::size_t cnt = std::min(kChunk, n - s0);
    for (std::size_t c = 0; c < cnt; ++c)
      for (std::size_t i = 0; i < n0; ++i) xt[i * cnt + c] = x[(s0 + c) * n0 + i];
    forward_layers(net, xt.data(), cnt, z, a, opt.jacobians ? &da : nullptr);
    for (std::size_t c = 0; c < cnt; ++c) {
      const std::size_t s = s0 + c;
      for (std::size_t k = 0; k < K; ++k) {
        r.logits[s * K + k] = z[L - 1][k * cnt + c];
        r.outputs[s * K + k] = a[L - 1][k * cnt + c];
      }
      if (opt.hidden) {
        std::size_t off = 0;
        for (std::size_t l = 0; l + 1 < L; ++l) {
          const std::size_t w = std::size_t(net.layers[l + 1]);
          for (std::size_t j = 0; j < w; ++j) {
            r.hidden_pre[off + s * w + j] = z[l][j * cnt + c];
            r.hidden_act[off + s * w + j] = a[l][j * cnt + c];
          }
          off += n * w;
        }
      }
      if (opt.jacobians) {
        // Forward mode: J <- diag(act'(z_l)) W_l J, starting from the identity.
        std::size_t rows = n0;
        std::fill(J.begin(), J.end(), 0.0);
        for (std::size_t i = 0; i < n0; ++i) J[i * n0 + i] = 1.0;
        for (std::size_t l = 0; l < L; ++l) {
          const std::size_t nin = rows, nout = std::size_t(net.layers[l + 1]);
          const double* W = net.W(l);
          for (std::size_t j = 0; j < nout; ++j) {
            const double d = l + 1 < L ? da[l][j * cnt + c] : 1.0;
            for (std::size_t q = 0; q < n0; ++q) {
              double acc = 0;
              for (std::size_t i = 0; i < nin; ++i) acc += W[j * nin + i] * J[i * n0 + q];
              Jn[j * n0 + q] = d * acc;
            }
          }
          std::swap(J, Jn);
          rows = nout;
        }
        double* jl = &r.jacobian_logits[s * K * n0];
        double* jo = &r.jacobian[s * K * n0];
        std::copy(J.begin(), J.begin() + std::ptrdiff_t(K * n0), jl);
        const double* p = &r.outputs[s * K];
        for (std::size_t k = 0; k < K; ++k) {
          double off = r.logits[s * K + k];
          for (std::size_t q = 0; q < n0; ++q) off -= jl[k * n0 + q] * x[s * n0 + q];
          r.local_offset[s * K + k] = off;
        }
        if (net.output == OutputKind::Linear) {
          std::copy(jl, jl + K * n0, jo);
        } else if (net.output == OutputKind::Sigmoid) {
          for (std::size_t k = 0; k < K; ++k)
            for (std::size_t q = 0; q < n0; ++q) jo[k * n0 + q] = jl[k * n0 + q] * (1.0 - p[k]) * p[k];
        } else {
          for (std::size_t q = 0; q < n0; ++q) {
            double mix = 0;
            for (std::size_t k = 0; k < K; ++k) mix += p[k] * jl[k * n0 + q];
            for (std::size_t k = 0; k < K; ++k) jo[k * n0 + q] = p[k] * (jl[k * n0 + q] - mix);
          }
        }
      }
    }
  }
  out = std::move(r);
  return {};
}

std::size_t grid_value_count(const Network& net, const GridSpec& g, bool all_neurons) {
  std::size_t neurons = net.outputs();
  if (all_neurons)
    for (std::size_t l = 1; l + 1 < net.layers.size(); ++l) neurons += std::size_t(net.layers[l]);
  const std::size_t h = net.inputs() == 1 ? 1 : std::size_t(std::max(g.h, 0));
  return std::size_t(std::max(g.w, 0)) * h * neurons;
}

Status evaluate_grid(const Network& net, const GridSpec& g, bool all_neurons, float* out) {
  if (Status s = validate_network(net); !s) return s;
  if (net.inputs() > 2) return Status::error("grid: the network needs 1 or 2 inputs");
  if (g.w < 1 || g.h < 1 || double(g.w) * double(g.h) > 1.7e7)
    return Status::error("grid: w and h must be >= 1 (and w*h at most 16 million)");
  if (!(std::isfinite(g.x0) && std::isfinite(g.x1) && std::isfinite(g.y0) && std::isfinite(g.y1)))
    return Status::error("grid: the box must be finite");
  if (out == nullptr) return Status::error("grid: no output buffer");
  const std::size_t L = net.num_layers(), n0 = net.inputs();
  const std::size_t W = std::size_t(g.w), H = n0 == 1 ? 1 : std::size_t(g.h), P = W * H;
  const double dx = W > 1 ? (g.x1 - g.x0) / double(W - 1) : 0.0;
  const double dy = H > 1 ? (g.y1 - g.y0) / double(H - 1) : 0.0;
  constexpr std::size_t kBlock = 256;
  const std::vector<float> params(net.params.begin(), net.params.end());
  std::size_t maxw = n0;
  for (int w : net.layers) maxw = std::max(maxw, std::size_t(w));
  std::vector<float> xt(n0 * kBlock), z(maxw * kBlock);
  std::vector<std::vector<float>> a(L);
  for (std::size_t l = 0; l < L; ++l) a[l].resize(std::size_t(net.layers[l + 1]) * kBlock);
  std::vector<double> zd, ad;  // for activations without a float kernel
  for (std::size_t p0 = 0; p0 < P; p0 += kBlock) {
    const std::size_t cnt = std::min(kBlock, P - p0);
    for (std::size_t c = 0; c < cnt; ++c) {
      const std::size_t p = p0 + c, i = p % W, j = p / W;
      xt[c] = float(g.x0 + double(i) * dx);
      if (n0 == 2) xt[cnt + c] = float(g.y0 + double(j) * dy);
    }
    const float* in = xt.data();
    const float* Wl = params.data();
    for (std::size_t l = 0; l < L; ++l) {
      const std::size_t nin = std::size_t(net.layers[l]), nout = std::size_t(net.layers[l + 1]), n = nout * cnt;
      dense_forward(Wl, Wl + nout * nin, in, z.data(), nin, nout, cnt);
      Wl += nout * nin + nout;
      float* al = a[l].data();
      if (l + 1 == L) output_activation_f32(net.output, z.data(), al, nout, cnt);
      else if (!activation_f32(net.hidden[l], z.data(), al, n)) {
        zd.assign(z.begin(), z.begin() + std::ptrdiff_t(n));
        ad.resize(n);
        net.hidden[l].eval(zd.data(), ad.data(), nullptr, n);
        for (std::size_t e = 0; e < n; ++e) al[e] = float(ad[e]);
      }
      in = al;
    }
    std::size_t q = 0;  // neuron index in the output layout
    for (std::size_t l = 0; l < L; ++l) {
      if (l + 1 < L && !all_neurons) continue;
      const std::size_t w = std::size_t(net.layers[l + 1]);
      for (std::size_t jn = 0; jn < w; ++jn, ++q)
        std::copy(a[l].data() + jn * cnt, a[l].data() + (jn + 1) * cnt, out + q * P + p0);
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// Trainer: validation and state

Status Trainer::validate(const Network& net, const Dataset& data, const TrainSettings& s,
                         std::vector<double>& targets, std::vector<int>& classes) const {
  if (Status st = validate_network(net); !st) return st;
  if (Status st = check_loss_output(s.loss, net.output); !st) return st;
  if (!(std::isfinite(s.lr) && s.lr > 0))
    return Status::error("learning rate must be a finite number > 0, got " + num_text(s.lr));
  if (s.batch_size < 1 || s.batch_size > 1000000)
    return Status::error("batch size must be between 1 and 1000000, got " + std::to_string(s.batch_size));
  if (!(s.momentum >= 0 && s.momentum < 1))
    return Status::error("momentum must be in [0, 1), got " + num_text(s.momentum));
  if (s.optimizer == OptimizerKind::Momentum && s.nesterov && s.momentum == 0)
    return Status::error("nesterov momentum needs momentum > 0");
  if (!(s.beta1 >= 0 && s.beta1 < 1) || !(s.beta2 >= 0 && s.beta2 < 1))
    return Status::error("adam betas must be in [0, 1), got " + num_text(s.beta1) + ", " + num_text(s.beta2));
  if (!(std::isfinite(s.eps) && s.eps >= 0)) return Status::error("adam eps must be a finite number >= 0");
  if (!(std::isfinite(s.l2) && s.l2 >= 0))
    return Status::error("L2 coefficient must be a finite number >= 0, got " + num_text(s.l2));
  if (s.shuffle && s.batching != Batching::Epoch) return Status::error("shuffle needs epoch batching");
  if (Status st = validate_dataset(data); !st) return st;
  const std::size_t K = net.outputs(), N = data.size();
  if (std::size_t(data.dim) != net.inputs())
    return Status::error("the data has " + std::to_string(data.dim) + " inputs per point but the network takes " +
                         std::to_string(net.inputs()));
  targets.clear();
  classes.clear();
  const std::string kk = std::to_string(K);
  if (data.is_classification()) {
    if (s.loss == LossKind::CrossEntropy) {
      for (int l : data.labels)
        if (std::size_t(l) >= K)
          return Status::error("class label " + std::to_string(l) + " does not fit a network with " + kk +
                               " outputs (classes 0.." + std::to_string(K - 1) + ")");
      classes = data.labels;
    } else if (K == 1) {
      if (data.num_classes != 2)
        return Status::error(std::to_string(data.num_classes) + " classes do not fit 1 " + loss_kind_name(s.loss) +
                             " output: use one output per class");
      targets.assign(data.labels.begin(), data.labels.end());
    } else if (std::size_t(data.num_classes) == K) {
      targets.assign(N * K, 0.0);
      for (std::size_t p = 0; p < N; ++p) targets[p * K + std::size_t(data.labels[p])] = 1.0;
    } else {
      return Status::error(std::to_string(data.num_classes) + " classes do not fit " + kk +
                           " outputs: use 1 output for 2 classes or one output per class");
    }
  } else {
    if (std::size_t(data.target_dim) != K)
      return Status::error("targets have " + std::to_string(data.target_dim) + " values per point but the network has " +
                           kk + " outputs");
    for (double t : data.targets) {
      if (s.loss == LossKind::Bce && !(t >= 0 && t <= 1))
        return Status::error("bce targets must be in [0, 1], got " + num_text(t));
      if (s.loss == LossKind::CrossEntropy && t < 0)
        return Status::error("cross_entropy target probabilities must be >= 0, got " + num_text(t));
    }
    targets = data.targets;
  }
  return {};
}

Status Trainer::reset(const Network& net, const Dataset& data, const TrainSettings& settings) {
  std::vector<double> t;
  std::vector<int> c;
  if (Status st = validate(net, data, settings, t, c); !st) return st;
  net_ = net;
  data_ = data;
  settings_ = settings;
  targets_ = std::move(t);
  classes_ = std::move(c);
  ready_ = true;
  allocate();
  restart();
  return {};
}

Status Trainer::set_settings(const TrainSettings& settings) {
  if (!ready_) return Status::error("the trainer has no network yet");
  std::vector<double> t;
  std::vector<int> c;
  if (Status st = validate(net_, data_, settings, t, c); !st) return st;
  const TrainSettings old = settings_;
  settings_ = settings;
  targets_ = std::move(t);
  classes_ = std::move(c);
  allocate();
  if (old.optimizer != settings.optimizer) clear_optimizer();
  if (old.shuffle != settings.shuffle || old.shuffle_seed != settings.shuffle_seed) reset_order();
  return {};
}

Status Trainer::set_data(const Dataset& data) {
  if (!ready_) return Status::error("the trainer has no network yet");
  std::vector<double> t;
  std::vector<int> c;
  if (Status st = validate(net_, data, settings_, t, c); !st) return st;
  data_ = data;
  targets_ = std::move(t);
  classes_ = std::move(c);
  allocate();
  reset_order();
  return {};
}

Status Trainer::set_params(const std::vector<double>& params) {
  if (!ready_) return Status::error("the trainer has no network yet");
  if (params.size() != net_.param_count())
    return Status::error("expected " + std::to_string(net_.param_count()) + " parameters, got " +
                         std::to_string(params.size()));
  if (!all_finite(params.data(), params.size())) return Status::error("a weight or bias is not finite");
  net_.params = params;
  clear_optimizer();
  return {};
}

void Trainer::restart() {
  loss_history_.clear();
  l2_history_.clear();
  step_ = 0;
  clear_optimizer();
  reset_order();
}

void Trainer::clear_history() {
  loss_history_.clear();
  l2_history_.clear();
}

void Trainer::allocate() {
  const std::size_t P = net_.param_count(), N = data_.size();
  grad_.assign(P, 0.0);
  backup_.assign(3 * P, 0.0);
  decay_.assign(P, 0.0);
  for (std::size_t l = 0; l < net_.num_layers(); ++l) {
    const std::size_t w0 = net_.weight_offset(l), b0 = net_.bias_offset(l);
    const std::size_t b1 = b0 + std::size_t(net_.layers[l + 1]);
    std::fill(decay_.begin() + std::ptrdiff_t(w0), decay_.begin() + std::ptrdiff_t(b0), settings_.l2);
    std::fill(decay_.begin() + std::ptrdiff_t(b0), decay_.begin() + std::ptrdiff_t(b1),
              settings_.l2_biases ? settings_.l2 : 0.0);
  }
  if (m_.size() != P) m_.assign(P, 0.0);
  if (v_.size() != P) v_.assign(P, 0.0);
  all_rows_.resize(N);
  for (std::size_t i = 0; i < N; ++i) all_rows_[i] = i;
  batch_.assign(batch_capacity(), 0);
  std::size_t maxw = net_.inputs();
  for (int w : net_.layers) maxw = std::max(maxw, std::size_t(w));
  xt_.assign(net_.inputs() * kChunk, 0.0);
  size_layers(net_, kChunk, z_);
  size_layers(net_, kChunk, a_);
  size_layers(net_, kChunk, da_);
  dz_.assign(maxw * kChunk, 0.0);
  dz_prev_.assign(maxw * kChunk, 0.0);
}

void Trainer::clear_optimizer() {
  std::fill(m_.begin(), m_.end(), 0.0);
  std::fill(v_.begin(), v_.end(), 0.0);
  opt_t_ = 0;
}

void Trainer::reset_order() {
  order_ = all_rows_;
  shuffle_rng_.reseed(settings_.shuffle_seed);
}

std::size_t Trainer::batch_capacity() const {
  const std::size_t B = std::size_t(settings_.batch_size), N = data_.size();
  return settings_.batching == Batching::Epoch ? std::min(B, N) : B;
}

std::size_t Trainer::batch_rows(long step, std::size_t* rows) const {
  const std::size_t N = data_.size(), B = std::size_t(settings_.batch_size);
  const std::uint64_t k = std::uint64_t(step);
  if (settings_.batching == Batching::Epoch) {
    const std::uint64_t nb = (N + B - 1) / B;  // batches per epoch, the last may be short
    const std::size_t start = std::size_t(k % nb) * B, end = std::min(start + B, N);
    for (std::size_t r = start; r < end; ++r) rows[r - start] = order_[r];
    return end - start;
  }
  // wrap: rows (k*B + i) mod N
  const std::size_t base = std::size_t(((k % N) * (B % N)) % N);
  for (std::size_t i = 0, r = base; i < B; ++i, r = (r + 1 == N ? 0 : r + 1)) rows[i] = order_[r];
  return B;
}

double Trainer::epoch() const {
  if (!ready_) return 0;
  const double N = double(data_.size()), B = double(settings_.batch_size);
  if (settings_.batching == Batching::Epoch) return double(step_) / std::ceil(N / B);
  return double(step_) * B / N;
}

// ---------------------------------------------------------------------------------------
// Trainer: loss, gradient and update (the hot path)

double Trainer::pass(const std::size_t* rows, std::size_t count, const double* x, const double* targets,
                     const int* classes, double* grad, AccMode acc, double* correct, double* total) {
  const std::size_t L = net_.num_layers(), n0 = net_.inputs(), K = net_.outputs();
  const LossKind loss = settings_.loss;
  const bool ce = loss == LossKind::CrossEntropy;
  const double inv = ce ? 1.0 / double(count) : 1.0 / double(count * K);  // d mean / d term
  if (grad) std::fill(grad, grad + net_.param_count(), 0.0);
  double loss_sum = 0;
  for (std::size_t off = 0; off < count; off += kChunk) {
    const std::size_t cnt = std::min(kChunk, count - off);
    const std::size_t* rr = rows + off;
    double* xt = xt_.data();
    for (std::size_t c = 0; c < cnt; ++c)
      for (std::size_t i = 0; i < n0; ++i) xt[i * cnt + c] = x[rr[c] * n0 + i];
    forward_layers(net_, xt, cnt, z_, a_, grad ? &da_ : nullptr);
    const double* zl = z_[L - 1].data();
    const double* out = a_[L - 1].data();
    double* dz = dz_.data();  // K x cnt: d loss / d logits
    for (std::size_t c = 0; c < cnt; ++c) {
      const std::size_t r = rr[c];
      if (loss == LossKind::Mse) {
        // nn.MSELoss: mean over B*K of (out - y)^2; backward through the output activation.
        for (std::size_t k = 0; k < K; ++k) {
          const double d = out[k * cnt + c] - targets[r * K + k];
          loss_sum += d * d;
          dz[k * cnt + c] = 2.0 * inv * d;
        }
        if (net_.output == OutputKind::Sigmoid) {
          for (std::size_t k = 0; k < K; ++k) dz[k * cnt + c] *= (1.0 - out[k * cnt + c]) * out[k * cnt + c];
        } else if (net_.output == OutputKind::Softmax) {
          double dot = 0;
          for (std::size_t k = 0; k < K; ++k) dot += dz[k * cnt + c] * out[k * cnt + c];
          for (std::size_t k = 0; k < K; ++k) dz[k * cnt + c] = out[k * cnt + c] * (dz[k * cnt + c] - dot);
        }
      } else if (loss == LossKind::Bce) {
        for (std::size_t k = 0; k < K; ++k) {
          const double y = targets[r * K + k], p = out[k * cnt + c];
          if (settings_.bce_impl == BceImpl::Logits) {
            // BCEWithLogitsLoss, torch 1.13's formula: (1-y) z + m + log(e^-m + e^(-z-m)), m = max(-z, 0)
            const double zz = zl[k * cnt + c], m = std::max(-zz, 0.0);
            loss_sum += (1.0 - y) * zz + m + std::log(std::exp(-m) + std::exp(-zz - m));
            dz[k * cnt + c] = (p - y) * inv;
          } else {
            // BCELoss on sigmoid outputs: log terms clamped at -100, backward divides by
            // max(p(1-p), 1e-12) as torch does, then through the sigmoid.
            loss_sum += (y - 1.0) * std::max(std::log(1.0 - p), -100.0) - y * std::max(std::log(p), -100.0);
            const double dp = inv * (p - y) / std::max((1.0 - p) * p, 1e-12);
            dz[k * cnt + c] = dp * (1.0 - p) * p;
          }
        }
      } else {
        // CrossEntropyLoss on the logits via log_softmax; mean over samples.
        double m = zl[c];
        for (std::size_t k = 1; k < K; ++k) m = std::max(m, zl[k * cnt + c]);
        double sum = 0;
        for (std::size_t k = 0; k < K; ++k) sum += std::exp(zl[k * cnt + c] - m);
        const double lse = std::log(sum);
        if (classes) {
          const std::size_t t = std::size_t(classes[r]);
          loss_sum -= (zl[t * cnt + c] - m) - lse;
          for (std::size_t k = 0; k < K; ++k)
            dz[k * cnt + c] = (k == t ? -inv : 0.0) + std::exp((zl[k * cnt + c] - m) - lse) * inv;
        } else {
          double gsum = 0;
          for (std::size_t k = 0; k < K; ++k) {
            const double q = targets[r * K + k];
            loss_sum -= q * ((zl[k * cnt + c] - m) - lse);
            gsum -= q * inv;
          }
          for (std::size_t k = 0; k < K; ++k)
            dz[k * cnt + c] = -targets[r * K + k] * inv - std::exp((zl[k * cnt + c] - m) - lse) * gsum;
        }
      }
      if (acc == AccMode::Argmax) {
        std::size_t pred = 0, truth = 0;
        for (std::size_t k = 1; k < K; ++k) pred = out[k * cnt + c] > out[pred * cnt + c] ? k : pred;
        if (classes) truth = std::size_t(classes[r]);
        else
          for (std::size_t k = 1; k < K; ++k) truth = targets[r * K + k] > targets[r * K + truth] ? k : truth;
        *correct += pred == truth ? 1.0 : 0.0;
        *total += 1.0;
      } else if (acc == AccMode::Threshold) {
        for (std::size_t k = 0; k < K; ++k)
          *correct += ((out[k * cnt + c] > 0.5) == (targets[r * K + k] > 0.5)) ? 1.0 : 0.0;
        *total += double(K);
      }
    }
    if (!grad) continue;
    // Backward, layer by layer: dW_l += dz a_{l-1}^T, db_l += sum dz,
    // dz_{l-1} = (W_l^T dz) * act'(z_{l-1}).
    double* d = dz_.data();
    double* dprev = dz_prev_.data();
    std::size_t w_off = net_.param_count();
    for (std::size_t l = L; l-- > 0;) {
      const std::size_t nin = std::size_t(net_.layers[l]), nout = std::size_t(net_.layers[l + 1]);
      w_off -= nout * nin + nout;  // start of W_l
      const double* in = l == 0 ? xt : a_[l - 1].data();
      dense_weight_grad(d, in, grad + w_off, grad + w_off + nout * nin, nin, nout, cnt);
      if (l == 0) break;
      dense_input_grad(net_.params.data() + w_off, d, da_[l - 1].data(), dprev, nin, nout, cnt);
      std::swap(d, dprev);
    }
  }
  return loss_sum / (ce ? double(count) : double(count * K));
}

double Trainer::l2_penalty() const {
  if (settings_.l2 == 0) return 0;
  double s = 0;
  for (std::size_t p = 0; p < decay_.size(); ++p)
    if (decay_[p] != 0) s += net_.params[p] * net_.params[p];
  return 0.5 * settings_.l2 * s;
}

// torch.optim update with g <- g + decay*theta (weight_decay); returns false when a
// parameter is no longer finite.
bool Trainer::apply_update(const double* g) {
  const std::size_t P = net_.param_count();
  double* th = net_.params.data();
  const double* dec = decay_.data();
  const double lr = settings_.lr;
  ++opt_t_;
  std::uint64_t bad = 0;
  switch (settings_.optimizer) {
    case OptimizerKind::Sgd:
      for (std::size_t p = 0; p < P; ++p) {
        const double gp = g[p] + dec[p] * th[p];
        th[p] -= lr * gp;
        bad |= nonfinite_bits(th[p]);
      }
      break;
    case OptimizerKind::Momentum: {
      const double mu = settings_.momentum;
      const bool first = opt_t_ == 1, nesterov = settings_.nesterov;
      double* buf = m_.data();
      for (std::size_t p = 0; p < P; ++p) {
        const double gp = g[p] + dec[p] * th[p];
        buf[p] = first ? gp : buf[p] * mu + gp;
        const double step = nesterov ? gp + mu * buf[p] : buf[p];
        th[p] -= lr * step;
        bad |= nonfinite_bits(th[p]);
      }
      break;
    }
    case OptimizerKind::Adam: {
      const double b1 = settings_.beta1, b2 = settings_.beta2, eps = settings_.eps;
      const double t = double(opt_t_);
      const double bc1 = 1.0 - std::pow(b1, t), bc2 = 1.0 - std::pow(b2, t);
      const double step_size = lr / bc1, bc2_sqrt = std::sqrt(bc2);
      double* m = m_.data();
      double* v = v_.data();
      for (std::size_t p = 0; p < P; ++p) {
        const double gp = g[p] + dec[p] * th[p];
        m[p] = m[p] * b1 + (1.0 - b1) * gp;
        v[p] = v[p] * b2 + (1.0 - b2) * gp * gp;
        const double denom = std::sqrt(v[p]) / bc2_sqrt + eps;
        th[p] += (-step_size * m[p]) / denom;
        bad |= nonfinite_bits(th[p]);
      }
      break;
    }
  }
  return bad == 0;
}

Status Trainer::train(long steps) {
  if (!ready_) return Status::error("the trainer has no network yet");
  if (steps < 0) return Status::error("steps must be >= 0, got " + std::to_string(steps));
  const std::size_t N = data_.size(), P = net_.param_count();
  const std::size_t nb = (N + std::size_t(settings_.batch_size) - 1) / std::size_t(settings_.batch_size);
  const bool shuffle = settings_.shuffle && settings_.batching == Batching::Epoch;
  const bool keep_m = settings_.optimizer != OptimizerKind::Sgd, keep_v = settings_.optimizer == OptimizerKind::Adam;
  for (long s = 0; s < steps; ++s) {
    if (shuffle && std::size_t(step_) % nb == 0) shuffle_rng_.shuffle(order_.data(), N);
    const std::size_t cnt = batch_rows(step_, batch_.data());
    const double loss = pass(batch_.data(), cnt, data_.x.data(), targets_.data(),
                             classes_.empty() ? nullptr : classes_.data(), grad_.data(), AccMode::None, nullptr, nullptr);
    if (!std::isfinite(loss))
      return Status::error("training diverged at step " + std::to_string(step_) + ": the loss became " +
                           num_text(loss) + "; parameters kept from before that step (try a smaller learning rate)");
    const double penalty = l2_penalty();
    std::copy(net_.params.begin(), net_.params.end(), backup_.begin());
    if (keep_m) std::copy(m_.begin(), m_.end(), backup_.begin() + std::ptrdiff_t(P));
    if (keep_v) std::copy(v_.begin(), v_.end(), backup_.begin() + std::ptrdiff_t(2 * P));
    if (!apply_update(grad_.data())) {
      std::copy(backup_.begin(), backup_.begin() + std::ptrdiff_t(P), net_.params.begin());
      if (keep_m) std::copy(backup_.begin() + std::ptrdiff_t(P), backup_.begin() + std::ptrdiff_t(2 * P), m_.begin());
      if (keep_v) std::copy(backup_.begin() + std::ptrdiff_t(2 * P), backup_.end(), v_.begin());
      --opt_t_;
      return Status::error("training diverged at step " + std::to_string(step_) +
                           ": a weight became NaN or Inf; parameters kept from before that step (try a smaller "
                           "learning rate)");
    }
    loss_history_.push_back(loss);
    l2_history_.push_back(penalty);
    ++step_;
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// Trainer: statistics on demand

Status Trainer::batch_gradient(long step, double& loss, std::vector<double>& grad) {
  if (!ready_) return Status::error("the trainer has no network yet");
  if (step < 0) return Status::error("step must be >= 0");
  const std::size_t cnt = batch_rows(step, batch_.data());
  loss = pass(batch_.data(), cnt, data_.x.data(), targets_.data(), classes_.empty() ? nullptr : classes_.data(),
              grad_.data(), AccMode::None, nullptr, nullptr);
  grad = grad_;
  return {};
}

Status Trainer::full_gradient(double& loss, std::vector<double>& grad) {
  if (!ready_) return Status::error("the trainer has no network yet");
  loss = pass(all_rows_.data(), all_rows_.size(), data_.x.data(), targets_.data(),
              classes_.empty() ? nullptr : classes_.data(), grad_.data(), AccMode::None, nullptr, nullptr);
  grad = grad_;
  return {};
}

double Trainer::full_loss() {
  if (!ready_) return std::numeric_limits<double>::quiet_NaN();
  return pass(all_rows_.data(), all_rows_.size(), data_.x.data(), targets_.data(),
              classes_.empty() ? nullptr : classes_.data(), nullptr, AccMode::None, nullptr, nullptr);
}

Trainer::AccMode Trainer::accuracy_mode(const Dataset& d) const {
  if (settings_.loss == LossKind::CrossEntropy) return AccMode::Argmax;
  if (settings_.loss == LossKind::Bce) return AccMode::Threshold;
  if (!d.is_classification()) return AccMode::None;
  return net_.outputs() == 1 ? AccMode::Threshold : AccMode::Argmax;
}

Status Trainer::evaluate(const Dataset& d, Metrics& out) {
  if (!ready_) return Status::error("the trainer has no network yet");
  std::vector<double> t;
  std::vector<int> c;
  if (Status st = validate(net_, d, settings_, t, c); !st) return st;
  std::vector<std::size_t> rows(d.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  const AccMode mode = accuracy_mode(d);
  double correct = 0, total = 0;
  out.loss = pass(rows.data(), rows.size(), d.x.data(), t.data(), c.empty() ? nullptr : c.data(), nullptr, mode,
                  &correct, &total);
  out.accuracy = mode == AccMode::None ? std::numeric_limits<double>::quiet_NaN() : correct / total;
  return {};
}

void Trainer::active_counts(std::vector<int>& counts) {
  counts.clear();
  if (!ready_) return;
  const std::size_t L = net_.num_layers(), n0 = net_.inputs(), N = data_.size();
  for (std::size_t l = 1; l < L; ++l) counts.resize(counts.size() + std::size_t(net_.layers[l]), 0);
  for (std::size_t off = 0; off < N; off += kChunk) {
    const std::size_t cnt = std::min(kChunk, N - off);
    for (std::size_t c = 0; c < cnt; ++c)
      for (std::size_t i = 0; i < n0; ++i) xt_[i * cnt + c] = data_.x[(off + c) * n0 + i];
    forward_layers(net_, xt_.data(), cnt, z_, a_, nullptr);
    std::size_t q = 0;
    for (std::size_t l = 0; l + 1 < L; ++l)
      for (std::size_t j = 0; j < std::size_t(net_.layers[l + 1]); ++j, ++q)
        for (std::size_t c = 0; c < cnt; ++c) counts[q] += z_[l][j * cnt + c] > 0 ? 1 : 0;
  }
}

void Trainer::mean_activations(std::vector<double>& means) {
  means.clear();
  if (!ready_) return;
  const std::size_t L = net_.num_layers(), n0 = net_.inputs(), N = data_.size();
  means.assign(L - 1, 0.0);
  for (std::size_t off = 0; off < N; off += kChunk) {
    const std::size_t cnt = std::min(kChunk, N - off);
    for (std::size_t c = 0; c < cnt; ++c)
      for (std::size_t i = 0; i < n0; ++i) xt_[i * cnt + c] = data_.x[(off + c) * n0 + i];
    forward_layers(net_, xt_.data(), cnt, z_, a_, nullptr);
    for (std::size_t l = 0; l + 1 < L; ++l)
      for (std::size_t e = 0; e < std::size_t(net_.layers[l + 1]) * cnt; ++e) means[l] += a_[l][e];
  }
  for (std::size_t l = 0; l + 1 < L; ++l) means[l] /= double(N) * double(net_.layers[l + 1]);
}

void Trainer::layer_gradient_norms(std::vector<double>& norms) {
  norms.clear();
  if (!ready_) return;
  double loss;
  std::vector<double> g;
  full_gradient(loss, g);
  for (std::size_t l = 0; l < net_.num_layers(); ++l) {
    double s = 0;
    const std::size_t end = net_.bias_offset(l) + std::size_t(net_.layers[l + 1]);
    for (std::size_t p = net_.weight_offset(l); p < end; ++p) s += g[p] * g[p];
    norms.push_back(std::sqrt(s));
  }
}

Status Trainer::evaluate_grid(const GridSpec& g, bool all_neurons) {
  if (!ready_) return Status::error("the trainer has no network yet");
  const std::size_t n = grid_value_count(net_, g, all_neurons);
  if (n > 64u * 1024u * 1024u) return Status::error("grid: too many values");
  grid_.resize(n);
  return alab::evaluate_grid(net_, g, all_neurons, grid_.data());
}

// ---------------------------------------------------------------------------------------
// The `train` op in one call

Status run_training(const Network& net, const Dataset& data, const TrainSettings& settings, long steps,
                    TrainReport& out) {
  if (steps < 0) return Status::error("steps must be >= 0, got " + std::to_string(steps));
  Trainer t;
  if (Status st = t.reset(net, data, settings); !st) return st;
  TrainReport r;
  double loss0;
  if (Status st = t.batch_gradient(0, loss0, r.initial_grads); !st) return st;
  r.initial_loss_full = t.full_loss();
  if (Status st = t.train(steps); !st) return st;
  r.loss_history = t.loss_history();
  r.l2_penalty_history = t.l2_penalty_history();
  r.params = t.params();
  r.final_loss_full = t.full_loss();
  ForwardResult f;
  if (Status st = forward(t.network(), data.x.data(), data.size(), {}, f); !st) return st;
  r.final_outputs = std::move(f.outputs);
  out = std::move(r);
  return {};
}

}  // namespace alab
