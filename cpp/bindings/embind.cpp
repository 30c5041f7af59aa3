// The only file that knows about Emscripten: it exposes the core to JavaScript.
// Every bound function returns plain JS values and reports failure as {error: "..."}
// (never by throwing: an exception crossing the boundary leaks wasm stack, see
// toolchain-notes.md section 4). web/src/engine.js turns {error} into a JS CoreError.
// Bulk numbers cross as typed arrays: in via convertJSArrayToNumberVector, out as a
// copy (slice) of a typed_memory_view so a caller never holds a view that can detach.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "alab/activations.h"

using emscripten::val;
using namespace alab;

namespace {

val error_value(const std::string& message) {
  val out = val::object();
  out.set("error", message);
  return out;
}

template <class T>
val copy_out(const std::vector<T>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

val string_list(const std::vector<std::string>& v) {
  val a = val::array();
  for (std::size_t i = 0; i < v.size(); ++i) a.set(i, v[i]);
  return a;
}

// JS object {name: number | string} -> ParamSetting list. Anything else is an error.
bool read_params(const val& obj, std::vector<ParamSetting>& out, std::string& error) {
  if (obj.isUndefined() || obj.isNull()) return true;
  if (obj.typeOf().as<std::string>() != "object") {
    error = "params must be an object of name: value";
    return false;
  }
  const val keys = val::global("Object").call<val>("keys", obj);
  const unsigned n = keys["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    ParamSetting s;
    s.name = keys[i].as<std::string>();
    const val v = obj[s.name];
    const std::string type = v.typeOf().as<std::string>();
    if (type == "number") {
      s.value = v.as<double>();
    } else if (type == "string") {
      s.text = v.as<std::string>();
      if (s.text.empty()) {
        error = "parameter " + s.name + " is an empty string";
        return false;
      }
    } else {
      error = "parameter " + s.name + " must be a number";
      return false;
    }
    out.push_back(std::move(s));
  }
  return true;
}

val activation_catalogue_js() {
  val list = val::array();
  const auto& cat = activation_catalogue();
  for (std::size_t i = 0; i < cat.size(); ++i) {
    const auto& e = cat[i];
    val o = val::object();
    o.set("name", e.name);
    o.set("aliases", string_list(e.aliases));
    val params = val::array();
    for (std::size_t j = 0; j < e.params.size(); ++j) {
      const auto& p = e.params[j];
      val po = val::object();
      po.set("name", p.name);
      po.set("default", p.default_value);
      po.set("min", p.min_value);
      po.set("max", p.max_value);
      po.set("sliderMin", p.slider_min);
      po.set("sliderMax", p.slider_max);
      po.set("aliases", string_list(p.aliases));
      params.set(j, po);
    }
    o.set("params", params);
    o.set("source", e.source);
    o.set("formulaTex", e.formula_tex);
    o.set("derivativeTex", e.derivative_tex);
    o.set("piecewiseLinear", e.piecewise_linear);
    o.set("zeroCentred", e.zero_centred);
    o.set("usesExp", e.uses_exp);
    list.set(i, o);
  }
  return list;
}

// evaluate(name, params, xs) -> {name, params: {resolved}, y, dy, kinks} or {error}
val evaluate_js(const std::string& name, const val& params, const val& xs) {
  std::vector<ParamSetting> settings;
  std::string error;
  if (!read_params(params, settings, error)) return error_value(error);
  Activation act;
  const Status st = Activation::make(name, settings, act);
  if (!st.ok) return error_value(st.message);
  const std::vector<double> x = emscripten::convertJSArrayToNumberVector<double>(xs);
  std::vector<double> y(x.size()), dy(x.size());
  act.eval(x.data(), y.data(), dy.data(), x.size());
  val out = val::object();
  out.set("name", act.name());
  val resolved = val::object();
  for (std::size_t i = 0; i < act.info().params.size(); ++i) resolved.set(act.info().params[i].name, act.params()[i]);
  out.set("params", resolved);
  out.set("y", copy_out(y));
  out.set("dy", copy_out(dy));
  out.set("kinks", copy_out(act.kinks()));
  return out;
}

// softmax(xs (rows*k), rows, k, temperature, variant) -> {y, jacobian} or {error}
val softmax_js(const val& xs, int rows, int k, double temperature, const std::string& variant) {
  SoftmaxVariant v;
  Status st = parse_softmax_variant(variant, v);
  if (!st.ok) return error_value(st.message);
  if (rows < 1 || k < 1) return error_value("softmax needs at least one row of at least one score");
  const std::vector<double> x = emscripten::convertJSArrayToNumberVector<double>(xs);
  if (x.size() != std::size_t(rows) * std::size_t(k)) return error_value("softmax: rows * k does not match the data");
  std::vector<double> y(x.size()), jac(x.size() * std::size_t(k));
  st = softmax(x.data(), std::size_t(rows), std::size_t(k), temperature, v, y.data(), jac.data());
  if (!st.ok) return error_value(st.message);
  val out = val::object();
  out.set("y", copy_out(y));
  out.set("jacobian", copy_out(jac));
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(activation_lab) {
  emscripten::function("activationCatalogue", &activation_catalogue_js);
  emscripten::function("evaluate", &evaluate_js);
  emscripten::function("softmax", &softmax_js);
}
