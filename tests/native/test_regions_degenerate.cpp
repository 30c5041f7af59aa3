// Linear regions on degenerate inputs (parallel, coincident and concurrent lines, lines
// through corners and along edges, dead neurons, extreme weights and boxes, bad input),
// and the point / segment queries behind the page's "click a point" and "a and b".
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

#include "test_regions_support.h"

using namespace alab;
using namespace alab_test;

namespace {

// A 2-n-1 relu net whose neuron j is z_j = rows[j] . (x, y, 1); output weights all 1.
Network lines_net(const std::vector<std::array<double, 3>>& rows,
                  const Activation& a = Activation::named("relu")) {
  Network n = make_net({2, int(rows.size()), 1}, a);
  for (std::size_t j = 0; j < rows.size(); ++j) {
    n.W(0)[2 * j] = rows[j][0];
    n.W(0)[2 * j + 1] = rows[j][1];
    n.b(0)[j] = rows[j][2];
    n.W(1)[j] = 1;
  }
  return n;
}

Regions2D partition(const Network& net, double xmin = -1, double xmax = 1, double ymin = -1,
                    double ymax = 1) {
  Regions2D r;
  const Status st = linear_regions_2d(net, xmin, xmax, ymin, ymax, r);
  EXPECT_TRUE(st.ok) << st.message;
  const double box[4] = {xmin, xmax, ymin, ymax};
  if (st.ok) expect_partition_invariants(net, box, r);
  return r;
}

std::vector<std::string> sorted_patterns(const Regions2D& r) {
  std::vector<std::string> v;
  for (int i = 0; i < r.pattern_regions; ++i) v.push_back(r.pattern(i));
  std::sort(v.begin(), v.end());
  return v;
}

bool all_finite(const Regions2D& r) {
  for (const auto* v : {&r.vertices, &r.area, &r.centroid, &r.A, &r.c})
    for (double x : *v)
      if (!std::isfinite(x)) return false;
  return true;
}

}  // namespace

TEST(RegionsDegenerate, ParallelNeuronsCutTheBoxIntoStrips) {
  const Regions2D r = partition(lines_net({{1, 0, 0.5}, {2, 0, 0}, {-1, 0, 0.5}}));
  ASSERT_EQ(r.pattern_regions, 4);
  for (double a : r.area) EXPECT_NEAR(a, 1.0, 1e-15);
}

TEST(RegionsDegenerate, CoincidentNeuronsSplitOnlyOnce) {
  // the same line x + y = 0 three times, the last one facing the other way
  const Regions2D r = partition(lines_net({{1, 1, 0}, {2, 2, 0}, {-3, -3, 0}}));
  ASSERT_EQ(r.pattern_regions, 2);
  EXPECT_EQ(sorted_patterns(r), (std::vector<std::string>{"001", "110"}));
  for (double a : r.area) EXPECT_NEAR(a, 2.0, 1e-15);
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(r.vertex_start[i + 1] - r.vertex_start[i], 3) << "a diagonal cuts triangles";
}

TEST(RegionsDegenerate, SeveralLinesThroughOnePointMakeTwoCellsEach) {
  // Lines exactly through (0.25, -0.5): directions rounded to 20 bits, so that the bias
  // -(a px + b py) is exact in double precision (with px = 0.3 it would be rounded and the
  // seven lines would meet pairwise, a little apart: more, tiny, cells).
  const double px = 0.25, py = -0.5;
  auto q = [](double v) { return std::ldexp(std::round(std::ldexp(v, 20)), -20); };
  std::vector<std::array<double, 3>> rows;
  for (int j = 0; j < 7; ++j) {
    const double th = 0.4 * j + 0.1, a = q(std::cos(th)), b = q(std::sin(th));
    rows.push_back({a, b, -(a * px + b * py)});
  }
  EXPECT_EQ(partition(lines_net(rows)).pattern_regions, 14);
  // the same through the box corner (1, 1): a line enters the box only when its direction
  // (-b, a) points into the box (a b < 0), and then adds one cell; the others touch the corner
  int entering = 0;
  for (auto& row : rows) {
    row[2] = -(row[0] * 1 + row[1] * 1);
    entering += row[0] * row[1] < 0;
  }
  ASSERT_GT(entering, 0);
  ASSERT_LT(entering, 7);
  EXPECT_EQ(partition(lines_net(rows)).pattern_regions, 1 + entering);
}

