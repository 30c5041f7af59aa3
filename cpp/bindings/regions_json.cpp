// The command-line tool's `regions` answer (reference/README.md section 9, tools/alab.mjs)
// written as JSON text here, in one pass over the partition's flat arrays, instead of as
// JS objects that JSON.stringify then walks: an answer of 16,000 cells is ~10 MB of text.
// The text is byte for byte what JSON.stringify made of the same answer (numbers as
// Number::toString writes them, alab/number_text.h; "inf", "-inf", "nan" as strings). Also
// the upper bound of Serra et al. for the page (regionsUpperBound).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "alab/number_text.h"
#include "api.h"
#include "convert.h"

namespace alab::js {

namespace {

// The last answer's text. It outlives the call so that JS can view it without a copy in
// WASM; the tool writes it out at once (the view dies at the next call that grows memory).
// Written through a plain pointer into a buffer sized beforehand from a bound on what each
// cell can take (a number at most kNumberTextMax characters): no per-character calls of
// std::string, which the code that runs once per answer (V8's baseline code in the tool's
// fresh process) pays for each character.
std::unique_ptr<char[]> g_text;
std::size_t g_text_size = 0;

char* text_buffer(std::size_t capacity) {
  g_text.reset();
  g_text_size = 0;
  g_text.reset(new char[capacity]);
  return g_text.get();
}

// The longest number text with its separator, and of an int with its separator.
constexpr std::size_t kNumber = kNumberTextMax + 1, kWhole = 12;

template <std::size_t N>
char* put(char* o, const char (&literal)[N]) {
  std::memcpy(o, literal, N - 1);
  return o + N - 1;
}
char* put(char* o, char c) {
  *o = c;
  return o + 1;
}
char* put(char* o, const std::string& s) {
  std::memcpy(o, s.data(), s.size());
  return o + s.size();
}
char* number(char* o, double x) {
  if (std::isfinite(x)) return write_number(o, x);
  return std::isnan(x) ? put(o, "\"nan\"") : x > 0 ? put(o, "\"inf\"") : put(o, "\"-inf\"");
}
char* whole(char* o, long long v) {
  unsigned long long u = v < 0 ? 0 - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
  if (v < 0) *o++ = '-';
  char digits[20];
  int k = 0;
  do {
    digits[k++] = char('0' + u % 10);
    u /= 10;
  } while (u);
  while (k) *o++ = digits[--k];
  return o;
}
char* number_list(char* o, const double* x, std::size_t n) {
  *o++ = '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i) *o++ = ',';
    o = number(o, x[i]);
  }
  return put(o, ']');
}
char* whole_list(char* o, const int* v, std::size_t n) {
  *o++ = '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i) *o++ = ',';
    o = whole(o, v[i]);
  }
  return put(o, ']');
}

// The bound as a JSON number when a double holds it exactly (up to 2^53), else as a string.
char* bound(char* o, const std::string& decimal) {
  const bool exact = decimal.size() < 16 || (decimal.size() == 16 && decimal <= "9007199254740992");
  if (!exact) *o++ = '"';
  o = put(o, decimal);
  if (!exact) *o++ = '"';
  return o;
}

// n characters from `from` at o, eight at a time. Not a call of memcpy (which the compiler
// would make of a plain loop): the C library's memcpy copies one byte at a time when the
// two ends are not equally aligned, and in V8's baseline code that costs more than the rest
// of a cell's text.
__attribute__((no_builtin("memcpy"))) char* copy(char* o, const char* from, std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t eight;
    __builtin_memcpy(&eight, from + i, 8);
    __builtin_memcpy(o + i, &eight, 8);
  }
  for (; i < n; ++i) o[i] = from[i];
  return o + n;
}

// Cell i's activation pattern (n characters of `patterns`) as a member between two others:
// ,"pattern":"0110",
char* pattern(char* o, const std::string& patterns, int i, int n) {
  o = put(o, ",\"pattern\":\"");
  o = copy(o, patterns.data() + std::size_t(i) * n, std::size_t(n));
  return put(o, "\",");
}
constexpr std::size_t kPattern = 16;  // besides the n characters

