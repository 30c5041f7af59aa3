// Status codes and their English templates: the one list of everything the core and its
// bindings can report. The page keeps a translation of each template (web/src/i18n.js,
// keys err.<code>) with the same {placeholders}; a test checks that the two agree.
#include "alab/status.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace alab {

const std::vector<ErrorCode>& error_codes() {
  static const std::vector<ErrorCode> codes = {
      // Anything the bindings did not foresee, and conversions of JS values.
      {"internal", "internal error: {what}"},
      {"out_of_memory", "out of memory: the request is too large"},
      {"not_a_number", "{field} must be a number"},
      {"not_whole_number", "{field} must be a whole number, got {value}"},
      {"number_out_of_range", "{field} = {value} is out of range"},
      {"seed_invalid", "{field} must be a whole number from 0 to 9007199254740991, got {value}"},
      {"params_not_object", "params must be an object of name: value"},
      {"param_empty_text", "parameter {param} is an empty string"},
      {"param_wrong_type", "parameter {param} must be a number"},
      {"activation_name_not_text", "hidden layer {layer} needs an activation name"},
      {"x_shape", "x must hold n * {inputs} numbers"},
      {"data_x_shape", "x must hold n * inputs numbers, n >= 1"},
      {"box_shape",
       "the box must be [xmin, xmax, ymin, ymax] for a net with 2 inputs or [xmin, xmax] for 1 input; "
       "this net has {inputs} inputs"},
      {"softmax_shape_mismatch", "softmax: rows * k does not match the data"},
      // Activations and softmax.
      {"unknown_activation", "unknown activation '{name}'; known: {known}"},
      {"gelu_approximate_invalid", "gelu: approximate must be \"none\" or \"tanh\", not \"{value}\""},
      {"activation_takes_no_params", "{activation} has no parameter '{param}' (it takes none)"},
      {"unknown_param", "{activation} has no parameter '{param}' (it has {accepted})"},
      {"param_not_a_number", "{activation}: parameter {param} must be a number"},
      {"param_not_finite", "{activation}: parameter {param} must be a finite number"},
      {"param_out_of_range", "{activation}: parameter {param} = {value} is outside [{min}, {max}]"},
      {"hardtanh_bounds", "hardtanh: min_val must be smaller than max_val"},
      {"rrelu_bounds", "rrelu: lower must not exceed upper"},
      {"unknown_softmax_variant", "variant must be softmax, log_softmax or softmin, not '{value}'"},
      {"softmax_empty", "softmax needs at least one row of at least one score"},
      {"softmax_too_large", "softmax: rows * k * k must be at most {max} (the Jacobian would not fit)"},
      {"temperature_invalid", "temperature must be a finite number > 0, got {value}"},
      // Speed probe.
      {"speed_size_out_of_range", "the array must have {min} to {max} elements, got {value}"},
      {"speed_samples_out_of_range", "samples must be {min} to {max}, got {value}"},
      {"speed_min_ms_out_of_range", "min_ms must be {min} to {max}, got {value}"},
      // Network shape and parameters.
      {"unknown_output", "output must be linear, sigmoid, softmax or an activation of the catalogue, not '{value}'"},
      {"unknown_feature", "unknown input feature '{value}'; known: x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)"},
      {"features_count", "features lists {features} inputs but layer 0 has {inputs}"},
      {"feature_input_out_of_range", "the input feature {feature} needs inputs from -{max} to {max}, got {value}"},
      {"features_not_linear",
       "the network's inputs include curved features (squares, products or sines of x1 and x2), so its map "
       "is not affine on cells of the plane: it has no linear regions"},
      {"too_few_layers", "layers needs at least 2 sizes (inputs and outputs)"},
      {"layer_width_out_of_range",
       "layer {layer} has width {width}; every layer needs {min} to {max} neurons"},
      {"hidden_activation_count", "expected {expected} hidden activations, got {got}"},
      {"param_count_mismatch", "the network needs {expected} weights and biases, got {got}"},
      {"weight_not_finite", "a weight or bias is not finite"},
      {"not_identity_network",
       "the layers multiply out to one matrix only without activations; "
       "hidden layer {layer} uses {activation}"},
      // MLP: settings, forward pass, grid.
      {"unknown_loss", "loss must be mse, bce or cross_entropy, not '{value}'"},
      {"unknown_bce_impl", "bce_impl must be logits or probs, not '{value}'"},
      {"unknown_optimizer", "optimizer must be sgd, momentum or adam, not '{value}'"},
      {"unknown_batching", "batching must be epoch or wrap, not '{value}'"},
      {"unknown_init", "init must be torch, xavier or he, not '{value}'"},
      {"init_bad_shape", "init: the network has no valid shape"},
      {"bce_needs_sigmoid", "loss bce needs output sigmoid, not {output}"},
      {"ce_needs_softmax", "loss cross_entropy needs output softmax, not {output}"},
      {"forward_no_samples", "forward: no input samples"},
      {"forward_input_not_finite", "forward: an input is not finite"},
      {"forward_too_large",
       "forward: the answer would hold {values} numbers, more than {max}; send fewer samples or use a smaller network"},
      {"grid_needs_1_or_2_inputs", "grid: the network needs 1 or 2 inputs, this one has {inputs}"},
      {"grid_size_out_of_range", "grid size must be {min} to {max} per side, got {w} x {h}"},
      {"grid_box_not_finite", "the grid box must be finite"},
      {"grid_no_buffer", "grid: no output buffer"},
      {"grid_too_large", "grid: {values} values are too many (at most {max})"},
      // Training.
      {"lr_invalid", "learning rate must be a finite number > 0, got {value}"},
      {"batch_size_out_of_range", "batch size must be a whole number from {min} to {max}, got {value}"},
      {"momentum_out_of_range", "momentum must be in [0, 1), got {value}"},
      {"nesterov_needs_momentum", "nesterov momentum needs momentum > 0"},
      {"adam_betas_out_of_range", "adam betas must be in [0, 1), got {beta1}, {beta2}"},
      {"adam_eps_invalid", "adam eps must be a finite number >= 0, got {value}"},
      {"l2_invalid", "L2 coefficient must be a finite number >= 0, got {value}"},
      {"shuffle_needs_epoch_batching", "shuffle needs epoch batching"},
      {"data_inputs_mismatch", "the data has {data} inputs per point but the network takes {network}"},
      {"class_label_too_large",
       "class label {label} does not fit a network with {outputs} outputs (classes 0..{last})"},
      {"classes_need_outputs", "{classes} classes do not fit 1 {loss} output: use one output per class"},
      {"classes_outputs_mismatch",
       "{classes} classes do not fit {outputs} outputs: use 1 output for 2 classes or one output per class"},
      {"targets_outputs_mismatch",
       "targets have {targets} values per point but the network has {outputs} outputs"},
      {"bce_target_out_of_range", "bce targets must be in [0, 1], got {value}"},
      {"ce_target_negative", "cross_entropy target probabilities must be >= 0, got {value}"},
      {"trainer_not_ready", "the trainer has no network yet"},
      {"steps_out_of_range", "steps must be from 0 to {max}, got {value}"},
      {"step_negative", "step must be >= 0, got {value}"},
      {"diverged",
       "training diverged at step {step}: the loss became {value}; parameters kept from before that step "
       "(try a smaller learning rate)"},
      {"diverged_weights",
       "training diverged at step {step}: a weight became NaN or Inf; parameters kept from before that step "
       "(try a smaller learning rate)"},
      // Data sets.
      {"unknown_dataset", "unknown data set '{name}' ({known})"},
      {"dataset_points_out_of_range", "the number of points must be from {min} to {max}, got {value}"},
      {"noise_out_of_range", "noise must be a number from 0 to {max}, got {value}"},
      {"test_fraction_out_of_range", "test fraction must be in [0, 1), got {value}"},
      {"data_dim_out_of_range", "data: the number of inputs must be from 1 to {max}, got {value}"},
      {"data_empty", "data: no points"},
      {"data_partial_point", "data: x does not hold whole points"},
      {"data_not_finite", "data: an input is not finite"},
      {"data_labels_or_targets", "data: give either class labels or regression targets"},
      {"data_label_count", "data: one label per point is needed ({expected} points, {got} labels)"},
      {"data_classes_out_of_range", "data: classification needs {min} to {max} classes, got {value}"},
      {"data_label_out_of_range", "data: label {label} is outside 0..{last}"},
      {"data_target_dim_out_of_range", "data: targets need 1 to {max} values per point, got {value}"},
      {"data_target_count", "data: expected {expected} target values, got {got}"},
      {"data_target_not_finite", "data: a target is not finite"},
      // Linear regions.
      {"regions_inputs_mismatch",
       "linear regions of a {dims}-D box need a network with {dims} input(s); this one has {inputs}"},
      {"not_piecewise_linear",
       "the network has no linear regions: hidden layer {layer} uses {activation}, which is curved "
       "(not piecewise linear), so the network's map bends everywhere instead of being affine on cells; "
       "regions exist for {partitionable}"},
      {"activation_pieces_missing", "{activation} does not describe its linear pieces"},
      {"activation_kinks_invalid",
       "the kinks of {activation} must be finite and increasing (e.g. min_val <= max_val)"},
      {"activation_params_not_finite", "the parameters of {activation} must be finite"},
      {"too_many_regions", "the partition has more than {max} regions; use a smaller network or box"},
      {"too_many_intervals", "the partition has more than {max} intervals"},
      {"map_overflow", "the network's output overflows double precision"},
      {"preactivation_overflow", "the weights are too large: pre-activations overflow double precision"},
      {"box_not_finite", "the box's {axis} limits must be finite numbers"},
      {"box_empty", "the box needs {axis}min < {axis}max"},
      {"box_too_wide", "the box is too wide for double precision"},
      {"box_area_out_of_range",
       "the box's area is outside what double precision can hold; "
       "use a box between about 1e-150 and 1e150 wide"},
      {"regions_need_1_or_2_inputs", "regions need a network with 1 or 2 inputs, this one has {inputs}"},
      {"point_dims", "the point needs {dims} coordinate(s)"},
      {"point_not_finite", "the point's coordinates must be finite numbers"},
      {"segment_dims", "the points a and b need {dims} coordinate(s) each"},
      {"segment_not_finite", "the points' coordinates must be finite numbers"},
      {"exact_arithmetic_too_large",
       "exact arithmetic would need numbers of more than a million bits: the weights span too many orders of "
       "magnitude over too many layers"},
  };
  return codes;
}

