// slot: values crossing a call or an attribute get. Numbers, booleans,
// undefined/None and null travel in the slot itself (no hiwire handle, no
// extra JS call); anything else by handle. JS reads and writes slots with
// Module.jsproxy.readSlot/writeSlot (jsproxy.js).
#include "slot.h"

#include <math.h>

#include "js2python.h"
#include "python2js.h"

// A slot from JS -> Python (releasing its handle, if any).
PyObject *slot_to_python(JsSlot *slot) {
  switch (slot->kind) {
  case SLOT_NONE:
    Py_RETURN_NONE;
  case SLOT_TRUE:
    Py_RETURN_TRUE;
  case SLOT_FALSE:
    Py_RETURN_FALSE;
  case SLOT_INT: // any integral number
    return fabs(slot->num) < 9.2e18 ? PyLong_FromLongLong((long long)slot->num)
                                    : PyLong_FromDouble(slot->num);
  case SLOT_FLOAT:
    return PyFloat_FromDouble(slot->num);
  default:
    return js2python_steal(slot->ref);
  }
}

// The same, keeping the handle (the caller releases it with slot_release).
PyObject *slot_to_python_keep(JsSlot *slot) {
  if (slot->kind >= SLOT_HANDLE) {
    return js2python(slot->ref);
  }
  return slot_to_python(slot);
}

void slot_release(JsSlot *slot) {
  if (slot->kind >= SLOT_HANDLE) {
    hiwire_decref(slot->ref);
  }
}

// A Python value -> a slot (a borrowed proxy when it becomes a PyProxy and
// `borrowed` is set).
int python_to_slot(PyObject *obj, JsSlot *slot, int borrowed) {
  if (obj == Py_None) {
    slot->kind = SLOT_NONE;
  } else if (obj == Py_True || obj == Py_False) {
    slot->kind = obj == Py_True ? SLOT_TRUE : SLOT_FALSE;
  } else if (PyFloat_CheckExact(obj)) {
    slot->kind = SLOT_FLOAT;
    slot->num = PyFloat_AS_DOUBLE(obj);
  } else if (PyLong_CheckExact(obj) && _PyLong_IsCompact((PyLongObject *)obj)) {
    slot->kind = SLOT_INT;
    slot->num = (double)_PyLong_CompactValue((PyLongObject *)obj);
  } else {
    slot->kind = SLOT_HANDLE;
    slot->ref = borrowed ? python2js_borrowed(obj) : python2js(obj);
    return slot->ref ? 0 : -1;
  }
  return 0;
}
