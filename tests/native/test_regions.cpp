// Linear regions against the exact oracle's reference cases (counts exact, areas, maps,
// patterns, pieces) and the partition invariants on many seeded random nets.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "reference.h"
#include "test_regions_support.h"

using namespace alab;
using namespace alab_test;

namespace {

// The reference request {"weights", "biases", "activation", "alpha", "box"} as a Network.
Network net_from_reference(const json& in) {
  const int d = int(in["box"].size()) / 2;
  std::vector<int> layers{d};
  for (const auto& W : in["weights"]) layers.push_back(int(W.size()));
  const std::string name = in.value("activation", "relu");
  const Activation a = name == "relu" ? act("relu") : act("leaky_relu", in.value("alpha", 0.01));
  Network n = make_net(layers, a);
  for (std::size_t l = 0; l < n.num_layers(); ++l) {
    const auto W = flat(in["weights"][l]), b = flat(in["biases"][l]);
    std::copy(W.begin(), W.end(), n.W(l));
    std::copy(b.begin(), b.end(), n.b(l));
  }
  return n;
}

std::vector<std::string> reference_cases() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(std::string(ALAB_REFERENCE_DIR) + "/regions"))
    if (e.path().extension() == ".json") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void check_2d_case(const json& ref) {
  const json& in = ref["input"];
  const json& ex = ref["expected"];
  const Network net = net_from_reference(in);
  const auto box = flat(in["box"]);
  Regions2D r;
  const Status st = linear_regions_2d(net, box[0], box[1], box[2], box[3], r);
  ASSERT_TRUE(st.ok) << st.message;
  EXPECT_EQ(r.pattern_regions, ex["pattern_regions"].get<int>());
  EXPECT_EQ(r.affine_pieces, ex["affine_pieces"].get<int>());
  EXPECT_NEAR(r.total_area, num(ex["total_area"]), 1e-9 * num(ex["total_area"]));
  EXPECT_EQ(r.max_vertices, ex["max_vertices"].get<int>());
  double min_area = 1e300;
  for (double a : r.area) min_area = std::min(min_area, a);
  EXPECT_NEAR(min_area, num(ex["min_region_area"]), 1e-9 * num(ex["min_region_area"]));
  expect_partition_invariants(net, box.data(), r);
  if (!ex.contains("regions")) return;
  std::map<std::string, int> by_pattern;
  for (int i = 0; i < r.pattern_regions; ++i) by_pattern[r.pattern(i)] = i;
  // reference piece -> our piece must be a bijection (same grouping, any numbering)
  std::map<int, int> piece_map, piece_back;
  int missing = 0;
  for (const auto& er : ex["regions"]) {
    const std::string pat = er["pattern"];
    auto it = by_pattern.find(pat);
    if (it == by_pattern.end()) {
      if (++missing <= 5) ADD_FAILURE() << "reference pattern " << pat << " is missing";
      continue;
    }
    const int i = it->second;
    EXPECT_NEAR(r.area[i], num(er["area"]), 1e-9 * num(er["area"])) << "pattern " << pat;
    const auto cen = flat(er["centroid"]);
    EXPECT_NEAR(r.centroid[2 * i], cen[0], 1e-9) << "pattern " << pat;
    EXPECT_NEAR(r.centroid[2 * i + 1], cen[1], 1e-9) << "pattern " << pat;
    const auto A = flat(er["A"]), c = flat(er["c"]);
    for (std::size_t k = 0; k < A.size(); ++k)
      EXPECT_TRUE(close(r.A[std::size_t(i) * A.size() + k], A[k], 1e-12, 1e-9))
          << "pattern " << pat << " A[" << k << "] = " << r.A[std::size_t(i) * A.size() + k] << " vs "
          << A[k];
    for (std::size_t k = 0; k < c.size(); ++k)
      EXPECT_TRUE(close(r.c[std::size_t(i) * c.size() + k], c[k], 1e-12, 1e-9))
          << "pattern " << pat << " c[" << k << "] = " << r.c[std::size_t(i) * c.size() + k] << " vs "
          << c[k];
    EXPECT_EQ(r.vertex_start[i + 1] - r.vertex_start[i], int(er["vertices"].size())) << "pattern " << pat;
    const int rp = er["piece"].get<int>(), mp = r.piece[i];
    if (!piece_map.count(rp)) piece_map[rp] = mp;
    if (!piece_back.count(mp)) piece_back[mp] = rp;
    EXPECT_EQ(piece_map[rp], mp) << "pattern " << pat << " is grouped into another affine piece";
    EXPECT_EQ(piece_back[mp], rp) << "pattern " << pat << " is grouped into another affine piece";
  }
  EXPECT_EQ(missing, 0);
}

