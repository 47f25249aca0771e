// jsproxy: pyodide.ffi.JsProxy, the Python type wrapping a JS value. It
// holds one hiwire handle (released when the proxy dies) and, for a method
// taken from an object, the object as `this`. One C type serves every kind
// of JS value; its capabilities (callable, array, map, iterable, thenable,
// buffer, ...) are flags computed once, which pyodide.ffi's JsArray, JsMap,
// JsCallable, ... test in isinstance(). The JS work is in jsproxy.js.
#include "jsproxy.h"

#include <emscripten.h>
#include <structmember.h>

#include "error.h"
#include "hooks.h"
#include "js2python.h"
#include "pyproxy.h"
#include "python2js.h"
#include "slot.h"

PyTypeObject *JsProxy_Type = NULL;
PyTypeObject *JsException_Type = NULL;
Py_ssize_t jsproxy_live = 0;

// clang-format off: EM_JS bodies are JavaScript.
EM_JS_NUM(int, jsproxy_js_flags, (JsRef ref), {
  return Module.jsproxy.flags(Module.hiwire.get_value(ref));
});
EM_JS_NUM(int, jsproxy_js_id, (JsRef ref), {
  return Module.jsproxy.id(Module.hiwire.get_value(ref));
});
// The attribute into *out; returns 1, or 0 when it is missing.
EM_JS_NUM(int, jsproxy_js_getattr, (JsRef obj, JsRef name, JsSlot *out), {
  const o = Module.hiwire.get_value(obj);
  const key = Module.hiwire.get_value(name);
  const value = o[key];
  if (value === undefined && !(key in Object(o))) return 0;
  Module.jsproxy.writeSlot(out, value);
  return 1;
});
EM_JS_NUM(int, jsproxy_js_setattr, (JsRef obj, JsRef name, JsSlot *value), {
  Module.hiwire.get_value(obj)[Module.hiwire.get_value(name)] = Module.jsproxy.readSlot(value);
  return 0;
});
// Returns 0, or 1 when the attribute was missing.
EM_JS_NUM(int, jsproxy_js_delattr, (JsRef obj, JsRef name), {
  const o = Module.hiwire.get_value(obj);
  const key = Module.hiwire.get_value(name);
  if (!(key in Object(o))) return 1;
  delete o[key];
  return 0;
});
// args: nargs + nkw slots, the keyword arguments' values last; names: nkw
// handles to their names (they become one trailing object). The result goes
// to *out.
EM_JS_NUM(int, jsproxy_js_call, (JsRef func, JsRef this_, JsSlot *args, int nargs, JsRef *names, int nkw, int construct, JsSlot *out), {
  const h = Module.hiwire;
  const { readSlot } = Module.jsproxy;
  const size = Module.abi.SLOT_SIZE;
  const f = h.get_value(func);
  const list = new Array(nargs + (nkw ? 1 : 0));
  for (let i = 0; i < nargs; i++) list[i] = readSlot(args + size * i);
  if (nkw) {
    const kwargs = {};
    for (let i = 0; i < nkw; i++) kwargs[h.get_value(HEAP32[(names >>> 2) + i])] = readSlot(args + size * (nargs + i));
    list[nargs] = kwargs;
  }
  let result;
  if (construct) result = Reflect.construct(f, list);
  else if (typeof f !== "function") throw new TypeError(`'${Module.jsproxy.typeName(f)}' object is not callable`);
  else result = Reflect.apply(f, this_ ? h.get_value(this_) : undefined, list);
  Module.jsproxy.writeSlot(out, result);
  return 0;
});
// len() as a double (NaN when there is no valid number): C checks it.
EM_JS_NUM(double, jsproxy_js_length, (JsRef obj, int flags), {
  const o = Module.hiwire.get_value(obj);
  if (flags & Module.jsproxy.F.AS_OBJECT_MAP) return Object.keys(o).length;
  return Module.jsproxy.length(o);
});
EM_JS_NUM(int, jsproxy_js_truthy, (JsRef obj), {
  return Module.jsproxy.truthy(Module.hiwire.get_value(obj)) ? 1 : 0;
});
EM_JS_REF(JsRef, jsproxy_js_repr, (JsRef obj), {
  return Module.hiwire.new_value(Module.jsproxy.repr(Module.hiwire.get_value(obj)));
});
EM_JS_REF(JsRef, jsproxy_js_str, (JsRef obj), {
  return Module.hiwire.new_value(Module.jsproxy.str(Module.hiwire.get_value(obj)));
});
EM_JS_REF(JsRef, jsproxy_js_typeof, (JsRef obj), {
  return Module.hiwire.new_value(typeof Module.hiwire.get_value(obj));
});
EM_JS_NUM(int, jsproxy_js_strict_equal, (JsRef a, JsRef b), {
  return Module.hiwire.get_value(a) === Module.hiwire.get_value(b) ? 1 : 0;
});
// Item access, keys and values in slots, by the proxy's capabilities
// (flags, computed when it was made: a method deleted since then is a JS
// TypeError, as in Pyodide): get()/set()/delete()/has()/includes(), an
// index, or (as_object_map) the own properties. Returns 1 with the value in
// *out, or 0 when the index or key is missing.
EM_JS_NUM(int, jsproxy_js_getitem, (JsRef obj, JsSlot *key, int flags, JsSlot *out), {
  const F = Module.jsproxy.F;
  const o = Module.hiwire.get_value(obj);
  const k = Module.jsproxy.readSlot(key);
  let v;
  if (flags & F.AS_OBJECT_MAP) {
    if (typeof k !== "string" || !Object.prototype.hasOwnProperty.call(o, k)) return 0;
    v = o[k];
  } else if (flags & F.HAS_GET) {
    v = o.get(k);
    if (v === undefined && !((flags & F.HAS_HAS) && o.has(k))) return 0;
  } else {
    const n = o.length;
    const i = k < 0 ? k + n : k;
    if (!(i >= 0 && i < n) || !(i in o)) return 0;
    v = o[i];
  }
  Module.jsproxy.writeSlot(out, v);
  return 1;
});
// value NULL: delete. Returns 0, or 1 when the key/index was missing.
EM_JS_NUM(int, jsproxy_js_setitem, (JsRef obj, JsSlot *key, int flags, JsSlot *value), {
  const F = Module.jsproxy.F;
  const o = Module.hiwire.get_value(obj);
  const k = Module.jsproxy.readSlot(key);
  if (flags & F.AS_OBJECT_MAP) {
    if (typeof k !== "string") {
      if (value) throw new TypeError("Can only assign keys of type string to JavaScript object map");
      return 1;
    }
    if (value) { o[k] = Module.jsproxy.readSlot(value); return 0; }
    if (!Object.prototype.hasOwnProperty.call(o, k)) return 1;
    delete o[k];
    return 0;
  }
  if (flags & F.HAS_SET) {
    if (value) { o.set(k, Module.jsproxy.readSlot(value)); return 0; }
    return o.delete(k) ? 0 : 1;
  }
  const n = o.length;
  const i = k < 0 ? k + n : k;
  if (!(i >= 0 && i < n)) return 1;
  if (value) o[i] = Module.jsproxy.readSlot(value);
  else if (Array.isArray(o)) o.splice(i, 1);
  else throw new TypeError(`cannot delete from a ${Module.jsproxy.typeName(o)}`);
  return 0;
});
EM_JS_NUM(int, jsproxy_js_contains, (JsRef obj, JsSlot *key, int flags), {
  const F = Module.jsproxy.F;
  const o = Module.hiwire.get_value(obj);
  const k = Module.jsproxy.readSlot(key);
  if (flags & F.AS_OBJECT_MAP) return typeof k === "string" && Object.prototype.hasOwnProperty.call(o, k) ? 1 : 0;
  if (flags & F.HAS_HAS) return o.has(k) ? 1 : 0;
  return o.includes(k) ? 1 : 0;
});
EM_JS_NUM(int, jsproxy_js_get_iterator, (JsRef obj, int flags, JsSlot *out), {
  const F = Module.jsproxy.F;
  const o = Module.hiwire.get_value(obj);
  if (flags & F.AS_OBJECT_MAP) Module.jsproxy.writeSlot(out, Object.keys(o)[Symbol.iterator]());
  // A Map-like iterates its keys, as a Python mapping does.
  else if ((flags & F.MAP) && typeof o.keys === "function") Module.jsproxy.writeSlot(out, o.keys());
  else if ((flags & F.ITERATOR) && typeof o[Symbol.iterator] !== "function") Module.jsproxy.writeSlot(out, o);
  else Module.jsproxy.writeSlot(out, o[Symbol.iterator]());
  return 0;
});
// Returns 1 with *out = the next value, 0 when done (*out = the return value).
// (A generator that finishes lets go of what Python passed it: pyproxy.js.)
EM_JS_NUM(int, jsproxy_js_next, (JsRef it, JsSlot *out), {
  const o = Module.hiwire.get_value(it);
  let r;
  try {
    r = o.next();
  } catch (e) {
    Module.bridge.generatorFinished(o);
    throw e;
  }
  if (r === null || typeof r !== "object") throw new TypeError("iterator result is not an object");
  Module.jsproxy.writeSlot(out, r.value);
  if (r.done) Module.bridge.generatorFinished(o, r.value);
  return r.done ? 0 : 1;
});
// Object.entries / keys / values (which: 0, 1, 2) of the object.
EM_JS_REF(JsRef, jsproxy_js_object_items, (JsRef obj, int which), {
  const o = Module.hiwire.get_value(obj);
  return Module.hiwire.new_value(which === 0 ? Object.entries(o) : which === 1 ? Object.keys(o) : Object.values(o));
});
EM_JS_REF(JsRef, jsproxy_js_dir, (JsRef obj), {
  const keys = new Set();
  for (let o = Object(Module.hiwire.get_value(obj)); o !== null; o = Object.getPrototypeOf(o)) {
    // Not array indices: they are items, not attributes.
    for (const k of Object.getOwnPropertyNames(o)) if (!/^(0|[1-9][0-9]*)$/.test(k)) keys.add(k);
  }
  return Module.hiwire.new_value(Array.from(keys));
});
// Buffers: byte length, and copies between the JS buffer and wasm memory.
EM_JS_NUM(int, jsproxy_js_byte_length, (JsRef obj), {
  const v = Module.hiwire.get_value(obj);
  return v.byteLength;
});
EM_JS_REF(JsRef, jsproxy_js_buffer_format, (JsRef obj), {
  const v = Module.hiwire.get_value(obj);
  const fmt = Module.jsproxy.formatOf[v.constructor && v.constructor.name] || "B"; // else bytes
  const size = v.BYTES_PER_ELEMENT || 1;
  return Module.hiwire.new_value(fmt + ":" + size);
});
EM_JS_NUM(int, jsproxy_js_copy_to_wasm, (JsRef obj, void *dest), {
  const v = Module.hiwire.get_value(obj);
  const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  HEAPU8.set(bytes, dest >>> 0);
  return 0;
});
EM_JS_NUM(int, jsproxy_js_copy_from_wasm, (JsRef obj, const void *src, int n), {
  const v = Module.hiwire.get_value(obj);
  const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (n !== bytes.length) throw new RangeError(`buffer sizes differ: ${n} bytes into ${bytes.length}`);
  bytes.set(HEAPU8.subarray(src >>> 0, (src >>> 0) + n));
  return 0;
});
// clang-format on

