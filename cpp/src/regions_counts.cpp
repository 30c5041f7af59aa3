// Counts about a partition into linear regions that need no geometry: the cells after each
// hidden layer (read from the final patterns) and the upper bound of Serra, Tjandraatmadja
// and Ramalingam (2018, Theorem 1) for the input dimension and the hidden widths, in exact
// big-integer arithmetic. Not the partition itself (regions.cpp, regions_2d.cpp).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "alab/regions.h"

namespace alab {

namespace {

// A natural number in base 10^9, least significant limb first, no leading zero limbs (zero
// is empty). Just the four operations the bound needs. Not Boost's cpp_int: its str() reads
// the C++ locale, which links the whole of libc++'s locale and stream facets into the
// WebAssembly module (about 90 KB of code), and decimal limbs make the text a plain copy.
class Decimal {
 public:
  static constexpr std::uint32_t kBase = 1000000000;
  explicit Decimal(std::uint32_t v = 0) {
    for (; v; v /= kBase) limbs_.push_back(v % kBase);
  }
  bool zero() const { return limbs_.empty(); }
  Decimal& operator+=(const Decimal& b) {
    if (limbs_.size() < b.limbs_.size()) limbs_.resize(b.limbs_.size(), 0);
    std::uint32_t carry = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
      std::uint32_t v = limbs_[i] + carry + (i < b.limbs_.size() ? b.limbs_[i] : 0);
      carry = v >= kBase;
      limbs_[i] = carry ? v - kBase : v;
      if (!carry && i >= b.limbs_.size()) break;
    }
    if (carry) limbs_.push_back(1);
    return *this;
  }
  // *this k, for k < 2^32.
  Decimal times(std::uint32_t k) const {
    Decimal r;
    std::uint64_t carry = 0;
    for (std::uint32_t limb : limbs_) {
      const std::uint64_t v = std::uint64_t(limb) * k + carry;  // < 2^32 10^9 + 2^32
      r.limbs_.push_back(std::uint32_t(v % kBase));
      carry = v / kBase;
    }
    for (; carry; carry /= kBase) r.limbs_.push_back(std::uint32_t(carry % kBase));
    r.trim();
    return r;
  }
  // *this / k, for 0 < k < 2^32 (the remainder is dropped).
  Decimal over(std::uint32_t k) const {
    Decimal r;
    r.limbs_.resize(limbs_.size());
    std::uint64_t rem = 0;
    for (std::size_t i = limbs_.size(); i-- > 0;) {
      const std::uint64_t v = rem * kBase + limbs_[i];  // rem < k: below 2^32 10^9 + 10^9
      r.limbs_[i] = std::uint32_t(v / k);
      rem = v % k;
    }
    r.trim();
    return r;
  }
  friend Decimal operator*(const Decimal& a, const Decimal& b) {
    Decimal r;
    if (a.zero() || b.zero()) return r;
    r.limbs_.assign(a.limbs_.size() + b.limbs_.size(), 0);
    for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
      std::uint64_t carry = 0;
      for (std::size_t j = 0; j < b.limbs_.size(); ++j) {
        const std::uint64_t v = std::uint64_t(a.limbs_[i]) * b.limbs_[j] + r.limbs_[i + j] + carry;  // < 10^18 + 2 10^9
        r.limbs_[i + j] = std::uint32_t(v % kBase);
        carry = v / kBase;
      }
      r.limbs_[i + b.limbs_.size()] = std::uint32_t(carry);
    }
    r.trim();
    return r;
  }
  std::string text() const {
    if (zero()) return "0";
    std::string out;
    for (std::uint32_t v = limbs_.back(); v; v /= 10) out.push_back(char('0' + v % 10));
    std::reverse(out.begin(), out.end());
    for (std::size_t i = limbs_.size() - 1; i-- > 0;) {
      char digits[9];
      std::uint32_t v = limbs_[i];
      for (int d = 8; d >= 0; --d, v /= 10) digits[d] = char('0' + v % 10);
      out.append(digits, 9);
    }
    return out;
  }

 private:
  void trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  }
  std::vector<std::uint32_t> limbs_;
};

}  // namespace

std::vector<int> cells_per_layer(const std::string& patterns, int neurons, int cells, const std::vector<int>& widths) {
  // The cells after layers 1..k are the distinct k-layer prefixes of the final patterns:
  // the points where layers 1..k stay in given pieces form one convex set (each layer's
  // pre-activations are affine on a cell of the layers before it), every such cell of
  // positive area holds at least one final cell, and every final cell lies in one of them.
  std::vector<int> counts;
  std::size_t prefix = 0;
  std::unordered_set<std::string_view> seen;
  for (int width : widths) {
    prefix += std::size_t(width);
    if (prefix > std::size_t(neurons)) break;
    seen.clear();
    for (int r = 0; r < cells; ++r)
      seen.insert(std::string_view(patterns).substr(std::size_t(r) * std::size_t(neurons), prefix));
    counts.push_back(int(seen.size()));
  }
  return counts;
}

std::string serra_upper_bound(int inputs, const std::vector<int>& widths) {
  using Int = Decimal;
  // Theorem 1: the sum over (j_1..j_L) with 0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} -
  // j_{l-1}, n_l) of prod_l C(n_l, j_l). The admissible j_l depend on the earlier j only
  // through m_{l-1} = min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1}), a number in 0..n_0, so
  // the sum runs as a walk over m: ways[m] is the sum of the products of the first l
  // factors over the prefixes that leave m. O(L n_0^2) big-integer steps instead of the
  // (n_0 + 1)^L terms (a net 3000 layers deep has 3^3000).
  const int n0 = inputs < 0 ? 0 : inputs;
  std::vector<Int> ways(std::size_t(n0) + 1), next;
  ways[std::size_t(n0)] = Int(1);
  for (int n : widths) {
    next.assign(ways.size(), Int(0));
    // C(n, j) for j = 0..min(n0, n), built up exactly.
    std::vector<Int> binom(1, Int(1));
    for (int j = 1; j <= n0 && j <= n; ++j) binom.push_back(binom.back().times(std::uint32_t(n - j + 1)).over(std::uint32_t(j)));
    for (int m = 0; m <= n0; ++m) {
      if (ways[std::size_t(m)].zero()) continue;
      for (int j = 0; j <= m && j <= n; ++j) {
        const int left = std::min(m, n - j);
        next[std::size_t(left)] += ways[std::size_t(m)] * binom[std::size_t(j)];
      }
    }
    ways.swap(next);
  }
  Int total;
  for (const Int& w : ways) total += w;
  return total.text();
}

}  // namespace alab
