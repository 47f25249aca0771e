// test_cxx._catcher: catches exceptions that _thrower's code throws (through
// a function pointer from a capsule): the throw in one side module, the
// catch in another.
#include <pybind11/pybind11.h>

#include "boom.h"

namespace py = pybind11;
using namespace test_cxx;

static thrower_fn thrower() {
  py::object capsule = py::module_::import("test_cxx._thrower").attr("make_thrower")();
  auto fn = reinterpret_cast<thrower_fn>(PyCapsule_GetPointer(capsule.ptr(), THROWER_CAPSULE));
  if (!fn)
    throw py::error_already_set();
  return fn;
}

// Which handler of this module caught what _thrower threw.
static py::tuple call_and_catch(const char *kind) {
  thrower_fn fn = thrower();
  try {
    fn(kind);
  } catch (const InlineBoom &e) {
    return py::make_tuple("InlineBoom", e.what(), e.code);
  } catch (const KeyBoom &e) {
    return py::make_tuple("KeyBoom", e.what(), 0);
  } catch (const std::out_of_range &e) {
    return py::make_tuple("std::out_of_range", e.what(), 0);
  } catch (const std::exception &e) {
    return py::make_tuple("std::exception", e.what(), 0);
  } catch (const std::string &e) {
    return py::make_tuple("std::string", e, 0);
  } catch (int e) {
    return py::make_tuple("int", "", e);
  } catch (...) {
    return py::make_tuple("...", "", 0);
  }
  return py::make_tuple("none", "", 0);
}

// Lets what _thrower threw pass through this module's frames (a destructor
// runs on the way) to pybind11's translation at this module's boundary.
static void rethrow_from_other_module(const char *kind) {
  thrower_fn fn = thrower();
  std::string on_the_stack(kind);
  fn(on_the_stack.c_str());
}

// test-cxxlib catches what _thrower's code throws: which handler, and what().
static std::string catch_in_library(const char *kind) {
  return test_cxxlib::catch_from(thrower(), kind);
}

PYBIND11_MODULE(_catcher, m) {
  m.doc() = "C++ exceptions caught here, thrown in _thrower (test-cxx)";
  m.def("call_and_catch", &call_and_catch);
  m.def("rethrow_from_other_module", &rethrow_from_other_module);
  m.def("catch_in_library", &catch_in_library);
}
