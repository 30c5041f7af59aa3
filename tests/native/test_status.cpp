// A failed status names a stable code with details and an English message filled from the
// code's template; and every range limit the core enforces (the ones the page and the
// command-line tool run into) is refused with its code, whatever the caller.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <set>

#include "alab/activations.h"
#include "alab/datasets.h"
#include "alab/mlp.h"
#include "alab/network.h"
#include "alab/speed.h"
#include "alab/status.h"

using namespace alab;

namespace {

// The status must fail with `code`, its message must have no unfilled placeholder, and
// each of `details` must be present.
void expect_code(const Status& st, const std::string& code, std::initializer_list<const char*> details = {}) {
  EXPECT_FALSE(st.ok) << "expected " << code << ", got success";
  EXPECT_EQ(st.code, code) << st.message;
  EXPECT_FALSE(std::regex_search(st.message, std::regex("\\{\\w+\\}")))
      << "unfilled placeholder: " << st.message;
  for (const char* name : details) EXPECT_NE(st.detail(name), nullptr) << code << " lacks detail " << name;
}

// A 2-4-1 tanh regression net with a trainer on 8 points.
struct Small {
  Network net;
  Dataset data;
  Trainer trainer;
  Small() {
    EXPECT_TRUE(make_mlp({2, 4, 1}, {"tanh"}, "linear", net).ok);
    EXPECT_TRUE(init_params(net, InitKind::Torch, 3).ok);
    data.dim = 2;
    data.target_dim = 1;
    for (int p = 0; p < 8; ++p) {
      data.x.insert(data.x.end(), {p * 0.5 - 2, 1.0 - p * 0.25});
      data.targets.push_back(p % 2);
    }
    EXPECT_TRUE(trainer.reset(net, data, TrainSettings{}).ok);
  }
};

}  // namespace

TEST(Status, CodesAreUniqueSnakeCaseWithAnEnglishTemplate) {
  std::set<std::string> seen;
  for (const ErrorCode& c : error_codes()) {
    EXPECT_TRUE(seen.insert(c.code).second) << "duplicate code " << c.code;
    EXPECT_TRUE(std::regex_match(c.code, std::regex("[a-z][a-z0-9_]*"))) << c.code;
    EXPECT_GT(std::string(c.english).size(), 10u) << c.code;
  }
  EXPECT_GT(seen.size(), 50u);
}

TEST(Status, TheMessageFillsTheTemplateFromTheDetails) {
  const Status st =
      Status::error("diverged", {{"step", 120}, {"value", std::numeric_limits<double>::infinity()}});
  EXPECT_FALSE(st.ok);
  EXPECT_EQ(st.code, "diverged");
  EXPECT_EQ(st.message,
            "training diverged at step 120: the loss became Inf; "
            "parameters kept from before that step (try a smaller learning rate)");
  ASSERT_NE(st.detail("step"), nullptr);
  EXPECT_EQ(st.detail("step")->number, 120);
  EXPECT_FALSE(st.detail("step")->is_text);
  const Status text = Status::error("unknown_loss", {{"value", "hinge"}});
  EXPECT_EQ(text.message, "loss must be mse, bce or cross_entropy, not 'hinge'");
  EXPECT_TRUE(text.detail("value")->is_text);
  EXPECT_EQ(text.detail("value")->text, "hinge");
}

TEST(Status, AnUnknownCodeIsAnInternalError) {
  const Status st = Status::error("no_such_code");
  EXPECT_EQ(st.code, "internal");
  EXPECT_NE(st.message.find("no_such_code"), std::string::npos);
}

