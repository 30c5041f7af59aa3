// Conversions between emscripten::val (plain JS values) and the core's types, used by the
// bound functions in api.cpp. Reading checks only what a JS value is (a number where a
// number belongs, a whole number where a count belongs, a string where a name belongs);
// every range limit is the core's to check, so the native tests see the same rules.
// Results leave as plain objects; bulk numbers as typed-array copies (never a view that a
// later memory growth could detach).
#pragma once

#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "alab/activations.h"
#include "alab/datasets.h"
#include "alab/mlp.h"
#include "alab/network.h"
#include "alab/regions.h"
#include "alab/speed.h"
#include "alab/status.h"

namespace alab::js {

using emscripten::val;

// ---- out: statuses -------------------------------------------------------------------
// {message, code, details: {name: number | text}}.
val status_value(const Status& st);
// A failed call's result: {error: message, code, details}; engine.js throws it as CoreError.
val error_value(const Status& st);

// ---- in: numbers ---------------------------------------------------------------------
// A typed array or an array of numbers -> doubles.
std::vector<double> numbers(const val& array);

// A JS number that must be a whole number fitting Int (not_whole_number /
// number_out_of_range, naming `field`).
template <class Int>
Status to_integer(double v, const char* field, Int& out) {
  if (!(v == std::floor(v))) return Status::error("not_whole_number", {{"field", field}, {"value", v}});
  if (v < double(std::numeric_limits<Int>::lowest()) || v > double(std::numeric_limits<Int>::max()))
    return Status::error("number_out_of_range", {{"field", field}, {"value", v}});
  out = Int(v);
  return {};
}

// A seed: a whole number from 0 to 2^53 - 1 (the integers a JS number holds exactly).
Status to_seed(double v, const char* field, std::uint64_t& out);

// ---- in: core inputs -----------------------------------------------------------------
// {name: number | string} -> parameter settings (undefined or null: none).
Status read_params(const val& obj, std::vector<ParamSetting>& out);
// {layers, activations, activationParams, output, params?} -> a validated network.
Status read_network(const val& spec, Network& net);
// {loss, bceImpl, optimizer, lr, ...}; fields that are missing keep their value in `base`.
Status read_settings(const val& s, const TrainSettings& base, TrainSettings& out);
// {x, inputs, classes, y, targetDim?} -> a validated data set.
Status read_dataset(const val& d, Dataset& out);

// ---- out: core results ---------------------------------------------------------------
template <class T>
val copy_out(const std::vector<T>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}
val activation_catalogue_value();
val dataset_catalogue_value();
val error_codes_value();
val limits_value();
val dataset_value(const Dataset& d);
val forward_value(const ForwardResult& r, std::size_t n, bool jacobians);
val train_report_value(const TrainReport& r);
val timing_value(const ActivationTiming& t);
val regions_value(const Regions2D& r);
val regions_value(const Regions1D& r);
// region: the index of the point's cell in the last partition, or -1 when unknown.
val point_region_value(const PointRegion& r, int region);
val segment_value(const SegmentCrossings& r);

}  // namespace alab::js