void check_1d_case(const json& ref) {
  const json& in = ref["input"];
  const json& ex = ref["expected"];
  const Network net = net_from_reference(in);
  const auto box = flat(in["box"]);
  Regions1D r;
  const Status st = linear_regions_1d(net, box[0], box[1], r);
  ASSERT_TRUE(st.ok) << st.message;
  EXPECT_EQ(r.pattern_regions, ex["pattern_regions"].get<int>());
  EXPECT_EQ(r.affine_pieces, ex["affine_pieces"].get<int>());
  const auto bp = flat(ex["breakpoints"]), kinks = flat(ex["kinks"]);
  ASSERT_EQ(r.breakpoints.size(), bp.size());
  for (std::size_t i = 0; i < bp.size(); ++i)
    EXPECT_NEAR(r.breakpoints[i], bp[i], 1e-12) << "breakpoint " << i;
  ASSERT_EQ(r.kinks.size(), kinks.size());
  for (std::size_t i = 0; i < kinks.size(); ++i) EXPECT_NEAR(r.kinks[i], kinks[i], 1e-12) << "kink " << i;
  ASSERT_EQ(std::size_t(r.pattern_regions), ex["intervals"].size());
  for (int i = 0; i < r.pattern_regions; ++i) {
    const json& iv = ex["intervals"][i];
    EXPECT_EQ(r.pattern(i), iv["pattern"].get<std::string>()) << "interval " << i;
    EXPECT_NEAR(r.bounds[i], num(iv["lo"]), 1e-12);
    EXPECT_NEAR(r.bounds[i + 1], num(iv["hi"]), 1e-12);
    const auto a = flat(iv["a"]), c = flat(iv["c"]);
    for (std::size_t o = 0; o < a.size(); ++o) {
      EXPECT_TRUE(close(r.a[i * a.size() + o], a[o], 1e-12, 1e-9)) << "interval " << i;
      EXPECT_TRUE(close(r.c[i * c.size() + o], c[o], 1e-12, 1e-9)) << "interval " << i;
    }
    EXPECT_EQ(r.piece[i], iv["piece"].get<int>());
  }
  expect_interval_invariants(net, box[0], box[1], r);
}

}  // namespace

TEST(Regions, EveryReferenceCaseMatchesTheExactOracle) {
  const auto names = reference_cases();
  ASSERT_GE(names.size(), 8u);
  for (const auto& name : names) {
    SCOPED_TRACE("regions/" + name);
    const json ref = load_reference("regions/" + name);
    if (ref["input"]["box"].size() == 4)
      check_2d_case(ref);
    else
      check_1d_case(ref);
  }
}

TEST(Regions, DeadNeuronsCountLikeTheNetWithThemDeleted) {
  const json ref = load_reference("regions/dead_neurons.json");
  Regions2D r;
  const Network net = net_from_reference(ref["input"]);
  ASSERT_TRUE(linear_regions_2d(net, -2, 2, -2, 2, r).ok);
  EXPECT_EQ(r.pattern_regions, ref["expected"]["same_as_deleted_net"]["pattern_regions"].get<int>());
  for (int i = 0; i < r.pattern_regions; ++i) {
    EXPECT_EQ(r.pattern(i)[3], '0');      // b1[3] = -100: layer 1 neuron 4 never fires
    EXPECT_EQ(r.pattern(i)[8 + 5], '0');  // b2[5] = -100: layer 2 neuron 6 never fires
  }
}

