// error, JS side: PythonError objects made for C (error.c), and the catch
// of every EM_JS_REF/EM_JS_NUM function: setErrorFromJs turns a thrown JS
// value into the pending Python exception. Fatal errors (a wasm trap, stack
// exhaustion) are not converted: the runtime is marked dead and they go on.
Module.bridge = Module.bridge || {};

// A PythonError holds one reference to its Python exception, released when
// the error object is collected.
Module.bridge.errorRegistry = new FinalizationRegistry((exc) => Module._pyxis_decref(exc));

Module.bridge.newPythonError = function (type, message, exc) {
  const err = new Module.PythonError(type, message);
  if (exc) {
    Object.defineProperty(err, "__pyxis_exc", { value: exc, enumerable: false });
    Module.bridge.errorRegistry.register(err, exc);
  }
  return err;
};

Module.bridge.isFatal = function (e) {
  return (
    e instanceof WebAssembly.RuntimeError ||
    (e instanceof RangeError && /call stack/i.test(e.message)) ||
    (e && e.name === "ExitStatus")
  );
};

Module.bridge.setErrorFromJs = function (e) {
  if (Module.bridge.isFatal(e)) {
    Module.bridge.markDead(e);
    throw e;
  }
  if (e && e.__pyxis_exc) {
    Module._pyxis_restore_exception(e.__pyxis_exc);
    return;
  }
  Module._pyxis_set_error_from_js(Module.hiwire.new_value(e));
};

// After a fatal error nothing may run: every API call throws this.
Module.bridge.dead = undefined;
Module.bridge.markDead = function (e) {
  if (Module.bridge.dead) return;
  Module.bridge.dead = e;
  console.error("pyxis: fatal error, the Python runtime cannot be used any more:", e);
};

Module.bridge.deadError = function () {
  return new Error(
    `pyxis: the Python runtime is dead after a fatal error (${Module.bridge.dead}); load a new one`,
  );
};
