// Doubles as text the way JavaScript writes them (String(x), JSON.stringify): the shortest
// decimal that reads back as the same double (the closest such when several have that
// length, the even one on a tie), laid out as Number::toString lays it out ("0.001",
// "1e-7", "123456789", "1e+21", "-1.5"; -0 as "0"). For answers built as text in C++ that
// must be byte-identical to what JSON.stringify would have written. Finite numbers only:
// the caller decides how to spell inf and nan.
#pragma once

#include <string>

namespace alab {

// The most characters write_number writes ("-0.000001234567890123456").
inline constexpr int kNumberTextMax = 25;

// Writes the text of finite x at out (at most kNumberTextMax chars, no terminator) and
// returns the end of what it wrote.
char* write_number(char* out, double x);

// Appends the text of finite x to out.
void append_number(std::string& out, double x);

}  // namespace alab
