// The MLP against PyTorch: every tests/reference/torch/fwd_* and train_* case, field by
// field, with the README's tolerances (forward abs 1e-12 + rel 1e-10; training loss rel
// 1e-9, parameters abs 1e-9), printing the largest difference of each field.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "alab/mlp.h"
#include "reference.h"

using namespace alab;
using alab_test::flat;
using alab_test::json;
using alab_test::num;

namespace {

std::vector<std::string> reference_cases(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(ALAB_REFERENCE_DIR) + "/torch")) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0) out.push_back("torch/" + name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<ParamSetting> params_of(const json& p) {
  std::vector<ParamSetting> out;
  if (!p.is_object()) return out;
  for (auto it = p.begin(); it != p.end(); ++it) {
    ParamSetting s;
    s.name = it.key();
    if (it->is_string()) s.text = it->get<std::string>();
    else s.value = num(*it);
    out.push_back(s);
  }
  return out;
}

// Builds a Network from the README section 4 "network fields".
Network network_of(const json& r) {
  std::vector<int> layers = r["layers"].get<std::vector<int>>();
  const std::size_t hidden = layers.size() - 2;
  const json act = r.value("activation", json("relu"));
  const json ap = r.value("activation_params", json::object());
  std::vector<Activation> acts(hidden);
  for (std::size_t l = 0; l < hidden; ++l) {
    const std::string name = act.is_array() ? act[l].get<std::string>() : act.get<std::string>();
    const json p = ap.is_array() ? ap[l] : ap;
    Status s = Activation::make(name, params_of(p), acts[l]);
    EXPECT_TRUE(s.ok) << s.message;
  }
  OutputKind ok;
  EXPECT_TRUE(parse_output_kind(r.value("output", std::string("linear")), ok).ok);
  Network net;
  Status s = make_network(layers, acts, ok, net);
  EXPECT_TRUE(s.ok) << s.message;
  for (std::size_t l = 0; l < net.num_layers(); ++l) {
    const auto W = flat(r["weights"][l]);
    const auto b = flat(r["biases"][l]);
    std::copy(W.begin(), W.end(), net.W(l));
    std::copy(b.begin(), b.end(), net.b(l));
  }
  return net;
}

// Largest violation ratio |got-ref| / (abs + rel |ref|) and largest |got-ref|.
struct Diff {
  double worst_ratio = 0, max_abs = 0;
};
Diff compare(const std::vector<double>& got, const std::vector<double>& ref, double abs_tol, double rel_tol) {
  Diff d;
  EXPECT_EQ(got.size(), ref.size());
  for (std::size_t i = 0; i < std::min(got.size(), ref.size()); ++i) {
    const double e = std::fabs(got[i] - ref[i]);
    d.max_abs = std::max(d.max_abs, std::isnan(e) ? INFINITY : e);
    d.worst_ratio = std::max(d.worst_ratio, std::isnan(e) ? INFINITY : e / (abs_tol + rel_tol * std::fabs(ref[i])));
  }
  return d;
}

#define EXPECT_FIELD_CLOSE(got, ref, abs_tol, rel_tol, what)                                  \
  do {                                                                                     \
    const Diff d_ = compare(got, ref, abs_tol, rel_tol);                                   \
    EXPECT_LE(d_.worst_ratio, 1.0) << file << ": " << what << " max |diff| = " << d_.max_abs; \
  } while (0)

}  // namespace

TEST(MlpMatchesTorch, ForwardCasesGiveOutputsHiddenValuesJacobiansAndOffsets) {
  const auto files = reference_cases("fwd_");
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    const json c = alab_test::load_reference(file);
    const json& r = c["request"];
    const json& e = c["expected"];
    const Network net = network_of(r);
    const auto x = flat(r["x"]);
    const std::size_t n = x.size() / net.inputs();
    ForwardResult out;
    Status s = forward(net, x.data(), n, {true, true}, out);
    ASSERT_TRUE(s.ok) << s.message;
    const double A = c["tolerance"]["abs"], R = c["tolerance"]["rel"];
    EXPECT_FIELD_CLOSE(out.outputs, flat(e["outputs"]), A, R, "outputs");
    EXPECT_FIELD_CLOSE(out.logits, flat(e["logits"]), A, R, "logits");
    EXPECT_FIELD_CLOSE(out.hidden_pre, flat(e["hidden_pre_activations"]), A, R, "hidden_pre_activations");
    EXPECT_FIELD_CLOSE(out.hidden_act, flat(e["hidden_activations"]), A, R, "hidden_activations");
    EXPECT_FIELD_CLOSE(out.jacobian, flat(e["jacobian"]), A, R, "jacobian");
    EXPECT_FIELD_CLOSE(out.jacobian_logits, flat(e["jacobian_logits"]), A, R, "jacobian_logits");
    EXPECT_FIELD_CLOSE(out.local_offset, flat(e["local_offset"]), A, R, "local_offset");
  }
}

