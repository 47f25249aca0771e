// pyproxy: the C entry points behind the JS PyProxy (pyproxy.js). Each takes
// the Python object (kept alive by the proxy) and hiwire handles, and
// returns a new handle or 0 / -1 with a Python exception set; the JS side
// then throws the PythonError from pyxis_take_error().
#include "pyproxy.h"

#include <emscripten.h>

#include "error.h"
#include "hooks.h"
#include "js2python.h"
#include "python2js.h"
#include "slot.h"

// clang-format off: EM_JS bodies are JavaScript.
EM_JS_REF(JsRef, pyproxy_js_new, (PyObject *obj, int borrowed), {
  return Module.hiwire.new_value(Module.bridge.newPyProxy(obj, !!borrowed));
});
// Runs user code (a thenable result's `then`): wrapped like any JS call.
EM_JS_NUM(int, pyproxy_js_borrow_end, (int mark, JsRef result), {
  Module.bridge.borrowEnd(mark, result ? Module.hiwire.get_value(result) : undefined);
  return 0;
});
EM_JS_REF(JsRef, pyproxy_js_new_array, (), { return Module.hiwire.new_value([]); });
EM_JS_NUM(int, pyproxy_js_push, (JsRef arr, JsRef value), {
  Module.hiwire.get_value(arr).push(Module.hiwire.get_value(value));
  return 0;
});
// clang-format on

int pyproxy_borrowed_count = 0;

JsRef pyproxy_new(PyObject *obj, int borrowed) {
  JsRef ref = pyproxy_js_new(obj, borrowed);
  if (ref) {
    Py_INCREF(obj); // released by the proxy's destroy() or finalizer
    pyproxy_borrowed_count += borrowed != 0;
  }
  return ref;
}

int pyproxy_borrow_end(int mark, JsRef result) {
  int rc = pyproxy_js_borrow_end(mark, result);
  pyproxy_borrowed_count = mark; // the JS side has dropped them, even on error
  return rc;
}

static JsRef to_js_and_decref(PyObject *result) {
  if (result == NULL) {
    return 0;
  }
  JsRef ref = python2js(result);
  Py_DECREF(result);
  return ref;
}

static PyObject *from_js(JsRef ref) { return js2python(ref); }

// References to Python objects that JS holds (PyProxies, PythonErrors).
EMSCRIPTEN_KEEPALIVE void pyproxy_incref(PyObject *obj) { Py_INCREF(obj); }
EMSCRIPTEN_KEEPALIVE void pyproxy_decref(PyObject *obj) { Py_DECREF(obj); }

// Item and attribute access, through slots as calls are (the JS side owns the
// slots' handles; every entry takes (object, slots, out, ...), the form
// pyproxy.js's slotCall calls): the key's slot, then a value's; reads write
// their result to out. Return 0 (the tests 0 or 1), or -1 with an exception
// set.

// get(obj, key) into *out: a missing attribute or key (the exception
// `missing`) is undefined in JS.
static int lookup(PyObject *obj, JsSlot *key, JsSlot *out, PyObject *(*get)(PyObject *, PyObject *),
                  PyObject *missing) {
  PyObject *k = slot_to_python_keep(key);
  PyObject *value = k ? get(obj, k) : NULL;
  Py_XDECREF(k);
  if (value == NULL) {
    if (k == NULL || !PyErr_ExceptionMatches(missing)) {
      return -1;
    }
    PyErr_Clear();
    out->kind = SLOT_NONE;
    return 0;
  }
  int rc = python_to_slot(value, out, 0);
  Py_DECREF(value);
  return rc;
}

// slots: the key, then the value (unless del): set(obj, key, value or NULL).
static int store(PyObject *obj, JsSlot *slots, int del,
                 int (*set)(PyObject *, PyObject *, PyObject *)) {
  PyObject *k = slot_to_python_keep(&slots[0]);
  PyObject *v = k && !del ? slot_to_python_keep(&slots[1]) : NULL;
  int rc = k && (v || del) ? set(obj, k, v) : -1;
  Py_XDECREF(k);
  Py_XDECREF(v);
  return rc;
}

// has(obj, key): 1, 0, or -1 with an exception set.
static int test(PyObject *obj, JsSlot *key, int (*has)(PyObject *, PyObject *)) {
  PyObject *k = slot_to_python_keep(key);
  int rc = k ? has(obj, k) : -1;
  Py_XDECREF(k);
  return rc;
}

static int set_or_del_item(PyObject *obj, PyObject *key, PyObject *value) {
  return value ? PyObject_SetItem(obj, key, value) : PyObject_DelItem(obj, key);
}