// The end of a cell's object, a 2-D region's or a 1-D interval's: its offsets c (one per
// output) and its affine piece.
char* offsets_and_piece(char* o, const double* c, int outputs, int piece) {
  o = put(o, "\"c\":");
  o = number_list(o, c, std::size_t(outputs));
  o = put(o, ",\"piece\":");
  o = whole(o, piece);
  return put(o, '}');
}
std::size_t offsets_and_piece_max(int outputs) { return 16 + kNumber * std::size_t(outputs) + kWhole; }

// input_dim, pattern_regions, affine_pieces, hidden_sizes [, cells_per_layer, upper_bound],
// without the closing brace. Small: made in a string of its own.
std::string head(int dim, int cells, int pieces, const std::vector<int>& widths, bool per_layer,
                 const std::string& patterns, int neurons) {
  std::vector<int> counts;
  std::string upper;
  if (per_layer) {
    counts = cells_per_layer(patterns, neurons, cells, widths);
    upper = serra_upper_bound(dim, widths);
  }
  std::string text(192 + kWhole * (widths.size() + counts.size()) + upper.size(), '\0');
  char* o = text.data();
  o = put(o, "{\"input_dim\":");
  o = whole(o, dim);
  o = put(o, ",\"pattern_regions\":");
  o = whole(o, cells);
  o = put(o, ",\"affine_pieces\":");
  o = whole(o, pieces);
  o = put(o, ",\"hidden_sizes\":");
  o = whole_list(o, widths.data(), widths.size());
  if (per_layer) {
    o = put(o, ",\"cells_per_layer\":");
    o = whole_list(o, counts.data(), counts.size());
    o = put(o, ",\"upper_bound\":");
    o = bound(o, upper);
  }
  text.resize(std::size_t(o - text.data()));
  return text;
}

void write_2d(const Regions2D& r, const std::vector<int>& widths, bool per_layer) {
  const int R = r.pattern_regions, K = r.outputs, n = r.neurons, P = r.affine_pieces;
  const std::string top = head(2, R, P, widths, per_layer, r.patterns, n);
  // Pieces: their cells in id order (a counting sort) and the sum of their areas in that order.
  std::vector<int> first(std::size_t(P) + 1, 0), members(static_cast<std::size_t>(R));
  std::vector<double> piece_area(std::size_t(P), 0.0);
  for (int i = 0; i < R; ++i) {
    ++first[std::size_t(r.piece[i]) + 1];
    piece_area[r.piece[i]] += r.area[i];
  }
  for (int p = 0; p < P; ++p) first[p + 1] += first[p];
  {
    std::vector<int> next(first.begin(), first.end() - 1);
    for (int i = 0; i < R; ++i) members[next[r.piece[i]]++] = i;
  }
  // What the text can take: the head and the totals, each region (its keys and brackets,
  // id, pattern, area, centroid, vertices, A, c, piece), each piece (keys, id, area) and
  // each piece's member ids.
  const std::size_t vertices = r.vertices.size() / 2;
  const std::size_t capacity = top.size() + 512 +
      std::size_t(R) * (96 + kWhole + kPattern + n + 3 * kNumber + 2 * K * (kNumber + 2) + offsets_and_piece_max(K)) +
      vertices * (3 + 2 * kNumber) + std::size_t(P) * (48 + 2 * kWhole + kNumber) + std::size_t(R) * kWhole;
  char* const start = text_buffer(capacity);
  char* o = put(start, top);
  double min_area = INFINITY;
  for (double a : r.area) min_area = std::isnan(a) || std::isnan(min_area) ? NAN : std::min(min_area, a);
  o = put(o, ",\"total_area\":");
  o = number(o, r.total_area);
  o = put(o, ",\"box_area\":");
  o = number(o, r.box_area);
  o = put(o, ",\"min_region_area\":");
  o = number(o, min_area);
  o = put(o, ",\"max_vertices\":");
  o = whole(o, r.max_vertices);
  o = put(o, ",\"cells_below_rel_area\":{");
  const char* rel[3] = {"\"1e-12\":", "\"1e-9\":", "\"1e-6\":"};
  const double relv[3] = {1e-12, 1e-9, 1e-6};
  for (int t = 0; t < 3; ++t) {
    const double limit = relv[t] * r.box_area;
    int below = 0;
    for (double a : r.area) below += a < limit;
    if (t) *o++ = ',';
    for (const char* c = rel[t]; *c; ++c) *o++ = *c;
    o = whole(o, below);
  }
  o = put(o, "},\"regions\":[");
  for (int i = 0; i < R; ++i) {
    if (i) *o++ = ',';
    o = put(o, "{\"id\":");
    o = whole(o, i);
    o = pattern(o, r.patterns, i, n);
    o = put(o, "\"area\":");
    o = number(o, r.area[i]);
    o = put(o, ",\"centroid\":");
    o = number_list(o, &r.centroid[2 * std::size_t(i)], 2);
    o = put(o, ",\"vertices\":[");
    for (int v = r.vertex_start[i]; v < r.vertex_start[i + 1]; ++v) {
      if (v > r.vertex_start[i]) *o++ = ',';
      o = number_list(o, &r.vertices[2 * std::size_t(v)], 2);
    }
    o = put(o, "],\"A\":[");
    for (int k = 0; k < K; ++k) {
      if (k) *o++ = ',';
      o = number_list(o, &r.A[(std::size_t(i) * K + k) * 2], 2);
    }
    o = put(o, "],");
    o = offsets_and_piece(o, &r.c[std::size_t(i) * K], K, r.piece[i]);
  }
  o = put(o, "],\"pieces\":[");
  for (int p = 0; p < P; ++p) {
    if (p) *o++ = ',';
    o = put(o, "{\"id\":");
    o = whole(o, p);
    o = put(o, ",\"regions\":");
    o = whole_list(o, members.data() + first[p], std::size_t(first[p + 1] - first[p]));
    o = put(o, ",\"area\":");
    o = number(o, piece_area[p]);
    o = put(o, '}');
  }
  o = put(o, "]}");
  g_text_size = std::size_t(o - start);
}

