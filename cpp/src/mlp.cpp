// MLP: parsing of settings, initialisation, the forward pass with Jacobians, grid
// evaluation and the one-call training run (see mlp.h). The Trainer is in trainer.cpp;
// the shared kernels in mlp_kernels.h.
#include "mlp_kernels.h"

namespace alab {

using namespace mlp_detail;

// ---------------------------------------------------------------------------------------
// Names, construction, initialisation

Status parse_loss_kind(const std::string& s, LossKind& out) {
  if (s == "mse") out = LossKind::Mse;
  else if (s == "bce") out = LossKind::Bce;
  else if (s == "cross_entropy" || s == "ce") out = LossKind::CrossEntropy;
  else
    return Status::error("unknown_loss", {{"value", s}});
  return {};
}
Status parse_bce_impl(const std::string& s, BceImpl& out) {
  if (s == "logits") out = BceImpl::Logits;
  else if (s == "probs") out = BceImpl::Probs;
  else
    return Status::error("unknown_bce_impl", {{"value", s}});
  return {};
}
Status parse_optimizer_kind(const std::string& s, OptimizerKind& out) {
  if (s == "sgd") out = OptimizerKind::Sgd;
  else if (s == "momentum") out = OptimizerKind::Momentum;
  else if (s == "adam") out = OptimizerKind::Adam;
  else
    return Status::error("unknown_optimizer", {{"value", s}});
  return {};
}
Status parse_batching(const std::string& s, Batching& out) {
  if (s == "epoch") out = Batching::Epoch;
  else if (s == "wrap") out = Batching::Wrap;
  else
    return Status::error("unknown_batching", {{"value", s}});
  return {};
}
Status parse_init_kind(const std::string& s, InitKind& out) {
  if (s == "torch" || s == "default") out = InitKind::Torch;
  else if (s == "xavier" || s == "xavier_uniform" || s == "glorot") out = InitKind::XavierUniform;
  else if (s == "he" || s == "he_normal" || s == "kaiming") out = InitKind::HeNormal;
  else
    return Status::error("unknown_init", {{"value", s}});
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
  Activation out_act;
  if (Status s = parse_output(output, {}, ok, out_act); !s) return s;
  const std::size_t hidden = layers.size() >= 2 ? layers.size() - 2 : 0;
  if (activations.size() != hidden && !(activations.size() == 1 && hidden > 0) &&
      !(activations.empty() && hidden == 0))
    return Status::error("hidden_activation_count", {{"expected", hidden}, {"got", activations.size()}});
  std::vector<Activation> acts(hidden);
  for (std::size_t l = 0; l < hidden; ++l) {
    const std::string& name = activations.size() == 1 ? activations[0] : activations[l];
    if (Status s = Activation::make(name, {}, acts[l]); !s) return s;
  }
  if (Status s = make_network(layers, acts, ok, out); !s) return s;
  out.output_act = out_act;
  return {};
}

Status init_params(Network& net, InitKind kind, std::uint64_t seed) {
  if (net.layers.size() < 2 || net.params.size() != net.param_count()) return Status::error("init_bad_shape");
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
    return Status::error("bce_needs_sigmoid", {{"output", output_kind_name(output)}});
  if (loss == LossKind::CrossEntropy && output != OutputKind::Softmax)
    return Status::error("ce_needs_softmax", {{"output", output_kind_name(output)}});
  return {};
}

// ---------------------------------------------------------------------------------------
// Forward op and grid

Status forward(const Network& net, const double* x, std::size_t n, const ForwardOptions& opt, ForwardResult& out) {
  if (Status s = validate_network(net); !s) return s;
  if (n == 0 || x == nullptr) return Status::error("forward_no_samples");
  // d raw inputs a sample; layer 1 reads n0 inputs (the features computed from them).
  const std::size_t L = net.num_layers(), n0 = net.inputs(), K = net.outputs(), d = net.data_inputs();
  for (std::size_t i = 0; i < n * d; ++i)
    if (!std::isfinite(x[i])) return Status::error("forward_input_not_finite");
  if (Status st = check_feature_inputs(net, x, n); !st) return st;
  std::vector<double> features;
  if (!net.features.empty()) expand_features(net, x, n, features);
  const double* in = net.features.empty() ? x : features.data();
  std::size_t hidden_total = 0;
  for (std::size_t l = 1; l < L; ++l) hidden_total += std::size_t(net.layers[l]);
  // The answer's size before any of it is allocated: past the limit the request is refused at
  // once, instead of failing half-way or growing the WASM heap (which never shrinks).
  const double values = double(n) * (2.0 * double(K) + (opt.hidden ? 2.0 * double(hidden_total) : 0.0) +
                                     (opt.jacobians ? double(K) * (2.0 * double(d) + 1) : 0.0));
  if (values > double(kMaxForwardValues))
    return Status::error("forward_too_large", {{"values", values}, {"max", kMaxForwardValues}});
  ForwardResult r;
  r.outputs.resize(n * K);
  r.logits.resize(n * K);
  if (opt.hidden) {
    r.hidden_pre.resize(n * hidden_total);
    r.hidden_act.resize(n * hidden_total);
  }
  if (opt.jacobians) {
    r.jacobian.resize(n * K * d);
    r.jacobian_logits.resize(n * K * d);
    r.local_offset.resize(n * K);
  }
  std::vector<std::vector<double>> z, a, da;
  size_layers(net, kChunk, z);
  size_layers(net, kChunk, a);
  size_layers(net, kChunk, da);
  std::size_t maxw = n0;
  for (int w : net.layers) maxw = std::max(maxw, std::size_t(w));
  std::vector<double> xt(n0 * kChunk), J(maxw * d), Jn(maxw * d);
  for (std::size_t s0 = 0; s0 < n; s0 += kChunk) {
    const std::size_t cnt = std::min(kChunk, n - s0);
    for (std::size_t c = 0; c < cnt; ++c)
      for (std::size_t i = 0; i < n0; ++i) xt[i * cnt + c] = in[(s0 + c) * n0 + i];
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
        // Forward mode: J <- diag(act'(z_l)) W_l J, starting from the identity (or from the
        // features' derivatives with respect to the raw inputs).
        std::size_t rows = n0;
        std::fill(J.begin(), J.end(), 0.0);
        if (net.features.empty())
          for (std::size_t i = 0; i < n0; ++i) J[i * n0 + i] = 1.0;
        else
          for (std::size_t i = 0; i < n0; ++i)
            feature_gradient(net.features[i], x[s * 2], x[s * 2 + 1], J[i * 2], J[i * 2 + 1]);
        for (std::size_t l = 0; l < L; ++l) {
          const std::size_t nin = rows, nout = std::size_t(net.layers[l + 1]);
          const double* W = net.W(l);
          for (std::size_t j = 0; j < nout; ++j) {
            const double dz = l + 1 < L ? da[l][j * cnt + c] : 1.0;
            for (std::size_t q = 0; q < d; ++q) {
              double acc = 0;
              for (std::size_t i = 0; i < nin; ++i) acc += W[j * nin + i] * J[i * d + q];
              Jn[j * d + q] = dz * acc;
            }
          }
          std::swap(J, Jn);
          rows = nout;
        }
        double* jl = &r.jacobian_logits[s * K * d];
        double* jo = &r.jacobian[s * K * d];
        std::copy(J.begin(), J.begin() + std::ptrdiff_t(K * d), jl);
        const double* p = &r.outputs[s * K];
        for (std::size_t k = 0; k < K; ++k) {
          double off = r.logits[s * K + k];
          for (std::size_t q = 0; q < d; ++q) off -= jl[k * d + q] * x[s * d + q];
          r.local_offset[s * K + k] = off;
        }
        if (net.output == OutputKind::Linear) {
          std::copy(jl, jl + K * d, jo);
        } else if (net.output == OutputKind::Sigmoid) {
          for (std::size_t k = 0; k < K; ++k)
            for (std::size_t q = 0; q < d; ++q) jo[k * d + q] = jl[k * d + q] * (1.0 - p[k]) * p[k];
        } else if (net.output == OutputKind::Elementwise) {
          for (std::size_t k = 0; k < K; ++k) {
            const double slope = net.output_act.df(r.logits[s * K + k]);
            for (std::size_t q = 0; q < d; ++q) jo[k * d + q] = jl[k * d + q] * slope;
          }
        } else {
          for (std::size_t q = 0; q < d; ++q) {
            double mix = 0;
            for (std::size_t k = 0; k < K; ++k) mix += p[k] * jl[k * d + q];
            for (std::size_t k = 0; k < K; ++k) jo[k * d + q] = p[k] * (jl[k * d + q] - mix);
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
  const std::size_t h = net.data_inputs() == 1 ? 1 : std::size_t(std::max(g.h, 0));
  return std::size_t(std::max(g.w, 0)) * h * neurons;
}

Status evaluate_grid(const Network& net, const GridSpec& g, bool all_neurons, float* out) {
  if (Status s = validate_network(net); !s) return s;
  if (net.data_inputs() > 2) return Status::error("grid_needs_1_or_2_inputs", {{"inputs", net.data_inputs()}});
  if (g.w < 1 || g.h < 1 || g.w > kMaxGridSide || g.h > kMaxGridSide)
    return Status::error("grid_size_out_of_range",
                         {{"w", g.w}, {"h", g.h}, {"min", 1}, {"max", kMaxGridSide}});
  if (!(std::isfinite(g.x0) && std::isfinite(g.x1) && std::isfinite(g.y0) && std::isfinite(g.y1)))
    return Status::error("grid_box_not_finite");
  if (out == nullptr) return Status::error("grid_no_buffer");
  const double corners[] = {g.x0, g.y0, g.x1, g.y1};
  if (Status st = check_feature_inputs(net, corners, 2); !st) return st;
  const std::size_t L = net.num_layers(), n0 = net.inputs(), nd = net.data_inputs();
  const std::size_t W = std::size_t(g.w), H = nd == 1 ? 1 : std::size_t(g.h), P = W * H;
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
      const double px = g.x0 + double(i) * dx, py = g.y0 + double(j) * dy;
      if (!net.features.empty())
        for (std::size_t f = 0; f < n0; ++f) xt[f * cnt + c] = float(feature_value(net.features[f], px, py));
      else {
        xt[c] = float(px);
        if (n0 == 2) xt[cnt + c] = float(py);
      }
    }
    const float* in = xt.data();
    const float* Wl = params.data();
    for (std::size_t l = 0; l < L; ++l) {
      const std::size_t nin = std::size_t(net.layers[l]), nout = std::size_t(net.layers[l + 1]), n = nout * cnt;
      dense_forward(Wl, Wl + nout * nin, in, z.data(), nin, nout, cnt);
      Wl += nout * nin + nout;
      float* al = a[l].data();
      const Activation& act = l + 1 < L ? net.hidden[l] : net.output_act;
      if (l + 1 == L && net.output != OutputKind::Elementwise) output_activation_f32(net.output, z.data(), al, nout, cnt);
      else if (!activation_f32(act, z.data(), al, n)) {
        zd.assign(z.begin(), z.begin() + std::ptrdiff_t(n));
        ad.resize(n);
        act.eval(zd.data(), ad.data(), nullptr, n);
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
// The `train` op in one call

Status run_training(const Network& net, const Dataset& data, const TrainSettings& settings, long steps,
                    TrainReport& out) {
  if (steps < 0 || steps > kMaxTrainSteps)
    return Status::error("steps_out_of_range", {{"value", steps}, {"max", kMaxTrainSteps}});
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