static PyObject *JsProxy_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf,
                                    PyObject *kwnames);

static PyTypeObject *jsproxy_type_for(int flags);

// A JsProxy of the given type (one of ours: JsProxy's or JsException's).
static PyObject *jsproxy_alloc(PyTypeObject *type, JsRef ref, JsRef this_, int flags, int steal) {
  JsProxyObject *self = type ? PyObject_GC_New(JsProxyObject, type) : NULL;
  if (self == NULL) {
    if (steal) {
      hiwire_decref(ref);
    }
    return NULL;
  }
  // The BaseException fields: NULL, and args () for an exception.
  memset((char *)self + sizeof(PyObject), 0, offsetof(JsProxyObject, ref) - sizeof(PyObject));
  self->ref = steal ? ref : hiwire_incref(ref);
  self->this_ = this_ ? hiwire_incref(this_) : 0;
  self->flags = flags;
  self->vectorcall = (flags & JSPROXY_CALLABLE) ? JsProxy_vectorcall : NULL;
  jsproxy_live++;
  if (PyType_FastSubclass(type, Py_TPFLAGS_BASE_EXC_SUBCLASS) &&
      (self->args = PyTuple_New(0)) == NULL) {
    PyObject_GC_Track(self);
    Py_DECREF(self);
    return NULL;
  }
  PyObject_GC_Track(self);
  return (PyObject *)self;
}

PyObject *JsProxy_new_flags(JsRef ref, JsRef this_, int flags, int steal) {
  return jsproxy_alloc(jsproxy_type_for(flags), ref, this_, flags, steal);
}

PyObject *JsProxy_new_with_this(JsRef ref, JsRef this_) {
  int flags = jsproxy_js_flags(ref);
  return flags < 0 ? NULL : JsProxy_new_flags(ref, this_, flags, 0);
}

PyObject *JsProxy_new(JsRef ref) { return JsProxy_new_with_this(ref, 0); }

// The BaseException fields (a JsException's; NULL in other proxies).
static int JsProxy_clear(JsProxyObject *self) {
  Py_CLEAR(self->dict);
  Py_CLEAR(self->args);
  Py_CLEAR(self->notes);
  Py_CLEAR(self->traceback);
  Py_CLEAR(self->context);
  Py_CLEAR(self->cause);
  return 0;
}

static void JsProxy_dealloc(JsProxyObject *self) {
  PyTypeObject *type = Py_TYPE(self);
  PyObject_GC_UnTrack(self);
  JsProxy_clear(self);
  hiwire_decref(self->ref);
  if (self->this_) {
    hiwire_decref(self->this_);
  }
  jsproxy_live--;
  PyObject_GC_Del(self);
  Py_DECREF(type); // instances of heap types hold their type
}

static int JsProxy_traverse(JsProxyObject *self, visitproc visit, void *arg) {
  Py_VISIT(self->dict);
  Py_VISIT(self->args);
  Py_VISIT(self->notes);
  Py_VISIT(self->traceback);
  Py_VISIT(self->context);
  Py_VISIT(self->cause);
  return 0;
}

// Interned attribute names map to cached JS strings (a direct-mapped cache
// holding a reference to each name), so a get does not decode UTF-8.
#define NAME_CACHE_SIZE 1024
static struct {
  PyObject *name;
  JsRef ref;
} name_cache[NAME_CACHE_SIZE];
int jsproxy_name_cache_count = 0;
static int name_cache_pinned = 0; // > 0: no eviction (call_js_inner's names)

static const char *js_attr_name(PyObject *name, PyObject **owner);

// A handle to the JS name for a Python attribute name: the cache's own
// (*owned = 0: do not release it) or a new one (*owned = 1).
static JsRef js_name_handle(PyObject *name, int *owned) {
  int interned = PyUnicode_CHECK_INTERNED(name);
  size_t slot = ((uintptr_t)name >> 4) % NAME_CACHE_SIZE;
  *owned = 0;
  if (interned && name_cache[slot].name == name) {
    return name_cache[slot].ref;
  }
  PyObject *owner;
  const char *s = js_attr_name(name, &owner);
  if (s == NULL) {
    return 0;
  }
  JsRef ref = hiwire_string_utf8(s, (int)strlen(s));
  Py_XDECREF(owner);
  // While a call holds several cached names, none may be evicted (its
  // handle would be released under the call): a colliding name is owned.
  if (ref && interned && !(name_cache_pinned && name_cache[slot].name)) {
    if (name_cache[slot].name) {
      Py_DECREF(name_cache[slot].name);
      hiwire_decref(name_cache[slot].ref);
    } else {
      jsproxy_name_cache_count++;
    }
    name_cache[slot].name = Py_NewRef(name);
    name_cache[slot].ref = ref; // the cache's count
    return ref;
  }
  *owned = ref != 0;
  return ref;
}

