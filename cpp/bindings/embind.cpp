// The only file that knows about Emscripten: it exposes the core to JavaScript.
// Every bound function returns plain JS values and reports failure as {error: "..."}
// (never by throwing: an exception crossing the boundary leaks wasm stack, see
// toolchain-notes.md section 4). web/src/engine.js turns {error} into a JS CoreError.
// Bulk numbers cross as typed arrays: in via convertJSArrayToNumberVector, out as a
// copy (slice) of a typed_memory_view so a caller never holds a view that can detach.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <new>
#include <limits>
#include <string>
#include <vector>

#include "alab/activations.h"
#include "alab/datasets.h"
#include "alab/mlp.h"
#include "alab/network.h"
#include "alab/regions.h"
#include "alab/speed.h"

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
  // The Jacobian holds rows * k * k numbers; keep it to 2^24 (128 MB) and compute the size
  // in 64 bits, since size_t is 32 bits in WebAssembly.
  if (std::uint64_t(rows) * std::uint64_t(k) * std::uint64_t(k) > (std::uint64_t(1) << 24))
    return error_value("softmax: rows * k * k must be at most 16777216 (the Jacobian would not fit)");
  std::vector<double> y(x.size()), jac(x.size() * std::size_t(k));
  st = softmax(x.data(), std::size_t(rows), std::size_t(k), temperature, v, y.data(), jac.data());
  if (!st.ok) return error_value(st.message);
  val out = val::object();
  out.set("y", copy_out(y));
  out.set("jacobian", copy_out(jac));
  return out;
}

// timeActivation(name, params, n, samples, minMs) -> {forwardNs, backwardNs, samples}
val time_activation_js(const std::string& name, const val& params, double n, double samples, double min_ms) {
  std::vector<ParamSetting> settings;
  std::string error;
  if (!read_params(params, settings, error)) return error_value(error);
  Activation act;
  if (Status st = Activation::make(name, settings, act); !st) return error_value(st.message);
  if (!(n == std::floor(n) && samples == std::floor(samples))) return error_value("n and samples must be whole numbers");
  ActivationTiming t;
  if (Status st = time_activation(act, std::size_t(std::max(0.0, n)), int(std::max(0.0, std::min(samples, 1000.0))), min_ms, t); !st)
    return error_value(st.message);
  val o = val::object();
  o.set("forwardNs", t.forward_ns);
  o.set("backwardNs", t.backward_ns);
  o.set("samples", t.samples);
  return o;
}

// ---- networks, data and training ------------------------------------------------------

bool is_number(const val& v) { return v.typeOf().as<std::string>() == "number"; }

double number_field(const val& obj, const char* key, double fallback) {
  const val v = obj[key];
  return is_number(v) ? v.as<double>() : fallback;
}
std::string string_field(const val& obj, const char* key, const std::string& fallback) {
  const val v = obj[key];
  return v.typeOf().as<std::string>() == "string" ? v.as<std::string>() : fallback;
}
bool bool_field(const val& obj, const char* key, bool fallback) {
  const val v = obj[key];
  return v.typeOf().as<std::string>() == "boolean" ? v.as<bool>() : fallback;
}

// spec = {layers: int[], activations: string[], activationParams: object[], output: string,
//         params?: Float64Array (flat, Network layout)}
Status read_network(const val& spec, Network& net) {
  const std::vector<double> sizes = emscripten::convertJSArrayToNumberVector<double>(spec["layers"]);
  std::vector<int> layers;
  for (double s : sizes) {
    if (!(s == std::floor(s)) || s < 1 || s > 4096) return Status::error("every layer width must be a whole number from 1 to 4096");
    layers.push_back(int(s));
  }
  if (layers.size() < 2) return Status::error("layers needs at least 2 sizes (inputs and outputs)");
  const val names = spec["activations"], params = spec["activationParams"];
  std::vector<Activation> hidden;
  for (std::size_t l = 0; l + 2 < layers.size(); ++l) {
    const val name = names[l];
    if (name.typeOf().as<std::string>() != "string") return Status::error("one activation name per hidden layer is needed");
    std::vector<ParamSetting> settings;
    std::string error;
    if (!params.isUndefined() && !read_params(params[l], settings, error)) return Status::error(error);
    Activation a;
    if (Status st = Activation::make(name.as<std::string>(), settings, a); !st) return st;
    hidden.push_back(a);
  }
  OutputKind out;
  if (Status st = parse_output_kind(string_field(spec, "output", "linear"), out); !st) return st;
  if (Status st = make_network(layers, hidden, out, net); !st) return st;
  if (!spec["params"].isUndefined()) {
    std::vector<double> p = emscripten::convertJSArrayToNumberVector<double>(spec["params"]);
    if (p.size() != net.param_count())
      return Status::error("the network needs " + std::to_string(net.param_count()) + " weights and biases, got " +
                           std::to_string(p.size()));
    net.params = std::move(p);
  }
  return validate_network(net);
}