TEST(RegionsDegenerate, ALineThroughOnlyACornerSplitsNothing) {
  const Regions2D r = partition(lines_net({{1, 1, -2}}));  // x + y = 2 touches (1, 1)
  ASSERT_EQ(r.pattern_regions, 1);
  EXPECT_EQ(r.pattern(0), "0");
  const Regions2D r2 = partition(lines_net({{-1, -1, -2}}));  // -x - y = 2 touches (-1, -1)
  ASSERT_EQ(r2.pattern_regions, 1);
  EXPECT_EQ(r2.pattern(0), "0");
  const Regions2D r3 = partition(lines_net({{1, -1, 0}}));  // the diagonal through two corners
  EXPECT_EQ(r3.pattern_regions, 2);
}

TEST(RegionsDegenerate, ALineAlongAnEdgeSplitsNothing) {
  EXPECT_EQ(partition(lines_net({{1, 0, -1}})).pattern(0), "0");      // x = 1, z <= 0 inside
  EXPECT_EQ(partition(lines_net({{-1, 0, -1}})).pattern(0), "0");     // x = -1, z <= 0 inside
  const Regions2D r = partition(lines_net({{1, 0, 1}, {0, -1, 1}}));  // x = -1 and y = 1, z > 0 inside
  ASSERT_EQ(r.pattern_regions, 1);
  EXPECT_EQ(r.pattern(0), "11");
  // a second-layer neuron z2 = relu(x): zero on the whole left cell (bit 0), positive on the
  // right; its zero set is the first layer's line, so it adds no cell
  Network n = make_net({2, 1, 1, 1}, Activation::named("relu"));
  n.W(0)[0] = 1;
  n.W(1)[0] = 1;
  n.W(2)[0] = 1;
  const Regions2D deep = partition(n);
  EXPECT_EQ(sorted_patterns(deep), (std::vector<std::string>{"00", "11"}));
}

TEST(RegionsDegenerate, DeadNeuronsGiveOneCellWithAConstantMap) {
  SplitMix rng(3);
  Network n = make_net({2, 6, 6, 1}, Activation::named("relu"));
  randomize(n, rng);
  for (int j = 0; j < 6; ++j) n.b(0)[j] = -100;
  const Regions2D r = partition(n);
  ASSERT_EQ(r.pattern_regions, 1);
  EXPECT_EQ(r.pattern(0).substr(0, 6), "000000");
  EXPECT_EQ(r.A[0], 0.0);
  EXPECT_EQ(r.A[1], 0.0);
}

TEST(RegionsDegenerate, TinyAndHugeWeightsGiveTheSameCells) {
  // Scaling layer l's weights by s and its biases by s^l scales every pre-activation of
  // layer l by s^l: the same cells, for relu and leaky alike.
  SplitMix rng(11);
  for (const char* name : {"relu", "leaky_relu"}) {
    Network base = make_net({2, 8, 8, 8, 1}, Activation::named(name));
    randomize(base, rng);
    const Regions2D ref = partition(base);
    for (double s : {1e-12, 1e12}) {
      SCOPED_TRACE(std::string(name) + " scale " + std::to_string(s));
      Network n = base;
      double sl = 1;
      for (std::size_t l = 0; l < n.num_layers(); ++l) {
        sl *= s;
        for (int i = 0; i < n.layers[l + 1] * n.layers[l]; ++i) n.W(l)[i] *= s;
        for (int i = 0; i < n.layers[l + 1]; ++i) n.b(l)[i] *= sl;
      }
      const Regions2D r = partition(n);
      EXPECT_EQ(r.pattern_regions, ref.pattern_regions);
      EXPECT_EQ(sorted_patterns(r), sorted_patterns(ref));
      EXPECT_TRUE(all_finite(r));
    }
  }
}

