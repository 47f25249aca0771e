// jsproxy: the Python type wrapping a JS value (pyodide.ffi.JsProxy).
#ifndef PYXIS_JSPROXY_H
#define PYXIS_JSPROXY_H

#include "abi.h"
#include "hiwire.h"
#include <Python.h>

// Every JsProxy starts with a BaseException's fields, so that the proxy of a
// JS Error can be a Python exception (JsException, a subclass of Exception
// with this layout) and `raise` it; other proxies leave them NULL.
typedef struct {
  PyException_HEAD JsRef ref; // the JS value (one handle count held)
  JsRef this_;                // for a method got from an object: its `this`, else 0
  int flags;                  // JSPROXY_* capabilities (abi.h), computed once
  vectorcallfunc vectorcall;
} JsProxyObject;

// JsProxy (base: object) and JsException (base: Exception): the proxy of a
// JS Error, or of any value JS threw, is a JsException; both have JsProxy's
// operations. Their capability subtypes derive from one or the other.
extern PyTypeObject *JsProxy_Type;
extern PyTypeObject *JsException_Type;
#define JsProxy_Check(o)                                                                           \
  (PyObject_TypeCheck((o), JsProxy_Type) || PyObject_TypeCheck((o), JsException_Type))
#define JsException_Check(o) PyObject_TypeCheck((o), JsException_Type)
#define JsProxy_REF(o) (((JsProxyObject *)(o))->ref)

// A new JsProxy for the value (borrows ref: the proxy takes its own count).
PyObject *JsProxy_new(JsRef ref);
// The same with its capability flags known (from a slot) and, if `steal`,
// taking over the caller's count of ref (released on failure too); this_:
// the object a method was taken from, or 0.
PyObject *JsProxy_new_flags(JsRef ref, JsRef this_, int flags, int steal);
// The JsException for a value JS threw (a JS Error's own proxy, else one of
// the JsException type itself), with args (message,). Borrows ref.
PyObject *JsException_for_thrown(JsRef ref, PyObject *message);
int jsproxy_init(PyObject *module);
// Debug counter: live JsProxy objects.
extern Py_ssize_t jsproxy_live;

#endif
