// Status: the one way the core reports a bad input. Every public entry point that can
// fail on user input returns a Status (or fills one) instead of throwing or aborting,
// so nothing ever escapes across the embind boundary. Not an exception type.
//
// A failed status carries a stable code ("lr_invalid", "diverged"), named details (step,
// value, field, ...) and an English message built from the code's template in
// error_codes() (status.cpp). The page translates by code and details; the command-line
// tool prints the message.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace alab {

// One named value of a failed status: a number (step = 120) or a text (activation = "tanh").
struct StatusDetail {
  const char* name;  // a string literal: the template's placeholder
  double number = 0;
  std::string text;
  bool is_text = false;

  StatusDetail(const char* n, std::string t) : name(n), text(std::move(t)), is_text(true) {}
  StatusDetail(const char* n, const char* t) : name(n), text(t), is_text(true) {}
  template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  StatusDetail(const char* n, T v) : name(n), number(static_cast<double>(v)) {}
};

struct Status {
  bool ok = true;
  std::string_view code;              // stable snake_case id (static storage); empty when ok
  std::vector<StatusDetail> details;  // the template's placeholders, in any order
  std::string message;                // English, from the code's template; empty when ok

  static Status success() { return {}; }
  // A failure with a code of error_codes() (an unknown code is a programming error and
  // gives code "internal"); the message fills the template's {name}s from the details.
  static Status error(const char* code, std::initializer_list<StatusDetail> details = {});
  explicit operator bool() const { return ok; }

  // The detail called `name`, or null.
  const StatusDetail* detail(const std::string& name) const;
};

// A code and its English template, e.g. {"lr_invalid", "learning rate must be a finite
// number > 0, got {value}"}. Numbers in messages print as number_text() gives them.
struct ErrorCode {
  const char* code;
  const char* english;
};

// Every code the core and its bindings can return, grouped by concept.
const std::vector<ErrorCode>& error_codes();

// v with 15 significant digits, as messages show numbers: a decimal as typed ("0.1",
// "4096", "1e+30"), "NaN", "Inf", "-Inf".
std::string number_text(double v);

}  // namespace alab