// Python attribute names that are keywords end with "_" (obj.from_ -> from).
// Whether name, without its trailing underscores, is a Python keyword (such
// JS names are read from Python with one more "_"). 1, 0, or -1 on error.
static int keyword_with_underscores(PyObject *name) {
  static PyObject *iskeyword = NULL;
  if (iskeyword == NULL) {
    PyObject *kw = PyImport_ImportModule("keyword");
    iskeyword = kw ? PyObject_GetAttrString(kw, "iskeyword") : NULL;
    Py_XDECREF(kw);
    if (iskeyword == NULL) {
      return -1;
    }
  }
  PyObject *bare = PyObject_CallMethod(name, "rstrip", "s", "_");
  PyObject *is_kw = bare ? PyObject_CallOneArg(iskeyword, bare) : NULL;
  Py_XDECREF(bare);
  int rc = is_kw ? is_kw == Py_True : -1;
  Py_XDECREF(is_kw);
  return rc;
}

static const char *js_attr_name(PyObject *name, PyObject **owner) {
  *owner = NULL;
  Py_ssize_t n = PyUnicode_GET_LENGTH(name);
  // name_, name__, ...: the JS name has one "_" less when name is a keyword.
  if (n > 1 && PyUnicode_READ_CHAR(name, n - 1) == '_' && PyUnicode_READ_CHAR(name, 0) != '_') {
    int is_kw = keyword_with_underscores(name);
    if (is_kw < 0) {
      return NULL;
    }
    if (is_kw) {
      *owner = PyUnicode_Substring(name, 0, n - 1);
      return *owner ? PyUnicode_AsUTF8(*owner) : NULL;
    }
  }
  return PyUnicode_AsUTF8(name);
}

// A keyword argument's name: as written (unlike attribute names, a trailing
// "_" stays), through the attribute-name cache when that changes nothing.
static JsRef js_kwname_handle(PyObject *name, int *owned) {
  Py_ssize_t n = PyUnicode_GET_LENGTH(name);
  if (n == 0 || PyUnicode_READ_CHAR(name, n - 1) != '_') {
    return js_name_handle(name, owned);
  }
  Py_ssize_t size;
  const char *s = PyUnicode_AsUTF8AndSize(name, &size);
  *owned = 1;
  return s ? hiwire_string_utf8(s, (int)size) : 0;
}

static int is_dunder(PyObject *name) {
  Py_ssize_t n = PyUnicode_GET_LENGTH(name);
  return n > 4 && PyUnicode_READ_CHAR(name, 0) == '_' && PyUnicode_READ_CHAR(name, 1) == '_' &&
         PyUnicode_READ_CHAR(name, n - 1) == '_' && PyUnicode_READ_CHAR(name, n - 2) == '_';
}

// as_object_map() and as_py_json() are for objects (and as_py_json for
// arrays): not for functions, iterators, buffers or errors (Pyodide's rule).
static int hides_method(PyObject *self, PyObject *name) {
  Py_ssize_t n = PyUnicode_GET_LENGTH(name);
  if (n != 13 && n != 10) { // (the cheap test first: this runs on every lookup)
    return 0;
  }
  int flags = ((JsProxyObject *)self)->flags;
  int not_object = JSPROXY_CALLABLE | JSPROXY_ITERATOR | JSPROXY_BUFFER | JSPROXY_ERROR;
  if (PyUnicode_CompareWithASCIIString(name, "as_object_map") == 0) {
    return (flags & (not_object | JSPROXY_ARRAY)) != 0;
  }
  if (PyUnicode_CompareWithASCIIString(name, "as_py_json") == 0) {
    return (flags & not_object) != 0;
  }
  return 0;
}

static PyObject *JsProxy_getattro(PyObject *self, PyObject *name) {
  if (PyUnicode_Check(name) && hides_method(self, name)) {
    return PyErr_Format(PyExc_AttributeError, "%U", name);
  }
  // The type's own attributes (methods, typeof, ...) first; everything else is
  // the JS object's, looked up without raising and catching AttributeError.
  if (!PyUnicode_Check(name) || is_dunder(name) || _PyType_Lookup(Py_TYPE(self), name) != NULL) {
    return PyObject_GenericGetAttr(self, name);
  }
  int owned;
  JsRef key = js_name_handle(name, &owned);
  if (key == 0) {
    return NULL;
  }
  JsSlot value;
  int found = jsproxy_js_getattr(JsProxy_REF(self), key, &value);
  if (owned) {
    hiwire_decref(key);
  }
  if (found <= 0) {
    if (found == 0) {
      PyErr_Format(PyExc_AttributeError, "%U", name);
    }
    return NULL;
  }
  // A function taken from an object is a method: calls pass the object as this.
  if (value.kind == SLOT_FUNCTION) {
    return JsProxy_new_flags(value.ref, JsProxy_REF(self), (int)value.num, 1);
  }
  return slot_to_python(&value);
}

static int JsProxy_setattro(PyObject *self, PyObject *name, PyObject *value) {
  if (!PyUnicode_Check(name) || is_dunder(name)) {
    return PyObject_GenericSetAttr(self, name, value);
  }
  int owned;
  JsRef key = js_name_handle(name, &owned);
  if (key == 0) {
    return -1;
  }
  int rc;
  if (value == NULL) {
    rc = jsproxy_js_delattr(JsProxy_REF(self), key);
    if (rc == 1) {
      PyErr_Format(PyExc_AttributeError, "%U", name);
      rc = -1;
    }
  } else {
    JsSlot v;
    rc = python_to_slot(value, &v, 0);
    if (rc == 0) {
      rc = jsproxy_js_setattr(JsProxy_REF(self), key, &v);
      slot_release(&v);
    }
  }
  if (owned) {
    hiwire_decref(key);
  }
  return rc;
}

// A Python -> JS call nests JS frames (and, if JS calls back, the wasm
// frames of another eval loop) on the JS engine's stack, which C recursion
// shares. Each call is charged this many units of CPython's C recursion
// budget (Py_C_RECURSION_LIMIT, cpython/patches/0001-...), so that Python ->
// JS -> Python recursion raises RecursionError well before the engine's
// stack overflows. Measured in tests/core/recursion.test.mjs.
#define JS_CALL_C_STACK_UNITS 4

static PyObject *call_js_inner(JsProxyObject *self, PyObject *const *args, Py_ssize_t nargs,
                               PyObject *kwnames, int construct);

static PyObject *call_js(JsProxyObject *self, PyObject *const *args, Py_ssize_t nargs,
                         PyObject *kwnames, int construct) {
  PyThreadState *ts = PyThreadState_Get();
  if (ts->c_recursion_remaining < JS_CALL_C_STACK_UNITS) {
    PyErr_SetString(PyExc_RecursionError,
                    "maximum recursion depth exceeded while calling a JS function");
    return NULL;
  }
  ts->c_recursion_remaining -= JS_CALL_C_STACK_UNITS;
  PyObject *result = call_js_inner(self, args, nargs, kwnames, construct);
  ts->c_recursion_remaining += JS_CALL_C_STACK_UNITS;
  return result;
}

// Calls (and `new`): positional arguments convert one by one; keyword
// arguments become one trailing object, as in Pyodide. Everything crosses in
// one array of slots (keyword names as handles, cached for interned names).
// PyProxies made for the arguments are borrowed: destroyed when the call
// returns.
#define CALL_STACK_ARGS 8
static PyObject *call_js_inner(JsProxyObject *self, PyObject *const *args, Py_ssize_t nargs,
                               PyObject *kwnames, int construct) {
  Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
  Py_ssize_t total = nargs + nkw;
  JsSlot stack_slots[CALL_STACK_ARGS];
  JsRef stack_names[CALL_STACK_ARGS];
  char stack_owned[CALL_STACK_ARGS];
  int on_stack = total <= CALL_STACK_ARGS;
  JsSlot *slots = on_stack ? stack_slots : PyMem_Malloc(sizeof(JsSlot) * total);
  JsRef *names = on_stack ? stack_names : PyMem_Malloc(sizeof(JsRef) * (nkw + 1));
  char *owned = on_stack ? stack_owned : PyMem_Malloc(nkw + 1);
  Py_ssize_t converted = 0, named = 0;
  JsSlot result = {.kind = SLOT_NONE};
  int ok = 0;
  PyObject *py_result = NULL;
  int mark = pyproxy_borrowed_count;
  if (slots == NULL || names == NULL || owned == NULL) {
    PyErr_NoMemory();
    goto done;
  }
  for (; converted < total; converted++) {
    if (python_to_slot(args[converted], &slots[converted], 1) < 0) {
      goto done;
    }
  }
  name_cache_pinned++;
  for (; named < nkw; named++) {
    int is_owned;
    names[named] = js_kwname_handle(PyTuple_GET_ITEM(kwnames, named), &is_owned);
    if (names[named] == 0) {
      name_cache_pinned--;
      goto done;
    }
    owned[named] = (char)is_owned;
  }
  name_cache_pinned--;
  ok = jsproxy_js_call(self->ref, self->this_, slots, (int)nargs, names, (int)nkw, construct,
                       &result) == 0;
  // Convert before the borrowed proxies go: the result may be one of them.
  if (ok) {
    py_result = slot_to_python_keep(&result);
  }
done:
  if (pyproxy_borrowed_count > mark &&
      pyproxy_borrow_end(mark, ok && slot_has_handle(result.kind) ? result.ref : 0) < 0) {
    Py_CLEAR(py_result); // the result's `then` threw: that error is the call's
  }
  if (ok) {
    slot_release(&result);
  }
  for (Py_ssize_t i = 0; i < converted; i++) {
    slot_release(&slots[i]);
  }
  for (Py_ssize_t i = 0; i < named; i++) {
    if (owned[i]) {
      hiwire_decref(names[i]);
    }
  }
  if (!on_stack) {
    PyMem_Free(slots);
    PyMem_Free(names);
    PyMem_Free(owned);
  }
  return py_result;
}

