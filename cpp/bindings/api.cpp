// The functions JavaScript calls (see api.h): read the arguments, call the core, convert
// the result. Each is a few lines; the checks are the core's (or, for the type of a JS
// value, convert.cpp's).
#include "api.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "alab/activations.h"
#include "alab/network.h"
#include "alab/speed.h"
#include "convert.h"

namespace alab::js {

namespace {

// A flat array of n * inputs numbers -> n, or a status naming the expected shape.
Status sample_count(const std::vector<double>& x, std::size_t inputs, std::size_t& n) {
  if (x.empty() || x.size() % inputs != 0) return Status::error("x_shape", {{"inputs", inputs}});
  n = x.size() / inputs;
  return {};
}

}  // namespace

val activation_catalogue() { return activation_catalogue_value(); }
val dataset_catalogue() { return dataset_catalogue_value(); }
val error_codes() { return error_codes_value(); }
val limits() { return limits_value(); }

val evaluate(const std::string& name, const val& params, const val& xs) {
  std::vector<ParamSetting> settings;
  if (Status st = read_params(params, settings); !st) return error_value(st);
  Activation act;
  if (Status st = Activation::make(name, settings, act); !st) return error_value(st);
  const std::vector<double> x = numbers(xs);
  std::vector<double> y(x.size()), dy(x.size());
  act.eval(x.data(), y.data(), dy.data(), x.size());
  val out = val::object();
  out.set("name", act.name());
  val resolved = val::object();
  for (std::size_t i = 0; i < act.info().params.size(); ++i)
    resolved.set(act.info().params[i].name, act.params()[i]);
  out.set("params", resolved);
  out.set("y", copy_out(y));
  out.set("dy", copy_out(dy));
  out.set("kinks", copy_out(act.kinks()));
  return out;
}

val softmax(const val& xs, int rows, int k, double temperature, const std::string& variant) {
  SoftmaxVariant v;
  if (Status st = parse_softmax_variant(variant, v); !st) return error_value(st);
  const std::size_t r = std::size_t(std::max(rows, 0)), kk = std::size_t(std::max(k, 0));
  if (Status st = check_softmax_shape(r, kk, true); !st) return error_value(st);  // before allocating
  const std::vector<double> x = numbers(xs);
  if (x.size() != r * kk) return error_value(Status::error("softmax_shape_mismatch"));
  std::vector<double> y(x.size()), jac(x.size() * kk);
  if (Status st = alab::softmax(x.data(), r, kk, temperature, v, y.data(), jac.data()); !st)
    return error_value(st);
  val out = val::object();
  out.set("y", copy_out(y));
  out.set("jacobian", copy_out(jac));
  return out;
}

val time_activation(const std::string& name, const val& params, double n, double samples, double min_ms) {
  std::vector<ParamSetting> settings;
  if (Status st = read_params(params, settings); !st) return error_value(st);
  Activation act;
  if (Status st = Activation::make(name, settings, act); !st) return error_value(st);
  std::size_t count;
  int repeats;
  if (Status st = to_integer(n, "n", count); !st) return error_value(st);
  if (Status st = to_integer(samples, "samples", repeats); !st) return error_value(st);
  ActivationTiming t;
  if (Status st = alab::time_activation(act, count, repeats, min_ms, t); !st) return error_value(st);
  return timing_value(t);
}

val forward(const val& spec, const val& xs, bool jacobians) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st);
  const std::vector<double> x = numbers(xs);
  std::size_t n;
  if (Status st = sample_count(x, net.data_inputs(), n); !st) return error_value(st);
  ForwardOptions opt;
  opt.hidden = true;
  opt.jacobians = jacobians;
  ForwardResult r;
  if (Status st = alab::forward(net, x.data(), n, opt, r); !st) return error_value(st);
  return forward_value(r, n, jacobians);
}

val train_run(const val& spec, const val& settings, const val& data, double steps) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st);
  TrainSettings s;
  if (Status st = read_settings(settings, TrainSettings{}, s); !st) return error_value(st);
  Dataset d;
  if (Status st = read_dataset(data, d); !st) return error_value(st);
  long count;
  if (Status st = to_integer(steps, "steps", count); !st) return error_value(st);
  TrainReport report;
  if (Status st = run_training(net, d, s, count, report); !st) return error_value(st);
  return train_report_value(report);
}

val collapse_identity(const val& spec) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st);
  std::vector<double> A, c;
  if (Status st = alab::collapse_identity(net, A, c); !st) return error_value(st);
  val o = val::object();
  o.set("A", copy_out(A));
  o.set("c", copy_out(c));
  o.set("inputs", double(net.inputs()));
  o.set("outputs", double(net.outputs()));
  return o;
}