std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  // 15 significant digits: every decimal a reader types (0.1, 1e-3, 4096) comes back as
  // typed, and no strtod is needed to find a shorter form (it costs the module 11 KB).
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

namespace {

std::string fill_template(const char* tmpl, const std::vector<StatusDetail>& details) {
  std::string out;
  for (const char* p = tmpl; *p;) {
    const char* close = *p == '{' ? std::strchr(p, '}') : nullptr;
    if (close) {
      const std::string name(p + 1, close);
      const StatusDetail* d = nullptr;
      for (const auto& e : details)
        if (name == e.name) d = &e;
      if (d) {
        out += d->is_text ? d->text : number_text(d->number);
        p = close + 1;
        continue;
      }
    }
    out.push_back(*p++);
  }
  return out;
}

}  // namespace

Status Status::error(const char* code, std::initializer_list<StatusDetail> details) {
  for (const auto& c : error_codes()) {
    if (std::strcmp(code, c.code) != 0) continue;
    Status st;
    st.ok = false;
    st.code = c.code;
    st.details.assign(details.begin(), details.end());
    st.message = fill_template(c.english, st.details);
    return st;
  }
  return Status::error("internal", {{"what", "unknown status code " + std::string(code)}});
}

const StatusDetail* Status::detail(const std::string& name) const {
  for (const auto& d : details)
    if (d.name == name) return &d;
  return nullptr;
}

}  // namespace alab
