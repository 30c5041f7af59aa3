// Counts about a partition into linear regions that need no geometry: the cells after each
// hidden layer (read from the final patterns) and the upper bound of Serra, Tjandraatmadja
// and Ramalingam (2018, Theorem 1) for the input dimension and the hidden widths, in exact
// big-integer arithmetic. Not the partition itself (regions.cpp, regions_2d.cpp).
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>

#include "alab/regions.h"

namespace alab {

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
  using Int = boost::multiprecision::cpp_int;
  // Theorem 1: the sum over (j_1..j_L) with 0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} -
  // j_{l-1}, n_l) of prod_l C(n_l, j_l). The admissible j_l depend on the earlier j only
  // through m_{l-1} = min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1}), a number in 0..n_0, so
  // the sum runs as a walk over m: ways[m] is the sum of the products of the first l
  // factors over the prefixes that leave m. O(L n_0^2) big-integer steps instead of the
  // (n_0 + 1)^L terms (a net 3000 layers deep has 3^3000).
  const int n0 = inputs < 0 ? 0 : inputs;
  std::vector<Int> ways(std::size_t(n0) + 1), next;
  ways[std::size_t(n0)] = 1;
  for (int n : widths) {
    next.assign(ways.size(), Int(0));
    // C(n, j) for j = 0..min(n0, n), built up exactly.
    std::vector<Int> binom(1, Int(1));
    for (int j = 1; j <= n0 && j <= n; ++j) binom.push_back(binom.back() * (n - j + 1) / j);
    for (int m = 0; m <= n0; ++m) {
      if (ways[std::size_t(m)] == 0) continue;
      for (int j = 0; j <= m && j <= n; ++j) {
        const int left = std::min(m, n - j);
        next[std::size_t(left)] += ways[std::size_t(m)] * binom[std::size_t(j)];
      }
    }
    ways.swap(next);
  }
  Int total = 0;
  for (const Int& w : ways) total += w;
  return total.str();
}

}  // namespace alab