TEST(RegionsDegenerate, BoxesOfWidthOneNanometreAndOneBillionGiveTheSameCells) {
  SplitMix rng(12);
  Network base = make_net({2, 12, 12, 1}, Activation::named("relu"));
  randomize(base, rng);
  const Regions2D ref = partition(base);
  for (double half : {5e-10, 5e8}) {
    SCOPED_TRACE("half-width " + std::to_string(half));
    Network n = base;  // x' = x * half: divide the first layer's weights by half
    for (int i = 0; i < 24; ++i) n.W(0)[i] /= half;
    const Regions2D r = partition(n, -half, half, -half, half);
    EXPECT_EQ(r.pattern_regions, ref.pattern_regions);
    EXPECT_EQ(sorted_patterns(r), sorted_patterns(ref));
    EXPECT_TRUE(all_finite(r));
    // and the unscaled net on such a box: no crash, no NaN, the invariants
    const Regions2D plain = partition(base, -half, half, -half, half);
    EXPECT_GE(plain.pattern_regions, 1);
    EXPECT_TRUE(all_finite(plain));
  }
}

TEST(RegionsDegenerate, LeakyWithAlphaOneIsOneAffinePieceOverManyPatternCells) {
  SplitMix rng(13);
  Network n = make_net({2, 6, 6, 1}, act("leaky_relu", 1.0));
  randomize(n, rng);
  const Regions2D r = partition(n);
  EXPECT_GT(r.pattern_regions, 1);
  EXPECT_EQ(r.affine_pieces, 1);
}

TEST(RegionsDegenerate, BadInputsAreRejectedWithAStatusNotACrash) {
  Network good = lines_net({{1, 0, 0}});
  Regions2D r;
  Regions1D r1;
  Network zero_width = good;
  zero_width.layers = {2, 0, 1};
  EXPECT_FALSE(linear_regions_2d(zero_width, -1, 1, -1, 1, r).ok);
  Network nan_weight = good;
  nan_weight.W(0)[0] = std::numeric_limits<double>::quiet_NaN();
  Status st = linear_regions_2d(nan_weight, -1, 1, -1, 1, r);
  EXPECT_FALSE(st.ok);
  EXPECT_FALSE(st.message.empty());
  Network inf_bias = good;
  inf_bias.b(1)[0] = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(linear_regions_2d(inf_bias, -1, 1, -1, 1, r).ok);
  EXPECT_FALSE(linear_regions_2d(good, 1, 1, -1, 1, r).ok) << "zero-width box";
  EXPECT_FALSE(linear_regions_2d(good, 1, -1, -1, 1, r).ok) << "xmin > xmax";
  EXPECT_FALSE(linear_regions_2d(good, -1, 1, -1, std::nan(""), r).ok);
  EXPECT_FALSE(linear_regions_2d(good, -1e308, 1e308, -1, 1, r).ok) << "width overflows";
  EXPECT_FALSE(linear_regions_1d(good, -1, 1, r1).ok) << "2 inputs for a 1-D interval";
  EXPECT_FALSE(linear_regions_2d(make_net({3, 2, 1}, Activation::named("relu")), -1, 1, -1, 1, r).ok);
  Network wrong_count = good;
  wrong_count.params.pop_back();
  EXPECT_FALSE(linear_regions_2d(wrong_count, -1, 1, -1, 1, r).ok);
  // overflowing maps: finite weights whose products exceed double range
  Network huge = make_net({2, 2, 2, 2, 1}, Activation::named("relu"));
  for (double& p : huge.params) p = 1e200;
  st = linear_regions_2d(huge, -1, 1, -1, 1, r);
  EXPECT_FALSE(st.ok);
  EXPECT_EQ(r.pattern_regions, 0);
  // a cap on the number of cells
  SplitMix rng(1);
  Network big = make_net({2, 16, 1}, Activation::named("relu"));
  randomize(big, rng);
  RegionOptions few;
  few.max_regions = 5;
  st = linear_regions_2d(big, -4, 4, -4, 4, r, few);
  EXPECT_FALSE(st.ok);
  EXPECT_NE(st.message.find("more than 5"), std::string::npos) << st.message;
  PointRegion pr;
  EXPECT_FALSE(region_at(good, {0.0}, pr).ok) << "wrong number of coordinates";
  EXPECT_FALSE(region_at(good, {0.0, std::nan("")}, pr).ok);
  SegmentCrossings sc;
  EXPECT_FALSE(segment_crossings(good, {0.0, 0.0}, {1.0}, sc).ok);
}

