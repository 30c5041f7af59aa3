// The counts beside a partition: the cells after each hidden layer (checked against the
// partitions of the nets cut after that layer), the upper bound of Serra et al. (2018,
// Theorem 1) (against hand-computed cases and the sum taken term by term), and the numbers'
// text for JSON answers (shortest round trip, checked with printf and strtod).
#include <gtest/gtest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "alab/number_text.h"
#include "test_regions_support.h"

using namespace alab;
using namespace alab_test;
using Int = boost::multiprecision::cpp_int;

namespace {

// Theorem 1's sum, term by term: every (j_1..j_L) with 0 <= j_l <= min(n_0, n_1 - j_1, ...,
// n_{l-1} - j_{l-1}, n_l), the product of C(n_l, j_l).
Int bound_by_terms(int n0, const std::vector<int>& widths, std::size_t l = 0, int cap = -1, Int product = 1) {
  if (l == widths.size()) return product;
  if (cap < 0) cap = n0;
  const int n = widths[l];
  Int total = 0, choose = 1;  // C(n, j)
  for (int j = 0; j <= std::min(cap, n); ++j) {
    if (j > 0) choose = choose * (n - j + 1) / j;
    total += bound_by_terms(n0, widths, l + 1, std::min(cap, n - j), product * choose);
  }
  return total;
}

// The net made of the first k hidden layers of `net`, with an output layer of zeros.
Network first_layers(const Network& net, std::size_t k) {
  std::vector<int> layers(net.layers.begin(), net.layers.begin() + k + 1);
  layers.push_back(1);
  Network cut = make_net(layers, net.hidden[0]);
  for (std::size_t l = 0; l < k; ++l) {
    std::copy_n(net.W(l), net.layers[l] * net.layers[l + 1], cut.W(l));
    std::copy_n(net.b(l), net.layers[l + 1], cut.b(l));
  }
  return cut;
}

// The 1-D sawtooth: each hidden layer is relu(u), relu(u - 1/2) of the tent map u of the
// layer before (u = x first); 2 relu(u) - 4 relu(u - 1/2) is the tent map of u.
Network sawtooth(int L) {
  std::vector<int> layers = {1};
  for (int l = 0; l < L; ++l) layers.push_back(2);
  layers.push_back(1);
  Network n = make_net(layers, Activation::named("relu"));
  n.W(0)[0] = n.W(0)[1] = 1;
  for (int l = 0; l <= L; ++l) {
    if (l > 0)
      for (int i = 0; i < n.layers[l + 1]; ++i) n.W(l)[2 * i] = 2, n.W(l)[2 * i + 1] = -4;
    if (l < L) n.b(l)[1] = -0.5;
  }
  return n;
}

}  // namespace

TEST(RegionCounts, SerraBoundOfHandComputedCases) {
  EXPECT_EQ(serra_upper_bound(2, {}), "1");                  // no hidden layer: one region
  EXPECT_EQ(serra_upper_bound(2, {3}), "7");                 // 1 + 3 + C(3, 2): three lines
  EXPECT_EQ(serra_upper_bound(2, {8, 8}), "1369");           // (1 + 8 + 28)^2
  EXPECT_EQ(serra_upper_bound(1, {2, 2, 2, 2, 2}), "243");   // 3^5 (the sawtooth reaches 2^5)
  // n0 = 1, widths 1, 1: (0,0), (0,1), (1,0); j_1 = 1 leaves n_1 - j_1 = 0 for layer 2.
  EXPECT_EQ(serra_upper_bound(1, {1, 1}), "3");
  // n0 = 2, widths 2, 3: j_1 = 0 -> j_2 <= 2: 1 + 3 + 3 = 7; j_1 = 1 -> C(2,1) = 2 times
  // (j_2 <= 1: 1 + 3) = 8; j_1 = 2 -> j_2 = 0: 1. Total 16.
  EXPECT_EQ(serra_upper_bound(2, {2, 3}), "16");
}

TEST(RegionCounts, SerraBoundEqualsTheSumTakenTermByTerm) {
  SplitMix rng(2018);
  for (int trial = 0; trial < 300; ++trial) {
    const int n0 = 1 + rng.below(4);
    std::vector<int> widths(std::size_t(rng.below(7)));
    for (int& w : widths) w = 1 + rng.below(12);
    EXPECT_EQ(serra_upper_bound(n0, widths), bound_by_terms(n0, widths).str()) << "n0 " << n0;
  }
  // Beyond 2^64: 3000 layers of 8 in the plane, each factor 1 + 8 + 28 (no bottleneck).
  EXPECT_EQ(serra_upper_bound(2, std::vector<int>(3000, 8)), Int(boost::multiprecision::pow(Int(37), 3000)).str());
}

TEST(RegionCounts, SawtoothCellsDoubleWithEveryLayer) {
  for (int L = 1; L <= 8; ++L) {
    const Network n = sawtooth(L);
    Regions1D r;
    ASSERT_TRUE(linear_regions_1d(n, 0, 1, r).ok);
    const std::vector<int> counts = cells_per_layer(r.patterns, r.neurons, r.pattern_regions, std::vector<int>(L, 2));
    ASSERT_EQ(int(counts.size()), L);
    for (int k = 1; k <= L; ++k) EXPECT_EQ(counts[k - 1], 1 << k) << "after layer " << k << " of " << L;
    EXPECT_EQ(r.affine_pieces, 1 << L);
  }
}

