// MLP: initialisation, forward pass (with per-sample Jacobians), losses, backprop and
// the torch.optim optimizers for a Network (network.h), plus a Trainer that owns a
// network, its data, settings, optimizer state and all scratch memory, so that one call
// trains many steps without allocating. Conventions are PyTorch 1.13's, in double
// precision (see tests/reference/README.md sections 4-6). No I/O, no JSON, no globals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "alab/datasets.h"
#include "alab/network.h"
#include "alab/rng.h"
#include "alab/status.h"

namespace alab {

// Limits the core enforces on requests (so the page and the tool cannot ask for hours of
// work or gigabytes of memory by mistake).
inline constexpr long kMaxTrainSteps = 10000000;   // steps per train() / run_training call
inline constexpr int kMaxBatchSize = 1000000;
inline constexpr int kMaxGridSide = 4096;           // evaluate_grid: w and h each
inline constexpr long kMaxForwardValues = 1L << 25;  // numbers in one forward() answer (256 MB)

enum class LossKind { Mse, Bce, CrossEntropy };
enum class BceImpl { Logits, Probs };  // BCEWithLogitsLoss, or BCELoss on sigmoid outputs
enum class OptimizerKind { Sgd, Momentum, Adam };
enum class Batching { Epoch, Wrap };
enum class InitKind { Torch, XavierUniform, HeNormal };

Status parse_loss_kind(const std::string& s, LossKind& out);          // mse|bce|cross_entropy
Status parse_bce_impl(const std::string& s, BceImpl& out);            // logits|probs
Status parse_optimizer_kind(const std::string& s, OptimizerKind& out);  // sgd|momentum|adam
Status parse_batching(const std::string& s, Batching& out);           // epoch|wrap
Status parse_init_kind(const std::string& s, InitKind& out);          // torch|xavier|he
const char* loss_kind_name(LossKind k);
const char* optimizer_kind_name(OptimizerKind k);

// Builds a network from layer sizes and one activation name per hidden layer (a single
// name is used for every hidden layer), default activation parameters. Params zeroed.
Status make_mlp(const std::vector<int>& layers, const std::vector<std::string>& activations,
                const std::string& output, Network& out);

// Draws every weight and bias from Rng(seed), layer by layer, W_l row-major then b_l:
//  Torch:         W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))  (nn.Linear's default)
//  XavierUniform: W ~ U(-sqrt(6/(fan_in+fan_out)), +...), b = 0
//  HeNormal:      W ~ N(0, 2/fan_in) (Kaiming normal, fan_in mode), b = 0
Status init_params(Network& net, InitKind kind, std::uint64_t seed);

// bce requires a sigmoid output and cross_entropy a softmax output; mse takes any.
Status check_loss_output(LossKind loss, OutputKind output);

struct ForwardOptions {
  bool hidden = false;     // fill hidden_pre_activations / hidden_activations
  bool jacobians = false;  // fill jacobian, jacobian_logits, local_offset
};

// Everything the `forward` op returns. N samples, K outputs, n0 inputs.
struct ForwardResult {
  std::vector<double> outputs;          // N x K, after the output activation
  std::vector<double> logits;           // N x K
  std::vector<double> hidden_pre;       // layer-major: for l = 1..L-1, N x n_l (z_l)
  std::vector<double> hidden_act;       // same layout (a_l)
  std::vector<double> jacobian;         // N x K x d: d outputs / d x (d raw inputs)
  std::vector<double> jacobian_logits;  // N x K x d: d logits / d x
  std::vector<double> local_offset;     // N x K: logits - jacobian_logits . x
};

// Forward pass over n samples, x is n x d row-major (d = net.data_inputs(): the raw inputs,
// from which the input features are computed); the Jacobians are with respect to these d.
Status forward(const Network& net, const double* x, std::size_t n, const ForwardOptions& opt,
               ForwardResult& out);

struct TrainSettings {
  LossKind loss = LossKind::Mse;
  BceImpl bce_impl = BceImpl::Logits;
  OptimizerKind optimizer = OptimizerKind::Sgd;
  double lr = 0.1;
  double momentum = 0.9;  // momentum: in [0, 1)
  bool nesterov = false;  // momentum: needs momentum > 0
  double beta1 = 0.9, beta2 = 0.999;  // adam: each in [0, 1)
  double eps = 1e-8;                  // adam: >= 0
  double l2 = 0.0;                    // weight decay coefficient lambda >= 0
  bool l2_biases = false;             // also decay biases
  int batch_size = 10;                // 1..kMaxBatchSize (B > N: epoch uses N rows, wrap repeats rows)
  Batching batching = Batching::Epoch;
  bool shuffle = false;        // epoch batching only: reshuffle row order at each epoch start
  std::uint64_t shuffle_seed = 0;
};

// A rectangular grid: w x h points of the box [x0,x1] x [y0,y1], both ends included
// (x_i = x0 + i (x1-x0)/(w-1), y_j = y0 + j (y1-y0)/(h-1); w or h = 1 takes x0 / y0).
// For a 1-input network set h = 1 and only x0, x1, w are used.
struct GridSpec {
  double x0 = -6, x1 = 6, y0 = -6, y1 = 6;
  int w = 100, h = 100;
};

// Number of floats evaluate_grid writes: w*h*K, or w*h*(sum of hidden widths + K).
std::size_t grid_value_count(const Network& net, const GridSpec& g, bool all_neurons);

// Evaluates the network at every grid point into out (caller-owned, grid_value_count
// floats), neuron-major: value of neuron q at point (i, j) is out[q*w*h + j*w + i]. Neurons
// are the K outputs (after the output activation), or with all_neurons every hidden
// neuron's activation, layer 1 first, then the K outputs. Computed in float32 for
// display (identity, relu, leaky_relu, prelu, tanh, sigmoid and the output activations
// have float kernels with relative error ~1e-6; other activations are evaluated in
// double), so values can differ from forward() by about 1e-5.
Status evaluate_grid(const Network& net, const GridSpec& g, bool all_neurons, float* out);

// Loss and accuracy of the network on a data set. accuracy is NaN where undefined
// (regression); see Trainer::evaluate.
struct Metrics {
  double loss = 0;
  double accuracy = 0;
};

// What Trainer::statistics reads off the training rows.
struct TrainerStats {
  Metrics train;
  std::vector<int> active_counts;
  std::vector<double> gradient_norms;
  std::vector<double> mean_activations;
};

// Trains one network. Every setter validates first and leaves the trainer unchanged on
// error. Data, settings and network must agree (input width, targets fit the outputs,
// loss fits the output activation).
class Trainer {
 public:
  Trainer() = default;

