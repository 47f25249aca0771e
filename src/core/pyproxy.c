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
// `missing`) is undefined in JS, or, with report_missing, returns 2 (*out
// unset).
static int lookup(PyObject *obj, JsSlot *key, JsSlot *out, PyObject *(*get)(PyObject *, PyObject *),
                  PyObject *missing, int report_missing) {
  PyObject *k = slot_to_python_keep(key);
  PyObject *value = k ? get(obj, k) : NULL;
  Py_XDECREF(k);
  if (value == NULL) {
    if (k == NULL || !PyErr_ExceptionMatches(missing)) {
      return -1;
    }
    PyErr_Clear();
    out->kind = SLOT_NONE;
    return report_missing ? 2 : 0;
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
EMSCRIPTEN_KEEPALIVE int pyproxy_getattr(PyObject *obj, JsSlot *key, JsSlot *out,
                                         int report_missing) {
  return lookup(obj, key, out, PyObject_GetAttr, PyExc_AttributeError, report_missing);
}
EMSCRIPTEN_KEEPALIVE int pyproxy_setattr(PyObject *obj, JsSlot *slots, JsSlot *out, int del) {
  return store(obj, slots, del, PyObject_SetAttr);
}
EMSCRIPTEN_KEEPALIVE int pyproxy_hasattr(PyObject *obj, JsSlot *key) {
  return test(obj, key, PyObject_HasAttrWithError);
}
// get(key) of a missing key is undefined, as in Pyodide.
EMSCRIPTEN_KEEPALIVE int pyproxy_getitem(PyObject *obj, JsSlot *key, JsSlot *out,
                                         int report_missing) {
  return lookup(obj, key, out, PyObject_GetItem, PyExc_KeyError, report_missing);
}
// A sequence's obj[i] (a proxy's p[i]): an index out of range is undefined.
EMSCRIPTEN_KEEPALIVE int pyproxy_getindex(PyObject *obj, JsSlot *key, JsSlot *out) {
  return lookup(obj, key, out, PyObject_GetItem, PyExc_IndexError, 0);
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

// An `async def` function, or a method of one.
static int is_coroutine_function(PyObject *callable) {
  if (PyMethod_Check(callable)) {
    callable = PyMethod_GET_FUNCTION(callable);
  }
  return PyFunction_Check(callable) &&
         (((PyCodeObject *)PyFunction_GET_CODE(callable))->co_flags & CO_COROUTINE);
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
  if (result != NULL && PyCoro_CheckExact(result) && is_coroutine_function(callable)) {
    // As Pyodide: an `async def` called from JS starts running (a Task).
    PyObject *start = hook(HOOK_START_COROUTINE);
    Py_SETREF(result, start ? PyObject_CallOneArg(start, result) : NULL);
  }
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

// The key under which an attribute proxy read from `root` is kept (pyproxy.js,
// borrowFrom): the object, or for a method bound to root (root.f, a new
// method object each time) its function, marked (+1: objects are aligned),
// so that reading root.f again gives the same proxy. Never fails.
EMSCRIPTEN_KEEPALIVE uintptr_t pyproxy_attribute_key(PyObject *root, PyObject *obj) {
  if (PyMethod_Check(obj) && PyMethod_GET_SELF(obj) == root) {
    return (uintptr_t)PyMethod_GET_FUNCTION(obj) + 1;
  }
  return (uintptr_t)obj;
}

EMSCRIPTEN_KEEPALIVE const char *pyproxy_type_name(PyObject *obj) {
  return _PyType_Name(Py_TYPE(obj));
}

// isinstance(obj, collections.abc.<name>), for the capabilities only the ABCs
// know (a registered virtual subclass, a Python class deriving from one). Never
// fails: a pending exception is kept, a failure is "no".
static int abc_isinstance(PyObject *obj, const char *name) {
  static PyObject *abc = NULL;
  PyObject *pending = PyErr_GetRaisedException();
  if (abc == NULL) {
    abc = PyImport_ImportModule("collections.abc");
  }
  PyObject *cls = abc ? PyObject_GetAttrString(abc, name) : NULL;
  int rc = cls ? PyObject_IsInstance(obj, cls) : -1;
  Py_XDECREF(cls);
  PyErr_Clear();
  PyErr_SetRaisedException(pending);
  return rc == 1;
}

// Capabilities (PYPROXY_*, abi.h): which methods the JS proxy has (its
// prototype, pyproxy.js) and which pyodide.ffi types it is an instance of.
EMSCRIPTEN_KEEPALIVE int pyproxy_flags(PyObject *obj) {
  PyTypeObject *t = Py_TYPE(obj);
  PySequenceMethods *sq = t->tp_as_sequence;
  PyMappingMethods *mp = t->tp_as_mapping;
  PyAsyncMethods *am = t->tp_as_async;
  int f = 0;
  if (PyCallable_Check(obj))
    f |= PYPROXY_CALLABLE;
  if ((sq && sq->sq_length) || (mp && mp->mp_length))
    f |= PYPROXY_LENGTH;
  if ((mp && mp->mp_subscript) || (sq && sq->sq_item))
    f |= PYPROXY_GETITEM;
  if ((mp && mp->mp_ass_subscript) || (sq && sq->sq_ass_item))
    f |= PYPROXY_SETITEM;
  if (sq && sq->sq_contains)
    f |= PYPROXY_CONTAINS;
  if (t->tp_iter || (sq && sq->sq_item))
    f |= PYPROXY_ITERABLE;
  if (t->tp_iternext && PyIter_Check(obj))
    f |= PYPROXY_ITERATOR;
  if (am && am->am_await)
    f |= PYPROXY_AWAITABLE;
  if (am && am->am_aiter)
    f |= PYPROXY_ASYNC_ITERABLE;
  if (am && am->am_anext)
    f |= PYPROXY_ASYNC_ITERATOR;
  if (t->tp_as_buffer && t->tp_as_buffer->bf_getbuffer)
    f |= PYPROXY_BUFFER;
  // The ABCs, asked only where the slots allow it (and never for the common
  // exact types, which are known).
  if (PyList_CheckExact(obj)) {
    f |= PYPROXY_SEQUENCE | PYPROXY_MUTABLE_SEQUENCE;
  } else if (PyTuple_CheckExact(obj) || PyRange_Check(obj) || PyBytes_CheckExact(obj)) {
    f |= PYPROXY_SEQUENCE;
  } else if (PyDict_CheckExact(obj)) {
    f |= PYPROXY_DICT;
  } else if ((f & PYPROXY_GETITEM) && abc_isinstance(obj, "Sequence")) {
    f |= PYPROXY_SEQUENCE;
    if (abc_isinstance(obj, "MutableSequence"))
      f |= PYPROXY_MUTABLE_SEQUENCE;
  }
  if (PyGen_CheckExact(obj) || ((f & PYPROXY_ITERATOR) && abc_isinstance(obj, "Generator")))
    f |= PYPROXY_GENERATOR;
  if (PyAsyncGen_CheckExact(obj) ||
      ((f & PYPROXY_ASYNC_ITERATOR) && abc_isinstance(obj, "AsyncGenerator")))
    f |= PYPROXY_ASYNC_GENERATOR;
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

// Generators (next/throw/return of a PyGenerator). Each returns 1 when the
// generator yielded (*out: the value), 0 when it finished (*out: its return
// value), 2 when return() closed it (GeneratorExit went through: JS gives the
// value it was passed), or -1 with an exception set.

// A value or exception sent into a generator: `method` of gen called with
// arg, then the outcome read as above.
static int resume(PyObject *gen, PyObject *method, PyObject *arg, JsSlot *out, int closing) {
  PyObject *result = PyObject_CallMethodOneArg(gen, method, arg);
  if (result != NULL) {
    int rc = python_to_slot(result, out, 0);
    Py_DECREF(result);
    return rc < 0 ? -1 : 1;
  }
  if (closing && PyErr_ExceptionMatches(PyExc_GeneratorExit)) {
    PyErr_Clear();
    return 2;
  }
  if (!PyErr_ExceptionMatches(PyExc_StopIteration)) {
    return -1;
  }
  PyObject *stop = PyErr_GetRaisedException();
  PyObject *value = PyObject_GetAttrString(stop, "value");
  Py_DECREF(stop);
  if (value == NULL) {
    return -1;
  }
  int rc = python_to_slot(value, out, 0);
  Py_DECREF(value);
  return rc < 0 ? -1 : 0;
}

// What throw() sends: a PyProxy's own object (a Python exception or its
// class), else the exception the JS side has just set for its JS value (the
// error conversion of every JS -> Python crossing: a JsException, or a
// PythonError's original exception).
static PyObject *thrown(JsSlot *slot) {
  if (slot->kind == SLOT_PYPROXY) {
    PyErr_Clear();
    return slot_to_python_keep(slot);
  }
  PyObject *exc = PyErr_GetRaisedException();
  if (exc == NULL) {
    PyErr_SetString(PyExc_SystemError, "throw(): no exception to throw");
  }
  return exc;
}

static PyObject *method_name(PyObject **cache, const char *name) {
  if (*cache == NULL) {
    *cache = PyUnicode_InternFromString(name);
  }
  return *cache;
}
static PyObject *name_throw, *name_asend, *name_athrow;

// next(value): gen.send(value) (next() of an iterator that is not a generator
// when value is None).
EMSCRIPTEN_KEEPALIVE int pyproxy_gen_send(PyObject *gen, JsSlot *slots, JsSlot *out) {
  PyObject *arg = slot_to_python_keep(&slots[0]);
  if (arg == NULL) {
    return -1;
  }
  PyObject *result = NULL;
  PySendResult r = PyIter_Send(gen, arg, &result);
  Py_DECREF(arg);
  if (r == PYGEN_ERROR) {
    return -1;
  }
  int rc = python_to_slot(result, out, 0);
  Py_DECREF(result);
  return rc < 0 ? -1 : r == PYGEN_NEXT ? 1 : 0;
}

// throw(error): gen.throw(exception).
EMSCRIPTEN_KEEPALIVE int pyproxy_gen_throw(PyObject *gen, JsSlot *slots, JsSlot *out) {
  PyObject *exc = thrown(&slots[0]);
  PyObject *name = method_name(&name_throw, "throw");
  int rc = exc && name ? resume(gen, name, exc, out, 0) : -1;
  Py_XDECREF(exc);
  return rc;
}

// return(value): GeneratorExit thrown in; the generator may still yield
// (from a finally block) or return a value of its own.
EMSCRIPTEN_KEEPALIVE int pyproxy_gen_return(PyObject *gen, JsSlot *slots, JsSlot *out) {
  PyObject *exc = PyObject_CallNoArgs(PyExc_GeneratorExit);
  PyObject *name = method_name(&name_throw, "throw");
  int rc = exc && name ? resume(gen, name, exc, out, 1) : -1;
  Py_XDECREF(exc);
  return rc;
}

// Async iteration: each entry writes an awaitable to *out (a PyProxy the JS
// side turns into a Promise) and returns 0, or -1 with an exception set.
static int awaitable_to_slot(PyObject *awaitable, JsSlot *out) {
  if (awaitable == NULL) {
    return -1;
  }
  int rc = python_to_slot(awaitable, out, 0);
  Py_DECREF(awaitable);
  return rc;
}

// aiter(obj) into *out.
EMSCRIPTEN_KEEPALIVE int pyproxy_aiter(PyObject *obj, JsSlot *unused, JsSlot *out) {
  return awaitable_to_slot(PyObject_GetAIter(obj), out);
}

// anext(obj)'s awaitable (no default).
EMSCRIPTEN_KEEPALIVE int pyproxy_anext(PyObject *obj, JsSlot *unused, JsSlot *out) {
  PyAsyncMethods *am = Py_TYPE(obj)->tp_as_async;
  if (am == NULL || am->am_anext == NULL) {
    PyErr_Format(PyExc_TypeError, "'%.200s' object is not an async iterator",
                 Py_TYPE(obj)->tp_name);
    return -1;
  }
  return awaitable_to_slot(am->am_anext(obj), out);
}

// An async generator's asend(value), athrow(error), athrow(GeneratorExit).
static int agen_call(PyObject *agen, PyObject **cache, const char *method, PyObject *arg,
                     JsSlot *out) {
  PyObject *name = method_name(cache, method);
  PyObject *awaitable = arg && name ? PyObject_CallMethodOneArg(agen, name, arg) : NULL;
  Py_XDECREF(arg);
  return awaitable_to_slot(awaitable, out);
}
EMSCRIPTEN_KEEPALIVE int pyproxy_asend(PyObject *agen, JsSlot *slots, JsSlot *out) {
  return agen_call(agen, &name_asend, "asend", slot_to_python_keep(&slots[0]), out);
}
EMSCRIPTEN_KEEPALIVE int pyproxy_athrow(PyObject *agen, JsSlot *slots, JsSlot *out) {
  return agen_call(agen, &name_athrow, "athrow", thrown(&slots[0]), out);
}
EMSCRIPTEN_KEEPALIVE int pyproxy_areturn(PyObject *agen, JsSlot *slots, JsSlot *out) {
  return agen_call(agen, &name_athrow, "athrow", PyObject_CallNoArgs(PyExc_GeneratorExit), out);
}

// obj.<name>(*args): slots[0] is the name, then nargs argument slots.
EMSCRIPTEN_KEEPALIVE int pyproxy_call_method(PyObject *obj, JsSlot *slots, JsSlot *out, int nargs) {
  PyObject *name = slot_to_python_keep(&slots[0]);
  PyObject *method = name ? PyObject_GetAttr(obj, name) : NULL;
  Py_XDECREF(name);
  if (method == NULL) {
    return -1;
  }
  int rc = pyproxy_call_slots(method, slots + 1, out, nargs, NULL);
  Py_DECREF(method);
  return rc;
}

// A mutable sequence's splice: obj[start:start + count] replaced by the items
// (slots[0], a JS array); *out: a list of the removed items. A sequence
// without slices (collections.deque) is spliced item by item (its
// __getitem__, __delitem__ and insert).
static PyObject *splice_items(PyObject *obj, Py_ssize_t start, Py_ssize_t count, PyObject *items) {
  PyObject *removed = PyList_New(0);
  for (Py_ssize_t i = 0; removed && i < count; i++) {
    PyObject *item = PySequence_GetItem(obj, start);
    if (item == NULL || PyList_Append(removed, item) < 0 || PySequence_DelItem(obj, start) < 0) {
      Py_CLEAR(removed);
    }
    Py_XDECREF(item);
  }
  for (Py_ssize_t j = 0; removed && j < PyList_GET_SIZE(items); j++) {
    PyObject *r = PyObject_CallMethod(obj, "insert", "nO", start + j, PyList_GET_ITEM(items, j));
    if (r == NULL) {
      Py_CLEAR(removed);
    }
    Py_XDECREF(r);
  }
  return removed;
}

// obj[start:stop] as a slice object.
static PyObject *slice_of(Py_ssize_t start, Py_ssize_t stop) {
  PyObject *lo = PyLong_FromSsize_t(start), *hi = PyLong_FromSsize_t(stop);
  PyObject *slice = lo && hi ? PySlice_New(lo, hi, NULL) : NULL;
  Py_XDECREF(lo);
  Py_XDECREF(hi);
  return slice;
}

static PyObject *splice(PyObject *obj, Py_ssize_t start, Py_ssize_t count, PyObject *items) {
  PyObject *slice = slice_of(start, start + count);
  PyObject *removed = slice ? PyObject_GetItem(obj, slice) : NULL;
  PyObject *result = NULL;
  if (removed == NULL && slice && PyErr_ExceptionMatches(PyExc_TypeError)) {
    PyErr_Clear();
    result = splice_items(obj, start, count, items);
  } else if (removed != NULL) {
    result = PySequence_List(removed);
    if (result && PyObject_SetItem(obj, slice, items) < 0) {
      Py_CLEAR(result);
      // A slice that takes only its own type (array.array): item by item.
      if (PyErr_ExceptionMatches(PyExc_TypeError)) {
        PyErr_Clear();
        result = splice_items(obj, start, count, items);
      }
    }
  }
  Py_XDECREF(slice);
  Py_XDECREF(removed);
  return result;
}

EMSCRIPTEN_KEEPALIVE int pyproxy_splice(PyObject *obj, JsSlot *slots, JsSlot *out, int start,
                                        int count) {
  PyObject *items_js = slot_to_python_keep(&slots[0]);
  PyObject *items = items_js ? PySequence_List(items_js) : NULL;
  Py_XDECREF(items_js);
  PyObject *removed = items ? splice(obj, start, count, items) : NULL;
  Py_XDECREF(items);
  if (removed == NULL) {
    return -1;
  }
  int rc = python_to_slot(removed, out, 0);
  Py_DECREF(removed);
  return rc;
}

// asJsJson()'s property names of a mapping: its str keys, and its int and
// float keys as str() gives them; each once.
EMSCRIPTEN_KEEPALIVE JsRef pyproxy_json_keys(PyObject *obj) {
  PyObject *seen = PySet_New(NULL);
  PyObject *it = seen ? PyObject_GetIter(obj) : NULL;
  JsRef arr = it ? pyproxy_js_new_array() : 0;
  PyObject *key;
  while (arr && (key = PyIter_Next(it)) != NULL) {
    PyObject *name = NULL;
    if (PyUnicode_Check(key)) {
      name = Py_NewRef(key);
    } else if (PyLong_Check(key) || PyFloat_Check(key)) {
      name = PyObject_Str(key);
    }
    Py_DECREF(key);
    int fresh = name ? !PySet_Contains(seen, name) : 0;
    JsRef ref = fresh ? python2js(name) : 0;
    if ((fresh && (ref == 0 || PySet_Add(seen, name) < 0 || pyproxy_js_push(arr, ref) < 0)) ||
        PyErr_Occurred()) {
      hiwire_decref(arr);
      arr = 0;
    }
    if (ref) {
      hiwire_decref(ref);
    }
    Py_XDECREF(name);
  }
  if (arr && PyErr_Occurred()) {
    hiwire_decref(arr);
    arr = 0;
  }
  Py_XDECREF(it);
  Py_XDECREF(seen);
  return arr;
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
