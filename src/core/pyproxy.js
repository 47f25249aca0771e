// pyproxy, JS side: PyProxy, a JS Proxy around a Python object pointer.
// Each PyProxy holds one reference to its object, released by destroy() or,
// if the user forgets, by a FinalizationRegistry. Operations call the C
// entry points in pyproxy.c; a Python error comes back as a thrown
// PythonError. Proxies made for the arguments of a Python -> JS call are
// "borrowed": destroyed when the call returns (or its promise settles);
// JS code that keeps one must copy() it.
(() => {
  const bridge = (Module.bridge = Module.bridge || {});
  // abi.h's numbers: PyProxy capability flags, the slot layout, getBuffer's
  // info fields (Module.abi, given when the runtime starts).
  let PYFLAG, SLOT, SLOT_REF, BUFINFO, BUFINFO_COUNT, HOOK;
  Module.abiHooks = Module.abiHooks || [];
  Module.abiHooks.push((abi) => {
    PYFLAG = bridge.PYFLAG = abi.PYPROXY;
    SLOT = abi.SLOT_SIZE;
    SLOT_REF = abi.SLOT_REF;
    BUFINFO = abi.BUFINFO;
    BUFINFO_COUNT = abi.BUFINFO_COUNT;
    HOOK = abi.HOOK;
  });
  const h = Module.hiwire;
  const STATE = Symbol("pyproxy state");
  let live = 0;

  const registry = new FinalizationRegistry((state) => {
    if (!state.destroyed) release(state);
  });

  function release(state) {
    state.destroyed = true;
    live--;
    bridge.wasmCall(Module._pyproxy_decref, state.ptr); // may run __del__
  }

  // The state of a live proxy (throws if destroyed or if the runtime is dead).
  function check(state) {
    if (state.destroyed) {
      const how = state.borrowed
        ? "it was borrowed for a function call and destroyed when the call returned (use create_proxy() in Python, or copy() it in JS, to keep it)"
        : "it was destroyed";
      throw new Error(`This PyProxy of a '${state.type}' object can no longer be used: ${how}.`);
    }
    if (bridge.dead) throw bridge.deadError();
    return state;
  }

  function stateOf(proxy) {
    const state = proxy?.[STATE];
    if (!state) throw new TypeError("not a PyProxy");
    return check(state);
  }

  // Calls a C entry point returning a handle: 0 means a Python error.
  function callRef(f, ...args) {
    let ref;
    try {
      ref = f(...args);
    } catch (e) {
      bridge.wasmThrew(e);
    }
    if (ref === 0) throw h.pop_value(Module._pyxis_take_error());
    return h.pop_value(ref);
  }
  function callNum(f, ...args) {
    let n;
    try {
      n = f(...args);
    } catch (e) {
      bridge.wasmThrew(e);
    }
    if (n === -1) throw h.pop_value(Module._pyxis_take_error());
    return n;
  }
  bridge.callRef = callRef;
  bridge.callNum = callNum;

  // Runs f with temporary handles for the JS values, released afterwards.
  function withRefs(values, f) {
    const refs = values.map((v) => h.new_value(v));
    try {
      return f(...refs);
    } finally {
      for (const r of refs) h.decref(r);
    }
  }

  // Keyword-name tuples (Python objects, kept alive here) by their names:
  // callKwargs with the same names reuses one. At most KWNAMES_MAX kept.
  const KWNAMES_MAX = 256;
  const kwnamesCache = new Map();
  function kwnamesFor(names) {
    const key = names.join("\0");
    let tuple = kwnamesCache.get(key);
    if (tuple === undefined) {
      tuple = withRefs([names], (r) => bridge.wasmCall(Module._pyproxy_kwnames, r));
      if (!tuple) throw h.pop_value(Module._pyxis_take_error());
      if (kwnamesCache.size >= KWNAMES_MAX) {
        const [oldest, old] = kwnamesCache.entries().next().value;
        kwnamesCache.delete(oldest);
        bridge.wasmCall(Module._pyproxy_decref, old);
      }
      kwnamesCache.set(key, tuple);
    }
    return tuple;
  }

  // Every crossing into Python passes its values in slots (slot.h): numbers,
  // booleans and undefined/null need no handle. Slots live in a scratch area
  // reused across calls (re-entrant calls take the next part of it). The C
  // entry is called as entry(ptr, base, out, x, y): the values' slots at
  // base, a result slot at out. Its -1 (a Python error) throws; with `read`,
  // the result slot's value is returned, with `read === STEP` an iterator
  // step ({value} when the entry returned 1, else null), else the entry's
  // result.
  const SCRATCH_SLOTS = 256;
  const STEP = "step";
  let scratchBase = 0;
  let scratchUsed = 0;
  function slotCall(entry, ptr, values, read, x = 0, y = 0) {
    const n = values.length;
    if (!scratchBase) scratchBase = Module._malloc(SLOT * SCRATCH_SLOTS);
    const need = n + 1;
    const own = scratchUsed + need > SCRATCH_SLOTS;
    const base = own ? Module._malloc(SLOT * need) : scratchBase + SLOT * scratchUsed;
    if (!own) scratchUsed += need;
    const js = Module.jsproxy;
    const handles = [];
    try {
      for (let i = 0; i < n; i++) {
        js.writeSlot(base + SLOT * i, values[i]);
        if (js.slotHasHandle(HEAP32[(base + SLOT * i) >> 2]))
          handles.push(HEAP32[(base + SLOT * i + SLOT_REF) >> 2]);
      }
      const out = base + SLOT * n;
      let rc;
      try {
        rc = entry(ptr, base, out, x, y);
      } catch (e) {
        bridge.wasmThrew(e);
      }
      if (rc === -1) throw h.pop_value(Module._pyxis_take_error());
      if (!read || (read === STEP && rc !== 1)) return read ? null : rc;
      const result = js.readSlot(out);
      if (js.slotHasHandle(HEAP32[out >> 2])) h.decref(HEAP32[(out + SLOT_REF) >> 2]);
      return read === STEP ? { value: result } : result;
    } finally {
      for (const r of handles) h.decref(r);
      if (own) Module._free(base);
      else scratchUsed -= need;
    }
  }

  // A call: args are the positional arguments, then the values of kwnames (a
  // tuple pointer from kwnamesFor, or 0), in its order.
  function callSlots(ptr, args, nargs = args.length, kwnames = 0) {
    return slotCall(Module._pyproxy_call_slots, ptr, args, true, nargs, kwnames);
  }

  function scratch(nInts, f) {
    const ptr = Module._malloc(4 * nInts);
    try {
      return f(ptr);
    } finally {
      Module._free(ptr);
    }
  }

  class PyProxy {
    /** The Python type's name, e.g. "dict". */
    get type() {
      return stateOf(this).type;
    }
    get length() {
      const s = stateOf(this);
      return callNum(Module._pyproxy_length, s.ptr);
    }
    toString() {
      return callRef(Module._pyproxy_str, stateOf(this).ptr);
    }
    /** obj[key] */
    get(key) {
      const s = stateOf(this);
      return slotCall(Module._pyproxy_getitem, s.ptr, [key], true);
    }
    /** obj[key] = value */
    set(key, value) {
      const s = stateOf(this);
      slotCall(Module._pyproxy_setitem, s.ptr, [key, value], false, 0);
    }
    /** del obj[key] */
    delete(key) {
      const s = stateOf(this);
      slotCall(Module._pyproxy_setitem, s.ptr, [key], false, 1);
    }
    /** key in obj */
    has(key) {
      const s = stateOf(this);
      return slotCall(Module._pyproxy_contains, s.ptr, [key]) === 1;
    }
    /** Calls with keyword arguments: the last argument is an object of them. */
    callKwargs(...args) {
      const s = stateOf(this);
      if (
        args.length === 0 ||
        typeof args[args.length - 1] !== "object" ||
        args[args.length - 1] === null
      ) {
        throw new TypeError("callKwargs: the last argument must be an object of keyword arguments");
      }
      const kwargs = args.pop();
      const names = Object.keys(kwargs);
      if (names.length === 0) return callSlots(s.ptr, args);
      const nargs = args.length;
      for (const name of names) args.push(kwargs[name]);
      return callSlots(s.ptr, args, nargs, kwnamesFor(names));
    }
    /** Deep conversion to JS (list -> Array, dict -> Map, ...). */
    toJs({ depth = -1, dict_converter, default_converter, create_pyproxies = true } = {}) {
      const s = stateOf(this);
      const opts = { depth, dict_converter, default_converter, create_pyproxies };
      return withRefs([opts], (o) =>
        callRef(Module._pyproxy_call_helper, HOOK.TO_JS_FROM_JS, s.ptr, o),
      );
    }
    /** A new proxy of the same object, with its own lifetime. */
    copy() {
      const s = stateOf(this);
      return bridge.newPyProxy(s.ptr, false, true);
    }
    /** Releases the Python object; using the proxy afterwards throws. */
    destroy() {
      const s = stateOf(this);
      registry.unregister(s);
      release(s);
    }
    /**
     * The object's buffer as a typed array over the wasm heap (no copy), as
     * Pyodide's PyBufferView: {data, offset, shape, strides, ndim, nbytes,
     * readonly, format, itemsize, c_contiguous, f_contiguous, release()}.
     * `data` spans exactly the bytes the buffer covers (lowest to highest
     * addressed element); element [i, j, ...] is data[offset + i*strides[0]
     * + j*strides[1] + ...] (offset and strides in elements of `data`).
     * `type` picks data's type: "i8", "u8", "u8clamped", "i16", "u16",
     * "i32", "u32", "i64", "u64", "f32", "f64", "dataview" (or a typed array
     * constructor's name), reinterpreting the bytes; by default it follows
     * the format. Views go stale
     * if wasm memory grows: `data` is derived again on each access.
     */
    getBuffer(type) {
      const s = stateOf(this);
      let view;
      const info = scratch(BUFINFO_COUNT, (p) => {
        view = Module._pyproxy_get_buffer(s.ptr, p);
        if (!view) throw h.pop_value(Module._pyxis_take_error());
        return HEAP32.slice(p >> 2, (p >> 2) + BUFINFO_COUNT);
      });
      const B = BUFINFO;
      const [start, span, offsetBytes, readonly, itemsize, ndim] = [
        info[B.START],
        info[B.SPAN],
        info[B.OFFSET],
        info[B.READONLY],
        info[B.ITEMSIZE],
        info[B.NDIM],
      ];
      const [shapePtr, stridesPtr, formatPtr] = [info[B.SHAPE], info[B.STRIDES], info[B.FORMAT]];
      const [cContig, fContig] = [info[B.C_CONTIG], info[B.F_CONTIG]];
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        Module._pyproxy_release_buffer(view);
      };
      try {
        const format = UTF8ToString(formatPtr);
        const Ctor =
          type !== undefined ? bridge.typedArrayByName(type) : bridge.typedArrayFor(format);
        const unit = Ctor === DataView ? 1 : Ctor.BYTES_PER_ELEMENT;
        const shape = Array.from(HEAP32.subarray(shapePtr >> 2, (shapePtr >> 2) + ndim));
        const bytesStrides = Array.from(HEAP32.subarray(stridesPtr >> 2, (stridesPtr >> 2) + ndim));
        // An empty buffer's pointer may be anything (unaligned): it has no bytes.
        const base = span ? start : 0;
        if (span && (start % unit || span % unit)) {
          throw new TypeError(
            `getBuffer: this '${s.type}' buffer (format '${format}', ${span} bytes) cannot be ` +
              `viewed as ${Ctor.name}: its address or size is not a multiple of ${unit} ` +
              `bytes; use getBuffer("u8") or getBuffer("dataview")`,
          );
        }
        return {
          get data() {
            if (released) throw new Error("this buffer has been released");
            return Ctor === DataView
              ? new DataView(HEAP8.buffer, base, span)
              : new Ctor(HEAP8.buffer, base, span / unit);
          },
          // In elements of data (fractional only when `type` reinterprets
          // the bytes with an element size that the layout does not fit).
          offset: span ? offsetBytes / unit : 0,
          shape,
          strides: bytesStrides.map((b) => b / unit),
          ndim,
          nbytes: span,
          readonly: !!readonly,
          format,
          itemsize,
          c_contiguous: !!cContig,
          f_contiguous: !!fContig,
          release,
        };
      } catch (err) {
        release();
        throw err;
      }
    }
  }

  const METHODS = new Set([
    "type",
    "length",
    "toString",
    "get",
    "set",
    "delete",
    "has",
    "callKwargs",
    "toJs",
    "copy",
    "destroy",
    "getBuffer",
  ]);

  // The typed array for a struct format (native byte order), from abi.h's
  // PYXIS_BUFFER_FORMATS; Uint8Array for formats it does not list (structs,
  // big-endian, float16, ...).
  bridge.typedArrayFor = (format) => {
    const name = Module.abi.BUFFER_FORMATS[format.replace(/^[@=<]/, "")];
    return name ? globalThis[name] : Uint8Array;
  };
  const SHORT_TYPES = {
    i8: Int8Array,
    u8: Uint8Array,
    u8clamped: Uint8ClampedArray,
    i16: Int16Array,
    u16: Uint16Array,
    i32: Int32Array,
    u32: Uint32Array,
    i64: BigInt64Array,
    u64: BigUint64Array,
    f32: Float32Array,
    f64: Float64Array,
    dataview: DataView,
  };
  bridge.typedArrayByName = (name) => {
    const C = Object.hasOwn(SHORT_TYPES, name) ? SHORT_TYPES[name] : globalThis[name];
    const ok = typeof C === "function" && (C === DataView || C.BYTES_PER_ELEMENT);
    if (typeof name !== "string" || !ok) {
      throw new TypeError(
        `getBuffer: unknown type '${String(name)}' (expected one of ${Object.keys(SHORT_TYPES).join(", ")})`,
      );
    }
    return C;
  };

  const handler = {
    get(target, prop, receiver) {
      const s = target[STATE];
      if (prop === STATE) return s;
      if (typeof prop === "symbol") {
        if (prop === Symbol.iterator && s.flags & PYFLAG.ITERABLE) return () => iterate(receiver);
        if (prop === Symbol.toStringTag) return "PyProxy";
        return undefined;
      }
      if (METHODS.has(prop)) {
        const d = Object.getOwnPropertyDescriptor(PyProxy.prototype, prop);
        return d.get ? d.get.call(receiver) : d.value;
      }
      if (prop === "then" || prop === "catch" || prop === "finally") {
        if (!(s.flags & PYFLAG.AWAITABLE)) return undefined;
        return (...args) => bridge.awaitablePromise(receiver)[prop](...args);
      }
      check(s);
      return slotCall(Module._pyproxy_getattr, s.ptr, [prop], true);
    },
    set(target, prop, value, receiver) {
      const s = stateOf(receiver);
      if (typeof prop === "symbol") throw new TypeError("cannot set a symbol on a PyProxy");
      slotCall(Module._pyproxy_setattr, s.ptr, [prop, value], false, 0);
      return true;
    },
    deleteProperty(target, prop) {
      const s = check(target[STATE]);
      if (typeof prop === "symbol") return false;
      slotCall(Module._pyproxy_setattr, s.ptr, [prop], false, 1);
      return true;
    },
    has(target, prop) {
      const s = target[STATE];
      if (prop === STATE || METHODS.has(prop)) return true;
      if (typeof prop === "symbol")
        return prop === Symbol.iterator && !!(s.flags & PYFLAG.ITERABLE);
      check(s);
      return slotCall(Module._pyproxy_hasattr, s.ptr, [prop]) === 1;
    },
    ownKeys(target) {
      const s = check(target[STATE]);
      const names = callRef(Module._pyproxy_dir, s.ptr);
      for (const k of Reflect.ownKeys(target)) if (!names.includes(k)) names.push(k);
      return names;
    },
    getOwnPropertyDescriptor(target, prop) {
      const own = Reflect.getOwnPropertyDescriptor(target, prop);
      if (own) return own;
      if (typeof prop === "symbol" || !handler.has(target, prop)) return undefined;
      return {
        value: handler.get(target, prop, target),
        writable: true,
        enumerable: true,
        configurable: true,
      };
    },
    getPrototypeOf() {
      return PyProxy.prototype;
    },
    apply(target, thisArg, args) {
      const s = check(target[STATE]);
      return callSlots(s.ptr, args);
    },
  };

  function* iterate(proxy) {
    const s = stateOf(proxy);
    const it = Module._pyproxy_iter(s.ptr);
    if (!it) throw h.pop_value(Module._pyxis_take_error());
    try {
      for (;;) {
        const r = slotCall(Module._pyproxy_iter_next, it, [], STEP);
        if (!r) return;
        yield r.value;
      }
    } finally {
      Module._pyproxy_decref(it);
    }
  }

  // A new proxy; takes one reference to ptr when `incref` (else the caller
  // has taken it, as pyproxy_new in C does).
  bridge.newPyProxy = (ptr, borrowed, incref = false) => {
    if (incref) Module._pyproxy_incref(ptr);
    const flags = Module._pyproxy_flags(ptr);
    const target = flags & PYFLAG.CALLABLE ? () => {} : {};
    const state = {
      ptr,
      flags,
      borrowed,
      destroyed: false,
      type: UTF8ToString(Module._pyproxy_type_name(ptr)),
    };
    Object.defineProperty(target, STATE, { value: state });
    const proxy = new Proxy(target, handler);
    // The registry holds `state`, so state must not hold the proxy.
    live++;
    registry.register(proxy, state, state);
    if (borrowed) bridge.borrowed.push(proxy);
    return proxy;
  };

  // Borrowed proxies, in creation order; C keeps their count (see pyproxy.h).
  bridge.borrowed = [];
  bridge.borrowEnd = (mark, result) => {
    const proxies = bridge.borrowed.splice(mark);
    const destroyAll = () => {
      for (const p of proxies) {
        const s = p[STATE];
        if (!s.destroyed) {
          registry.unregister(s);
          release(s);
        }
      }
    };
    // A promise (or other thenable) result keeps the arguments alive until it
    // settles. Its `then` is user code: if it throws, the proxies go now and
    // the error is the call's (pyproxy_borrow_end returns -1).
    try {
      const then =
        result !== null &&
        (typeof result === "object" || typeof result === "function") &&
        !bridge.isPyProxy(result)
          ? result.then
          : undefined;
      if (typeof then === "function") Reflect.apply(then, result, [destroyAll, destroyAll]);
      else destroyAll();
    } catch (e) {
      destroyAll();
      throw e;
    }
  };

  // then/catch/finally of an awaitable: a promise from Python's asyncio.
  bridge.awaitablePromise = (proxy) => {
    const s = stateOf(proxy);
    if (!s.promise) s.promise = callRef(Module._pyproxy_call_helper, HOOK.TO_PROMISE, s.ptr, 0);
    return s.promise;
  };

  bridge.pyproxyPointer = (v) => (bridge.isPyProxy(v) ? stateOf(v).ptr : 0);
  // Never throws (a revoked Proxy is simply not a PyProxy).
  bridge.isPyProxy = (v) => {
    if ((typeof v !== "object" && typeof v !== "function") || v === null) return false;
    try {
      return !!v[STATE];
    } catch {
      return false;
    }
  };
  bridge.livePyProxies = () => live;
  bridge.PyProxy = PyProxy;
})();

// create_once_callable: a function that calls the Python callable once and
// then releases it; a second call throws.
Module.bridge.onceCallable = (proxy) => {
  const own = proxy.copy();
  let used = false;
  return function (...args) {
    if (used)
      throw new Error(
        "This function was created by create_once_callable and has already been called.",
      );
    used = true;
    try {
      return own(...args);
    } finally {
      own.destroy();
    }
  };
};
