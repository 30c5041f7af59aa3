// The speed probe measures something plausible and rejects bad sizes.
#include <gtest/gtest.h>

#include "alab/speed.h"

using alab::Activation;

TEST(Speed, GivesPositiveFiniteTimesPerElement) {
  alab::ActivationTiming t;
  ASSERT_TRUE(alab::time_activation(Activation::named("gelu"), 4096, 3, 0.5, t).ok);
  EXPECT_GT(t.forward_ns, 0.0);
  EXPECT_GT(t.backward_ns, 0.0);
  EXPECT_LT(t.forward_ns, 1e5);
  EXPECT_EQ(t.samples, 3);
}

TEST(Speed, RejectsBadSizes) {
  alab::ActivationTiming t;
  EXPECT_FALSE(alab::time_activation(Activation::named("relu"), 4, 3, 1.0, t).ok);
  EXPECT_FALSE(alab::time_activation(Activation::named("relu"), 4096, 0, 1.0, t).ok);
  EXPECT_FALSE(alab::time_activation(Activation::named("relu"), 4096, 3, 0.0, t).ok);
}