static PyObject *JsProxy_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf,
                                    PyObject *kwnames) {
  return call_js((JsProxyObject *)self, args, PyVectorcall_NARGS(nargsf), kwnames, 0);
}

static PyObject *JsProxy_call(PyObject *self, PyObject *args, PyObject *kwargs) {
  return PyVectorcall_Call(self, args, kwargs);
}

static PyObject *JsProxy_new_method(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                    PyObject *kwnames) {
  return call_js((JsProxyObject *)self, args, nargs, kwnames, 1);
}

// len(), of proxies whose object had a numeric size or length (the type has
// the slot only then): a valid length now, else TypeError; negative:
// ValueError; beyond Py_ssize_t: OverflowError.
static Py_ssize_t JsProxy_length(PyObject *self) {
  double n = jsproxy_js_length(JsProxy_REF(self), ((JsProxyObject *)self)->flags);
  if (n == -1 && PyErr_Occurred()) {
    return -1;
  }
  if (n != n || n == (double)INFINITY || n == -(double)INFINITY) {
    PyErr_SetString(PyExc_TypeError, "object does not have a valid length");
    return -1;
  }
  if (n < 0 || n > (double)PY_SSIZE_T_MAX) {
    PyObject *big = PyLong_FromDouble(n);
    if (big != NULL) {
      if (n < 0) {
        PyErr_Format(PyExc_ValueError, "length %S of object is negative", big);
      } else {
        PyErr_Format(PyExc_OverflowError, "length %S of object is larger than INT_MAX (%zd)", big,
                     PY_SSIZE_T_MAX);
      }
      Py_DECREF(big);
    }
    return -1;
  }
  return (Py_ssize_t)n;
}

static int JsProxy_bool(PyObject *self) { return jsproxy_js_truthy(JsProxy_REF(self)); }

static PyObject *JsProxy_repr(PyObject *self) {
  return js2python_steal(jsproxy_js_repr(JsProxy_REF(self)));
}

// str(): JS's toString() (an error it throws is raised).
static PyObject *JsProxy_str(PyObject *self) {
  return js2python_steal(jsproxy_js_str(JsProxy_REF(self)));
}

static PyObject *JsProxy_richcompare(PyObject *a, PyObject *b, int op) {
  if (!JsProxy_Check(b) || (op != Py_EQ && op != Py_NE)) {
    Py_RETURN_NOTIMPLEMENTED;
  }
  int same = jsproxy_js_strict_equal(JsProxy_REF(a), JsProxy_REF(b));
  if (same < 0) {
    return NULL;
  }
  return PyBool_FromLong(op == Py_EQ ? same : !same);
}

static Py_hash_t JsProxy_hash(PyObject *self) {
  int id = jsproxy_js_id(JsProxy_REF(self));
  if (id < 0) {
    return -1;
  }
  if (id == 0) {
    PyErr_SetString(PyExc_TypeError, "unhashable JS value");
    return -1;
  }
  return id;
}

// A key for item access: an interned str crosses as the name cache's handle
// (no new JS string per access); anything else as python_to_slot makes it.
// Release it with key_release. (python_to_slot never makes SLOT_STRING, so
// that kind marks a handle the cache owns.)
static int key_to_slot(PyObject *key, JsSlot *slot) {
  if (!PyUnicode_CheckExact(key) || !PyUnicode_CHECK_INTERNED(key)) {
    return python_to_slot(key, slot, 0);
  }
  int owned;
  slot->ref = js_kwname_handle(key, &owned);
  slot->kind = owned ? SLOT_HANDLE : SLOT_STRING;
  return slot->ref ? 0 : -1;
}

static void key_release(JsSlot *slot) {
  if (slot->kind != SLOT_STRING) {
    slot_release(slot);
  }
}

static int flags_of(PyObject *self) { return ((JsProxyObject *)self)->flags; }

// Items by index (arrays, typed arrays, array-likes) rather than by key.
static int by_index(int flags) {
  return !(flags & (JSPROXY_AS_OBJECT_MAP | JSPROXY_HAS_GET)) &&
         (flags & (JSPROXY_ARRAY | JSPROXY_BUFFER | JSPROXY_ARRAY_LIKE));
}

// A slice of an indexed proxy: the Python side (_pyxis.jsproxy_types) does it.
static PyObject *slice_op(PyObject *self, const char *method, PyObject *key, PyObject *value) {
  return value ? PyObject_CallMethod(self, method, "OO", key, value)
               : PyObject_CallMethod(self, method, "O", key);
}

// A value read through an as_py_json() view (an item, or what its
// iteration gives): an array becomes such a view too, a plain object a
// mapping of its own properties that is one.
static void json_view(int flags, JsSlot *v) {
  if (!(flags & JSPROXY_JSON) || v->kind != SLOT_HANDLE) {
    return;
  }
  int f = (int)v->num;
  if (f & JSPROXY_ARRAY) {
    v->num = (double)(f | JSPROXY_JSON);
  } else if (f & JSPROXY_OBJECT_MAP) {
    v->num = (double)(f | JSPROXY_AS_OBJECT_MAP | JSPROXY_JSON);
  }
}

// obj[key]: by index, get(), or an own property (see jsproxy_js_getitem).
static PyObject *JsProxy_subscript(PyObject *self, PyObject *key) {
  int flags = flags_of(self);
  int index = by_index(flags);
  if (index && PySlice_Check(key)) {
    return slice_op(self, "_slice_get", key, NULL);
  }
  if (index && !PyIndex_Check(key)) {
    return PyErr_Format(PyExc_TypeError, "indices must be integers or slices, not %s",
                        Py_TYPE(key)->tp_name);
  }
  JsSlot k, v;
  PyObject *k_obj = index ? PyNumber_Index(key) : Py_NewRef(key);
  if (k_obj && index && PyLong_Check(k_obj) && _PyLong_Sign(k_obj) < 0) {
    // A negative index counts from a valid length (len()'s errors).
    Py_ssize_t n = JsProxy_length(self);
    PyObject *len_obj = n < 0 ? NULL : PyLong_FromSsize_t(n);
    PyObject *pos = len_obj ? PyNumber_Add(k_obj, len_obj) : NULL;
    Py_XDECREF(len_obj);
    Py_SETREF(k_obj, pos);
  }
  int rc = k_obj ? key_to_slot(k_obj, &k) : -1;
  Py_XDECREF(k_obj);
  if (rc < 0) {
    return NULL;
  }
  int found = jsproxy_js_getitem(JsProxy_REF(self), &k, flags, &v);
  key_release(&k);
  if (found < 0) {
    return NULL;
  }
  if (found == 0) {
    if (index) {
      PyErr_SetString(PyExc_IndexError, "JS array index out of range");
    } else {
      PyErr_SetObject(PyExc_KeyError, key);
    }
    return NULL;
  }
  // as_object_map(hereditary=True): object values are object maps too.
  if ((flags & JSPROXY_HEREDITARY) && v.kind == SLOT_HANDLE) {
    v.num = (double)((int)v.num | JSPROXY_AS_OBJECT_MAP | JSPROXY_HEREDITARY);
  }
  json_view(flags, &v);
  return slot_to_python(&v);
}

