// test-cxxlib: throws its own exception type, and catches what others throw.
#include "test_cxxlib.h"

namespace test_cxxlib {

KeyBoom::KeyBoom(const std::string &what) : std::runtime_error(what) {}
KeyBoom::~KeyBoom() = default;

void throw_key(const std::string &what) { throw KeyBoom(what); }

std::string catch_from(void (*fn)(const char *), const char *arg) {
  try {
    fn(arg);
  } catch (const KeyBoom &e) {
    return std::string("KeyBoom: ") + e.what();
  } catch (const std::exception &e) {
    return std::string("std::exception: ") + e.what();
  }
  return "";
}

} // namespace test_cxxlib
