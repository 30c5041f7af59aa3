// The command-line tool's `regions` answer (reference/README.md section 9, tools/alab.mjs)
// written as JSON text here, in one pass over the partition's flat arrays, instead of as
// JS objects that JSON.stringify then walks: an answer of 16,000 cells is ~10 MB of text.
// The text is byte for byte what JSON.stringify made of the same answer (numbers as
// Number::toString writes them, alab/number_text.h; "inf", "-inf", "nan" as strings). Also
// the upper bound of Serra et al. for the page (regionsUpperBound).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "alab/number_text.h"
#include "api.h"
#include "convert.h"

namespace alab::js {

namespace {

// The last answer's text. It outlives the call so that JS can view it without a copy in
// WASM; the tool copies it out at once (the view dies at the next call that grows memory).
std::string g_text;

void number(std::string& o, double x) {
  if (std::isfinite(x))
    append_number(o, x);
  else
    o += std::isnan(x) ? "\"nan\"" : x > 0 ? "\"inf\"" : "\"-inf\"";
}
void whole(std::string& o, long long v) { o += std::to_string(v); }
void key(std::string& o, const char* k) {
  o += '"';
  o += k;
  o += "\":";
}
void number_list(std::string& o, const double* x, std::size_t n) {
  o += '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i) o += ',';
    number(o, x[i]);
  }
  o += ']';
}
void whole_list(std::string& o, const int* v, std::size_t n) {
  o += '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i) o += ',';
    whole(o, v[i]);
  }
  o += ']';
}

// The bound as a JSON number when a double holds it exactly (up to 2^53), else as a string.
void bound(std::string& o, const std::string& decimal) {
  const bool exact = decimal.size() < 16 || (decimal.size() == 16 && decimal <= "9007199254740992");
  if (!exact) o += '"';
  o += decimal;
  if (!exact) o += '"';
}

// Cell i's activation pattern (n characters of `patterns`) as a member between two others:
// ,"pattern":"0110",
void pattern(std::string& o, const std::string& patterns, int i, int n) {
  o += ",\"pattern\":\"";
  o.append(patterns, std::size_t(i) * n, std::size_t(n));
  o += "\",";
}

// The end of a cell's object, a 2-D region's or a 1-D interval's: its offsets c (one per
// output) and its affine piece.
void offsets_and_piece(std::string& o, const double* c, int outputs, int piece) {
  key(o, "c");
  number_list(o, c, std::size_t(outputs));
  o += ',';
  key(o, "piece");
  whole(o, piece);
  o += '}';
}

// input_dim, pattern_regions, affine_pieces, hidden_sizes [, cells_per_layer, upper_bound]
void head(std::string& o, int dim, int cells, int pieces, const std::vector<int>& widths, bool per_layer,
          const std::string& patterns, int neurons) {
  o += '{';
  key(o, "input_dim");
  whole(o, dim);
  o += ',';
  key(o, "pattern_regions");
  whole(o, cells);
  o += ',';
  key(o, "affine_pieces");
  whole(o, pieces);
  o += ',';
  key(o, "hidden_sizes");
  whole_list(o, widths.data(), widths.size());
  if (!per_layer) return;
  o += ',';
  key(o, "cells_per_layer");
  const std::vector<int> counts = cells_per_layer(patterns, neurons, cells, widths);
  whole_list(o, counts.data(), counts.size());
  o += ',';
  key(o, "upper_bound");
  bound(o, serra_upper_bound(dim, widths));
}

void write_2d(std::string& o, const Regions2D& r, const std::vector<int>& widths, bool per_layer) {
  const int R = r.pattern_regions, K = r.outputs, n = r.neurons;
  head(o, 2, R, r.affine_pieces, widths, per_layer, r.patterns, n);
  double min_area = INFINITY;
  for (double a : r.area) min_area = std::isnan(a) || std::isnan(min_area) ? NAN : std::min(min_area, a);
  o += ',';
  key(o, "total_area");
  number(o, r.total_area);
  o += ',';
  key(o, "box_area");
  number(o, r.box_area);
  o += ',';
  key(o, "min_region_area");
  number(o, min_area);
  o += ',';
  key(o, "max_vertices");
  whole(o, r.max_vertices);
  o += ',';
  key(o, "cells_below_rel_area");
  o += '{';
  const char* rel[3] = {"1e-12", "1e-9", "1e-6"};
  const double relv[3] = {1e-12, 1e-9, 1e-6};
  for (int t = 0; t < 3; ++t) {
    const double limit = relv[t] * r.box_area;
    int below = 0;
    for (double a : r.area) below += a < limit;
    if (t) o += ',';
    key(o, rel[t]);
    whole(o, below);
  }
  o += "},";
  key(o, "regions");
  o += '[';
  for (int i = 0; i < R; ++i) {
    o += i ? ",{" : "{";
    key(o, "id");
    whole(o, i);
    pattern(o, r.patterns, i, n);
    key(o, "area");
    number(o, r.area[i]);
    o += ',';
    key(o, "centroid");
    number_list(o, &r.centroid[2 * std::size_t(i)], 2);
    o += ',';
    key(o, "vertices");
    o += '[';
    for (int v = r.vertex_start[i]; v < r.vertex_start[i + 1]; ++v) {
      if (v > r.vertex_start[i]) o += ',';
      number_list(o, &r.vertices[2 * std::size_t(v)], 2);
    }
    o += "],";
    key(o, "A");
    o += '[';
    for (int k = 0; k < K; ++k) {
      if (k) o += ',';
      number_list(o, &r.A[(std::size_t(i) * K + k) * 2], 2);
    }
    o += "],";
    offsets_and_piece(o, &r.c[std::size_t(i) * K], K, r.piece[i]);
  }
  o += "],";
  // Pieces: their cells in id order and the sum of their areas in that order.
  std::vector<std::vector<int>> members(std::size_t(r.affine_pieces));
  std::vector<double> area(std::size_t(r.affine_pieces), 0.0);
  for (int i = 0; i < R; ++i) {
    members[r.piece[i]].push_back(i);
    area[r.piece[i]] += r.area[i];
  }
  key(o, "pieces");
  o += '[';
  for (int p = 0; p < r.affine_pieces; ++p) {
    o += p ? ",{" : "{";
    key(o, "id");
    whole(o, p);
    o += ',';
    key(o, "regions");
    whole_list(o, members[p].data(), members[p].size());
    o += ',';
    key(o, "area");
    number(o, area[p]);
    o += '}';
  }
  o += "]}";
}

