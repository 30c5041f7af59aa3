// Seeded data sets: identical bits for identical seeds, the documented shapes, classes
// and box, noise that moves points, and a train/test split that partitions the data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "alab/datasets.h"

using namespace alab;

TEST(Datasets, EveryKindGivesIdenticalBitsForIdenticalSeeds) {
  for (DatasetKind k : dataset_kinds()) {
    Dataset a, b, c;
    ASSERT_TRUE(make_dataset(k, 200, 0.3, 17, a).ok);
    ASSERT_TRUE(make_dataset(k, 200, 0.3, 17, b).ok);
    ASSERT_TRUE(make_dataset(k, 200, 0.3, 18, c).ok);
    EXPECT_EQ(a.x, b.x) << dataset_kind_name(k);
    EXPECT_EQ(a.labels, b.labels) << dataset_kind_name(k);
    EXPECT_EQ(a.targets, b.targets) << dataset_kind_name(k);
    EXPECT_NE(a.x, c.x) << dataset_kind_name(k) << ": the seed changes nothing";
  }
}

TEST(Datasets, ClassificationSetsAreTwoDimensionalBalancedAndInsideTheBox) {
  for (DatasetKind k : dataset_kinds()) {
    Dataset d;
    ASSERT_TRUE(make_dataset(k, 500, 0.0, 1, d).ok);
    ASSERT_TRUE(validate_dataset(d).ok) << dataset_kind_name(k);
    EXPECT_EQ(d.size(), 500u);
    for (double v : d.x) {
      ASSERT_GE(v, kDataBoxMin) << dataset_kind_name(k);
      ASSERT_LE(v, kDataBoxMax) << dataset_kind_name(k);
    }
    if (!d.is_classification()) {
      EXPECT_EQ(d.dim, 1);
      EXPECT_EQ(d.target_dim, 1);
      continue;
    }
    EXPECT_EQ(d.dim, 2);
    const int expected_classes = k == DatasetKind::Blobs3 ? 3 : k == DatasetKind::Blobs5 ? 5 : 2;
    EXPECT_EQ(d.num_classes, expected_classes) << dataset_kind_name(k);
    std::vector<int> count(std::size_t(d.num_classes), 0);
    for (int l : d.labels) ++count[std::size_t(l)];
    for (int c : count) EXPECT_NEAR(c, 500.0 / d.num_classes, 0.3 * 500.0 / d.num_classes) << dataset_kind_name(k);
  }
}

TEST(Datasets, LabelsFollowTheDocumentedGeometryWithoutNoise) {
  Dataset circle, xr;
  ASSERT_TRUE(make_dataset(DatasetKind::Circle, 400, 0.0, 2, circle).ok);
  for (std::size_t p = 0; p < circle.size(); ++p) {
    const double r = std::hypot(circle.x[2 * p], circle.x[2 * p + 1]);
    if (circle.labels[p] == 1) EXPECT_LE(r, 2.5 + 1e-12);
    else EXPECT_GE(r, 3.5 - 1e-12);
  }
  ASSERT_TRUE(make_dataset(DatasetKind::Xor, 400, 0.0, 2, xr).ok);
  for (std::size_t p = 0; p < xr.size(); ++p)
    EXPECT_EQ(xr.labels[p], xr.x[2 * p] * xr.x[2 * p + 1] > 0 ? 1 : 0);
  Dataset s;
  ASSERT_TRUE(make_dataset(DatasetKind::Sin, 300, 0.0, 2, s).ok);
  for (std::size_t p = 0; p < s.size(); ++p) EXPECT_NEAR(s.targets[p], std::sin(s.x[p]), 1e-15);
  ASSERT_TRUE(make_dataset(DatasetKind::Bump, 300, 0.0, 2, s).ok);
  for (std::size_t p = 0; p < s.size(); ++p) EXPECT_NEAR(s.targets[p], 2 * std::exp(-0.5 * s.x[p] * s.x[p]) - 1, 1e-15);
}

