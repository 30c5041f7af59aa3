// Rng: the project's own seeded random number generator (xoshiro256** seeded through
// splitmix64), with uniform and normal draws and a Fisher-Yates shuffle. Every draw uses
// only integer arithmetic, IEEE + - * / and sqrt, and a project-owned log, so the same
// seed gives the same bits natively and in WebAssembly. It deliberately avoids the
// std:: distributions, whose output differs between libstdc++ and libc++.
#pragma once

#include <cstddef>
#include <cstdint>

namespace alab {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }

  // Restarts the stream from the given seed.
  void reseed(std::uint64_t seed);
  // The next 64 random bits.
  std::uint64_t next_u64();
  // Uniform double in [0, 1), 53 random bits.
  double uniform01() { return double(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform double in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // Uniform integer in [0, n) without modulo bias; n >= 1.
  std::uint64_t below(std::uint64_t n);
  // Standard normal N(0, 1) by Marsaglia's polar method (pairs, the second is cached).
  double normal();
  double normal(double mean, double sd) { return mean + sd * normal(); }
  // Fisher-Yates shuffle of idx[0..n).
  template <class T>
  void shuffle(T* idx, std::size_t n) {
    for (std::size_t i = n; i > 1; --i) {
      const std::size_t j = std::size_t(below(i));
      T t = idx[i - 1];
      idx[i - 1] = idx[j];
      idx[j] = t;
    }
  }

 private:
  std::uint64_t s_[4] = {0, 0, 0, 0};
  double cached_normal_ = 0;
  bool has_cached_normal_ = false;
};

// Natural log from IEEE basic operations only (same bits on every platform); x > 0
// and finite. Accurate to about 1 ulp; used by Rng::normal.
double portable_log(double x);

}  // namespace alab