// settings = {loss, bceImpl, optimizer, lr, momentum, nesterov, beta1, beta2, eps, l2,
//             l2Biases, batchSize, batching, shuffle, shuffleSeed}; missing fields keep `base`.
Status read_settings(const val& s, TrainSettings base, TrainSettings& out) {
  TrainSettings t = base;
  if (!s["loss"].isUndefined())
    if (Status st = parse_loss_kind(string_field(s, "loss", "?"), t.loss); !st) return st;
  if (!s["bceImpl"].isUndefined())
    if (Status st = parse_bce_impl(string_field(s, "bceImpl", "?"), t.bce_impl); !st) return st;
  if (!s["optimizer"].isUndefined())
    if (Status st = parse_optimizer_kind(string_field(s, "optimizer", "?"), t.optimizer); !st) return st;
  if (!s["batching"].isUndefined())
    if (Status st = parse_batching(string_field(s, "batching", "?"), t.batching); !st) return st;
  for (const char* key : {"lr", "momentum", "beta1", "beta2", "eps", "l2", "batchSize", "shuffleSeed"}) {
    const val v = s[key];
    if (!v.isUndefined() && !is_number(v)) return Status::error(std::string(key) + " must be a number");
  }
  t.lr = number_field(s, "lr", t.lr);
  t.momentum = number_field(s, "momentum", t.momentum);
  t.beta1 = number_field(s, "beta1", t.beta1);
  t.beta2 = number_field(s, "beta2", t.beta2);
  t.eps = number_field(s, "eps", t.eps);
  t.l2 = number_field(s, "l2", t.l2);
  const double b = number_field(s, "batchSize", t.batch_size);
  if (!(b == std::floor(b)) || b < 1 || b > 1e6) return Status::error("batch size must be a whole number from 1 to 1000000");
  t.batch_size = int(b);
  const double seed = number_field(s, "shuffleSeed", double(t.shuffle_seed));
  if (!(seed >= 0 && seed <= 9007199254740991.0 && seed == std::floor(seed))) return Status::error("seed must be a whole number >= 0");
  t.shuffle_seed = std::uint64_t(seed);
  t.nesterov = bool_field(s, "nesterov", t.nesterov);
  t.l2_biases = bool_field(s, "l2Biases", t.l2_biases);
  t.shuffle = bool_field(s, "shuffle", t.shuffle);
  out = t;
  return {};
}

// data = {x: Float64Array (n*inputs), inputs, classes (>= 2 with labels in y; 0 with
//         targets in y), y: Float64Array, targetDim?}
Status read_dataset(const val& d, Dataset& out) {
  Dataset ds;
  const double dim = number_field(d, "inputs", 0);
  if (!(dim >= 1 && dim <= 4096 && dim == std::floor(dim))) return Status::error("data needs a whole number of inputs from 1 to 4096");
  ds.dim = int(dim);
  ds.x = emscripten::convertJSArrayToNumberVector<double>(d["x"]);
  const std::vector<double> y = emscripten::convertJSArrayToNumberVector<double>(d["y"]);
  const double classes_d = number_field(d, "classes", 0);
  if (!(classes_d >= 0 && classes_d <= 1e6 && classes_d == std::floor(classes_d)))
    return Status::error("classes must be a whole number from 0 to 1000000");
  const int classes = int(classes_d);
  const std::size_t n = ds.x.size() / std::size_t(ds.dim);
  if (n == 0 || ds.x.size() % std::size_t(ds.dim) != 0) return Status::error("x must hold n * inputs numbers, n >= 1");
  if (classes > 0) {
    if (y.size() != n) return Status::error("one label per point is needed");
    for (double v : y) {
      if (!(v == std::floor(v)) || v < 0 || v >= classes)
        return Status::error("labels must be whole numbers from 0 to " + std::to_string(classes - 1));
      ds.labels.push_back(int(v));
    }
    ds.num_classes = classes;
  } else {
    ds.targets = y;
    const double target_dim = number_field(d, "targetDim", double(y.size() / n));
    if (!(target_dim >= 1 && target_dim <= 4096 && target_dim == std::floor(target_dim)))
      return Status::error("targets need a whole number of values per point from 1 to 4096");
    ds.target_dim = int(target_dim);
    if (ds.target_dim < 1 || y.size() != n * std::size_t(ds.target_dim))
      return Status::error("targets must hold n * outputs numbers");
  }
  if (Status st = validate_dataset(ds); !st) return st;
  out = std::move(ds);
  return {};
}

