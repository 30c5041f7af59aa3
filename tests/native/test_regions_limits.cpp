// The region limit (RegionOptions::max_regions) is a proof, not a guess: a partition with
// exactly max_regions cells is answered, one with a single cell more is refused, for nets
// whose lines meet in general position, at a few common points, or are parallel. Nets far
// past the limit (a 2-1024-1 net has about 400,000 cells) are refused from a lower bound on
// the first layer's cells instead of after the partition; a 1-D sawtooth with 2^20
// intervals is refused from the intervals already certain.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_regions_support.h"

using namespace alab;
using namespace alab_test;

namespace {

Status partition(const Network& net, double half, std::size_t max, Regions2D& r) {
  RegionOptions o;
  o.max_regions = max;
  return linear_regions_2d(net, -half, half, -half, half, r, o);
}

// Every cell count R of the net: answered with the limit R, refused with R - 1 and R / 2.
void expect_limit_is_exact(const Network& net, double half, const std::string& what) {
  Regions2D r;
  Status st = partition(net, half, 100000000, r);
  ASSERT_TRUE(st.ok) << what << ": " << st.message;
  const int R = r.pattern_regions;
  st = partition(net, half, std::size_t(R), r);
  EXPECT_TRUE(st.ok) << what << ": refused at its own count " << R << ": " << st.message;
  EXPECT_EQ(r.pattern_regions, R) << what;
  for (std::size_t max : {std::size_t(R - 1), std::size_t(R / 2)}) {
    st = partition(net, half, max, r);
    EXPECT_FALSE(st.ok) << what << ": " << R << " cells answered under the limit " << max;
    if (!st.ok) EXPECT_EQ(st.code, "too_many_regions") << what;
    EXPECT_EQ(r.pattern_regions, 0) << what << ": a refused partition leaves nothing behind";
  }
}

}  // namespace

TEST(RegionsLimits, TheCellLimitIsExactForLinesInGeneralPosition) {
  SplitMix rng(11);
  for (int t = 0; t < 24; ++t) {
    const int width = 8 + rng.below(90);
    Network n = make_net(t % 3 ? std::vector<int>{2, width, 1} : std::vector<int>{2, width / 4 + 2, 12, 1},
                         t % 4 == 3 ? act("relu6") : act("relu"));
    randomize(n, rng);
    expect_limit_is_exact(n, 4, "net " + std::to_string(t));
  }
}

TEST(RegionsLimits, ConcurrentAndParallelLinesAreNotCountedTwice) {
  SplitMix rng(12);
  for (int t = 0; t < 12; ++t) {
    Network n = make_net({2, 60, 1}, t % 2 ? act("hardtanh") : act("relu"));
    randomize(n, rng);
    for (int j = 0; j < 60; ++j) {
      double* w = n.W(0) + 2 * j;
      if (t % 3 == 0) {
        n.b(0)[j] = 0;  // every line through (0, 0)
      } else if (t % 3 == 1) {
        // through (0, 1), (1, 0) or (-1, 0): exact, since one coefficient is +-w
        const int p = j % 3;
        n.b(0)[j] = p == 0 ? -w[1] : p == 1 ? -w[0] : w[0];
      } else if (j % 2) {
        w[0] = n.W(0)[2 * (j - 1)], w[1] = n.W(0)[2 * (j - 1) + 1];  // pairs of parallel lines
        if (j % 4 == 1) n.b(0)[j] = n.b(0)[j - 1];                      // or equal ones
      }
    }
    expect_limit_is_exact(n, 4, "net " + std::to_string(t));
  }
}

TEST(RegionsLimits, AWideLayerPastTheLimitIsRefusedBeforeItIsSplit) {
  SplitMix rng(13);
  Network n = make_net({2, 1024, 1}, act("relu"));
  randomize(n, rng);
  Regions2D r;
  const Status st = partition(n, 4, 200000, r);
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.code, "too_many_regions");
  EXPECT_NE(st.message.find("200000"), std::string::npos) << st.message;
}

TEST(RegionsLimits, ADeepSawtoothPastTheIntervalLimitIsRefused) {
  // Each hidden layer holds relu(u) and relu(u - 1/2) of the tent map u of the layer before:
  // 2^L intervals on [0, 1].
  auto sawtooth = [](int L) {
    std::vector<int> layers(L + 2, 2);
    layers.front() = layers.back() = 1;
    Network n = make_net(layers, act("relu"));
    for (int l = 0; l < L; ++l) {
      double* W = n.W(l);
      const int in = layers[l];
      for (int j = 0; j < 2; ++j) {
        if (in == 1) {
          W[j] = 1;
        } else {
          W[j * 2] = 2, W[j * 2 + 1] = -4;
        }
        n.b(l)[j] = j ? -0.5 : 0;
      }
    }
    n.W(L)[0] = 2, n.W(L)[1] = -4;
    return n;
  };
  const Network small = sawtooth(6);
  Regions1D r;
  RegionOptions o;
  o.max_regions = 64;
  Status st = linear_regions_1d(small, 0, 1, r, o);
  ASSERT_TRUE(st.ok) << st.message;
  EXPECT_EQ(r.pattern_regions, 64);
  o.max_regions = 63;
  st = linear_regions_1d(small, 0, 1, r, o);
  EXPECT_FALSE(st.ok);
  const Network deep = sawtooth(20);
  o.max_regions = 1000;
  st = linear_regions_1d(deep, 0, 1, r, o);
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.code, "too_many_intervals");
}
