// Network shape helpers and validation (see network.h).
#include "alab/network.h"

#include <cmath>

#include "fast_math.h"

namespace alab {

Status parse_output_kind(const std::string& s, OutputKind& out) {
  if (s == "linear" || s == "identity") { out = OutputKind::Linear; return {}; }
  if (s == "sigmoid") { out = OutputKind::Sigmoid; return {}; }
  if (s == "softmax") { out = OutputKind::Softmax; return {}; }
  return Status::error("unknown_output", {{"value", s}});
}

Status parse_output(const std::string& s, const std::vector<ParamSetting>& params, OutputKind& kind, Activation& act) {
  Activation a;
  if (Status st = parse_output_kind(s, kind); st) {
    if (!params.empty()) return Activation::make(kind == OutputKind::Sigmoid ? "sigmoid" : "identity", params, a);
    act = a;
    return {};
  }
  // Another catalogue activation: its own errors (a bad parameter) unless the name is unknown.
  Status st = Activation::make(s, params, a);
  if (!st) return st.code == "unknown_activation" ? Status::error("unknown_output", {{"value", s}}) : st;
  if (a.kind() == ActKind::Identity || a.kind() == ActKind::Sigmoid)
    kind = a.kind() == ActKind::Identity ? OutputKind::Linear : OutputKind::Sigmoid;
  else
    kind = OutputKind::Elementwise;
  act = a;
  return {};
}

const char* output_kind_name(OutputKind k) {
  switch (k) {
    case OutputKind::Sigmoid: return "sigmoid";
    case OutputKind::Softmax: return "softmax";
    case OutputKind::Elementwise: return "activation";
    default: return "linear";
  }
}

namespace {
constexpr const char* kFeatureNames[] = {"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"};
}

Status parse_feature(const std::string& s, Feature& out) {
  for (int i = 0; i < 7; ++i)
    if (s == kFeatureNames[i]) {
      out = Feature(i);
      return {};
    }
  return Status::error("unknown_feature", {{"value", s}});
}

const char* feature_name(Feature f) { return kFeatureNames[int(f)]; }

double feature_value(Feature f, double x1, double x2) {
  double s, c;
  switch (f) {
    case Feature::X1: return x1;
    case Feature::X2: return x2;
    case Feature::X1Squared: return x1 * x1;
    case Feature::X2Squared: return x2 * x2;
    case Feature::X1X2: return x1 * x2;
    case Feature::SinX1: fast::sincos(x1, s, c); return s;
    case Feature::SinX2: fast::sincos(x2, s, c); return s;
  }
  return x1;
}

Status check_feature_inputs(const Network& net, const double* x, std::size_t n) {
  for (Feature f : net.features) {
    if (f != Feature::SinX1 && f != Feature::SinX2) continue;
    const std::size_t q = f == Feature::SinX1 ? 0 : 1;
    for (std::size_t s = 0; s < n; ++s)
      if (!(std::fabs(x[2 * s + q]) <= kMaxSineFeatureInput))
        return Status::error("feature_input_out_of_range", {{"feature", feature_name(f)}, {"value", x[2 * s + q]}, {"max", kMaxSineFeatureInput}});
  }
  return {};
}

void feature_gradient(Feature f, double x1, double x2, double& d1, double& d2) {
  double s;
  d1 = d2 = 0.0;
  switch (f) {
    case Feature::X1: d1 = 1.0; break;
    case Feature::X2: d2 = 1.0; break;
    case Feature::X1Squared: d1 = 2.0 * x1; break;
    case Feature::X2Squared: d2 = 2.0 * x2; break;
    case Feature::X1X2: d1 = x2; d2 = x1; break;
    case Feature::SinX1: fast::sincos(x1, s, d1); break;
    case Feature::SinX2: fast::sincos(x2, s, d2); break;
  }
}

void expand_features(const Network& net, const double* x, std::size_t n, std::vector<double>& out) {
  const std::size_t m = net.features.size();
  out.resize(n * m);
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t i = 0; i < m; ++i) out[s * m + i] = feature_value(net.features[i], x[2 * s], x[2 * s + 1]);
}

