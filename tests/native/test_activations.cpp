// The activation catalogue against PyTorch (tests/reference/torch/act_*.json and
// softmax_*.json), against central differences, and over extreme inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "alab/activations.h"
#include "reference.h"

using alab::Activation;
using alab::ParamSetting;
using namespace alab_test;

namespace {

std::vector<ParamSetting> settings_from(const json& params) {
  std::vector<ParamSetting> out;
  for (auto it = params.begin(); it != params.end(); ++it) {
    ParamSetting s;
    s.name = it.key();
    if (it.value().is_string() && it.value() != "inf" && it.value() != "-inf" && it.value() != "nan")
      s.text = it.value().get<std::string>();
    else
      s.value = num(it.value());
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> reference_files(const std::string& prefix) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(ALAB_REFERENCE_DIR) + "/torch"))
    if (e.path().filename().string().rfind(prefix, 0) == 0) files.push_back("torch/" + e.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(Activations, MatchPyTorchOrExactValuesInEveryReferenceCase) {
  const auto files = reference_files("act_");
  ASSERT_GE(files.size(), 9u);
  for (const auto& file : files) {
    const json ref = load_reference(file);
    const json& req = ref["request"];
    Activation act;
    const auto st = Activation::make(req["name"], settings_from(req.value("params", json::object())), act);
    ASSERT_TRUE(st.ok) << file << ": " << st.message;
    const auto x = flat(req["x"]);
    std::vector<double> y(x.size()), dy(x.size());
    act.eval(x.data(), y.data(), dy.data(), x.size());
    const auto ty = flat(ref["expected"]["y"]), tdy = flat(ref["expected"]["dy"]);
    const auto ey = flat(ref["expected"]["y_exact"]), edy = flat(ref["expected"]["dy_exact"]);
    const double abs_tol = ref["tolerance"]["abs"], rel_tol = ref["tolerance"]["rel"];
    double worst = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const bool y_ok = close(y[i], ty[i], abs_tol, rel_tol) || close(y[i], ey[i], abs_tol, rel_tol);
      const bool dy_ok = close(dy[i], tdy[i], abs_tol, rel_tol) || close(dy[i], edy[i], abs_tol, rel_tol);
      EXPECT_TRUE(y_ok) << file << " f(" << x[i] << ") = " << y[i] << ", torch " << ty[i] << ", exact " << ey[i];
      EXPECT_TRUE(dy_ok) << file << " f'(" << x[i] << ") = " << dy[i] << ", torch " << tdy[i] << ", exact "
                         << edy[i];
      if (std::isfinite(ey[i])) worst = std::max(worst, std::fabs(y[i] - ey[i]));
      // The scalar path must agree with the batch path bit for bit.
      EXPECT_EQ(std::isnan(y[i]) ? 0.0 : y[i], std::isnan(y[i]) ? 0.0 : act.f(x[i]));
    }
    std::printf("%-32s max |f - exact| = %.3g\n", file.c_str(), worst);
  }
}

TEST(Activations, DerivativeConventionsAtKinksFollowPyTorch) {
  EXPECT_EQ(Activation::named("relu").df(0.0), 0.0);
  EXPECT_EQ(Activation::named("leaky_relu").df(0.0), 0.01);
  EXPECT_EQ(Activation::named("relu6").df(0.0), 0.0);
  EXPECT_EQ(Activation::named("relu6").df(6.0), 0.0);
  EXPECT_EQ(Activation::named("hardtanh").df(1.0), 0.0);
  EXPECT_EQ(Activation::named("hardtanh").df(-1.0), 0.0);
  EXPECT_EQ(Activation::named("elu").df(0.0), 1.0);
  EXPECT_EQ(Activation::named("selu").df(0.0), 1.7580993408473766);
  EXPECT_EQ(Activation::named("hardswish").df(-3.0), -0.5);
  EXPECT_EQ(Activation::named("hardswish").df(3.0), 1.5);
  EXPECT_EQ(Activation::named("hardsigmoid").df(3.0), 0.0);
  EXPECT_EQ(Activation::named("softshrink").df(0.5), 0.0);
  EXPECT_EQ(Activation::named("celu").df(0.0), 1.0);
}

TEST(Activations, DerivativeMatchesCentralDifferencesAwayFromKinks) {
  const std::vector<std::vector<ParamSetting>> variants_for_param_funcs = {
      {}, {{"negative_slope", 0.2, ""}}, {{"alpha", 0.5, ""}}, {{"beta", 2.0, ""}}, {{"lambd", 1.2, ""}},
      {{"min_val", -2.0, ""}}, {{"b", 1.0, ""}}, {{"weight", 0.7, ""}}, {{"alpha", 2.5, ""}}};
  int checked = 0;
  for (const auto& info : alab::activation_catalogue()) {
    for (const auto& params : variants_for_param_funcs) {
      Activation act;
      if (!Activation::make(info.name, params, act).ok) continue;  // that parameter is not this function's
      const auto kinks = act.kinks();
      for (double x = -7.9; x <= 7.9; x += 0.37) {
        bool near_kink = false;
        for (double k : kinks) near_kink |= std::fabs(x - k) < 1e-3;
        if (near_kink) continue;
        const double h = 1e-6 * std::max(1.0, std::fabs(x));
        const double fd = (act.f(x + h) - act.f(x - h)) / (2 * h);
        const double d = act.df(x);
        if (info.kind == alab::ActKind::Softplus && x * act.params()[0] > act.params()[1] - 1e-3 &&
            x * act.params()[0] < act.params()[1] + 1e-3)
          continue;  // the threshold switch is a (tiny) jump
        EXPECT_NEAR(d, fd, 1e-6 * std::max(1.0, std::fabs(fd))) << info.name << " at x = " << x;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

TEST(Activations, StayFiniteForExtremeFiniteInputs) {
  const double xs[] = {1000, -1000, 1e308, -1e308, 710, -710, 745, -745, 1e-308, -1e-308, 5e-324, -5e-324, 0, 1e154, -1e154};
  for (const auto& info : alab::activation_catalogue()) {
    if (info.kind == alab::ActKind::Exponential) continue;  // e^x overflows by definition
    const Activation act = Activation::named(info.name);
    for (double x : xs) {
      EXPECT_TRUE(std::isfinite(act.f(x))) << info.name << "(" << x << ") = " << act.f(x);
      EXPECT_TRUE(std::isfinite(act.df(x))) << info.name << "'(" << x << ") = " << act.df(x);
    }
  }
  EXPECT_EQ(Activation::named("sigmoid").f(1e308), 1.0);
  EXPECT_EQ(Activation::named("softplus").f(-1000), 0.0);
  EXPECT_EQ(Activation::named("logsigmoid").f(-1000), -1000.0);
}

TEST(Activations, NanInputPropagatesInsteadOfPretendingToBeANumber) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& info : alab::activation_catalogue()) {
    const Activation act = Activation::named(info.name);
    double y = 0, dy = 0;
    act.eval(&nan, &y, &dy, 1);
    EXPECT_TRUE(std::isnan(y)) << info.name;
  }
}

TEST(Activations, BadNamesAndParametersAreRejectedWithAMessage) {
  Activation a;
  auto st = Activation::make("relux", {}, a);
  EXPECT_FALSE(st.ok);
  EXPECT_NE(st.message.find("unknown activation"), std::string::npos);
  st = Activation::make("relu", {{"alpha", 0.1, ""}}, a);
  EXPECT_FALSE(st.ok);
  EXPECT_NE(st.message.find("no parameter"), std::string::npos);
  st = Activation::make("leaky_relu", {{"negative_slope", std::nan(""), ""}}, a);
  EXPECT_FALSE(st.ok);
  st = Activation::make("hardtanh", {{"min_val", 2.0, ""}}, a);
  EXPECT_FALSE(st.ok);
  EXPECT_NE(st.message.find("min_val"), std::string::npos);
  st = Activation::make("celu", {{"alpha", 0.0, ""}}, a);
  EXPECT_FALSE(st.ok);
  st = Activation::make("gelu", {{"approximate", 0, "fast"}}, a);
  EXPECT_FALSE(st.ok);
  ASSERT_TRUE(Activation::make("GELU", {{"approximate", 0, "tanh"}}, a).ok);
  EXPECT_EQ(a.name(), "gelu_tanh");
  ASSERT_TRUE(Activation::make("Leaky-ReLU", {{"alpha", 0.2, ""}}, a).ok);
  EXPECT_EQ(a.f(-1.0), -0.2);
  ASSERT_TRUE(Activation::make("swish", {}, a).ok);
  EXPECT_EQ(a.name(), "silu");
}

TEST(Softmax, MatchesPyTorchInEveryReferenceCase) {
  const auto files = reference_files("softmax_");
  ASSERT_GE(files.size(), 3u);
  for (const auto& file : files) {
    const json ref = load_reference(file);
    const json& reqs = ref["request"];
    const json& exps = ref["expected"];
    const std::size_t n = reqs.is_array() ? reqs.size() : 1;
    for (std::size_t c = 0; c < n; ++c) {
      const json& req = reqs.is_array() ? reqs[c] : reqs;
      const json& exp = exps.is_array() ? exps[c] : exps;
      const json& xj = req["x"];
      const bool matrix = xj[0].is_array();
      const std::size_t rows = matrix ? xj.size() : 1, k = matrix ? xj[0].size() : xj.size();
      const auto x = flat(xj);
      alab::SoftmaxVariant v;
      ASSERT_TRUE(alab::parse_softmax_variant(req.value("variant", "softmax"), v).ok);
      std::vector<double> y(rows * k), J(rows * k * k);
      ASSERT_TRUE(alab::softmax(x.data(), rows, k, num(req.value("temperature", json(1.0))), v, y.data(), J.data()).ok);
      const auto ey = flat(exp["y"]), eJ = flat(exp["jacobian"]);
      ASSERT_EQ(ey.size(), y.size());
      ASSERT_EQ(eJ.size(), J.size());
      double worst = 0;
      for (std::size_t i = 0; i < y.size(); ++i) {
        EXPECT_TRUE(close(y[i], ey[i], 1e-14, 1e-12)) << file << " y[" << i << "] " << y[i] << " vs " << ey[i];
        worst = std::max(worst, std::fabs(y[i] - ey[i]));
      }
      for (std::size_t i = 0; i < J.size(); ++i)
        EXPECT_TRUE(close(J[i], eJ[i], 1e-14, 1e-12)) << file << " J[" << i << "] " << J[i] << " vs " << eJ[i];
      std::printf("%-32s case %zu max |y diff| = %.3g\n", file.c_str(), c, worst);
    }
  }
}

TEST(Softmax, LargeScoresDoNotOverflowAndTemperatureMustBePositive) {
  const double x[] = {1000, 1001, 1e4};
  double y[3];
  ASSERT_TRUE(alab::softmax(x, 1, 3, 1.0, alab::SoftmaxVariant::Softmax, y, nullptr).ok);
  EXPECT_NEAR(y[0] + y[1] + y[2], 1.0, 1e-15);
  EXPECT_EQ(y[2], 1.0);
  ASSERT_TRUE(alab::softmax(x, 1, 2, 1.0, alab::SoftmaxVariant::Softmax, y, nullptr).ok);
  EXPECT_NEAR(y[1], 1.0 / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_FALSE(alab::softmax(x, 1, 2, 0.0, alab::SoftmaxVariant::Softmax, y, nullptr).ok);
  EXPECT_FALSE(alab::softmax(x, 1, 2, -1.0, alab::SoftmaxVariant::Softmax, y, nullptr).ok);
  EXPECT_FALSE(alab::softmax(x, 1, 2, std::nan(""), alab::SoftmaxVariant::Softmax, y, nullptr).ok);
  EXPECT_FALSE(alab::softmax(x, 1, 0, 1.0, alab::SoftmaxVariant::Softmax, y, nullptr).ok);
}
