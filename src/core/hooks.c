// hooks: resolves abi.h's PYXIS_HOOKS once (at start-up, or at first use for
// the LAZY ones), and hands them out.
#include "hooks.h"

#include "abi.h"

static PyObject *hooks[PYXIS_HOOK_COUNT];

#define HOOKS_RESOLVE(name, index, module, attribute, when)                                        \
  if ((when) == EAGER && hooks[index] == NULL &&                                                   \
      (hooks[index] = resolve(module, attribute)) == NULL) {                                       \
    return -1;                                                                                     \
  }

static PyObject *resolve(const char *module, const char *attribute) {
  PyObject *mod = PyImport_ImportModule(module);
  PyObject *func = mod ? PyObject_GetAttrString(mod, attribute) : NULL;
  Py_XDECREF(mod);
  return func; // kept for the runtime's life
}

int hooks_init(void) {
  PYXIS_HOOKS(HOOKS_RESOLVE)
  return 0;
}

// A LAZY hook, or one needed before start-up resolves them (the JsProxy
// type of the first JS values made while _pyxis starts), is resolved on its
// first use.
#define HOOKS_LAZY(name, index, module, attribute, when)                                           \
  if (which == index) {                                                                            \
    hooks[index] = resolve(module, attribute);                                                     \
  }

PyObject *hook(int which) {
  if (which >= 0 && which < PYXIS_HOOK_COUNT && hooks[which] == NULL) {
    PYXIS_HOOKS(HOOKS_LAZY)
    if (hooks[which] == NULL) {
      return NULL;
    }
  }
  if (which < 0 || which >= PYXIS_HOOK_COUNT || hooks[which] == NULL) {
    PyErr_Format(PyExc_SystemError, "pyxis: hook %d is not resolved (the runtime has not started)",
                 which);
    return NULL;
  }
  return hooks[which];
}
