// js2python: converting JS values to Python values at the boundary.
#ifndef PYXIS_JS2PYTHON_H
#define PYXIS_JS2PYTHON_H

#include "hiwire.h"
#include <Python.h>

// Implicit conversion: undefined/null -> None, boolean -> bool, integral
// number -> int, other number -> float, BigInt -> int, string -> str, a
// PyProxy -> the Python object it wraps; anything else -> a JsProxy.
// Borrows ref. Returns a new reference, or NULL with an exception set.
PyObject *js2python(JsRef ref);

// The same, releasing ref (a handle the caller owns); ref 0 passes an error
// through (returns NULL with the exception already set).
PyObject *js2python_steal(JsRef ref);

#endif
