// slot: one JS value classified for Python, or one Python value for JS. The
// single classification of JS values (Module.jsproxy.writeSlot): numbers,
// booleans, undefined/null travel in the slot; strings, BigInts and other
// objects by handle; a PyProxy as its object pointer.
#ifndef PYXIS_SLOT_H
#define PYXIS_SLOT_H

#include "abi.h"
#include "hiwire.h"
#include <Python.h>

// The layout Module.jsproxy.readSlot/writeSlot use (abi_init gives JS its
// size and offsets).
typedef struct {
  int kind;
  JsRef ref;  // a handle (see slot_has_handle); for SLOT_PYPROXY the PyObject*
  double num; // SLOT_INT, SLOT_FLOAT: the number; SLOT_HANDLE, SLOT_FUNCTION:
              // the JsProxy capability flags (JSPROXY_*)
} JsSlot;

// The kinds (SLOT_*) are abi.h's; JS reads this layout from Module.abi.

static inline int slot_has_handle(int kind) { return kind >= SLOT_HANDLE && kind <= SLOT_BIGINT; }

// JS -> Python (js2python.c), releasing the slot's handle.
PyObject *slot_to_python(JsSlot *slot);
// JS -> Python, keeping the handle (release it with slot_release).
PyObject *slot_to_python_keep(JsSlot *slot);
void slot_release(JsSlot *slot);
// Python -> JS (python2js.c); returns -1 with an exception set. borrowed:
// see python2js.h.
int python_to_slot(PyObject *obj, JsSlot *slot, int borrowed);

#endif
