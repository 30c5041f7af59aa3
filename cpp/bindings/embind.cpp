// The module's JavaScript face: only the EMSCRIPTEN_BINDINGS declarations and the guard
// every bound function goes through. The functions themselves are in api.cpp, the JS <->
// core conversions in convert.cpp. Failure comes back as {error, code, details}, never as
// a thrown exception: an exception crossing the boundary leaks wasm stack
// (toolchain-notes.md section 4). web/src/engine.js turns {error} into a JS CoreError.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <exception>
#include <new>
#include <string>

#include "api.h"
#include "convert.h"
#include "regions_job.h"

using emscripten::val;
using namespace alab::js;

namespace {

val out_of_memory() { return error_value(alab::Status::error("out_of_memory")); }
val internal_error(const std::exception& e) {
  return error_value(alab::Status::error("internal", {{"what", std::string(e.what())}}));
}

// The core reports bad input as a Status, but an exception it did not foresee (bad_alloc
// on a huge request) must still come back as {error}, never escape into JavaScript.
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
      return out_of_memory();
    } catch (const std::exception& e) {
      return internal_error(e);
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
      return out_of_memory();
    } catch (const std::exception& e) {
      return internal_error(e);
    }
  }
};
template <class... A, val (TrainerHandle::*F)(A...) const>
struct Guard<F> {
  static val call(const TrainerHandle& self, A... a) {
    try {
      val (TrainerHandle::*volatile fn)(A...) const = F;  // opaque, as above
      return (self.*fn)(a...);
    } catch (const std::bad_alloc&) {
      return out_of_memory();
    } catch (const std::exception& e) {
      return internal_error(e);
    }
  }
};

}  // namespace

EMSCRIPTEN_BINDINGS(activation_lab) {
  emscripten::function("activationCatalogue", &Guard<&activation_catalogue>::call);
  emscripten::function("datasetList", &Guard<&dataset_catalogue>::call);
  emscripten::function("errorCodes", &Guard<&error_codes>::call);
  emscripten::function("limits", &Guard<&limits>::call);
  emscripten::function("evaluate", &Guard<&evaluate>::call);
  emscripten::function("softmax", &Guard<&softmax>::call);
  emscripten::function("timeActivation", &Guard<&time_activation>::call);
  emscripten::function("forward", &Guard<&forward>::call);
  emscripten::function("trainRun", &Guard<&train_run>::call);
  emscripten::function("collapseIdentity", &Guard<&collapse_identity>::call);
  emscripten::function("makeDataset", &Guard<&make_dataset>::call);
  emscripten::function("regions", &Guard<&regions>::call);
  emscripten::function("regionAt", &Guard<&region_at>::call);
  // Three arguments: with the pieces' maps (as before the fourth, maps, existed).
  emscripten::function("segmentCrossings", &Guard<&segment_with_maps>::call);
  emscripten::function("segmentCrossings", &Guard<&segment>::call);
  emscripten::function("regionsJson", &Guard<&regions_json>::call);
  emscripten::function("regionsUpperBound", &Guard<&regions_upper_bound>::call);
  emscripten::class_<RegionsJob>("RegionsJob")
      .constructor<>()
      .function("start", &Guard<&regions_job_start>::call)
      .function("step", &Guard<&regions_job_step>::call)
      .function("result", &Guard<&regions_job_result>::call)
      .function("patterns", &Guard<&regions_job_patterns>::call);
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
      .function("params", &Guard<&TrainerHandle::params>::call)
      .function("setParams", &Guard<&TrainerHandle::set_params>::call);
}
