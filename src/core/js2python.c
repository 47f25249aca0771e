// js2python: the implicit JS -> Python conversion. JS classifies the value
// (one call), then C builds the Python object: strings travel as UTF-16
// code units decoded with surrogatepass, so a lone surrogate survives the
// trip both ways instead of failing or being replaced.
#include "js2python.h"

#include <emscripten.h>
#include <math.h>

#include "error.h"
#include "jsproxy.h"

enum {
  KIND_NONE = 0,
  KIND_TRUE,
  KIND_FALSE,
  KIND_INT,    // an integral number
  KIND_FLOAT,  // any other number
  KIND_BIGINT, // value: the hex digits, as a string handle
  KIND_STRING,
  KIND_PYPROXY, // an object pointer in *out_ptr
  KIND_OTHER,
};

// clang-format off: EM_JS bodies are JavaScript.
EM_JS_NUM(int, js2python_classify, (JsRef ref, double *out_num, PyObject **out_ptr), {
  const v = Module.hiwire.get_value(ref);
  switch (typeof v) {
    case "undefined": return 0;
    case "boolean": return v ? 1 : 2;
    case "number":
      HEAPF64[out_num >> 3] = v;
      return Number.isInteger(v) ? 3 : 4;
    case "bigint": return 5;
    case "string": return 6;
  }
  if (v === null) return 0;
  const ptr = Module.bridge.pyproxyPointer(v);
  if (ptr) {
    HEAPU32[out_ptr >> 2] = ptr;
    return 7;
  }
  return 8;
});

// Writes the string's UTF-16 code units to new memory (freed by the caller).
EM_JS_REF(uint16_t *, js2python_string_utf16, (JsRef ref, int *out_len), {
  const s = Module.hiwire.get_value(ref);
  const ptr = _malloc(s.length * 2 + 2);
  if (!ptr) throw new Error("out of memory converting a string");
  for (let i = 0; i < s.length; i++) HEAPU16[(ptr >> 1) + i] = s.charCodeAt(i);
  HEAP32[out_len >> 2] = s.length;
  return ptr;
});

EM_JS_REF(char *, js2python_bigint_hex, (JsRef ref), {
  const v = Module.hiwire.get_value(ref);
  return stringToNewUTF8((v < 0n ? "-" : "") + (v < 0n ? -v : v).toString(16));
});
// clang-format on

static PyObject *string_to_python(JsRef ref) {
  int len = 0;
  uint16_t *units = js2python_string_utf16(ref, &len);
  if (units == NULL) {
    return NULL;
  }
  int byteorder = -1; // little-endian
  PyObject *result =
      PyUnicode_DecodeUTF16((const char *)units, (Py_ssize_t)len * 2, "surrogatepass", &byteorder);
  free(units);
  return result;
}

static PyObject *bigint_to_python(JsRef ref) {
  char *hex = js2python_bigint_hex(ref);
  if (hex == NULL) {
    return NULL;
  }
  PyObject *result = PyLong_FromString(hex, NULL, 16);
  free(hex);
  return result;
}

PyObject *js2python(JsRef ref) {
  double num = 0;
  PyObject *ptr = NULL;
  switch (js2python_classify(ref, &num, &ptr)) {
  case KIND_NONE:
    Py_RETURN_NONE;
  case KIND_TRUE:
    Py_RETURN_TRUE;
  case KIND_FALSE:
    Py_RETURN_FALSE;
  case KIND_INT:
    return fabs(num) < 9.2e18 ? PyLong_FromLongLong((long long)num) : PyLong_FromDouble(num);
  case KIND_FLOAT:
    return PyFloat_FromDouble(num);
  case KIND_BIGINT:
    return bigint_to_python(ref);
  case KIND_STRING:
    return string_to_python(ref);
  case KIND_PYPROXY:
    return Py_NewRef(ptr);
  case KIND_OTHER:
    return JsProxy_new(ref);
  default: // -1: the JS side threw; the exception is set
    return NULL;
  }
}

PyObject *js2python_steal(JsRef ref) {
  if (ref == 0) {
    return NULL;
  }
  PyObject *result = js2python(ref);
  hiwire_decref(ref);
  return result;
}
