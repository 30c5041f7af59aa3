// Counts about a partition into linear regions that need no geometry: the cells after each
// hidden layer (read from the final patterns) and the upper bound of Serra, Tjandraatmadja
// and Ramalingam (2018, Theorem 1) for the input dimension and the hidden widths, in exact
// big-integer arithmetic. Not the partition itself (regions.cpp, regions_2d.cpp).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "alab/regions.h"

namespace alab {

namespace {

// A natural number in base 10^9 (least significant digit first): the bound's only needs are
// sums, products and exact quotients with small numbers, and the decimal text.
struct Decimal {
  std::vector<std::uint32_t> d;  // empty: 0
  static constexpr std::uint64_t kBase = 1000000000;
  void add(const Decimal& o) {
    std::uint64_t carry = 0;
    if (d.size() < o.d.size()) d.resize(o.d.size(), 0);
    for (std::size_t i = 0; i < d.size(); ++i) {
      const std::uint64_t v = d[i] + carry + (i < o.d.size() ? o.d[i] : 0);
      d[i] = std::uint32_t(v % kBase);
      carry = v / kBase;
    }
    if (carry) d.push_back(std::uint32_t(carry));
  }
  void multiply(std::uint32_t m) {  // m < 2^32
    std::uint64_t carry = 0;
    for (std::uint32_t& x : d) {
      const std::uint64_t v = std::uint64_t(x) * m + carry;
      x = std::uint32_t(v % kBase);
      carry = v / kBase;
    }
    while (carry) d.push_back(std::uint32_t(carry % kBase)), carry /= kBase;
    if (m == 0) d.clear();
  }
  void divide(std::uint32_t m) {  // exact: m divides the number
    std::uint64_t rem = 0;
    for (std::size_t i = d.size(); i-- > 0;) {
      const std::uint64_t v = rem * kBase + d[i];
      d[i] = std::uint32_t(v / m);
      rem = v % m;
    }
    while (!d.empty() && d.back() == 0) d.pop_back();
  }
  std::string text() const {
    if (d.empty()) return "0";
    std::string out = std::to_string(d.back());
    for (std::size_t i = d.size() - 1; i-- > 0;) {
      const std::string part = std::to_string(d[i]);
      out.append(9 - part.size(), '0');
      out += part;
    }
    return out;
  }
};

}  // namespace

std::vector<int> cells_per_layer(const std::string& patterns, int neurons, int cells, const std::vector<int>& widths) {
  // The cells after layers 1..k are the distinct k-layer prefixes of the final patterns:
  // the points where layers 1..k stay in given pieces form one convex set (each layer's
  // pre-activations are affine on a cell of the layers before it), every such cell of
  // positive area holds at least one final cell, and every final cell lies in one of them.
  // Sorted, equal prefixes are neighbours: count where the prefix changes.
  std::vector<std::string_view> sorted(std::size_t(std::max(cells, 0)));
  for (std::size_t r = 0; r < sorted.size(); ++r)
    sorted[r] = std::string_view(patterns).substr(r * std::size_t(neurons), std::size_t(neurons));
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> counts;
  std::size_t prefix = 0;
  for (int width : widths) {
    prefix += std::size_t(width);
    if (prefix > std::size_t(neurons)) break;
    int distinct = sorted.empty() ? 0 : 1;
    for (std::size_t r = 1; r < sorted.size(); ++r) distinct += sorted[r].substr(0, prefix) != sorted[r - 1].substr(0, prefix);
    counts.push_back(distinct);
  }
  return counts;
}

std::string serra_upper_bound(int inputs, const std::vector<int>& widths) {
  // Theorem 1: the sum over (j_1..j_L) with 0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} -
  // j_{l-1}, n_l) of prod_l C(n_l, j_l). The admissible j_l depend on the earlier j only
  // through m_{l-1} = min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1}), a number in 0..n_0, so
  // the sum runs as a walk over m: ways[m] is the sum of the products of the first l
  // factors over the prefixes that leave m. O(L n_0^2) big-number steps instead of the
  // (n_0 + 1)^L terms (a net 3000 layers deep has 3^3000).
  const int n0 = inputs < 0 ? 0 : inputs;
  std::vector<Decimal> ways(std::size_t(n0) + 1), next;
  ways[std::size_t(n0)].d = {1};
  for (int n : widths) {
    next.assign(ways.size(), Decimal{});
    for (int m = 0; m <= n0; ++m) {
      if (ways[std::size_t(m)].d.empty()) continue;
      // ways[m] C(n, j) for j = 0..min(m, n): C(n, j) = C(n, j - 1) (n - j + 1) / j, exactly.
      Decimal term = ways[std::size_t(m)];
      for (int j = 0; j <= m && j <= n; ++j) {
        if (j > 0) {
          term.multiply(std::uint32_t(n - j + 1));
          term.divide(std::uint32_t(j));
        }
        next[std::size_t(std::min(m, n - j))].add(term);
      }
    }
    ways.swap(next);
  }
  Decimal total;
  for (const Decimal& w : ways) total.add(w);
  return total.text();
}

}  // namespace alab
