// Speed measurement of activations (see speed.h).
#include "alab/speed.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace alab {
namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Median ns per element of `pass` (which processes n elements per call).
template <class Pass>
double median_ns(Pass pass, std::size_t n, int samples, double min_ms) {
  // Calibrate: how many calls fill min_ms.
  long calls = 1;
  for (;;) {
    const auto t0 = Clock::now();
    for (long i = 0; i < calls; ++i) pass();
    const double ms = elapsed_ms(t0);
    if (ms >= min_ms || calls > (1L << 26)) break;
    calls = ms <= 0 ? calls * 16 : std::max(calls * 2, long(double(calls) * min_ms / ms * 1.2) + 1);
  }
  // Time the samples; if they ran much shorter than min_ms (the calibration was fooled
  // by one slow pass, e.g. a JIT tier-up), double the calls and time them again, so a
  // coarse clock (browsers round to 0.1 ms) never reads 0.
  std::vector<double> per_element, batch_ms;
  for (int attempt = 0; attempt < 24; ++attempt) {
    per_element.clear();
    batch_ms.clear();
    for (int s = 0; s < samples; ++s) {
      const auto t0 = Clock::now();
      for (long i = 0; i < calls; ++i) pass();
      const double ms = elapsed_ms(t0);
      batch_ms.push_back(ms);
      per_element.push_back(ms * 1e6 / double(calls) / double(n));
    }
    std::sort(batch_ms.begin(), batch_ms.end());
    if (batch_ms[batch_ms.size() / 2] >= min_ms / 2 || calls > (1L << 26)) break;
    calls *= 2;
  }
  std::sort(per_element.begin(), per_element.end());
  return per_element[per_element.size() / 2];
}

}  // namespace

Status time_activation(const Activation& act, std::size_t n, int samples, double min_ms, ActivationTiming& out) {
  if (n < kMinSpeedSize || n > kMaxSpeedSize)
    return Status::error("speed_size_out_of_range",
                         {{"value", n}, {"min", kMinSpeedSize}, {"max", kMaxSpeedSize}});
  if (samples < 1 || samples > kMaxSpeedSamples)
    return Status::error("speed_samples_out_of_range",
                         {{"value", samples}, {"min", 1}, {"max", kMaxSpeedSamples}});
  if (!(min_ms >= 0.1 && min_ms <= 1000))
    return Status::error("speed_min_ms_out_of_range", {{"value", min_ms}, {"min", 0.1}, {"max", 1000}});
  std::vector<double> x(n), y(n), dy(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = -6.0 + 12.0 * double(i) / double(n - 1);
  volatile double sink = 0;  // keeps the compiler from dropping the work
  auto forward = [&] {
    act.eval(x.data(), y.data(), nullptr, n);
    sink = sink + y[n / 2];
  };
  auto backward = [&] {
    act.eval(x.data(), nullptr, dy.data(), n);
    sink = sink + dy[n / 2];
  };
  forward();
  backward();
  out.forward_ns = median_ns(forward, n, samples, min_ms);
  out.backward_ns = median_ns(backward, n, samples, min_ms);
  out.samples = samples;
  return {};
}

}  // namespace alab
