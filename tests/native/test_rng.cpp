// The project's RNG: fixed bits for a fixed seed (golden values, so a change of
// algorithm is noticed), sane uniform and normal statistics, an accurate portable log,
// and a shuffle that is a permutation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "alab/rng.h"

using namespace alab;

TEST(Rng, SameSeedGivesTheSameStreamAndDifferentSeedsDiffer) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 1000; ++i) {
    const auto x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    EXPECT_NE(x, c.next_u64());
  }
  a.reseed(7);
  b.reseed(7);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.normal(), b.normal());
}

TEST(Rng, FirstDrawsAreThoseOfSplitmix64SeededXoshiro256StarStar) {
  // splitmix64(0) state words feed xoshiro256**; the first outputs are fixed forever.
  Rng r(0);
  const std::uint64_t first = r.next_u64();
  Rng again(0);
  EXPECT_EQ(first, again.next_u64());
  // Golden value computed by this implementation when it was written: a change of the
  // generator would silently change every seeded data set and initialisation.
  EXPECT_EQ(first, 0x99ec5f36cb75f2b4ULL);
}

TEST(Rng, UniformStaysInItsRangeWithTheRightMean) {
  Rng r(1);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = r.uniform(-2, 3);
    ASSERT_GE(u, -2);
    ASSERT_LT(u, 3);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.02);
  for (int i = 0; i < 1000; ++i) ASSERT_LT(r.below(7), 7u);
}

TEST(Rng, NormalHasMeanZeroAndVarianceOne) {
  Rng r(3);
  double s = 0, s2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    s += z;
    s2 += z * z;
  }
  EXPECT_NEAR(s / n, 0.0, 0.01);
  EXPECT_NEAR(s2 / n, 1.0, 0.01);
}

TEST(Rng, PortableLogAgreesWithTheLibraryLogToAFewUlp) {
  Rng r(5);
  double worst = 0;
  for (int i = 0; i < 100000; ++i) {
    const double x = std::ldexp(1.0 + r.uniform01(), int(r.below(200)) - 100);
    worst = std::max(worst, std::fabs(portable_log(x) - std::log(x)) / std::max(1e-300, std::fabs(std::log(x))));
  }
  for (double x : {1.0, 2.0, 0.5, 1e-300, 4.9e-324, 1.7e308, 0.7071067811865476, 1.0000000001})
    worst = std::max(worst, std::fabs(portable_log(x) - std::log(x)) / std::max(1e-300, std::fabs(std::log(x))));
  EXPECT_EQ(portable_log(1.0), 0.0);
  EXPECT_LT(worst, 4e-16) << "max relative error " << worst;
}

TEST(Rng, ShuffleIsASeededPermutation) {
  std::vector<int> a(100), b(100);
  std::iota(a.begin(), a.end(), 0);
  b = a;
  Rng r1(9), r2(9);
  r1.shuffle(a.data(), a.size());
  r2.shuffle(b.data(), b.size());
  EXPECT_EQ(a, b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 100; ++i) ASSERT_EQ(sorted[std::size_t(i)], i);
  int moved = 0;
  for (int i = 0; i < 100; ++i) moved += a[std::size_t(i)] != i;
  EXPECT_GT(moved, 80);
}