val make_dataset(const std::string& kind, double n, double noise, double seed, double test_fraction) {
  int count;
  std::uint64_t s;
  if (Status st = to_integer(n, "n", count); !st) return error_value(st);
  if (Status st = to_seed(seed, "seed", s); !st) return error_value(st);
  Dataset all, train, test;
  if (Status st = alab::make_dataset(kind, count, noise, s, all); !st) return error_value(st);
  if (test_fraction == 0) {
    train = all;  // no split: every point, in the generator's order
  } else if (Status st = split_dataset(all, test_fraction, s + 1, train, test); !st) {
    return error_value(st);
  }
  val o = val::object();
  o.set("name", kind);
  o.set("kind", std::string(all.is_classification() ? "classification" : "regression"));
  o.set("inputs", all.dim);
  o.set("classes", all.num_classes);
  o.set("train", dataset_value(train));
  o.set("test", dataset_value(test));
  return o;
}

// ---- linear regions -------------------------------------------------------------------

namespace {

// The partition of a box ([xmin, xmax, ymin, ymax] for 2 inputs, [xmin, xmax] for 1) into
// r2 or r1; `inputs` says which was filled.
Status partition(const Network& net, const std::vector<double>& box, Regions2D& r2, Regions1D& r1,
                 int& inputs, const RegionOptions& options = {}) {
  inputs = 0;
  if (!net.plain_inputs()) return Status::error("features_not_linear");
  if (box.size() == 4 && net.inputs() == 2) {
    if (Status st = linear_regions_2d(net, box[0], box[1], box[2], box[3], r2, options); !st) return st;
    inputs = 2;
    return {};
  }
  if (box.size() == 2 && net.inputs() == 1) {
    if (Status st = linear_regions_1d(net, box[0], box[1], r1, options); !st) return st;
    inputs = 1;
    return {};
  }
  return Status::error("box_shape", {{"inputs", net.inputs()}});
}

}  // namespace

val regions(const val& spec, const val& box, const val& options) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st);
  // options.maxRegions: stop (too_many_regions / too_many_intervals) past this many cells,
  // at most the core's own cap; the command-line tool uses it to bound its answer.
  RegionOptions opt;
  if (options.typeOf().as<std::string>() == "object" && !options.isNull()) {
    const val cap = options["maxRegions"];
    if (!cap.isUndefined()) {
      if (cap.typeOf().as<std::string>() != "number") return error_value(Status::error("not_a_number", {{"field", "maxRegions"}}));
      std::size_t n = 0;
      if (Status st = to_integer(cap.as<double>(), "maxRegions", n); !st) return error_value(st);
      if (n < 1) return error_value(Status::error("number_out_of_range", {{"field", "maxRegions"}, {"value", cap.as<double>()}}));
      opt.max_regions = std::min(n, opt.max_regions);
    }
  }
  Regions2D r2;
  Regions1D r1;
  int inputs;
  if (Status st = partition(net, numbers(box), r2, r1, inputs, opt); !st) return error_value(st);
  val out = inputs == 2 ? regions_value(r2) : regions_value(r1);
  // options.perLayer: also the cells after hidden layers 1..k and the bound of Serra et al.
  if (options.typeOf().as<std::string>() == "object" && !options.isNull() && options["perLayer"].typeOf().as<std::string>() == "boolean" &&
      options["perLayer"].as<bool>()) {
    const std::vector<int> widths(net.layers.begin() + 1, net.layers.end() - 1);
    out.set("cellsPerLayer", copy_out(inputs == 2 ? cells_per_layer(r2.patterns, r2.neurons, r2.pattern_regions, widths)
                                                  : cells_per_layer(r1.patterns, r1.neurons, r1.pattern_regions, widths)));
    out.set("upperBound", serra_upper_bound(inputs, widths));
  }
  return out;
}

val region_at(const val& spec, const val& x) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st);
  PointRegion r;
  if (Status st = alab::region_at(net, numbers(x), r); !st) return error_value(st);
  return point_region_value(r, -1);  // no partition to index into
}

val segment(const val& spec, const val& a, const val& b, bool maps) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st);
  SegmentCrossings r;
  if (Status st = segment_crossings(net, numbers(a), numbers(b), r, maps); !st) return error_value(st);
  return segment_value(r);
}

val segment_with_maps(const val& spec, const val& a, const val& b) { return segment(spec, a, b, true); }

// ---- the page's trainer ---------------------------------------------------------------

