// test_ext._caller: a second extension module that calls C function pointers
// exported by test_ext._core through a capsule, and hands _core a callback
// of its own (calls across side modules, both directions); also sorts with
// libc's qsort and a comparator in this module (main module -> side module).
#include <Python.h>
#include <stdlib.h>

#include "_api.h"

static TestExtAPI *api;

static long add_ctx(void *ctx, long value) { return value + *(long *)ctx; }

// call_through_capsule(x) -> (scale(x, 10), apply_twice(+7, x)).
static PyObject *call_through_capsule(PyObject *self, PyObject *arg) {
  long x = PyLong_AsLong(arg);
  if (x == -1 && PyErr_Occurred()) {
    return NULL;
  }
  long seven = 7;
  return Py_BuildValue("(ll)", api->scale(x, 10), api->apply_twice(add_ctx, &seven, x));
}

static int descending(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x < y) - (x > y);
}

// sort_with_callback(list of ints) -> a new list, sorted descending by qsort.
static PyObject *sort_with_callback(PyObject *self, PyObject *arg) {
  if (!PyList_Check(arg)) {
    PyErr_SetString(PyExc_TypeError, "sort_with_callback() wants a list");
    return NULL;
  }
  Py_ssize_t n = PyList_GET_SIZE(arg);
  long *values = PyMem_Calloc(n ? (size_t)n : 1, sizeof(long));
  if (values == NULL) {
    return PyErr_NoMemory();
  }
  for (Py_ssize_t i = 0; i < n; i++) {
    values[i] = PyLong_AsLong(PyList_GET_ITEM(arg, i));
    if (values[i] == -1 && PyErr_Occurred()) {
      PyMem_Free(values);
      return NULL;
    }
  }
  qsort(values, (size_t)n, sizeof(long), descending);
  PyObject *out = PyList_New(n);
  for (Py_ssize_t i = 0; out && i < n; i++) {
    PyList_SET_ITEM(out, i, PyLong_FromLong(values[i]));
  }
  PyMem_Free(values);
  return out;
}

static PyMethodDef methods[] = {
    {"call_through_capsule", call_through_capsule, METH_O, "calls _core's C API"},
    {"sort_with_callback", sort_with_callback, METH_O, "qsort with a comparator here"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "test_ext._caller",
    "Calls test_ext._core through its capsule.",
    -1,
    methods,
};

PyMODINIT_FUNC PyInit__caller(void) {
  api = PyCapsule_Import(TEST_EXT_CAPSULE, 0);
  if (api == NULL) {
    return NULL;
  }
  return PyModule_Create(&module);
}
