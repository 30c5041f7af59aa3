// Datasets: seeded toy data for the Playground (2-D classification, multi-class blobs,
// 1-D regression), a seeded train/test split and validation of the reader's own points.
// Inputs live in the box [-6, 6] (per axis), like TensorFlow Playground, so the page
// can draw every data set over the same heatmap. Generation only; no file formats.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "alab/status.h"

namespace alab {

// The data box: every generated input lies in [kDataBoxMin, kDataBoxMax] per axis.
inline constexpr double kDataBoxMin = -6.0;
inline constexpr double kDataBoxMax = 6.0;

// Limits on generated and given data.
inline constexpr int kMinDatasetPoints = 2;        // make_dataset's n
inline constexpr int kMaxDatasetPoints = 100000;
inline constexpr double kMaxNoise = 100.0;         // make_dataset's noise, in input units
inline constexpr int kMaxDataDim = 4096;           // inputs (and targets) per point
inline constexpr int kMaxClasses = 1000000;

// A set of points: classification (labels, num_classes >= 2) or regression (targets,
// target_dim >= 1). x is size() x dim row-major. Exactly one of labels / targets is
// non-empty in a valid data set.
struct Dataset {
  int dim = 2;                  // input dimension
  std::vector<double> x;        // point p: x[p*dim .. p*dim+dim)
  std::vector<int> labels;      // class of each point in [0, num_classes)
  int num_classes = 0;          // 0 for regression
  std::vector<double> targets;  // point p: targets[p*target_dim .. +target_dim)
  int target_dim = 0;           // 0 for classification
  std::size_t size() const { return dim > 0 ? x.size() / std::size_t(dim) : 0; }
  bool is_classification() const { return !labels.empty(); }
};

enum class DatasetKind {
  Circle,    // 2 classes: label 1 inside radius 2.5, label 0 on the ring 3.5..5
  Xor,       // 2 classes: label 1 where x*y > 0 (quadrants I and III)
  Gaussian,  // 2 classes: blobs N((2,2), 1) label 1 and N((-2,-2), 1) label 0
  Spiral,    // 2 classes: two interleaved spirals out to radius 5
  Moons,     // 2 classes: two interleaving half circles (sklearn make_moons, scaled)
  Blobs3,    // 3 classes: blobs (sd 0.8) centred on a circle of radius 3.5
  Blobs5,    // 5 classes: same with 5 blobs
  Sin,       // regression, x ~ U(-6, 6): y = sin(x)
  Abs,       // y = |x|/3 - 1
  Step,      // y = -1 for x < 0, +1 for x >= 0
  Bump       // y = 2 exp(-x^2/2) - 1
};

// One entry of the catalogue: what make_dataset gives for a kind.
struct DatasetInfo {
  DatasetKind kind;
  const char* name;  // the id used by requests and URLs, e.g. "circle"
  int inputs;        // 2 (points in the plane) or 1 (a curve y(x))
  int classes;       // number of classes, 0 for regression
};

// Every kind, in display order.
const std::vector<DatasetInfo>& dataset_catalogue();

Status parse_dataset_kind(const std::string& s, DatasetKind& out);
const char* dataset_kind_name(DatasetKind k);
// All kinds, in display order.
const std::vector<DatasetKind>& dataset_kinds();

// Generates n points (kMinDatasetPoints..kMaxDatasetPoints) of the given kind from
// Rng(seed). noise (0..kMaxNoise) is the standard
// deviation of Gaussian jitter, in input units, added to each coordinate of 2-D
// points (classification) or to y (1-D regression). Labels come from the noise-free
// point; 2-D points are clamped into the box. Classification points come in
// class-interleaved order (point p has class p mod num_classes).
Status make_dataset(DatasetKind kind, int n, double noise, std::uint64_t seed, Dataset& out);
Status make_dataset(const std::string& kind, int n, double noise, std::uint64_t seed,
                    Dataset& out);

// Splits d into train and test: a seeded random permutation, the first
// round(test_fraction * N) points (at least 1 when 0 < fraction and N > 1) go to test.
// test_fraction in [0, 1); train is never empty.
Status split_dataset(const Dataset& d, double test_fraction, std::uint64_t seed, Dataset& train,
                     Dataset& test);

// Checks a data set (sizes agree, all numbers finite, labels in range, at least one
// point). Used for the reader's own points (click or CSV) before training on them.
Status validate_dataset(const Dataset& d);

// Builds a classification set from flat points (n x dim) and labels; num_classes is
// max(label) + 1, at least 2.
Status make_labelled_dataset(int dim, const std::vector<double>& x, const std::vector<int>& labels,
                             Dataset& out);

}  // namespace alab