val TrainerHandle::reset(const val& spec, const val& settings, const val& train, const val& test,
                         const std::string& init, double seed) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st);
  if (spec["params"].isUndefined()) {
    InitKind kind;
    std::uint64_t s;
    if (Status st = parse_init_kind(init, kind); !st) return error_value(st);
    if (Status st = to_seed(seed, "seed", s); !st) return error_value(st);
    if (Status st = init_params(net, kind, s); !st) return error_value(st);
  }
  TrainSettings s;
  if (Status st = read_settings(settings, TrainSettings{}, s); !st) return error_value(st);
  Dataset d, t;
  if (Status st = read_dataset(train, d); !st) return error_value(st);
  // Problems with the test split name it, in the tool's English message.
  const auto test_error = [](Status st) {
    st.message = "test data: " + st.message;
    st.details.push_back({"data", "test"});
    return error_value(st);
  };
  const bool has_test = !test.isUndefined() && !test.isNull();
  if (has_test)
    if (Status st = read_dataset(test, t); !st) return test_error(st);
  Trainer fresh;
  if (Status st = fresh.reset(net, d, s); !st) return error_value(st);
  if (has_test) {
    Metrics m;
    if (Status st = fresh.evaluate(t, m); !st) return test_error(st);
  }
  trainer_ = std::move(fresh);
  test_ = std::move(t);
  has_test_ = has_test;
  last_inputs_ = 0;
  return val::object();
}

val TrainerHandle::set_settings(const val& settings) {
  TrainSettings s;
  if (Status st = read_settings(settings, trainer_.settings(), s); !st) return error_value(st);
  if (Status st = trainer_.set_settings(s); !st) return error_value(st);
  return val::object();
}

val TrainerHandle::train(double steps) {
  long count;
  if (Status st = to_integer(steps, "steps", count); !st) return error_value(st);
  // The page keeps its own loss history; the trainer's is emptied after each call so a
  // session that trains for hours does not grow the WASM heap.
  trainer_.clear_history();
  const Status st = trainer_.train(count);
  if (!st && st.code != "diverged" && st.code != "diverged_weights") return error_value(st);
  val o = val::object();
  o.set("losses", copy_out(trainer_.loss_history()));
  trainer_.clear_history();
  o.set("diverged", !st.ok);
  o.set("message", st.message);
  if (!st.ok) o.set("status", status_value(st));
  o.set("step", double(trainer_.step_count()));
  o.set("epoch", trainer_.epoch());
  return o;
}

val TrainerHandle::stats() {
  val o = val::object();
  TrainerStats s;
  trainer_.statistics(s);
  o.set("trainLoss", s.train.loss);
  o.set("trainAccuracy", s.train.accuracy);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Metrics t{nan, nan};
  if (has_test_) trainer_.evaluate(test_, t);
  o.set("testLoss", t.loss);
  o.set("testAccuracy", t.accuracy);
  o.set("activeCounts", copy_out(s.active_counts));
  o.set("gradNorms", copy_out(s.gradient_norms));
  o.set("meanActivations", copy_out(s.mean_activations));
  return o;
}

val TrainerHandle::grid_view(double x0, double x1, double y0, double y1, int w, int h, bool all_neurons) {
  if (Status st = trainer_.evaluate_grid(GridSpec{x0, x1, y0, y1, w, h}, all_neurons); !st)
    return error_value(st);
  const auto& v = trainer_.grid_values();
  return val(emscripten::typed_memory_view(v.size(), v.data()));
}

val TrainerHandle::predict(const val& xs) {
  const std::vector<double> x = numbers(xs);
  const Network& net = trainer_.network();
  std::size_t n;
  if (Status st = sample_count(x, net.data_inputs(), n); !st) return error_value(st);
  ForwardResult r;
  if (Status st = alab::forward(net, x.data(), n, ForwardOptions{}, r); !st) return error_value(st);
  return copy_out(r.outputs);
}

val TrainerHandle::regions(const val& box) {
  last_inputs_ = 0;
  int inputs;
  if (Status st = partition(trainer_.network(), numbers(box), last_2d_, last_1d_, inputs); !st)
    return error_value(st);
  last_inputs_ = inputs;
  last_params_ = trainer_.params();
  return inputs == 2 ? regions_value(last_2d_) : regions_value(last_1d_);
}

int TrainerHandle::last_region_of(const std::string& pattern) const {
  if (last_inputs_ == 0 || last_params_ != trainer_.params()) return -1;  // trained since
  return last_inputs_ == 2 ? last_2d_.find(pattern) : last_1d_.find(pattern);
}

val TrainerHandle::region_at(const val& x) {
  PointRegion r;
  if (Status st = alab::region_at(trainer_.network(), numbers(x), r); !st) return error_value(st);
  return point_region_value(r, last_region_of(r.pattern));
}

val TrainerHandle::segment(const val& a, const val& b) {
  SegmentCrossings r;
  if (Status st = segment_crossings(trainer_.network(), numbers(a), numbers(b), r); !st)
    return error_value(st);
  return segment_value(r);
}

val TrainerHandle::params() const { return copy_out(trainer_.params()); }

val TrainerHandle::set_params(const val& p) {
  if (Status st = trainer_.set_params(numbers(p)); !st) return error_value(st);
  return val::object();
}

}  // namespace alab::js
