// The partition computed a slice at a time (RegionsEnumeration2D, what the page spreads over
// animation frames) is the one linear_regions_2d computes in one call, bit for bit, for any
// slice size; it keeps its own copy of the network, and reports errors like the one call.
#include <gtest/gtest.h>

#include "alab/regions.h"
#include "test_regions_support.h"

using namespace alab;
using namespace alab_test;

namespace {

void expect_same(const Regions2D& a, const Regions2D& b) {
  EXPECT_EQ(a.pattern_regions, b.pattern_regions);
  EXPECT_EQ(a.affine_pieces, b.affine_pieces);
  EXPECT_EQ(a.neurons, b.neurons);
  EXPECT_EQ(a.outputs, b.outputs);
  EXPECT_EQ(a.max_vertices, b.max_vertices);
  EXPECT_EQ(a.patterns, b.patterns);
  EXPECT_EQ(a.vertex_start, b.vertex_start);
  EXPECT_EQ(a.vertices, b.vertices);
  EXPECT_EQ(a.area, b.area);
  EXPECT_EQ(a.centroid, b.centroid);
  EXPECT_EQ(a.A, b.A);
  EXPECT_EQ(a.c, b.c);
  EXPECT_EQ(a.piece, b.piece);
  EXPECT_EQ(a.total_area, b.total_area);
}

// Steps `e` with slices of `work` units; returns the number of slices it took.
int run_sliced(RegionsEnumeration2D& e, std::size_t work) {
  int slices = 0;
  double before = e.progress();
  while (!e.step(work)) {
    ++slices;
    EXPECT_GE(e.progress(), before);
    before = e.progress();
  }
  return slices + 1;
}

}  // namespace

TEST(RegionsSliced, EverySliceSizeGivesTheSamePartitionAsOneCall) {
  SplitMix rng(21);
  const std::vector<std::vector<int>> shapes = {{2, 1}, {2, 5, 1}, {2, 8, 8, 2}, {2, 16, 16, 16, 1}, {2, 32, 32, 32, 32, 1}};
  for (const auto& layers : shapes) {
    for (const char* name : {"relu", "leaky_relu", "hardtanh"}) {
      Network net = make_net(layers, Activation::named(name));
      randomize(net, rng, 2.0);
      Regions2D whole;
      ASSERT_TRUE(linear_regions_2d(net, -3, 3, -2, 4, whole).ok);
      for (std::size_t work : {std::size_t(1), std::size_t(7), std::size_t(500), std::size_t(1) << 40}) {
        RegionsEnumeration2D e;
        ASSERT_TRUE(e.start(net, -3, 3, -2, 4).ok);
        const int slices = run_sliced(e, work);
        ASSERT_TRUE(e.done());
        ASSERT_TRUE(e.status().ok) << e.status().message;
        EXPECT_EQ(e.progress(), 1.0);
        expect_same(e.result(), whole);
        if (work == 1 && whole.pattern_regions > 50) EXPECT_GT(slices, 50);
      }
    }
  }
}

TEST(RegionsSliced, KeepsItsOwnCopyOfTheNetwork) {
  SplitMix rng(5);
  Network net = make_net({2, 24, 24, 1}, Activation::named("relu"));
  randomize(net, rng);
  Regions2D whole;
  ASSERT_TRUE(linear_regions_2d(net, -2, 2, -2, 2, whole).ok);
  RegionsEnumeration2D e;
  ASSERT_TRUE(e.start(net, -2, 2, -2, 2).ok);
  EXPECT_FALSE(e.step(10));
  randomize(net, rng);  // "trains" between slices
  run_sliced(e, 10);
  ASSERT_TRUE(e.status().ok);
  expect_same(e.result(), whole);
}

TEST(RegionsSliced, ErrorsAreThoseOfTheOneCall) {
  SplitMix rng(9);
  Network net = make_net({2, 16, 16, 1}, Activation::named("relu"));
  randomize(net, rng, 2.0);
  RegionsEnumeration2D bad_box;
  EXPECT_EQ(bad_box.start(net, 1, -1, 0, 1).code, linear_regions_2d(net, 1, -1, 0, 1, *std::make_unique<Regions2D>()).code);
  RegionOptions cap;
  cap.max_regions = 5;
  Regions2D one;
  const Status whole = linear_regions_2d(net, -3, 3, -3, 3, one, cap);
  ASSERT_FALSE(whole.ok);
  RegionsEnumeration2D e;
  ASSERT_TRUE(e.start(net, -3, 3, -3, 3, cap).ok);
  run_sliced(e, 3);
  EXPECT_FALSE(e.status().ok);
  EXPECT_EQ(e.status().code, whole.code);
  EXPECT_EQ(e.result().pattern_regions, 0);
  Network tanh_net = make_net({2, 4, 1}, Activation::named("tanh"));
  RegionsEnumeration2D smooth;
  EXPECT_FALSE(smooth.start(tanh_net, -1, 1, -1, 1).ok);
  EXPECT_TRUE(smooth.done());
}

// One enumeration started again (the page reuses one for each new partition of a training
// net: its buffers keep their size) gives each partition exactly: after a larger one, after
// one stopped half-way, after a refused request.
TEST(RegionsSliced, StartedAgainGivesEachPartitionAsOneCall) {
  SplitMix rng(13);
  Network big = make_net({2, 32, 32, 32, 1}, Activation::named("relu"));
  Network small = make_net({2, 6, 6, 1}, Activation::named("leaky_relu"));
  randomize(big, rng, 2.0);
  randomize(small, rng, 2.0);
  Regions2D big_whole, small_whole;
  ASSERT_TRUE(linear_regions_2d(big, -3, 3, -2, 4, big_whole).ok);
  ASSERT_TRUE(linear_regions_2d(small, -1, 2, -1, 1, small_whole).ok);
  ASSERT_GT(big_whole.pattern_regions, 10 * small_whole.pattern_regions);
  RegionsEnumeration2D e;
  ASSERT_TRUE(e.start(big, -3, 3, -2, 4).ok);
  run_sliced(e, 1000);
  expect_same(e.result(), big_whole);
  ASSERT_TRUE(e.start(small, -1, 2, -1, 1).ok);  // smaller, in the larger one's buffers
  run_sliced(e, 50);
  expect_same(e.result(), small_whole);
  ASSERT_TRUE(e.start(big, -3, 3, -2, 4).ok);
  EXPECT_FALSE(e.step(500));  // stopped half-way
  ASSERT_TRUE(e.start(small, -1, 2, -1, 1).ok);
  run_sliced(e, 50);
  expect_same(e.result(), small_whole);
  EXPECT_FALSE(e.start(big, 1, -1, 0, 1).ok);  // refused
  ASSERT_TRUE(e.start(big, -3, 3, -2, 4).ok);
  run_sliced(e, 1 << 20);
  expect_same(e.result(), big_whole);
}