val dataset_js(const Dataset& d) {
  val o = val::object();
  o.set("x", copy_out(d.x));
  o.set("n", double(d.size()));
  if (d.is_classification()) {
    std::vector<double> y(d.labels.begin(), d.labels.end());
    o.set("y", copy_out(y));
  } else {
    o.set("y", copy_out(d.targets));
  }
  return o;
}

val forward_js(const val& spec, const val& xs, bool jacobians) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st.message);
  const std::vector<double> x = emscripten::convertJSArrayToNumberVector<double>(xs);
  if (x.empty() || x.size() % net.inputs() != 0) return error_value("x must hold n * " + std::to_string(net.inputs()) + " numbers");
  ForwardResult r;
  ForwardOptions opt;
  opt.hidden = true;
  opt.jacobians = jacobians;
  if (Status st = forward(net, x.data(), x.size() / net.inputs(), opt, r); !st) return error_value(st.message);
  val o = val::object();
  o.set("n", double(x.size() / net.inputs()));
  o.set("outputs", copy_out(r.outputs));
  o.set("logits", copy_out(r.logits));
  o.set("hiddenPre", copy_out(r.hidden_pre));
  o.set("hiddenAct", copy_out(r.hidden_act));
  if (jacobians) {
    o.set("jacobian", copy_out(r.jacobian));
    o.set("jacobianLogits", copy_out(r.jacobian_logits));
    o.set("localOffset", copy_out(r.local_offset));
  }
  return o;
}

// One whole training run, for the command-line `train` op.
val train_run_js(const val& spec, const val& settings, const val& data, double steps) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st.message);
  TrainSettings s;
  if (Status st = read_settings(settings, TrainSettings{}, s); !st) return error_value(st.message);
  Dataset d;
  if (Status st = read_dataset(data, d); !st) return error_value(st.message);
  if (!(steps >= 0 && steps <= 1e7 && steps == std::floor(steps)))
    return error_value("steps must be a whole number from 0 to 10000000");
  TrainReport report;
  if (Status st = run_training(net, d, s, long(steps), report); !st) return error_value(st.message);
  val o = val::object();
  o.set("initialLoss", report.initial_loss_full);
  o.set("initialGrads", copy_out(report.initial_grads));
  o.set("lossHistory", copy_out(report.loss_history));
  o.set("l2History", copy_out(report.l2_penalty_history));
  o.set("params", copy_out(report.params));
  o.set("finalLoss", report.final_loss_full);
  o.set("finalOutputs", copy_out(report.final_outputs));
  return o;
}

val dataset_list_js() {
  val list = val::array();
  std::size_t i = 0;
  for (DatasetKind k : dataset_kinds()) {
    Dataset d;
    make_dataset(k, 4, 0.0, 1, d);
    val o = val::object();
    o.set("name", std::string(dataset_kind_name(k)));
    o.set("kind", std::string(d.is_classification() ? "classification" : "regression"));
    o.set("classes", d.num_classes);
    o.set("inputs", d.dim);
    list.set(i++, o);
  }
  return list;
}

