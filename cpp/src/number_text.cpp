// The shortest round-trip decimal of a double, as JavaScript's Number::toString writes it
// (see number_text.h). The digits come from Raffaello Giulietti's Schubfach method (the one
// behind Java's Double.toString since JDK 19), written here from the paper's description:
// v = c 2^q is scaled by a 126-bit approximation g of 10^-k, with k chosen so that the
// rounding interval of v holds at most one multiple of 10 (in units of 10^k) and at least one
// integer; each comparison with the interval's ends is exact. Unlike Java, which wants at
// least two digits, a single digit is taken when it is the shortest (5e-324), as JavaScript
// does. The table of g is computed once, exactly, with a few lines of big-integer arithmetic.
#include "alab/number_text.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace alab {
namespace {

using u64 = std::uint64_t;
#if !defined(__wasm__)
__extension__ typedef unsigned __int128 u128;  // a GNU extension, hence the keyword
#endif

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

// A natural number below 2^1280 in 32-bit limbs, least significant first: just enough
// arithmetic for the table (times 10, an exact floor division by 10, a window of bits).
struct Big {
  std::uint32_t limb[40] = {};
  void times10() {
    u64 carry = 0;
    for (std::uint32_t& l : limb) {
      const u64 v = u64(l) * 10 + carry;
      l = std::uint32_t(v);
      carry = v >> 32;
    }
  }
  void divide10() {  // floor(floor(x / 10) / 10) = floor(x / 100): repeated floors stay exact
    u64 rem = 0;
    for (int i = 39; i >= 0; --i) {
      const u64 v = (rem << 32) | limb[i];
      limb[i] = std::uint32_t(v / 10);
      rem = v % 10;
    }
  }
  bool bit(long pos) const { return pos >= 0 && pos < 1280 && (limb[pos >> 5] >> (pos & 31)) & 1; }
  // Bits pos .. pos + 62 (bits below 0 read as 0): floor(x 2^-pos) mod 2^63.
  u64 bits63(long pos) const {
    u64 v = 0;
    for (int i = 62; i >= 0; --i) v = (v << 1) | u64(bit(pos + i));
    return v;
  }
};

G window(const Big& x, long shift) {  // floor(x 2^-shift) + 1, known to be below 2^126
  G g{x.bits63(shift + 63), x.bits63(shift) + 1};
  if (g.lo >> 63) g.lo = 0, ++g.hi;
  return g;
}

const std::vector<G>& g_table() {
  // 10^e for e >= 0 exactly (times 10); floor(2^1200 / 10^m) for e = -m exactly (divide by
  // 10, floors of floors); each entry is a window of 126 bits of one of them.
  static const std::vector<G> table = [] {
    std::vector<G> t(std::size_t(kKMax - kKMin + 1));
    Big x;
    x.limb[0] = 1;
    for (int e = 0; e <= -kKMin; ++e, x.times10()) t[std::size_t(-e - kKMin)] = window(x, flog2pow10(e) - 125);
    constexpr long kB = 1200;
    Big y;
    y.limb[kB >> 5] = std::uint32_t(1) << (kB & 31);
    for (int m = 1; m <= kKMax; ++m) {
      y.divide10();  // floor(2^kB / 10^m); 2^(125 - r) / 10^m = that times 2^(125 - r - kB)
      t[std::size_t(m - kKMin)] = window(y, kB - (125 - flog2pow10(-m)));
    }
    return t;
  }();
  return table;
}

// The 128-bit product of a and b as hi, lo. WebAssembly has no 64 x 64 -> 128 multiply: four
// 32 x 32 -> 64 products there are several times faster than the generic 128-bit routine.
inline void mul_64(u64 a, u64 b, u64& hi, u64& lo) {
#if defined(__wasm__)
  const u64 a0 = std::uint32_t(a), a1 = a >> 32, b0 = std::uint32_t(b), b1 = b >> 32;
  const u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const u64 mid = (p00 >> 32) + std::uint32_t(p01) + std::uint32_t(p10);
  hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  lo = (mid << 32) | std::uint32_t(p00);
#else
  const u128 p = u128(a) * b;
  hi = u64(p >> 64);
  lo = u64(p);
#endif
}

// g cp / 2^127, rounded to odd (the lowest bit says whether anything was dropped).
u64 rop(const G& g, u64 cp) {
  u64 x1, x0, y1, y0;
  mul_64(g.lo, cp, x1, x0);  // only the high half of this product matters
  mul_64(g.hi, cp, y1, y0);
  (void)x0;
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

inline char* zeros(char* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = '0';
  return out + n;
}

// Writes the k digits of `high` followed by the low_digits digits of `low` at out, with a
// '.' before digit `dot` when 0 < dot < k, right to left, each at its place: no copy of
// a digit string (a loop that copies bytes becomes a call of memcpy, which costs more
// than the copy in V8's baseline code).
inline char* put_digits(char* out, std::uint32_t high, std::uint32_t low, int low_digits, int k, int dot) {
  char* const end = out + k + (0 < dot && dot < k);
  char* p = end;
  for (int j = k - 1; j >= 0; --j) {
    if (j + 1 == dot && dot < k) *--p = '.';
    if (j >= k - low_digits) {
      *--p = char('0' + low % 10);
      low /= 10;
    } else {
      *--p = char('0' + high % 10);
      high /= 10;
    }
  }
  return end;
}

// The number of decimal digits of v > 0.
inline int digit_count(std::uint32_t v) {
  int k = 1;
  while (v >= 10) v /= 10, ++k;
  return k;
}

}  // namespace

char* write_number(char* out, double x) {
  u64 bits;
  std::memcpy(&bits, &x, sizeof bits);
  const u64 t = bits & (kCMin - 1);
  const int bq = int(bits >> 52) & 0x7ff;
  if (bits >> 63 && x != 0) *out++ = '-';
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
    *out++ = '0';
    return out;
  } else if (t < 3) {  // too few bits for the scaling: 2^-1074 and 2^-1073 by hand
    f = t == 1 ? 5 : 1;
    e = t == 1 ? -324 : -323;
  } else {
    to_decimal(kQMin, t, f, e);
  }
  // The digits, as two 32-bit halves (f < 10^18): a 64-bit division by a constant is a real
  // division in WebAssembly, a 32-bit one a multiplication. Then without trailing zeros:
  // `high` followed by the low_digits digits of `low` (none when f fits in `high`).
  std::uint32_t high = std::uint32_t(f / 100000000), low = std::uint32_t(f % 100000000);
  int low_digits = 8;
  if (high == 0 || low == 0) {
    if (high == 0) high = low;
    else e += 8;
    low = 0;
    low_digits = 0;
    while (high % 10 == 0) high /= 10, ++e;
  } else {
    while (low % 10 == 0) low /= 10, --low_digits, ++e;
  }
  const int k = digit_count(high) + low_digits;
  // Number::toString: the value is 0.d1..dk 10^n.
  const int n = k + e;
  if (k <= n && n <= 21) return zeros(put_digits(out, high, low, low_digits, k, k), n - k);
  if (0 < n && n <= 21) return put_digits(out, high, low, low_digits, k, n);
  if (-6 < n && n <= 0) {
    *out++ = '0';
    *out++ = '.';
    return put_digits(zeros(out, -n), high, low, low_digits, k, k);
  }
  out = put_digits(out, high, low, low_digits, k, 1);
  *out++ = 'e';
  *out++ = n - 1 < 0 ? '-' : '+';
  const int exponent = n - 1 < 0 ? 1 - n : n - 1;  // 1 to 324
  if (exponent >= 100) *out++ = char('0' + exponent / 100);
  if (exponent >= 10) *out++ = char('0' + exponent / 10 % 10);
  *out++ = char('0' + exponent % 10);
  return out;
}

void append_number(std::string& out, double x) {
  char text[kNumberTextMax];
  out.append(text, std::size_t(write_number(text, x) - text));
}

}  // namespace alab
