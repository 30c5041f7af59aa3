// Training semantics the PyTorch reference files do not cover (wrap batching, L2 on
// weights and optionally biases, nesterov, coupled L2 in Adam, short last batches),
// checked against a deliberately naive per-sample re-implementation of README section 6;
// plus seeded shuffling and initialisation, statistics and grid evaluation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "alab/activations.h"
#include "alab/datasets.h"
#include "alab/mlp.h"

using namespace alab;

namespace {

// Naive 2-H-1 tanh regression net (mse, linear output), parameters in Network layout.
struct Naive {
  int H;
  std::vector<double> p;  // W1 (H x 2), b1 (H), W2 (1 x H), b2 (1)
  std::vector<double> m, v;
  long t = 0;

  double forward(const double* x, std::vector<double>& a) const {
    double out = p[std::size_t(4 * H)];
    for (int j = 0; j < H; ++j) {
      a[std::size_t(j)] = std::tanh(p[std::size_t(2 * j)] * x[0] + p[std::size_t(2 * j + 1)] * x[1] + p[std::size_t(2 * H + j)]);
      out += p[std::size_t(3 * H + j)] * a[std::size_t(j)];
    }
    return out;
  }

  // One step on the given rows; returns the batch loss before the update.
  double step(const Dataset& d, const std::vector<std::size_t>& rows, const TrainSettings& s) {
    std::vector<double> g(p.size(), 0.0), a(static_cast<std::size_t>(H), 0.0);
    double loss = 0;
    const double B = double(rows.size());
    for (std::size_t r : rows) {
      const double out = forward(&d.x[2 * r], a);
      const double e = out - d.targets[r];
      loss += e * e / B;
      const double dout = 2 * e / B;
      g[std::size_t(4 * H)] += dout;
      for (int j = 0; j < H; ++j) {
        g[std::size_t(3 * H + j)] += dout * a[std::size_t(j)];
        const double dz = dout * p[std::size_t(3 * H + j)] * (1 - a[std::size_t(j)] * a[std::size_t(j)]);
        g[std::size_t(2 * j)] += dz * d.x[2 * r];
        g[std::size_t(2 * j + 1)] += dz * d.x[2 * r + 1];
        g[std::size_t(2 * H + j)] += dz;
      }
    }
    ++t;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const bool is_bias = (i >= std::size_t(2 * H) && i < std::size_t(3 * H)) || i == std::size_t(4 * H);
      double gi = g[i];
      if (!is_bias || s.l2_biases) gi += s.l2 * p[i];
      if (s.optimizer == OptimizerKind::Sgd) {
        p[i] -= s.lr * gi;
      } else if (s.optimizer == OptimizerKind::Momentum) {
        m[i] = t == 1 ? gi : s.momentum * m[i] + gi;
        p[i] -= s.lr * (s.nesterov ? gi + s.momentum * m[i] : m[i]);
      } else {
        m[i] = s.beta1 * m[i] + (1 - s.beta1) * gi;
        v[i] = s.beta2 * v[i] + (1 - s.beta2) * gi * gi;
        const double bc1 = 1 - std::pow(s.beta1, double(t)), bc2 = 1 - std::pow(s.beta2, double(t));
        p[i] -= (s.lr / bc1) * m[i] / (std::sqrt(v[i]) / std::sqrt(bc2) + s.eps);
      }
    }
    return loss;
  }
};

std::vector<std::size_t> readme_rows(long k, std::size_t N, std::size_t B, Batching b) {
  std::vector<std::size_t> rows;
  if (b == Batching::Epoch) {
    const std::size_t nb = (N + B - 1) / B, j = std::size_t(k) % nb;
    for (std::size_t r = j * B; r < std::min((j + 1) * B, N); ++r) rows.push_back(r);
  } else {
    for (std::size_t i = 0; i < B; ++i) rows.push_back((std::size_t(k) * B + i) % N);
  }
  return rows;
}

Dataset regression_data(std::size_t N, std::uint64_t seed) {
  Rng rng(seed);
  Dataset d;
  d.dim = 2;
  d.target_dim = 1;
  for (std::size_t p = 0; p < N; ++p) {
    const double a = rng.uniform(-2, 2), b = rng.uniform(-2, 2);
    d.x.insert(d.x.end(), {a, b});
    d.targets.push_back(std::sin(a) * b);
  }
  return d;
}

}  // namespace

