// The exception types both extension modules know. InlineBoom is defined
// entirely in this header: each module has its own weak copy of its
// type_info, which the dynamic linker must make one. KeyBoom
// (test_cxxlib.h) has a key function: its type_info is test-cxxlib's alone,
// and the extension modules reach it through the runtime's linker.
#pragma once
#include <stdexcept>
#include <string>

#include "test_cxxlib.h"

namespace test_cxx {

struct InlineBoom : std::runtime_error {
  int code;
  InlineBoom(const std::string &what, int code) : std::runtime_error(what), code(code) {}
};

using test_cxxlib::KeyBoom;

// What _thrower hands _catcher (in a capsule): a plain function pointer, so
// the throw happens in _thrower's code and the catch in _catcher's.
using thrower_fn = void (*)(const char *kind);
constexpr const char *THROWER_CAPSULE = "test_cxx._thrower.thrower";

} // namespace test_cxx
