// Network: the shape and parameters of a fully-connected net (an MLP), shared by
// training (mlp.h) and the exact region partition (regions.h). It holds data and
// validates it; it does not train. All parameters live in ONE flat buffer so that the
// page can view them without copying and optimizers can sweep them in one loop.
//
// Layout of params: for each weight layer l = 0..L-1, first W_l (n[l+1] x n[l],
// row-major, out x in like torch nn.Linear.weight), then b_l (n[l+1]).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "alab/activations.h"
#include "alab/status.h"

namespace alab {

enum class OutputKind { Linear, Sigmoid, Softmax };

// The widest layer the core accepts (inputs, hidden or outputs).
inline constexpr int kMaxLayerWidth = 4096;

Status parse_output_kind(const std::string& s, OutputKind& out);
const char* output_kind_name(OutputKind k);

struct Network {
  std::vector<int> layers;          // n0 (inputs), n1 ... n(L-1) (hidden), nL (outputs)
  std::vector<Activation> hidden;   // one per hidden layer: L-1 entries
  OutputKind output = OutputKind::Linear;
  std::vector<double> params;       // flat, see the layout above

  std::size_t num_layers() const { return layers.empty() ? 0 : layers.size() - 1; }  // L
  std::size_t inputs() const { return layers.empty() ? 0 : std::size_t(layers.front()); }
  std::size_t outputs() const { return layers.empty() ? 0 : std::size_t(layers.back()); }
  // Offset of W_l / b_l inside params.
  std::size_t weight_offset(std::size_t l) const;
  std::size_t bias_offset(std::size_t l) const { return weight_offset(l) + std::size_t(layers[l + 1]) * std::size_t(layers[l]); }
  std::size_t param_count() const { return weight_offset(num_layers()); }
  const double* W(std::size_t l) const { return params.data() + weight_offset(l); }
  double* W(std::size_t l) { return params.data() + weight_offset(l); }
  const double* b(std::size_t l) const { return params.data() + bias_offset(l); }
  double* b(std::size_t l) { return params.data() + bias_offset(l); }
};

// Layer sizes: at least 2 (inputs and outputs), each from 1 to kMaxLayerWidth.
Status check_layers(const std::vector<int>& layers);

// Builds the shape (params zeroed): layers as check_layers accepts; hidden has
// layers.size() - 2 entries. Returns an error status on a bad shape.
Status make_network(const std::vector<int>& layers, const std::vector<Activation>& hidden,
                    OutputKind output, Network& out);

// Checks shape, param count and that every parameter is finite.
Status validate_network(const Network& net);

// For a network whose hidden activations are all the identity, the layers multiply out to
// one affine map logits = A x + c: A = W_L ... W_1 (outputs x inputs, row-major) and
// c = W_L (... (W_2 b_1 + b_2) ...) + b_L. Any other hidden activation is an error.
Status collapse_identity(const Network& net, std::vector<double>& A, std::vector<double>& c);

}  // namespace alab