TEST(MlpMatchesTorch, TrainingCasesGiveLossHistoryParametersGradientsAndOutputs) {
  const auto files = reference_cases("train_");
  ASSERT_GE(files.size(), 5u);
  for (const auto& file : files) {
    const json c = alab_test::load_reference(file);
    const json& r = c["request"];
    const json& e = c["expected"];
    const Network net = network_of(r);
    const std::size_t K = net.outputs();
    TrainSettings st;
    ASSERT_TRUE(parse_loss_kind(r.value("loss", std::string("mse")), st.loss).ok);
    ASSERT_TRUE(parse_optimizer_kind(r.value("optimizer", std::string("sgd")), st.optimizer).ok);
    ASSERT_TRUE(parse_batching(r.value("batching", std::string("epoch")), st.batching).ok);
    ASSERT_TRUE(parse_bce_impl(r.value("bce_impl", std::string("logits")), st.bce_impl).ok);
    st.lr = r.value("lr", 0.1);
    st.momentum = r.value("momentum", 0.9);
    st.nesterov = r.value("nesterov", false);
    if (r.contains("betas")) {
      st.beta1 = r["betas"][0];
      st.beta2 = r["betas"][1];
    }
    st.eps = r.value("eps", 1e-8);
    st.l2 = r.value("l2", 0.0);
    st.l2_biases = r.value("l2_biases", false);
    Dataset d;
    d.dim = int(net.inputs());
    d.x = flat(r["x"]);
    const std::size_t N = d.size();
    st.batch_size = r.value("batch_size", int(N));
    if (st.loss == LossKind::CrossEntropy && r["y"][0].is_number()) {
      d.labels = r["y"].get<std::vector<int>>();
      d.num_classes = int(K);
    } else {
      d.targets = flat(r["y"]);
      d.target_dim = int(K);
    }
    const double LR = c["tolerance"]["loss_rel"], PA = c["tolerance"]["params_abs"];
    TrainReport rep;
    const Status s = run_training(net, d, st, long(r["steps"].get<int>()), rep);
    ASSERT_TRUE(s.ok) << file << ": " << s.message;
    std::vector<double> ref_g, ref_p;
    for (std::size_t l = 0; l < net.num_layers(); ++l) {
      for (double v : flat(e["initial_grads"]["weights"][l])) ref_g.push_back(v);
      for (double v : flat(e["initial_grads"]["biases"][l])) ref_g.push_back(v);
      for (double v : flat(e["weights"][l])) ref_p.push_back(v);
      for (double v : flat(e["biases"][l])) ref_p.push_back(v);
    }
    EXPECT_FIELD_CLOSE(rep.initial_grads, ref_g, 1e-12, 1e-9, "initial_grads");
    EXPECT_FIELD_CLOSE(std::vector<double>{rep.initial_loss_full}, std::vector<double>{num(e["initial_loss_full"])},
                       0.0, LR, "initial_loss_full");
    EXPECT_FIELD_CLOSE(rep.loss_history, flat(e["loss_history"]), 0.0, LR, "loss_history");
    EXPECT_FIELD_CLOSE(rep.params, ref_p, PA, 0.0, "weights and biases");
    EXPECT_FIELD_CLOSE(std::vector<double>{rep.final_loss_full}, std::vector<double>{num(e["final_loss_full"])}, 0.0,
                       LR, "final_loss_full");
    EXPECT_FIELD_CLOSE(rep.final_outputs, flat(e["final_outputs"]), 1e-9, 1e-9, "final_outputs");
    if (e.contains("l2_penalty_history"))
      EXPECT_FIELD_CLOSE(rep.l2_penalty_history, flat(e["l2_penalty_history"]), 0.0, LR, "l2_penalty_history");
  }
}

TEST(MlpTraining, SplittingStepsIntoSeveralCallsGivesTheSameBits) {
  const json c = alab_test::load_reference("torch/train_2_16_16_3_relu_adam_ce.json");
  const json& r = c["request"];
  const Network net = network_of(r);
  Dataset d;
  d.x = flat(r["x"]);
  d.labels = r["y"].get<std::vector<int>>();
  d.num_classes = 3;
  TrainSettings st;
  st.loss = LossKind::CrossEntropy;
  st.optimizer = OptimizerKind::Adam;
  st.lr = 0.01;
  st.batch_size = 32;
  Trainer a, b;
  ASSERT_TRUE(a.reset(net, d, st).ok);
  ASSERT_TRUE(b.reset(net, d, st).ok);
  ASSERT_TRUE(a.train(150).ok);
  for (int i = 0; i < 15; ++i) ASSERT_TRUE(b.train(10).ok);
  EXPECT_EQ(a.params(), b.params());
  EXPECT_EQ(a.loss_history(), b.loss_history());
  EXPECT_EQ(a.step_count(), 150);
}
