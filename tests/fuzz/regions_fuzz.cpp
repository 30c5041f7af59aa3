// libFuzzer target: the C++ path of a `regions` request, from the request's pieces to the
// partition. The command-line tool decodes JSON in JavaScript (tools/alab.mjs) and hands the
// bindings plain numbers and names; the bindings then do what request() below does with the
// same core functions: activations made from their names and parameters, the network
// checked and built, its parameters validated, the box's length picked between the 1-D and
// 2-D partitions. The fuzzer draws those pieces from its bytes: widths, activation names and
// parameters, and weights of every awkward kind (exact zeros, integers, powers of two from
// 2^-1074 to 2^1023, duplicates, raw bit patterns with NaN and infinities).
//
// It checks what must hold for any input: an error leaves an empty result with a known code;
// a result is a consistent partition (counts, distinct patterns, pieces, finite numbers,
// areas >= 0 summing to the box, ordered interval ends); and, exactly, the same partition
// after scaling the first layer by 2^k and the box by 2^-k. AddressSanitizer and
// UndefinedBehaviorSanitizer watch the rest.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "alab/activations.h"
#include "alab/network.h"
#include "alab/regions.h"

using namespace alab;

namespace {

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      std::fprintf(stderr, "check failed at line %d: %s\n", __LINE__, #cond); \
      std::abort();                                                      \
    }                                                                    \
  } while (0)

struct Request {
  std::vector<int> layers;
  std::vector<std::string> activations;  // one a hidden layer
  std::vector<std::vector<ParamSetting>> params;
  std::vector<double> weights;  // the network's flat parameters
  std::vector<double> box;
};

double awkward(FuzzedDataProvider& in, const std::vector<double>& before) {
  switch (in.ConsumeIntegralInRange(0, 9)) {
    case 0: return 0.0;
    case 1: return double(in.ConsumeIntegralInRange(-3, 3));
    case 2: return std::ldexp(in.ConsumeBool() ? 1.0 : -1.0, in.ConsumeIntegralInRange(-1074, 1023));
    case 3: return before.empty() ? 1.0 : before[in.ConsumeIntegralInRange<std::size_t>(0, before.size() - 1)];
    case 4: return before.empty() ? -1.0 : -before[in.ConsumeIntegralInRange<std::size_t>(0, before.size() - 1)];
    case 5: {
      const std::uint64_t bits = in.ConsumeIntegral<std::uint64_t>();
      double v;
      static_assert(sizeof v == sizeof bits);
      std::memcpy(&v, &bits, sizeof v);
      return v;  // anything, NaN and infinities included
    }
    case 6: return in.ConsumeFloatingPointInRange(-1.0, 1.0) * std::pow(10.0, in.ConsumeIntegralInRange(-12, 6));
    default: return in.ConsumeFloatingPointInRange(-1.0, 1.0);
  }
}

Request decode(FuzzedDataProvider& in) {
  static const char* kNames[] = {"relu", "leaky_relu", "prelu", "relu6", "hardtanh", "identity", "tanh", "reLU"};
  Request r;
  r.layers.push_back(in.ConsumeIntegralInRange(0, 3));  // 0 and 3 inputs are refused
  const int hidden = in.ConsumeIntegralInRange(0, 3);
  for (int l = 0; l < hidden; ++l) r.layers.push_back(in.ConsumeIntegralInRange(1, 5));
  r.layers.push_back(in.ConsumeIntegralInRange(1, 2));
  const bool one_name = in.ConsumeBool();
  for (int l = 0; l < hidden; ++l) {
    if (one_name && l > 0) {
      r.activations.push_back(r.activations[0]);
      r.params.push_back(r.params[0]);
      continue;
    }
    const char* name = kNames[in.ConsumeIntegralInRange(0, 7)];
    r.activations.push_back(name);
    std::vector<ParamSetting> ps;
    if (in.ConsumeBool()) {
      ParamSetting p;
      const std::string n(name);
      p.name = n == "leaky_relu" ? "negative_slope" : n == "prelu" ? "weight" : n == "hardtanh" ? "max_val" : "x";
      static const double kValues[] = {0.01, 0.25, 1.0, 0.0, -0.5, 2.0, 1e-300};
      p.value = in.ConsumeBool() ? kValues[in.ConsumeIntegralInRange(0, 6)] : awkward(in, {});
      ps.push_back(p);
    }
    r.params.push_back(ps);
  }
  std::size_t count = 0;
  for (std::size_t l = 0; l + 1 < r.layers.size(); ++l)
    count += std::size_t(r.layers[l + 1]) * (std::size_t(r.layers[l]) + 1);
  for (std::size_t i = 0; i < count && in.remaining_bytes() > 0; ++i) r.weights.push_back(awkward(in, r.weights));
  while (r.weights.size() < count) r.weights.push_back(0.0);
  const int box_len = in.ConsumeBool() ? 2 * std::max(1, std::min(2, r.layers[0])) : in.ConsumeIntegralInRange(0, 5);
  for (int i = 0; i < box_len; ++i) {
    if (in.ConsumeBool()) {
      r.box.push_back(awkward(in, r.box));
    } else {  // a sensible interval most of the time
      const double lo = in.ConsumeFloatingPointInRange(-4.0, 4.0);
      r.box.push_back(i % 2 ? r.box.back() + std::ldexp(1.0, in.ConsumeIntegralInRange(-40, 20)) : lo);
    }
  }
  return r;
}