TEST(MlpTraining, OptimizersL2AndBatchingFollowTheReadmeRulesStepByStep) {
  struct Config {
    const char* name;
    TrainSettings s;
  };
  std::vector<Config> configs;
  auto add = [&](const char* name, auto edit) {
    TrainSettings s;
    s.lr = 0.05;
    edit(s);
    configs.push_back({name, s});
  };
  add("sgd, L2 on weights, wrap B=7", [](TrainSettings& s) { s.l2 = 0.01; s.batching = Batching::Wrap; s.batch_size = 7; });
  add("sgd, L2 on weights and biases, epoch B=6", [](TrainSettings& s) { s.l2 = 0.02; s.l2_biases = true; s.batch_size = 6; });
  add("momentum, epoch B=6 (last batch 2 rows)", [](TrainSettings& s) { s.optimizer = OptimizerKind::Momentum; s.batch_size = 6; });
  add("nesterov, L2, wrap B=25 > N", [](TrainSettings& s) {
    s.optimizer = OptimizerKind::Momentum; s.nesterov = true; s.momentum = 0.8; s.l2 = 0.01;
    s.batching = Batching::Wrap; s.batch_size = 25; });
  add("adam, coupled L2, wrap B=3", [](TrainSettings& s) {
    s.optimizer = OptimizerKind::Adam; s.lr = 0.01; s.l2 = 0.05; s.batching = Batching::Wrap; s.batch_size = 3;
    s.beta1 = 0.8; s.beta2 = 0.99; s.eps = 1e-6; });
  add("sgd, batch larger than N with epoch batching", [](TrainSettings& s) { s.batch_size = 100; });

  const Dataset d = regression_data(20, 3);
  for (const Config& c : configs) {
    Network net;
    ASSERT_TRUE(make_mlp({2, 5, 1}, {"tanh"}, "linear", net).ok);
    ASSERT_TRUE(init_params(net, InitKind::Torch, 4).ok);
    Naive naive{5, net.params, std::vector<double>(net.params.size(), 0.0), std::vector<double>(net.params.size(), 0.0)};
    Trainer t;
    ASSERT_TRUE(t.reset(net, d, c.s).ok) << c.name;
    ASSERT_TRUE(t.train(40).ok) << c.name;
    double worst_loss = 0, worst_penalty = 0;
    for (long k = 0; k < 40; ++k) {
      double penalty = 0;
      for (std::size_t i = 0; i < naive.p.size(); ++i) {
        const bool is_bias = (i >= 10 && i < 15) || i == 20;
        if (!is_bias || c.s.l2_biases) penalty += 0.5 * c.s.l2 * naive.p[i] * naive.p[i];
      }
      const double loss = naive.step(d, readme_rows(k, 20, std::size_t(c.s.batch_size), c.s.batching), c.s);
      worst_loss = std::max(worst_loss, std::fabs(loss - t.loss_history()[std::size_t(k)]) / loss);
      worst_penalty = std::max(worst_penalty, std::fabs(penalty - t.l2_penalty_history()[std::size_t(k)]));
    }
    double worst_param = 0;
    for (std::size_t i = 0; i < naive.p.size(); ++i) worst_param = std::max(worst_param, std::fabs(naive.p[i] - t.params()[i]));
    EXPECT_LT(worst_loss, 1e-12) << c.name << ": max relative loss difference";
    EXPECT_LT(worst_penalty, 1e-14) << c.name << ": max L2 penalty difference";
    EXPECT_LT(worst_param, 1e-12) << c.name << ": max parameter difference";
    EXPECT_GT(std::fabs(t.params()[0] - net.params[0]), 1e-6) << c.name << ": nothing trained";
  }
}

TEST(MlpTraining, ShuffledTrainingGivesIdenticalBitsForIdenticalSeeds) {
  Network net;
  ASSERT_TRUE(make_mlp({2, 6, 1}, {"relu"}, "linear", net).ok);
  ASSERT_TRUE(init_params(net, InitKind::HeNormal, 8).ok);
  const Dataset d = regression_data(30, 5);
  TrainSettings s;
  s.batch_size = 4;
  s.shuffle = true;
  s.shuffle_seed = 77;
  Trainer a, b, c, plain;
  ASSERT_TRUE(a.reset(net, d, s).ok);
  ASSERT_TRUE(b.reset(net, d, s).ok);
  ASSERT_TRUE(a.train(100).ok);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(b.train(25).ok);
  EXPECT_EQ(a.params(), b.params());
  EXPECT_EQ(a.loss_history(), b.loss_history());
  s.shuffle_seed = 78;
  ASSERT_TRUE(c.reset(net, d, s).ok);
  ASSERT_TRUE(c.train(100).ok);
  EXPECT_NE(a.loss_history(), c.loss_history());
  s.shuffle = false;
  ASSERT_TRUE(plain.reset(net, d, s).ok);
  ASSERT_TRUE(plain.train(100).ok);
  EXPECT_NE(a.loss_history(), plain.loss_history());
}

