// jsproxy, JS side: the operations behind the Python JsProxy type
// (jsproxy.c), on plain JS values. Any of them may throw; the EM_JS_REF /
// EM_JS_NUM wrappers in jsproxy.c turn a throw into a Python exception.
// The numbers C owns (abi.h) arrive in Module.abi when the runtime starts.
Module.abiHooks = Module.abiHooks || [];

Module.jsproxy = (() => {
  let F; // JsProxy capability flags, abi.JSPROXY
  Module.abiHooks.push((abi) => {
    F = api.F = abi.JSPROXY;
    // A typed array constructor's name -> its buffer format (the first abi.h
    // lists for it).
    api.formatOf = {};
    for (const [format, name] of Object.entries(abi.BUFFER_FORMATS)) api.formatOf[name] ??= format;
  });
  const ids = new WeakMap();
  let nextId = 1;
  const GeneratorProto = Object.getPrototypeOf(function* () {}).prototype;
  const AsyncGeneratorProto = Object.getPrototypeOf(async function* () {}).prototype;
  // A plain object: its prototype is null or an Object.prototype, this
  // realm's or another's (a vm context's, an iframe's).
  const isPlainObject = (v) => {
    const proto = Object.getPrototypeOf(v);
    if (proto === null || proto === Object.prototype) return true;
    return (
      Object.getPrototypeOf(proto) === null &&
      Object.prototype.hasOwnProperty.call(proto, "isPrototypeOf") &&
      typeof proto.constructor === "function" &&
      proto.constructor.name === "Object" &&
      proto.constructor.prototype === proto
    );
  };

  const api = {
    // Never throws: an object whose probing throws (a revoked Proxy, hostile
    // getters) gets the capabilities found before the throw.
    flags(v) {
      let f = 0;
      const t = typeof v;
      if (t === "function") f |= F.CALLABLE;
      if (t !== "object" && t !== "function") return f;
      try {
        return api.probeFlags(v, t, f);
      } catch {
        return f;
      }
    },
    // Pyodide's rules for which Python protocols a JsProxy has (its mixins):
    // computed once, when the proxy is made.
    probeFlags(v, t, f) {
      // A PyProxy (from create_proxy): probing it would run Python code.
      if (Module.bridge.isPyProxy(v)) return f | F.DOUBLE_PROXY;
      const isFn = (x) => typeof x === "function";
      // Tags rather than instanceof: values from another realm (a vm
      // context, an iframe) have their own ArrayBuffer, Set and Error.
      const tag = Object.prototype.toString.call(v);
      if (Array.isArray(v)) f |= F.ARRAY;
      else if (ArrayBuffer.isView(v) || tag === "[object ArrayBuffer]") f |= F.BUFFER;
      if (isFn(v[Symbol.iterator])) f |= F.ITERABLE;
      // An async iterator (next and [Symbol.asyncIterator]) is not a sync one.
      if (isFn(v.next) && !isFn(v[Symbol.asyncIterator])) f |= F.ITERATOR | F.ITERABLE;
      if (isFn(v[Symbol.asyncIterator])) f |= F.ASYNC_ITERABLE;
      if (isFn(v.next) && (isFn(v[Symbol.asyncIterator]) || !isFn(v[Symbol.iterator])))
        f |= F.ASYNC_ITERATOR;
      if (isFn(v.then)) f |= F.THENABLE;
      if (v instanceof Error || tag === "[object Error]") f |= F.ERROR;
      if (tag === "[object Set]") f |= F.SET;
      if (isFn(v.get)) f |= F.HAS_GET;
      // (A typed array's set() copies an array into it: not a Map's.)
      if (isFn(v.set) && !(f & F.BUFFER)) f |= F.HAS_SET;
      if (isFn(v.has)) f |= F.HAS_HAS;
      else if (isFn(v.includes)) f |= F.HAS_INCLUDES;
      if (f & F.HAS_GET && f & F.HAS_HAS) f |= F.MAP;
      if (
        t === "object" &&
        (typeof v.length === "number" ||
          typeof v.size === "number" ||
          tag === "[object ArrayBuffer]")
      ) {
        f |= F.HAS_LENGTH;
      }
      if (f & F.HAS_LENGTH && f & F.ITERABLE && !(f & F.ITERATOR)) f |= F.ARRAY_LIKE;
      if (GeneratorProto.isPrototypeOf(v) || tag === "[object Generator]") f |= F.GENERATOR;
      else if (AsyncGeneratorProto.isPrototypeOf(v) || tag === "[object AsyncGenerator]")
        f |= F.ASYNC_GENERATOR;
      if (t === "object" && isPlainObject(v)) f |= F.OBJECT_MAP;
      return f;
    },
    // len(): size, else length, else an ArrayBuffer's byteLength (C checks
    // that it is a valid length).
    length(v) {
      if (Object.prototype.toString.call(v) === "[object ArrayBuffer]") return v.byteLength;
      const n = typeof v.size === "number" ? v.size : v.length;
      return typeof n === "number" ? n : NaN;
    },
    id(v) {
      if ((typeof v !== "object" && typeof v !== "function") || v === null) return 0;
      let id = ids.get(v);
      if (id === undefined) {
        id = nextId++;
        ids.set(v, id);
      }
      return id;
    },
    typeName(v) {
      try {
        return v?.constructor?.name || typeof v;
      } catch {
        return typeof v;
      }
    },
    repr(v) {
      try {
        if (v instanceof Error || Object.prototype.toString.call(v) === "[object Error]")
          return `${v.name}: ${v.message}`;
        return this.str(v);
      } catch {
        return Module.bridge.errorText(v);
      }
    },
    // str(): the value's toString(); Object.prototype.toString's tag when it
    // has none, or reading it throws. An error thrown by toString() itself
    // reaches Python.
    str(v) {
      let toString;
      try {
        toString = v.toString;
      } catch {
        toString = undefined;
      }
      if (typeof toString !== "function") return Object.prototype.toString.call(v);
      return String(Reflect.apply(toString, v, []));
    },
    truthy(v) {
      if (Module.bridge.isPyProxy(v)) return true;
      if (Object.prototype.toString.call(v) === "[object ArrayBuffer]") return v.byteLength > 0;
      if (typeof v === "object" && v !== null) {
        if (typeof v.length === "number") return v.length > 0;
        if (typeof v.size === "number") return v.size > 0;
      }
      return !!v;
    },
  };
  return api;
})();