// The bindings' path: activations, network, parameters, partition by the box's length.
Status request(const Request& q, Network& net, Regions2D& r2, Regions1D& r1, int& dims) {
  dims = 0;
  if (Status st = check_layers(q.layers); !st) return st;
  std::vector<Activation> hidden;
  for (std::size_t l = 0; l < q.activations.size(); ++l) {
    Activation a;
    if (Status st = Activation::make(q.activations[l], q.params[l], a); !st) return st;
    hidden.push_back(a);
  }
  if (Status st = make_network(q.layers, hidden, OutputKind::Linear, net); !st) return st;
  net.params = q.weights;
  if (Status st = validate_network(net); !st) return st;
  RegionOptions opt;
  opt.max_regions = 20000;
  if (q.box.size() == 4 && net.inputs() == 2) {
    dims = 2;
    return linear_regions_2d(net, q.box[0], q.box[1], q.box[2], q.box[3], r2, opt);
  }
  if (q.box.size() == 2 && net.inputs() == 1) {
    dims = 1;
    return linear_regions_1d(net, q.box[0], q.box[1], r1, opt);
  }
  return Status::error("box_shape", {{"inputs", net.inputs()}});
}

// A code of error_codes() other than "internal" (what an unknown code turns into).
bool known_code(std::string_view code) {
  if (code == "internal") return false;
  for (const ErrorCode& c : error_codes())
    if (code == c.code) return true;
  return false;
}

bool finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

void check_2d(const Regions2D& r) {
  const int R = r.pattern_regions;
  CHECK(R >= 1 && r.affine_pieces >= 1 && r.affine_pieces <= R);
  CHECK(int(r.vertex_start.size()) == R + 1 && r.vertex_start.front() == 0);
  CHECK(r.patterns.size() == std::size_t(R) * r.neurons);
  CHECK(r.area.size() == std::size_t(R) && r.centroid.size() == 2 * std::size_t(R) && r.piece.size() == std::size_t(R));
  CHECK(r.A.size() == std::size_t(R) * r.outputs * 2 && r.c.size() == std::size_t(R) * r.outputs);
  CHECK(finite(r.vertices) && finite(r.area) && finite(r.centroid) && finite(r.A) && finite(r.c));
  std::set<std::string> seen;
  for (int i = 0; i < R; ++i) {
    CHECK(r.vertex_start[i + 1] - r.vertex_start[i] >= 3);
    CHECK(r.area[i] >= 0);
    CHECK(r.piece[i] >= 0 && r.piece[i] < r.affine_pieces);
    CHECK(seen.insert(r.pattern(i)).second);  // a pattern's cell is convex: one cell a pattern
  }
  CHECK(std::fabs(r.total_area - r.box_area) <= 1e-6 * r.box_area);
}

void check_1d(const Regions1D& r, double lo, double hi) {
  const int N = r.pattern_regions;
  CHECK(N >= 1 && r.affine_pieces >= 1 && r.affine_pieces <= N);
  CHECK(int(r.bounds.size()) == N + 1 && r.bounds.front() == lo && r.bounds.back() == hi);
  CHECK(std::is_sorted(r.bounds.begin(), r.bounds.end()));
  CHECK(int(r.breakpoints.size()) == N - 1 && int(r.kinks.size()) == r.affine_pieces - 1);
  CHECK(r.patterns.size() == std::size_t(N) * r.neurons && finite(r.a) && finite(r.c));
  for (int i = 1; i < N; ++i) CHECK(r.pattern(i) != r.pattern(i - 1));
}

std::vector<std::string> sorted_patterns(const std::string& patterns, int count, int n) {
  std::vector<std::string> v;
  for (int i = 0; i < count; ++i) v.push_back(patterns.substr(std::size_t(i) * n, n));
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  Request q = decode(in);
  const int k = in.ConsumeIntegralInRange(-60, 60);
  Network net;
  Regions2D r2;
  Regions1D r1;
  int dims;
  const Status st = request(q, net, r2, r1, dims);
  if (!st) {
    CHECK(!st.message.empty() && known_code(st.code));
    CHECK(r2.pattern_regions == 0 && r1.pattern_regions == 0);
    return 0;
  }
  if (dims == 1) check_1d(r1, q.box[0], q.box[1]);
  if (dims == 2) check_2d(r2);
  // Exactness: x' = x 2^-k with the first layer's weights times 2^k is the same partition,
  // whenever every scaled number is exact (no overflow, no lost subnormal bits).
  Request s = q;
  const int n0 = q.layers[0], n1 = q.layers[1];
  bool exact = true;
  for (int i = 0; i < n1 * n0; ++i) {
    s.weights[i] = std::ldexp(q.weights[i], k);
    exact &= std::isfinite(s.weights[i]) && std::ldexp(s.weights[i], -k) == q.weights[i];
  }
  for (double& b : s.box) {
    const double v = std::ldexp(b, -k);
    exact &= std::isfinite(v) && std::ldexp(v, k) == b;
    b = v;
  }
  if (!exact) return 0;
  Network net2;
  Regions2D s2;
  Regions1D s1;
  if (!request(s, net2, s2, s1, dims)) return 0;  // e.g. the scaled box's area is out of range
  if (dims == 2) {
    check_2d(s2);
    CHECK(s2.pattern_regions == r2.pattern_regions && s2.affine_pieces == r2.affine_pieces);
    CHECK(sorted_patterns(s2.patterns, s2.pattern_regions, s2.neurons) ==
          sorted_patterns(r2.patterns, r2.pattern_regions, r2.neurons));
  } else {
    check_1d(s1, s.box[0], s.box[1]);
    CHECK(s1.pattern_regions == r1.pattern_regions && s1.affine_pieces == r1.affine_pieces && s1.patterns == r1.patterns);
  }
  return 0;
}