// The entries (out is unused where nothing is read: every entry has the
// same form).
EMSCRIPTEN_KEEPALIVE int pyproxy_getattr(PyObject *obj, JsSlot *key, JsSlot *out) {
  return lookup(obj, key, out, PyObject_GetAttr, PyExc_AttributeError);
}
EMSCRIPTEN_KEEPALIVE int pyproxy_setattr(PyObject *obj, JsSlot *slots, JsSlot *out, int del) {
  return store(obj, slots, del, PyObject_SetAttr);
}
EMSCRIPTEN_KEEPALIVE int pyproxy_hasattr(PyObject *obj, JsSlot *key) {
  return test(obj, key, PyObject_HasAttrWithError);
}
// get(key) of a missing key is undefined, as in Pyodide.
EMSCRIPTEN_KEEPALIVE int pyproxy_getitem(PyObject *obj, JsSlot *key, JsSlot *out) {
  return lookup(obj, key, out, PyObject_GetItem, PyExc_KeyError);
}
EMSCRIPTEN_KEEPALIVE int pyproxy_setitem(PyObject *obj, JsSlot *slots, JsSlot *out, int del) {
  return store(obj, slots, del, set_or_del_item);
}
EMSCRIPTEN_KEEPALIVE int pyproxy_contains(PyObject *obj, JsSlot *key) {
  return test(obj, key, PySequence_Contains);
}

EMSCRIPTEN_KEEPALIVE int pyproxy_length(PyObject *obj) {
  Py_ssize_t n = PyObject_Length(obj);
  return n < 0 ? -1 : (int)n;
}

// Every JS -> Python call: nargs positional argument slots, then one slot
// per name of kwnames (a tuple of str from pyproxy_kwnames, or NULL); the
// result goes to the out slot (a new PyProxy, not borrowed, when it is not a
// basic value). Returns 0 or -1.
EMSCRIPTEN_KEEPALIVE int pyproxy_call_slots(PyObject *callable, JsSlot *args, JsSlot *out,
                                            int nargs, PyObject *kwnames) {
  int total = nargs + (kwnames ? (int)PyTuple_GET_SIZE(kwnames) : 0);
  PyObject *stack[8];
  PyObject **pyargs = total <= 8 ? stack : PyMem_Malloc(sizeof(PyObject *) * total);
  if (pyargs == NULL) {
    PyErr_NoMemory();
    return -1;
  }
  int converted = 0, rc = -1;
  for (; converted < total; converted++) {
    // Argument handles belong to the JS caller: convert without releasing.
    pyargs[converted] = slot_to_python_keep(&args[converted]);
    if (pyargs[converted] == NULL) {
      goto done;
    }
  }
  PyObject *result = PyObject_Vectorcall(callable, pyargs, nargs, kwnames);
  if (result != NULL) {
    rc = python_to_slot(result, out, 0);
    Py_DECREF(result);
  }
done:
  for (int i = 0; i < converted; i++) {
    Py_DECREF(pyargs[i]);
  }
  if (pyargs != stack) {
    PyMem_Free(pyargs);
  }
  return rc;
}

// Keyword names for pyproxy_call_slots: a new tuple of interned str from a
// JS array of strings (the JS side keeps it for calls with the same names).
EMSCRIPTEN_KEEPALIVE PyObject *pyproxy_kwnames(JsRef names) {
  PyObject *list = from_js(names);
  PyObject *tuple = list ? PySequence_Tuple(list) : NULL;
  Py_XDECREF(list);
  if (tuple == NULL) {
    return NULL;
  }
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); i++) {
    PyObject *name = PyTuple_GET_ITEM(tuple, i);
    if (!PyUnicode_CheckExact(name)) {
      Py_DECREF(tuple);
      return PyErr_Format(PyExc_TypeError, "keyword names must be strings");
    }
    PyObject *original = name;
    Py_INCREF(name);
    PyUnicode_InternInPlace(&name);   // may give the interned equal string
    PyTuple_SET_ITEM(tuple, i, name); // the new tuple is ours alone to change
    Py_DECREF(original);
  }
  return tuple;
}

EMSCRIPTEN_KEEPALIVE JsRef pyproxy_str(PyObject *obj) {
  return to_js_and_decref(PyObject_Str(obj));
}

EMSCRIPTEN_KEEPALIVE JsRef pyproxy_repr(PyObject *obj) {
  return to_js_and_decref(PyObject_Repr(obj));
}

EMSCRIPTEN_KEEPALIVE const char *pyproxy_type_name(PyObject *obj) {
  return _PyType_Name(Py_TYPE(obj));
}

// Capabilities (PYPROXY_*, abi.h), for the JS side's traps.
EMSCRIPTEN_KEEPALIVE int pyproxy_flags(PyObject *obj) {
  PyTypeObject *t = Py_TYPE(obj);
  int f = 0;
  if (PyCallable_Check(obj))
    f |= PYPROXY_CALLABLE;
  if ((t->tp_as_sequence && t->tp_as_sequence->sq_length) ||
      (t->tp_as_mapping && t->tp_as_mapping->mp_length))
    f |= PYPROXY_LENGTH;
  if ((t->tp_as_mapping && t->tp_as_mapping->mp_subscript) ||
      (t->tp_as_sequence && t->tp_as_sequence->sq_item))
    f |= PYPROXY_GETITEM;
  if (t->tp_iter || (t->tp_as_sequence && t->tp_as_sequence->sq_item))
    f |= PYPROXY_ITERABLE;
  if (t->tp_iternext && PyIter_Check(obj))
    f |= PYPROXY_ITERATOR;
  if (t->tp_as_async && t->tp_as_async->am_await)
    f |= PYPROXY_AWAITABLE;
  if (t->tp_as_buffer && t->tp_as_buffer->bf_getbuffer)
    f |= PYPROXY_BUFFER;
  return f;
}

