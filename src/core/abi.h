// abi: the numbers the C core and its JS glue share, each defined once, here,
// as an X-macro list: JsProxy capability flags, PyProxy capability flags,
// slot kinds, getBuffer's info fields, buffer formats and the Python hooks
// C calls. C gets enums from the lists;
// the JS glue gets the same tables from abi_js_install (abi.c), whose JS body the preprocessor
// fills from these lists (with the slot layout from sizeof and offsetof); Python gets them as
// _pyxis_core constants (abi_add_constants). No JS or Python file spells a number that C owns.
#ifndef PYXIS_ABI_H
#define PYXIS_ABI_H

#include <Python.h>

// JsProxy capabilities (JsProxyObject.flags; pyodide.ffi's JsArray, JsMap,
// ... test them): X(name, bit).
#define PYXIS_JSPROXY_FLAGS(X)                                                                     \
  X(CALLABLE, 0)         /* typeof "function" */                                                   \
  X(ARRAY, 1)            /* an Array */                                                            \
  X(MAP, 2)              /* has get/has (Map, URLSearchParams, ...) */                             \
  X(ITERABLE, 3)         /* has [Symbol.iterator] */                                               \
  X(ITERATOR, 4)         /* has next() */                                                          \
  X(THENABLE, 5)         /* has then() */                                                          \
  X(BUFFER, 6)           /* an ArrayBuffer or a view on one */                                     \
  X(ERROR, 7)            /* instanceof Error */                                                    \
  X(HAS_LENGTH, 8)       /* numeric length or size */                                              \
  X(SET, 9)              /* a Set */                                                               \
  X(GENERATOR, 10)       /* a generator object */                                                  \
  X(OBJECT_MAP, 11)      /* a plain object (Object prototype or none) */                           \
  X(DOUBLE_PROXY, 12)    /* a PyProxy (create_proxy's result) */                                   \
  X(HAS_GET, 13)         /* has get(): obj[k] calls it */                                          \
  X(HAS_SET, 14)         /* has set(): obj[k] = v and del obj[k] call set/delete */                \
  X(HAS_HAS, 15)         /* has has(): k in obj calls it */                                        \
  X(HAS_INCLUDES, 16)    /* has includes(): k in obj calls it (without has) */                     \
  X(ARRAY_LIKE, 17)      /* a length and an iterator, not itself an iterator: obj[i] */            \
  X(ASYNC_ITERABLE, 18)  /* has [Symbol.asyncIterator] */                                          \
  X(ASYNC_ITERATOR, 19)  /* an async iterator (next, and [Symbol.asyncIterator] or no iterator) */ \
  X(ASYNC_GENERATOR, 20) /* an async generator object */                                           \
  X(AS_OBJECT_MAP, 21)   /* as_object_map(): items, len, iteration are the own properties */       \
  X(HEREDITARY, 22)      /* as_object_map(hereditary=True): so are the object values read */       \
  X(JSON, 23)            /* as_py_json(): the objects and arrays read are JSON views too */

// PyProxy capabilities (pyproxy_flags, for the JS Proxy's traps): X(name, bit).
#define PYXIS_PYPROXY_FLAGS(X)                                                                     \
  X(CALLABLE, 0)                                                                                   \
  X(LENGTH, 1)                                                                                     \
  X(GETITEM, 2)                                                                                    \
  X(ITERABLE, 3)                                                                                   \
  X(ITERATOR, 4)                                                                                   \
  X(AWAITABLE, 5)                                                                                  \
  X(BUFFER, 6)                                                                                     \
  X(SETITEM, 7)           /* __setitem__: set() and delete() */                                    \
  X(CONTAINS, 8)          /* __contains__: has() */                                                \
  X(GENERATOR, 9)         /* a collections.abc.Generator: return(), throw() */                     \
  X(ASYNC_ITERABLE, 10)   /* __aiter__: [Symbol.asyncIterator] */                                  \
  X(ASYNC_ITERATOR, 11)   /* __anext__: an async next() */                                         \
  X(ASYNC_GENERATOR, 12)  /* a collections.abc.AsyncGenerator */                                   \
  X(SEQUENCE, 13)         /* a collections.abc.Sequence: Array's reading methods */                \
  X(MUTABLE_SEQUENCE, 14) /* a collections.abc.MutableSequence: Array's mutating methods */        \
  X(DICT, 15)             /* exactly a dict: its items read as properties too */

// Slot kinds (slot.h): X(name, value). HANDLE..BIGINT carry a handle.
#define PYXIS_SLOT_KINDS(X)                                                                        \
  X(NONE, 0)                                                                                       \
  X(TRUE, 1)                                                                                       \
  X(FALSE, 2)                                                                                      \
  X(INT, 3)      /* a safe integer, in num */                                                      \
  X(FLOAT, 4)    /* in num */                                                                      \
  X(HANDLE, 5)   /* another object */                                                              \
  X(FUNCTION, 6) /* a function */                                                                  \
  X(STRING, 7)                                                                                     \
  X(BIGINT, 8)                                                                                     \
  X(PYPROXY, 9) /* ref is the Python object's pointer: no handle */                                \
  X(JSNULL, 10) /* JS null (Python jsnull, or None with convertNullToNone) */

