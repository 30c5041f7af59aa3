// RegionsJob: see regions_job.h.
#include "regions_job.h"

#include <algorithm>
#include <string>
#include <vector>

#include "convert.h"

namespace alab::js {

val regions_job_start(RegionsJob& job, const val& spec, const val& box, const val& options) {
  job.inputs = 0;
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st);
  if (!net.plain_inputs()) return error_value(Status::error("features_not_linear"));
  RegionOptions opt;
  if (options.typeOf().as<std::string>() == "object" && !options.isNull() && !options["maxRegions"].isUndefined()) {
    std::size_t n = 0;
    if (Status st = to_integer(options["maxRegions"].as<double>(), "maxRegions", n); !st) return error_value(st);
    if (n < 1) return error_value(Status::error("number_out_of_range", {{"field", "maxRegions"}, {"value", double(n)}}));
    opt.max_regions = std::min(n, opt.max_regions);
  }
  const std::vector<double> b = numbers(box);
  if (b.size() == 2 && net.inputs() == 1) {
    if (Status st = linear_regions_1d(net, b[0], b[1], job.one_d, opt); !st) return error_value(st);
    job.inputs = 1;
    val o = val::object();
    o.set("done", true);
    return o;
  }
  if (b.size() != 4 || net.inputs() != 2) return error_value(Status::error("box_shape", {{"inputs", net.inputs()}}));
  if (Status st = job.enumeration.start(net, b[0], b[1], b[2], b[3], opt); !st) return error_value(st);
  job.inputs = 2;
  return val::object();
}

val regions_job_step(RegionsJob& job, double work) {
  if (job.inputs == 0) return error_value(Status::error("internal", {{"what", "regions job not started"}}));
  const bool done = job.inputs == 1 || job.enumeration.step(work >= 1 && work < 1e15 ? std::size_t(work) : std::size_t(1));
  if (done && job.inputs == 2 && !job.enumeration.status()) return error_value(job.enumeration.status());
  val o = val::object();
  o.set("done", done);
  o.set("progress", job.inputs == 1 ? 1.0 : job.enumeration.progress());
  return o;
}

namespace {
bool finished_2d(const RegionsJob& job) { return job.inputs == 2 && job.enumeration.done() && job.enumeration.status(); }
val not_done() { return error_value(Status::error("internal", {{"what", "regions job not done"}})); }
}  // namespace

val regions_job_result(RegionsJob& job) {
  if (job.inputs == 1) return regions_value(job.one_d);
  if (!finished_2d(job)) return not_done();
  Regions2D& r = job.enumeration.result();
  std::string patterns;
  patterns.swap(r.patterns);
  val o = regions_value(r);
  patterns.swap(r.patterns);
  return o;
}

val regions_job_patterns(RegionsJob& job, int from, int to) {
  if (!finished_2d(job)) return not_done();
  const Regions2D& r = job.enumeration.result();
  from = std::max(0, std::min(from, r.pattern_regions));
  to = std::max(from, std::min(to, r.pattern_regions));
  const std::size_t n = std::size_t(r.neurons);
  return val(r.patterns.substr(std::size_t(from) * n, std::size_t(to - from) * n));
}

}  // namespace alab::js
