// Bad settings are rejected with a message before anything changes, and a run that
// diverges stops with a status that says so, keeping the last finite parameters.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "alab/mlp.h"

using namespace alab;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

struct Fixture {
  Network net;
  Dataset data;
  TrainSettings settings;
  Trainer trainer;
};

// A 2-4-1 tanh regression net, trained a few steps so it has history and state.
Fixture trained_fixture(OptimizerKind opt = OptimizerKind::Adam) {
  Fixture f;
  EXPECT_TRUE(make_mlp({2, 4, 1}, {"tanh"}, "linear", f.net).ok);
  EXPECT_TRUE(init_params(f.net, InitKind::Torch, 1).ok);
  Rng rng(2);
  f.data.dim = 2;
  f.data.target_dim = 1;
  for (int p = 0; p < 20; ++p) {
    const double a = rng.uniform(-1, 1), b = rng.uniform(-1, 1);
    f.data.x.insert(f.data.x.end(), {a, b});
    f.data.targets.push_back(a * b);
  }
  f.settings.optimizer = opt;
  f.settings.lr = 0.01;
  f.settings.batch_size = 8;
  EXPECT_TRUE(f.trainer.reset(f.net, f.data, f.settings).ok);
  EXPECT_TRUE(f.trainer.train(5).ok);
  return f;
}

// The observable state of a trainer, compared bit for bit.
struct Snapshot {
  std::vector<double> params, history;
  long steps;
  double lr;
  int batch;
  explicit Snapshot(const Trainer& t)
      : params(t.params()), history(t.loss_history()), steps(t.step_count()), lr(t.settings().lr),
        batch(t.settings().batch_size) {}
  bool operator==(const Snapshot& o) const {
    return params == o.params && history == o.history && steps == o.steps && lr == o.lr && batch == o.batch;
  }
};

void expect_rejected(const Status& s, const std::string& keyword, const std::string& what) {
  EXPECT_FALSE(s.ok) << what << " was accepted";
  EXPECT_NE(s.message.find(keyword), std::string::npos) << what << ": message '" << s.message << "' lacks '" << keyword << "'";
}

}  // namespace

TEST(MlpValidation, BadSettingsAreRejectedWithAMessageAndChangeNothing) {
  struct Bad {
    const char* what;
    const char* keyword;
    std::function<void(TrainSettings&)> edit;
  };
  const Bad bad[] = {
      {"lr 0", "learning rate", [](TrainSettings& s) { s.lr = 0; }},
      {"lr -1", "learning rate", [](TrainSettings& s) { s.lr = -1; }},
      {"lr NaN", "learning rate", [](TrainSettings& s) { s.lr = kNaN; }},
      {"lr Inf", "learning rate", [](TrainSettings& s) { s.lr = kInf; }},
      {"batch 0", "batch size", [](TrainSettings& s) { s.batch_size = 0; }},
      {"batch -3", "batch size", [](TrainSettings& s) { s.batch_size = -3; }},
      {"momentum 1.5", "momentum", [](TrainSettings& s) { s.momentum = 1.5; }},
      {"momentum -0.1", "momentum", [](TrainSettings& s) { s.momentum = -0.1; }},
      {"momentum NaN", "momentum", [](TrainSettings& s) { s.momentum = kNaN; }},
      {"nesterov without momentum", "nesterov",
       [](TrainSettings& s) { s.optimizer = OptimizerKind::Momentum; s.nesterov = true; s.momentum = 0; }},
      {"beta1 1", "betas", [](TrainSettings& s) { s.beta1 = 1.0; }},
      {"beta2 -0.5", "betas", [](TrainSettings& s) { s.beta2 = -0.5; }},
      {"beta2 NaN", "betas", [](TrainSettings& s) { s.beta2 = kNaN; }},
      {"eps -1", "eps", [](TrainSettings& s) { s.eps = -1; }},
      {"l2 -0.1", "L2", [](TrainSettings& s) { s.l2 = -0.1; }},
      {"l2 NaN", "L2", [](TrainSettings& s) { s.l2 = kNaN; }},
      {"shuffle with wrap", "shuffle", [](TrainSettings& s) { s.shuffle = true; s.batching = Batching::Wrap; }},
      {"bce on a linear output", "sigmoid", [](TrainSettings& s) { s.loss = LossKind::Bce; }},
      {"cross_entropy on a linear output", "softmax", [](TrainSettings& s) { s.loss = LossKind::CrossEntropy; }},
  };
  for (const Bad& b : bad) {
    Fixture f = trained_fixture();
    const Snapshot before(f.trainer);
    TrainSettings s = f.settings;
    b.edit(s);
    expect_rejected(f.trainer.set_settings(s), b.keyword, std::string("set_settings: ") + b.what);
    EXPECT_TRUE(before == Snapshot(f.trainer)) << b.what << " changed the trainer";
    expect_rejected(f.trainer.reset(f.net, f.data, s), b.keyword, std::string("reset: ") + b.what);
    EXPECT_TRUE(before == Snapshot(f.trainer)) << b.what << " changed the trainer";
  }
}

