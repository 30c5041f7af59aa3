// Backprop against central differences: for every activation of the catalogue and for
// every allowed loss/output pair, the analytic gradient of the data loss matches
// (L(theta + h e_p) - L(theta - h e_p)) / 2h. Sample points are kept away from every kink
// so the finite difference never straddles one. A test refuses to pass when the gradient
// is all zero (a backward pass that does nothing would otherwise agree with nothing).
#include <gtest/gtest.h>

#include <cmath>

#include "alab/mlp.h"

using namespace alab;

namespace {

struct Case {
  const char* name;
  LossKind loss;
  OutputKind output;
  BceImpl bce = BceImpl::Logits;
  bool soft_targets = false;  // cross_entropy with probability rows
  const char* output_name = nullptr;  // OutputKind::Elementwise: the catalogue activation
};

const Case kPairs[] = {
    {"mse+linear", LossKind::Mse, OutputKind::Linear},
    {"mse+sigmoid", LossKind::Mse, OutputKind::Sigmoid},
    {"mse+softmax", LossKind::Mse, OutputKind::Softmax},
    {"bce(logits)+sigmoid", LossKind::Bce, OutputKind::Sigmoid},
    {"bce(probs)+sigmoid", LossKind::Bce, OutputKind::Sigmoid, BceImpl::Probs},
    {"cross_entropy(classes)+softmax", LossKind::CrossEntropy, OutputKind::Softmax},
    {"cross_entropy(probabilities)+softmax", LossKind::CrossEntropy, OutputKind::Softmax, BceImpl::Logits, true},
    {"mse+tanh output", LossKind::Mse, OutputKind::Elementwise, BceImpl::Logits, false, "tanh"},
    {"mse+softplus output", LossKind::Mse, OutputKind::Elementwise, BceImpl::Logits, false, "softplus"},
};

// Data for a network with K outputs; targets fit the loss.
Dataset make_data(const Case& c, std::size_t K, std::size_t N, std::uint64_t seed) {
  Rng rng(seed);
  Dataset d;
  d.dim = 2;
  for (std::size_t i = 0; i < 2 * N; ++i) d.x.push_back(rng.uniform(-1.5, 1.5));
  if (c.loss == LossKind::CrossEntropy && !c.soft_targets) {
    for (std::size_t p = 0; p < N; ++p) d.labels.push_back(int(rng.below(K)));
    d.num_classes = int(K);
    return d;
  }
  d.target_dim = int(K);
  for (std::size_t p = 0; p < N; ++p) {
    double sum = 0;
    for (std::size_t k = 0; k < K; ++k) {
      const double t = c.loss == LossKind::Mse ? rng.uniform(-1, 1) : rng.uniform(0, 1);
      d.targets.push_back(t);
      sum += t;
    }
    if (c.soft_targets)
      for (std::size_t k = 0; k < K; ++k) d.targets[p * K + k] /= sum;
  }
  return d;
}

// Drops points whose hidden pre-activations lie within `margin` of a kink of their layer.
void keep_away_from_kinks(const Network& net, Dataset& d, double margin) {
  ForwardResult fr;
  ASSERT_TRUE(forward(net, d.x.data(), d.size(), {true, false}, fr).ok);
  const std::size_t N = d.size(), K = std::size_t(d.target_dim);
  Dataset kept = d;
  kept.x.clear();
  kept.labels.clear();
  kept.targets.clear();
  for (std::size_t p = 0; p < N; ++p) {
    bool ok = true;
    std::size_t off = 0;
    for (std::size_t l = 0; l + 2 < net.layers.size(); ++l) {
      const std::size_t w = std::size_t(net.layers[l + 1]);
      for (double k : net.hidden[l].kinks())
        for (std::size_t j = 0; j < w; ++j) ok &= std::fabs(fr.hidden_pre[off + p * w + j] - k) > margin;
      off += N * w;
    }
    if (!ok) continue;
    kept.x.insert(kept.x.end(), d.x.begin() + std::ptrdiff_t(2 * p), d.x.begin() + std::ptrdiff_t(2 * p + 2));
    if (!d.labels.empty()) kept.labels.push_back(d.labels[p]);
    else kept.targets.insert(kept.targets.end(), d.targets.begin() + std::ptrdiff_t(p * K),
                             d.targets.begin() + std::ptrdiff_t((p + 1) * K));
  }
  d = kept;
}

// Max |analytic - numeric| / (1e-6 + 1e-5 |numeric|) over all parameters, and max |analytic|.
void check_gradient(const Network& net0, const Dataset& data, const Case& c, const std::string& label) {
  TrainSettings st;
  st.loss = c.loss;
  st.bce_impl = c.bce;
  Trainer t;
  Status s = t.reset(net0, data, st);
  ASSERT_TRUE(s.ok) << label << ": " << s.message;
  double loss;
  std::vector<double> g;
  ASSERT_TRUE(t.full_gradient(loss, g).ok);
  ASSERT_TRUE(std::isfinite(loss)) << label;
  std::vector<double> p = t.params();
  const double h = 1e-6;
  double worst = 0, max_diff = 0, max_grad = 0, max_first_layer = 0;
  const std::size_t first_end = net0.bias_offset(0) + std::size_t(net0.layers[1]);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double keep = p[i];
    p[i] = keep + h;
    ASSERT_TRUE(t.set_params(p).ok);
    const double up = t.full_loss();
    p[i] = keep - h;
    ASSERT_TRUE(t.set_params(p).ok);
    const double down = t.full_loss();
    p[i] = keep;
    const double numeric = (up - down) / (2 * h);
    const double diff = std::fabs(g[i] - numeric);
    max_diff = std::max(max_diff, diff);
    worst = std::max(worst, diff / (1e-6 + 1e-5 * std::fabs(numeric)));
    max_grad = std::max(max_grad, std::fabs(g[i]));
    if (i < first_end) max_first_layer = std::max(max_first_layer, std::fabs(g[i]));
  }
  EXPECT_LE(worst, 1.0) << label << ": max |analytic - central difference| = " << max_diff;
  EXPECT_GT(max_grad, 1e-6) << label << ": the gradient is all zero, which proves nothing";
  if (net0.hidden.empty() || net0.hidden[0].kind() != ActKind::BinaryStep)
    EXPECT_GT(max_first_layer, 1e-8) << label << ": no gradient reaches the first layer";
}

}  // namespace

