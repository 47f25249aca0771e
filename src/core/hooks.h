// hooks: the Python functions the C core calls (abi.h's PYXIS_HOOKS: the
// traceback text of an error for JS, toJs, then, await of a JS thenable,
// to_py), resolved once when the runtime starts rather than looked up by
// name on each call.
#ifndef PYXIS_HOOKS_H
#define PYXIS_HOOKS_H

#include <Python.h>

// Imports each hook's module and takes the function. Returns 0, or -1 with
// an exception set. Called by pyxis_init once _pyxis has started.
int hooks_init(void);

// A hook (borrowed), resolved now if start-up has not yet; NULL with an
// exception set if it cannot be.
PyObject *hook(int which);

#endif
