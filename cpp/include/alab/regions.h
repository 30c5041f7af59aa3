// Regions: the exact partition of a 2-D box (or a 1-D interval) into the cells on which a
// network with piecewise-linear hidden activations is one affine map, found by splitting
// convex polygons layer by layer. Also the region of one point and the pattern changes
// along a segment. No I/O, no globals, no JSON. Definitions follow reference/README.md
// section 9.
//
// Exact: the weights, biases and box are taken as the rational numbers their doubles are,
// and every decision of the partition (which cells exist, their patterns, which cells are
// one affine piece, which intervals meet at a kink) is the one exact rational arithmetic
// makes, at any scale. Floating point with certified error bounds decides almost all of
// them; the rest are recomputed with big integers. The numbers reported (vertices, areas,
// centroids, A, c, interval ends) are doubles computed in floating point: close to the
// exact values, not rounded from them. A cell thinner than the doubles around it exists and
// is counted, with an area that may round to 0.
//
// Pattern: one char per hidden neuron, layer 1 first. The char is the index of the linear
// piece of that neuron's activation its pre-activation z lies in on the cell's interior,
// i.e. the number of kinks k with z > k:
//   relu, leaky_relu, prelu: '0' z <= 0, '1' z > 0  (the reference's on/off bit)
//   relu6:    '0' z <= 0 (flat 0),  '1' 0 < z <= 6 (linear),  '2' z > 6 (flat 6)
//   hardtanh: '0' z <= min_val,     '1' in between,           '2' z > max_val
//   identity: always '0' (one piece: nothing can switch)
// A neuron whose z equals a kink on the whole cell takes the piece below it (relu: '0').
//
// A and c map the input to the last layer's pre-activation (the logits): on a cell the
// network's last affine layer gives logits = A x + c; an output sigmoid / softmax is not
// applied.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "alab/network.h"
#include "alab/status.h"

namespace alab {

struct RegionOptions {
  // Stop with an error status instead of exhausting memory when the partition has more
  // cells than this (a 2-64-64-64-1 net has ~13,000).
  std::size_t max_regions = 1000000;
};

// The partition of a box into R cells. Flat layout, suited to JS typed-array views:
//   patterns: R * neurons chars; region r's pattern is patterns.substr(r*neurons, neurons)
//   vertex_start: R + 1 ints; region r's polygon has vertices vertex_start[r] ..
//                 vertex_start[r+1]-1 (counter-clockwise)
//   vertices: x0,y0,x1,y1,... (2 doubles a vertex); vertex v at vertices[2v], [2v+1]
//   area: R; centroid: cx0,cy0,cx1,cy1,... (2 a region)
//   A: R * outputs * 2, A[(r*outputs + o)*2 + i] = d logit_o / d x_i on region r
//   c: R * outputs, c[r*outputs + o]
//   piece: R, the affine piece (0 .. affine_pieces-1) region r belongs to
// Regions come in depth-first split order (deterministic, not sorted).
// Cells are those of exact arithmetic (see the top of this file): a line splits a cell when
// the cell has points strictly on both sides of it; two cells are one affine piece when their
// exact maps (A, c) are equal and they share an edge of positive length.
struct Regions2D {
  int pattern_regions = 0;  // R: cells of positive area with a constant pattern
  int affine_pieces = 0;    // cells with equal (A, c) sharing an edge, merged transitively
  int neurons = 0;          // hidden neurons = pattern length
  int outputs = 0;          // rows of A and c
  double box_area = 0;      // (xmax - xmin) * (ymax - ymin)
  double total_area = 0;    // sum of area, equal to box_area up to rounding
  int max_vertices = 0;     // largest polygon
  std::string patterns;
  std::vector<int> vertex_start;
  std::vector<double> vertices;
  std::vector<double> area;
  std::vector<double> centroid;
  std::vector<double> A;
  std::vector<double> c;
  std::vector<int> piece;

  std::string pattern(int r) const { return patterns.substr(std::size_t(r) * neurons, neurons); }
  // The region with this pattern, or -1. A pattern names at most one cell: the points where
  // every neuron stays in one piece form a convex set.
  int find(const std::string& pattern) const;
};

// The partition of an interval into N intervals. Flat layout:
//   bounds: N + 1 doubles, interval i is [bounds[i], bounds[i+1]] (bounds[0] = lo)
//   breakpoints: bounds[1..N-1] (pattern changes); kinks: the subset where (a, c) changes
//   patterns: N * neurons chars, as in Regions2D
//   a, c: N * outputs, logit_o = a[i*outputs+o] * x + c[i*outputs+o] on interval i
//   piece: N, the affine piece of interval i (consecutive intervals with equal maps merge)
struct Regions1D {
  int pattern_regions = 0;
  int affine_pieces = 0;
  int neurons = 0;
  int outputs = 0;
  std::vector<double> bounds;
  std::vector<double> breakpoints;
  std::vector<double> kinks;
  std::string patterns;
  std::vector<double> a;
  std::vector<double> c;
  std::vector<int> piece;