// getBuffer()'s info (pyproxy_get_buffer): int fields, X(name, index).
#define PYXIS_BUFINFO_FIELDS(X)                                                                    \
  X(START, 0)     /* address of the span's first byte */                                           \
  X(SPAN, 1)      /* bytes in the span */                                                          \
  X(OFFSET, 2)    /* bytes from the span's start to element [0, ..., 0] */                         \
  X(READONLY, 3)  /* 0 or 1 */                                                                     \
  X(ITEMSIZE, 4)  /* bytes per element */                                                          \
  X(NDIM, 5)      /* dimensions */                                                                 \
  X(SHAPE, 6)     /* Py_ssize_t[ndim] (0 when ndim is 0) */                                        \
  X(STRIDES, 7)   /* Py_ssize_t[ndim], in bytes */                                                 \
  X(FORMAT, 8)    /* struct format string */                                                       \
  X(C_CONTIG, 9)  /* 0 or 1 */                                                                     \
  X(F_CONTIG, 10) /* 0 or 1 */
#define PYXIS_BUFINFO_COUNT 11

// Buffer formats (native byte order) and the typed array each is in JS:
// X(format, constructor name). getBuffer() and to_js read a format through
// it; a JS typed array gets the first format listed for its constructor. A
// format not listed is seen as bytes (Uint8Array).
#define PYXIS_BUFFER_FORMATS(X)                                                                    \
  X("b", "Int8Array")                                                                              \
  X("B", "Uint8Array")                                                                             \
  X("c", "Uint8Array")                                                                             \
  X("?", "Uint8Array")                                                                             \
  X("h", "Int16Array")                                                                             \
  X("H", "Uint16Array")                                                                            \
  X("i", "Int32Array")                                                                             \
  X("I", "Uint32Array")                                                                            \
  X("l", "Int32Array")                                                                             \
  X("L", "Uint32Array")                                                                            \
  X("n", "Int32Array")                                                                             \
  X("N", "Uint32Array")                                                                            \
  X("q", "BigInt64Array")                                                                          \
  X("Q", "BigUint64Array")                                                                         \
  X("f", "Float32Array")                                                                           \
  X("d", "Float64Array")

// The Python objects the C core uses (hooks.c resolves them once: at
// start-up, or on first use when `when` is LAZY — asyncio's, so that
// start-up does not import asyncio): the functions it calls, and jsnull and
// JsBigInt, which it converts to and from. X(name, index, module, attribute,
// when). JS names the ones it asks pyproxy_call_helper for by index
// (Module.abi.HOOK).
enum { EAGER, LAZY }; // PYXIS_HOOKS' `when`
#define PYXIS_HOOKS(X)                                                                             \
  X(EXCEPTION_FOR_JS, 0, "_pyxis", "exception_for_js", EAGER)                                      \
  X(TO_JS_FROM_JS, 1, "_pyxis", "to_js_from_js", EAGER)                                            \
  X(TO_PROMISE, 2, "_pyxis", "to_promise", EAGER)                                                  \
  X(AWAIT_JS, 3, "_pyxis.asyncio_js", "await_js", LAZY)                                            \
  X(TO_PY, 4, "_pyxis.conversions", "to_py", EAGER)                                                \
  X(JSPROXY_MIXINS, 5, "_pyxis.jsproxy_types", "mixins_for", EAGER)                                \
  X(JSNULL, 6, "_pyxis.jsvalues", "jsnull", EAGER)                                                 \
  X(JSBIGINT, 7, "_pyxis.jsvalues", "JsBigInt", EAGER)                                             \
  X(RELAXED_CALL, 8, "_pyxis", "relaxed_call_from_js", EAGER)                                      \
  X(START_COROUTINE, 9, "_pyxis.asyncio_js", "start_coroutine", LAZY)
#define PYXIS_HOOK_COUNT 10

#define PYXIS_ABI_FLAG(prefix, name, bit) prefix##name = 1 << (bit),
#define PYXIS_ABI_JSPROXY(name, bit) PYXIS_ABI_FLAG(JSPROXY_, name, bit)
#define PYXIS_ABI_PYPROXY(name, bit) PYXIS_ABI_FLAG(PYPROXY_, name, bit)
#define PYXIS_ABI_SLOT(name, value) SLOT_##name = (value),
#define PYXIS_ABI_BUFINFO(name, index) BUFINFO_##name = (index),
enum { PYXIS_JSPROXY_FLAGS(PYXIS_ABI_JSPROXY) };
enum { PYXIS_PYPROXY_FLAGS(PYXIS_ABI_PYPROXY) };
enum { PYXIS_SLOT_KINDS(PYXIS_ABI_SLOT) };
enum { PYXIS_BUFINFO_FIELDS(PYXIS_ABI_BUFINFO) };
#define PYXIS_ABI_HOOK(name, index, module, attribute, when) HOOK_##name = (index),
enum { PYXIS_HOOKS(PYXIS_ABI_HOOK) };

// Gives the JS glue its tables (Module.abi) and runs the glue's hooks
// (Module.abiHooks). Called first thing at start-up. Returns 0, or -1 with a
// message on stderr.
int abi_init(void);

// The tables as _pyxis_core constants: FLAG_<name>, PYFLAG_<name>,
// SLOT_<name>, and BUFFER_FORMATS (a dict format -> typed array name).
// Returns 0, or -1 with an exception set.
int abi_add_constants(PyObject *module);

#endif