TEST(Regions, InvariantsHoldOnManySeededRandomReluAndLeakyNets) {
  SplitMix rng(2024);
  const double alphas[] = {0.01, 0.1, 0.5, -0.3, 1.0};
  for (int trial = 0; trial < 60; ++trial) {
    const int depth = 1 + rng.below(4);
    std::vector<int> layers{2};
    for (int l = 0; l < depth; ++l) layers.push_back(1 + rng.below(depth >= 3 ? 16 : 32));
    layers.push_back(1 + rng.below(3));
    const bool leaky = trial % 2 == 1;
    const Activation a = leaky ? act("leaky_relu", alphas[rng.below(5)]) : act("relu");
    Network net = make_net(layers, a);
    randomize(net, rng);
    const double B = rng.uniform(0.5, 4);
    const double box[4] = {-B, B * rng.uniform(0.5, 1.5), -B * rng.uniform(0.5, 1.5), B};
    SCOPED_TRACE("trial " + std::to_string(trial) + " depth " + std::to_string(depth) +
                 (leaky ? " leaky" : " relu"));
    Regions2D r;
    const Status st = linear_regions_2d(net, box[0], box[1], box[2], box[3], r);
    ASSERT_TRUE(st.ok) << st.message;
    expect_partition_invariants(net, box, r);
    if (leaky && a.params()[0] == 1.0) {
      EXPECT_EQ(r.affine_pieces, 1) << "alpha = 1 makes the net affine";
    }
  }
}

TEST(Regions, OneHiddenLayerWithAllCrossingsInsideHasOnePlusNPlusNChooseTwoCells) {
  SplitMix rng(7);
  for (int n : {1, 2, 3, 5, 8, 16, 32}) {
    // Lines at evenly spread angles through points near the origin: any two cross within
    // 0.2 / sin(pi / n) of it, so a box of half-width 1 / sin(pi / n) holds every crossing.
    const double pi = 3.141592653589793;
    Network net = make_net({2, n, 1}, act("relu"));
    for (int j = 0; j < n; ++j) {
      const double th = pi * (j + rng.uniform(0.1, 0.4)) / n;
      const double px = rng.uniform(-0.1, 0.1), py = rng.uniform(-0.1, 0.1);
      net.W(0)[2 * j] = std::cos(th);
      net.W(0)[2 * j + 1] = std::sin(th);
      net.b(0)[j] = -(std::cos(th) * px + std::sin(th) * py);
      net.W(1)[j] = rng.uniform(-1, 1);
    }
    const double B = n == 1 ? 1.0 : 1.0 / std::sin(pi / n);
    const double box[4] = {-B, B, -B, B};
    Regions2D r;
    ASSERT_TRUE(linear_regions_2d(net, -B, B, -B, B, r).ok);
    EXPECT_EQ(r.pattern_regions, 1 + n + n * (n - 1) / 2) << n << " lines";
    EXPECT_EQ(r.affine_pieces, r.pattern_regions);
    expect_partition_invariants(net, box, r);
  }
}

TEST(Regions, ThreeStateRelu6AndHardtanhNetsKeepTheInvariants) {
  SplitMix rng(99);
  for (int trial = 0; trial < 24; ++trial) {
    const bool relu6 = trial % 2 == 0;
    const int depth = 1 + rng.below(3);
    std::vector<int> layers{2};
    for (int l = 0; l < depth; ++l) layers.push_back(2 + rng.below(12));
    layers.push_back(1);
    Network net = make_net(layers, act(relu6 ? "relu6" : "hardtanh"));
    randomize(net, rng, relu6 ? 6.0 : 2.0);  // large enough to reach both kinks
    const double box[4] = {-3, 3, -3, 3};
    SCOPED_TRACE("trial " + std::to_string(trial) + (relu6 ? " relu6" : " hardtanh"));
    Regions2D r;
    const Status st = linear_regions_2d(net, -3, 3, -3, 3, r);
    ASSERT_TRUE(st.ok) << st.message;
    expect_partition_invariants(net, box, r);
    bool saw_two = false;
    for (char ch : r.patterns) saw_two |= ch == '2';
    if (trial < 4) {
      EXPECT_TRUE(saw_two) << "no neuron ever reached the upper kink";
    }
  }
}

