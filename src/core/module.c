// module: _pyxis_core, the built-in module through which the Python side
// (the js, pyodide and _pyxis packages) reaches the C core: the JsProxy type,
// JsException, globalThis, create_proxy, and the debug counters.
#include <Python.h>
#include <emscripten.h>

#include "abi.h"
#include "error.h"
#include "js2python.h"
#include "jsproxy.h"
#include "pyproxy.h"
#include "python2js.h"
#include "slot.h"

// clang-format off: EM_JS bodies are JavaScript.
EM_JS(JsRef, module_js_global, (), { return Module.hiwire.new_value(globalThis); });
EM_JS(JsRef, module_js_generator_step, (), { return Module.hiwire.new_value(Module.bridge.generatorStep); });
EM_JS(void, module_js_set_error, (JsRef err), { Module.bridge.setErrorFromJs(Module.hiwire.get_value(err)); });
EM_JS(int, module_js_live_pyproxies, (), { return Module.bridge.livePyProxies(); });
// The PyProxy `proxy` that passes JS's `this` as the first argument
// (create_proxy(capture_this=True)).
EM_JS_REF(JsRef, module_js_capture_this, (JsRef proxy), {
  return Module.hiwire.new_value(Module.hiwire.get_value(proxy).captureThis());
});
// create_proxy(roundtrip=True): the PyProxy comes back to Python as itself
// (a JsDoubleProxy), not as the object it proxies.
EM_JS_NUM(int, module_js_mark_roundtrip, (JsRef proxy), {
  Module.bridge.markRoundtrip(Module.hiwire.get_value(proxy));
  return 0;
});
// The Python object of a PyProxy (0 if it is not a live one): JsDoubleProxy.unwrap.
EM_JS_NUM(int, module_js_pyproxy_pointer, (JsRef proxy), {
  return Module.bridge.pyproxyPointer(Module.hiwire.get_value(proxy));
});
EM_JS_REF(JsRef, module_js_once_callable, (JsRef proxy), {
  return Module.hiwire.new_value(Module.bridge.onceCallable(Module.hiwire.get_value(proxy)));
});
// clang-format on

// create_proxy(obj, capture_this=False, roundtrip=False): a JsProxy of a new
// PyProxy of obj.
static PyObject *create_proxy(PyObject *self, PyObject *args) {
  PyObject *obj;
  int capture_this = 0, roundtrip = 0;
  if (!PyArg_ParseTuple(args, "O|pp:create_proxy", &obj, &capture_this, &roundtrip)) {
    return NULL;
  }
  if (JsProxy_Check(obj)) {
    return Py_NewRef(obj);
  }
  if (capture_this && !PyCallable_Check(obj)) {
    return PyErr_Format(PyExc_TypeError, "create_proxy(capture_this=True): '%s' is not callable",
                        Py_TYPE(obj)->tp_name);
  }
  JsRef ref = pyproxy_new(obj, 0);
  if (ref == 0) {
    return NULL;
  }
  if (capture_this) {
    JsRef captured = module_js_capture_this(ref);
    hiwire_decref(ref);
    if (captured == 0) {
      return NULL;
    }
    ref = captured;
  }
  if (roundtrip && module_js_mark_roundtrip(ref) < 0) {
    hiwire_decref(ref);
    return NULL;
  }
  PyObject *result = JsProxy_new(ref);
  hiwire_decref(ref);
  return result;
}

// JsDoubleProxy.unwrap(): the Python object a PyProxy (seen from Python) proxies.
static PyObject *unwrap_double_proxy(PyObject *self, PyObject *obj) {
  if (!JsProxy_Check(obj)) {
    return PyErr_Format(PyExc_TypeError, "unwrap: expected a JsDoubleProxy, got '%s'",
                        Py_TYPE(obj)->tp_name);
  }
  int ptr = module_js_pyproxy_pointer(JsProxy_REF(obj));
  if (ptr == -1 && PyErr_Occurred()) {
    return NULL;
  }
  if (ptr == 0) {
    PyErr_SetString(PyExc_TypeError, "unwrap: not a live PyProxy");
    return NULL;
  }
  return Py_NewRef((PyObject *)(intptr_t)ptr);
}

static PyObject *create_once_callable(PyObject *self, PyObject *obj) {
  if (!PyCallable_Check(obj)) {
    return PyErr_Format(PyExc_TypeError, "create_once_callable: '%s' object is not callable",
                        Py_TYPE(obj)->tp_name);
  }
  JsRef proxy = pyproxy_new(obj, 0);
  if (proxy == 0) {
    return NULL;
  }
  JsRef once = module_js_once_callable(proxy);
  hiwire_decref(proxy);
  return js2python_steal(once);
}

// A Python exception as the JS error it becomes (a PythonError, or the
// original JS error for a JsException), for rejecting promises.
static PyObject *to_js_error(PyObject *self, PyObject *exc) {
  if (!PyExceptionInstance_Check(exc)) {
    return PyErr_Format(PyExc_TypeError, "to_js_error: expected an exception, got '%s'",
                        Py_TYPE(exc)->tp_name);
  }
  PyErr_SetRaisedException(Py_NewRef(exc));
  return js2python_steal(pyxis_take_error());
}

// The reverse: a JS error value as a Python exception object.
static PyObject *exception_from_js(PyObject *self, PyObject *value) {
  JsRef ref = python2js(value);
  if (ref == 0) {
    return NULL;
  }
  module_js_set_error(ref);
  hiwire_decref(ref);
  return PyErr_GetRaisedException();
}

static PyObject *js_global(PyObject *self, PyObject *unused) {
  return js2python_steal(module_js_global());
}

static PyObject *generator_step(PyObject *self, PyObject *unused) {
  return js2python_steal(module_js_generator_step());
}

extern int jsproxy_name_cache_count;

// Handles held by the attribute-name cache are not counted as live.
static PyObject *live_counts(PyObject *self, PyObject *unused) {
  return Py_BuildValue("{s:i,s:n,s:i}", "handles", hiwire_live_count() - jsproxy_name_cache_count,
                       "jsproxies", jsproxy_live, "pyproxies", module_js_live_pyproxies());
}

static PyMethodDef methods[] = {
    {"create_proxy", create_proxy, METH_VARARGS,
     "A JsProxy of a PyProxy that lives until destroyed (capture_this: JS's this is the first "
     "argument)."},
    {"unwrap_double_proxy", unwrap_double_proxy, METH_O,
     "The Python object of a JsDoubleProxy (a JsProxy of a PyProxy)."},
    {"create_once_callable", create_once_callable, METH_O,
     "A JS function that calls obj once, then releases it."},
    {"to_js_error", to_js_error, METH_O, "The JS error a Python exception becomes."},
    {"exception_from_js", exception_from_js, METH_O, "The Python exception a JS error becomes."},
    {"js_global", js_global, METH_NOARGS, "globalThis, as a JsProxy."},
    {"generator_step", generator_step, METH_NOARGS,
     "The JS function (gen, method, value, is_async) that steps a JS iterator or generator "
     "from Python; a generator keeps what is sent in alive until it finishes."},
    {"live_counts", live_counts, METH_NOARGS, "Debug counters: live handles and proxies."},
    {NULL},
};

static struct PyModuleDef module_def = {PyModuleDef_HEAD_INIT, "_pyxis_core", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pyxis_core(void) {
  PyObject *m = PyModule_Create(&module_def);
  if (m == NULL) {
    return NULL;
  }
  if (jsproxy_init(m) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  // abi.h's tables: FLAG_* (pyodide.ffi's capability types), PYFLAG_*, SLOT_*.
  if (abi_add_constants(m) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
