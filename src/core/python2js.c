// python2js: the implicit Python -> JS conversion of basic values:
// None -> undefined, bool -> boolean, int -> number when |x| <= 2^53 else
// BigInt, float -> number, str -> string. Other objects are refused with a
// TypeError (they will cross as proxies once the bridge has them).
#include "python2js.h"

#define MAX_SAFE_INTEGER 9007199254740992LL // 2^53

static JsRef int_to_js(PyObject *obj) {
  int overflow = 0;
  long long value = PyLong_AsLongLongAndOverflow(obj, &overflow);
  if (value == -1 && PyErr_Occurred()) {
    return 0;
  }
  if (!overflow && value <= MAX_SAFE_INTEGER && value >= -MAX_SAFE_INTEGER) {
    return hiwire_double((double)value);
  }
  // Beyond 2^53: a BigInt, through the hexadecimal digits of |obj|.
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
    result = hiwire_bigint_from_hex(digits + 2, value < 0 || overflow < 0);
  }
  Py_DECREF(hex);
  return result;
}

static JsRef str_to_js(PyObject *obj) {
  Py_ssize_t size;
  const char *utf8 = PyUnicode_AsUTF8AndSize(obj, &size);
  if (utf8 == NULL) {
    return 0; // e.g. lone surrogates: UnicodeEncodeError
  }
  return hiwire_string_utf8(utf8, (int)size);
}

JsRef python2js(PyObject *obj) {
  if (obj == Py_None) {
    return Js_undefined;
  }
  if (PyBool_Check(obj)) {
    return hiwire_bool(obj == Py_True);
  }
  if (PyLong_CheckExact(obj) || PyLong_Check(obj)) {
    return int_to_js(obj);
  }
  if (PyFloat_Check(obj)) {
    return hiwire_double(PyFloat_AS_DOUBLE(obj));
  }
  if (PyUnicode_Check(obj)) {
    return str_to_js(obj);
  }
  PyErr_Format(PyExc_TypeError, "cannot convert a Python '%s' object to JS yet",
               Py_TYPE(obj)->tp_name);
  return 0;
}
