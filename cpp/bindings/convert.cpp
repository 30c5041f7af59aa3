// Conversions between JS values and core types (see convert.h).
#include "convert.h"

#include <emscripten/bind.h>

#include <utility>

namespace alab::js {

namespace {

bool is_number(const val& v) { return v.typeOf().as<std::string>() == "number"; }
bool is_string(const val& v) { return v.typeOf().as<std::string>() == "string"; }

std::string string_field(const val& obj, const char* key, const std::string& fallback) {
  const val v = obj[key];
  return is_string(v) ? v.as<std::string>() : fallback;
}
bool bool_field(const val& obj, const char* key, bool fallback) {
  const val v = obj[key];
  return v.typeOf().as<std::string>() == "boolean" ? v.as<bool>() : fallback;
}

val string_list(const std::vector<std::string>& v) {
  val a = val::array();
  for (std::size_t i = 0; i < v.size(); ++i) a.set(i, v[i]);
  return a;
}

// The box of a data set with `inputs` inputs: [min, max] per axis.
val data_box(int inputs) {
  val box = val::array();
  for (int i = 0; i < inputs; ++i) {
    box.call<void>("push", kDataBoxMin);
    box.call<void>("push", kDataBoxMax);
  }
  return box;
}

}  // namespace

val status_value(const Status& st) {
  val out = val::object();
  out.set("message", st.message);
  out.set("code", std::string(st.code));
  val details = val::object();
  for (const auto& d : st.details) {
    if (d.is_text)
      details.set(d.name, d.text);
    else
      details.set(d.name, d.number);
  }
  out.set("details", details);
  return out;
}

val error_value(const Status& st) {
  val out = status_value(st);
  out.set("error", st.message);
  return out;
}

std::vector<double> numbers(const val& array) {
  return emscripten::convertJSArrayToNumberVector<double>(array);
}

Status to_seed(double v, const char* field, std::uint64_t& out) {
  if (!(v >= 0 && v <= 9007199254740991.0 && v == std::floor(v)))
    return Status::error("seed_invalid", {{"field", field}, {"value", v}});
  out = std::uint64_t(v);
  return {};
}

Status read_params(const val& obj, std::vector<ParamSetting>& out) {
  if (obj.isUndefined() || obj.isNull()) return {};
  if (obj.typeOf().as<std::string>() != "object") return Status::error("params_not_object");
  const val keys = val::global("Object").call<val>("keys", obj);
  const unsigned n = keys["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    ParamSetting s;
    s.name = keys[i].as<std::string>();
    const val v = obj[s.name];
    if (is_number(v)) {
      s.value = v.as<double>();
    } else if (is_string(v)) {
      s.text = v.as<std::string>();
      if (s.text.empty()) return Status::error("param_empty_text", {{"param", s.name}});
    } else {
      return Status::error("param_wrong_type", {{"param", s.name}});
    }
    out.push_back(std::move(s));
  }
  return {};
}

Status read_network(const val& spec, Network& net) {
  std::vector<int> layers;
  for (double s : numbers(spec["layers"])) {
    int width;
    if (Status st = to_integer(s, "layers", width); !st) return st;
    layers.push_back(width);
  }
  if (Status st = check_layers(layers); !st) return st;
  const val names = spec["activations"], params = spec["activationParams"];
  std::vector<Activation> hidden;
  for (std::size_t l = 0; l + 2 < layers.size(); ++l) {
    const val name = names[l];
    if (!is_string(name)) return Status::error("activation_name_not_text", {{"layer", l + 1}});
    std::vector<ParamSetting> settings;
    if (!params.isUndefined())
      if (Status st = read_params(params[l], settings); !st) return st;
    Activation a;
    if (Status st = Activation::make(name.as<std::string>(), settings, a); !st) return st;
    hidden.push_back(a);
  }
  OutputKind out;
  Activation out_act;
  std::vector<ParamSetting> out_params;   // optional: the output activation's parameters
  if (!spec["outputParams"].isUndefined())
    if (Status st = read_params(spec["outputParams"], out_params); !st) return st;
  if (Status st = parse_output(string_field(spec, "output", "linear"), out_params, out, out_act); !st) return st;
  if (Status st = make_network(layers, hidden, out, net); !st) return st;
  net.output_act = out_act;
  const val features = spec["features"];   // optional: names of layer 1's inputs
  if (!features.isUndefined())
    for (unsigned i = 0, n = features["length"].as<unsigned>(); i < n; ++i) {
      Feature f;
      if (Status st = parse_feature(is_string(features[i]) ? features[i].as<std::string>() : "?", f); !st) return st;
      net.features.push_back(f);
    }
  if (!spec["params"].isUndefined()) net.params = numbers(spec["params"]);
  return validate_network(net);
}

Status read_settings(const val& s, const TrainSettings& base, TrainSettings& out) {
  TrainSettings t = base;
  if (!s["loss"].isUndefined())
    if (Status st = parse_loss_kind(string_field(s, "loss", "?"), t.loss); !st) return st;
  if (!s["bceImpl"].isUndefined())
    if (Status st = parse_bce_impl(string_field(s, "bceImpl", "?"), t.bce_impl); !st) return st;
  if (!s["optimizer"].isUndefined())
    if (Status st = parse_optimizer_kind(string_field(s, "optimizer", "?"), t.optimizer); !st) return st;
  if (!s["batching"].isUndefined())
    if (Status st = parse_batching(string_field(s, "batching", "?"), t.batching); !st) return st;
  struct NumberField {
    const char* key;
    double* to;
  };
  double batch = t.batch_size, seed = double(t.shuffle_seed);
  for (const NumberField& f : {NumberField{"lr", &t.lr},
                               {"momentum", &t.momentum},
                               {"beta1", &t.beta1},
                               {"beta2", &t.beta2},
                               {"eps", &t.eps},
                               {"l2", &t.l2},
                               {"batchSize", &batch},
                               {"shuffleSeed", &seed}}) {
    const val v = s[f.key];
    if (v.isUndefined()) continue;
    if (!is_number(v)) return Status::error("not_a_number", {{"field", f.key}});
    *f.to = v.as<double>();
  }
  if (Status st = to_integer(batch, "batchSize", t.batch_size); !st) return st;
  if (Status st = to_seed(seed, "shuffleSeed", t.shuffle_seed); !st) return st;
  t.nesterov = bool_field(s, "nesterov", t.nesterov);
  t.l2_biases = bool_field(s, "l2Biases", t.l2_biases);
  t.shuffle = bool_field(s, "shuffle", t.shuffle);
  out = t;
  return {};
}

Status read_dataset(const val& d, Dataset& out) {
  Dataset ds;
  const val inputs = d["inputs"], classes_v = d["classes"];
  if (!is_number(inputs)) return Status::error("not_a_number", {{"field", "inputs"}});
  if (Status st = to_integer(inputs.as<double>(), "inputs", ds.dim); !st) return st;
  int classes = 0;
  if (!classes_v.isUndefined()) {
    if (!is_number(classes_v)) return Status::error("not_a_number", {{"field", "classes"}});
    if (Status st = to_integer(classes_v.as<double>(), "classes", classes); !st) return st;
  }
  ds.x = numbers(d["x"]);
  const std::vector<double> y = numbers(d["y"]);
  const std::size_t n = ds.dim >= 1 ? ds.x.size() / std::size_t(ds.dim) : 0;
  if (classes != 0) {
    // Class labels: whole numbers; the core checks the class count and that every label
    // lies in 0..classes-1.
    ds.labels.resize(y.size());
    for (std::size_t i = 0; i < y.size(); ++i)
      if (Status st = to_integer(y[i], "labels", ds.labels[i]); !st) return st;
    ds.num_classes = classes;
  } else {
    ds.targets = y;
    double target_dim = n > 0 ? double(y.size() / n) : 1.0;
    const val td = d["targetDim"];
    if (is_number(td)) target_dim = td.as<double>();
    if (Status st = to_integer(target_dim, "targetDim", ds.target_dim); !st) return st;
  }
  if (Status st = validate_dataset(ds); !st) return st;
  out = std::move(ds);
  return {};
}

val activation_catalogue_value() {
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
    o.set("flatBelowZero", e.flat_below_zero);
    list.set(i, o);
  }
  return list;
}

