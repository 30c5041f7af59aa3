// Speed: how long one activation takes per element, forward (f) and backward (f'),
// measured by the core itself with a monotonic clock (in the browser: performance.now).
// It reports what this machine does; it asserts nothing about other machines.
#pragma once

#include <cstddef>

#include "alab/activations.h"
#include "alab/status.h"

namespace alab {

inline constexpr std::size_t kMinSpeedSize = 16;  // elements per timed array
inline constexpr std::size_t kMaxSpeedSize = std::size_t(1) << 20;
inline constexpr int kMaxSpeedSamples = 101;

struct ActivationTiming {
  double forward_ns = 0;   // median ns per element of f over the array
  double backward_ns = 0;  // median ns per element of f' alone
  int samples = 0;         // timed repeats behind each median
};

// Times act over n inputs spread evenly over [-6, 6]: a warm-up, then `samples` timed
// repeats of each pass, each long enough (>= min_ms) for a coarse browser clock.
// n in [kMinSpeedSize, kMaxSpeedSize], samples in [1, kMaxSpeedSamples], min_ms in [0.1, 1000].
Status time_activation(const Activation& act, std::size_t n, int samples, double min_ms, ActivationTiming& out);

}  // namespace alab
