// error: turns the pending Python exception into a JS PythonError carrying
// the Python traceback. JS entry points follow one convention: a C function
// returns 0 or -1 with a Python exception set, and the JS caller then calls
// pyxis_take_error() and throws what it returns.
#include "error.h"

#include <Python.h>
#include <emscripten.h>

// clang-format off: EM_JS bodies are JavaScript.
EM_JS(JsRef, error_new_python_error, (const char *type, const char *message), {
  const err = new Module.PythonError(UTF8ToString(type), UTF8ToString(message));
  return Module.hiwire.new_value(err);
});
// clang-format on

EMSCRIPTEN_KEEPALIVE JsRef pyxis_take_error(void) {
  PyObject *exc = PyErr_GetRaisedException();
  if (exc == NULL) {
    return error_new_python_error("SystemError", "pyxis_take_error: no Python exception is set");
  }
  const char *type = _PyType_Name(Py_TYPE(exc));
  PyObject *text = NULL;
  PyObject *mod = PyImport_ImportModule("_pyxis");
  if (mod != NULL) {
    text = PyObject_CallMethod(mod, "format_exception", "O", exc);
    Py_DECREF(mod);
  }
  const char *message = text ? PyUnicode_AsUTF8(text) : NULL;
  JsRef result;
  if (message != NULL) {
    result = error_new_python_error(type, message);
  } else {
    PyErr_Clear();
    result = error_new_python_error(type, "(the traceback could not be formatted)");
  }
  Py_XDECREF(text);
  Py_DECREF(exc);
  return result;
}