static int JsProxy_ass_subscript(PyObject *self, PyObject *key, PyObject *value) {
  int flags = flags_of(self);
  int index = by_index(flags);
  if (index && PySlice_Check(key)) {
    PyObject *r = slice_op(self, value ? "_slice_set" : "_slice_del", key, value);
    Py_XDECREF(r);
    return r ? 0 : -1;
  }
  if (index && !PyIndex_Check(key)) {
    PyErr_Format(PyExc_TypeError, "indices must be integers or slices, not %s",
                 Py_TYPE(key)->tp_name);
    return -1;
  }
  if (value == NULL && (flags & JSPROXY_BUFFER)) { // a typed array has a fixed length
    PyErr_SetString(PyExc_TypeError, "typed array object doesn't support item deletion");
    return -1;
  }
  if ((flags & JSPROXY_AS_OBJECT_MAP) && value && !PyUnicode_Check(key)) {
    PyErr_SetString(PyExc_TypeError,
                    "Can only assign keys of type string to JavaScript object map");
    return -1;
  }
  JsSlot k, v;
  PyObject *k_obj = index ? PyNumber_Index(key) : Py_NewRef(key);
  int rc = k_obj ? key_to_slot(k_obj, &k) : -1;
  Py_XDECREF(k_obj);
  if (rc < 0) {
    return -1;
  }
  rc = value ? python_to_slot(value, &v, 0) : 0;
  if (rc == 0) {
    rc = jsproxy_js_setitem(JsProxy_REF(self), &k, flags, value ? &v : NULL);
    if (value) {
      slot_release(&v);
    }
  }
  key_release(&k);
  if (rc == 1) {
    if (index) {
      PyErr_SetString(PyExc_IndexError, "JS array assignment index out of range");
    } else {
      PyErr_SetObject(PyExc_KeyError, key);
    }
    rc = -1;
  }
  return rc;
}

// The sequence protocol of arrays, typed arrays and array-likes
// (PySequence_Check, PySequence_GetItem, ...): item access by index.
static PyObject *JsProxy_sq_item(PyObject *self, Py_ssize_t i) {
  PyObject *key = PyLong_FromSsize_t(i);
  PyObject *result = key ? JsProxy_subscript(self, key) : NULL;
  Py_XDECREF(key);
  return result;
}
static int JsProxy_sq_ass_item(PyObject *self, Py_ssize_t i, PyObject *value) {
  PyObject *key = PyLong_FromSsize_t(i);
  int rc = key ? JsProxy_ass_subscript(self, key, value) : -1;
  Py_XDECREF(key);
  return rc;
}

static int JsProxy_contains(PyObject *self, PyObject *key) {
  JsSlot k;
  if (key_to_slot(key, &k) < 0) {
    return -1;
  }
  int rc = jsproxy_js_contains(JsProxy_REF(self), &k, flags_of(self));
  key_release(&k);
  return rc;
}

static PyObject *JsProxy_iter(PyObject *self) {
  JsSlot it;
  int flags = flags_of(self);
  if (jsproxy_js_get_iterator(JsProxy_REF(self), flags, &it) < 0) {
    return NULL;
  }
  if ((flags & JSPROXY_JSON) && it.kind == SLOT_HANDLE) {
    it.num = (double)((int)it.num | JSPROXY_JSON); // its items are views too
  }
  return slot_to_python(&it);
}

static PyObject *JsProxy_iternext(PyObject *self) {
  if (!(((JsProxyObject *)self)->flags & JSPROXY_ITERATOR)) {
    return PyErr_Format(PyExc_TypeError, "'%s' JS object is not an iterator",
                        Py_TYPE(self)->tp_name);
  }
  JsSlot value;
  int rc = jsproxy_js_next(JsProxy_REF(self), &value);
  if (rc < 0) {
    return NULL;
  }
  if (rc == 0) {
    // Done: a generator's return value becomes StopIteration's value.
    if (value.kind == SLOT_NONE) {
      return NULL; // StopIteration, without an exception set
    }
    PyObject *v = slot_to_python(&value);
    PyObject *stop = v ? PyObject_CallOneArg(PyExc_StopIteration, v) : NULL;
    Py_XDECREF(v);
    if (stop != NULL) {
      PyErr_SetObject(PyExc_StopIteration, stop);
      Py_DECREF(stop);
    }
    return NULL;
  }
  json_view(((JsProxyObject *)self)->flags, &value);
  return slot_to_python(&value);
}

static PyObject *JsProxy_get_typeof(PyObject *self, void *closure) {
  return js2python_steal(jsproxy_js_typeof(JsProxy_REF(self)));
}

static PyObject *JsProxy_get_js_id(PyObject *self, void *closure) {
  int id = jsproxy_js_id(JsProxy_REF(self));
  return id < 0 ? NULL : PyLong_FromLong(id);
}

static PyObject *JsProxy_get_flags(PyObject *self, void *closure) {
  return PyLong_FromLong(((JsProxyObject *)self)->flags);
}

static PyObject *JsProxy_dir(PyObject *self, PyObject *unused) {
  PyObject *keys = js2python_steal(jsproxy_js_dir(JsProxy_REF(self)));
  if (keys == NULL) {
    return NULL;
  }
  PyObject *result = PySequence_List(keys);
  Py_DECREF(keys);
  // A JS name that is a Python keyword is read as name_ (js_attr_name).
  for (Py_ssize_t i = 0; result && i < PyList_GET_SIZE(result); i++) {
    PyObject *name = PyList_GET_ITEM(result, i);
    int is_kw = keyword_with_underscores(name);
    PyObject *renamed = is_kw == 1 ? PyUnicode_FromFormat("%U_", name) : NULL;
    if (is_kw < 0 || (is_kw == 1 && renamed == NULL)) {
      Py_CLEAR(result);
    } else if (renamed != NULL) {
      PyList_SetItem(result, i, renamed); // steals renamed, drops name
    }
  }
  PyObject *type_attrs = result ? PyObject_Dir((PyObject *)Py_TYPE(self)) : NULL;
  if (type_attrs == NULL) {
    Py_XDECREF(result);
    return NULL;
  }
  PyObject *extended = PySequence_InPlaceConcat(result, type_attrs);
  Py_DECREF(type_attrs);
  Py_DECREF(result);
  return extended;
}

static PyObject *JsProxy_object_entries(PyObject *self, PyObject *unused) {
  return js2python_steal(jsproxy_js_object_items(JsProxy_REF(self), 0));
}

static PyObject *JsProxy_object_keys(PyObject *self, PyObject *unused) {
  return js2python_steal(jsproxy_js_object_items(JsProxy_REF(self), 1));
}

static PyObject *JsProxy_object_values(PyObject *self, PyObject *unused) {
  return js2python_steal(jsproxy_js_object_items(JsProxy_REF(self), 2));
}

// as_object_map(*, hereditary=False): the same JS object, seen as a mutable
// mapping of its own properties (string keys).
static PyObject *JsProxy_as_object_map(PyObject *self, PyObject *args, PyObject *kwargs) {
  static char *names[] = {"hereditary", NULL};
  int hereditary = 0;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|$p:as_object_map", names, &hereditary)) {
    return NULL;
  }
  JsProxyObject *p = (JsProxyObject *)self;
  int flags = p->flags | JSPROXY_AS_OBJECT_MAP | (hereditary ? JSPROXY_HEREDITARY : 0);
  return JsProxy_new_flags(p->ref, 0, flags, 0);
}

// as_py_json(): a view for JSON-like data: an object is a mapping of its own
// properties, an array a sequence, and the objects and arrays read through
// it are such views too.
static PyObject *JsProxy_as_py_json(PyObject *self, PyObject *unused) {
  (void)unused;
  JsProxyObject *p = (JsProxyObject *)self;
  int flags = p->flags | JSPROXY_JSON;
  if (!(flags & JSPROXY_ARRAY)) {
    flags |= JSPROXY_AS_OBJECT_MAP;
  }
  return JsProxy_new_flags(p->ref, 0, flags, 0);
}

