// The vectorisable exp and tanh of the core stay within a few ulp of libm everywhere
// activations use them, and handle NaN, infinities and the clamps.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "../../cpp/src/fast_math.h"

namespace {
double ulps(double got, double want) {
  if (got == want) return 0;
  const double unit = std::max(std::fabs(want) * std::numeric_limits<double>::epsilon(), 4.9e-324);
  return std::fabs(got - want) / unit;
}
}  // namespace

TEST(FastMath, TanhIsWithinFourUlpOfLibm) {
  double worst = 0, at = 0;
  for (double x = -25; x <= 25; x += 1.731e-4) {
    const double u = ulps(alab::fast::tanh(x), std::tanh(x));
    if (u > worst) worst = u, at = x;
  }
  for (double x = 1e-300; x < 1; x *= 1.01) {
    const double u = std::max(ulps(alab::fast::tanh(x), std::tanh(x)), ulps(alab::fast::tanh(-x), std::tanh(-x)));
    if (u > worst) worst = u, at = x;
  }
  std::printf("fast tanh: max %.2f ulp (at x = %g)\n", worst, at);
  EXPECT_LE(worst, 4.0) << "at x = " << at;
}

TEST(FastMath, ExpIsWithinTwoUlpOfLibmOverTheNormalRange) {
  double worst = 0, at = 0;
  for (double x = -707; x <= 709.78; x += 1.731e-3) {
    const double u = ulps(alab::fast::exp(x), std::exp(x));
    if (u > worst) worst = u, at = x;
  }
  std::printf("fast exp: max %.2f ulp (at x = %g)\n", worst, at);
  EXPECT_LE(worst, 2.0) << "at x = " << at;
}

TEST(FastMath, EdgesAreHandled) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isnan(alab::fast::tanh(nan)));
  EXPECT_TRUE(std::isnan(alab::fast::exp(nan)));
  EXPECT_EQ(alab::fast::tanh(inf), 1.0);
  EXPECT_EQ(alab::fast::tanh(-inf), -1.0);
  EXPECT_EQ(alab::fast::tanh(1e308), 1.0);
  EXPECT_EQ(alab::fast::tanh(0.0), 0.0);
  EXPECT_EQ(alab::fast::exp(1000), inf);
  EXPECT_EQ(alab::fast::exp(-1000), 0.0);
  EXPECT_EQ(alab::fast::exp(0.0), 1.0);
  EXPECT_EQ(alab::fast::sigmoid(-1000), 0.0);
  EXPECT_EQ(alab::fast::sigmoid(1000), 1.0);
}