val make_dataset_js(const std::string& kind, double n, double noise, double seed, double test_fraction) {
  if (!(n == std::floor(n)) || n < 2 || n > 100000) return error_value("the number of points must be a whole number from 2 to 100000");
  if (!(noise >= 0 && noise <= 100)) return error_value("noise must be a number from 0 to 100");
  if (!(seed >= 0 && seed == std::floor(seed) && seed <= 9007199254740991.0)) return error_value("seed must be a whole number >= 0");
  Dataset all, train, test;
  if (Status st = make_dataset(kind, int(n), noise, std::uint64_t(seed), all); !st) return error_value(st.message);
  if (test_fraction == 0) {
    train = all;  // no split: every point, in the generator's order
  } else if (Status st = split_dataset(all, test_fraction, std::uint64_t(seed) + 1, train, test); !st) {
    return error_value(st.message);
  }
  val o = val::object();
  o.set("name", kind);
  o.set("kind", std::string(all.is_classification() ? "classification" : "regression"));
  o.set("inputs", all.dim);
  o.set("classes", all.num_classes);
  o.set("train", dataset_js(train));
  o.set("test", dataset_js(test));
  return o;
}

// ---- linear regions ---------------------------------------------------------------------

val regions_of(const Network& net, const std::vector<double>& box) {
  if (box.size() == 4 && net.inputs() == 2) {
    Regions2D r;
    if (Status st = linear_regions_2d(net, box[0], box[1], box[2], box[3], r); !st) return error_value(st.message);
    val o = val::object();
    o.set("inputs", 2);
    o.set("patternRegions", r.pattern_regions);
    o.set("affinePieces", r.affine_pieces);
    o.set("neurons", r.neurons);
    o.set("outputs", r.outputs);
    o.set("boxArea", r.box_area);
    o.set("totalArea", r.total_area);
    o.set("maxVertices", r.max_vertices);
    o.set("patterns", r.patterns);
    o.set("vertexStart", copy_out(r.vertex_start));
    o.set("vertices", copy_out(r.vertices));
    o.set("area", copy_out(r.area));
    o.set("centroid", copy_out(r.centroid));
    o.set("A", copy_out(r.A));
    o.set("c", copy_out(r.c));
    o.set("piece", copy_out(r.piece));
    return o;
  }
  if (box.size() == 2 && net.inputs() == 1) {
    Regions1D r;
    if (Status st = linear_regions_1d(net, box[0], box[1], r); !st) return error_value(st.message);
    val o = val::object();
    o.set("inputs", 1);
    o.set("patternRegions", r.pattern_regions);
    o.set("affinePieces", r.affine_pieces);
    o.set("neurons", r.neurons);
    o.set("outputs", r.outputs);
    o.set("patterns", r.patterns);
    o.set("bounds", copy_out(r.bounds));
    o.set("breakpoints", copy_out(r.breakpoints));
    o.set("kinks", copy_out(r.kinks));
    o.set("a", copy_out(r.a));
    o.set("c", copy_out(r.c));
    o.set("piece", copy_out(r.piece));
    return o;
  }
  return error_value("the box must be [xmin, xmax, ymin, ymax] for a net with 2 inputs or [xmin, xmax] for 1 input; this net has " +
                     std::to_string(net.inputs()) + " inputs");
}

val regions_js(const val& spec, const val& box) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st.message);
  return regions_of(net, emscripten::convertJSArrayToNumberVector<double>(box));
}

val region_at_of(const Network& net, const val& x) {
  PointRegion r;
  if (Status st = region_at(net, emscripten::convertJSArrayToNumberVector<double>(x), r); !st) return error_value(st.message);
  val o = val::object();
  o.set("pattern", r.pattern);
  o.set("A", copy_out(r.A));
  o.set("c", copy_out(r.c));
  o.set("logits", copy_out(r.logits));
  o.set("inputs", r.inputs);
  o.set("outputs", r.outputs);
  return o;
}

val segment_of(const Network& net, const val& a, const val& b) {
  SegmentCrossings r;
  if (Status st = segment_crossings(net, emscripten::convertJSArrayToNumberVector<double>(a),
                                    emscripten::convertJSArrayToNumberVector<double>(b), r);
      !st)
    return error_value(st.message);
  val o = val::object();
  o.set("t", copy_out(r.t));
  o.set("patterns", r.patterns);
  o.set("neurons", r.neurons);
  o.set("A", copy_out(r.A));
  o.set("c", copy_out(r.c));
  o.set("inputs", r.inputs);
  o.set("outputs", r.outputs);
  return o;
}