  std::string pattern(int i) const { return patterns.substr(std::size_t(i) * neurons, neurons); }
  // The interval with this pattern, or -1 (as Regions2D::find).
  int find(const std::string& pattern) const;
};

// The region of one point, from a forward pass: its pattern and the local map
// logits = A x + c (A: outputs x inputs, row-major), and the logits at the point.
struct PointRegion {
  int inputs = 0, outputs = 0;
  std::string pattern;
  std::vector<double> A;
  std::vector<double> c;
  std::vector<double> logits;
};

// The segment x(t) = a + t (b - a), t in [0, 1], cut where the pattern changes.
//   t: sorted parameters in (0, 1) where the pattern changes (K of them)
//   patterns: (K + 1) * neurons chars; piece k lies between t[k-1] and t[k] (t[-1] = 0,
//             t[K] = 1)
//   A: (K + 1) * outputs * inputs, c: (K + 1) * outputs: the map of each piece, as in
//      PointRegion
struct SegmentCrossings {
  int inputs = 0, outputs = 0, neurons = 0;
  std::vector<double> t;
  std::string patterns;
  std::vector<double> A;
  std::vector<double> c;
};

// Checks that the net can be partitioned: valid, every hidden activation piecewise linear,
// `inputs` inputs. The message says why not (e.g. "tanh is curved everywhere").
Status check_piecewise_linear(const Network& net, int inputs);

// Exact partition of the box [xmin, xmax] x [ymin, ymax] for a net with 2 inputs. Passing
// the same `out` again reuses its buffers; on error `out` is left empty.
Status linear_regions_2d(const Network& net, double xmin, double xmax, double ymin, double ymax,
                         Regions2D& out, const RegionOptions& options = {});

// The same partition as linear_regions_2d (the same cells in the same order, bit for bit),
// computed a slice at a time so that a caller with a frame budget (the page) can spread a
// large one over many frames. The enumeration keeps its own copy of the network: the
// caller's may change (train) between slices.
class RegionsEnumeration2D {
 public:
  RegionsEnumeration2D();
  ~RegionsEnumeration2D();
  RegionsEnumeration2D(const RegionsEnumeration2D&) = delete;
  RegionsEnumeration2D& operator=(const RegionsEnumeration2D&) = delete;
  // Checks the request and prepares the first slice; an error means there is nothing to step.
  Status start(const Network& net, double xmin, double xmax, double ymin, double ymax,
               const RegionOptions& options = {});
  // Does about `work` units (one unit: one neuron's line against one cell) and returns true
  // once the partition is complete or has failed (status() says which).
  bool step(std::size_t work);
  bool done() const;
  const Status& status() const;
  // Share of the box's area in finished cells, 0 to 1.
  double progress() const;
  // The partition, once done() with an ok status() (left empty on error).
  Regions2D& result();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Exact partition of [lo, hi] for a net with 1 input.
Status linear_regions_1d(const Network& net, double lo, double hi, Regions1D& out,
                         const RegionOptions& options = {});

// The region containing point x (net.inputs() numbers).
Status region_at(const Network& net, const std::vector<double>& x, PointRegion& out);

// Where the pattern changes along the segment from a to b (net.inputs() numbers each).
// maps = false leaves out.A and out.c empty: t and the patterns only, without the work of
// each piece's map (the command-line tool's segment answer prints t alone).
Status segment_crossings(const Network& net, const std::vector<double>& a, const std::vector<double>& b,
                         SegmentCrossings& out, bool maps = true);

// The cells after hidden layers 1..k, k = 1..widths.size(): the number of distinct k-layer
// prefixes among the `cells` patterns of a partition (Regions2D / Regions1D: patterns,
// neurons, pattern_regions; widths: the hidden layers' widths). The last is `cells`.
std::vector<int> cells_per_layer(const std::string& patterns, int neurons, int cells, const std::vector<int>& widths);

// The upper bound of Serra, Tjandraatmadja and Ramalingam (2018, "Bounding and counting
// linear regions of deep neural networks", Theorem 1) on the regions of a ReLU net with
// `inputs` inputs and hidden widths n_1..n_L, as a decimal string (it passes 2^64 easily):
//   sum over (j_1..j_L) in J of prod_l C(n_l, j_l),
//   J = {0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l) for every l}.
// No hidden layer: 1. Exact (big integers).
std::string serra_upper_bound(int inputs, const std::vector<int>& widths);

}  // namespace alab
