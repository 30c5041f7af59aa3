// Datasets (see datasets.h). The geometry uses project-owned sin/cos/exp built from
// IEEE basic operations, so together with Rng a seed gives the same points natively and
// in WebAssembly (libm implementations may differ by an ulp). Every random draw is its
// own statement: the order in which function arguments or the operands of + are
// evaluated is unspecified (GCC and Clang differ), and it would reorder the stream.
#include "alab/datasets.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include "alab/rng.h"
#include "fast_math.h"

namespace alab {

namespace {

constexpr double kPi = 3.14159265358979323846;

// exp for x in [-700, 700]: reduction by ln 2, Taylor to r^14 on |r| <= 0.35.
double portable_exp(double x) {
  if (x < -700) return 0.0;
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const double k = std::nearbyint(x / 0.69314718055994530942);
  const double r = (x - k * ln2_hi) - k * ln2_lo;
  double p = 1.0;
  for (int n = 14; n >= 1; --n) p = 1.0 + p * r / double(n);
  return std::ldexp(p, int(k));
}

// The catalogue, in display order: kind, id, inputs, classes (0 = regression).
const DatasetInfo kCatalogue[] = {
    {DatasetKind::Circle, "circle", 2, 2},     {DatasetKind::Xor, "xor", 2, 2},
    {DatasetKind::Gaussian, "gaussian", 2, 2}, {DatasetKind::Spiral, "spiral", 2, 2},
    {DatasetKind::Moons, "moons", 2, 2},       {DatasetKind::Blobs3, "blobs3", 2, 3},
    {DatasetKind::Blobs5, "blobs5", 2, 5},     {DatasetKind::Sin, "sin", 1, 0},
    {DatasetKind::Abs, "abs", 1, 0},           {DatasetKind::Step, "step", 1, 0},
    {DatasetKind::Bump, "bump", 1, 0}};

// Appends a point, clamped into the data box (Gaussian tails and noise can leave it).
void add_point(Dataset& d, double x, double y, int label) {
  d.x.push_back(std::clamp(x, kDataBoxMin, kDataBoxMax));
  d.x.push_back(std::clamp(y, kDataBoxMin, kDataBoxMax));
  d.labels.push_back(label);
}

}  // namespace

const std::vector<DatasetInfo>& dataset_catalogue() {
  static const std::vector<DatasetInfo> all(std::begin(kCatalogue), std::end(kCatalogue));
  return all;
}

Status parse_dataset_kind(const std::string& s, DatasetKind& out) {
  std::string known;
  for (const auto& n : kCatalogue) {
    if (s == n.name) {
      out = n.kind;
      return {};
    }
    known += (known.empty() ? "" : ", ") + std::string(n.name);
  }
  return Status::error("unknown_dataset", {{"name", s}, {"known", known}});
}

const char* dataset_kind_name(DatasetKind k) {
  for (const auto& n : kCatalogue)
    if (n.kind == k) return n.name;
  return "?";
}

const std::vector<DatasetKind>& dataset_kinds() {
  static const std::vector<DatasetKind> all = [] {
    std::vector<DatasetKind> v;
    for (const auto& n : kCatalogue) v.push_back(n.kind);
    return v;
  }();
  return all;
}

Status make_dataset(const std::string& kind, int n, double noise, std::uint64_t seed, Dataset& out) {
  DatasetKind k;
  if (Status s = parse_dataset_kind(kind, k); !s) return s;
  return make_dataset(k, n, noise, seed, out);
}

Status make_dataset(DatasetKind kind, int n, double noise, std::uint64_t seed, Dataset& out) {
  if (n < kMinDatasetPoints || n > kMaxDatasetPoints)
    return Status::error("dataset_points_out_of_range",
                         {{"value", n}, {"min", kMinDatasetPoints}, {"max", kMaxDatasetPoints}});
  if (!(noise >= 0 && noise <= kMaxNoise))
    return Status::error("noise_out_of_range", {{"value", noise}, {"max", kMaxNoise}});
  Rng rng(seed);
  Dataset d;
  const double twopi = 2 * kPi;
  double s, c;
  switch (kind) {
    case DatasetKind::Circle:
      for (int p = 0; p < n; ++p) {
        const int label = (p % 2 == 0) ? 1 : 0;
        const double r = label ? rng.uniform(0, 2.5) : rng.uniform(3.5, 5.0);  // one draw either way
        fast::sincos(rng.uniform(0, twopi), s, c);
        const double nx = rng.normal(), ny = rng.normal();
        add_point(d, r * c + noise * nx, r * s + noise * ny, label);
      }
      break;
    case DatasetKind::Xor:
      for (int p = 0; p < n; ++p) {
        double x = rng.uniform(-5, 5), y = rng.uniform(-5, 5);
        x += x > 0 ? 0.3 : -0.3;  // keep a gap around the axes
        y += y > 0 ? 0.3 : -0.3;
        const double nx = rng.normal(), ny = rng.normal();
        add_point(d, x + noise * nx, y + noise * ny, x * y > 0 ? 1 : 0);
      }
      break;
    case DatasetKind::Gaussian:
      for (int p = 0; p < n; ++p) {
        const int label = (p % 2 == 0) ? 1 : 0;
        const double m = label ? 2.0 : -2.0;
        const double gx = rng.normal(), nx = rng.normal(), gy = rng.normal(), ny = rng.normal();
        add_point(d, m + gx + noise * nx, m + gy + noise * ny, label);
      }
      break;
    case DatasetKind::Spiral: {
      const int per[2] = {(n + 1) / 2, n / 2};
      for (int p = 0; p < n; ++p) {
        const int cls = p % 2, i = p / 2;
        const double frac = double(i) / double(per[cls]);
        const double r = 5.0 * frac;
        fast::sincos(1.75 * frac * twopi + cls * kPi, s, c);
        const double nx = rng.normal(), ny = rng.normal();
        add_point(d, r * s + noise * nx, r * c + noise * ny, cls);
      }
      break;
    }
    case DatasetKind::Moons:
      for (int p = 0; p < n; ++p) {
        const int label = p % 2;
        fast::sincos(rng.uniform(0, kPi), s, c);
        const double mx = label ? 1.0 - c : c, my = label ? 0.5 - s : s;
        const double nx = rng.normal(), ny = rng.normal();
        add_point(d, 3.0 * (mx - 0.5) + noise * nx, 3.0 * (my - 0.25) + noise * ny, label);
      }
      break;
    case DatasetKind::Blobs3:
    case DatasetKind::Blobs5: {
      const int k = kind == DatasetKind::Blobs3 ? 3 : 5;
      for (int p = 0; p < n; ++p) {
        const int label = p % k;
        fast::sincos(twopi * label / k + kPi / 2, s, c);
        const double gx = rng.normal(), nx = rng.normal(), gy = rng.normal(), ny = rng.normal();
        add_point(d, 3.5 * c + 0.8 * gx + noise * nx, 3.5 * s + 0.8 * gy + noise * ny, label);
      }
      d.num_classes = k;
      break;
    }
    case DatasetKind::Sin:
    case DatasetKind::Abs:
    case DatasetKind::Step:
    case DatasetKind::Bump:
      d.dim = 1;
      d.target_dim = 1;
      for (int p = 0; p < n; ++p) {
        const double x = rng.uniform(kDataBoxMin, kDataBoxMax);
        double y = 0;
        if (kind == DatasetKind::Sin) fast::sincos(x, y, c);
        else if (kind == DatasetKind::Abs) y = std::fabs(x) / 3.0 - 1.0;
        else if (kind == DatasetKind::Step) y = x < 0 ? -1.0 : 1.0;
        else y = 2.0 * portable_exp(-0.5 * x * x) - 1.0;
        d.x.push_back(x);
        d.targets.push_back(y + noise * rng.normal());
      }
      break;
  }
  if (d.is_classification() && d.num_classes == 0) d.num_classes = 2;
  out = std::move(d);
  return {};
}

Status validate_dataset(const Dataset& d) {
  if (d.dim < 1 || d.dim > kMaxDataDim)
    return Status::error("data_dim_out_of_range", {{"value", d.dim}, {"max", kMaxDataDim}});
  if (d.x.empty()) return Status::error("data_empty");
  if (d.x.size() % std::size_t(d.dim) != 0) return Status::error("data_partial_point");
  const std::size_t n = d.size();
  for (double v : d.x)
    if (!std::isfinite(v)) return Status::error("data_not_finite");
  if (!d.labels.empty() == !d.targets.empty()) return Status::error("data_labels_or_targets");
  if (!d.labels.empty()) {
    if (d.labels.size() != n)
      return Status::error("data_label_count", {{"expected", n}, {"got", d.labels.size()}});
    if (d.num_classes < 2 || d.num_classes > kMaxClasses)
      return Status::error("data_classes_out_of_range",
                           {{"value", d.num_classes}, {"min", 2}, {"max", kMaxClasses}});
    for (int l : d.labels)
      if (l < 0 || l >= d.num_classes)
        return Status::error("data_label_out_of_range", {{"label", l}, {"last", d.num_classes - 1}});
  } else {
    if (d.target_dim < 1 || d.target_dim > kMaxDataDim)
      return Status::error("data_target_dim_out_of_range", {{"value", d.target_dim}, {"max", kMaxDataDim}});
    if (d.targets.size() != n * std::size_t(d.target_dim))
      return Status::error("data_target_count",
                           {{"expected", n * std::size_t(d.target_dim)}, {"got", d.targets.size()}});
    for (double v : d.targets)
      if (!std::isfinite(v)) return Status::error("data_target_not_finite");
  }
  return {};
}

Status make_labelled_dataset(int dim, const std::vector<double>& x, const std::vector<int>& labels,
                             Dataset& out) {
  Dataset d;
  d.dim = dim;
  d.x = x;
  d.labels = labels;
  int mx = 1;
  for (int l : labels) mx = l > mx ? l : mx;
  d.num_classes = mx + 1;
  if (Status s = validate_dataset(d); !s) return s;
  out = std::move(d);
  return {};
}

Status split_dataset(const Dataset& d, double test_fraction, std::uint64_t seed, Dataset& train, Dataset& test) {
  if (Status s = validate_dataset(d); !s) return s;
  if (!(test_fraction >= 0 && test_fraction < 1))
    return Status::error("test_fraction_out_of_range", {{"value", test_fraction}});
  const std::size_t n = d.size();
  std::size_t n_test = std::size_t(std::llround(test_fraction * double(n)));
  if (test_fraction > 0 && n > 1 && n_test == 0) n_test = 1;
  if (n_test >= n) n_test = n - 1;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t(0));
  Rng rng(seed);
  rng.shuffle(order.data(), n);
  Dataset parts[2];
  for (auto& part : parts) {
    part.dim = d.dim;
    part.num_classes = d.num_classes;
    part.target_dim = d.target_dim;
  }
  const std::size_t dim = std::size_t(d.dim), td = std::size_t(d.target_dim);
  for (std::size_t r = 0; r < n; ++r) {
    Dataset& part = parts[r < n_test ? 1 : 0];
    const std::size_t p = order[r];
    part.x.insert(part.x.end(), d.x.begin() + std::ptrdiff_t(p * dim), d.x.begin() + std::ptrdiff_t((p + 1) * dim));
    if (!d.labels.empty()) part.labels.push_back(d.labels[p]);
    else part.targets.insert(part.targets.end(), d.targets.begin() + std::ptrdiff_t(p * td),
                             d.targets.begin() + std::ptrdiff_t((p + 1) * td));
  }
  train = std::move(parts[0]);
  test = std::move(parts[1]);
  return {};
}

}  // namespace alab