val region_at_js(const val& spec, const val& x) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st.message);
  return region_at_of(net, x);
}

val segment_js(const val& spec, const val& a, const val& b) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st.message);
  return segment_of(net, a, b);
}

// A trainer the page keeps across animation frames: network + data + optimizer state.
class TrainerHandle {
 public:
  // spec without params draws them: init = torch|xavier|he, seed.
  val reset(const val& spec, const val& settings, const val& train, const val& test, const std::string& init,
            double seed) {
    Network net;
    if (Status st = read_network(spec, net); !st) return error_value(st.message);
    if (spec["params"].isUndefined()) {
      InitKind kind;
      if (Status st = parse_init_kind(init, kind); !st) return error_value(st.message);
      if (!(seed >= 0 && seed <= 9007199254740991.0 && seed == std::floor(seed))) return error_value("seed must be a whole number >= 0");
      if (Status st = init_params(net, kind, std::uint64_t(seed)); !st) return error_value(st.message);
    }
    TrainSettings s;
    if (Status st = read_settings(settings, TrainSettings{}, s); !st) return error_value(st.message);
    Dataset d, t;
    if (Status st = read_dataset(train, d); !st) return error_value(st.message);
    const bool has_test = !test.isUndefined() && !test.isNull();
    if (has_test)
      if (Status st = read_dataset(test, t); !st) return error_value("test data: " + st.message);
    Trainer fresh;
    if (Status st = fresh.reset(net, d, s); !st) return error_value(st.message);
    if (has_test) {
      Metrics m;
      if (Status st = fresh.evaluate(t, m); !st) return error_value("test data: " + st.message);
    }
    trainer_ = std::move(fresh);
    test_ = std::move(t);
    has_test_ = has_test;
    return val::object();
  }

  val set_settings(const val& settings) {
    TrainSettings s;
    if (Status st = read_settings(settings, trainer_.settings(), s); !st) return error_value(st.message);
    if (Status st = trainer_.set_settings(s); !st) return error_value(st.message);
    return val::object();
  }

  val train(double steps) {
    if (!(steps >= 0 && steps <= 1e7 && steps == std::floor(steps))) return error_value("steps must be a whole number >= 0");
    // The page keeps its own loss history; the trainer's is emptied after each call so a
    // session that trains for hours does not grow the WASM heap.
    trainer_.clear_history();
    const Status st = trainer_.train(long(steps));
    val o = val::object();
    o.set("losses", copy_out(trainer_.loss_history()));
    trainer_.clear_history();
    o.set("diverged", !st.ok);
    o.set("message", st.message);
    o.set("step", double(trainer_.step_count()));
    o.set("epoch", trainer_.epoch());
    return o;
  }

  val stats() {
    val o = val::object();
    Metrics m;
    trainer_.evaluate(trainer_.data(), m);
    o.set("trainLoss", m.loss);
    o.set("trainAccuracy", m.accuracy);
    double nan = std::numeric_limits<double>::quiet_NaN();
    Metrics t{nan, nan};
    if (has_test_) trainer_.evaluate(test_, t);
    o.set("testLoss", t.loss);
    o.set("testAccuracy", t.accuracy);
    std::vector<int> counts;
    trainer_.active_counts(counts);
    o.set("activeCounts", copy_out(counts));
    std::vector<double> norms, means;
    trainer_.layer_gradient_norms(norms);
    trainer_.mean_activations(means);
    o.set("gradNorms", copy_out(norms));
    o.set("meanActivations", copy_out(means));
    return o;
  }

  // Zero-copy view of the grid values (valid until the next call into the module).
  val grid_view(double x0, double x1, double y0, double y1, int w, int h, bool all_neurons) {
    GridSpec g{x0, x1, y0, y1, w, h};
    if (w < 1 || h < 1 || w > 4096 || h > 4096) return error_value("grid size must be 1 to 4096 per side");
    if (!(std::isfinite(x0) && std::isfinite(x1) && std::isfinite(y0) && std::isfinite(y1)))
      return error_value("the grid box must be finite");
    if (Status st = trainer_.evaluate_grid(g, all_neurons); !st) return error_value(st.message);
    const auto& v = trainer_.grid_values();
    return val(emscripten::typed_memory_view(v.size(), v.data()));
  }