static int require_buffer(PyObject *self) {
  if (!(((JsProxyObject *)self)->flags & JSPROXY_BUFFER)) {
    PyErr_SetString(PyExc_TypeError, "this JS object is not an ArrayBuffer or typed array");
    return -1;
  }
  return 0;
}

// A copy of a JS buffer's bytes: bytes, or a bytearray when writable.
static PyObject *copy_js_buffer(PyObject *self, int writable) {
  if (require_buffer(self) < 0) {
    return NULL;
  }
  int n = jsproxy_js_byte_length(JsProxy_REF(self));
  if (n < 0) {
    return NULL;
  }
  PyObject *copy =
      writable ? PyByteArray_FromStringAndSize(NULL, n) : PyBytes_FromStringAndSize(NULL, n);
  char *data = copy == NULL ? NULL
               : writable   ? PyByteArray_AS_STRING(copy)
                            : PyBytes_AS_STRING(copy);
  if (copy && jsproxy_js_copy_to_wasm(JsProxy_REF(self), data) < 0) {
    Py_CLEAR(copy);
  }
  return copy;
}

static PyObject *JsProxy_to_bytes(PyObject *self, PyObject *unused) {
  return copy_js_buffer(self, 0);
}

static PyObject *JsProxy_to_memoryview(PyObject *self, PyObject *unused) {
  // A writable copy (to_py() of a typed array can be changed, then
  // assign()ed back).
  PyObject *bytes = copy_js_buffer(self, 1);
  if (bytes == NULL) {
    return NULL;
  }
  PyObject *fmt = js2python_steal(jsproxy_js_buffer_format(JsProxy_REF(self)));
  PyObject *result = NULL;
  if (fmt != NULL) {
    const char *f = PyUnicode_AsUTF8(fmt);
    PyObject *mv = f ? PyMemoryView_FromObject(bytes) : NULL;
    char cast[2] = {f ? f[0] : 0, 0};
    result = mv ? PyObject_CallMethod(mv, "cast", "s", cast) : NULL;
    Py_XDECREF(mv);
    Py_DECREF(fmt);
  }
  Py_DECREF(bytes);
  return result;
}

// The buffer protocol: a read-only, typed copy of the JS bytes (the exporter
// is the memoryview of that copy).
static int JsProxy_getbuffer(PyObject *self, Py_buffer *view, int flags) {
  if (flags & PyBUF_WRITABLE) {
    PyErr_SetString(PyExc_BufferError,
                    "a JS buffer is seen through a read-only copy; use assign() to write to it");
    return -1;
  }
  PyObject *mv = JsProxy_to_memoryview(self, NULL);
  if (mv == NULL) {
    return -1;
  }
  int rc = PyObject_GetBuffer(mv, view, flags);
  Py_DECREF(mv);
  return rc;
}

#define TYPED_ARRAY_OF(format, constructor)                                                        \
  if (fmt == (format)[0]) {                                                                        \
    return constructor;                                                                            \
  }
// The typed array a one-character buffer format is (abi.h), or NULL.
static const char *typed_array_of(char fmt) {
  PYXIS_BUFFER_FORMATS(TYPED_ARRAY_OF)
  return NULL;
}

// Whether a Python buffer fits this JS buffer for assign/assign_to: the
// same number of bytes (else "cannot assign to/from TypedArray"), and the
// same element format unless either side is bytes ("incompatible formats").
static int check_fits(PyObject *self, Py_buffer *view, const char *direction) {
  int n = jsproxy_js_byte_length(JsProxy_REF(self));
  if (n < 0) {
    return -1;
  }
  if (n != view->len) {
    PyErr_Format(PyExc_ValueError,
                 "cannot assign %s TypedArray because of size mismatch (%d bytes, %zd given)",
                 direction, n, view->len);
    return -1;
  }
  PyObject *fmt = js2python_steal(jsproxy_js_buffer_format(JsProxy_REF(self)));
  const char *js_fmt = fmt ? PyUnicode_AsUTF8(fmt) : NULL;
  if (js_fmt == NULL) {
    Py_XDECREF(fmt);
    return -1;
  }
  const char *py_fmt = view->format ? view->format : "B";
  if (*py_fmt == '@' || *py_fmt == '=' || *py_fmt == '<') {
    py_fmt++;
  }
  // A Uint8Array or ArrayBuffer takes any buffer, and plain bytes ("B") go
  // anywhere; else the element types
  // (abi.h's table: "i" and "l" are both Int32Array here) must agree.
  const char *js_type = typed_array_of(js_fmt[0]);
  const char *py_type = py_fmt[1] == '\0' ? typed_array_of(py_fmt[0]) : NULL;
  int ok = strcmp(js_fmt, "B:1") == 0 || strcmp(py_fmt, "B") == 0 ||
           (py_type && js_type && strcmp(py_type, js_type) == 0);
  if (!ok) {
    PyErr_Format(PyExc_ValueError, "incompatible formats: '%s' into a buffer of format '%c'",
                 py_fmt, js_fmt[0]);
  }
  Py_DECREF(fmt);
  return ok ? 0 : -1;
}

// assign(buf): copy a Python buffer's bytes into this JS buffer.
static PyObject *JsProxy_assign(PyObject *self, PyObject *source) {
  if (require_buffer(self) < 0) {
    return NULL;
  }
  Py_buffer view;
  if (PyObject_GetBuffer(source, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
    return NULL;
  }
  int rc = check_fits(self, &view, "to");
  if (rc == 0) {
    rc = jsproxy_js_copy_from_wasm(JsProxy_REF(self), view.buf, (int)view.len);
  }
  PyBuffer_Release(&view);
  if (rc < 0) {
    return NULL;
  }
  Py_RETURN_NONE;
}

// assign_to(buf): copy this JS buffer's bytes into a writable Python buffer.
static PyObject *JsProxy_assign_to(PyObject *self, PyObject *target) {
  if (require_buffer(self) < 0) {
    return NULL;
  }
  Py_buffer view;
  if (PyObject_GetBuffer(target, &view, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE | PyBUF_FORMAT) < 0) {
    return NULL;
  }
  int rc = check_fits(self, &view, "from");
  if (rc == 0) {
    rc = jsproxy_js_copy_to_wasm(JsProxy_REF(self), view.buf);
  }
  PyBuffer_Release(&view);
  if (rc < 0) {
    return NULL;
  }
  Py_RETURN_NONE;
}

// await on a thenable: _pyxis.await_js makes an asyncio future settled by
// the promise, and we await that.
static PyObject *JsProxy_await(PyObject *self) {
  if (!(((JsProxyObject *)self)->flags & JSPROXY_THENABLE)) {
    return PyErr_Format(PyExc_TypeError, "object %R can't be used in 'await' expression", self);
  }
  PyObject *await_js = hook(HOOK_AWAIT_JS);
  PyObject *fut = await_js ? PyObject_CallOneArg(await_js, self) : NULL;
  if (fut == NULL) {
    return NULL;
  }
  PyObject *it = PyObject_CallMethod(fut, "__await__", NULL);
  Py_DECREF(fut);
  return it;
}

// to_py(depth=-1, default_converter=None): deep conversion, in Python.
static PyObject *JsProxy_to_py(PyObject *self, PyObject *args, PyObject *kwargs) {
  PyObject *func = hook(HOOK_TO_PY);
  if (func == NULL) {
    return NULL;
  }
  PyObject *full = PyTuple_New(PyTuple_GET_SIZE(args) + 1);
  if (full == NULL) {
    return NULL;
  }
  PyTuple_SET_ITEM(full, 0, Py_NewRef(self));
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++) {
    PyTuple_SET_ITEM(full, i + 1, Py_NewRef(PyTuple_GET_ITEM(args, i)));
  }
  PyObject *result = PyObject_Call(func, full, kwargs);
  Py_DECREF(full);
  return result;
}

