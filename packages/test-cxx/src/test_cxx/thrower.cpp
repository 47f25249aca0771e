// test_cxx._thrower: throws C++ exceptions of every kind the tests need and
// lets pybind11 translate the ones that reach Python.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>

#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "boom.h"

namespace py = pybind11;
using namespace test_cxx;

// A C++ exception type of this module's own, registered with pybind11 as the
// Python exception test_cxx.Boom.
struct Boom : std::exception {
  std::string message;
  explicit Boom(std::string m) : message(std::move(m)) {}
  const char *what() const noexcept override { return message.c_str(); }
};

static void throw_kind(const char *kind) {
  std::string k(kind);
  if (k == "runtime_error")
    throw std::runtime_error("a runtime_error");
  if (k == "invalid_argument")
    throw std::invalid_argument("an invalid_argument");
  if (k == "out_of_range")
    throw std::out_of_range("an out_of_range");
  if (k == "length_error")
    throw std::length_error("a length_error");
  if (k == "overflow_error")
    throw std::overflow_error("an overflow_error");
  if (k == "bad_alloc")
    throw std::bad_alloc();
  if (k == "boom")
    throw Boom("a Boom");
  if (k == "inline")
    throw InlineBoom("an InlineBoom", 42);
  if (k == "key")
    test_cxxlib::throw_key("a KeyBoom"); // thrown in test-cxxlib
  if (k == "int")
    throw 7;
  if (k == "string")
    throw std::string("a std::string");
  if (k == "stop_iteration")
    throw py::stop_iteration("a stop_iteration");
  if (k == "value_error")
    throw py::value_error("a py::value_error");
  throw std::logic_error("unknown kind: " + k);
}

// Thrown and caught here: the value of what() and the handler that ran.
static py::tuple catch_inside(const char *kind) {
  try {
    throw_kind(kind);
  } catch (const InlineBoom &e) {
    return py::make_tuple("InlineBoom", e.what(), e.code);
  } catch (const KeyBoom &e) {
    return py::make_tuple("KeyBoom", e.what(), 0);
  } catch (const std::exception &e) {
    return py::make_tuple("std::exception", e.what(), 0);
  } catch (int e) {
    return py::make_tuple("int", "", e);
  } catch (...) {
    return py::make_tuple("...", "", 0);
  }
  return py::make_tuple("none", "", 0);
}

// Allocates n bytes with operator new[]: a size the heap cannot give throws
// std::bad_alloc, which pybind11 turns into MemoryError.
static size_t allocate(size_t n) {
  std::unique_ptr<unsigned char[]> p(new unsigned char[n]);
  if (n == 0)
    return 0;
  std::memset(p.get(), 1, n);
  return p[n - 1] + n - 1;
}

PYBIND11_MODULE(_thrower, m) {
  m.doc() = "C++ exceptions thrown here (test-cxx)";
  py::register_exception<Boom>(m, "Boom", PyExc_RuntimeError);
  m.def("throw", &throw_kind, "Throws the C++ exception named by kind.");
  m.def("catch_inside", &catch_inside, "Throws and catches in C++; says which handler ran.");
  m.def("allocate", &allocate, "Allocates n bytes with operator new.");
  // Calls a Python callable from C++: a Python exception it raises crosses
  // these C++ frames as pybind11's error_already_set and comes back as itself.
  m.def("call_python", [](const py::function &f, int n) {
    std::vector<int> guard(4, n); // a C++ object to destroy on the way out
    return f(guard[0]).cast<int>() + 1;
  });
  m.def("make_thrower", []() {
    return py::capsule(reinterpret_cast<void *>(static_cast<thrower_fn>(&throw_kind)),
                       THROWER_CAPSULE);
  });
}
