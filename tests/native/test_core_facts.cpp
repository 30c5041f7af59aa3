// Facts the page reads from the core instead of keeping its own copies: which activations
// are flat below zero and which the region code partitions, the data set catalogue and
// its box, the product of an identity network's layers, and a point's cell index.
#include <gtest/gtest.h>

#include <cmath>

#include "alab/activations.h"
#include "alab/datasets.h"
#include "alab/mlp.h"
#include "alab/network.h"
#include "alab/regions.h"
#include "test_regions_support.h"

using namespace alab;
using namespace alab_test;

TEST(CoreFacts, FlatBelowZeroMeansTheDerivativeIsZeroForEveryNegativeInput) {
  int flat = 0;
  for (const ActivationInfo& info : activation_catalogue()) {
    const Activation a = Activation::named(info.name);
    bool all_zero = true;
    for (double x = -1000.0; x < 0; x += 0.37) all_zero &= a.df(x) == 0.0;
    for (double x : {-1e-9, -1e-300}) all_zero &= a.df(x) == 0.0;
    EXPECT_EQ(info.flat_below_zero, all_zero) << info.name;
    flat += info.flat_below_zero;
  }
  EXPECT_EQ(flat, 4);  // relu, relu6, threshold, binary_step
}

TEST(CoreFacts, ThePiecewiseLinearFlagIsExactlyWhatTheRegionCodePartitions) {
  for (const ActivationInfo& info : activation_catalogue()) {
    const Network net = make_net({2, 3, 1}, Activation::named(info.name));
    const Status st = check_piecewise_linear(net, 2);
    EXPECT_EQ(st.ok, info.piecewise_linear) << info.name << ": " << st.message;
    if (!st.ok) {
      EXPECT_EQ(st.code, "not_piecewise_linear");
      // The message lists the partitionable activations from the catalogue itself.
      EXPECT_NE(st.message.find("hard_sigmoid_keras2"), std::string::npos) << st.message;
    }
  }
}

TEST(CoreFacts, TheDatasetCatalogueDescribesWhatMakeDatasetGives) {
  ASSERT_EQ(dataset_catalogue().size(), dataset_kinds().size());
  for (const DatasetInfo& info : dataset_catalogue()) {
    Dataset d;
    ASSERT_TRUE(make_dataset(info.name, 60, 0.5, 7, d).ok) << info.name;
    EXPECT_EQ(d.dim, info.inputs) << info.name;
    EXPECT_EQ(d.num_classes, info.classes) << info.name;
    EXPECT_STREQ(dataset_kind_name(info.kind), info.name);
    for (double v : d.x) {
      EXPECT_GE(v, kDataBoxMin) << info.name;
      EXPECT_LE(v, kDataBoxMax) << info.name;
    }
  }
}

TEST(CoreFacts, AnIdentityNetworkCollapsesToTheProductOfItsLayers) {
  SplitMix rng(11);
  Network net = make_net({2, 5, 4, 3}, Activation::named("identity"));
  randomize(net, rng);
  std::vector<double> A, c;
  ASSERT_TRUE(collapse_identity(net, A, c).ok);
  ASSERT_EQ(A.size(), 6u);
  ASSERT_EQ(c.size(), 3u);
  // The map reproduces the forward pass at any point.
  const double x[2] = {0.7, -1.9};
  ForwardResult f;
  ASSERT_TRUE(forward(net, x, 1, {}, f).ok);
  double worst = 0;
  for (int o = 0; o < 3; ++o)
    worst = std::max(worst, std::fabs(A[o * 2] * x[0] + A[o * 2 + 1] * x[1] + c[o] - f.logits[o]));
  EXPECT_LT(worst, 1e-12) << "max |Ax + c - logits| = " << worst;

  Network relu = make_net({2, 3, 1}, Activation::named("relu"));
  const Status st = collapse_identity(relu, A, c);
  EXPECT_EQ(st.code, "not_identity_network");
  EXPECT_EQ(st.detail("activation")->text, "relu");
}

TEST(CoreFacts, FindGivesTheCellOfAPointsPattern) {
  SplitMix rng(5);
  Network net = make_net({2, 8, 8, 1}, Activation::named("relu"));
  randomize(net, rng);
  Regions2D r;
  ASSERT_TRUE(linear_regions_2d(net, -3, 3, -3, 3, r).ok);
  ASSERT_GT(r.pattern_regions, 5);
  for (int i = 0; i < r.pattern_regions; ++i) {
    PointRegion p;
    ASSERT_TRUE(region_at(net, {r.centroid[2 * i], r.centroid[2 * i + 1]}, p).ok);
    EXPECT_EQ(r.find(p.pattern), i);
  }
  EXPECT_EQ(r.find(std::string(std::size_t(r.neurons), '2')), -1);
  EXPECT_EQ(r.find("0"), -1);  // wrong length

  Network line = make_net({1, 4, 1}, Activation::named("relu"));
  randomize(line, rng);
  Regions1D r1;
  ASSERT_TRUE(linear_regions_1d(line, -3, 3, r1).ok);
  for (int i = 0; i < r1.pattern_regions; ++i) {
    PointRegion p;
    ASSERT_TRUE(region_at(line, {(r1.bounds[i] + r1.bounds[i + 1]) / 2}, p).ok);
    EXPECT_EQ(r1.find(p.pattern), i);
  }
}
