// js2python: the implicit JS -> Python conversion. JS classifies the value
// (one call), then C builds the Python object: strings travel as UTF-16
// code units decoded with surrogatepass, so a lone surrogate survives the
// trip both ways instead of failing or being replaced.
#include "js2python.h"

#include <emscripten.h>

#include "error.h"
#include "hooks.h"
#include "jsproxy.h"
#include "slot.h"

// clang-format off: EM_JS bodies are JavaScript.
// Classifies a value into *out, reusing ref (no new handle).
EM_JS_NUM(int, js2python_classify, (JsRef ref, JsSlot *out), {
  Module.jsproxy.writeSlot(out, Module.hiwire.get_value(ref), ref);
  return 0;
});

// Writes the string's UTF-16 code units to new memory (freed by the caller).
EM_JS_REF(uint16_t *, js2python_string_utf16, (JsRef ref, int *out_len), {
  const s = Module.hiwire.get_value(ref);
  const ptr = _malloc(s.length * 2 + 2);
  if (!ptr) throw new Error("out of memory converting a string");
  for (let i = 0; i < s.length; i++) HEAPU16[(ptr >>> 1) + i] = s.charCodeAt(i);
  HEAP32[out_len >>> 2] = s.length;
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

// A JS bigint -> a JsBigInt (an int that converts back to a bigint).
static PyObject *bigint_to_python(JsRef ref) {
  PyObject *jsbigint = hook(HOOK_JSBIGINT);
  if (jsbigint == NULL) {
    return NULL;
  }
  char *hex = js2python_bigint_hex(ref);
  if (hex == NULL) {
    return NULL;
  }
  PyObject *value = PyLong_FromString(hex, NULL, 16);
  free(hex);
  if (value == NULL) {
    return NULL;
  }
  PyObject *result = PyObject_CallOneArg(jsbigint, value);
  Py_DECREF(value);
  return result;
}

PyObject *slot_to_python_keep(JsSlot *slot) {
  switch (slot->kind) {
  case SLOT_NONE:
    Py_RETURN_NONE;
  case SLOT_JSNULL: {
    PyObject *jsnull = hook(HOOK_JSNULL);
    return jsnull ? Py_NewRef(jsnull) : NULL;
  }
  case SLOT_TRUE:
    Py_RETURN_TRUE;
  case SLOT_FALSE:
    Py_RETURN_FALSE;
  case SLOT_INT: // a safe integer: |x| < 2^53
    return PyLong_FromLongLong((long long)slot->num);
  case SLOT_FLOAT:
    return PyFloat_FromDouble(slot->num);
  case SLOT_STRING:
    return string_to_python(slot->ref);
  case SLOT_BIGINT:
    return bigint_to_python(slot->ref);
  case SLOT_PYPROXY:
    return Py_NewRef((PyObject *)(intptr_t)slot->ref);
  default: // SLOT_HANDLE, SLOT_FUNCTION: num holds the capability flags
    return JsProxy_new_flags(slot->ref, 0, (int)slot->num, 0);
  }
}

void slot_release(JsSlot *slot) {
  if (slot_has_handle(slot->kind)) {
    hiwire_decref(slot->ref);
  }
}

PyObject *slot_to_python(JsSlot *slot) {
  if (slot->kind == SLOT_HANDLE || slot->kind == SLOT_FUNCTION) {
    return JsProxy_new_flags(slot->ref, 0, (int)slot->num, 1); // takes the handle
  }
  PyObject *result = slot_to_python_keep(slot);
  slot_release(slot);
  return result;
}

PyObject *js2python(JsRef ref) {
  JsSlot slot;
  if (js2python_classify(ref, &slot) < 0) {
    return NULL;
  }
  return slot_to_python_keep(&slot); // the slot borrows ref
}

PyObject *js2python_steal(JsRef ref) {
  if (ref == 0) {
    return NULL;
  }
  PyObject *result = js2python(ref);
  hiwire_decref(ref);
  return result;
}