TEST(RegionsQueries, ThePointQueryGivesThePatternAndLocalMap) {
  // relu(x) + relu(y) + relu(x + y - 0.5): at (0.5, 0.5) all on, map 2x + 2y - 0.5
  const Network n = lines_net({{1, 0, 0}, {0, 1, 0}, {1, 1, -0.5}});
  PointRegion pr;
  ASSERT_TRUE(region_at(n, {0.5, 0.5}, pr).ok);
  EXPECT_EQ(pr.pattern, "111");
  EXPECT_EQ(pr.A, (std::vector<double>{2, 2}));
  EXPECT_EQ(pr.c, (std::vector<double>{-0.5}));
  EXPECT_EQ(pr.logits, (std::vector<double>{1.5}));
  ASSERT_TRUE(region_at(n, {-0.5, 0.25}, pr).ok);
  EXPECT_EQ(pr.pattern, "010");
  EXPECT_EQ(pr.A, (std::vector<double>{0, 1}));
  ASSERT_TRUE(region_at(n, {0.0, 0.0}, pr).ok) << "on a boundary: z = 0 counts as off";
  EXPECT_EQ(pr.pattern, "000");
}

TEST(RegionsQueries, TheSegmentFromAToBListsEveryBoundaryItCrosses) {
  const Network n = lines_net({{1, 0, 0}, {0, 1, 0}, {1, 1, -0.5}});
  SegmentCrossings sc;
  // from (-0.9, -0.8) to (0.9, 0.8): x = 0 and y = 0 both at t = 1/2, x + y = 0.5 at 2.2 / 3.4
  ASSERT_TRUE(segment_crossings(n, {-0.9, -0.8}, {0.9, 0.8}, sc).ok);
  ASSERT_EQ(sc.t.size(), 2u);
  EXPECT_NEAR(sc.t[0], 0.5, 1e-15);
  EXPECT_NEAR(sc.t[1], 2.2 / 3.4, 1e-15);
  EXPECT_EQ(sc.patterns, "000110111");
  ASSERT_EQ(sc.A.size(), 6u);
  EXPECT_EQ(sc.A[2], 1.0);  // piece 1: relu(x) + relu(y) -> A = (1, 1)
  EXPECT_EQ(sc.A[4], 2.0);  // piece 2: A = (2, 2)
  // a segment starting on a boundary does not report t = 0; a point segment has one piece
  ASSERT_TRUE(segment_crossings(n, {0.0, -0.5}, {0.5, -0.5}, sc).ok);
  EXPECT_TRUE(sc.t.empty());
  ASSERT_TRUE(segment_crossings(n, {0.3, 0.3}, {0.3, 0.3}, sc).ok);
  EXPECT_TRUE(sc.t.empty());
  EXPECT_EQ(sc.patterns, "111");
}

TEST(RegionsQueries, SegmentPiecesAgreeWithThePointQueryOnRandomNets) {
  SplitMix rng(21);
  for (int trial = 0; trial < 20; ++trial) {
    Network n = make_net({2, 16, 16, 2}, Activation::named(trial % 2 ? "relu" : "leaky_relu"));
    randomize(n, rng);
    const std::vector<double> a{rng.uniform(-2, 2), rng.uniform(-2, 2)},
        b{rng.uniform(-2, 2), rng.uniform(-2, 2)};
    SegmentCrossings sc;
    ASSERT_TRUE(segment_crossings(n, a, b, sc).ok);
    const int K = int(sc.t.size());
    ASSERT_EQ(sc.patterns.size(), std::size_t(K + 1) * sc.neurons);
    for (int k = 0; k <= K; ++k) {
      const double t0 = k ? sc.t[k - 1] : 0.0, t1 = k < K ? sc.t[k] : 1.0, tm = 0.5 * (t0 + t1);
      EXPECT_LT(t0, t1);
      PointRegion pr;
      ASSERT_TRUE(region_at(n, {a[0] + tm * (b[0] - a[0]), a[1] + tm * (b[1] - a[1])}, pr).ok);
      EXPECT_EQ(pr.pattern, sc.patterns.substr(std::size_t(k) * sc.neurons, sc.neurons)) << "trial " << trial;
      for (std::size_t i = 0; i < pr.A.size(); ++i) EXPECT_NEAR(pr.A[i], sc.A[k * pr.A.size() + i], 1e-12);
      for (std::size_t i = 0; i < pr.c.size(); ++i) EXPECT_NEAR(pr.c[i], sc.c[k * pr.c.size() + i], 1e-12);
    }
  }
}

