// abi: hands the tables of abi.h to the JS glue and to Python. The JS body
// of abi_js_install is written by the preprocessor from abi.h's lists (an
// EM_JS body given through another macro is macro-expanded), so the numbers
// exist in C only.
#include "abi.h"

#include <emscripten.h>
#include <stddef.h>

#include "slot.h"

// clang-format off: these expand to JS (object literal entries).
#define ABI_JS_FLAG(name, bit) name : 1 << (bit),
#define ABI_JS_VALUE(name, value) name : (value),
#define ABI_JS_HOOK(name, index, module, attribute, when) name : (index),
#define ABI_JS_FORMAT(format, constructor) format : constructor,
// clang-format on

// EM_JS stringizes its body as written; through this macro it is expanded
// first. (Not EM_JS_NUM: there is no interpreter yet to take an exception.)
#define ABI_EM_JS(ret, name, params, ...) EM_JS(ret, name, params, __VA_ARGS__)

// clang-format off: EM_JS bodies are JavaScript.
ABI_EM_JS(int, abi_js_install, (int slot_size, int slot_ref, int slot_num, int bufinfo_count), {
  const abi = {
    JSPROXY : {PYXIS_JSPROXY_FLAGS(ABI_JS_FLAG)},
    PYPROXY : {PYXIS_PYPROXY_FLAGS(ABI_JS_FLAG)},
    SLOT : {PYXIS_SLOT_KINDS(ABI_JS_VALUE)},
    BUFINFO : {PYXIS_BUFINFO_FIELDS(ABI_JS_VALUE)},
    HOOK : {PYXIS_HOOKS(ABI_JS_HOOK)},
    BUFFER_FORMATS : {PYXIS_BUFFER_FORMATS(ABI_JS_FORMAT)},
    SLOT_SIZE : slot_size,
    SLOT_REF : slot_ref,
    SLOT_NUM : slot_num,
    BUFINFO_COUNT : bufinfo_count,
  };
  try {
    Module.abi = abi;
    for (const hook of Module.abiHooks || []) hook(abi);
    return 0;
  } catch (e) {
    console.error("pyxis: internal error installing the ABI tables:", e);
    return -1;
  }
});
// clang-format on

int abi_init(void) {
  if (abi_js_install(sizeof(JsSlot), offsetof(JsSlot, ref), offsetof(JsSlot, num),
                     PYXIS_BUFINFO_COUNT) < 0) {
    fprintf(stderr, "pyxis: internal error: the JS glue refused its tables\n");
    return -1;
  }
  return 0;
}

#define ABI_PY_CONSTANT(prefix, name, value)                                                       \
  if (PyModule_AddIntConstant(module, prefix #name, (value)) < 0) {                                \
    return -1;                                                                                     \
  }
#define ABI_PY_JSPROXY(name, bit) ABI_PY_CONSTANT("FLAG_", name, 1 << (bit))
#define ABI_PY_PYPROXY(name, bit) ABI_PY_CONSTANT("PYFLAG_", name, 1 << (bit))
#define ABI_PY_SLOT(name, value) ABI_PY_CONSTANT("SLOT_", name, value)

#define ABI_PY_FORMAT(format, constructor)                                                         \
  if (rc == 0) {                                                                                   \
    PyObject *name = PyUnicode_FromString(constructor);                                            \
    rc = name ? PyDict_SetItemString(formats, format, name) : -1;                                  \
    Py_XDECREF(name);                                                                              \
  }

int abi_add_constants(PyObject *module) {
  PYXIS_JSPROXY_FLAGS(ABI_PY_JSPROXY)
  PYXIS_PYPROXY_FLAGS(ABI_PY_PYPROXY)
  PYXIS_SLOT_KINDS(ABI_PY_SLOT)
  PyObject *formats = PyDict_New();
  int rc = formats ? 0 : -1;
  PYXIS_BUFFER_FORMATS(ABI_PY_FORMAT)
  if (rc == 0) {
    rc = PyModule_AddObjectRef(module, "BUFFER_FORMATS", formats);
  }
  Py_XDECREF(formats);
  return rc;
}
