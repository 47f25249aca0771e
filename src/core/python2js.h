// python2js: converting Python values to JS values at the boundary.
#ifndef PYXIS_PYTHON2JS_H
#define PYXIS_PYTHON2JS_H

#include "hiwire.h"
#include <Python.h>

// Implicit conversion: None, bool, int, float and str become JS values; a
// JsProxy gives back its JS value; anything else becomes a PyProxy.
// Returns a new handle, or 0 with a Python exception set.
JsRef python2js(PyObject *obj);

// The same, for the arguments of a JS call: a PyProxy made here is
// "borrowed" and destroyed when the call ends (pyproxy_borrow_end, pyproxy.h).
JsRef python2js_borrowed(PyObject *obj);

#endif