TEST(RegionsQueries, OneInputNetsAnswerPointAndSegmentQueries) {
  Network n = make_net({1, 2, 1}, Activation::named("relu"));
  n.W(0)[0] = 1;
  n.b(0)[0] = -1;  // x - 1
  n.W(0)[1] = -1;
  n.b(0)[1] = -1;  // -x - 1
  n.W(1)[0] = 1;
  n.W(1)[1] = 1;
  PointRegion pr;
  ASSERT_TRUE(region_at(n, {2.0}, pr).ok);
  EXPECT_EQ(pr.pattern, "10");
  EXPECT_EQ(pr.A, (std::vector<double>{1}));
  EXPECT_EQ(pr.c, (std::vector<double>{-1}));
  SegmentCrossings sc;
  ASSERT_TRUE(segment_crossings(n, {-3.0}, {3.0}, sc).ok);
  ASSERT_EQ(sc.t.size(), 2u);
  EXPECT_NEAR(sc.t[0], 1.0 / 3, 1e-15);
  EXPECT_NEAR(sc.t[1], 2.0 / 3, 1e-15);
  EXPECT_EQ(sc.patterns, "010010");
}

TEST(RegionsDegenerate, WildWeightRangesNeverCrashAndAlwaysKeepTheArea) {
  // Weights mixing denormals, zeros, integers and 1e150 in one net, boxes from 1e-12 to
  // 1e12 wide, some far from the origin: either a status, or finite cells tiling the box.
  SplitMix rng(4242);
  auto wild = [&rng]() {
    switch (rng.below(8)) {
      case 0:
        return 0.0;
      case 1:
        return double(rng.below(5) - 2);
      case 2:
        return rng.uniform(-1, 1) * std::pow(10.0, rng.below(40) - 20);
      case 3:
        return rng.uniform(-1, 1) * 1e-310;
      case 4:
        return rng.uniform(-1, 1) * 1e150;
      default:
        return rng.uniform(-1, 1);
    }
  };
  const char* names[] = {"relu", "leaky_relu", "relu6", "hardtanh", "identity", "prelu"};
  int ok = 0;
  for (int t = 0; t < 1500; ++t) {
    const int depth = rng.below(4);
    std::vector<int> layers{2};
    for (int l = 0; l < depth; ++l) layers.push_back(1 + rng.below(8));
    layers.push_back(1 + rng.below(2));
    Network n = make_net(layers, Activation::named(names[rng.below(6)]));
    for (double& p : n.params) p = rng.below(3) ? rng.uniform(-1, 1) : wild();
    const double c = rng.below(3) ? 0.0 : rng.uniform(-1e3, 1e3), w = std::pow(10.0, rng.below(24) - 12);
    Regions2D r;
    if (!linear_regions_2d(n, c - w, c + w, c - w * rng.uniform(0.1, 1), c + w, r).ok) {
      EXPECT_EQ(r.pattern_regions, 0);
      continue;
    }
    ++ok;
    ASSERT_TRUE(all_finite(r)) << "case " << t;
    ASSERT_NEAR(r.total_area, r.box_area, 1e-9 * r.box_area) << "case " << t;
    // Cells thinner than the doubles around them (a line 1e-300 from another) exist
    // exactly; their area may round to 0, never below.
    for (double a : r.area) ASSERT_GE(a, 0) << "case " << t;
  }
  EXPECT_GT(ok, 1000);
}