TEST(Datasets, NoiseMovesPointsButKeepsLabels) {
  Dataset clean, noisy;
  ASSERT_TRUE(make_dataset(DatasetKind::Spiral, 100, 0.0, 4, clean).ok);
  ASSERT_TRUE(make_dataset(DatasetKind::Spiral, 100, 0.5, 4, noisy).ok);
  EXPECT_EQ(clean.labels, noisy.labels);
  EXPECT_NE(clean.x, noisy.x);
}

TEST(Datasets, BadArgumentsAreRejected) {
  Dataset d;
  EXPECT_FALSE(make_dataset(DatasetKind::Circle, 0, 0.1, 1, d).ok);
  EXPECT_FALSE(make_dataset(DatasetKind::Circle, 10, -1, 1, d).ok);
  EXPECT_FALSE(make_dataset(DatasetKind::Circle, 10, NAN, 1, d).ok);
  const Status s = make_dataset("donut", 10, 0.1, 1, d);
  EXPECT_FALSE(s.ok);
  EXPECT_NE(s.message.find("donut"), std::string::npos);
  EXPECT_FALSE(make_labelled_dataset(2, {0, 0, 1}, {0}, d).ok);         // half a point
  EXPECT_FALSE(make_labelled_dataset(2, {0, 0, 1, 1}, {0, -1}, d).ok);   // negative label
  EXPECT_FALSE(make_labelled_dataset(2, {0, NAN}, {0}, d).ok);           // NaN coordinate
  ASSERT_TRUE(make_labelled_dataset(2, {0, 0, 1, 1, 2, 2}, {0, 3, 1}, d).ok);
  EXPECT_EQ(d.num_classes, 4);
}

TEST(Datasets, SplitPartitionsThePointsReproducibly) {
  Dataset d, tr1, te1, tr2, te2;
  ASSERT_TRUE(make_dataset(DatasetKind::Moons, 101, 0.1, 5, d).ok);
  ASSERT_TRUE(split_dataset(d, 0.3, 9, tr1, te1).ok);
  ASSERT_TRUE(split_dataset(d, 0.3, 9, tr2, te2).ok);
  EXPECT_EQ(tr1.x, tr2.x);
  EXPECT_EQ(te1.labels, te2.labels);
  EXPECT_EQ(te1.size(), 30u);
  EXPECT_EQ(tr1.size() + te1.size(), d.size());
  std::multiset<std::pair<double, double>> all, parts;
  for (std::size_t p = 0; p < d.size(); ++p) all.insert({d.x[2 * p], d.x[2 * p + 1]});
  for (const Dataset* part : {&tr1, &te1})
    for (std::size_t p = 0; p < part->size(); ++p) parts.insert({part->x[2 * p], part->x[2 * p + 1]});
  EXPECT_EQ(all, parts);
  EXPECT_EQ(tr1.num_classes, 2);
  EXPECT_FALSE(split_dataset(d, 1.0, 9, tr1, te1).ok);
  EXPECT_FALSE(split_dataset(d, -0.1, 9, tr1, te1).ok);
}

// FNV-1a over the bits of every generated number. The golden value below is also what
// the WebAssembly build (Clang, musl) computes: the generators use only the project's
// RNG and IEEE-exact operations, with every draw in its own statement.
TEST(Datasets, EveryKindGivesTheSameBitsOnEveryPlatform) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](double v) {
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    h = (h ^ b) * 1099511628211ULL;
  };
  for (DatasetKind k : dataset_kinds()) {
    Dataset d;
    ASSERT_TRUE(make_dataset(k, 300, 0.2, 5, d).ok);
    for (double v : d.x) mix(v);
    for (double v : d.targets) mix(v);
    for (int l : d.labels) mix(double(l));
  }
  EXPECT_EQ(h, 0xc026fd7abfc2290cULL);
}