void write_1d(std::string& o, const Regions1D& r, const std::vector<int>& widths, bool per_layer) {
  const int N = r.pattern_regions, K = r.outputs, n = r.neurons;
  head(o, 1, N, r.affine_pieces, widths, per_layer, r.patterns, n);
  o += ',';
  key(o, "total_length");
  number(o, r.bounds.back() - r.bounds.front());
  o += ',';
  key(o, "breakpoints");
  number_list(o, r.breakpoints.data(), r.breakpoints.size());
  o += ',';
  key(o, "kinks");
  number_list(o, r.kinks.data(), r.kinks.size());
  o += ',';
  key(o, "intervals");
  o += '[';
  for (int i = 0; i < N; ++i) {
    o += i ? ",{" : "{";
    key(o, "lo");
    number(o, r.bounds[i]);
    o += ',';
    key(o, "hi");
    number(o, r.bounds[i + 1]);
    pattern(o, r.patterns, i, n);
    key(o, "a");
    number_list(o, &r.a[std::size_t(i) * K], std::size_t(K));
    o += ',';
    offsets_and_piece(o, &r.c[std::size_t(i) * K], K, r.piece[i]);
  }
  o += "]}";
}

// options: {maxRegions, perLayer}, as regions() reads them.
Status read_options(const val& options, RegionOptions& opt, bool& per_layer) {
  per_layer = false;
  if (options.typeOf().as<std::string>() != "object" || options.isNull()) return {};
  const val cap = options["maxRegions"];
  if (!cap.isUndefined()) {
    if (cap.typeOf().as<std::string>() != "number") return Status::error("not_a_number", {{"field", "maxRegions"}});
    std::size_t n = 0;
    if (Status st = to_integer(cap.as<double>(), "maxRegions", n); !st) return st;
    if (n < 1) return Status::error("number_out_of_range", {{"field", "maxRegions"}, {"value", cap.as<double>()}});
    opt.max_regions = std::min(n, opt.max_regions);
  }
  per_layer = options["perLayer"].typeOf().as<std::string>() == "boolean" && options["perLayer"].as<bool>();
  return {};
}

}  // namespace

val regions_json(const val& spec, const val& box, const val& options) {
  Network net;
  if (Status st = read_network(spec, net); !st) return error_value(st);
  RegionOptions opt;
  bool per_layer;
  if (Status st = read_options(options, opt, per_layer); !st) return error_value(st);
  const std::vector<double> b = numbers(box);
  const std::vector<int> widths(net.layers.begin() + 1, net.layers.end() - 1);
  g_text.clear();
  if (b.size() == 4 && net.inputs() == 2) {
    Regions2D r;
    if (Status st = linear_regions_2d(net, b[0], b[1], b[2], b[3], r, opt); !st) return error_value(st);
    g_text.reserve(std::size_t(r.pattern_regions) * (r.neurons + 64) + r.vertices.size() * 20 + 1024);
    write_2d(g_text, r, widths, per_layer);
  } else if (b.size() == 2 && net.inputs() == 1) {
    Regions1D r;
    if (Status st = linear_regions_1d(net, b[0], b[1], r, opt); !st) return error_value(st);
    write_1d(g_text, r, widths, per_layer);
  } else {
    return error_value(Status::error("box_shape", {{"inputs", net.inputs()}}));
  }
  val out = val::object();
  out.set("json", val(emscripten::typed_memory_view(g_text.size(), reinterpret_cast<const unsigned char*>(g_text.data()))));
  return out;
}

val regions_upper_bound(double inputs, const val& widths) {
  int n0 = 0;
  if (Status st = to_integer(inputs, "inputs", n0); !st) return error_value(st);
  std::vector<int> w;
  const std::vector<double> list = alab::js::numbers(widths);
  if (list.size() > 100000) return error_value(Status::error("number_out_of_range", {{"field", "widths"}, {"value", double(list.size())}}));
  for (double v : list) {
    int n = 0;
    if (Status st = to_integer(v, "widths", n); !st) return error_value(st);
    w.push_back(n);
  }
  if (n0 < 1 || n0 > 1024) return error_value(Status::error("number_out_of_range", {{"field", "inputs"}, {"value", inputs}}));
  for (int n : w)
    if (n < 1 || n > 1000000) return error_value(Status::error("number_out_of_range", {{"field", "widths"}, {"value", double(n)}}));
  val out = val::object();
  out.set("upperBound", serra_upper_bound(n0, w));
  return out;
}

}  // namespace alab::js
