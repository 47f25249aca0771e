// test-shlib-user: an extension module linked against the test-shlib shared
// library; importing it needs libtestshlib.so loaded first.
#include <Python.h>

#include "testshlib.h"

static PyObject *add(PyObject *self, PyObject *args) {
  int a, b;
  if (!PyArg_ParseTuple(args, "ii", &a, &b)) {
    return NULL;
  }
  return PyLong_FromLong(testshlib_add(a, b));
}

static int triple(int x) { return 3 * x; }

// iterate_triple(x, n): 3**n * x, computed by the library calling back here.
static PyObject *iterate_triple(PyObject *self, PyObject *args) {
  int x, n;
  if (!PyArg_ParseTuple(args, "ii", &x, &n)) {
    return NULL;
  }
  return PyLong_FromLong(testshlib_iterate(triple, x, n));
}

static PyObject *calls(PyObject *self, PyObject *unused) {
  return PyLong_FromLong(testshlib_calls);
}

static PyObject *version(PyObject *self, PyObject *unused) {
  return PyUnicode_FromString(testshlib_version());
}

static PyMethodDef methods[] = {
    {"add", add, METH_VARARGS, "add(a, b) in the shared library"},
    {"iterate_triple", iterate_triple, METH_VARARGS, "the library calls back n times"},
    {"calls", calls, METH_NOARGS, "the library's call counter (its data)"},
    {"version", version, METH_NOARGS, "the library's version string"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "test_shlib_user", "Uses the test-shlib shared library.", -1, methods,
};

PyMODINIT_FUNC PyInit_test_shlib_user(void) { return PyModule_Create(&module); }
