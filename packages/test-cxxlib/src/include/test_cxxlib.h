// test-cxxlib's interface: KeyBoom, an exception type with a key function
// (its destructor, in cxxlib.cpp), so its type_info is this library's alone.
#pragma once
#include <stdexcept>
#include <string>

namespace test_cxxlib {

struct KeyBoom : std::runtime_error {
  explicit KeyBoom(const std::string &what);
  ~KeyBoom() override;
};

// Throws KeyBoom(what).
[[noreturn]] void throw_key(const std::string &what);

// Calls fn(arg) and returns what() of the std::exception it throws ("" if
// it returns): a catch in this library of what another module throws.
std::string catch_from(void (*fn)(const char *), const char *arg);

} // namespace test_cxxlib
