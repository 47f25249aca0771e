// api: the C entry points behind the JS API that are not PyProxy calls: the
// _pyxis package (whose functions runPython, pyimport, ... call), the CLI,
// interrupts and a debug counter. A handle result is new, or 0 with a Python
// exception set, which the JS caller turns into a thrown PythonError with
// pyxis_take_error().
#include <Python.h>
#include <emscripten.h>

#include "hiwire.h"
#include "python2js.h"

static PyObject *pyxis_module(void) { return PyImport_ImportModule("_pyxis"); }

// Runs the command line: argv as `python` takes it. Returns the exit status.
EMSCRIPTEN_KEEPALIVE int pyxis_run_cli(void) {
  PyObject *mod = PyImport_ImportModule("_pyxis.cli");
  if (mod == NULL) {
    PyErr_Print();
    return 1;
  }
  PyObject *result = PyObject_CallMethod(mod, "main", NULL);
  Py_DECREF(mod);
  if (result == NULL) {
    PyErr_Print();
    return 1;
  }
  int status = (int)PyLong_AsLong(result);
  Py_DECREF(result);
  if (status == -1 && PyErr_Occurred()) {
    PyErr_Print();
    return 1;
  }
  return status;
}

EMSCRIPTEN_KEEPALIVE int pyxis_debug_live_handles(void) { return hiwire_live_count(); }

// The _pyxis package as a PyProxy: the JS API calls its functions.
EMSCRIPTEN_KEEPALIVE JsRef pyxis_api_module(void) {
  PyObject *mod = pyxis_module();
  if (mod == NULL) {
    return 0;
  }
  JsRef ref = python2js(mod);
  Py_DECREF(mod);
  return ref;
}

// Interrupts: CPython polls Module.Py_EmscriptenSignalBuffer in its eval
// loop; checkInterrupt() polls it now. Returns -1 with KeyboardInterrupt set.
void _Py_CheckEmscriptenSignals(void);
extern int Py_EMSCRIPTEN_SIGNAL_HANDLING;

EMSCRIPTEN_KEEPALIVE void pyxis_set_signal_handling(int on) { Py_EMSCRIPTEN_SIGNAL_HANDLING = on; }

EMSCRIPTEN_KEEPALIVE int pyxis_check_interrupt(void) {
  _Py_CheckEmscriptenSignals();
  return PyErr_CheckSignals();
}