std::size_t Network::weight_offset(std::size_t l) const {
  std::size_t off = 0;
  for (std::size_t i = 0; i < l; ++i)
    off += std::size_t(layers[i + 1]) * std::size_t(layers[i]) + std::size_t(layers[i + 1]);
  return off;
}

Status make_network(const std::vector<int>& layers, const std::vector<Activation>& hidden,
                    OutputKind output, Network& out) {
  if (Status st = check_layers(layers); !st) return st;
  if (hidden.size() != layers.size() - 2)
    return Status::error("hidden_activation_count",
                         {{"expected", layers.size() - 2}, {"got", hidden.size()}});
  Network n;
  n.layers = layers;
  n.hidden = hidden;
  n.output = output;
  n.params.assign(n.param_count(), 0.0);
  out = std::move(n);
  return {};
}

Status validate_network(const Network& net) {
  if (Status st = check_layers(net.layers); !st) return st;
  if (net.hidden.size() != net.layers.size() - 2)
    return Status::error("hidden_activation_count",
                         {{"expected", net.layers.size() - 2}, {"got", net.hidden.size()}});
  if (!net.features.empty() && net.features.size() != std::size_t(net.layers[0]))
    return Status::error("features_count", {{"features", net.features.size()}, {"inputs", net.layers[0]}});
  if (net.params.size() != net.param_count())
    return Status::error("param_count_mismatch",
                         {{"expected", net.param_count()}, {"got", net.params.size()}});
  for (double v : net.params)
    if (!std::isfinite(v)) return Status::error("weight_not_finite");
  return {};
}

Status check_layers(const std::vector<int>& layers) {
  if (layers.size() < 2) return Status::error("too_few_layers");
  for (std::size_t i = 0; i < layers.size(); ++i)
    if (layers[i] < 1 || layers[i] > kMaxLayerWidth)
      return Status::error("layer_width_out_of_range",
                           {{"layer", i}, {"width", layers[i]}, {"min", 1}, {"max", kMaxLayerWidth}});
  return {};
}

Status collapse_identity(const Network& net, std::vector<double>& A, std::vector<double>& c) {
  if (Status st = validate_network(net); !st) return st;
  if (!net.plain_inputs()) return Status::error("features_not_linear");
  for (std::size_t l = 0; l < net.hidden.size(); ++l)
    if (net.hidden[l].kind() != ActKind::Identity)
      return Status::error("not_identity_network", {{"layer", l + 1}, {"activation", net.hidden[l].name()}});
  // Start from layer 1's map (A = W_1, c = b_1), then for each later layer A <- W_l A and
  // c <- W_l c + b_l. A is n_l x n0 row-major after layer l.
  const std::size_t n0 = net.inputs();
  A.assign(net.W(0), net.W(0) + std::size_t(net.layers[1]) * n0);
  c.assign(net.b(0), net.b(0) + std::size_t(net.layers[1]));
  for (std::size_t l = 1; l < net.num_layers(); ++l) {
    const std::size_t in = std::size_t(net.layers[l]), out = std::size_t(net.layers[l + 1]);
    const double* W = net.W(l);
    const double* b = net.b(l);
    std::vector<double> A2(out * n0, 0.0), c2(out, 0.0);
    for (std::size_t o = 0; o < out; ++o) {
      for (std::size_t i = 0; i < in; ++i) {
        const double w = W[o * in + i];
        for (std::size_t j = 0; j < n0; ++j) A2[o * n0 + j] += w * A[i * n0 + j];
        c2[o] += w * c[i];
      }
      c2[o] += b[o];
    }
    A = std::move(A2);
    c = std::move(c2);
  }
  return {};
}

}  // namespace alab