TEST(MlpTraining, ShufflingAFullBatchChangesOnlyTheSummationOrder) {
  Network net;
  ASSERT_TRUE(make_mlp({2, 6, 1}, {"tanh"}, "linear", net).ok);
  ASSERT_TRUE(init_params(net, InitKind::Torch, 8).ok);
  const Dataset d = regression_data(30, 5);
  TrainSettings s;
  s.batch_size = 30;
  Trainer plain, shuffled;
  ASSERT_TRUE(plain.reset(net, d, s).ok);
  s.shuffle = true;
  ASSERT_TRUE(shuffled.reset(net, d, s).ok);
  ASSERT_TRUE(plain.train(50).ok);
  ASSERT_TRUE(shuffled.train(50).ok);
  for (std::size_t i = 0; i < plain.params().size(); ++i) EXPECT_NEAR(plain.params()[i], shuffled.params()[i], 1e-12);
}

TEST(MlpInit, IdenticalSeedsGiveIdenticalBitsAndEachSchemeItsScale) {
  for (InitKind k : {InitKind::Torch, InitKind::XavierUniform, InitKind::HeNormal}) {
    Network a, b, c;
    ASSERT_TRUE(make_mlp({2, 64, 64, 3}, {"relu", "relu"}, "softmax", a).ok);
    b = a;
    c = a;
    ASSERT_TRUE(init_params(a, k, 123).ok);
    ASSERT_TRUE(init_params(b, k, 123).ok);
    ASSERT_TRUE(init_params(c, k, 124).ok);
    EXPECT_EQ(a.params, b.params);
    EXPECT_NE(a.params, c.params);
  }
  Network n;
  ASSERT_TRUE(make_mlp({16, 400, 1}, {"relu"}, "linear", n).ok);
  ASSERT_TRUE(init_params(n, InitKind::Torch, 1).ok);
  double mx = 0;
  for (std::size_t i = 0; i < 16 * 400 + 400; ++i) mx = std::max(mx, std::fabs(n.params[i]));
  EXPECT_LE(mx, 0.25);  // 1/sqrt(16)
  EXPECT_GT(mx, 0.24);
  ASSERT_TRUE(init_params(n, InitKind::XavierUniform, 1).ok);
  mx = 0;
  for (std::size_t i = 0; i < 16 * 400; ++i) mx = std::max(mx, std::fabs(n.params[i]));
  EXPECT_LE(mx, std::sqrt(6.0 / 416));
  EXPECT_GT(mx, 0.95 * std::sqrt(6.0 / 416));
  EXPECT_EQ(n.params[16 * 400], 0.0);  // biases start at 0
  ASSERT_TRUE(init_params(n, InitKind::HeNormal, 1).ok);
  double s2 = 0;
  for (std::size_t i = 0; i < 16 * 400; ++i) s2 += n.params[i] * n.params[i];
  EXPECT_NEAR(s2 / (16 * 400), 2.0 / 16, 0.01);
}