TEST(RegionCounts, CellsPerLayerArePartitionsOfTheNetsCutAfterEachLayer) {
  SplitMix rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    const int depth = 1 + rng.below(4), inputs = 1 + rng.below(2);
    std::vector<int> layers = {inputs};
    for (int l = 0; l < depth; ++l) layers.push_back(2 + rng.below(6));
    layers.push_back(1);
    Network n = make_net(layers, trial % 3 ? Activation::named("relu") : act("leaky_relu", 0.2));
    randomize(n, rng);
    if (trial % 4 == 0) n.b(0)[0] = -10;  // a dead neuron (ReLU) in layer 1
    const std::vector<int> widths(layers.begin() + 1, layers.end() - 1);
    std::vector<int> counts;
    if (inputs == 2) {
      Regions2D r;
      ASSERT_TRUE(linear_regions_2d(n, -2, 2, -2, 2, r).ok);
      counts = cells_per_layer(r.patterns, r.neurons, r.pattern_regions, widths);
      EXPECT_EQ(counts.back(), r.pattern_regions);
    } else {
      Regions1D r;
      ASSERT_TRUE(linear_regions_1d(n, -2, 2, r).ok);
      counts = cells_per_layer(r.patterns, r.neurons, r.pattern_regions, widths);
      EXPECT_EQ(counts.back(), r.pattern_regions);
    }
    ASSERT_EQ(counts.size(), widths.size());
    for (int k = 1; k <= depth; ++k) {
      const Network cut = first_layers(n, std::size_t(k));
      int cells = 0;
      if (inputs == 2) {
        Regions2D r;
        ASSERT_TRUE(linear_regions_2d(cut, -2, 2, -2, 2, r).ok);
        cells = r.pattern_regions;
      } else {
        Regions1D r;
        ASSERT_TRUE(linear_regions_1d(cut, -2, 2, r).ok);
        cells = r.pattern_regions;
      }
      EXPECT_EQ(counts[k - 1], cells) << "trial " << trial << ", after layer " << k;
    }
  }
}

namespace {

// Whether the decimal text reads back as x.
bool reads_back(const char* text, double x) { return std::strtod(text, nullptr) == x; }

// The significant digits of a number's text (no sign, point, exponent, leading or trailing zeros).
int significant_digits(const std::string& s) {
  std::string d;
  for (char ch : s) {
    if (ch == 'e') break;
    if (ch >= '0' && ch <= '9') d += ch;
  }
  const std::size_t first = d.find_first_not_of('0'), last = d.find_last_not_of('0');
  return first == std::string::npos ? 1 : int(last - first + 1);
}

}  // namespace

TEST(NumberText, LaysNumbersOutAsJavaScriptDoes) {
  const std::pair<double, const char*> cases[] = {
      {0.0, "0"}, {-0.0, "0"}, {1.0, "1"}, {-1.5, "-1.5"}, {0.1, "0.1"}, {100.0, "100"},
      {1e21, "1e+21"}, {1e20, "100000000000000000000"}, {123456789012345680000.0, "123456789012345680000"},
      {1e-6, "0.000001"}, {1.5e-6, "0.0000015"}, {1e-7, "1e-7"}, {1.25e-7, "1.25e-7"}, {5e-324, "5e-324"},
      {1e-323, "1e-323"}, {1.7976931348623157e308, "1.7976931348623157e+308"}, {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {9007199254740993.0, "9007199254740992"}, {0.30000000000000004, "0.30000000000000004"}, {1e300, "1e+300"},
      {-2.5e-300, "-2.5e-300"}, {4.35, "4.35"}, {5e-7, "5e-7"}, {123e18, "123000000000000000000"}};
  for (const auto& [x, want] : cases) {
    std::string s;
    append_number(s, x);
    EXPECT_EQ(s, want);
  }
}

TEST(NumberText, IsTheShortestTextThatReadsBack) {
  SplitMix rng(7);
  char buf[64];
  int failures = 0;
  for (int i = 0; i < 100000 && failures < 10; ++i) {
    double x;
    if (i % 3 == 0) {
      const std::uint64_t bits = rng.next();
      std::memcpy(&x, &bits, sizeof x);
      if (!std::isfinite(x)) continue;
    } else if (i % 3 == 1) {
      x = std::ldexp(rng.uniform(1, 2), rng.below(2098) - 1074);  // any exponent, subnormals too
    } else {
      x = double(rng.below(1000000)) * std::pow(10.0, rng.below(60) - 30);  // short decimals
    }
    std::string s;
    append_number(s, x);
    if (!reads_back(s.c_str(), x)) {
      ++failures;
      ADD_FAILURE() << s << " does not read back as " << x;
      continue;
    }
    // No text with one digit fewer reads back: printf's correctly rounded one, nor its
    // neighbours one unit away in the last digit (a power of two has a narrower gap below).
    const int p = significant_digits(s);
    if (p <= 1) continue;
    std::snprintf(buf, sizeof buf, "%.*e", p - 2, x);
    const double shorter = std::strtod(buf, nullptr);
    const double unit = std::pow(10.0, std::floor(std::log10(std::fabs(shorter))) - (p - 2));
    for (double cand : {shorter, shorter - unit, shorter + unit}) {
      std::snprintf(buf, sizeof buf, "%.*e", p - 2, cand);
      if (reads_back(buf, x) && significant_digits(buf) < p) {
        ++failures;
        ADD_FAILURE() << s << " is not the shortest text of " << x << ": " << buf << " reads back too";
      }
    }
  }
}
