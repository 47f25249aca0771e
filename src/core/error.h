// error: exceptions crossing the boundary, both ways.
#ifndef PYXIS_ERROR_H
#define PYXIS_ERROR_H

#include "hiwire.h"
#include <Python.h>

// Converts the pending Python exception into a JS PythonError (message: the
// formatted traceback, .type: the exception's type name) and clears it. If
// the exception came from JS (a JsException), the original JS error is
// returned instead. Never fails.
JsRef pyxis_take_error(void);

// Sets the Python exception for a JS error: its JsException (jsproxy.h), or the
// original Python exception if the JS error is a PythonError that came from
// Python. Called from JS by the EM_JS wrappers below.
void pyxis_set_error_from_js(JsRef err);

// EM_JS functions whose JavaScript can throw are declared with these: a JS
// exception becomes a Python exception (pyxis_set_error_from_js) and the
// function returns the C convention's error value: 0 for handles and
// pointers (EM_JS_REF), -1 for ints (EM_JS_NUM). The result must be checked
// (warn_unused_result; the build has -Werror). The body is JavaScript: C
// macros used inside it are expanded by the C preprocessor before emscripten
// copies the text into the JS glue.
// clang-format off
#define EM_JS_REF(ret, name, params, ...)                                                        \
  EM_JS(ret, name, params, {                                                                   \
    try __VA_ARGS__ catch (e) { Module.bridge.setErrorFromJs(e); return 0; }                     \
  })                                                                                             \
  __attribute__((warn_unused_result)) ret name params;
#define EM_JS_NUM(ret, name, params, ...)                                                        \
  EM_JS(ret, name, params, {                                                                   \
    try __VA_ARGS__ catch (e) { Module.bridge.setErrorFromJs(e); return -1; }                    \
  })                                                                                             \
  __attribute__((warn_unused_result)) ret name params;
// clang-format on

#endif
