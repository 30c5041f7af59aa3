// fast_math.h (internal): e^x and tanh in double precision, within a few ulp of the
// correctly rounded value, as straight-line code a compiler can inline and vectorise
// (no libm call, only selects). The training hot path spends most of its time here.
// Not a general libm: arguments are clamped to the ranges activations need.
#pragma once

#include <cstdint>
#include <cstring>

namespace alab::fast {

inline std::uint64_t to_bits(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, sizeof u);
  return u;
}

inline double from_bits(std::uint64_t u) {
  double d;
  std::memcpy(&d, &u, sizeof d);
  return d;
}

// e^r - 1 for |r| <= ln2/2 by its Taylor series to r^13: the first dropped term is
// below 1.2e-17 relative, so the result is within about 1 ulp (Horner rounding).
inline double expm1_reduced(double r) {
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  return p * r;
}

// Splits y = k ln2 + r, |r| <= ln2/2 (Cody-Waite, fdlibm's two-part ln2), and returns
// 2^(k-1) (half the scale, so that k = 1024 still fits) and e^r - 1. y must be finite
// and in [-707, 709.79].
inline void reduce(double y, double& scale, double& em1_r) {
  constexpr double kLog2e = 1.4426950408889634074;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln2 with trailing zero bits: k*hi is exact
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShifter = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer
  const double shifted = y * kLog2e + kShifter;  // k sits in the low mantissa bits
  const double kd = shifted - kShifter;
  const double r = (y - kd * kLn2Hi) - kd * kLn2Lo;
  // 2^(k-1) built from k's bits: integer add and shift only, so loops vectorise.
  const std::uint64_t k_bits = to_bits(shifted) - to_bits(kShifter);
  scale = from_bits((k_bits + 1022) << 52);
  em1_r = expm1_reduced(r);
}

// e^x: +inf above ln(DBL_MAX), 0 below -707 (results under 1e-307 are flushed to 0:
// they only occur where activations round to their limits anyway), NaN for NaN.
inline double exp(double x) {
  constexpr double kMaxArg = 709.782712893384;  // ln(DBL_MAX)
  const double y = x > -707.0 ? (x < kMaxArg ? x : kMaxArg) : -707.0;  // NaN -> -707
  double half, p;
  reduce(y, half, p);
  double e = 2.0 * (half * p + half);
  e = x > kMaxArg ? __builtin_inf() : e;
  e = x < -707.0 ? 0.0 : e;
  return x != x ? x : e;
}

// tanh x via tanh|x| = em / (em + 2), em = e^(2|x|) - 1 computed without cancellation
// (2^k p + (2^k - 1)), so small x keep full relative accuracy.
inline double tanh(double x) {
  const double a = x < 0 ? -x : x;
  const double y = 2.0 * (a < 20.0 ? a : 20.0);  // tanh rounds to 1 beyond |x| = 19.06; NaN -> 20
  double half, p;
  reduce(y, half, p);
  const double scale = 2.0 * half;
  const double em = scale * p + (scale - 1.0);
  const double t = em / (em + 2.0);
  const double s = x < 0 ? -t : t;
  return x != x ? x : s;
}

// 1 / (1 + e^-x), the form torch uses.
inline double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

// sin and cos for moderate |x| (<= kSinCosMax): Cody-Waite reduction by pi/2 in two parts,
// Taylor series on [-pi/4, pi/4] (terms to x^19: error below 1e-18), so within an ulp or two
// of libm's, from IEEE basic operations only: the same bits natively and in WebAssembly, and
// no libm sine (its reduction for huge arguments costs 4 KB of the module).
inline constexpr double kSinCosMax = 1e5;
inline void sincos(double x, double& s, double& c) {
  constexpr double kPi = 3.14159265358979323846;
  const double pio2_hi = 1.57079632673412561417e+00, pio2_lo = 6.07710050650619224932e-11;
  const double k = __builtin_nearbyint(x * (2.0 / kPi));
  const double r = (x - k * pio2_hi) - k * pio2_lo;
  const double r2 = r * r;
  double ps = 1.0, pc = 1.0;  // Horner from the highest term
  for (int n = 19; n >= 3; n -= 2) ps = 1.0 - ps * r2 / double(n * (n - 1));
  for (int n = 18; n >= 2; n -= 2) pc = 1.0 - pc * r2 / double(n * (n - 1));
  const double sr = r * ps, cr = pc;
  switch (long(k) & 3) {
    case 0: s = sr; c = cr; break;
    case 1: s = cr; c = -sr; break;
    case 2: s = -sr; c = -cr; break;
    default: s = -cr; c = sr; break;
  }
}

}  // namespace alab::fast
