// The functions JavaScript calls: each reads its JS arguments (convert.h), calls the core
// and returns a plain JS value, or {error, code, details} when the core refuses (never a
// thrown exception: embind.cpp wraps every one in a guard). web/src/engine.js is the only
// caller; the layout of each result is documented there and in the core headers.
#pragma once

#include <emscripten/val.h>

#include <string>
#include <vector>

#include "alab/datasets.h"
#include "alab/mlp.h"
#include "alab/regions.h"

namespace alab::js {

using emscripten::val;

val activation_catalogue();
val dataset_catalogue();
val error_codes();
// The core's limits on requests and the data box: {maxLayerWidth, maxTrainSteps, ...}.
val limits();

// evaluate(name, params, xs) -> {name, params: {resolved}, y, dy, kinks}
val evaluate(const std::string& name, const val& params, const val& xs);
// softmax(xs (rows*k), rows, k, temperature, variant) -> {y, jacobian}
val softmax(const val& xs, int rows, int k, double temperature, const std::string& variant);
// timeActivation(name, params, n, samples, minMs) -> {forwardNs, backwardNs, samples}
val time_activation(const std::string& name, const val& params, double n, double samples, double min_ms);

// spec: {layers, activations, activationParams, output, params}
val forward(const val& spec, const val& xs, bool jacobians);
val train_run(const val& spec, const val& settings, const val& data, double steps);
// collapseIdentity(spec) -> {A (outputs x inputs), c, inputs, outputs}
val collapse_identity(const val& spec);
val make_dataset(const std::string& kind, double n, double noise, double seed, double test_fraction);

val regions(const val& spec, const val& box, const val& options);
val region_at(const val& spec, const val& x);
// segmentCrossings(spec, a, b, maps) -> {t, patterns, neurons, A, c, inputs, outputs}; A and c
// are empty when maps is false.
val segment(const val& spec, const val& a, const val& b, bool maps);
val segment_with_maps(const val& spec, const val& a, const val& b);
// regionsJson(spec, box, {maxRegions, perLayer}) -> {json: Uint8Array view of the command-line
// tool's regions answer as UTF-8 JSON text; valid until the next call}. regions_json.cpp.
val regions_json(const val& spec, const val& box, const val& options);
// regionsUpperBound(inputs, widths) -> {upperBound: decimal string} (Serra et al. 2018, Thm 1).
val regions_upper_bound(double inputs, const val& widths);

// A trainer the page keeps across animation frames: network + data + optimizer state, and
// the last partition into linear regions (so regionAt can name the point's cell).
class TrainerHandle {
 public:
  // spec without params draws them: init = torch|xavier|he, seed.
  val reset(const val& spec, const val& settings, const val& train, const val& test, const std::string& init,
            double seed);
  val set_settings(const val& settings);
  val train(double steps);
  val stats();
  // Zero-copy view of the grid values (valid until the next call into the module).
  val grid_view(double x0, double x1, double y0, double y1, int w, int h, bool all_neurons);
  val predict(const val& xs);
  val regions(const val& box);
  val region_at(const val& x);
  val segment(const val& a, const val& b);
  val params() const;
  val set_params(const val& p);

 private:
  // The last partition regions() computed, for the parameters it was computed from.
  int last_region_of(const std::string& pattern) const;

  Trainer trainer_;
  Dataset test_;
  bool has_test_ = false;
  int last_inputs_ = 0;  // 0: no partition kept
  std::vector<double> last_params_;
  Regions2D last_2d_;
  Regions1D last_1d_;
};

}  // namespace alab::js
