// The exact regions of a 2-D net a slice at a time, for the page (web/src/engine.js
// regionsJob): start(spec, box, options) checks the request, step(work) advances by about
// `work` units and says how far it got, result() hands over the partition. A 1-D request is
// answered whole by start (it is cheap). Failures come back as {error}, like every call.
#pragma once

#include <emscripten/val.h>

#include "alab/regions.h"

namespace alab::js {

using emscripten::val;

struct RegionsJob {
  RegionsEnumeration2D enumeration;
  Regions1D one_d;
  int inputs = 0;  // 0 until started
};

// {} once started (2-D), {done: true} for a 1-D request (already computed), or {error}.
val regions_job_start(RegionsJob& job, const val& spec, const val& box, const val& options);
// {done, progress} (progress: share of the box in finished cells), or {error}.
val regions_job_step(RegionsJob& job, double work);
// The partition as regions() returns it, but with patterns "" for a 2-D one (an 8 x 64 net's
// are 16 MB of text: patterns(from, to) hands them over a slice of cells at a time), or
// {error} before it is done.
val regions_job_result(RegionsJob& job);
// The patterns of cells from .. to - 1, concatenated (a string), or {error}.
val regions_job_patterns(RegionsJob& job, int from, int to);

}  // namespace alab::js