EMSCRIPTEN_KEEPALIVE PyObject *pyproxy_iter(PyObject *obj) { return PyObject_GetIter(obj); }

// 1: *out is the next value; 0: exhausted; -1: error. (unused: no values;
// the slotCall form.)
EMSCRIPTEN_KEEPALIVE int pyproxy_iter_next(PyObject *it, JsSlot *unused, JsSlot *out) {
  PyObject *item = PyIter_Next(it);
  if (item == NULL) {
    return PyErr_Occurred() ? -1 : 0;
  }
  int rc = python_to_slot(item, out, 0);
  Py_DECREF(item);
  return rc < 0 ? -1 : 1;
}

EMSCRIPTEN_KEEPALIVE JsRef pyproxy_dir(PyObject *obj) {
  PyObject *names = PyObject_Dir(obj);
  if (names == NULL) {
    return 0;
  }
  JsRef arr = pyproxy_js_new_array();
  for (Py_ssize_t i = 0; arr && i < PyList_GET_SIZE(names); i++) {
    JsRef name = python2js(PyList_GET_ITEM(names, i));
    if (name == 0 || pyproxy_js_push(arr, name) < 0) {
      if (name) {
        hiwire_decref(name);
      }
      hiwire_decref(arr);
      arr = 0;
      break;
    }
    hiwire_decref(name);
  }
  Py_DECREF(names);
  return arr;
}

// Calls a function of the _pyxis package with (obj, options) and converts the
// result: toJs, then-ables and the like are written in Python.
// which: a HOOK_* of abi.h (JS: Module.abi.HOOK).
EMSCRIPTEN_KEEPALIVE JsRef pyproxy_call_helper(int which, PyObject *obj, JsRef options) {
  PyObject *helper = hook(which);
  PyObject *opts = helper && options ? from_js(options) : Py_XNewRef(helper ? Py_None : NULL);
  if (opts == NULL) {
    return 0;
  }
  PyObject *result = PyObject_CallFunctionObjArgs(helper, obj, opts, NULL);
  Py_DECREF(opts);
  return to_js_and_decref(result);
}

// getBuffer(): fills info[0..PYXIS_BUFINFO_COUNT) (the BUFINFO_* fields of
// abi.h) and returns the Py_buffer to release. The span is the bytes from
// the lowest-addressed to the highest-addressed element (a reversed or
// strided view starts below `buf`); offset is where element [0, ..., 0] sits
// in it.
EMSCRIPTEN_KEEPALIVE Py_buffer *pyproxy_get_buffer(PyObject *obj, int *info) {
  Py_buffer *view = PyMem_Calloc(1, sizeof(Py_buffer));
  if (view == NULL) {
    PyErr_NoMemory();
    return NULL;
  }
  if (PyObject_GetBuffer(obj, view, PyBUF_RECORDS_RO) < 0) {
    PyMem_Free(view);
    return NULL;
  }
  Py_ssize_t low = 0, high = 0, empty = 0;
  for (int i = 0; i < view->ndim; i++) {
    Py_ssize_t extent = (view->shape[i] - 1) * view->strides[i];
    empty |= view->shape[i] == 0;
    if (extent < 0) {
      low += extent;
    } else {
      high += extent;
    }
  }
  Py_ssize_t span = empty ? 0 : high - low + view->itemsize;
  info[BUFINFO_START] = (int)((intptr_t)view->buf + low);
  info[BUFINFO_SPAN] = (int)span;
  info[BUFINFO_OFFSET] = (int)-low;
  info[BUFINFO_READONLY] = view->readonly;
  info[BUFINFO_ITEMSIZE] = (int)view->itemsize;
  info[BUFINFO_NDIM] = view->ndim;
  info[BUFINFO_SHAPE] = (int)(intptr_t)view->shape;
  info[BUFINFO_STRIDES] = (int)(intptr_t)view->strides;
  info[BUFINFO_FORMAT] = (int)(intptr_t)(view->format ? view->format : "B");
  info[BUFINFO_C_CONTIG] = PyBuffer_IsContiguous(view, 'C');
  info[BUFINFO_F_CONTIG] = PyBuffer_IsContiguous(view, 'F');
  return view;
}

EMSCRIPTEN_KEEPALIVE void pyproxy_release_buffer(Py_buffer *view) {
  PyBuffer_Release(view);
  PyMem_Free(view);
}
