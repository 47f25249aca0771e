// python2js: the implicit Python -> JS conversion: None -> undefined, jsnull
// -> null, a JsBigInt -> a BigInt, bool ->
// boolean, int -> number when it is a safe integer (|x| <= 2^53 - 1) else
// BigInt, float -> number, str
// -> string (a str with lone surrogates travels as UTF-16, unchanged), a
// JsProxy -> its JS value; anything else -> a PyProxy (pyproxy.c).
#include "python2js.h"

#include <emscripten.h>

#include "error.h"
#include "hooks.h"
#include "jsproxy.h"
#include "pyproxy.h"
#include "slot.h"

#define MAX_SAFE_INTEGER 9007199254740991LL // 2^53 - 1, JS Number.MAX_SAFE_INTEGER

// 1 if obj is jsnull (_pyxis.jsvalues: JS null), 0 if not, -1 with an
// exception set. Only an object of a type named JsNull can be it, so other
// objects cost a name comparison and no lookup.
static int is_jsnull(PyObject *obj) {
  if (strcmp(Py_TYPE(obj)->tp_name, "JsNull") != 0) {
    return 0;
  }
  PyObject *jsnull = hook(HOOK_JSNULL);
  return jsnull == NULL ? -1 : obj == jsnull;
}

// clang-format off: EM_JS bodies are JavaScript.
EM_JS_REF(JsRef, python2js_utf16, (const uint16_t *units, int n), {
  let s = "";
  for (let i = 0; i < n; i += 8192) {
    s += String.fromCharCode.apply(null, HEAPU16.subarray((units >>> 1) + i, (units >>> 1) + Math.min(n, i + 8192)));
  }
  return Module.hiwire.new_value(s);
});
// clang-format on

// A JsDoubleProxy (a PyProxy seen from Python) whose PyProxy was destroyed
// cannot go back to JS: the PyProxy's "Object has already been destroyed"
// error, as a JsException.
EM_JS_NUM(int, python2js_check_live_pyproxy, (JsRef ref), {
  Module.bridge.checkLivePyProxy(Module.hiwire.get_value(ref));
  return 0;
});

// bigint: a JsBigInt, which is a bigint whatever its size.
static JsRef int_to_js(PyObject *obj, int bigint) {
  int overflow = 0;
  long long value = PyLong_AsLongLongAndOverflow(obj, &overflow);
  if (value == -1 && PyErr_Occurred()) {
    return 0;
  }
  // As Pyodide: a number strictly inside ±(2^53 - 1); the bounds themselves
  // are BigInts.
  if (!bigint && !overflow && value < MAX_SAFE_INTEGER && value > -MAX_SAFE_INTEGER) {
    return hiwire_double((double)value);
  }
  // Beyond: a BigInt, through the hexadecimal digits of |obj|. When the value
  // overflowed a long long, `value` is -1 and only `overflow` has the sign.
  int negative = overflow ? overflow < 0 : value < 0;
  PyObject *magnitude = PyNumber_Absolute(obj);
  if (magnitude == NULL) {
    return 0;
  }
  PyObject *hex = PyNumber_ToBase(magnitude, 16);
  Py_DECREF(magnitude);
  if (hex == NULL) {
    return 0;
  }
  const char *digits = PyUnicode_AsUTF8(hex);
  JsRef result = 0;
  if (digits != NULL) {
    result = hiwire_bigint_from_hex(digits + 2, negative);
  }
  Py_DECREF(hex);
  return result;
}

static JsRef str_to_js(PyObject *obj) {
  Py_ssize_t size;
  const char *utf8 = PyUnicode_AsUTF8AndSize(obj, &size);
  if (utf8 != NULL) {
    return hiwire_string_utf8(utf8, (int)size);
  }
  if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
    return 0;
  }
  // Lone surrogates: JS strings can hold them, so pass the code units.
  PyErr_Clear();
  PyObject *bytes = PyUnicode_AsEncodedString(obj, "utf-16-le", "surrogatepass");
  if (bytes == NULL) {
    return 0;
  }
  JsRef result = python2js_utf16((const uint16_t *)PyBytes_AS_STRING(bytes),
                                 (int)(PyBytes_GET_SIZE(bytes) / 2));
  Py_DECREF(bytes);
  return result;
}

static JsRef convert(PyObject *obj, int borrowed) {
  if (obj == Py_None) {
    return Js_undefined;
  }
  if (PyBool_Check(obj)) {
    return hiwire_bool(obj == Py_True);
  }
  if (PyLong_Check(obj)) {
    PyObject *jsbigint = PyLong_CheckExact(obj) ? NULL : hook(HOOK_JSBIGINT);
    if (jsbigint == NULL && PyErr_Occurred()) {
      return 0;
    }
    return int_to_js(obj, jsbigint != NULL && PyObject_TypeCheck(obj, (PyTypeObject *)jsbigint));
  }
  if (PyFloat_Check(obj)) {
    return hiwire_double(PyFloat_AS_DOUBLE(obj));
  }
  if (PyUnicode_Check(obj)) {
    return str_to_js(obj);
  }
  if (JsProxy_Check(obj)) {
    if ((((JsProxyObject *)obj)->flags & JSPROXY_DOUBLE_PROXY) &&
        python2js_check_live_pyproxy(JsProxy_REF(obj)) < 0) {
      return 0;
    }
    return hiwire_incref(JsProxy_REF(obj));
  }
  int null = is_jsnull(obj);
  if (null != 0) {
    return null < 0 ? 0 : Js_null;
  }
  return pyproxy_new(obj, borrowed);
}

JsRef python2js(PyObject *obj) { return convert(obj, 0); }

JsRef python2js_borrowed(PyObject *obj) { return convert(obj, 1); }

// A Python value -> a slot (a borrowed proxy when it becomes a PyProxy and
// `borrowed` is set).
int python_to_slot(PyObject *obj, JsSlot *slot, int borrowed) {
  if (obj == Py_None) {
    slot->kind = SLOT_NONE;
  } else if (obj == Py_True || obj == Py_False) {
    slot->kind = obj == Py_True ? SLOT_TRUE : SLOT_FALSE;
  } else if (PyFloat_CheckExact(obj)) {
    slot->kind = SLOT_FLOAT;
    slot->num = PyFloat_AS_DOUBLE(obj);
  } else if (PyLong_CheckExact(obj) && _PyLong_IsCompact((PyLongObject *)obj)) {
    slot->kind = SLOT_INT;
    slot->num = (double)_PyLong_CompactValue((PyLongObject *)obj);
  } else {
    slot->kind = SLOT_HANDLE;
    slot->ref = borrowed ? python2js_borrowed(obj) : python2js(obj);
    return slot->ref ? 0 : -1;
  }
  return 0;
}