val dataset_catalogue_value() {
  val list = val::array();
  const auto& cat = dataset_catalogue();
  for (std::size_t i = 0; i < cat.size(); ++i) {
    const DatasetInfo& e = cat[i];
    val o = val::object();
    o.set("name", std::string(e.name));
    o.set("kind", std::string(e.classes > 0 ? "classification" : "regression"));
    o.set("classes", e.classes);
    o.set("inputs", e.inputs);
    o.set("box", data_box(e.inputs));
    list.set(i, o);
  }
  return list;
}

val error_codes_value() {
  val list = val::array();
  const auto& codes = error_codes();
  for (std::size_t i = 0; i < codes.size(); ++i) {
    val o = val::object();
    o.set("code", std::string(codes[i].code));
    o.set("message", std::string(codes[i].english));
    list.set(i, o);
  }
  return list;
}

val limits_value() {
  val o = val::object();
  o.set("maxLayerWidth", kMaxLayerWidth);
  o.set("maxTrainSteps", double(kMaxTrainSteps));
  o.set("maxBatchSize", kMaxBatchSize);
  o.set("maxGridSide", kMaxGridSide);
  o.set("minDatasetPoints", kMinDatasetPoints);
  o.set("maxDatasetPoints", kMaxDatasetPoints);
  o.set("maxNoise", kMaxNoise);
  o.set("maxDataDim", kMaxDataDim);
  o.set("maxClasses", kMaxClasses);
  o.set("maxSoftmaxJacobian", double(kMaxSoftmaxJacobian));
  o.set("dataBox", data_box(1));
  return o;
}