TEST(MlpValidation, NegativeStepsAreRejected) {
  Fixture f = trained_fixture();
  const Snapshot before(f.trainer);
  expect_rejected(f.trainer.train(-1), "steps", "train(-1)");
  EXPECT_TRUE(before == Snapshot(f.trainer));
}

TEST(MlpValidation, LabelsThatDoNotFitTheOutputsAreRejected) {
  Network ce_net;
  ASSERT_TRUE(make_mlp({2, 4, 2}, {"relu"}, "softmax", ce_net).ok);
  TrainSettings ce;
  ce.loss = LossKind::CrossEntropy;
  Dataset three;  // labels 0..2 for a 2-output softmax
  three.x = {0, 0, 1, 1, 2, 2};
  three.labels = {0, 1, 2};
  three.num_classes = 3;
  Trainer t;
  expect_rejected(t.reset(ce_net, three, ce), "class label 2", "class index out of range");

  Network one;
  ASSERT_TRUE(make_mlp({2, 4, 1}, {"relu"}, "linear", one).ok);
  TrainSettings mse;
  expect_rejected(t.reset(one, three, mse), "classes do not fit", "3 classes on 1 mse output");

  Dataset wide;  // 2 targets per point for a 1-output net
  wide.x = {0, 0, 1, 1};
  wide.targets = {1, 2, 3, 4};
  wide.target_dim = 2;
  expect_rejected(t.reset(one, wide, mse), "targets have 2", "wrong target shape");

  Dataset short_targets = wide;
  short_targets.target_dim = 1;
  short_targets.targets = {1};
  expect_rejected(t.reset(one, short_targets, mse), "target values", "too few targets");

  Dataset three_inputs;
  three_inputs.dim = 3;
  three_inputs.x = {0, 0, 0};
  three_inputs.targets = {1};
  three_inputs.target_dim = 1;
  expect_rejected(t.reset(one, three_inputs, mse), "inputs per point", "input width mismatch");

  Network sig;
  ASSERT_TRUE(make_mlp({2, 4, 1}, {"relu"}, "sigmoid", sig).ok);
  TrainSettings bce;
  bce.loss = LossKind::Bce;
  Dataset soft = short_targets;
  soft.targets = {1.5};
  soft.x = {0, 0};
  expect_rejected(t.reset(sig, soft, bce), "[0, 1]", "bce target 1.5");

  Dataset nan_x = soft;
  nan_x.targets = {1};
  nan_x.x = {kNaN, 0};
  expect_rejected(t.reset(sig, nan_x, bce), "not finite", "NaN input");

  Dataset empty;
  empty.targets = {};
  empty.target_dim = 1;
  expect_rejected(t.reset(sig, empty, bce), "no points", "empty data");

  Network nan_net = one;
  nan_net.params[0] = kNaN;
  Dataset ok = wide;
  ok.target_dim = 1;
  ok.targets = {1, 2};
  expect_rejected(t.reset(nan_net, ok, mse), "not finite", "NaN weight");
}

