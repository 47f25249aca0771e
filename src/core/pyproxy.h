// pyproxy: Python objects seen from JS (the JS PyProxy, pyproxy.js).
#ifndef PYXIS_PYPROXY_H
#define PYXIS_PYPROXY_H

#include "hiwire.h"
#include <Python.h>

// A new JS PyProxy for obj (which it keeps alive until destroyed or
// collected). borrowed: destroyed at the end of the current JS call.
JsRef pyproxy_new(PyObject *obj, int borrowed);

// Borrowed proxies, made for the arguments of a call into JS, are counted
// here and listed in JS. A caller notes the count before the call; if it grew,
// pyproxy_borrow_end(mark, result) destroys those made since the mark, when
// the call returns or, if it returned a promise (result), when that settles.
extern int pyproxy_borrowed_count;
int pyproxy_borrow_end(int mark, JsRef result);

#endif