TEST(Status, NumbersPrintWith15SignificantDigitsSoTypedDecimalsComeBackAsTyped) {
  EXPECT_EQ(number_text(0.1), "0.1");
  EXPECT_EQ(number_text(120), "120");
  EXPECT_EQ(number_text(1e30), "1e+30");
  EXPECT_EQ(number_text(-2.5), "-2.5");
  EXPECT_EQ(number_text(1e-3), "0.001");
  EXPECT_EQ(number_text(1.0 / 3.0), "0.333333333333333");
  EXPECT_EQ(number_text(4096), "4096");
  EXPECT_EQ(number_text(std::nan("")), "NaN");
  EXPECT_EQ(number_text(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(Status, ActivationsAndSoftmaxReportCodes) {
  Activation a;
  expect_code(Activation::make("relux", {}, a), "unknown_activation", {"name", "known"});
  expect_code(Activation::make("relu", {{"alpha", 1, ""}}, a), "activation_takes_no_params",
              {"activation", "param"});
  expect_code(Activation::make("elu", {{"beta", 1, ""}}, a), "unknown_param",
              {"activation", "param", "accepted"});
  expect_code(Activation::make("celu", {{"alpha", -1, ""}}, a), "param_out_of_range",
              {"activation", "param", "value", "min", "max"});
  expect_code(Activation::make("elu", {{"alpha", std::nan(""), ""}}, a), "param_not_finite");
  expect_code(Activation::make("gelu", {{"approximate", 0, "cubic"}}, a), "gelu_approximate_invalid",
              {"value"});
  expect_code(Activation::make("hardtanh", {{"min_val", 2, ""}}, a), "hardtanh_bounds");
  double x[2] = {1, 2}, y[2];
  expect_code(softmax(x, 1, 2, 0.0, SoftmaxVariant::Softmax, y, nullptr), "temperature_invalid", {"value"});
  SoftmaxVariant v;
  expect_code(parse_softmax_variant("hardmax", v), "unknown_softmax_variant", {"value"});
}

TEST(Status, SoftmaxRefusesAJacobianLargerThanTheLimitBeforeAllocating) {
  EXPECT_TRUE(check_softmax_shape(1, 4096, true).ok);  // 2^24 numbers: exactly the limit
  expect_code(check_softmax_shape(1, 4097, true), "softmax_too_large", {"max"});
  EXPECT_TRUE(check_softmax_shape(1, 4097, false).ok);  // no Jacobian, no limit
  // rows * k * k computed in 64 bits: 65536^3 wraps a 32-bit size_t to 0.
  expect_code(check_softmax_shape(65536, 65536, true), "softmax_too_large");
  expect_code(check_softmax_shape(0, 3, true), "softmax_empty");
  expect_code(check_softmax_shape(3, 0, false), "softmax_empty");
}

TEST(Status, LayerWidthsAreLimitedTo1Through4096) {
  Network net;
  EXPECT_TRUE(make_network({2, kMaxLayerWidth, 1}, {Activation()}, OutputKind::Linear, net).ok);
  expect_code(make_network({2, kMaxLayerWidth + 1, 1}, {Activation()}, OutputKind::Linear, net),
              "layer_width_out_of_range", {"layer", "width", "min", "max"});
  expect_code(make_network({2, 0, 1}, {Activation()}, OutputKind::Linear, net), "layer_width_out_of_range");
  expect_code(make_network({2}, {}, OutputKind::Linear, net), "too_few_layers");
  const Status st = check_layers({3, 5000});
  EXPECT_EQ(st.detail("layer")->number, 1);
  EXPECT_EQ(st.detail("width")->number, 5000);
  EXPECT_EQ(st.detail("max")->number, 4096);
}

TEST(Status, TrainingLimitsAndDivergenceHaveCodes) {
  Small s;
  TrainSettings t;
  t.batch_size = kMaxBatchSize + 1;
  expect_code(s.trainer.set_settings(t), "batch_size_out_of_range", {"value", "min", "max"});
  t = TrainSettings{};
  t.lr = std::nan("");
  expect_code(s.trainer.set_settings(t), "lr_invalid", {"value"});
  expect_code(s.trainer.train(kMaxTrainSteps + 1), "steps_out_of_range", {"value", "max"});
  expect_code(s.trainer.train(-1), "steps_out_of_range");
  TrainReport report;
  expect_code(run_training(s.net, s.data, TrainSettings{}, kMaxTrainSteps + 1, report), "steps_out_of_range");

  // A huge learning rate on large targets: the loss overflows, and the status says at which step.
  Dataset big = s.data;
  for (double& y : big.targets) y *= 1e150;
  TrainSettings fast;
  fast.lr = 1e10;
  Trainer tr;
  ASSERT_TRUE(tr.reset(s.net, big, fast).ok);
  const Status st = tr.train(100);
  ASSERT_FALSE(st.ok);
  EXPECT_TRUE(st.code == "diverged" || st.code == "diverged_weights") << st.code;
  ASSERT_NE(st.detail("step"), nullptr);
  EXPECT_EQ(st.detail("step")->number, double(tr.step_count()));
}

TEST(Status, GridSidesAreLimitedTo4096) {
  Small s;
  EXPECT_TRUE(s.trainer.evaluate_grid(GridSpec{-6, 6, -6, 6, 10, 10}, false).ok);
  expect_code(s.trainer.evaluate_grid(GridSpec{-6, 6, -6, 6, kMaxGridSide + 1, 10}, false),
              "grid_size_out_of_range", {"w", "h", "min", "max"});
  expect_code(s.trainer.evaluate_grid(GridSpec{-6, 6, -6, 6, 0, 10}, false), "grid_size_out_of_range");
  expect_code(s.trainer.evaluate_grid(GridSpec{-6, std::nan(""), -6, 6, 10, 10}, false),
              "grid_box_not_finite");
}

TEST(Status, DataSetLimitsHaveCodes) {
  Dataset d;
  EXPECT_TRUE(make_dataset(DatasetKind::Circle, kMinDatasetPoints, 0.1, 1, d).ok);
  expect_code(make_dataset(DatasetKind::Circle, kMinDatasetPoints - 1, 0.1, 1, d),
              "dataset_points_out_of_range", {"value", "min", "max"});
  expect_code(make_dataset(DatasetKind::Circle, kMaxDatasetPoints + 1, 0.1, 1, d),
              "dataset_points_out_of_range");
  expect_code(make_dataset(DatasetKind::Circle, 10, kMaxNoise * 1.01, 1, d), "noise_out_of_range",
              {"value", "max"});
  expect_code(make_dataset("donut", 10, 0.1, 1, d), "unknown_dataset", {"name", "known"});

  Dataset wide;
  wide.dim = kMaxDataDim + 1;
  wide.x.assign(std::size_t(wide.dim), 0.0);
  wide.targets = {1};
  wide.target_dim = 1;
  expect_code(validate_dataset(wide), "data_dim_out_of_range", {"value", "max"});
  Dataset many;
  many.dim = 1;
  many.x = {0, 1};
  many.labels = {0, 1};
  many.num_classes = kMaxClasses + 1;
  expect_code(validate_dataset(many), "data_classes_out_of_range", {"value", "min", "max"});
  many.num_classes = 2;
  many.labels = {0, 2};
  expect_code(validate_dataset(many), "data_label_out_of_range", {"label", "last"});
}

TEST(Status, TheSpeedProbeRefusesBadSizes) {
  ActivationTiming t;
  const Activation relu = Activation::named("relu");
  expect_code(time_activation(relu, kMinSpeedSize - 1, 3, 1, t), "speed_size_out_of_range",
              {"value", "min", "max"});
  expect_code(time_activation(relu, 1024, kMaxSpeedSamples + 1, 1, t), "speed_samples_out_of_range");
  expect_code(time_activation(relu, 1024, 3, 0.01, t), "speed_min_ms_out_of_range");
}