val dataset_value(const Dataset& d) {
  val o = val::object();
  o.set("x", copy_out(d.x));
  o.set("n", double(d.size()));
  if (d.is_classification()) {
    const std::vector<double> y(d.labels.begin(), d.labels.end());
    o.set("y", copy_out(y));
  } else {
    o.set("y", copy_out(d.targets));
  }
  return o;
}

val forward_value(const ForwardResult& r, std::size_t n, bool jacobians) {
  val o = val::object();
  o.set("n", double(n));
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

val train_report_value(const TrainReport& r) {
  val o = val::object();
  o.set("initialLoss", r.initial_loss_full);
  o.set("initialGrads", copy_out(r.initial_grads));
  o.set("lossHistory", copy_out(r.loss_history));
  o.set("l2History", copy_out(r.l2_penalty_history));
  o.set("params", copy_out(r.params));
  o.set("finalLoss", r.final_loss_full);
  o.set("finalOutputs", copy_out(r.final_outputs));
  return o;
}

val timing_value(const ActivationTiming& t) {
  val o = val::object();
  o.set("forwardNs", t.forward_ns);
  o.set("backwardNs", t.backward_ns);
  o.set("samples", t.samples);
  return o;
}

val regions_value(const Regions2D& r) {
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

val regions_value(const Regions1D& r) {
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

val point_region_value(const PointRegion& r, int region) {
  val o = val::object();
  o.set("pattern", r.pattern);
  o.set("region", region);
  o.set("A", copy_out(r.A));
  o.set("c", copy_out(r.c));
  o.set("logits", copy_out(r.logits));
  o.set("inputs", r.inputs);
  o.set("outputs", r.outputs);
  return o;
}

val segment_value(const SegmentCrossings& r) {
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

}  // namespace alab::js
