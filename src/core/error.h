// error: Python exceptions crossing into JS.
#ifndef PYXIS_ERROR_H
#define PYXIS_ERROR_H

#include "hiwire.h"

// Converts the pending Python exception into a JS PythonError (message: the
// formatted traceback, .type: the exception's type name) and clears it.
// Never fails: if formatting fails, the error says so.
JsRef pyxis_take_error(void);

#endif
