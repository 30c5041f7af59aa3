// regions_exact.h (internal): the exact twin of a piecewise-linear net, for the few
// decisions of the region splitters that floating point cannot certify. Every double is a
// dyadic rational, so every pre-activation map of a cell has exact big-integer coefficients
// (after scaling by a power of two); the predicates below take their signs from those.
// Big integers stay inside regions_exact.cpp. Not a general rational type, and never on
// the fast path: the splitters call it only when a certified error bound cannot decide.
#pragma once

#include <memory>
#include <vector>

#include "alab/network.h"

namespace alab::regions_detail {

class ExactNet {
 public:
  // Cells live in d = 1 or 2 coordinates. input_plus / input_minus: net.inputs() rows of
  // d + 1 doubles; the net's input i is exactly sum_k (plus - minus)[i][k] * coordinate_k,
  // with coordinate_d = 1 (the identity for a box; a + u (b - a) for a segment).
  ExactNet(const Network& net, int d, const std::vector<double>& input_plus,
           const std::vector<double>& input_minus);
  ~ExactNet();
  ExactNet(const ExactNet&) = delete;
  ExactNet& operator=(const ExactNet&) = delete;

  // Lines are handles into a table. A fixed line a x + b y + e = 0 (1-D: a u + e = 0, b = 0).
  int fixed_line(double a, double b, double e);
  // The line where neuron j of hidden layer `layer` meets `kink`, on cells whose hidden
  // neurons of the layers before `layer` are in the pieces `pattern` ('0' + piece, layer 1
  // first; only the first chars, up to that layer, are read).
  int neuron_line(int layer, int j, double kink, const char* pattern);

  // 2-D: the sign (-1, 0, +1) of line m at the point where lines l1 and l2 cross.
  int side(int m, int l1, int l2);
  // 2-D: the points P = p1 x p2 and Q = q1 x q2 on line c: the sign of t(Q) - t(P), with t
  // the position along c in the direction (-b, a).
  int order_on(int c, int p1, int p2, int q1, int q2);
  // 1-D: the sign of line m at the root of line p, and the sign of root(q) - root(p).
  int side_1d(int m, int p);
  int order_1d(int p, int q);
  // 1-D: the root of line p (a != 0) as a double within an ulp of the exact value.
  double root_1d(int p);

  // The output map (logits = A x + c) of cells with hidden pieces `pattern` (all neurons),
  // stored; handles compare exactly.
  int output_map(const char* pattern);
  bool same_map(int map1, int map2) const;

  // False once a number needed more bits than the limit (answers are then meaningless).
  bool ok() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alab::regions_detail
