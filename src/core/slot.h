// slot: values crossing a call or an attribute get without a handle.
#ifndef PYXIS_SLOT_H
#define PYXIS_SLOT_H

#include "hiwire.h"
#include <Python.h>

// 16 bytes, the layout Module.jsproxy.readSlot/writeSlot use.
typedef struct {
  int kind;
  JsRef ref;  // for SLOT_HANDLE and SLOT_FUNCTION
  double num; // for SLOT_INT and SLOT_FLOAT
} JsSlot;

enum { SLOT_NONE, SLOT_TRUE, SLOT_FALSE, SLOT_INT, SLOT_FLOAT, SLOT_HANDLE, SLOT_FUNCTION };

// JS -> Python, releasing the slot's handle.
PyObject *slot_to_python(JsSlot *slot);
// JS -> Python, keeping the handle (release it with slot_release).
PyObject *slot_to_python_keep(JsSlot *slot);
void slot_release(JsSlot *slot);
// Python -> JS; returns -1 with an exception set. borrowed: see python2js.h.
int python_to_slot(PyObject *obj, JsSlot *slot, int borrowed);

#endif