TEST(Regions, Relu6NeuronHasThreeStatesAcrossItsTwoKinks) {
  // z = x on [-2, 8]^2 with relu6: cells x <= 0 ('0'), 0 < x <= 6 ('1'), x > 6 ('2').
  Network net = make_net({2, 1, 1}, act("relu6"));
  net.W(0)[0] = 1;
  net.W(1)[0] = 1;
  Regions2D r;
  ASSERT_TRUE(linear_regions_2d(net, -2, 8, -2, 8, r).ok);
  ASSERT_EQ(r.pattern_regions, 3);
  std::map<std::string, double> area;
  for (int i = 0; i < 3; ++i) area[r.pattern(i)] = r.area[i];
  EXPECT_NEAR(area["0"], 20, 1e-12);
  EXPECT_NEAR(area["1"], 60, 1e-12);
  EXPECT_NEAR(area["2"], 20, 1e-12);
  EXPECT_EQ(r.affine_pieces, 3);
}

TEST(Regions, IdentityNetIsOneRegionWhoseMapIsTheProductOfTheWeights) {
  SplitMix rng(5);
  Network net = make_net({2, 4, 3, 2}, act("identity"));
  randomize(net, rng);
  Regions2D r;
  ASSERT_TRUE(linear_regions_2d(net, -1, 1, -1, 1, r).ok);
  ASSERT_EQ(r.pattern_regions, 1);
  EXPECT_EQ(r.affine_pieces, 1);
  EXPECT_EQ(r.pattern(0), "0000000");
  EXPECT_NEAR(r.area[0], 4, 1e-15);
  // M = W3 W2 W1 and c = W3 (W2 b1 + b2) + b3, by plain loops
  auto matmul = [](const double* X, const double* Y, int n, int k, int m) {
    std::vector<double> Z(std::size_t(n) * m, 0.0);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < m; ++j)
        for (int t = 0; t < k; ++t) Z[i * m + j] += X[i * k + t] * Y[t * m + j];
    return Z;
  };
  const auto W21 = matmul(net.W(1), net.W(0), 3, 4, 2);
  const auto M = matmul(net.W(2), W21.data(), 2, 3, 2);
  auto c2 = matmul(net.W(1), net.b(0), 3, 4, 1);
  for (int i = 0; i < 3; ++i) c2[i] += net.b(1)[i];
  auto c = matmul(net.W(2), c2.data(), 2, 3, 1);
  for (int i = 0; i < 2; ++i) c[i] += net.b(2)[i];
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(r.A[k], M[k], 1e-14) << "A[" << k << "]";
  for (int k = 0; k < 2; ++k) EXPECT_NEAR(r.c[k], c[k], 1e-14) << "c[" << k << "]";
}

TEST(Regions, OneDimensionalRandomNetsKeepTheInvariants) {
  SplitMix rng(31);
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<int> layers{1};
    const int depth = 1 + rng.below(4);
    for (int l = 0; l < depth; ++l) layers.push_back(1 + rng.below(32));
    layers.push_back(1 + rng.below(2));
    const char* names[] = {"relu", "leaky_relu", "relu6", "hardtanh"};
    const std::string name = names[trial % 4];
    Network net = make_net(layers, name == "leaky_relu" ? act(name, 0.2) : act(name));
    randomize(net, rng, name == "relu6" ? 6.0 : 1.0);
    SCOPED_TRACE("trial " + std::to_string(trial) + " " + name);
    Regions1D r;
    const Status st = linear_regions_1d(net, -3, 2, r);
    ASSERT_TRUE(st.ok) << st.message;
    expect_interval_invariants(net, -3, 2, r);
    EXPECT_LE(r.kinks.size(), r.breakpoints.size());
  }
}

