// init: interpreter start-up. The loader has put the stdlib archive at
// PYXIS_STDLIB_ZIP before calling pyxis_init; this configures CPython for
// the wasm runtime (paths, unbuffered stdio, no signal handlers, no .pyc
// writing) and imports _pyxis, the Python side of the runtime.
#include <Python.h>
#include <emscripten.h>

#include "abi.h"
#include "error.h"
#include "hiwire.h"
#include "hooks.h"

PyMODINIT_FUNC PyInit__pyxis_core(void);

// The paths are tools/config.env's (-D flags from tools/link-runtime.sh), in
// Pyodide's order. (_pyxis._start puts "" first, for runPython.)
static const wchar_t *search_paths[] = {
    PYXIS_STDLIB_ZIP,
    PYXIS_STDLIB_DIR,
    PYXIS_LIB_DYNLOAD,
    PYXIS_SITE_PACKAGES,
};

static int check_status(PyStatus status) {
  if (PyStatus_Exception(status)) {
    fprintf(stderr, "pyxis: Python failed to start: %s: %s\n", status.func ? status.func : "",
            status.err_msg ? status.err_msg : "");
    return -1;
  }
  return 0;
}

// Starts Python with sys.argv = argv. Returns 0, or -1 with a message on
// stderr (there is no interpreter to hold an exception).
EMSCRIPTEN_KEEPALIVE int pyxis_init(int argc, char **argv) {
  if (abi_init() < 0) {
    return -1;
  }
  if (PyImport_AppendInittab("_pyxis_core", PyInit__pyxis_core) < 0) {
    fprintf(stderr, "pyxis: cannot register _pyxis_core\n");
    return -1;
  }
  // Pre-initialise first (it reads PYTHONMALLOC, PYTHONUTF8, ...): the
  // strings PyConfig allocates below must come from the allocator Python
  // then keeps, or PYTHONMALLOC=debug aborts when they are freed.
  PyPreConfig preconfig;
  PyPreConfig_InitPythonConfig(&preconfig);
  // CPython's bundled mimalloc unless PYTHONMALLOC names another allocator
  // (it is read only when the allocator is left unset): configure leaves
  // pymalloc out on Emscripten, and the default, libc's dlmalloc, measured
  // 3% slower over the pure-Python benchmarks (docs/performance.md).
  const char *malloc_env = getenv("PYTHONMALLOC");
  if (malloc_env == NULL || malloc_env[0] == '\0') {
    preconfig.allocator = PYMEM_ALLOCATOR_MIMALLOC;
  }
  if (check_status(Py_PreInitialize(&preconfig))) {
    return -1;
  }
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  // buffered_stdio stays CPython's default (PYTHONUNBUFFERED turns it off);
  // _pyxis/stdio.py makes buffered stdout and stderr line-buffered.
  config.write_bytecode = 0;
  config.install_signal_handlers = 0;
  config.parse_argv = 0;
  config.pathconfig_warnings = 0;
  config.user_site_directory = 0;
  config.module_search_paths_set = 1;
  int rc = -1;
  for (size_t i = 0; i < sizeof(search_paths) / sizeof(search_paths[0]); i++) {
    if (check_status(PyWideStringList_Append(&config.module_search_paths, search_paths[i]))) {
      goto done;
    }
  }
  if (check_status(PyConfig_SetString(&config, &config.home, L"/")) ||
      check_status(PyConfig_SetBytesArgv(&config, argc, argv)) ||
      check_status(Py_InitializeFromConfig(&config))) {
    goto done;
  }
  // Importing _pyxis also runs some Python in a fresh activation of the eval
  // loop, so that user code (each runPython is another activation) starts on
  // the engine's optimised code rather than its baseline compiler.
  PyObject *mod = PyImport_ImportModule("_pyxis");
  PyObject *started = mod ? PyObject_CallMethod(mod, "_start", NULL) : NULL;
  PyObject *warm = started && hooks_init() == 0 ? PyObject_CallMethod(mod, "_warm_up", NULL) : NULL;
  Py_XDECREF(mod);
  Py_XDECREF(started);
  if (warm == NULL) {
    PyErr_Print();
    goto done;
  }
  Py_DECREF(warm);
  rc = 0;
done:
  PyConfig_Clear(&config);
  return rc;
}