void write_1d(const Regions1D& r, const std::vector<int>& widths, bool per_layer) {
  const int N = r.pattern_regions, K = r.outputs, n = r.neurons;
  const std::string top = head(1, N, r.affine_pieces, widths, per_layer, r.patterns, n);
  const std::size_t capacity = top.size() + 256 + (r.breakpoints.size() + r.kinks.size()) * kNumber +
      std::size_t(N) * (64 + kWhole + 2 * kNumber + kPattern + n + K * kNumber + offsets_and_piece_max(K));
  char* const start = text_buffer(capacity);
  char* o = put(start, top);
  o = put(o, ",\"total_length\":");
  o = number(o, r.bounds.back() - r.bounds.front());
  o = put(o, ",\"breakpoints\":");
  o = number_list(o, r.breakpoints.data(), r.breakpoints.size());
  o = put(o, ",\"kinks\":");
  o = number_list(o, r.kinks.data(), r.kinks.size());
  o = put(o, ",\"intervals\":[");
  for (int i = 0; i < N; ++i) {
    if (i) *o++ = ',';
    o = put(o, "{\"lo\":");
    o = number(o, r.bounds[i]);
    o = put(o, ",\"hi\":");
    o = number(o, r.bounds[i + 1]);
    o = pattern(o, r.patterns, i, n);
    o = put(o, "\"a\":");
    o = number_list(o, &r.a[std::size_t(i) * K], std::size_t(K));
    *o++ = ',';
    o = offsets_and_piece(o, &r.c[std::size_t(i) * K], K, r.piece[i]);
  }
  o = put(o, "]}");
  g_text_size = std::size_t(o - start);
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
  g_text.reset();
  g_text_size = 0;
  if (b.size() == 4 && net.inputs() == 2) {
    Regions2D r;
    if (Status st = linear_regions_2d(net, b[0], b[1], b[2], b[3], r, opt); !st) return error_value(st);
    write_2d(r, widths, per_layer);
  } else if (b.size() == 2 && net.inputs() == 1) {
    Regions1D r;
    if (Status st = linear_regions_1d(net, b[0], b[1], r, opt); !st) return error_value(st);
    write_1d(r, widths, per_layer);
  } else {
    return error_value(Status::error("box_shape", {{"inputs", net.inputs()}}));
  }
  val out = val::object();
  out.set("json", val(emscripten::typed_memory_view(g_text_size, reinterpret_cast<const unsigned char*>(g_text.get()))));
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
