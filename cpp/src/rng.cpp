// Rng (see rng.h): xoshiro256** by Blackman and Vigna, seeded through splitmix64.
#include "alab/rng.h"

#include <cmath>
#include <cstring>

namespace alab {

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

void Rng::reseed(std::uint64_t seed) {
  std::uint64_t x = seed;
  for (auto& s : s_) s = splitmix64(x);
  has_cached_normal_ = false;
  cached_normal_ = 0;
}

std::uint64_t Rng::next_u64() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t Rng::below(std::uint64_t n) {
  if (n <= 1) return 0;
  // Rejection: accept draws below the largest multiple of n.
  const std::uint64_t limit = (~std::uint64_t(0)) - ((~std::uint64_t(0)) % n);
  std::uint64_t r;
  do r = next_u64();
  while (r >= limit);
  return r % n;
}

double Rng::normal() {
  if (has_cached_normal_) {
    has_cached_normal_ = false;
    return cached_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform01() - 1.0;
    v = 2.0 * uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * portable_log(s) / s);  // sqrt is exact-rounded IEEE
  cached_normal_ = v * factor;
  has_cached_normal_ = true;
  return u * factor;
}

double portable_log(double x) {
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(f), f = (m-1)/(m+1),
  // |f| <= 0.1716, so the odd series to f^23 is below 1e-17 relative.
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int e = int((bits >> 52) & 0x7ff);
  if (e == 0) {  // subnormal: scale up by 2^54 exactly
    x *= 0x1.0p54;
    std::memcpy(&bits, &x, sizeof bits);
    e = int((bits >> 52) & 0x7ff) - 54;
  }
  e -= 1022;  // now m in [0.5, 1)
  bits = (bits & 0x000fffffffffffffULL) | 0x3fe0000000000000ULL;
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    e -= 1;
  }
  const double f = (m - 1.0) / (m + 1.0);
  const double f2 = f * f;
  double series = 1.0 / 23;
  for (int k = 21; k >= 1; k -= 2) series = series * f2 + 1.0 / k;
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  return (double(e) * ln2_lo + 2.0 * f * series) + double(e) * ln2_hi;
}

}  // namespace alab
