// Status: the one way the core reports a bad input. Every public entry point that can
// fail on user input returns a Status (or fills one) instead of throwing or aborting,
// so nothing ever escapes across the embind boundary. Not an exception type.
#pragma once

#include <string>
#include <utility>

namespace alab {

struct Status {
  bool ok = true;
  std::string message;  // empty when ok

  static Status success() { return {}; }
  static Status error(std::string msg) { return Status{false, std::move(msg)}; }
  explicit operator bool() const { return ok; }
};

}  // namespace alab
