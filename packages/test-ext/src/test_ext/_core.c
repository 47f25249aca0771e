// test_ext._core: functions, a type (Accumulator), an exception
// (TestExtError), and a capsule of C function pointers for test_ext._caller.
// Uses the main module's C API and libc, and the test-staticlib archive.
#include <Python.h>

#include "_api.h"
#include "teststatic.h"

static PyObject *TestExtError;

static long scale(long value, long factor) { return value * factor; }

static long apply_twice_c(long (*f)(void *ctx, long value), void *ctx, long value) {
  return f(ctx, f(ctx, value));
}

static TestExtAPI api = {scale, apply_twice_c};

// greet(name) -> "hello, <name>"; an empty name raises TestExtError.
static PyObject *greet(PyObject *self, PyObject *arg) {
  if (!PyUnicode_Check(arg)) {
    PyErr_Format(PyExc_TypeError, "greet() wants a str, not %.100s", Py_TYPE(arg)->tp_name);
    return NULL;
  }
  if (PyUnicode_GetLength(arg) == 0) {
    PyErr_SetString(TestExtError, "empty name");
    return NULL;
  }
  return PyUnicode_FromFormat("hello, %U", arg);
}

// weighted_sum(list of ints): sum(v * (i + 1)), computed by test-staticlib.
static PyObject *weighted_sum(PyObject *self, PyObject *arg) {
  PyObject *seq = PySequence_Fast(arg, "weighted_sum() wants a sequence");
  if (seq == NULL) {
    return NULL;
  }
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  long *values = PyMem_Calloc(n ? (size_t)n : 1, sizeof(long));
  if (values == NULL) {
    Py_DECREF(seq);
    return PyErr_NoMemory();
  }
  for (Py_ssize_t i = 0; i < n; i++) {
    values[i] = PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
    if (values[i] == -1 && PyErr_Occurred()) {
      PyMem_Free(values);
      Py_DECREF(seq);
      return NULL;
    }
  }
  long total = teststatic_weighted_sum(values, (int)n);
  PyMem_Free(values);
  Py_DECREF(seq);
  return PyLong_FromLong(total);
}

static long call_python(void *ctx, long value) {
  PyObject *result = PyObject_CallFunction((PyObject *)ctx, "l", value);
  if (result == NULL) {
    return 0;
  }
  long out = PyLong_AsLong(result);
  Py_DECREF(result);
  return out;
}

// apply_twice(f, x) -> f(f(x)): a Python callable called from C through a
// C function pointer.
static PyObject *apply_twice(PyObject *self, PyObject *args) {
  PyObject *f;
  long x;
  if (!PyArg_ParseTuple(args, "Ol", &f, &x)) {
    return NULL;
  }
  if (!PyCallable_Check(f)) {
    PyErr_SetString(PyExc_TypeError, "apply_twice() wants a callable");
    return NULL;
  }
  long out = api.apply_twice(call_python, f, x);
  if (PyErr_Occurred()) {
    return NULL;
  }
  return PyLong_FromLong(out);
}

// Accumulator(start=0): add(n) adds and returns the total; .total reads it.
typedef struct {
  PyObject_HEAD long total;
} Accumulator;

static int Accumulator_init(Accumulator *self, PyObject *args, PyObject *kwds) {
  static char *kwlist[] = {"start", NULL};
  self->total = 0;
  return PyArg_ParseTupleAndKeywords(args, kwds, "|l", kwlist, &self->total) ? 0 : -1;
}

static PyObject *Accumulator_add(Accumulator *self, PyObject *arg) {
  long n = PyLong_AsLong(arg);
  if (n == -1 && PyErr_Occurred()) {
    return NULL;
  }
  self->total += n;
  return PyLong_FromLong(self->total);
}

static PyObject *Accumulator_repr(Accumulator *self) {
  return PyUnicode_FromFormat("Accumulator(%ld)", self->total);
}

static PyObject *Accumulator_get_total(Accumulator *self, void *closure) {
  return PyLong_FromLong(self->total);
}

static PyMethodDef Accumulator_methods[] = {
    {"add", (PyCFunction)Accumulator_add, METH_O, "add(n) -> the new total"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Accumulator_getset[] = {
    {"total", (getter)Accumulator_get_total, NULL, "the running total", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject AccumulatorType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "test_ext._core.Accumulator",
    .tp_basicsize = sizeof(Accumulator),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A running total.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Accumulator_init,
    .tp_repr = (reprfunc)Accumulator_repr,
    .tp_methods = Accumulator_methods,
    .tp_getset = Accumulator_getset,
};

static PyMethodDef methods[] = {
    {"greet", greet, METH_O, "greet(name) -> 'hello, name'"},
    {"weighted_sum", weighted_sum, METH_O, "sum(v * (i + 1)) over a list, in test-staticlib"},
    {"apply_twice", apply_twice, METH_VARARGS, "apply_twice(f, x) -> f(f(x)), called from C"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "test_ext._core", "test_ext's C core.", -1, methods,
};

PyMODINIT_FUNC PyInit__core(void) {
  if (PyType_Ready(&AccumulatorType) < 0) {
    return NULL;
  }
  PyObject *m = PyModule_Create(&module);
  if (m == NULL) {
    return NULL;
  }
  TestExtError = PyErr_NewExceptionWithDoc("test_ext.TestExtError", "test_ext's own error.",
                                           PyExc_ValueError, NULL);
  if (TestExtError == NULL || PyModule_AddObjectRef(m, "TestExtError", TestExtError) < 0 ||
      PyModule_AddObjectRef(m, "Accumulator", (PyObject *)&AccumulatorType) < 0 ||
      PyModule_Add(m, "_C_API", PyCapsule_New(&api, TEST_EXT_CAPSULE, NULL)) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
