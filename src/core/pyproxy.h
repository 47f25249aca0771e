// pyproxy: Python objects seen from JS (the JS PyProxy, pyproxy.js).
#ifndef PYXIS_PYPROXY_H
#define PYXIS_PYPROXY_H

#include "hiwire.h"
#include <Python.h>

// A new JS PyProxy for obj (which it keeps alive until destroyed or
// collected). borrowed: destroyed at the end of the current JS call.
JsRef pyproxy_new(PyObject *obj, int borrowed);

// Around a call into JS: proxies made for its arguments are destroyed when it
// returns, or when the promise it returns settles.
size_t pyproxy_borrow_begin(void);
void pyproxy_borrow_end(size_t mark, JsRef result);

#endif