  // Takes a network, its training data and the settings; resets history and optimizer
  // state and the step counter.
  Status reset(const Network& net, const Dataset& data, const TrainSettings& settings);
  // Changes settings, keeping parameters, history and step counter. The optimizer state
  // is kept when the optimizer kind is unchanged, otherwise cleared.
  Status set_settings(const TrainSettings& settings);
  // Replaces the training data (same input width); clears nothing else.
  Status set_data(const Dataset& data);
  // Replaces all parameters (same count, all finite); clears the optimizer state.
  Status set_params(const std::vector<double>& params);
  // Clears history, step counter, optimizer state and shuffle stream; keeps params.
  void restart();
  // Empties loss_history and l2_penalty_history but keeps their memory and the step
  // counter: a page that reads the new losses after each train() call and then clears
  // them trains forever without growing the heap.
  void clear_history();

  // Runs `steps` (0..kMaxTrainSteps) optimizer steps (one mini-batch each), appending to loss_history and
  // l2_penalty_history. If a loss, gradient or parameter becomes NaN/Inf, the failing step
  // is undone (parameters and optimizer state keep their last finite values, nothing is
  // appended; with shuffle, an epoch's new row order stays) and a status naming the step
  // is returned; earlier steps are kept.
  Status train(long steps);

  const Network& network() const { return net_; }
  const std::vector<double>& params() const { return net_.params; }
  const TrainSettings& settings() const { return settings_; }
  const Dataset& data() const { return data_; }
  // Data loss of the batch of each step, before its update (no L2).
  const std::vector<double>& loss_history() const { return loss_history_; }
  // (l2/2) * sum of squared decayed parameters before each step (0 when l2 = 0).
  const std::vector<double>& l2_penalty_history() const { return l2_history_; }
  long step_count() const { return step_; }
  // Passes over the data so far (fractional): steps / ceil(N/B) with epoch batching,
  // steps * B / N with wrap batching.
  double epoch() const;