TEST(MlpGradients, EveryLossAndOutputPairMatchesCentralDifferences) {
  for (const Case& c : kPairs) {
    for (const int K : {1, 3}) {
      if (c.output == OutputKind::Softmax && K == 1) continue;  // softmax of one value is constant
      Network net;
      ASSERT_TRUE(make_mlp({2, 5, 4, K}, {"tanh", "sigmoid"}, c.output_name ? c.output_name : output_kind_name(c.output), net).ok);
      ASSERT_EQ(net.output, c.output) << c.name;
      ASSERT_TRUE(init_params(net, InitKind::Torch, 7 + std::uint64_t(K)).ok);
      Dataset d = make_data(c, std::size_t(K), 9, 11);
      check_gradient(net, d, c, std::string(c.name) + " K=" + std::to_string(K));
    }
  }
}

TEST(MlpGradients, EveryActivationInTheCatalogueBackpropagatesLikeCentralDifferences) {
  const Case ce = kPairs[5];
  const Case mse = kPairs[0];
  int checked = 0;
  for (const ActivationInfo& info : activation_catalogue()) {
    for (const Case* c : {&mse, &ce}) {
      Network net;
      Activation a = Activation::named(info.name);
      ASSERT_TRUE(make_network({2, 6, 5, 3}, {a, a}, c->output, net).ok) << info.name;
      ASSERT_TRUE(init_params(net, InitKind::Torch, 3).ok);
      Dataset d = make_data(*c, 3, 24, 5);
      keep_away_from_kinks(net, d, 1e-4);
      ASSERT_GE(d.size(), 10u) << info.name << ": too many points near a kink";
      check_gradient(net, d, *c, info.name + " with " + c->name);
      ++checked;
    }
  }
  EXPECT_GE(checked, 2 * 24);
}

TEST(MlpGradients, NetworkWithoutHiddenLayersHasTheGradientOfALinearModel) {
  Network net;
  ASSERT_TRUE(make_mlp({2, 3}, {}, "softmax", net).ok);
  ASSERT_TRUE(init_params(net, InitKind::XavierUniform, 1).ok);
  check_gradient(net, make_data(kPairs[5], 3, 8, 2), kPairs[5], "2-3 softmax");
}