TEST(MlpValidation, BadShapesActivationsAndParamsAreRejected) {
  Network net;
  expect_rejected(make_mlp({2, 0, 1}, {"relu"}, "linear", net), "every layer needs 1 to 4096 neurons", "width 0");
  expect_rejected(make_mlp({2, 3, 1}, {"no_such_activation"}, "linear", net), "no_such_activation",
                  "unknown activation");
  expect_rejected(make_mlp({2, 3, 1}, {"relu"}, "log_softmax", net), "output", "unknown output");
  // Any other activation of the catalogue is an elementwise output (a regression net's tanh).
  ASSERT_TRUE(make_mlp({2, 3, 1}, {"relu"}, "tanh", net).ok);
  EXPECT_EQ(net.output, OutputKind::Elementwise);
  EXPECT_EQ(net.output_act.kind(), ActKind::Tanh);
  expect_rejected(make_mlp({2, 3, 3, 1}, {"relu", "relu", "relu"}, "linear", net), "hidden activations",
                  "too many activations");
  expect_rejected(make_mlp({2}, {}, "linear", net), "at least 2", "no output layer");

  Fixture f = trained_fixture();
  const Snapshot before(f.trainer);
  expect_rejected(f.trainer.set_params({1.0, 2.0}), "weights and biases", "wrong parameter count");
  std::vector<double> p = f.trainer.params();
  p[3] = kInf;
  expect_rejected(f.trainer.set_params(p), "not finite", "infinite parameter");
  EXPECT_TRUE(before == Snapshot(f.trainer));

  Trainer empty;
  expect_rejected(empty.train(1), "no network", "training an empty trainer");

  LossKind lk;
  expect_rejected(parse_loss_kind("hinge", lk), "hinge", "unknown loss");
  OptimizerKind ok;
  expect_rejected(parse_optimizer_kind("rmsprop", ok), "rmsprop", "unknown optimizer");
}

TEST(MlpDivergence, HugeLearningRateStopsWithADivergenceStatusAndFiniteParameters) {
  for (OptimizerKind opt : {OptimizerKind::Sgd, OptimizerKind::Momentum}) {
    Fixture f = trained_fixture(opt);
    TrainSettings s = f.settings;
    s.lr = 1e6;
    ASSERT_TRUE(f.trainer.set_settings(s).ok);
    const long before = f.trainer.step_count();
    const Status st = f.trainer.train(100000);
    ASSERT_FALSE(st.ok) << "lr 1e6 never diverged";
    EXPECT_NE(st.message.find("diverged"), std::string::npos) << st.message;
    for (double v : f.trainer.params()) ASSERT_TRUE(std::isfinite(v)) << st.message;
    for (double v : f.trainer.loss_history()) ASSERT_TRUE(std::isfinite(v));
    EXPECT_EQ(f.trainer.loss_history().size(), std::size_t(f.trainer.step_count()));
    EXPECT_GT(f.trainer.step_count(), before);

    // The kept parameters are those after the last good step: a fresh run of exactly
    // that many steps ends at the same bits.
    Trainer replay;
    ASSERT_TRUE(replay.reset(f.net, f.data, f.settings).ok);
    ASSERT_TRUE(replay.train(5).ok);
    ASSERT_TRUE(replay.set_settings(s).ok);
    ASSERT_TRUE(replay.train(f.trainer.step_count() - 5).ok);
    EXPECT_EQ(replay.params(), f.trainer.params());

    // Training again reports the divergence again and changes nothing.
    const Snapshot stuck(f.trainer);
    EXPECT_FALSE(f.trainer.train(1).ok);
    EXPECT_TRUE(stuck == Snapshot(f.trainer));
  }
}