  // Data loss and its gradient (flat, Network::params layout, no L2) on the batch that
  // step `step` would use (with shuffle: in the current epoch's order).
  Status batch_gradient(long step, double& loss, std::vector<double>& grad);
  // Data loss and gradient over all training rows as one batch.
  Status full_gradient(double& loss, std::vector<double>& grad);
  // Data loss over all training rows as one batch.
  double full_loss();
  // Loss and accuracy on any data set of the same shape (e.g. the test split). Accuracy:
  // cross_entropy argmax; bce threshold 0.5 per output; mse: argmax when K > 1 with class
  // labels, threshold 0.5 when K = 1 with 0/1 labels, otherwise NaN.
  Status evaluate(const Dataset& d, Metrics& out);
  // For every hidden neuron (layer 1 first) the number of training points whose
  // pre-activation is > 0; a neuron with count 0 is dead.
  void active_counts(std::vector<int>& counts);
  // Euclidean norm of the full-data gradient (W_l and b_l together) per weight layer.
  void layer_gradient_norms(std::vector<double>& norms);
  // Mean activation a_l over all training points and neurons, per hidden layer.
  void mean_activations(std::vector<double>& means);
  // evaluate(data()), active_counts, layer_gradient_norms and mean_activations in one
  // forward and backward pass over the training rows, with the same results.
  void statistics(TrainerStats& out);
  // evaluate_grid into a buffer the trainer owns (valid until the next call).
  Status evaluate_grid(const GridSpec& g, bool all_neurons);
  const std::vector<float>& grid_values() const { return grid_; }

 private:
  enum class AccMode { None, Argmax, Threshold };
  // Checks everything and converts the data's labels/targets into the loss's form.
  Status validate(const Network& net, const Dataset& data, const TrainSettings& s,
                  std::vector<double>& targets, std::vector<int>& classes) const;
  AccMode accuracy_mode(const Dataset& d) const;
  void allocate();
  void clear_optimizer();
  void reset_order();
  // Rows of the batch of step `step`, written to rows; returns how many.
  std::size_t batch_rows(long step, std::size_t* rows) const;
  std::size_t batch_capacity() const;
  // Forward (+ backward when grad is not null) over the rows as one batch, in chunks;
  // returns the mean data loss and writes its gradient. correct/total count accuracy.
  // active (per hidden neuron, layer 1 first) counts the rows whose pre-activation is > 0
  // and act_sums (per hidden layer) adds up the activations, when not null.
  double pass(const std::size_t* rows, std::size_t count, const double* x, const double* targets,
              const int* classes, double* grad, AccMode acc, double* correct, double* total,
              int* active = nullptr, double* act_sums = nullptr);
  double l2_penalty() const;
  bool apply_update(const double* g);

  Network net_;
  Dataset data_;
  TrainSettings settings_;
  bool ready_ = false;
  std::vector<double> targets_;  // N x K (mse, bce, cross_entropy with probability rows)
  std::vector<int> classes_;     // N (cross_entropy with class indices)
  std::vector<double> loss_history_, l2_history_;
  long step_ = 0;
  long opt_t_ = 0;  // optimizer steps taken since its state was cleared
  Rng shuffle_rng_;
  std::vector<std::size_t> order_;     // row order (identity unless shuffle)
  std::vector<std::size_t> all_rows_;  // 0..N-1
  std::vector<std::size_t> batch_;     // scratch: row indices of one batch
  // Optimizer state and scratch, sized once in allocate(). decay_[p] = l2 or 0.
  std::vector<double> grad_, decay_, m_, v_, backup_;
  // Per chunk of at most 64 samples, feature-major (neuron x sample):
  std::vector<double> xt_;                       // n0 x C
  std::vector<std::vector<double>> z_, a_, da_;  // per weight layer l: n_{l+1} x C
  std::vector<double> dz_, dz_prev_;             // max width x C
  std::vector<double> fx_;                       // N x n0: the training rows' input features
  // The training rows as layer 1 reads them (features computed, or the raw data).
  const double* train_x() const { return net_.features.empty() ? data_.x.data() : fx_.data(); }
  std::vector<float> grid_;
};

// Everything the `train` op returns (README section 6), parameters in Network layout.
struct TrainReport {
  std::vector<double> loss_history;        // steps
  std::vector<double> l2_penalty_history;  // steps (zeros when l2 = 0)
  std::vector<double> params;              // after the last step
  std::vector<double> initial_grads;       // step 0's batch data-loss gradient at the start
  std::vector<double> final_outputs;       // N x K on all rows after training
  double initial_loss_full = 0, final_loss_full = 0;
};

// One-call form of the `train` op: a fresh Trainer, `steps` steps, the report. A
// divergence returns its status (and no report).
Status run_training(const Network& net, const Dataset& data, const TrainSettings& settings, long steps,
                    TrainReport& out);

}  // namespace alab
