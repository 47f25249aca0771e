// A C extension built as an emscripten SIDE_MODULE: it proves that the main
// module exports the C API (functions and data such as Py_None and PyExc_*),
// libc (qsort, snprintf, calloc), and that calls through function pointers
// across the two modules work.
#include <Python.h>
#include <stdio.h>
#include <stdlib.h>

static PyObject *SideError;

static int compare_longs(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

// sorted_sum(list) -> (sorted tuple, "sum=N"), using libc's qsort.
static PyObject *sorted_sum(PyObject *self, PyObject *args) {
  PyObject *list;
  if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &list)) {
    return NULL;
  }
  Py_ssize_t n = PyList_GET_SIZE(list);
  if (n == 0) {
    PyErr_SetString(SideError, "empty list");
    return NULL;
  }
  long *values = calloc((size_t)n, sizeof(long));
  if (values == NULL) {
    return PyErr_NoMemory();
  }
  long sum = 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    values[i] = PyLong_AsLong(PyList_GET_ITEM(list, i));
    if (values[i] == -1 && PyErr_Occurred()) {
      free(values);
      return NULL;
    }
    sum += values[i];
  }
  qsort(values, (size_t)n, sizeof(long), compare_longs);
  PyObject *tuple = PyTuple_New(n);
  for (Py_ssize_t i = 0; tuple && i < n; i++) {
    PyTuple_SET_ITEM(tuple, i, PyLong_FromLong(values[i]));
  }
  free(values);
  char text[64];
  snprintf(text, sizeof text, "sum=%ld", sum);
  return Py_BuildValue("(Ns)", tuple, text);
}

static PyObject *none(PyObject *self, PyObject *unused) { Py_RETURN_NONE; }

typedef struct {
  PyObject_HEAD long count;
} Counter;

static PyObject *Counter_bump(Counter *self, PyObject *unused) {
  return PyLong_FromLong(++self->count);
}

static PyMethodDef Counter_methods[] = {
    {"bump", (PyCFunction)Counter_bump, METH_NOARGS, "Add one and return the count."},
    {NULL},
};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pyxis_sidetest.Counter",
    .tp_basicsize = sizeof(Counter),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_methods = Counter_methods,
};

static PyMethodDef methods[] = {
    {"sorted_sum", sorted_sum, METH_VARARGS, "Sort a list of ints and sum it."},
    {"none", none, METH_NOARGS, "Return None."},
    {NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "pyxis_sidetest", NULL, -1, methods};

PyMODINIT_FUNC PyInit_pyxis_sidetest(void) {
  if (PyType_Ready(&CounterType) < 0) {
    return NULL;
  }
  PyObject *m = PyModule_Create(&module);
  if (m == NULL) {
    return NULL;
  }
  SideError = PyErr_NewException("pyxis_sidetest.SideError", PyExc_ValueError, NULL);
  if (PyModule_AddObjectRef(m, "SideError", SideError) < 0 ||
      PyModule_AddObjectRef(m, "Counter", (PyObject *)&CounterType) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
