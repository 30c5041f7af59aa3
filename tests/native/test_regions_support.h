// Helpers for the region tests: build networks (from reference JSON, by hand, or drawn
// like torch nn.Linear with a local splitmix64), and check the partition's invariants
// (areas, counter-clockwise polygons, the pattern and map at every centroid). Test-only.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "alab/regions.h"

namespace alab_test {

// splitmix64: a tiny seeded generator so these tests do not depend on the project RNG.
struct SplitMix {
  std::uint64_t s;
  explicit SplitMix(std::uint64_t seed) : s(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * double(next() >> 11) * 0x1.0p-53; }
  int below(int n) { return int(next() % std::uint64_t(n)); }
};

inline alab::Activation act(const std::string& name, double param = NAN) {
  alab::Activation a;
  std::vector<alab::ParamSetting> ps;
  if (!std::isnan(param)) {
    alab::ParamSetting p;
    p.name = name == "prelu" ? "weight" : "negative_slope";
    p.value = param;
    ps.push_back(p);
  }
  const alab::Status st = alab::Activation::make(name, ps, a);
  EXPECT_TRUE(st.ok) << st.message;
  return a;
}

// A net of the given sizes, every hidden layer with activation a, parameters zero.
inline alab::Network make_net(const std::vector<int>& layers, const alab::Activation& a) {
  alab::Network n;
  const alab::Status st = alab::make_network(layers, std::vector<alab::Activation>(layers.size() - 2, a),
                                             alab::OutputKind::Linear, n);
  EXPECT_TRUE(st.ok) << st.message;
  return n;
}

// Draws W and b like torch nn.Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), times `scale`.
inline void randomize(alab::Network& n, SplitMix& rng, double scale = 1.0) {
  for (std::size_t l = 0; l < n.num_layers(); ++l) {
    const double bound = scale / std::sqrt(double(n.layers[l]));
    const int rows = n.layers[l + 1], cols = n.layers[l];
    for (int i = 0; i < rows * cols; ++i) n.W(l)[i] = rng.uniform(-bound, bound);
    for (int i = 0; i < rows; ++i) n.b(l)[i] = rng.uniform(-bound, bound);
  }
}

// Checks every invariant of a 2-D partition of box; returns the number of failures seen.
inline void expect_partition_invariants(const alab::Network& net, const double box[4],
                                        const alab::Regions2D& r) {
  const double box_area = (box[1] - box[0]) * (box[3] - box[2]);
  const double L = std::max(box[1] - box[0], box[3] - box[2]);
  ASSERT_EQ(int(r.vertex_start.size()), r.pattern_regions + 1);
  ASSERT_EQ(r.patterns.size(), std::size_t(r.pattern_regions) * r.neurons);
  ASSERT_EQ(r.area.size(), std::size_t(r.pattern_regions));
  ASSERT_EQ(r.A.size(), std::size_t(r.pattern_regions) * r.outputs * 2);
  EXPECT_NEAR(r.total_area, box_area, 1e-9 * box_area) << "areas do not sum to the box";
  double sum = 0;
  for (double a : r.area) sum += a;
  EXPECT_NEAR(sum, box_area, 1e-9 * box_area);
  std::set<std::string> seen;
  int bad_pattern = 0, bad_map = 0, bad_area = 0, bad_vertex = 0;
  double worst_map = 0;
  for (int i = 0; i < r.pattern_regions; ++i) {
    const std::string pat = r.pattern(i);
    if (!seen.insert(pat).second) ADD_FAILURE() << "pattern " << pat << " appears twice";
    if (!(r.area[i] >= 0)) ++bad_area;
    // counter-clockwise polygon of the same area, inside the box
    double a2 = 0;
    for (int v = r.vertex_start[i]; v < r.vertex_start[i + 1]; ++v) {
      const int w = v + 1 < r.vertex_start[i + 1] ? v + 1 : r.vertex_start[i];
      const double x0 = r.vertices[2 * v], y0 = r.vertices[2 * v + 1];
      a2 += x0 * r.vertices[2 * w + 1] - r.vertices[2 * w] * y0;
      if (!(x0 >= box[0] - 1e-12 * L && x0 <= box[1] + 1e-12 * L && y0 >= box[2] - 1e-12 * L &&
            y0 <= box[3] + 1e-12 * L))
        ++bad_vertex;
    }
    if (!(std::fabs(0.5 * a2 - r.area[i]) <= 1e-9 * box_area + 1e-6 * r.area[i])) ++bad_area;
    // forward pass at the centroid, where the cell is thick enough for a double-precision
    // forward pass to land inside it (exact cells can be thinner than rounding)
    if (!(r.area[i] > 1e-20 * box_area)) continue;
    alab::PointRegion pr;
    const alab::Status st = alab::region_at(net, {r.centroid[2 * i], r.centroid[2 * i + 1]}, pr);
    ASSERT_TRUE(st.ok) << st.message;
    if (pr.pattern != pat) {
      if (++bad_pattern <= 5)
        ADD_FAILURE() << "region " << i << " (area " << r.area[i] << "): pattern " << pat
                      << " but the centroid (" << r.centroid[2 * i] << ", " << r.centroid[2 * i + 1]
                      << ") has " << pr.pattern;
      continue;
    }
    for (int o = 0; o < r.outputs; ++o) {
      const double* A = &r.A[(std::size_t(i) * r.outputs + o) * 2];
      const double y =
          A[0] * r.centroid[2 * i] + A[1] * r.centroid[2 * i + 1] + r.c[std::size_t(i) * r.outputs + o];
      const double scale = std::fabs(A[0]) * L + std::fabs(A[1]) * L + std::fabs(pr.logits[o]) + 1e-300;
      const double d = std::fabs(y - pr.logits[o]) / scale;
      worst_map = std::max(worst_map, d);
      if (d > 1e-9) ++bad_map;
    }
  }
  EXPECT_EQ(bad_pattern, 0) << "regions whose centroid has another pattern";
  EXPECT_EQ(bad_map, 0) << "regions whose map misses the forward pass; worst relative difference "
                        << worst_map;
  EXPECT_EQ(bad_area, 0) << "regions with a non-positive area or not counter-clockwise";
  EXPECT_EQ(bad_vertex, 0) << "vertices outside the box";
  EXPECT_LE(r.affine_pieces, r.pattern_regions);
  EXPECT_GE(r.affine_pieces, 1);
}

// The same for a 1-D partition of [lo, hi].
inline void expect_interval_invariants(const alab::Network& net, double lo, double hi,
                                       const alab::Regions1D& r) {
  ASSERT_EQ(int(r.bounds.size()), r.pattern_regions + 1);
  EXPECT_EQ(r.bounds.front(), lo);
  EXPECT_EQ(r.bounds.back(), hi);
  int bad = 0;
  for (int i = 0; i < r.pattern_regions; ++i) {
    EXPECT_LT(r.bounds[i], r.bounds[i + 1]);
    const double mid = 0.5 * (r.bounds[i] + r.bounds[i + 1]);
    alab::PointRegion pr;
    ASSERT_TRUE(alab::region_at(net, {mid}, pr).ok);
    if (pr.pattern != r.pattern(i)) ++bad;
    for (int o = 0; o < r.outputs; ++o) {
      const double y = r.a[i * r.outputs + o] * mid + r.c[i * r.outputs + o];
      EXPECT_NEAR(y, pr.logits[o], 1e-9 * (1 + std::fabs(pr.logits[o])));
    }
    if (i) {
      EXPECT_NE(r.pattern(i), r.pattern(i - 1)) << "neighbouring intervals share a pattern";
    }
  }
  EXPECT_EQ(bad, 0) << "intervals whose midpoint has another pattern";
  EXPECT_EQ(r.breakpoints.size(), std::size_t(r.pattern_regions - 1));
}

}  // namespace alab_test
