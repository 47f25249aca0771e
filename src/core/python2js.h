// python2js: converting Python values to JS values at the boundary.
#ifndef PYXIS_PYTHON2JS_H
#define PYXIS_PYTHON2JS_H

#include "hiwire.h"
#include <Python.h>

// Implicit conversion: None, bool, int, float and str become JS values.
// Returns a new handle, or 0 with a Python exception set.
JsRef python2js(PyObject *obj);

#endif