TEST(MlpStatistics, CountsActiveAndDeadNeuronsAndReportsLossAccuracyAndNorms) {
  Network net;
  ASSERT_TRUE(make_mlp({2, 3, 2}, {"relu"}, "softmax", net).ok);
  // Neuron 0: always on (bias 10); neuron 1: dead (bias -10); neuron 2: on where x > 0.
  const std::vector<double> W1 = {0, 0, 0, 0, 1, 0}, b1 = {10, -10, 0};
  const std::vector<double> W2 = {0, 0, 1, 0, 0, -1}, b2 = {0, 0.1};
  std::copy(W1.begin(), W1.end(), net.W(0));
  std::copy(b1.begin(), b1.end(), net.b(0));
  std::copy(W2.begin(), W2.end(), net.W(1));
  std::copy(b2.begin(), b2.end(), net.b(1));
  Dataset d;
  d.x = {-2, 0, -1, 1, 0.5, 0, 1.5, -1, 3, 2};
  d.labels = {1, 1, 0, 0, 1};  // class 0 where x > 0, except the last point
  d.num_classes = 2;
  TrainSettings s;
  s.loss = LossKind::CrossEntropy;
  Trainer t;
  ASSERT_TRUE(t.reset(net, d, s).ok);
  std::vector<int> counts;
  t.active_counts(counts);
  EXPECT_EQ(counts, (std::vector<int>{5, 0, 3}));
  std::vector<double> means;
  t.mean_activations(means);
  ASSERT_EQ(means.size(), 1u);
  EXPECT_NEAR(means[0], (5 * 10 + 0 + (0.5 + 1.5 + 3)) / 15.0, 1e-15);
  Metrics m;
  ASSERT_TRUE(t.evaluate(d, m).ok);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.8);
  EXPECT_NEAR(m.loss, t.full_loss(), 1e-15);
  double loss;
  std::vector<double> g, norms;
  ASSERT_TRUE(t.full_gradient(loss, g).ok);
  t.layer_gradient_norms(norms);
  ASSERT_EQ(norms.size(), 2u);
  double n1 = 0;
  for (std::size_t i = 0; i < 9; ++i) n1 += g[i] * g[i];
  EXPECT_NEAR(norms[0], std::sqrt(n1), 1e-15);
  EXPECT_GT(norms[1], 0);
}

// The fused statistics pass gives exactly (bit for bit) what the separate calls give, for
// every catalogue activation, each loss, and a data set of several uneven chunks.
TEST(MlpStatistics, OnePassEqualsTheSeparateCallsExactly) {
  const auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
  struct Case { const char* data; LossKind loss; const char* output; int outputs; };
  const Case cases[] = {{"blobs3", LossKind::CrossEntropy, "softmax", 3},
                        {"spiral", LossKind::Bce, "sigmoid", 1},
                        {"sin", LossKind::Mse, "linear", 1}};
  int checked = 0;
  for (const Case& k : cases) {
    Dataset d;
    ASSERT_TRUE(make_dataset(k.data, 203, 0.2, 3, d).ok);
    const int n0 = k.loss == LossKind::Mse ? 1 : 2;
    for (const ActivationInfo& info : activation_catalogue()) {
      Network net;
      ASSERT_TRUE(make_mlp({n0, 7, 5, k.outputs}, {info.name}, k.output, net).ok) << info.name;
      ASSERT_TRUE(init_params(net, InitKind::Torch, 11).ok);
      TrainSettings s;
      s.loss = k.loss;
      s.lr = 0.05;
      Trainer t;
      const Status rs = t.reset(net, d, s);
      ASSERT_TRUE(rs.ok) << info.name << " " << k.data << " " << rs.message;
      t.train(3);
      Metrics m;
      ASSERT_TRUE(t.evaluate(t.data(), m).ok);
      std::vector<int> counts;
      std::vector<double> norms, means;
      t.active_counts(counts);
      t.layer_gradient_norms(norms);
      t.mean_activations(means);
      TrainerStats st;
      t.statistics(st);
      EXPECT_TRUE(same(st.train.loss, m.loss)) << info.name << " " << k.data;
      EXPECT_TRUE(same(st.train.accuracy, m.accuracy)) << info.name << " " << k.data;
      EXPECT_EQ(st.active_counts, counts) << info.name << " " << k.data;
      ASSERT_EQ(st.gradient_norms.size(), norms.size());
      for (std::size_t i = 0; i < norms.size(); ++i) EXPECT_TRUE(same(st.gradient_norms[i], norms[i])) << info.name;
      ASSERT_EQ(st.mean_activations.size(), means.size());
      for (std::size_t i = 0; i < means.size(); ++i) EXPECT_TRUE(same(st.mean_activations[i], means[i])) << info.name;
      ++checked;
    }
  }
  EXPECT_GT(checked, 30);
}

