// The shortest round-trip decimal of a double, as JavaScript's Number::toString writes it
// (see number_text.h). The digits come from Raffaello Giulietti's Schubfach method (the one
// behind Java's Double.toString since JDK 19), written here from the paper's description:
// v = c 2^q is scaled by a 126-bit approximation g of 10^-k, with k chosen so that the
// rounding interval of v holds at most one multiple of 10 (in units of 10^k) and at least one
// integer; each comparison with the interval's ends is exact. Unlike Java, which wants at
// least two digits, a single digit is taken when it is the shortest (5e-324), as JavaScript
// does. The table of g is computed once, exactly, with Boost's big integers.
#include "alab/number_text.h"

#include <cstdint>
#include <cstring>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>

namespace alab {
namespace {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

constexpr int kQMin = -1074;  // exponent of the subnormals: v = c 2^q
constexpr u64 kCMin = u64(1) << 52;
constexpr int kKMin = -324, kKMax = 292;  // the decimal exponents k that occur

// floor(e log10 2), floor(log10(3/4 2^e)), floor(e log2 10), for |e| up to a few thousand.
int flog10pow2(int e) { return int((std::int64_t(e) * 661971961083LL) >> 41); }
int flog10three_quarters_pow2(int e) { return int((std::int64_t(e) * 661971961083LL - 274743187321LL) >> 41); }
int flog2pow10(int e) { return int((std::int64_t(e) * 913124641741LL) >> 38); }

// g(k) = floor(10^-k 2^(125 - flog2pow10(-k))) + 1, in [2^125, 2^126], as 63-bit halves.
struct G {
  u64 hi, lo;
};
const std::vector<G>& g_table() {
  static const std::vector<G> table = [] {
    using Int = boost::multiprecision::cpp_int;
    std::vector<G> t;
    for (int k = kKMin; k <= kKMax; ++k) {
      const int e = -k, shift = 125 - flog2pow10(e);
      Int g;
      if (e >= 0) {
        const Int p = boost::multiprecision::pow(Int(10), unsigned(e));
        g = shift >= 0 ? Int(p << shift) : Int(p >> -shift);
      } else {
        g = (Int(1) << shift) / boost::multiprecision::pow(Int(10), unsigned(-e));
      }
      g += 1;
      const Int mask = (Int(1) << 63) - 1;
      t.push_back({u64(g >> 63), u64(g & mask)});
    }
    return t;
  }();
  return table;
}

u64 mul_high(u64 a, u64 b) { return u64((u128(a) * b) >> 64); }

// g cp / 2^127, rounded to odd (the lowest bit says whether anything was dropped).
u64 rop(const G& g, u64 cp) {
  const u64 x1 = mul_high(g.lo, cp);
  const u128 y = u128(g.hi) * cp;
  const u64 y0 = u64(y), y1 = u64(y >> 64);
  const u64 z = (y0 >> 1) + x1;
  const u64 vbp = y1 + (z >> 63);
  return vbp | (((z & ((u64(1) << 63) - 1)) + ((u64(1) << 63) - 1)) >> 63);
}

// The shortest decimal f 10^e in the rounding interval of c 2^q (closest, even on a tie).
void to_decimal(int q, u64 c, u64& f, int& e) {
  const u64 out = c & 1;  // an odd c's interval excludes its ends
  const u64 cb = c << 2, cbr = cb + 2;
  u64 cbl;
  int k;
  if (c != kCMin || q == kQMin) {
    cbl = cb - 2;
    k = flog10pow2(q);
  } else {  // a power of two: the gap below is half the gap above
    cbl = cb - 1;
    k = flog10three_quarters_pow2(q);
  }
  const int h = q + flog2pow10(-k) + 2;
  const G& g = g_table()[std::size_t(k - kKMin)];
  const u64 vb = rop(g, cb << h), vbl = rop(g, cbl << h), vbr = rop(g, cbr << h);
  const u64 s = vb >> 2;
  // One digit fewer: the multiples of 10 around s (at most one lies in the interval).
  const u64 sp10 = s / 10 * 10, tp10 = sp10 + 10;
  const bool upin = vbl + out <= sp10 << 2, wpin = (tp10 << 2) + out <= vbr;
  if (upin != wpin) {
    f = upin ? sp10 : tp10;
    e = k;
    return;
  }
  const u64 t = s + 1;
  const bool uin = vbl + out <= s << 2, win = (t << 2) + out <= vbr;
  e = k;
  if (uin != win) {
    f = uin ? s : t;
    return;
  }
  const std::int64_t cmp = std::int64_t(vb - ((s + t) << 1));
  f = cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t;
}

}  // namespace

void append_number(std::string& out, double x) {
  u64 bits;
  std::memcpy(&bits, &x, sizeof bits);
  const u64 t = bits & (kCMin - 1);
  const int bq = int(bits >> 52) & 0x7ff;
  if (bits >> 63 && x != 0) out += '-';
  u64 f;
  int e;
  if (bq != 0) {
    const int mq = -kQMin + 1 - bq;
    const u64 c = kCMin | t;
    if (0 < mq && mq < 53 && ((c >> mq) << mq) == c) {  // an integer below 2^53: its digits
      f = c >> mq;
      e = 0;
    } else {
      to_decimal(-mq, c, f, e);
    }
  } else if (t == 0) {
    out += '0';
    return;
  } else if (t < 3) {  // too few bits for the scaling: 2^-1074 and 2^-1073 by hand
    f = t == 1 ? 5 : 1;
    e = t == 1 ? -324 : -323;
  } else {
    to_decimal(kQMin, t, f, e);
  }
  while (f % 10 == 0) f /= 10, ++e;
  char digits[24];
  int k = 0;
  for (u64 v = f; v; v /= 10) digits[k++] = char('0' + v % 10);
  for (int i = 0; i < k / 2; ++i) std::swap(digits[i], digits[k - 1 - i]);
  // Number::toString: the value is 0.d1..dk 10^n.
  const int n = k + e;
  if (k <= n && n <= 21) {
    out.append(digits, std::size_t(k));
    out.append(std::size_t(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, std::size_t(n));
    out += '.';
    out.append(digits + n, std::size_t(k - n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(std::size_t(-n), '0');
    out.append(digits, std::size_t(k));
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits + 1, std::size_t(k - 1));
    }
    out += 'e';
    out += n - 1 < 0 ? '-' : '+';
    out += std::to_string(n - 1 < 0 ? 1 - n : n - 1);
  }
}

}  // namespace alab