TEST(Regions, SmoothActivationsHaveNoLinearRegionsAndSaySo) {
  for (const char* name : {"tanh", "sigmoid", "gelu", "silu", "elu", "softplus"}) {
    Network net = make_net({2, 3, 1}, act(name));
    Regions2D r;
    const Status st = linear_regions_2d(net, -1, 1, -1, 1, r);
    EXPECT_FALSE(st.ok) << name;
    EXPECT_NE(st.message.find("no linear regions"), std::string::npos) << st.message;
    EXPECT_NE(st.message.find(name), std::string::npos) << st.message;
    EXPECT_EQ(r.pattern_regions, 0);
    Regions1D r1;
    Network net1 = make_net({1, 3, 1}, act(name));
    EXPECT_FALSE(linear_regions_1d(net1, -1, 1, r1).ok) << name;
    PointRegion pr;
    EXPECT_FALSE(region_at(net, {0.0, 0.0}, pr).ok) << name;
  }
}

TEST(Regions, ANetWithoutHiddenLayersIsOneRegionWithItsOwnMap) {
  Network net = make_net({2, 2}, Activation::named("relu"));
  net.params = {1, 2, 3, 4, 5, 6};  // W = [[1, 2], [3, 4]], b = [5, 6]
  Regions2D r;
  ASSERT_TRUE(linear_regions_2d(net, -1, 1, -1, 1, r).ok);
  ASSERT_EQ(r.pattern_regions, 1);
  EXPECT_EQ(r.neurons, 0);
  EXPECT_EQ(r.pattern(0), "");
  EXPECT_EQ(r.A, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(r.c, (std::vector<double>{5, 6}));
}

TEST(Regions, EachHiddenLayerMayUseItsOwnPiecewiseLinearActivation) {
  SplitMix rng(77);
  const Activation acts[] = {act("relu"),  act("prelu", 0.25), act("hardtanh"), act("leaky_relu", -0.5),
                             act("relu6"), act("identity")};
  for (int trial = 0; trial < 12; ++trial) {
    std::vector<int> layers{2};
    std::vector<Activation> hidden;
    const int depth = 2 + rng.below(3);
    for (int l = 0; l < depth; ++l) {
      layers.push_back(2 + rng.below(10));
      hidden.push_back(acts[rng.below(6)]);
    }
    layers.push_back(2);
    Network net;
    ASSERT_TRUE(make_network(layers, hidden, OutputKind::Softmax, net).ok);
    randomize(net, rng, 3.0);
    const double box[4] = {-2, 2, -1, 3};
    SCOPED_TRACE("trial " + std::to_string(trial));
    Regions2D r;
    const Status st = linear_regions_2d(net, -2, 2, -1, 3, r);
    ASSERT_TRUE(st.ok) << st.message;
    expect_partition_invariants(net, box, r);
  }
}

TEST(Regions, CallingAgainWithTheSameResultGivesTheSameAnswer) {
  SplitMix rng(8);
  Network big = make_net({2, 16, 16, 1}, Activation::named("relu"));
  Network small = make_net({2, 3, 1}, Activation::named("relu"));
  randomize(big, rng);
  randomize(small, rng);
  Regions2D fresh_big, fresh_small, reused;
  ASSERT_TRUE(linear_regions_2d(big, -2, 2, -2, 2, fresh_big).ok);
  ASSERT_TRUE(linear_regions_2d(small, -2, 2, -2, 2, fresh_small).ok);
  ASSERT_TRUE(linear_regions_2d(big, -2, 2, -2, 2, reused).ok);
  ASSERT_TRUE(linear_regions_2d(small, -2, 2, -2, 2, reused).ok);
  EXPECT_EQ(reused.pattern_regions, fresh_small.pattern_regions);
  EXPECT_EQ(reused.patterns, fresh_small.patterns);
  EXPECT_EQ(reused.vertices, fresh_small.vertices);
  EXPECT_EQ(reused.A, fresh_small.A);
  EXPECT_EQ(reused.piece, fresh_small.piece);
}
