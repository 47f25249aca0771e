// pyodide.ffi on the JS side: the types of Python objects seen from JS, for
// `instanceof` (and for TypeScript). A PyProxy is a JS Proxy made by the
// runtime (src/core/pyproxy.js), not by these constructors: each class
// recognises instances by what the Python object supports (its capabilities,
// which decide the proxy's methods), so `x instanceof ffi.PyDict` works for
// proxies of any runtime this loader started. A proxy answers
// x[Symbol.for("pyxis.ffi.kinds")] with the Set of the names below it is an
// instance of; a getBuffer() view answers with "PyBufferView".
import { PythonError } from "./python-error.mjs";

const KINDS = Symbol.for("pyxis.ffi.kinds");

function hasKind(x, name) {
  if (x === null || (typeof x !== "object" && typeof x !== "function")) return false;
  try {
    const kinds = x[KINDS];
    return kinds instanceof Set && kinds.has(name);
  } catch {
    return false; // a revoked Proxy, a throwing getter: not ours
  }
}

/** A Python object seen from JS (made by the runtime, never with `new`). */
export class PyProxy {
  constructor() {
    throw new TypeError("PyProxy is not a constructor: PyProxies come from the Python runtime");
  }
  static [Symbol.hasInstance](x) {
    return hasKind(x, "PyProxy");
  }
}

// One class per capability: x instanceof C when the proxied object has it.
function kind(name) {
  const C = {
    [name]: class extends PyProxy {
      static [Symbol.hasInstance](x) {
        return hasKind(x, name);
      }
    },
  }[name];
  return C;
}

export const PyProxyWithLength = kind("PyProxyWithLength"); // __len__: length
export const PyProxyWithGet = kind("PyProxyWithGet"); // __getitem__: get(), asJsJson()
export const PyProxyWithSet = kind("PyProxyWithSet"); // __setitem__: set(), delete()
export const PyProxyWithHas = kind("PyProxyWithHas"); // __contains__: has()
export const PyDict = kind("PyDict"); // a dict
export const PyIterable = kind("PyIterable"); // __iter__ (or __next__): [Symbol.iterator]
export const PyAsyncIterable = kind("PyAsyncIterable"); // __aiter__: [Symbol.asyncIterator]
export const PyIterator = kind("PyIterator"); // __next__: next()
export const PyAsyncIterator = kind("PyAsyncIterator"); // __anext__: next() -> Promise
export const PyGenerator = kind("PyGenerator"); // a Generator: next(), return(), throw()
export const PyAsyncGenerator = kind("PyAsyncGenerator"); // an AsyncGenerator
export const PyAwaitable = kind("PyAwaitable"); // __await__: then(), catch(), finally()
export const PyCallable = kind("PyCallable"); // __call__
export const PyBuffer = kind("PyBuffer"); // the buffer protocol: getBuffer()
export const PySequence = kind("PySequence"); // a Sequence: Array's reading methods
export const PyMutableSequence = kind("PyMutableSequence"); // a MutableSequence: all of Array's

/** What getBuffer() returns: a typed-array view of a Python buffer. */
export class PyBufferView {
  constructor() {
    throw new TypeError("PyBufferView is not a constructor: use a PyProxy's getBuffer()");
  }
  static [Symbol.hasInstance](x) {
    return hasKind(x, "PyBufferView");
  }
}

export { PythonError };

export const ffi = Object.freeze({
  PyProxy,
  PyProxyWithLength,
  PyProxyWithGet,
  PyProxyWithSet,
  PyProxyWithHas,
  PyDict,
  PyIterable,
  PyAsyncIterable,
  PyIterator,
  PyAsyncIterator,
  PyGenerator,
  PyAsyncGenerator,
  PyAwaitable,
  PyCallable,
  PyBuffer,
  PyBufferView,
  PySequence,
  PyMutableSequence,
  PythonError,
});
