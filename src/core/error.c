// error: exceptions crossing the boundary. One convention everywhere: a C
// function returns 0/NULL/-1 with a Python exception set. Going to JS, the
// caller turns the pending exception into a thrown PythonError with
// pyxis_take_error(); coming from JS, every EM_JS function that can throw
// is declared with EM_JS_REF/EM_JS_NUM (error.h), whose catch calls
// Module.bridge.setErrorFromJs (error.js), which lands here. An error that
// crosses back the way it came is restored, not wrapped twice.
#include "error.h"

#include <emscripten.h>

#include "hooks.h"
#include "js2python.h"
#include "jsproxy.h"

// clang-format off: EM_JS bodies are JavaScript.
EM_JS(JsRef, error_new_python_error, (const char *type, const char *message, PyObject *exc), {
  return Module.hiwire.new_value(Module.bridge.newPythonError(UTF8ToString(type), UTF8ToString(message), exc));
});

EM_JS(JsRef, error_js_message, (JsRef err), {
  return Module.hiwire.new_value(Module.bridge.thrownText(Module.hiwire.get_value(err)));
});
// clang-format on

EMSCRIPTEN_KEEPALIVE JsRef pyxis_take_error(void) {
  PyObject *exc = PyErr_GetRaisedException();
  if (exc == NULL) {
    return error_new_python_error("SystemError", "pyxis_take_error: no Python exception is set",
                                  NULL);
  }
  // A JS error coming back (a JsException is a JsProxy): the original value.
  if (JsException_Check(exc)) {
    JsRef ref = hiwire_incref(JsProxy_REF(exc));
    Py_DECREF(exc);
    return ref;
  }
  const char *type = _PyType_Name(Py_TYPE(exc));
  PyObject *exception_for_js = hook(HOOK_EXCEPTION_FOR_JS);
  PyObject *text = exception_for_js ? PyObject_CallOneArg(exception_for_js, exc) : NULL;
  const char *message = text ? PyUnicode_AsUTF8(text) : NULL;
  if (message == NULL) {
    PyErr_Clear();
    message = "(the traceback could not be formatted)";
  }
  // The PythonError keeps the exception (one reference, released by its
  // finalizer) so that it is restored if the error comes back to Python.
  JsRef result = error_new_python_error(type, message, exc);
  Py_XDECREF(text);
  return result; // the reference to exc now belongs to the PythonError
}

// Steals err (a new handle made by error.js).
EMSCRIPTEN_KEEPALIVE void pyxis_set_error_from_js(JsRef err) {
  JsRef text_ref = error_js_message(err);
  PyObject *text = text_ref ? js2python(text_ref) : NULL;
  if (text_ref) {
    hiwire_decref(text_ref);
  }
  PyObject *exc = text ? JsException_for_thrown(err, text) : NULL;
  hiwire_decref(err);
  Py_XDECREF(text);
  if (exc != NULL) {
    PyErr_SetRaisedException(exc);
  } // else that failure's exception is set
}

// A stack overflow in JS code called from Python (error.js).
EMSCRIPTEN_KEEPALIVE void pyxis_set_js_stack_overflow(void) {
  PyErr_SetString(PyExc_RecursionError, "maximum recursion depth exceeded in JavaScript "
                                        "(RangeError: Maximum call stack size exceeded)");
}

// A PythonError coming back into Python: restore its exception.
EMSCRIPTEN_KEEPALIVE void pyxis_restore_exception(PyObject *exc) {
  PyErr_SetRaisedException(exc); // the JS error's reference (takePythonException)
}
