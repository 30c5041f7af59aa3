// Trainer (see mlp.h): validation, batching, the loss and backward pass over chunks, the
// torch.optim updates, divergence handling and the statistics the page shows. It owns
// all scratch memory, so a training step allocates nothing.
#include "mlp_kernels.h"

namespace alab {

using namespace mlp_detail;

// ---------------------------------------------------------------------------------------
// Trainer: validation and state

Status Trainer::validate(const Network& net, const Dataset& data, const TrainSettings& s,
                         std::vector<double>& targets, std::vector<int>& classes) const {
  if (Status st = validate_network(net); !st) return st;
  if (Status st = check_loss_output(s.loss, net.output); !st) return st;
  if (!(std::isfinite(s.lr) && s.lr > 0)) return Status::error("lr_invalid", {{"value", s.lr}});
  if (s.batch_size < 1 || s.batch_size > kMaxBatchSize)
    return Status::error("batch_size_out_of_range",
                         {{"value", s.batch_size}, {"min", 1}, {"max", kMaxBatchSize}});
  if (!(s.momentum >= 0 && s.momentum < 1))
    return Status::error("momentum_out_of_range", {{"value", s.momentum}});
  if (s.optimizer == OptimizerKind::Momentum && s.nesterov && s.momentum == 0)
    return Status::error("nesterov_needs_momentum");
  if (!(s.beta1 >= 0 && s.beta1 < 1) || !(s.beta2 >= 0 && s.beta2 < 1))
    return Status::error("adam_betas_out_of_range", {{"beta1", s.beta1}, {"beta2", s.beta2}});
  if (!(std::isfinite(s.eps) && s.eps >= 0)) return Status::error("adam_eps_invalid", {{"value", s.eps}});
  if (!(std::isfinite(s.l2) && s.l2 >= 0)) return Status::error("l2_invalid", {{"value", s.l2}});
  if (s.shuffle && s.batching != Batching::Epoch) return Status::error("shuffle_needs_epoch_batching");
  if (Status st = validate_dataset(data); !st) return st;
  const std::size_t K = net.outputs(), N = data.size();
  if (std::size_t(data.dim) != net.data_inputs())
    return Status::error("data_inputs_mismatch", {{"data", data.dim}, {"network", net.data_inputs()}});
  if (Status st = check_feature_inputs(net, data.x.data(), N); !st) return st;
  targets.clear();
  classes.clear();
  if (data.is_classification()) {
    if (s.loss == LossKind::CrossEntropy) {
      for (int l : data.labels)
        if (std::size_t(l) >= K)
          return Status::error("class_label_too_large", {{"label", l}, {"outputs", K}, {"last", K - 1}});
      classes = data.labels;
    } else if (K == 1) {
      if (data.num_classes != 2)
        return Status::error("classes_need_outputs",
                             {{"classes", data.num_classes}, {"loss", loss_kind_name(s.loss)}});
      targets.assign(data.labels.begin(), data.labels.end());
    } else if (std::size_t(data.num_classes) == K) {
      targets.assign(N * K, 0.0);
      for (std::size_t p = 0; p < N; ++p) targets[p * K + std::size_t(data.labels[p])] = 1.0;
    } else {
      return Status::error("classes_outputs_mismatch", {{"classes", data.num_classes}, {"outputs", K}});
    }
  } else {
    if (std::size_t(data.target_dim) != K)
      return Status::error("targets_outputs_mismatch", {{"targets", data.target_dim}, {"outputs", K}});
    for (double t : data.targets) {
      if (s.loss == LossKind::Bce && !(t >= 0 && t <= 1))
        return Status::error("bce_target_out_of_range", {{"value", t}});
      if (s.loss == LossKind::CrossEntropy && t < 0)
        return Status::error("ce_target_negative", {{"value", t}});
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
  if (!ready_) return Status::error("trainer_not_ready");
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
  if (!ready_) return Status::error("trainer_not_ready");
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
  if (!ready_) return Status::error("trainer_not_ready");
  if (params.size() != net_.param_count())
    return Status::error("param_count_mismatch", {{"expected", net_.param_count()}, {"got", params.size()}});
  if (!all_finite(params.data(), params.size())) return Status::error("weight_not_finite");
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
  if (net_.features.empty()) fx_.clear();
  else expand_features(net_, data_.x.data(), N, fx_);
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
                     const int* classes, double* grad, AccMode acc, double* correct, double* total,
                     int* active, double* act_sums) {
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
    if (active) {
      int* q = active;
      for (std::size_t l = 0; l + 1 < L; ++l)
        for (std::size_t j = 0; j < std::size_t(net_.layers[l + 1]); ++j, ++q)
          for (std::size_t c = 0; c < cnt; ++c) *q += z_[l][j * cnt + c] > 0 ? 1 : 0;
    }
    if (act_sums)
      for (std::size_t l = 0; l + 1 < L; ++l)
        for (std::size_t e = 0; e < std::size_t(net_.layers[l + 1]) * cnt; ++e) act_sums[l] += a_[l][e];
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
        } else if (net_.output == OutputKind::Elementwise) {
          for (std::size_t k = 0; k < K; ++k) dz[k * cnt + c] *= net_.output_act.df(zl[k * cnt + c]);
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
  if (!ready_) return Status::error("trainer_not_ready");
  if (steps < 0 || steps > kMaxTrainSteps)
    return Status::error("steps_out_of_range", {{"value", steps}, {"max", kMaxTrainSteps}});
  const std::size_t N = data_.size(), P = net_.param_count();
  const std::size_t nb = (N + std::size_t(settings_.batch_size) - 1) / std::size_t(settings_.batch_size);
  const bool shuffle = settings_.shuffle && settings_.batching == Batching::Epoch;
  const bool keep_m = settings_.optimizer != OptimizerKind::Sgd, keep_v = settings_.optimizer == OptimizerKind::Adam;
  for (long s = 0; s < steps; ++s) {
    if (shuffle && std::size_t(step_) % nb == 0) shuffle_rng_.shuffle(order_.data(), N);
    const std::size_t cnt = batch_rows(step_, batch_.data());
    const double loss = pass(batch_.data(), cnt, train_x(), targets_.data(),
                             classes_.empty() ? nullptr : classes_.data(), grad_.data(), AccMode::None, nullptr, nullptr);
    if (!std::isfinite(loss)) return Status::error("diverged", {{"step", step_}, {"value", loss}});
    const double penalty = l2_penalty();
    std::copy(net_.params.begin(), net_.params.end(), backup_.begin());
    if (keep_m) std::copy(m_.begin(), m_.end(), backup_.begin() + std::ptrdiff_t(P));
    if (keep_v) std::copy(v_.begin(), v_.end(), backup_.begin() + std::ptrdiff_t(2 * P));
    if (!apply_update(grad_.data())) {
      std::copy(backup_.begin(), backup_.begin() + std::ptrdiff_t(P), net_.params.begin());
      if (keep_m) std::copy(backup_.begin() + std::ptrdiff_t(P), backup_.begin() + std::ptrdiff_t(2 * P), m_.begin());
      if (keep_v) std::copy(backup_.begin() + std::ptrdiff_t(2 * P), backup_.end(), v_.begin());
      --opt_t_;
      return Status::error("diverged_weights", {{"step", step_}});
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
  if (!ready_) return Status::error("trainer_not_ready");
  if (step < 0) return Status::error("step_negative", {{"value", step}});
  const std::size_t cnt = batch_rows(step, batch_.data());
  loss = pass(batch_.data(), cnt, train_x(), targets_.data(), classes_.empty() ? nullptr : classes_.data(),
              grad_.data(), AccMode::None, nullptr, nullptr);
  grad = grad_;
  return {};
}

Status Trainer::full_gradient(double& loss, std::vector<double>& grad) {
  if (!ready_) return Status::error("trainer_not_ready");
  loss = pass(all_rows_.data(), all_rows_.size(), train_x(), targets_.data(),
              classes_.empty() ? nullptr : classes_.data(), grad_.data(), AccMode::None, nullptr, nullptr);
  grad = grad_;
  return {};
}

double Trainer::full_loss() {
  if (!ready_) return std::numeric_limits<double>::quiet_NaN();
  return pass(all_rows_.data(), all_rows_.size(), train_x(), targets_.data(),
              classes_.empty() ? nullptr : classes_.data(), nullptr, AccMode::None, nullptr, nullptr);
}

Trainer::AccMode Trainer::accuracy_mode(const Dataset& d) const {
  if (settings_.loss == LossKind::CrossEntropy) return AccMode::Argmax;
  if (settings_.loss == LossKind::Bce) return AccMode::Threshold;
  if (!d.is_classification()) return AccMode::None;
  return net_.outputs() == 1 ? AccMode::Threshold : AccMode::Argmax;
}

Status Trainer::evaluate(const Dataset& d, Metrics& out) {
  if (!ready_) return Status::error("trainer_not_ready");
  std::vector<double> t;
  std::vector<int> c;
  if (Status st = validate(net_, d, settings_, t, c); !st) return st;
  std::vector<std::size_t> rows(d.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  const AccMode mode = accuracy_mode(d);
  double correct = 0, total = 0;
  std::vector<double> fx;
  if (!net_.features.empty()) expand_features(net_, d.x.data(), d.size(), fx);
  out.loss = pass(rows.data(), rows.size(), net_.features.empty() ? d.x.data() : fx.data(), t.data(), c.empty() ? nullptr : c.data(), nullptr, mode,
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
      for (std::size_t i = 0; i < n0; ++i) xt_[i * cnt + c] = train_x()[(off + c) * n0 + i];
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
      for (std::size_t i = 0; i < n0; ++i) xt_[i * cnt + c] = train_x()[(off + c) * n0 + i];
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

void Trainer::statistics(TrainerStats& out) {
  out.active_counts.clear();
  out.gradient_norms.clear();
  out.mean_activations.clear();
  if (!ready_) {
    out.train = Metrics{};
    return;
  }
  const std::size_t L = net_.num_layers(), N = data_.size();
  std::size_t hidden = 0;
  for (std::size_t l = 1; l < L; ++l) hidden += std::size_t(net_.layers[l]);
  out.active_counts.assign(hidden, 0);
  out.mean_activations.assign(L - 1, 0.0);
  const AccMode mode = accuracy_mode(data_);
  double correct = 0, total = 0;
  out.train.loss = pass(all_rows_.data(), N, train_x(), targets_.data(), classes_.empty() ? nullptr : classes_.data(),
                        grad_.data(), mode, &correct, &total, out.active_counts.data(), out.mean_activations.data());
  out.train.accuracy = mode == AccMode::None ? std::numeric_limits<double>::quiet_NaN() : correct / total;
  for (std::size_t l = 0; l + 1 < L; ++l) out.mean_activations[l] /= double(N) * double(net_.layers[l + 1]);
  for (std::size_t l = 0; l < L; ++l) {
    double s = 0;
    const std::size_t end = net_.bias_offset(l) + std::size_t(net_.layers[l + 1]);
    for (std::size_t p = net_.weight_offset(l); p < end; ++p) s += grad_[p] * grad_[p];
    out.gradient_norms.push_back(std::sqrt(s));
  }
}

Status Trainer::evaluate_grid(const GridSpec& g, bool all_neurons) {
  if (!ready_) return Status::error("trainer_not_ready");
  if (g.w < 1 || g.h < 1 || g.w > kMaxGridSide || g.h > kMaxGridSide)
    return Status::error("grid_size_out_of_range",
                         {{"w", g.w}, {"h", g.h}, {"min", 1}, {"max", kMaxGridSide}});
  // Counted in 64 bits (size_t is 32 bits in WebAssembly); at most 2^26 floats (256 MB).
  const std::uint64_t per_point = grid_value_count(net_, GridSpec{0, 0, 0, 0, 1, 1}, all_neurons);
  const std::uint64_t points = std::uint64_t(g.w) * std::uint64_t(net_.data_inputs() == 1 ? 1 : g.h);
  const std::uint64_t max_values = std::uint64_t(1) << 26;
  if (points * per_point > max_values)
    return Status::error("grid_too_large",
                         {{"values", double(points * per_point)}, {"max", double(max_values)}});
  grid_.resize(std::size_t(points * per_point));
  return alab::evaluate_grid(net_, g, all_neurons, grid_.data());
}

}  // namespace alab