// The methods every JsProxy has; callables also get new() (CALLABLE_METHODS).
static PyMethodDef JsProxy_methods[] = {
    {"to_py", (PyCFunction)(void (*)(void))JsProxy_to_py, METH_VARARGS | METH_KEYWORDS,
     "Convert to Python, deeply: Array -> list, Map/object -> dict, Set -> set."},
    {"object_entries", JsProxy_object_entries, METH_NOARGS, "Object.entries(obj)."},
    {"object_keys", JsProxy_object_keys, METH_NOARGS, "Object.keys(obj)."},
    {"object_values", JsProxy_object_values, METH_NOARGS, "Object.values(obj)."},
    {"as_object_map", (PyCFunction)(void (*)(void))JsProxy_as_object_map,
     METH_VARARGS | METH_KEYWORDS,
     "The object as a mutable mapping of its own properties (hereditary: its object values "
     "too)."},
    {"as_py_json", JsProxy_as_py_json, METH_NOARGS,
     "A view for JSON-like data: objects as mappings, arrays as sequences, all the way down."},
    {"__dir__", JsProxy_dir, METH_NOARGS, NULL},
    {NULL},
};

static PyMethodDef CALLABLE_METHODS[] = {
    {"new", (PyCFunction)(void (*)(void))JsProxy_new_method, METH_FASTCALL | METH_KEYWORDS,
     "Construct: new obj(*args) (keyword arguments become a trailing object)."},
    {NULL},
};

static PyMethodDef BUFFER_METHODS[] = {
    {"to_bytes", JsProxy_to_bytes, METH_NOARGS, "A copy of a JS buffer as bytes."},
    {"to_memoryview", JsProxy_to_memoryview, METH_NOARGS, "A copy of a JS buffer, typed."},
    {"assign", JsProxy_assign, METH_O, "Copy a Python buffer into this JS buffer."},
    {"assign_to", JsProxy_assign_to, METH_O, "Copy this JS buffer into a Python buffer."},
    {NULL},
};

static PyGetSetDef JsProxy_getset[] = {
    {"typeof", JsProxy_get_typeof, NULL, "JS typeof of the value.", NULL},
    {"js_id", JsProxy_get_js_id, NULL, "An id, equal for proxies of the same JS object.", NULL},
    {"_js_flags", JsProxy_get_flags, NULL, NULL, NULL},
    {"_js_type_flags", JsProxy_get_flags, NULL, NULL, NULL},
    {NULL},
};

// A JS function stored on a Python class is a method, as a def is:
// `obj.f(...)` calls it with obj (converted: a PyProxy) as `this`.
static PyObject *JsProxy_descr_get(PyObject *self, PyObject *obj, PyObject *type) {
  (void)type;
  if (obj == NULL || obj == Py_None) {
    return Py_NewRef(self);
  }
  JsRef this_ = python2js(obj);
  if (this_ == 0) {
    return NULL;
  }
  PyObject *bound = JsProxy_new_flags(JsProxy_REF(self), this_, ((JsProxyObject *)self)->flags, 0);
  hiwire_decref(this_);
  return bound;
}

static PyMemberDef CALLABLE_MEMBERS[] = {
    {"__vectorcalloffset__", Py_T_PYSSIZET, offsetof(JsProxyObject, vectorcall), Py_READONLY},
    {NULL},
};

// The base type: what every JS value has. The protocols a value may have
// (call, len, [], in, iteration, await, buffer) are added by subtypes made
// per set of capabilities (jsproxy_type_for), as Pyodide's mixins: hasattr(x,
// "__len__") is true only when the JS object has a length.
static PyType_Slot JsProxy_slots[] = {
    {Py_tp_dealloc, JsProxy_dealloc},
    {Py_tp_traverse, JsProxy_traverse},
    {Py_tp_clear, JsProxy_clear},
    {Py_tp_getattro, JsProxy_getattro},
    {Py_tp_setattro, JsProxy_setattro},
    {Py_tp_repr, JsProxy_repr},
    {Py_tp_str, JsProxy_str},
    {Py_tp_hash, JsProxy_hash},
    {Py_tp_richcompare, JsProxy_richcompare},
    {Py_tp_methods, JsProxy_methods},
    {Py_tp_getset, JsProxy_getset},
    {Py_nb_bool, JsProxy_bool},
    {Py_tp_doc, "A JS value seen from Python (pyodide.ffi.JsProxy)."},
    {0, NULL},
};

// The capabilities that change a proxy's type.
#define TYPE_FLAGS                                                                                 \
  (JSPROXY_CALLABLE | JSPROXY_ITERABLE | JSPROXY_ITERATOR | JSPROXY_HAS_LENGTH | JSPROXY_HAS_GET | \
   JSPROXY_HAS_SET | JSPROXY_HAS_HAS | JSPROXY_HAS_INCLUDES | JSPROXY_ARRAY | JSPROXY_BUFFER |     \
   JSPROXY_ARRAY_LIKE | JSPROXY_THENABLE | JSPROXY_AS_OBJECT_MAP | JSPROXY_ASYNC_ITERABLE |        \
   JSPROXY_ASYNC_ITERATOR | JSPROXY_GENERATOR | JSPROXY_ASYNC_GENERATOR | JSPROXY_ERROR |          \
   JSPROXY_DOUBLE_PROXY)

static PyObject *type_cache = NULL; // {flags & TYPE_FLAGS: type}
#define TYPE_FAST_BITS 7
static struct {
  int mask; // 0: empty (mask 0 is JsProxy itself, never cached)
  PyTypeObject *type;
} type_fast[1 << TYPE_FAST_BITS];

