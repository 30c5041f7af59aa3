// Linear regions agree with exact rational arithmetic: the reproductions of the cases where
// tolerances used to decide (a small slope on a large offset merged away, a thin cell
// dropped, a small constant read as off, tiny boxes), invariance under exact power-of-two
// rescalings at any scale, nets thousands of layers deep (no recursion on depth) and the
// clear error when exact numbers would grow beyond reason.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "test_regions_support.h"

using namespace alab;
using namespace alab_test;

namespace {

Network relu_net(const std::vector<int>& layers, const std::vector<double>& params) {
  Network n = make_net(layers, Activation::named("relu"));
  EXPECT_EQ(n.params.size(), params.size());
  n.params = params;
  return n;
}

Regions2D partition(const Network& net, double xmin, double xmax, double ymin, double ymax) {
  Regions2D r;
  const Status st = linear_regions_2d(net, xmin, xmax, ymin, ymax, r);
  EXPECT_TRUE(st.ok) << st.message;
  return r;
}

const int* region_with(const Regions2D& r, const std::string& pattern) {
  static int index;
  for (index = 0; index < r.pattern_regions; ++index)
    if (r.pattern(index) == pattern) return &index;
  return nullptr;
}

std::vector<std::string> sorted_patterns(const Regions2D& r) {
  std::vector<std::string> v;
  for (int i = 0; i < r.pattern_regions; ++i) v.push_back(r.pattern(i));
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST(RegionsExact, ASmallSlopeOnALargeOffsetIsItsOwnPiece) {
  // logit = 1e-6 relu(x) + 1e6: slopes 1e-6 and 0, the same offset
  const Regions2D r = partition(relu_net({2, 1, 1}, {1, 0, 0, 1e-6, 1e6}), -4, 4, -4, 4);
  EXPECT_EQ(r.pattern_regions, 2);
  EXPECT_EQ(r.affine_pieces, 2);
  Regions1D r1;
  ASSERT_TRUE(linear_regions_1d(relu_net({1, 1, 1}, {1, 0, 1e-6, 1e6}), -4, 4, r1).ok);
  EXPECT_EQ(r1.affine_pieces, 2);
  EXPECT_EQ(r1.kinks, std::vector<double>{0});
}

TEST(RegionsExact, ACellThinnerThanTheOldToleranceIsACell) {
  // relu(x - 1e-12) on [0, 1]^2: the strip 0 < x < 1e-12 is off
  const Regions2D r = partition(relu_net({2, 1, 1}, {1, 0, -1e-12, 1, 0}), 0, 1, 0, 1);
  ASSERT_EQ(r.pattern_regions, 2);
  const int* off = region_with(r, "0");
  ASSERT_NE(off, nullptr);
  EXPECT_NEAR(r.area[*off], 1e-12, 1e-24);
  EXPECT_EQ(r.affine_pieces, 2);
}

TEST(RegionsExact, ASmallPositiveConstantSwitchesANeuronOnAsTheForwardPassDoes) {
  // layer 2 is relu(1e6 relu(x) + 1e-7): on everywhere, 1e-7 where x < 0
  const Network n = relu_net({2, 1, 1, 1}, {1, 0, 0, 1e6, 1e-7, 1, 5});
  const Regions2D r = partition(n, -4, 4, -4, 4);
  ASSERT_EQ(r.pattern_regions, 2);
  const int* left = region_with(r, "01");
  ASSERT_NE(left, nullptr);
  PointRegion pr;
  ASSERT_TRUE(region_at(n, {-1.0, 0.0}, pr).ok);
  EXPECT_EQ(pr.pattern, "01");
  EXPECT_EQ(r.c[*left], pr.logits[0]);
  EXPECT_EQ(r.c[*left], 5.0000001);
}

TEST(RegionsExact, TinyBoxesKeepTheirCentroidsAndTheirPieces) {
  const Regions2D r = partition(relu_net({2, 1, 1}, {1, 0, -5e-111, 1, 0}), 0, 1e-110, 0, 1e-110);
  ASSERT_EQ(r.pattern_regions, 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(r.area[i], 5e-221, 1e-235);
    EXPECT_NEAR(r.centroid[2 * i], r.pattern(i) == "1" ? 7.5e-111 : 2.5e-111, 1e-125);
    EXPECT_NEAR(r.centroid[2 * i + 1], 5e-111, 1e-125);
  }
  // relu(x - 5e-151) + 1 against 1: maps that differ by 1 in A on a box 1e-150 wide
  const Regions2D s = partition(relu_net({2, 1, 1}, {1, 0, -5e-151, 1, 1}), 0, 1e-150, 0, 1e-150);
  EXPECT_EQ(s.pattern_regions, 2);
  EXPECT_EQ(s.affine_pieces, 2);
}

TEST(RegionsExact, BoxesFlatterThanDoublePrecisionKeepTheirArea) {
  // 5.5e303 wide and 8.3e-317 high (found by the fuzzer): each axis is scaled on its own
  // for the shoelace sums, so the area is neither 0 nor infinite.
  const double box[4] = {-5.4874634545526703e+303, -1.9762625833649862e-323, 0, 8.2890455643924491e-317};
  const Regions2D r = partition(relu_net({2, 1, 1}, {0, 0, 0, 0, 0}), box[0], box[1], box[2], box[3]);
  ASSERT_EQ(r.pattern_regions, 1);
  EXPECT_NEAR(r.area[0] / r.box_area, 1.0, 1e-12);
  EXPECT_NEAR(r.centroid[0] / (0.5 * box[0]), 1.0, 1e-12);
  EXPECT_GT(r.centroid[1], 0);
}

TEST(RegionsExact, RescalingByPowersOfTwoChangesNothingAtAnyScale) {
  // x' = x 2^-k with the first layer's weights times 2^k is the same net on a scaled box,
  // exactly: the same cells, patterns and pieces, from boxes 1e-120 to 1e120 wide.
  SplitMix rng(31);
  for (int t = 0; t < 12; ++t) {
    Network base = make_net({2, 6, 6, 1}, t % 2 ? act("leaky_relu", 0.25) : Activation::named("relu"));
    randomize(base, rng);
    if (t % 3 == 0) base.W(2)[rng.below(6)] = 0;  // a neuron that changes no map: merged pieces
    const Regions2D ref = partition(base, -2, 2, -2, 2);
    for (int k : {-400, -150, 150, 400}) {
      SCOPED_TRACE("net " + std::to_string(t) + ", scale 2^" + std::to_string(k));
      Network n = base;
      for (int i = 0; i < 12; ++i) n.W(0)[i] = std::ldexp(n.W(0)[i], k);
      const double s = std::ldexp(2.0, -k);
      const Regions2D r = partition(n, -s, s, -s, s);
      EXPECT_EQ(r.pattern_regions, ref.pattern_regions);
      EXPECT_EQ(sorted_patterns(r), sorted_patterns(ref));
      EXPECT_EQ(r.affine_pieces, ref.affine_pieces);
      EXPECT_NEAR(r.total_area / r.box_area, 1.0, 1e-9);
    }
  }
}

TEST(RegionsExact, NetsThousandsOfLayersDeepArePartitionedWithoutRecursion) {
  // 3000 hidden layers of relu(identity): every layer's lines lie on the first layer's, so
  // the box stays in its 4 quadrants; each split decision is an exact one.
  const int depth = 3000;
  std::vector<int> layers{2};
  for (int l = 0; l < depth; ++l) layers.push_back(2);
  layers.push_back(1);
  Network n = make_net(layers, Activation::named("relu"));
  for (int l = 0; l < depth; ++l) {
    n.W(l)[0] = n.W(l)[3] = 1;
    n.W(l)[1] = n.W(l)[2] = 0;
  }
  n.W(depth)[0] = 1;
  n.W(depth)[1] = 2;
  const Regions2D r = partition(n, -1, 1, -1, 1);
  ASSERT_EQ(r.pattern_regions, 4);
  EXPECT_EQ(r.affine_pieces, 4);
  for (int i = 0; i < 4; ++i) {
    const std::string p = r.pattern(i);
    for (int l = 1; l < depth; ++l) ASSERT_EQ(p.substr(2 * l, 2), p.substr(0, 2)) << "layer " << l;
  }
  Regions1D r1;
  std::vector<int> layers1(layers.size(), 1);
  Network n1 = make_net(layers1, Activation::named("relu"));
  for (double& w : n1.params) w = 1;
  for (int l = 0; l <= depth; ++l) n1.b(l)[0] = 0;
  ASSERT_TRUE(linear_regions_1d(n1, -1, 1, r1).ok);
  EXPECT_EQ(r1.pattern_regions, 2);
  EXPECT_EQ(r1.breakpoints, std::vector<double>{0});
}

TEST(RegionsExact, NumbersTooLargeForExactArithmeticGiveAClearError) {
  // 6000 layers of relu((1 + 2^-52) z): every layer's line is x = 0, where only exact
  // arithmetic can tell the sides, and the exact slope (1 + 2^-52)^l gains 52 bits a layer:
  // the cached maps outgrow the exact twin's memory budget long before the last layer.
  const int depth = 6000;
  std::vector<int> layers(depth + 2, 1);
  layers.front() = 2;
  Network n = make_net(layers, Activation::named("relu"));
  for (double& w : n.params) w = 0;
  n.W(0)[0] = 1;
  for (int l = 1; l <= depth; ++l) n.W(l)[0] = 1 + 0x1p-52;
  Regions2D r;
  const Status st = linear_regions_2d(n, -1, 1, -1, 1, r);
  ASSERT_FALSE(st.ok);
  EXPECT_EQ(st.code, "exact_arithmetic_too_large") << st.message;
  EXPECT_EQ(r.pattern_regions, 0);
  // 200 such layers are fine.
  std::vector<int> shallow(202, 1);
  shallow.front() = 2;
  Network m = make_net(shallow, Activation::named("relu"));
  for (double& w : m.params) w = 0;
  m.W(0)[0] = 1;
  for (int l = 1; l <= 200; ++l) m.W(l)[0] = 1 + 0x1p-52;
  EXPECT_EQ(partition(m, -1, 1, -1, 1).pattern_regions, 2);
}
