// The activation catalogue (see activations.h). Formulas follow PyTorch 1.13's CPU
// kernels where a choice exists, so values match torch to a few ulp, but each branch is
// written to stay finite for every finite input (no exp overflow, no inf * 0).
#include "alab/activations.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <utility>

#include "fast_math.h"

namespace alab {
namespace {

// Code that runs once per request (the catalogue, looking a name up in it) compiled for size
// in this file of hot kernels: WebAssembly engines compile a function on its first call,
// and the tool's fresh process pays for each byte of it (clang only; g++ has no such
// attribute).
#if defined(__clang__)
#define ALAB_ONCE [[clang::minsize]]
#else
#define ALAB_ONCE
#endif

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSqrt1_2 = 0.70710678118654752440;           // 1/sqrt(2)
constexpr double kInvSqrt2Pi = 0.39894228040143267793994605993438;  // 1/sqrt(2 pi)
constexpr double kGeluTanhK = 0.79788456080286535587989211986876;   // sqrt(2/pi)
constexpr double kGeluTanhC = 0.044715;

ParamSpec param(const char* name, double def, double lo, double hi, double smin, double smax,
                std::vector<std::string> aliases = {}) {
  return ParamSpec{name, def, lo, hi, smin, smax, std::move(aliases)};
}

ALAB_ONCE std::vector<ActivationInfo> build_catalogue() {
  const double big = 1e9;  // "any finite value" for parameters torch does not restrict
  std::vector<ActivationInfo> c;
  auto add = [&](ActKind k, const char* name, std::vector<std::string> aliases, std::vector<ParamSpec> params,
                 const char* source, const char* f, const char* df, bool pwl, bool zero_centred,
                 bool uses_exp) {
    c.push_back(ActivationInfo{k, name, std::move(aliases), std::move(params), source, f, df, pwl,
                               zero_centred, uses_exp, false});
  };
  using K = ActKind;
  add(K::Identity, "identity", {"linear", "none"}, {}, "torch.nn.Identity", "f(x) = x", "f'(x) = 1",
      true, true, false);
  add(K::Sigmoid, "sigmoid", {"logistic"}, {}, "torch.nn.Sigmoid",
      "\\sigma(x) = \\frac{1}{1 + e^{-x}}", "\\sigma'(x) = \\sigma(x)\\,(1 - \\sigma(x))", false, false,
      true);
  add(K::Tanh, "tanh", {}, {}, "torch.nn.Tanh",
      "\\tanh(x) = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}", "\\tanh'(x) = 1 - \\tanh^2(x)", false, true,
      true);
  add(K::Relu, "relu", {}, {}, "torch.nn.ReLU", "f(x) = \\max(0, x)",
      "f'(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}", true, false, false);
  add(K::LeakyRelu, "leaky_relu", {}, {param("negative_slope", 0.01, -big, big, 0, 0.5, {"alpha"})},
      "torch.nn.LeakyReLU", "f(x) = \\begin{cases} x & x > 0 \\\\ \\alpha x & x \\le 0 \\end{cases}",
      "f'(x) = \\begin{cases} 1 & x > 0 \\\\ \\alpha & x \\le 0 \\end{cases}", true, false, false);
  add(K::Prelu, "prelu", {}, {param("weight", 0.25, -big, big, 0, 1, {"init", "alpha"})},
      "torch.nn.PReLU (weight held constant)",
      "f(x) = \\begin{cases} x & x > 0 \\\\ a x & x \\le 0 \\end{cases}",
      "f'(x) = \\begin{cases} 1 & x > 0 \\\\ a & x \\le 0 \\end{cases}", true, false, false);
  add(K::Rrelu, "rrelu", {},
      {param("lower", 1.0 / 8.0, 0, big, 0, 1), param("upper", 1.0 / 3.0, 0, big, 0, 1)},
      "torch.nn.RReLU in eval mode (slope (lower+upper)/2)",
      "f(x) = \\begin{cases} x & x \\ge 0 \\\\ \\tfrac{l+u}{2}\\, x & x < 0 \\end{cases}",
      "f'(x) = \\begin{cases} 1 & x > 0 \\\\ \\tfrac{l+u}{2} & x \\le 0 \\end{cases}", true, false, false);
  add(K::Relu6, "relu6", {}, {}, "torch.nn.ReLU6", "f(x) = \\min(\\max(0, x), 6)",
      "f'(x) = \\begin{cases} 1 & 0 < x < 6 \\\\ 0 & \\text{otherwise} \\end{cases}", true, false, false);
  add(K::Elu, "elu", {}, {param("alpha", 1.0, -big, big, 0, 3)}, "torch.nn.ELU",
      "f(x) = \\begin{cases} x & x > 0 \\\\ \\alpha (e^{x} - 1) & x \\le 0 \\end{cases}",
      "f'(x) = \\begin{cases} 1 & x > 0 \\\\ \\alpha e^{x} & x \\le 0 \\end{cases}", false, false, true);
  add(K::Selu, "selu", {}, {}, "torch.nn.SELU",
      "f(x) = \\lambda \\begin{cases} x & x > 0 \\\\ \\alpha (e^{x} - 1) & x \\le 0 \\end{cases},\\ "
      "\\lambda \\approx 1.0507,\\ \\alpha \\approx 1.6733",
      "f'(x) = \\begin{cases} \\lambda & x > 0 \\\\ \\lambda \\alpha e^{x} & x \\le 0 \\end{cases}", false,
      false, true);
  add(K::Celu, "celu", {}, {param("alpha", 1.0, 1e-9, big, 0.1, 3)}, "torch.nn.CELU",
      "f(x) = \\max(0, x) + \\min\\!\\left(0, \\alpha (e^{x/\\alpha} - 1)\\right)",
      "f'(x) = \\begin{cases} 1 & x > 0 \\\\ e^{x/\\alpha} & x \\le 0 \\end{cases}", false, false, true);
  add(K::Gelu, "gelu", {}, {}, "torch.nn.GELU (exact erf form)",
      "f(x) = x\\,\\Phi(x) = \\tfrac{x}{2}\\left(1 + \\operatorname{erf}(x/\\sqrt{2})\\right)",
      "f'(x) = \\Phi(x) + x\\,\\varphi(x)", false, false, true);
  add(K::GeluTanh, "gelu_tanh", {}, {}, "torch.nn.GELU(approximate='tanh')",
      "f(x) = \\tfrac{x}{2}\\left(1 + \\tanh\\!\\left(\\sqrt{2/\\pi}\\,(x + 0.044715 x^3)\\right)\\right)",
      "f'(x) = \\tfrac12(1+t) + \\tfrac{x}{2}(1-t^2)\\sqrt{2/\\pi}\\,(1 + 3 \\cdot 0.044715 x^2)", false,
      false, true);
  add(K::Silu, "silu", {"swish"}, {}, "torch.nn.SiLU", "f(x) = x\\,\\sigma(x)",
      "f'(x) = \\sigma(x)\\,\\left(1 + x (1 - \\sigma(x))\\right)", false, false, true);
  add(K::Mish, "mish", {}, {}, "torch.nn.Mish", "f(x) = x \\tanh(\\ln(1 + e^{x}))",
      "f'(x) = \\tanh(s) + x\\,\\sigma(x)\\,(1 - \\tanh^2(s)),\\ s = \\ln(1+e^{x})", false, false, true);
  add(K::Softplus, "softplus", {},
      {param("beta", 1.0, 1e-9, big, 0.1, 5), param("threshold", 20.0, -big, big, 1, 40)},
      "torch.nn.Softplus",
      "f(x) = \\begin{cases} \\tfrac{1}{\\beta}\\ln(1 + e^{\\beta x}) & \\beta x \\le t \\\\ x & \\beta x > t "
      "\\end{cases}",
      "f'(x) = \\begin{cases} \\sigma(\\beta x) & \\beta x \\le t \\\\ 1 & \\beta x > t \\end{cases}", false,
      false, true);
  add(K::Softsign, "softsign", {}, {}, "torch.nn.Softsign", "f(x) = \\frac{x}{1 + |x|}",
      "f'(x) = \\frac{1}{(1 + |x|)^2}", false, true, false);
  add(K::Hardsigmoid, "hardsigmoid", {"hard_sigmoid"}, {}, "torch.nn.Hardsigmoid",
      "f(x) = \\min(\\max(0, x + 3), 6) / 6",
      "f'(x) = \\begin{cases} 1/6 & -3 < x < 3 \\\\ 0 & \\text{otherwise} \\end{cases}", true, false, false);
  add(K::Hardtanh, "hardtanh", {"hard_tanh"},
      {param("min_val", -1.0, -big, big, -3, 0), param("max_val", 1.0, -big, big, 0, 3)},
      "torch.nn.Hardtanh", "f(x) = \\min(\\max(x, a), b)",
      "f'(x) = \\begin{cases} 1 & a < x < b \\\\ 0 & \\text{otherwise} \\end{cases}", true, true, false);
  add(K::Hardswish, "hardswish", {"hard_swish", "hard_silu"}, {}, "torch.nn.Hardswish",
      "f(x) = x \\cdot \\min(\\max(0, x + 3), 6) / 6",
      "f'(x) = \\begin{cases} 0 & x < -3 \\\\ x/3 + 1/2 & -3 \\le x \\le 3 \\\\ 1 & x > 3 \\end{cases}", false,
      false, false);
  add(K::Logsigmoid, "logsigmoid", {"log_sigmoid"}, {}, "torch.nn.LogSigmoid",
      "f(x) = \\ln \\sigma(x) = -\\ln(1 + e^{-x})", "f'(x) = 1 - \\sigma(x)", false, false, true);
  add(K::Softshrink, "softshrink", {"soft_shrink"},
      {param("lambd", 0.5, 0, big, 0, 2, {"lambda", "threshold"})}, "torch.nn.Softshrink",
      "f(x) = \\begin{cases} x - \\lambda & x > \\lambda \\\\ x + \\lambda & x < -\\lambda \\\\ 0 & "
      "\\text{otherwise} \\end{cases}",
      "f'(x) = \\begin{cases} 1 & |x| > \\lambda \\\\ 0 & \\text{otherwise} \\end{cases}", true, true, false);
  add(K::Hardshrink, "hardshrink", {"hard_shrink"},
      {param("lambd", 0.5, 0, big, 0, 2, {"lambda", "threshold"})}, "torch.nn.Hardshrink",
      "f(x) = \\begin{cases} x & |x| > \\lambda \\\\ 0 & \\text{otherwise} \\end{cases}",
      "f'(x) = \\begin{cases} 1 & |x| > \\lambda \\\\ 0 & \\text{otherwise} \\end{cases}", false, true, false);
  add(K::Tanhshrink, "tanhshrink", {"tanh_shrink"}, {}, "torch.nn.Tanhshrink", "f(x) = x - \\tanh(x)",
      "f'(x) = \\tanh^2(x)", false, true, true);
  add(K::Threshold, "threshold", {},
      {param("threshold", 0.0, -big, big, -2, 2), param("value", 0.0, -big, big, -2, 2, {"default_value"})},
      "torch.nn.Threshold (torch has no defaults)",
      "f(x) = \\begin{cases} x & x > \\theta \\\\ v & x \\le \\theta \\end{cases}",
      "f'(x) = \\begin{cases} 1 & x > \\theta \\\\ 0 & x \\le \\theta \\end{cases}", false, false, false);
  add(K::BinaryStep, "binary_step", {"step", "heaviside"}, {},
      "historical perceptron step (derivative 0 everywhere it exists)",
      "f(x) = \\begin{cases} 1 & x \\ge 0 \\\\ 0 & x < 0 \\end{cases}", "f'(x) = 0", false, false, false);
  add(K::Exponential, "exponential", {"exp"}, {}, "keras.activations.exponential", "f(x) = e^{x}",
      "f'(x) = e^{x}", false, false, true);
  add(K::Squareplus, "squareplus", {}, {param("b", 4.0, 0, big, 0, 10)}, "jax.nn.squareplus",
      "f(x) = \\tfrac12\\left(x + \\sqrt{x^2 + b}\\right)",
      "f'(x) = \\tfrac12\\left(1 + \\frac{x}{\\sqrt{x^2 + b}}\\right)", false, false, false);
  add(K::SparsePlus, "sparse_plus", {}, {}, "jax.nn.sparse_plus",
      "f(x) = \\begin{cases} 0 & x \\le -1 \\\\ \\tfrac14 (x+1)^2 & -1 < x < 1 \\\\ x & x \\ge 1 "
      "\\end{cases}",
      "f'(x) = \\begin{cases} 0 & x \\le -1 \\\\ \\tfrac12 (x+1) & -1 < x < 1 \\\\ 1 & x \\ge 1 \\end{cases}",
      false, false, false);
  add(K::SparseSigmoid, "sparse_sigmoid", {}, {}, "jax.nn.sparse_sigmoid",
      "f(x) = \\min(\\max(\\tfrac12 (x + 1), 0), 1)",
      "f'(x) = \\begin{cases} 1/2 & -1 < x < 1 \\\\ 0 & \\text{otherwise} \\end{cases}", true, false, false);
  add(K::HardSigmoidKeras2, "hard_sigmoid_keras2", {}, {}, "Keras 2 hard_sigmoid: clip(0.2x + 0.5, 0, 1)",
      "f(x) = \\min(\\max(0.2 x + 0.5, 0), 1)",
      "f'(x) = \\begin{cases} 0.2 & -2.5 \\le x \\le 2.5 \\\\ 0 & \\text{otherwise} \\end{cases}", true, false,
      false);
  // f' = 0 for every x < 0 at the default parameters: a neuron whose input is negative on every
  // point gets no gradient at all (it is dead). tests/native checks this against df.
  for (auto& e : c)
    e.flat_below_zero =
        e.kind == K::Relu || e.kind == K::Relu6 || e.kind == K::Threshold || e.kind == K::BinaryStep;
  return c;
}

std::string normalise(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == ' ' && out.empty()) continue;
    out.push_back(ch == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// --- scalar formulas: one function per kind, shared by f/df and the batch loop --------

// sigmoid and tanh use the vectorisable kernels of fast_math.h (within a few ulp of libm).
inline double sigmoid(double x) { return fast::sigmoid(x); }

inline double softplus_f(double x, double beta, double threshold) {
  const double bx = x * beta;
  if (bx > threshold) return x;
  // log1p(exp(bx)) overflows for bx > ~709; there it equals bx + log1p(exp(-bx)).
  if (bx > 30.0) return (bx + std::log1p(std::exp(-bx))) / beta;
  return std::log1p(std::exp(bx)) / beta;
}
inline double softplus_df(double x, double beta, double threshold) {
  const double bx = x * beta;
  if (bx > threshold) return 1.0;
  const double z = std::exp(bx);
  return std::isinf(z) ? 1.0 : z / (z + 1.0);
}

inline double logsigmoid_f(double x) { return std::min(x, 0.0) - std::log1p(std::exp(-std::fabs(x))); }
inline double logsigmoid_df(double x) {
  const double z = std::exp(-std::fabs(x));
  return x < 0 ? 1.0 - z / (1.0 + z) : z / (1.0 + z);
}

inline double mish_sp(double x) { return x > 30.0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

}  // namespace

const std::vector<ActivationInfo>& activation_catalogue() {
  static const std::vector<ActivationInfo> catalogue = build_catalogue();
  return catalogue;
}

const ActivationInfo& Activation::info() const {
  const auto& cat = activation_catalogue();
  for (const auto& e : cat)
    if (e.kind == kind_) return e;
  return cat.front();
}

ALAB_ONCE Status Activation::make(const std::string& name, const std::vector<ParamSetting>& params, Activation& out) {
  const std::string key = normalise(name);
  const ActivationInfo* entry = nullptr;
  for (const auto& e : activation_catalogue()) {
    if (e.name == key || std::find(e.aliases.begin(), e.aliases.end(), key) != e.aliases.end()) {
      entry = &e;
      break;
    }
  }
  std::vector<ParamSetting> rest = params;
  // torch spells the tanh form of GELU as a parameter: gelu(approximate="tanh").
  if (entry && entry->kind == ActKind::Gelu) {
    for (auto it = rest.begin(); it != rest.end(); ++it) {
      if (it->name != "approximate") continue;
      if (it->text == "tanh") {
        entry = nullptr;
        for (const auto& e : activation_catalogue())
          if (e.kind == ActKind::GeluTanh) entry = &e;
      } else if (it->text != "none") {
        return Status::error("gelu_approximate_invalid", {{"value", it->text}});
      }
      rest.erase(it);
      break;
    }
  }
  if (!entry) {
    std::string known;
    for (const auto& e : activation_catalogue()) known += (known.empty() ? "" : ", ") + e.name;
    return Status::error("unknown_activation", {{"name", name}, {"known", known}});
  }
  Activation a;
  a.kind_ = entry->kind;
  for (const auto& p : entry->params) a.p_.push_back(p.default_value);
  for (const auto& s : rest) {
    std::size_t idx = entry->params.size();
    for (std::size_t i = 0; i < entry->params.size(); ++i) {
      const auto& spec = entry->params[i];
      if (spec.name == s.name || std::find(spec.aliases.begin(), spec.aliases.end(), s.name) != spec.aliases.end())
        idx = i;
    }
    if (idx == entry->params.size()) {
      std::string has;
      for (const auto& spec : entry->params) has += (has.empty() ? "" : ", ") + spec.name;
      if (has.empty())
        return Status::error("activation_takes_no_params", {{"activation", entry->name}, {"param", s.name}});
      return Status::error("unknown_param",
                           {{"activation", entry->name}, {"param", s.name}, {"accepted", has}});
    }
    const auto& spec = entry->params[idx];
    if (!s.text.empty())
      return Status::error("param_not_a_number", {{"activation", entry->name}, {"param", spec.name}});
    if (!std::isfinite(s.value))
      return Status::error("param_not_finite", {{"activation", entry->name}, {"param", spec.name}});
    if (s.value < spec.min_value || s.value > spec.max_value)
      return Status::error("param_out_of_range", {{"activation", entry->name},
                                                  {"param", spec.name},
                                                  {"value", s.value},
                                                  {"min", spec.min_value},
                                                  {"max", spec.max_value}});
    a.p_[idx] = s.value;
  }
  if (a.kind_ == ActKind::Hardtanh && !(a.p_[0] < a.p_[1])) return Status::error("hardtanh_bounds");
  if (a.kind_ == ActKind::Rrelu && !(a.p_[0] <= a.p_[1])) return Status::error("rrelu_bounds");
  a.a_ = a.p_.size() > 0 ? a.p_[0] : 0.0;
  a.b_ = a.p_.size() > 1 ? a.p_[1] : 0.0;
  if (a.kind_ == ActKind::Rrelu) a.a_ = (a.p_[0] + a.p_[1]) / 2.0;  // the eval-mode slope
  out = std::move(a);
  return {};
}

Activation Activation::named(const std::string& name) {
  Activation a;
  Activation::make(name, {}, a);
  return a;
}

namespace {

// f and f' of every kind as free functions of (kind, first two parameters, x). Always
// inlined, so a loop over one constant kind compiles to that kind's formula alone.
[[gnu::always_inline]] inline double f_of(ActKind kind, double a, double b, double x) {
  if (std::isnan(x)) return x;
  switch (kind) {
    case ActKind::Identity: return x;
    case ActKind::Sigmoid: return sigmoid(x);
    case ActKind::Tanh: return fast::tanh(x);
    case ActKind::Relu: return x > 0 ? x : 0.0;
    case ActKind::LeakyRelu:
    case ActKind::Prelu:
    case ActKind::Rrelu: return x > 0 ? x : a * x;
    case ActKind::Relu6: return std::min(std::max(x, 0.0), 6.0);
    case ActKind::Elu: return x > 0 ? x : a * (std::exp(x) - 1.0);
    case ActKind::Selu: return x > 0 ? kSeluScale * x : (kSeluAlpha * kSeluScale) * (std::exp(x) - 1.0);
    case ActKind::Celu: return x > 0 ? x : a * (std::exp(x * (1.0 / a)) - 1.0);
    case ActKind::Gelu: return x * 0.5 * (1.0 + std::erf(x * kSqrt1_2));
    case ActKind::GeluTanh: {
      const double inner = kGeluTanhK * (x + kGeluTanhC * x * x * x);
      return 0.5 * x * (1.0 + std::tanh(inner));
    }
    case ActKind::Silu: return x / (1.0 + std::exp(-x));
    case ActKind::Mish: return x * std::tanh(mish_sp(x));
    case ActKind::Softplus: return softplus_f(x, a, b);
    case ActKind::Softsign: return x / (1.0 + std::fabs(x));
    case ActKind::Hardsigmoid: return std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0;
    case ActKind::Hardtanh: return std::min(std::max(x, a), b);
    case ActKind::Hardswish: return x >= 3.0 ? x : x * std::min(std::max(x + 3.0, 0.0), 6.0) / 6.0;
    case ActKind::Logsigmoid: return logsigmoid_f(x);
    case ActKind::Softshrink: return x > a ? x - a : (x < -a ? x + a : 0.0);
    case ActKind::Hardshrink: return (x > a || x < -a) ? x : 0.0;
    case ActKind::Tanhshrink: return x - std::tanh(x);
    case ActKind::Threshold: return x > a ? x : b;
    case ActKind::BinaryStep: return x >= 0 ? 1.0 : 0.0;
    case ActKind::Exponential: return std::exp(x);
    case ActKind::Squareplus: {
      const double r = std::hypot(x, std::sqrt(a));
      // (x + r)/2 cancels for x << 0; b / (2 (r - x)) is the same value computed stably.
      if (x < 0) return r - x > 0 ? a / (2.0 * (r - x)) : 0.0;
      return 0.5 * x + 0.5 * r;
    }
    case ActKind::SparsePlus: return x <= -1.0 ? 0.0 : (x >= 1.0 ? x : (x + 1.0) * (x + 1.0) / 4.0);
    case ActKind::SparseSigmoid: return x <= -1.0 ? 0.0 : (x >= 1.0 ? 1.0 : 0.5 * (x + 1.0));
    case ActKind::HardSigmoidKeras2: return x < -2.5 ? 0.0 : (x > 2.5 ? 1.0 : 0.2 * x + 0.5);
  }
  return x;
}

[[gnu::always_inline]] inline double df_of(ActKind kind, double a, double b, double x) {
  if (std::isnan(x)) return x;
  switch (kind) {
    case ActKind::Identity: return 1.0;
    case ActKind::Sigmoid: {
      const double y = sigmoid(x);  // torch differentiates through the output: y (1 - y)
      return y * (1.0 - y);
    }
    case ActKind::Tanh: {
      const double y = fast::tanh(x);
      return 1.0 - y * y;
    }
    case ActKind::Relu: return x > 0 ? 1.0 : 0.0;
    case ActKind::LeakyRelu:
    case ActKind::Prelu:
    case ActKind::Rrelu: return x > 0 ? 1.0 : a;
    case ActKind::Relu6: return (x > 0 && x < 6.0) ? 1.0 : 0.0;
    case ActKind::Elu: return x > 0 ? 1.0 : a * std::exp(x);
    case ActKind::Selu: return x > 0 ? kSeluScale : (kSeluAlpha * kSeluScale) * std::exp(x);
    case ActKind::Celu: return x > 0 ? 1.0 : (1.0 / a) * a * std::exp(x * (1.0 / a));
    case ActKind::Gelu: {
      const double cdf = 0.5 * (1.0 + std::erf(x * kSqrt1_2));
      const double pdf = std::exp(-0.5 * x * x) * kInvSqrt2Pi;
      return cdf + (pdf == 0.0 ? 0.0 : x * pdf);
    }
    case ActKind::GeluTanh: {
      const double x_sq = x * x;
      const double inner = kGeluTanhK * (x + kGeluTanhC * x_sq * x);
      const double t = std::tanh(inner);
      const double dt = 1.0 - t * t;
      const double right = dt == 0.0 ? 0.0 : 0.5 * x * dt * kGeluTanhK * (1.0 + 3.0 * kGeluTanhC * x_sq);
      return 0.5 * (1.0 + t) + right;
    }
    case ActKind::Silu: {
      const double s = sigmoid(x);
      return s == 0.0 ? 0.0 : s * (1.0 + x * (1.0 - s));
    }
    case ActKind::Mish: {
      const double s = sigmoid(x);
      const double t = std::tanh(mish_sp(x));
      const double dt = 1.0 - t * t;
      return t + ((s == 0.0 || dt == 0.0) ? 0.0 : x * s * dt);
    }
    case ActKind::Softplus: return softplus_df(x, a, b);
    case ActKind::Softsign: {
      const double d = 1.0 + std::fabs(x);
      return 1.0 / (d * d);
    }
    // PyTorch's backward multiplies by scalar_t(1.0f / 6.0f), the float nearest 1/6, also in
    // float64 (0.1666666716337204, 3e-8 above 1/6): its numbers, bit for bit.
    case ActKind::Hardsigmoid: return (x > -3.0 && x < 3.0) ? double(1.0f / 6.0f) : 0.0;
    case ActKind::Hardtanh: return (x > a && x < b) ? 1.0 : 0.0;
    case ActKind::Hardswish: return x < -3.0 ? 0.0 : (x <= 3.0 ? x / 3.0 + 0.5 : 1.0);
    case ActKind::Logsigmoid: return logsigmoid_df(x);
    case ActKind::Softshrink:
    case ActKind::Hardshrink: return (x > a || x < -a) ? 1.0 : 0.0;
    case ActKind::Tanhshrink: {
      const double t = std::tanh(x);
      return t * t;
    }
    case ActKind::Threshold: return x > a ? 1.0 : 0.0;
    case ActKind::BinaryStep: return 0.0;
    case ActKind::Exponential: return std::exp(x);
    case ActKind::Squareplus: {
      const double r = std::hypot(x, std::sqrt(a));
      return r == 0.0 ? 0.5 : 0.5 * (1.0 + x / r);
    }
    case ActKind::SparsePlus: return x <= -1.0 ? 0.0 : (x >= 1.0 ? 1.0 : 0.5 * (x + 1.0));
    case ActKind::SparseSigmoid: return (x > -1.0 && x < 1.0) ? 0.5 : 0.0;
    case ActKind::HardSigmoidKeras2: return (x >= -2.5 && x <= 2.5) ? 0.2 : 0.0;
  }
  return 1.0;
}

// One loop per kind: y (and dy) over the whole array, the kind fixed at compile time.
template <ActKind K>
void eval_kind(double a, double b, const double* x, double* y, double* dy, std::size_t n) {
  if (y)
    for (std::size_t i = 0; i < n; ++i) y[i] = f_of(K, a, b, x[i]);
  if (!dy) return;
  if constexpr (K == ActKind::Tanh) {
    // torch differentiates tanh through its output: 1 - y^2 (reuse y when we have it)
    if (y) {
      for (std::size_t i = 0; i < n; ++i) dy[i] = std::isnan(x[i]) ? x[i] : 1.0 - y[i] * y[i];
      return;
    }
  }
  if constexpr (K == ActKind::Sigmoid) {
    if (y) {
      for (std::size_t i = 0; i < n; ++i) dy[i] = std::isnan(x[i]) ? x[i] : y[i] * (1.0 - y[i]);
      return;
    }
  }
  for (std::size_t i = 0; i < n; ++i) dy[i] = df_of(K, a, b, x[i]);
}

using EvalFn = void (*)(double, double, const double*, double*, double*, std::size_t);

template <std::size_t... I>
constexpr std::array<EvalFn, sizeof...(I)> eval_table(std::index_sequence<I...>) {
  return {&eval_kind<static_cast<ActKind>(I)>...};
}
constexpr std::size_t kKinds = std::size_t(ActKind::HardSigmoidKeras2) + 1;
constexpr auto kEvalTable = eval_table(std::make_index_sequence<kKinds>{});

}  // namespace

double Activation::f(double x) const { return f_of(kind_, a_, b_, x); }
double Activation::df(double x) const { return df_of(kind_, a_, b_, x); }

void Activation::eval(const double* x, double* y, double* dy, std::size_t n) const {
  kEvalTable[std::size_t(kind_)](a_, b_, x, y, dy, n);
}

std::vector<double> Activation::kinks() const {
  const double a = a_, b = b_;
  switch (kind_) {
    case ActKind::Relu:
    case ActKind::LeakyRelu:
    case ActKind::Prelu:
    case ActKind::Rrelu:
    case ActKind::Selu:
    case ActKind::BinaryStep: return {0.0};
    case ActKind::Elu: return a == 1.0 ? std::vector<double>{} : std::vector<double>{0.0};
    case ActKind::Relu6: return {0.0, 6.0};
    case ActKind::Hardsigmoid:
    case ActKind::Hardswish: return {-3.0, 3.0};
    case ActKind::Hardtanh: return {a, b};
    case ActKind::Softshrink:
    case ActKind::Hardshrink: return a == 0.0 ? std::vector<double>{0.0} : std::vector<double>{-a, a};
    case ActKind::Threshold: return {a};
    case ActKind::SparseSigmoid: return {-1.0, 1.0};
    case ActKind::HardSigmoidKeras2: return {-2.5, 2.5};
    default: return {};
  }
}

void Activation::linear_pieces(std::vector<double>& breaks, std::vector<double>& slopes,
                               std::vector<double>& offsets) const {
  const double a = a_, b = b_;
  switch (kind_) {
    case ActKind::Relu: breaks = {0.0}; slopes = {0.0, 1.0}; offsets = {0.0, 0.0}; return;
    case ActKind::LeakyRelu:
    case ActKind::Prelu:
    case ActKind::Rrelu: breaks = {0.0}; slopes = {a, 1.0}; offsets = {0.0, 0.0}; return;
    case ActKind::Relu6: breaks = {0.0, 6.0}; slopes = {0.0, 1.0, 0.0}; offsets = {0.0, 0.0, 6.0}; return;
    case ActKind::Hardtanh: breaks = {a, b}; slopes = {0.0, 1.0, 0.0}; offsets = {a, 0.0, b}; return;
    case ActKind::Hardsigmoid:
      breaks = {-3.0, 3.0}; slopes = {0.0, 1.0 / 6.0, 0.0}; offsets = {0.0, 0.5, 1.0}; return;
    case ActKind::Softshrink: breaks = {-a, a}; slopes = {1.0, 0.0, 1.0}; offsets = {a, 0.0, -a}; return;
    case ActKind::SparseSigmoid:
      breaks = {-1.0, 1.0}; slopes = {0.0, 0.5, 0.0}; offsets = {0.0, 0.5, 1.0}; return;
    case ActKind::HardSigmoidKeras2:
      breaks = {-2.5, 2.5}; slopes = {0.0, 0.2, 0.0}; offsets = {0.0, 0.5, 1.0}; return;
    default: breaks = {}; slopes = {1.0}; offsets = {0.0}; return;
  }
}

Status parse_softmax_variant(const std::string& s, SoftmaxVariant& out) {
  if (s == "softmax") { out = SoftmaxVariant::Softmax; return {}; }
  if (s == "log_softmax") { out = SoftmaxVariant::LogSoftmax; return {}; }
  if (s == "softmin") { out = SoftmaxVariant::Softmin; return {}; }
  return Status::error("unknown_softmax_variant", {{"value", s}});
}

Status check_softmax_shape(std::size_t rows, std::size_t k, bool jacobian) {
  if (rows == 0 || k == 0) return Status::error("softmax_empty");
  // In 64 bits: size_t is 32 bits in WebAssembly, where rows * k * k could wrap around.
  if (jacobian && std::uint64_t(rows) * std::uint64_t(k) * std::uint64_t(k) > kMaxSoftmaxJacobian)
    return Status::error("softmax_too_large", {{"max", kMaxSoftmaxJacobian}});
  return {};
}

Status softmax(const double* x, std::size_t rows, std::size_t k, double temperature, SoftmaxVariant variant,
               double* y, double* jacobian) {
  if (Status st = check_softmax_shape(rows, k, jacobian != nullptr); !st) return st;
  if (!(temperature > 0) || !std::isfinite(temperature))
    return Status::error("temperature_invalid", {{"value", temperature}});
  std::vector<double> v(k), p(k);
  const double sign = variant == SoftmaxVariant::Softmin ? -1.0 : 1.0;
  for (std::size_t r = 0; r < rows; ++r) {
    const double* xr = x + r * k;
    // Subtracting the row maximum keeps every exponent <= 0: exp never overflows, and
    // the largest term is exactly 1, so the sum is >= 1 and the log is safe.
    double m = -kInf;
    for (std::size_t i = 0; i < k; ++i) {
      v[i] = sign * xr[i] / temperature;
      m = std::max(m, v[i]);
    }
    double s = 0;
    for (std::size_t i = 0; i < k; ++i) {
      p[i] = std::exp(v[i] - m);
      s += p[i];
    }
    const double log_s = std::log(s);
    for (std::size_t i = 0; i < k; ++i) {
      const double pi = p[i] / s;
      y[r * k + i] = variant == SoftmaxVariant::LogSoftmax ? (v[i] - m) - log_s : pi;
      p[i] = pi;
    }
    if (!jacobian) continue;
    double* J = jacobian + r * k * k;
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) {
        const double delta = i == j ? 1.0 : 0.0;
        switch (variant) {
          case SoftmaxVariant::Softmax: J[i * k + j] = p[i] * (delta - p[j]) / temperature; break;
          case SoftmaxVariant::LogSoftmax: J[i * k + j] = (delta - p[j]) / temperature; break;
          case SoftmaxVariant::Softmin: J[i * k + j] = -p[i] * (delta - p[j]) / temperature; break;
        }
      }
  }
  return {};
}

}  // namespace alab
