// Network shape helpers and validation (see network.h).
#include "alab/network.h"

#include <cmath>

namespace alab {

Status parse_output_kind(const std::string& s, OutputKind& out) {
  if (s == "linear" || s == "identity") { out = OutputKind::Linear; return {}; }
  if (s == "sigmoid") { out = OutputKind::Sigmoid; return {}; }
  if (s == "softmax") { out = OutputKind::Softmax; return {}; }
  return Status::error("output must be linear, sigmoid or softmax, not '" + s + "'");
}

const char* output_kind_name(OutputKind k) {
  switch (k) {
    case OutputKind::Sigmoid: return "sigmoid";
    case OutputKind::Softmax: return "softmax";
    default: return "linear";
  }
}

std::size_t Network::weight_offset(std::size_t l) const {
  std::size_t off = 0;
  for (std::size_t i = 0; i < l; ++i)
    off += std::size_t(layers[i + 1]) * std::size_t(layers[i]) + std::size_t(layers[i + 1]);
  return off;
}

Status make_network(const std::vector<int>& layers, const std::vector<Activation>& hidden,
                    OutputKind output, Network& out) {
  if (layers.size() < 2) return Status::error("layers needs at least 2 sizes (inputs and outputs)");
  for (std::size_t i = 0; i < layers.size(); ++i)
    if (layers[i] < 1)
      return Status::error("layer " + std::to_string(i) + " has width " + std::to_string(layers[i]) +
                           "; every layer needs at least 1 neuron");
  if (hidden.size() != layers.size() - 2)
    return Status::error("expected " + std::to_string(layers.size() - 2) + " hidden activations, got " +
                         std::to_string(hidden.size()));
  Network n;
  n.layers = layers;
  n.hidden = hidden;
  n.output = output;
  n.params.assign(n.param_count(), 0.0);
  out = std::move(n);
  return {};
}

Status validate_network(const Network& net) {
  if (net.layers.size() < 2) return Status::error("layers needs at least 2 sizes (inputs and outputs)");
  for (int w : net.layers)
    if (w < 1) return Status::error("every layer needs at least 1 neuron");
  if (net.hidden.size() != net.layers.size() - 2) return Status::error("one activation per hidden layer is needed");
  if (net.params.size() != net.param_count()) return Status::error("parameter count does not match the layer sizes");
  for (double v : net.params)
    if (!std::isfinite(v)) return Status::error("a weight or bias is not finite");
  return {};
}

}  // namespace alab
