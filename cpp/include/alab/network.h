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

// Elementwise: a catalogue activation (Network::output_act) on each logit, e.g. tanh.
enum class OutputKind { Linear, Sigmoid, Softmax, Elementwise };

// Input features: what the first weight layer reads, computed from the two raw inputs
// (x1, x2) of a sample. A network without features reads its raw inputs directly.
enum class Feature { X1, X2, X1Squared, X2Squared, X1X2, SinX1, SinX2 };

// "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)".
Status parse_feature(const std::string& s, Feature& out);
const char* feature_name(Feature f);

// The value of feature f at (x1, x2). The sines are the core's own (within an ulp or two of
// libm's), for |x| <= kMaxSineFeatureInput (check_feature_inputs).
double feature_value(Feature f, double x1, double x2);
inline constexpr double kMaxSineFeatureInput = 1e5;

// The widest layer the core accepts (inputs, hidden or outputs).
inline constexpr int kMaxLayerWidth = 4096;

Status parse_output_kind(const std::string& s, OutputKind& out);
const char* output_kind_name(OutputKind k);
// linear (identity), sigmoid, softmax, or any other catalogue activation with its parameters
// (kind Elementwise, the activation in act); unknown names are unknown_output.
Status parse_output(const std::string& s, const std::vector<ParamSetting>& params, OutputKind& kind, Activation& act);

struct Network {
  std::vector<int> layers;          // n0 (inputs), n1 ... n(L-1) (hidden), nL (outputs)
  std::vector<Activation> hidden;   // one per hidden layer: L-1 entries
  OutputKind output = OutputKind::Linear;
  Activation output_act;            // OutputKind::Elementwise: applied to each logit
  std::vector<Feature> features;    // empty: the raw inputs; else layers[0] features of (x1, x2)
  std::vector<double> params;       // flat, see the layout above

  std::size_t num_layers() const { return layers.empty() ? 0 : layers.size() - 1; }  // L
  std::size_t inputs() const { return layers.empty() ? 0 : std::size_t(layers.front()); }
  std::size_t outputs() const { return layers.empty() ? 0 : std::size_t(layers.back()); }
  // Numbers a sample holds: 2 raw inputs with features, else inputs().
  std::size_t data_inputs() const { return features.empty() ? inputs() : 2; }
  // True when the first layer reads the raw inputs as they are (no features, or x1, x2).
  bool plain_inputs() const {
    return features.empty() || (features.size() == 2 && features[0] == Feature::X1 && features[1] == Feature::X2);
  }
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

// Checks shape, param count, features (one per input of layer 1) and that every
// parameter is finite.
Status validate_network(const Network& net);

// Inputs the features can take: sin(x1) and sin(x2) need |x| <= kMaxSineFeatureInput
// (feature_input_out_of_range). x holds n raw samples (n x data_inputs()).
Status check_feature_inputs(const Network& net, const double* x, std::size_t n);

// d feature / d x1 and d feature / d x2 at (x1, x2).
void feature_gradient(Feature f, double x1, double x2, double& d1, double& d2);

// Raw samples (n x data_inputs(), row-major) -> the first layer's inputs (n x inputs()).
void expand_features(const Network& net, const double* x, std::size_t n, std::vector<double>& out);

// For a network whose hidden activations are all the identity, the layers multiply out to
// one affine map logits = A x + c: A = W_L ... W_1 (outputs x inputs, row-major) and
// c = W_L (... (W_2 b_1 + b_2) ...) + b_L. Any other hidden activation is an error.
Status collapse_identity(const Network& net, std::vector<double>& A, std::vector<double>& c);

}  // namespace alab