  val predict(const val& xs) {
    const std::vector<double> x = emscripten::convertJSArrayToNumberVector<double>(xs);
    const Network& net = trainer_.network();
    if (x.empty() || x.size() % net.inputs() != 0) return error_value("x must hold n * " + std::to_string(net.inputs()) + " numbers");
    ForwardResult r;
    if (Status st = forward(net, x.data(), x.size() / net.inputs(), ForwardOptions{}, r); !st) return error_value(st.message);
    return copy_out(r.outputs);
  }

  val regions(const val& box) { return regions_of(trainer_.network(), emscripten::convertJSArrayToNumberVector<double>(box)); }
  val region_at(const val& x) { return region_at_of(trainer_.network(), x); }
  val segment(const val& a, const val& b) { return segment_of(trainer_.network(), a, b); }

  val params() const { return copy_out(trainer_.params()); }
  val set_params(const val& p) {
    if (Status st = trainer_.set_params(emscripten::convertJSArrayToNumberVector<double>(p)); !st) return error_value(st.message);
    return val::object();
  }

 private:
  Trainer trainer_;
  Dataset test_;
  bool has_test_ = false;
};

// Every bound entry point goes through a guard: the core reports bad input as a Status,
// but an exception it did not foresee (bad_alloc on a huge request) must still come back
// as {error}, never escape into JavaScript (toolchain-notes.md section 4).
template <auto F>
struct Guard;
template <class... A, val (*F)(A...)>
struct Guard<F> {
  static val call(A... a) {
    try {
      // Called through an opaque pointer: inlined into the try block, the whole computation
      // would run through Emscripten's exception-handling call wrappers (48 -> 70 ms for the
      // 2-64-64-64-1 regions benchmark); this way only this one call pays for them.
      val (*volatile fn)(A...) = F;
      return fn(a...);
    } catch (const std::bad_alloc&) {
      return error_value("out of memory: the request is too large");
    } catch (const std::exception& e) {
      return error_value(std::string("internal error: ") + e.what());
    }
  }
};
template <class... A, val (TrainerHandle::*F)(A...)>
struct Guard<F> {
  static val call(TrainerHandle& self, A... a) {
    try {
      val (TrainerHandle::*volatile fn)(A...) = F;  // opaque, as above
      return (self.*fn)(a...);
    } catch (const std::bad_alloc&) {
      return error_value("out of memory: the request is too large");
    } catch (const std::exception& e) {
      return error_value(std::string("internal error: ") + e.what());
    }
  }
};

}  // namespace

EMSCRIPTEN_BINDINGS(activation_lab) {
  emscripten::function("activationCatalogue", &activation_catalogue_js);
  emscripten::function("evaluate", &Guard<&evaluate_js>::call);
  emscripten::function("softmax", &Guard<&softmax_js>::call);
  emscripten::function("timeActivation", &Guard<&time_activation_js>::call);
  emscripten::function("forward", &Guard<&forward_js>::call);
  emscripten::function("trainRun", &Guard<&train_run_js>::call);
  emscripten::function("datasetList", &dataset_list_js);
  emscripten::function("makeDataset", &Guard<&make_dataset_js>::call);
  emscripten::function("regions", &Guard<&regions_js>::call);
  emscripten::function("regionAt", &Guard<&region_at_js>::call);
  emscripten::function("segmentCrossings", &Guard<&segment_js>::call);
  emscripten::class_<TrainerHandle>("Trainer")
      .constructor<>()
      .function("reset", &Guard<&TrainerHandle::reset>::call)
      .function("setSettings", &Guard<&TrainerHandle::set_settings>::call)
      .function("train", &Guard<&TrainerHandle::train>::call)
      .function("stats", &Guard<&TrainerHandle::stats>::call)
      .function("gridView", &Guard<&TrainerHandle::grid_view>::call)
      .function("predict", &Guard<&TrainerHandle::predict>::call)
      .function("regions", &Guard<&TrainerHandle::regions>::call)
      .function("regionAt", &Guard<&TrainerHandle::region_at>::call)
      .function("segment", &Guard<&TrainerHandle::segment>::call)
      .function("params", &TrainerHandle::params)
      .function("setParams", &Guard<&TrainerHandle::set_params>::call);
}
