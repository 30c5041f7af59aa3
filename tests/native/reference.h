// Helpers shared by the native tests: load a reference JSON file from tests/reference
// and read numbers in its conventions ("inf", "-inf", "nan" strings), plus the
// README's abs + rel comparison. Test-only; the core never parses JSON.
#pragma once

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace alab_test {

using json = nlohmann::json;

inline json load_reference(const std::string& relative_path) {
  std::ifstream in(std::string(ALAB_REFERENCE_DIR) + "/" + relative_path);
  if (!in) throw std::runtime_error("cannot open reference file " + relative_path);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

inline double num(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto s = v.get<std::string>();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
  }
  throw std::runtime_error("not a number: " + v.dump());
}

// Flattens any nesting of numbers into a vector (row-major).
inline void flatten_into(const json& v, std::vector<double>& out) {
  if (v.is_array())
    for (const auto& e : v) flatten_into(e, out);
  else
    out.push_back(num(v));
}
inline std::vector<double> flat(const json& v) {
  std::vector<double> out;
  flatten_into(v, out);
  return out;
}

// |got - ref| <= abs + rel * |ref|, NaN matches NaN, equal infinities match.
inline bool close(double got, double ref, double abs_tol, double rel_tol) {
  if (std::isnan(ref)) return std::isnan(got);
  if (std::isinf(ref)) return got == ref;
  return std::fabs(got - ref) <= abs_tol + rel_tol * std::fabs(ref);
}

}  // namespace alab_test