// Slots (slot.h): the one classification of JS values for Python, and how
// calls pass values without a handle for numbers, booleans and undefined/null.
// A slot is an int32 kind (first), an int32 handle (or pointer) at SLOT_REF
// and a float64 number at SLOT_NUM; kinds and layout come from abi.h.
let SLOT, SLOT_REF, SLOT_NUM;
Module.abiHooks.push((abi) => {
  SLOT = Module.jsproxy.SLOT = abi.SLOT;
  SLOT_REF = abi.SLOT_REF;
  SLOT_NUM = abi.SLOT_NUM;
});
Module.jsproxy.slotHasHandle = (kind) => kind >= SLOT.HANDLE && kind <= SLOT.BIGINT;
Module.jsproxy.readSlot = (p) => {
  switch (HEAP32[p >>> 2]) {
    case SLOT.NONE:
      return undefined;
    case SLOT.JSNULL:
      return null;
    case SLOT.TRUE:
      return true;
    case SLOT.FALSE:
      return false;
    case SLOT.INT:
    case SLOT.FLOAT:
      return HEAPF64[(p + SLOT_NUM) >>> 3];
    default:
      return Module.hiwire.get_value(HEAP32[(p + SLOT_REF) >>> 2]);
  }
};
// ref: a handle of v to reuse (borrowed), or 0 to make a new one if needed.
Module.jsproxy.writeSlot = (p, v, ref = 0) => {
  const t = typeof v;
  let kind;
  if (t === "number") {
    // As Pyodide: a safe integer (so -0 too) becomes an int, anything else a
    // float (2**53 + 2 and 1e300 stay floats and come back unchanged).
    HEAP32[p >>> 2] = Number.isSafeInteger(v) ? SLOT.INT : SLOT.FLOAT;
    HEAPF64[(p + SLOT_NUM) >>> 3] = v;
    return;
  }
  if (v === undefined) kind = SLOT.NONE;
  // null is Python's jsnull, as in Pyodide 314 (None with loadPyodide's
  // convertNullToNone).
  else if (v === null) kind = Module.convertNullToNone ? SLOT.NONE : SLOT.JSNULL;
  else if (t === "boolean") kind = v ? SLOT.TRUE : SLOT.FALSE;
  else if (t === "string") kind = SLOT.STRING;
  else if (t === "bigint") kind = SLOT.BIGINT;
  else {
    const ptr = Module.bridge.pyproxyPointerForPython(v);
    if (ptr) {
      HEAP32[p >>> 2] = SLOT.PYPROXY;
      HEAP32[(p + SLOT_REF) >>> 2] = ptr;
      return;
    }
    kind = t === "function" ? SLOT.FUNCTION : SLOT.HANDLE;
  }
  HEAP32[p >>> 2] = kind;
  if (Module.jsproxy.slotHasHandle(kind))
    HEAP32[(p + SLOT_REF) >>> 2] = ref || Module.hiwire.new_value(v);
  // An object becomes a JsProxy: its capability flags travel in the slot.
  if (kind === SLOT.HANDLE || kind === SLOT.FUNCTION)
    HEAPF64[(p + SLOT_NUM) >>> 3] = Module.jsproxy.flags(v);
};
