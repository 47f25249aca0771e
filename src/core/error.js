// error, JS side: PythonError objects made for C (error.c), and the catch
// of every EM_JS_REF/EM_JS_NUM function: setErrorFromJs turns a thrown JS
// value into the pending Python exception. Fatal errors (a wasm trap, stack
// exhaustion) are not converted: the runtime is marked dead and they go on.
Module.bridge = Module.bridge || {};

// A PythonError holds one reference to its Python exception, released when
// the error object is collected.
Module.bridge.errorRegistry = new FinalizationRegistry((exc) => Module._pyproxy_decref(exc));

Module.bridge.newPythonError = function (type, message, exc) {
  const err = new Module.PythonError(type, message);
  if (exc) {
    Object.defineProperty(err, "__pyxis_exc", { value: exc, enumerable: false, writable: true });
    Module.bridge.errorRegistry.register(err, exc, err);
  }
  return err;
};

// The Python exception a thrown JS value carries (a PythonError made above),
// or 0. Raising it in Python again hands the error's reference over: the
// error keeps its text but no longer the exception (a second throw of it is
// an ordinary JS error). Never throws.
Module.bridge.takePythonException = function (e) {
  let exc = 0;
  try {
    exc = (e !== null && (typeof e === "object" || typeof e === "function") && e.__pyxis_exc) || 0;
    if (exc) {
      e.__pyxis_exc = 0;
      Module.bridge.errorRegistry.unregister(e);
    }
  } catch {
    exc = 0; // a revoked Proxy or a throwing getter: an ordinary JS error
  }
  return exc;
};

// A JS engine stack overflow ("RangeError: Maximum call stack size exceeded").
Module.bridge.isStackOverflow = function (e) {
  try {
    return e instanceof RangeError && /call stack/i.test(e.message);
  } catch {
    return false;
  }
};

// Errors after which the runtime's state cannot be trusted: a wasm trap,
// exit(), or a stack overflow that unwound wasm frames (at the API's top
// level every stack overflow did). Never throws, whatever e is (a revoked
// Proxy, an object with hostile getters).
Module.bridge.isFatal = function (e) {
  try {
    return (
      e instanceof WebAssembly.RuntimeError ||
      Module.bridge.isStackOverflow(e) ||
      (e !== null && typeof e === "object" && e.name === "ExitStatus")
    );
  } catch {
    return false;
  }
};

// Every JS -> wasm call that can run Python code goes through wasmCall or
// calls wasmThrew in its catch (pyxis.mjs, pyproxy.js): a stack overflow passing through it has unwound C frames
// without their cleanup, so the runtime is dead.
Module.bridge.wasmThrew = function (e) {
  if (Module.bridge.isFatal(e)) Module.bridge.markDead(e);
  throw e;
};
Module.bridge.wasmCall = function (f, ...args) {
  try {
    return f(...args);
  } catch (e) {
    Module.bridge.wasmThrew(e);
  }
};

// The catch of every EM_JS_REF/EM_JS_NUM function (error.h): sets the
// pending Python exception for e and returns. Nothing may throw from here
// but a fatal error (the runtime is then dead).
Module.bridge.setErrorFromJs = function (e) {
  // A stack overflow in JS code alone (one that unwound wasm frames has
  // marked the runtime dead in wasmCall): no C frame was skipped, so it is
  // an ordinary RecursionError for Python.
  if (!Module.bridge.dead && Module.bridge.isStackOverflow(e)) {
    Module.bridge.wasmCall(Module._pyxis_set_js_stack_overflow);
    return;
  }
  if (Module.bridge.isFatal(e)) {
    Module.bridge.markDead(e);
    throw e;
  }
  const exc = Module.bridge.takePythonException(e);
  if (exc) {
    Module._pyxis_restore_exception(exc);
    return;
  }
  Module._pyxis_set_error_from_js(Module.hiwire.new_value(e));
};

// The text of a JS error for a JsException's message; never throws.
Module.bridge.errorText = function (e) {
  try {
    if (e instanceof Error || (e && e.name && e.message !== undefined)) {
      return `${e.name}: ${e.message}`;
    }
    return String(e);
  } catch {
    try {
      return Object.prototype.toString.call(e);
    } catch {
      return `<a JS ${typeof e} that cannot be printed>`;
    }
  }
};

// The text of a value JS threw, a JsException's args[0] (never throws): an
// Error's "Name: message"; a string as the Error it stands for ("Error:
// abc"); anything else described on three lines: its type and tag, what
// string interpolation gives, what its toString() gives ("fails" when that
// throws).
Module.bridge.thrownText = function (e) {
  try {
    return describeThrown(e);
  } catch {
    return "<a thrown JS value that cannot be described>"; // e.g. no stack left
  }
};
function describeThrown(e) {
  if (typeof e === "string") return `Error: ${e}`;
  let tag;
  try {
    tag = Object.prototype.toString.call(e);
  } catch {
    tag = "[object ?]";
  }
  let isError = tag === "[object Error]";
  try {
    isError ||= e instanceof Error;
  } catch {
    // a revoked Proxy: not an Error
  }
  if (isError) return Module.bridge.errorText(e);
  const attempt = (f) => {
    try {
      return `gives """${f()}"""`;
    } catch {
      return "fails";
    }
  };
  return (
    `A value of type ${typeof e} with tag ${tag} was thrown as an error!\n` +
    `String interpolation of the thrown value ${attempt(() => `${e}`)}.\n` +
    `The thrown value's toString method ${attempt(() => e.toString())}.`
  );
}

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
