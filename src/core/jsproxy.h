// jsproxy: the Python type wrapping a JS value (pyodide.ffi.JsProxy).
#ifndef PYXIS_JSPROXY_H
#define PYXIS_JSPROXY_H

#include "hiwire.h"
#include <Python.h>

typedef struct {
  PyObject_HEAD JsRef ref; // the JS value (one handle count held)
  JsRef this_;             // for a method got from an object: its `this`, else 0
  int flags;               // JSPROXY_* capabilities, computed once
  vectorcallfunc vectorcall;
} JsProxyObject;

// Capabilities, as bits of JsProxyObject.flags (also pyodide.ffi's types).
enum {
  JSPROXY_CALLABLE = 1 << 0,
  JSPROXY_ARRAY = 1 << 1,       // Array (or array-like with length + indices)
  JSPROXY_MAP = 1 << 2,         // has get/has (Map, URLSearchParams, ...)
  JSPROXY_ITERABLE = 1 << 3,    // has [Symbol.iterator]
  JSPROXY_ITERATOR = 1 << 4,    // has next()
  JSPROXY_THENABLE = 1 << 5,    // has then()
  JSPROXY_BUFFER = 1 << 6,      // ArrayBuffer or a view on one
  JSPROXY_ERROR = 1 << 7,       // instanceof Error
  JSPROXY_HAS_LENGTH = 1 << 8,  // numeric length or size
  JSPROXY_SET = 1 << 9,         // a Set
  JSPROXY_GENERATOR = 1 << 10,  // a generator object
  JSPROXY_OBJECT_MAP = 1 << 11, // a plain object (Object prototype or none)
  JSPROXY_DOUBLE = 1 << 12,     // a PyProxy (create_proxy's result)
};

extern PyTypeObject *JsProxy_Type;
#define JsProxy_Check(o) PyObject_TypeCheck((o), JsProxy_Type)
#define JsProxy_REF(o) (((JsProxyObject *)(o))->ref)

// A new JsProxy for the value (borrows ref: the proxy takes its own count).
PyObject *JsProxy_new(JsRef ref);
int jsproxy_init(PyObject *module);
// Debug counter: live JsProxy objects.
extern Py_ssize_t jsproxy_live;

#endif