TEST(MlpGrid, GridValuesAreTheNetworkOutputsAtTheGridPointsNeuronMajor) {
  Network net;
  ASSERT_TRUE(make_mlp({2, 4, 3, 2}, {"tanh", "relu"}, "softmax", net).ok);
  ASSERT_TRUE(init_params(net, InitKind::Torch, 5).ok);
  GridSpec g;
  g.x0 = -2;
  g.x1 = 3;
  g.y0 = -1;
  g.y1 = 1;
  g.w = 7;
  g.h = 5;
  for (bool all : {false, true}) {
    std::vector<float> out(grid_value_count(net, g, all), -1.0f);
    ASSERT_EQ(out.size(), std::size_t(7 * 5 * (all ? 9 : 2)));
    ASSERT_TRUE(evaluate_grid(net, g, all, out.data()).ok);
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < 7; ++i) {
        const double x[2] = {-2 + i * 5.0 / 6, -1 + j * 2.0 / 4};
        ForwardResult fr;
        ASSERT_TRUE(forward(net, x, 1, {true, false}, fr).ok);
        std::vector<double> neurons;
        if (all) neurons = fr.hidden_act;
        neurons.insert(neurons.end(), fr.outputs.begin(), fr.outputs.end());
        for (std::size_t q = 0; q < neurons.size(); ++q)
          EXPECT_NEAR(out[q * 35 + std::size_t(j * 7 + i)], neurons[q], 1e-6 * (1 + std::fabs(neurons[q])));
      }
  }
  // 1-D: h is ignored, the interval's ends are included.
  Network line;
  ASSERT_TRUE(make_mlp({1, 5, 1}, {"sigmoid"}, "linear", line).ok);
  ASSERT_TRUE(init_params(line, InitKind::Torch, 6).ok);
  g.w = 11;
  std::vector<float> curve(grid_value_count(line, g, false));
  ASSERT_EQ(curve.size(), 11u);
  ASSERT_TRUE(evaluate_grid(line, g, false, curve.data()).ok);
  const double x1 = 3.0;
  ForwardResult fr;
  ASSERT_TRUE(forward(line, &x1, 1, {}, fr).ok);
  EXPECT_NEAR(curve[10], fr.outputs[0], 1e-6);
  GridSpec bad = g;
  bad.w = 0;
  EXPECT_FALSE(evaluate_grid(line, bad, false, curve.data()).ok);
}

TEST(MlpForward, JacobiansOfSigmoidAndSoftmaxOutputsMatchCentralDifferences) {
  for (const char* out : {"sigmoid", "softmax", "linear"}) {
    Network net;
    ASSERT_TRUE(make_mlp({3, 5, 4}, {"gelu"}, out, net).ok);
    ASSERT_TRUE(init_params(net, InitKind::Torch, 9).ok);
    const std::vector<double> x = {0.3, -0.7, 1.1, -1.2, 0.4, 0.9};
    ForwardResult fr;
    ASSERT_TRUE(forward(net, x.data(), 2, {true, true}, fr).ok);
    double worst = 0, biggest = 0;
    for (std::size_t s = 0; s < 2; ++s)
      for (std::size_t q = 0; q < 3; ++q) {
        std::vector<double> xp(x.begin() + std::ptrdiff_t(3 * s), x.begin() + std::ptrdiff_t(3 * s + 3)), xm = xp;
        xp[q] += 1e-6;
        xm[q] -= 1e-6;
        ForwardResult up, down;
        ASSERT_TRUE(forward(net, xp.data(), 1, {}, up).ok);
        ASSERT_TRUE(forward(net, xm.data(), 1, {}, down).ok);
        for (std::size_t k = 0; k < 4; ++k) {
          const double num = (up.outputs[k] - down.outputs[k]) / 2e-6;
          const double numl = (up.logits[k] - down.logits[k]) / 2e-6;
          worst = std::max(worst, std::fabs(num - fr.jacobian[(s * 4 + k) * 3 + q]));
          worst = std::max(worst, std::fabs(numl - fr.jacobian_logits[(s * 4 + k) * 3 + q]));
          biggest = std::max(biggest, std::fabs(fr.jacobian[(s * 4 + k) * 3 + q]));
        }
      }
    EXPECT_LT(worst, 1e-8) << out << ": max |jacobian - central difference|";
    EXPECT_GT(biggest, 1e-4) << out << ": zero jacobian";
  }
}