// The type for a set of capabilities: JsProxy itself when there are none,
// else a subtype with the matching slots, and Python methods from
// _pyxis.jsproxy_types.mixins_for(flags) (array and mapping methods, ...) as
// extra bases, and that module's metaclass (issubclass with pyodide.ffi's
// capability classes). Made once per set.
static PyTypeObject *jsproxy_type_for(int flags) {
  int mask = flags & TYPE_FLAGS;
  if (flags & JSPROXY_AS_OBJECT_MAP) {
    mask = JSPROXY_AS_OBJECT_MAP | (flags & JSPROXY_CALLABLE);
  }
  if (mask == 0) {
    return JsProxy_Type;
  }
  // Every JsProxy made asks for its type: a direct-mapped array in front of
  // the dict answers without allocating (the dict owns the types).
  size_t fast = ((unsigned)mask * 2654435761u) >> (32 - TYPE_FAST_BITS);
  if (type_fast[fast].mask == mask) {
    return type_fast[fast].type;
  }
  if (type_cache == NULL && (type_cache = PyDict_New()) == NULL) {
    return NULL;
  }
  PyObject *key = PyLong_FromLong(mask);
  if (key == NULL) {
    return NULL;
  }
  PyObject *type = PyDict_GetItemWithError(type_cache, key);
  if (type != NULL || PyErr_Occurred()) {
    Py_DECREF(key);
    if (type != NULL) {
      type_fast[fast].mask = mask;
      type_fast[fast].type = (PyTypeObject *)type;
    }
    return (PyTypeObject *)type;
  }
  int object_map = mask & JSPROXY_AS_OBJECT_MAP;
  PyType_Slot slots[24];
  int n = 0;
#define ADD_SLOT(id, fn)                                                                           \
  slots[n++] = (PyType_Slot) { id, (void *)(fn) }
  ADD_SLOT(Py_tp_dealloc, JsProxy_dealloc);
  ADD_SLOT(Py_tp_traverse, JsProxy_traverse);
  ADD_SLOT(Py_tp_clear, JsProxy_clear);
  if (mask & JSPROXY_CALLABLE) {
    ADD_SLOT(Py_tp_call, JsProxy_call);
    ADD_SLOT(Py_tp_descr_get, JsProxy_descr_get);
    ADD_SLOT(Py_tp_members, CALLABLE_MEMBERS);
    ADD_SLOT(Py_tp_methods, CALLABLE_METHODS);
  }
  if ((mask & JSPROXY_HAS_LENGTH) || object_map) {
    ADD_SLOT(Py_mp_length, JsProxy_length);
  }
  if ((mask & (JSPROXY_ITERABLE | JSPROXY_ITERATOR)) || object_map) {
    ADD_SLOT(Py_tp_iter, JsProxy_iter);
  }
  if (mask & JSPROXY_ITERATOR) {
    ADD_SLOT(Py_tp_iternext, JsProxy_iternext);
  }
  if (object_map ||
      (mask & (JSPROXY_HAS_GET | JSPROXY_ARRAY | JSPROXY_BUFFER | JSPROXY_ARRAY_LIKE))) {
    ADD_SLOT(Py_mp_subscript, JsProxy_subscript);
  }
  if (object_map || (mask & (JSPROXY_HAS_SET | JSPROXY_ARRAY | JSPROXY_BUFFER))) {
    ADD_SLOT(Py_mp_ass_subscript, JsProxy_ass_subscript);
  }
  if (by_index(mask)) {
    ADD_SLOT(Py_sq_length, JsProxy_length);
    ADD_SLOT(Py_sq_item, JsProxy_sq_item);
    if (mask & (JSPROXY_ARRAY | JSPROXY_BUFFER)) {
      ADD_SLOT(Py_sq_ass_item, JsProxy_sq_ass_item);
    }
  }
  if (object_map || (mask & (JSPROXY_HAS_HAS | JSPROXY_HAS_INCLUDES))) {
    ADD_SLOT(Py_sq_contains, JsProxy_contains);
  }
  if (mask & JSPROXY_THENABLE) {
    ADD_SLOT(Py_am_await, JsProxy_await);
  }
  if (mask & JSPROXY_BUFFER) {
    ADD_SLOT(Py_bf_getbuffer, JsProxy_getbuffer);
    if (!(mask & JSPROXY_CALLABLE)) {
      ADD_SLOT(Py_tp_methods, BUFFER_METHODS);
    }
  }
  ADD_SLOT(0, NULL);
#undef ADD_SLOT
  // The hook gives (metaclass, mixins): _pyxis.jsproxy_types.
  PyObject *found = NULL, *meta = NULL, *mixins = NULL, *bases = NULL;
  PyObject *mixins_for = hook(HOOK_JSPROXY_MIXINS);
  if (mixins_for != NULL) {
    found = PyObject_CallFunction(mixins_for, "i", flags);
  }
  if (found != NULL &&
      !PyArg_ParseTuple(found, "O!O!", &PyType_Type, &meta, &PyTuple_Type, &mixins)) {
    Py_CLEAR(found);
  }
  if (found != NULL) {
    Py_INCREF(mixins);
  }
  // A JS Error's proxy is an exception: its types derive from JsException.
  int error = mask & JSPROXY_ERROR;
  if (mixins != NULL) {
    PyObject *base = PyTuple_Pack(1, (PyObject *)(error ? JsException_Type : JsProxy_Type));
    bases = base ? PySequence_Concat(base, mixins) : NULL;
    Py_XDECREF(base);
  }
  // `match` statements: a JS array, typed array or array-like matches
  // sequence patterns; a Map-like or as_object_map() proxy mapping patterns
  // (their mixin's get() is what a mapping pattern calls).
  unsigned long patma = 0;
  if (object_map || ((mask & JSPROXY_HAS_GET) && (mask & JSPROXY_HAS_HAS))) {
    patma = Py_TPFLAGS_MAPPING;
  } else if (by_index(mask) && (mask & JSPROXY_ITERABLE)) {
    patma = Py_TPFLAGS_SEQUENCE;
  }
  if (bases != NULL) {
    PyType_Spec spec = {
        .name = error ? "pyodide.ffi.JsException" : "pyodide.ffi.JsProxy",
        .basicsize = sizeof(JsProxyObject),
        .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_DISALLOW_INSTANTIATION |
                 ((mask & JSPROXY_CALLABLE) ? Py_TPFLAGS_HAVE_VECTORCALL : 0) | patma,
        .slots = slots,
    };
    type = PyType_FromMetaclass((PyTypeObject *)meta, NULL, &spec, bases);
  }
  Py_XDECREF(mixins);
  Py_XDECREF(found);
  Py_XDECREF(bases);
  // pyodide.ffi's capability classes read the set from the type
  // (issubclass(type(x), JsArray)).
  if (type != NULL && PyObject_SetAttrString(type, "_js_type_mask", key) < 0) {
    Py_CLEAR(type);
  }
  if (type != NULL && PyDict_SetItem(type_cache, key, type) < 0) {
    Py_CLEAR(type);
  }
  Py_DECREF(key);
  Py_XDECREF(type); // the cache keeps it
  return (PyTypeObject *)type;
}

// clang-format off: EM_JS bodies are JavaScript.
EM_JS_REF(JsRef, jsproxy_js_new_error, (JsRef message), {
  return Module.hiwire.new_value(new Error(message ? Module.hiwire.get_value(message) : undefined));
});
// clang-format on

// JsException(message): a new JS Error with that message, as its JsException
// (BaseException's __init__ then sets args).
static PyObject *JsException_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
  PyObject *message = PyTuple_GET_SIZE(args) > 0 ? PyTuple_GET_ITEM(args, 0) : NULL;
  JsRef text = 0;
  if (message != NULL) {
    PyObject *str = PyObject_Str(message);
    text = str ? python2js(str) : 0;
    Py_XDECREF(str);
    if (text == 0) {
      return NULL;
    }
  }
  JsRef err = jsproxy_js_new_error(text);
  if (text != 0) {
    hiwire_decref(text);
  }
  if (err == 0) {
    return NULL;
  }
  PyObject *result = JsProxy_new(err);
  hiwire_decref(err);
  return result;
}

// str(): a JS Error's toString(); for another thrown value (a string, a
// number, null, ...), the description made when it was thrown (args[0]).
static PyObject *JsException_str(PyObject *self) {
  JsProxyObject *p = (JsProxyObject *)self;
  if (!(p->flags & JSPROXY_ERROR) && p->args != NULL && PyTuple_GET_SIZE(p->args) == 1) {
    return PyObject_Str(PyTuple_GET_ITEM(p->args, 0));
  }
  return JsProxy_repr(self);
}

PyObject *JsException_for_thrown(JsRef ref, PyObject *message) {
  int flags = jsproxy_js_flags(ref);
  if (flags < 0) {
    return NULL;
  }
  PyObject *exc = (flags & JSPROXY_ERROR) ? JsProxy_new_flags(ref, 0, flags, 0)
                                          : jsproxy_alloc(JsException_Type, ref, 0, flags, 0);
  if (exc == NULL) {
    return NULL;
  }
  PyObject *args = PyTuple_Pack(1, message);
  if (args == NULL) {
    Py_DECREF(exc);
    return NULL;
  }
  Py_SETREF(((JsProxyObject *)exc)->args, args);
  return exc;
}

int jsproxy_init(PyObject *module) {
  PyType_Spec spec = {
      .name = "pyodide.ffi.JsProxy",
      .basicsize = sizeof(JsProxyObject),
      .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
               Py_TPFLAGS_DISALLOW_INSTANTIATION,
      .slots = JsProxy_slots,
  };
  JsProxy_Type = (PyTypeObject *)PyType_FromSpec(&spec);
  if (JsProxy_Type == NULL) {
    return -1;
  }
  // JsException: JsProxy's slots on Exception's layout (JsProxyObject starts
  // with it), str() as JS's toString, and construction from Python.
  PyType_Slot exc_slots[sizeof(JsProxy_slots) / sizeof(JsProxy_slots[0]) + 2];
  int n = 0;
  for (PyType_Slot *slot = JsProxy_slots; slot->slot != 0; slot++) {
    if (slot->slot != Py_tp_doc && slot->slot != Py_tp_str) {
      exc_slots[n++] = *slot;
    }
  }
  exc_slots[n++] = (PyType_Slot){Py_tp_str, JsException_str};
  exc_slots[n++] = (PyType_Slot){Py_tp_new, JsException_new};
  exc_slots[n++] =
      (PyType_Slot){Py_tp_doc, "A JS error (or any value JS threw) as a Python "
                               "exception: a JsProxy of it (pyodide.ffi.JsException)."};
  exc_slots[n] = (PyType_Slot){0, NULL};
  PyType_Spec exc_spec = {
      .name = "pyodide.ffi.JsException",
      .basicsize = sizeof(JsProxyObject),
      .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
      .slots = exc_slots,
  };
  JsException_Type = (PyTypeObject *)PyType_FromSpecWithBases(&exc_spec, PyExc_Exception);
  if (JsException_Type == NULL) {
    return -1;
  }
  if (PyModule_AddObjectRef(module, "JsException", (PyObject *)JsException_Type) < 0) {
    return -1;
  }
  return PyModule_AddObjectRef(module, "JsProxy", (PyObject *)JsProxy_Type);
}
