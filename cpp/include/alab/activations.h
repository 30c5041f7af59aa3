// The activation catalogue: every elementwise activation with its parameters, f and f',
// in double precision, following PyTorch 1.13's formulas and its derivative choice at
// kinks (relu'(0) = 0, leaky'(0) = slope, ...), plus softmax / log_softmax / softmin.
// It knows nothing about networks, JSON or the browser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "alab/status.h"

namespace alab {

enum class ActKind {
  Identity, Sigmoid, Tanh, Relu, LeakyRelu, Prelu, Rrelu, Relu6, Elu, Selu, Celu, Gelu,
  GeluTanh, Silu, Mish, Softplus, Softsign, Hardsigmoid, Hardtanh, Hardswish, Logsigmoid,
  Softshrink, Hardshrink, Tanhshrink, Threshold, BinaryStep, Exponential, Squareplus,
  SparsePlus, SparseSigmoid, HardSigmoidKeras2
};

// One parameter of an activation: canonical name, default, the range the core accepts
// (inclusive), and the range a slider in the page should offer.
struct ParamSpec {
  std::string name;
  double default_value = 0;
  double min_value = 0, max_value = 0;      // accepted values
  double slider_min = 0, slider_max = 0;    // suggested UI range
  std::vector<std::string> aliases;
};

// Everything the page and the tool need to know about one catalogue entry.
struct ActivationInfo {
  ActKind kind;
  std::string name;                  // canonical, e.g. "leaky_relu"
  std::vector<std::string> aliases;  // e.g. {"swish"} for silu
  std::vector<ParamSpec> params;
  std::string source;                // where the definition comes from
  std::string formula_tex;           // f(x) in TeX, parameters by name
  std::string derivative_tex;        // f'(x) in TeX
  bool piecewise_linear = false;     // continuous and piecewise linear: the exact region code
                                     // (regions.h) partitions networks made of it
  bool zero_centred = false;         // f(0) = 0 and takes both signs
  bool uses_exp = false;             // needs exp/log/erf/tanh per element
  bool flat_below_zero = false;      // f'(x) = 0 for every x < 0 (default parameters)
};

// One parameter as given by a caller: a number, or a text value (gelu's approximate).
struct ParamSetting {
  std::string name;
  double value = 0;
  std::string text;  // non-empty for text parameters
};

// All catalogue entries, in display order.
const std::vector<ActivationInfo>& activation_catalogue();

// A resolved activation: a kind plus the value of every parameter. Cheap to copy.
class Activation {
 public:
  Activation() = default;  // identity

  // Resolves a (case-insensitive, '-' = '_') name or alias and the given parameters;
  // missing parameters take their defaults, unknown or out-of-range ones are errors.
  static Status make(const std::string& name, const std::vector<ParamSetting>& params,
                     Activation& out);
  // Convenience for code and tests: name with default parameters (must be valid).
  static Activation named(const std::string& name);

  ActKind kind() const { return kind_; }
  const ActivationInfo& info() const;
  const std::string& name() const { return info().name; }
  // Parameter values, in the order of info().params.
  const std::vector<double>& params() const { return p_; }

  double f(double x) const;
  double df(double x) const;
  // Batch form: y[i] = f(x[i]), dy[i] = f'(x[i]); either y or dy may be null.
  void eval(const double* x, double* y, double* dy, std::size_t n) const;
  // Points where f' jumps (empty for smooth functions), sorted.
  std::vector<double> kinks() const;
  // The pieces of a piecewise-linear activation: on piece i (between breaks[i-1] and
  // breaks[i]) f(x) = slopes[i] * x + offsets[i]; slopes.size() == breaks.size() + 1.
  // Only meaningful when info().piecewise_linear.
  void linear_pieces(std::vector<double>& breaks, std::vector<double>& slopes,
                     std::vector<double>& offsets) const;

 private:
  ActKind kind_ = ActKind::Identity;
  std::vector<double> p_;
  double a_ = 0, b_ = 0;  // first two parameters, cached for the hot path
};

enum class SoftmaxVariant { Softmax, LogSoftmax, Softmin };

// Parses "softmax" | "log_softmax" | "softmin".
Status parse_softmax_variant(const std::string& s, SoftmaxVariant& out);

// The largest Jacobian softmax() fills: rows * k * k <= 2^24 numbers (128 MB of doubles).
inline constexpr std::uint64_t kMaxSoftmaxJacobian = std::uint64_t(1) << 24;

// rows >= 1, k >= 1, and with a Jacobian rows * k * k <= kMaxSoftmaxJacobian. Callers that
// allocate the outputs check this first.
Status check_softmax_shape(std::size_t rows, std::size_t k, bool jacobian);

// Row-wise softmax family over rows x R x K (row-major) with temperature T > 0.
// y gets R*K values; jacobian (if not null) gets R*K*K values, jac[r][i][j] = dy_i/dx_j.
Status softmax(const double* x, std::size_t rows, std::size_t k, double temperature,
               SoftmaxVariant variant, double* y, double* jacobian);

}  // namespace alab