TEST(MlpGrid, FloatGridAgreesWithTheDoubleForwardPassToDisplayPrecision) {
  const std::vector<std::string> acts = {"tanh", "sigmoid", "relu", "leaky_relu", "prelu", "identity", "gelu", "elu"};
  for (const std::string& act : acts)
    for (const char* out : {"linear", "sigmoid", "softmax"}) {
      Network net;
      ASSERT_TRUE(make_mlp({2, 8, 8, 3}, {act}, out, net).ok);
      ASSERT_TRUE(init_params(net, InitKind::HeNormal, 12).ok);
      for (double& v : net.params) v *= 3;  // push activations into their tails (float sums of
                                            // large terms cancel: tolerance 1e-4 of display scale)
      GridSpec g;  // the data box [-6, 6]^2
      g.w = 41;
      g.h = 37;
      std::vector<float> grid(grid_value_count(net, g, true));
      ASSERT_TRUE(evaluate_grid(net, g, true, grid.data()).ok);
      std::vector<double> x;
      for (int j = 0; j < g.h; ++j)
        for (int i = 0; i < g.w; ++i) x.insert(x.end(), {-6 + i * 12.0 / 40, -6 + j * 12.0 / 36});
      ForwardResult fr;
      ASSERT_TRUE(forward(net, x.data(), x.size() / 2, {true, false}, fr).ok);
      const std::size_t P = x.size() / 2;
      double worst = 0;
      for (std::size_t p = 0; p < P; ++p) {
        for (std::size_t q = 0; q < 16; ++q) {
          const double ref = fr.hidden_act[(q / 8) * P * 8 + p * 8 + q % 8];
          worst = std::max(worst, std::fabs(grid[q * P + p] - ref) / (1 + std::fabs(ref)));
        }
        for (std::size_t k = 0; k < 3; ++k) {
          const double ref = fr.outputs[p * 3 + k];
          worst = std::max(worst, std::fabs(grid[(16 + k) * P + p] - ref) / (1 + std::fabs(ref)));
        }
      }
      EXPECT_LT(worst, 1e-4) << act << " / " << out << ": max |grid - forward| / (1 + |forward|)";
    }
}

TEST(MlpTraining, ClearingTheHistoryKeepsTrainingIdenticalAndItsMemory) {
  Network net;
  ASSERT_TRUE(make_mlp({2, 6, 1}, {"tanh"}, "linear", net).ok);
  ASSERT_TRUE(init_params(net, InitKind::Torch, 8).ok);
  const Dataset d = regression_data(30, 5);
  TrainSettings s;
  s.batch_size = 4;
  Trainer a, b;
  ASSERT_TRUE(a.reset(net, d, s).ok);
  ASSERT_TRUE(b.reset(net, d, s).ok);
  ASSERT_TRUE(a.train(400).ok);
  std::vector<double> losses;
  const double* storage = nullptr;
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(b.train(10).ok);
    ASSERT_EQ(b.loss_history().size(), 10u);
    losses.insert(losses.end(), b.loss_history().begin(), b.loss_history().end());
    b.clear_history();
    if (i == 1) storage = b.loss_history().data();
    if (i > 1) EXPECT_EQ(b.loss_history().data(), storage) << "history memory was reallocated";
  }
  EXPECT_EQ(losses, a.loss_history());
  EXPECT_EQ(a.params(), b.params());
  EXPECT_EQ(b.step_count(), 400);
}

// Initialisation and a shuffled momentum run of a ReLU net use no libm function, so they
// give the same bits natively and in WebAssembly; the golden hashes (FNV-1a over the
// bits) are the values both builds (GCC/glibc and em++ -O3 -msimd128) computed.
TEST(MlpTraining, SeededInitAndShuffledReluTrainingGiveTheSameBitsOnEveryPlatform) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](const std::vector<double>& v) {
    for (double x : v) {
      std::uint64_t b;
      std::memcpy(&b, &x, sizeof b);
      h = (h ^ b) * 1099511628211ULL;
    }
  };
  for (InitKind k : {InitKind::Torch, InitKind::XavierUniform, InitKind::HeNormal}) {
    Network n;
    ASSERT_TRUE(make_mlp({2, 16, 16, 3}, {"relu"}, "linear", n).ok);
    ASSERT_TRUE(init_params(n, k, 9).ok);
    mix(n.params);
  }
  EXPECT_EQ(h, 0x56d66359c054b747ULL) << std::hex << h;
  Network n;
  ASSERT_TRUE(make_mlp({2, 8, 8, 1}, {"relu"}, "linear", n).ok);
  ASSERT_TRUE(init_params(n, InitKind::Torch, 3).ok);
  Dataset d;
  ASSERT_TRUE(make_dataset(DatasetKind::Circle, 200, 0.1, 4, d).ok);
  TrainSettings s;
  s.batch_size = 10;
  s.lr = 0.01;
  s.shuffle = true;
  s.shuffle_seed = 5;
  s.optimizer = OptimizerKind::Momentum;
  Trainer t;
  ASSERT_TRUE(t.reset(n, d, s).ok);
  ASSERT_TRUE(t.train(2000).ok);
  mix(t.params());
  EXPECT_EQ(h, 0x2f7542f18194193aULL) << std::hex << h;
}
