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
  let F, SLOT, SLOT_REF, BUFINFO, BUFINFO_COUNT, HOOK;
  Module.abiHooks = Module.abiHooks || [];
  Module.abiHooks.push((abi) => {
    F = bridge.PYFLAG = abi.PYPROXY;
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
    if (state.destroyed) throw destroyedError(state);
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
  // base, a result slot at out. Its -1 (a Python error) throws. What is
  // returned depends on `read`: false, the entry's result; true, the result
  // slot's value; STEP, an iterator step ({value} when the entry returned 1,
  // else null); FOUND, the value, or MISSING when the entry returned 2 (a
  // lookup that found nothing); OUTCOME, {rc, value} (value read when rc is
  // 0 or 1: a generator's step).
  const SCRATCH_SLOTS = 256;
  const VALUE = true;
  const STEP = "step";
  const FOUND = "found";
  const MISSING = Symbol("missing");
  const OUTCOME = "outcome";
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
        if (js.slotHasHandle(HEAP32[(base + SLOT * i) >>> 2]))
          handles.push(HEAP32[(base + SLOT * i + SLOT_REF) >>> 2]);
      }
      const out = base + SLOT * n;
      let rc;
      try {
        rc = entry(ptr, base, out, x, y);
      } catch (e) {
        bridge.wasmThrew(e);
      }
      if (rc === -1) throw h.pop_value(Module._pyxis_take_error());
      if (!read) return rc;
      if (read === STEP && rc !== 1) return null;
      if (read === FOUND && rc === 2) return MISSING;
      if (read === OUTCOME && rc !== 0 && rc !== 1) return { rc };
      const result = js.readSlot(out);
      if (js.slotHasHandle(HEAP32[out >>> 2])) h.decref(HEAP32[(out + SLOT_REF) >>> 2]);
      if (read === STEP) return { value: result };
      return read === OUTCOME ? { rc, value: result } : result;
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

  // --- Lifetime ------------------------------------------------------------
  // A proxy's state (STATE, on its target) is shared by the proxies of one
  // lifetime: the one newPyProxy made and those derived from it (asJsJson,
  // bind, captureThis), which keep it alive through props.parent. copy()
  // makes a new lifetime. PROPS holds what is the proxy's own.
  const PROPS = Symbol("pyproxy props");
  // pyodide.ffi's instanceof protocol (js/ffi.mjs): a proxy answers this
  // symbol with the Set of the ffi class names it is an instance of.
  const KINDS = Symbol.for("pyxis.ffi.kinds");
  const DISPOSE = Symbol.dispose ?? Symbol.for("Symbol.dispose");
  const NO_PROPS = Object.freeze({
    json: false,
    captureThis: false,
    isBound: false,
    boundThis: undefined,
    boundArgs: Object.freeze([]),
    parent: undefined,
  });
  const propsOf = (proxy) => proxy[PROPS] ?? NO_PROPS;

  const BORROWED =
    "This borrowed proxy was automatically destroyed at the end of a function call. " +
    "Try using create_proxy or create_once_callable (in Python), or copy() (in JS), to keep it.";
  // The error for a use after destroy: Pyodide's first line; the second names
  // the object (with its repr when setDebug(true) was on when it went).
  function destroyedError(state) {
    const what = state.destroyedMessage ?? DESTROYED;
    if (state.debugRepr !== undefined)
      return new Error(`${what}\nThe object was of type "${state.type}" and ${state.debugRepr}`);
    return new Error(
      `${what} (a PyProxy of a '${state.type}' object)\n` +
        "For more information about the cause of this error, use `pyodide.setDebug(true)`",
    );
  }
  const DESTROYED = "Object has already been destroyed";
  // (A borrowed proxy destroyed at the end of its call says BORROWED; one
  // destroyed by destroy() says DESTROYED.)

  // Ends a lifetime (destroy(), a borrowed proxy's call returning). With
  // setDebug(true), the repr is taken first for later error messages.
  function destroyState(state, message) {
    if (state.destroyed) return;
    if (bridge.debug && !bridge.dead) {
      try {
        state.debugRepr = `had repr "${callRef(Module._pyproxy_repr, state.ptr)}"`;
      } catch {
        state.debugRepr = "an error was raised when trying to generate its repr";
      }
    }
    if (message !== undefined) state.destroyedMessage = message;
    registry.unregister(state);
    release(state);
    // Attribute proxies read from this one go with it (not when it is only
    // garbage-collected: then they live on by themselves).
    for (const ref of state.attributes?.values() ?? []) {
      const child = ref.deref();
      if (child !== undefined) destroyState(child[STATE], BORROWED_FROM);
    }
    state.attributes = undefined;
  }
  const BORROWED_FROM =
    "This borrowed attribute proxy was automatically destroyed in the process of destroying the proxy it was borrowed from. Try using the 'copy' method.";

  // A proxy of an attribute (p.attr) is borrowed from p, as in Pyodide:
  // p.destroy() destroys it too (copy() it to keep it), and reading an
  // attribute that is the same Python object (or a method of p with the same
  // function) again gives the same proxy while it lives. Kept weakly, by
  // pyproxy_attribute_key; the map drops collected and destroyed entries as
  // it grows.
  function borrowFrom(state, child) {
    const map = (state.attributes ??= new Map());
    const key = Module._pyproxy_attribute_key(state.ptr, child[STATE].ptr);
    const cached = map.get(key)?.deref();
    if (cached !== undefined && !cached[STATE].destroyed) {
      destroyState(child[STATE]);
      return cached;
    }
    map.set(key, new WeakRef(child));
    if (map.size >= (state.attributesLimit ?? 64)) {
      for (const [key, ref] of map) {
        const c = ref.deref();
        if (c === undefined || c[STATE].destroyed) map.delete(key);
      }
      state.attributesLimit = Math.max(64, 2 * map.size);
    }
    return child;
  }

  const isPythonError = (e, type) => e instanceof Module.PythonError && e.type === type;

  // --- The proxies' methods (Pyodide's mixins), by capability ------------------
  // Every proxy has PyProxyMethods; the rest are added to its prototype when
  // the Python object supports them (pyproxy_flags), so that `"length" in p`,
  // `typeof p.get`, ... tell what the object can do.
  class PyProxyMethods {
    /** The Python type's name, e.g. "dict". */
    get type() {
      return stateOf(this).type;
    }
    toString() {
      return callRef(Module._pyproxy_str, stateOf(this).ptr);
    }
    /** Deep conversion to JS (list -> Array, dict -> Object, ...). */
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
      const props = Object.assign({}, propsOf(this), { parent: undefined });
      return bridge.newPyProxy(s.ptr, false, true, props);
    }
    /**
     * Releases the Python object; using the proxy (or one derived from it by
     * asJsJson, bind or captureThis) afterwards throws. A second destroy() does
     * nothing. options.message: the first line of that error.
     */
    destroy(options) {
      const s = this?.[STATE];
      if (!s) throw new TypeError("destroy: not a PyProxy");
      if (options !== undefined && (options === null || typeof options !== "object"))
        throw new TypeError("destroy(options): options must be an object ({message})");
      const message = options?.message;
      if (message !== undefined && typeof message !== "string")
        throw new TypeError("destroy(options): options.message must be a string");
      if (s.destroyed) return;
      if (bridge.dead) throw bridge.deadError();
      destroyState(s, message);
    }
    [DISPOSE]() {
      this.destroy();
    }
    get [Symbol.toStringTag]() {
      return "PyProxy";
    }
    get [KINDS]() {
      return kindsOf(this[STATE].flags);
    }
  }

  class LengthMethods {
    /** len(obj) */
    get length() {
      return callNum(Module._pyproxy_length, stateOf(this).ptr);
    }
  }

  class GetMethods {
    /** obj[key]; undefined for a missing key. */
    get(key) {
      const s = stateOf(this);
      return asJson(this, slotCall(Module._pyproxy_getitem, s.ptr, [key], true));
    }
    /**
     * A view of the object for JSON-like data: a mapping's items are its
     * properties (o.key, Object.keys, JSON.stringify), and items read through
     * it are such views too. Same lifetime as this proxy.
     */
    asJsJson() {
      return derive(this, { json: true });
    }
  }

  class SetMethods {
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
  }

  class HasMethods {
    /** key in obj */
    has(key) {
      const s = stateOf(this);
      return slotCall(Module._pyproxy_contains, s.ptr, [key]) === 1;
    }
  }

  class IterableMethods {
    [Symbol.iterator]() {
      return iterate(this);
    }
  }

  // An iterator is its own iterable (as JS iterators are).
  class IteratorMethods {
    [Symbol.iterator]() {
      return this;
    }
    /** next(value): {done, value}; value is sent into a generator. */
    next(value) {
      const s = stateOf(this);
      return outcome(slotCall(Module._pyproxy_gen_send, s.ptr, [value], OUTCOME), undefined);
    }
  }

  class GeneratorMethods {
    /** Closes the generator (GeneratorExit); it may still yield or return its own value. */
    return(value) {
      const s = stateOf(this);
      return outcome(slotCall(Module._pyproxy_gen_return, s.ptr, [], OUTCOME), value);
    }
    /** Raises error in the generator where it is paused. */
    throw(error) {
      const s = stateOf(this);
      return outcome(slotCall(throwing(Module._pyproxy_gen_throw, error), s.ptr, [error], OUTCOME));
    }
  }

  class AsyncIterableMethods {
    [Symbol.asyncIterator]() {
      return asyncIterate(this);
    }
  }

  class AsyncIteratorMethods {
    [Symbol.asyncIterator]() {
      return this;
    }
    /** A Promise of {done, value}: __anext__ (or asend(value) of an async generator). */
    next(value) {
      const agen = this[STATE].flags & F.ASYNC_GENERATOR;
      return agen && value !== undefined
        ? asyncStep(this, Module._pyproxy_asend, [value])
        : asyncStep(this, Module._pyproxy_anext, []);
    }
  }

  class AsyncGeneratorMethods {
    return(value) {
      return asyncStep(this, Module._pyproxy_areturn, [], { value });
    }
    throw(error) {
      return asyncStep(this, throwing(Module._pyproxy_athrow, error), [error]);
    }
  }

  class AwaitableMethods {
    then(onFulfilled, onRejected) {
      return bridge.awaitablePromise(this).then(onFulfilled, onRejected);
    }
    catch(onRejected) {
      return bridge.awaitablePromise(this).catch(onRejected);
    }
    finally(onFinally) {
      return bridge.awaitablePromise(this).finally(onFinally);
    }
  }

  class CallableMethods {
    apply(thisArg, args) {
      return Reflect.apply(Function.prototype.apply, this, [thisArg, args]);
    }
    call(thisArg, ...args) {
      return Reflect.apply(this, thisArg, args);
    }
    /** A proxy calling with this `this` and these first arguments (same lifetime). */
    bind(thisArg, ...args) {
      const p = propsOf(this);
      return derive(this, {
        isBound: true,
        boundThis: p.isBound ? p.boundThis : thisArg,
        boundArgs: [...p.boundArgs, ...args],
      });
    }
    /** A proxy passing the JS `this` as the first argument (same lifetime). */
    captureThis() {
      return derive(this, { captureThis: true });
    }
    /** Calls with keyword arguments: the last argument is an object of them. */
    callKwargs(...args) {
      return callWith(this, { kwargs: true }, args, "callKwargs");
    }
    /** Calls dropping the extra arguments the function cannot take (pyodide.code.relaxed_call). */
    callRelaxed(...args) {
      return callWith(this, { relaxed: true }, args, "callRelaxed");
    }
    /** callKwargs and callRelaxed together. */
    callKwargsRelaxed(...args) {
      return callWith(this, { kwargs: true, relaxed: true }, args, "callKwargsRelaxed");
    }
    /** A call with options: {kwargs, relaxed} as callKwargs and callRelaxed. */
    callWithOptions(options, ...args) {
      if (options === null || typeof options !== "object")
        throw new TypeError("callWithOptions: the first argument must be an options object");
      if (options.promising)
        throw new TypeError(
          "callWithOptions: promising calls need JS promise integration (stack switching), " +
            "which pyxis does not have; await an async def instead",
        );
      return callWith(this, options, args, "callWithOptions");
    }
  }

  // A call of a callable proxy: the last argument an object of keyword
  // arguments when options.kwargs; extra arguments dropped when
  // options.relaxed (by pyodide.code.relaxed_call).
  function callWith(proxy, { kwargs: withKwargs = false, relaxed = false }, args, name) {
    const s = stateOf(proxy);
    args = adjustArgs(propsOf(proxy), undefined, args);
    let kwargs;
    if (withKwargs) {
      const what = name === "callWithOptions" ? "callWithOptions with 'kwargs: true'" : name;
      if (args.length === 0)
        throw new TypeError(
          `${what} requires at least one argument (the object of keyword arguments)`,
        );
      kwargs = args.pop();
      if (typeof kwargs !== "object" || kwargs === null || Array.isArray(kwargs))
        throw new TypeError(
          `${name}: kwargs argument is not an object (the last argument must be an ` +
            `object of keyword arguments, not ${kwargs === null ? "null" : typeof kwargs})`,
        );
    }
    if (relaxed)
      return withRefs([{ args, kwargs }], (call) =>
        callRef(Module._pyproxy_call_helper, HOOK.RELAXED_CALL, s.ptr, call),
      );
    const names = withKwargs ? Object.keys(kwargs) : [];
    if (names.length === 0) return callSlots(s.ptr, args);
    const nargs = args.length;
    for (const k of names) args.push(kwargs[k]);
    return callSlots(s.ptr, args, nargs, kwnamesFor(names));
  }

  class BufferMethods {
    /**
     * The object's buffer as a typed array over the wasm heap (no copy), a
     * PyBufferView: {data, offset, shape, strides, ndim, nbytes, readonly,
     * format, itemsize, c_contiguous, f_contiguous, release()}. `data` spans
     * exactly the bytes the buffer covers (lowest to highest addressed
     * element); element [i, j, ...] is data[offset + i*strides[0] +
     * j*strides[1] + ...] (offset and strides in elements of `data`). `type`
     * picks data's type: "i8", "u8", "u8clamped", "i16", "u16", "i32", "u32",
     * "i64", "u64", "f32", "f64", "dataview" (or a typed array constructor's
     * name), reinterpreting the bytes; by default it follows the format.
     */
    getBuffer(type) {
      return getBuffer(stateOf(this), type);
    }
  }

  // Array's methods that do not change the array work unchanged on a sequence
  // proxy (it has length and p[i]).
  const READING = [
    "join",
    "slice",
    "indexOf",
    "lastIndexOf",
    "forEach",
    "map",
    "filter",
    "some",
    "every",
    "reduce",
    "reduceRight",
    "at",
    "concat",
    "includes",
    "entries",
    "keys",
    "values",
    "find",
    "findIndex",
  ];
  class SequenceMethods {
    get [Symbol.isConcatSpreadable]() {
      return true;
    }
    toJSON() {
      return Array.from(this);
    }
  }
  for (const name of READING) {
    const f = Array.prototype[name];
    Object.defineProperty(SequenceMethods.prototype, name, {
      value: {
        [name](...args) {
          return Reflect.apply(f, this, args);
        },
      }[name],
      writable: true,
      configurable: true,
    });
  }

  class MutableSequenceMethods {
    /** Reverses in place (list.reverse()); returns this proxy. */
    reverse() {
      callMethod(this, "reverse");
      return this;
    }
    /** Appends the items (list.extend); returns the new length. */
    push(...items) {
      callMethod(this, "extend", [items]);
      return this.length;
    }
    /** Removes and returns the last item (undefined when empty). */
    pop() {
      return this.length === 0 ? undefined : callMethod(this, "pop");
    }
    /** Removes and returns the first item (undefined when empty). */
    shift() {
      return this.length === 0 ? undefined : callMethod(this, "pop", [0]);
    }
    /** Inserts the items at the start; returns the new length. */
    unshift(...items) {
      splice(this, 0, 0, items);
      return this.length;
    }
    /** Array's splice: removes deleteCount items at start, inserts the items; returns the removed ones. */
    splice(...args) {
      const len = this.length;
      const rel = toInteger(args[0]);
      const start = rel < 0 ? Math.max(len + rel, 0) : Math.min(rel, len);
      let count;
      if (args.length === 0) count = 0;
      else if (args.length === 1) count = len - start;
      else count = Math.min(Math.max(toInteger(args[1]), 0), len - start);
      return splice(this, start, count, args.slice(2));
    }
    copyWithin(...args) {
      Reflect.apply(Array.prototype.copyWithin, this, args);
      return this;
    }
    fill(...args) {
      Reflect.apply(Array.prototype.fill, this, args);
      return this;
    }
    /** Array's sort (JS order: by string unless compare is given; undefined last). */
    sort(compare) {
      Reflect.apply(Array.prototype.sort, this, [compare]);
      return this;
    }
  }

  // JS's ToIntegerOrInfinity.
  function toInteger(v) {
    const n = +v; // a BigInt or a Symbol throws a TypeError, as in Array's methods
    return Number.isNaN(n) ? 0 : Number.isFinite(n) ? Math.trunc(n) : n;
  }

  // Which mixins a proxy of these flags gets, in order (a later one wins).
  const has = (flag) => (f) => !!(f & F[flag]);
  const MIXINS = [
    [has("LENGTH"), LengthMethods],
    [has("GETITEM"), GetMethods],
    [has("SETITEM"), SetMethods],
    [has("CONTAINS"), HasMethods],
    [(f) => f & F.ITERABLE && !(f & F.ITERATOR), IterableMethods],
    [has("ITERATOR"), IteratorMethods],
    [has("GENERATOR"), GeneratorMethods],
    [(f) => f & F.ASYNC_ITERABLE && !(f & F.ASYNC_ITERATOR), AsyncIterableMethods],
    [(f) => f & F.ASYNC_ITERATOR && !(f & F.ITERATOR), AsyncIteratorMethods],
    [(f) => f & F.ASYNC_GENERATOR && !(f & F.GENERATOR), AsyncGeneratorMethods],
    [has("AWAITABLE"), AwaitableMethods],
    [has("BUFFER"), BufferMethods],
    [has("CALLABLE"), CallableMethods],
    [has("SEQUENCE"), SequenceMethods],
    [has("MUTABLE_SEQUENCE"), MutableSequenceMethods],
  ];

  // The ffi class names (js/ffi.mjs) a proxy of these flags is an instance of.
  let KIND_FLAGS;
  const kindsCache = new Map();
  function kindsOf(flags) {
    let kinds = kindsCache.get(flags);
    if (!kinds) {
      if (!KIND_FLAGS)
        KIND_FLAGS = [
          ["PyProxyWithLength", F.LENGTH],
          ["PyProxyWithGet", F.GETITEM],
          ["PyProxyWithSet", F.SETITEM],
          ["PyProxyWithHas", F.CONTAINS],
          ["PyDict", F.DICT],
          ["PyIterable", F.ITERABLE | F.ITERATOR],
          ["PyAsyncIterable", F.ASYNC_ITERABLE | F.ASYNC_ITERATOR],
          ["PyIterator", F.ITERATOR],
          ["PyAsyncIterator", F.ASYNC_ITERATOR],
          ["PyGenerator", F.GENERATOR],
          ["PyAsyncGenerator", F.ASYNC_GENERATOR],
          ["PyAwaitable", F.AWAITABLE],
          ["PyCallable", F.CALLABLE],
          ["PyBuffer", F.BUFFER],
          ["PySequence", F.SEQUENCE],
          ["PyMutableSequence", F.MUTABLE_SEQUENCE],
        ];
      kinds = new Set(["PyProxy"]);
      for (const [name, mask] of KIND_FLAGS) if (flags & mask) kinds.add(name);
      kindsCache.set(flags, kinds);
    }
    return kinds;
  }

  // Prototypes: PyProxyMethods over Object.prototype, or, for callables, over
  // Function.prototype (so that `p instanceof Function`); then the mixins of
  // the flags, made once per set of flags.
  const descriptorsOf = (cls) => {
    const d = Object.getOwnPropertyDescriptors(cls.prototype);
    delete d.constructor;
    return d;
  };
  let baseProtos;
  const protoCache = new Map();
  function protoFor(flags) {
    let proto = protoCache.get(flags);
    if (proto) return proto;
    if (!baseProtos) {
      const base = descriptorsOf(PyProxyMethods);
      base.constructor = { value: Module.ffi?.PyProxy ?? PyProxyMethods, writable: true };
      baseProtos = [Object.create(Object.prototype, base), Object.create(Function.prototype, base)];
    }
    const descriptors = {};
    for (const [test, cls] of MIXINS)
      if (test(flags)) Object.assign(descriptors, descriptorsOf(cls));
    proto = Object.create(baseProtos[flags & F.CALLABLE ? 1 : 0], descriptors);
    protoCache.set(flags, proto);
    return proto;
  }

  // A callable proxy's target: a strict function (no own `arguments` or
  // `caller`) without `length` and `name`; its `prototype` (which cannot be
  // deleted) is undefined, so that `"prototype" in p` holds as JS requires
  // while p.prototype reads the Python attribute.
  const functionTarget = (function () {
    "use strict";
    return () => {
      const f = function () {};
      delete f.length;
      delete f.name;
      f.prototype = undefined;
      return f;
    };
  })();

  // A proxy over `state` (the object and its lifetime) with `props`.
  function createProxy(state, props) {
    const flags = state.flags;
    const proto = protoFor(flags);
    let target;
    if (flags & F.CALLABLE) {
      target = functionTarget();
      Object.setPrototypeOf(target, proto);
    } else {
      target = Object.create(proto);
    }
    // Configurable, so the traps may leave them out of ownKeys; the traps
    // refuse to change them.
    Object.defineProperty(target, STATE, { value: state, configurable: true });
    Object.defineProperty(target, PROPS, { value: props, configurable: true });
    let handler = baseHandler;
    if (props.json && flags & F.GETITEM && !(flags & F.SEQUENCE)) handler = jsonDictHandler;
    else if (flags & F.DICT) handler = dictHandler;
    else if (flags & F.SEQUENCE) handler = sequenceHandler;
    return new Proxy(target, handler);
  }

  // A proxy sharing this one's lifetime, with some props changed.
  function derive(proxy, changes) {
    const s = stateOf(proxy);
    const props = propsOf(proxy);
    return createProxy(s, { ...props, ...changes, parent: props.parent ?? proxy });
  }

  // In a JSON view, items read are JSON views too.
  function asJson(proxy, value) {
    if (!propsOf(proxy).json || !bridge.isPyProxy(value)) return value;
    return value[STATE].flags & F.GETITEM ? value.asJsJson() : value;
  }

  function adjustArgs(props, thisArg, args) {
    if (props.captureThis)
      return props.isBound ? [props.boundThis, ...props.boundArgs, ...args] : [thisArg, ...args];
    return props.isBound ? [...props.boundArgs, ...args] : args;
  }

  // obj.name(*args)
  function callMethod(proxy, name, args = []) {
    const s = stateOf(proxy);
    return slotCall(Module._pyproxy_call_method, s.ptr, [name, ...args], true, args.length);
  }

  // obj[start:start + count] = items; the removed items as an Array.
  function splice(proxy, start, count, items) {
    const s = stateOf(proxy);
    const removed = slotCall(Module._pyproxy_splice, s.ptr, [items], true, start, count);
    try {
      return removed.toJs({ depth: 1 });
    } finally {
      removed.destroy();
    }
  }

  // A generator entry's outcome ({rc, value}, slotCall's OUTCOME) as an
  // iterator result: 1 yielded, 0 returned, 2 closed by return(value).
  function outcome({ rc, value }, returned) {
    return rc === 2 ? { done: true, value: returned } : { done: rc !== 1, value };
  }

  // An entry that throws `error` into Python: the exception is set just
  // before the C entry runs, converted as any JS error entering Python is (a
  // JsException, or a PythonError's original exception). A PyProxy (of an
  // exception) travels in the slot instead.
  function throwing(entry, error) {
    if (bridge.isPyProxy(error)) return entry;
    return (...args) => {
      const exc = bridge.takePythonException(error);
      if (exc) Module._pyxis_restore_exception(exc);
      else Module._pyxis_set_error_from_js(h.new_value(error));
      return entry(...args);
    };
  }

  // One step of async iteration: the entry gives an awaitable, awaited as a
  // Promise of {done, value}. StopAsyncIteration is the end; with `closing`
  // (return(value)), a GeneratorExit that went through too.
  function asyncStep(proxy, entry, args, closing) {
    let promise;
    try {
      const s = stateOf(proxy);
      const awaitable = slotCall(entry, s.ptr, args, true);
      if (bridge.isPyProxy(awaitable)) {
        try {
          promise = bridge.awaitablePromise(awaitable);
        } finally {
          awaitable.destroy();
        }
      } else {
        promise = Promise.resolve(awaitable);
      }
    } catch (e) {
      return Promise.reject(e);
    }
    return promise.then(
      (value) => ({ done: false, value }),
      (e) => {
        if (isPythonError(e, "StopAsyncIteration")) return { done: true, value: undefined };
        if (closing && isPythonError(e, "GeneratorExit"))
          return { done: true, value: closing.value };
        throw e;
      },
    );
  }

  async function* asyncIterate(proxy) {
    const it = slotCall(Module._pyproxy_aiter, stateOf(proxy).ptr, [], true);
    try {
      for (;;) {
        const r = await asyncStep(it, Module._pyproxy_anext, []);
        if (r.done) return;
        yield r.value;
      }
    } finally {
      if (bridge.isPyProxy(it)) it.destroy();
    }
  }

  function getBuffer(s, type) {
    let view;
    const info = scratch(BUFINFO_COUNT, (p) => {
      view = Module._pyproxy_get_buffer(s.ptr, p);
      if (!view) throw h.pop_value(Module._pyxis_take_error());
      return HEAP32.slice(p >>> 2, (p >>> 2) + BUFINFO_COUNT);
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
    try {
      const format = UTF8ToString(formatPtr);
      const Ctor =
        type !== undefined ? bridge.typedArrayByName(type) : bridge.typedArrayFor(format);
      const unit = Ctor === DataView ? 1 : Ctor.BYTES_PER_ELEMENT;
      const shape = Array.from(HEAP32.subarray(shapePtr >>> 2, (shapePtr >>> 2) + ndim));
      const bytesStrides = Array.from(HEAP32.subarray(stridesPtr >>> 2, (stridesPtr >>> 2) + ndim));
      // An empty buffer's pointer may be anything (unaligned): it has no bytes.
      // (Addresses above 2 GB arrive as negative int32s.)
      const base = span ? start >>> 0 : 0;
      if (span && (start % unit || span % unit)) {
        throw new TypeError(
          `getBuffer: this '${s.type}' buffer (format '${format}', ${span} bytes) cannot be ` +
            `viewed as ${Ctor.name}: its address or size is not a multiple of ${unit} ` +
            `bytes; use getBuffer("u8") or getBuffer("dataview")`,
        );
      }
      return new BufferView(view, Ctor, base, span, {
        // In elements of data (fractional only when `type` reinterprets the
        // bytes with an element size that the layout does not fit).
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
      });
    } catch (err) {
      Module._pyproxy_release_buffer(view);
      throw err;
    }
  }

  // getBuffer()'s result (pyodide.ffi.PyBufferView). Views go stale if wasm
  // memory grows: `data` is derived again on each access.
  const BUFFER_VIEW_KINDS = new Set(["PyBufferView"]);
  const VIEW = Symbol("buffer view state");
  class BufferView {
    constructor(view, Ctor, base, span, fields) {
      // Not enumerable: the fields are Pyodide's PyBufferView's.
      Object.defineProperty(this, VIEW, { value: { view, Ctor, base, span } });
      Object.assign(this, fields);
    }
    get data() {
      const { view, Ctor, base, span } = this[VIEW];
      if (!view) throw new Error("this buffer has been released");
      return Ctor === DataView
        ? new DataView(HEAP8.buffer, base, span)
        : new Ctor(HEAP8.buffer, base, span / Ctor.BYTES_PER_ELEMENT);
    }
    /** Releases the Python buffer (a second call does nothing). */
    release() {
      const v = this[VIEW];
      if (!v.view) return;
      const view = v.view;
      v.view = 0;
      Module._pyproxy_release_buffer(view);
    }
    [DISPOSE]() {
      this.release();
    }
    get [KINDS]() {
      return BUFFER_VIEW_KINDS;
    }
    get [Symbol.toStringTag]() {
      return "PyBufferView";
    }
  }
  Object.defineProperty(BufferView, "name", { value: "PyBufferView" });

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

  // --- The traps ---------------------------------------------------------------
  // JS first: a property the proxy's prototype (or the target itself) has is
  // JS's; any other name is a Python attribute ("$name" reads the attribute
  // `name`, e.g. d.$get for dict.get). A callable proxy's target is a
  // function, whose name, length, caller and arguments (and, for reading,
  // prototype) are not shown: they are the Python object's.
  const FUNCTION_OWN = new Set(["name", "length", "caller", "arguments", "prototype"]);
  function jsHas(target, prop, reading) {
    if (typeof target === "function" && FUNCTION_OWN.has(prop)) {
      if (prop === "prototype") return !reading;
      return Object.hasOwn(target, prop) || Object.hasOwn(Object.getPrototypeOf(target), prop);
    }
    return prop in target;
  }
  const attrName = (prop) => (prop.startsWith("$") ? prop.slice(1) : prop);
  const isInternal = (prop) => prop === STATE || prop === PROPS;

  // The target's own keys (for ownKeys), without the internal ones, added to
  // names (deduplicated).
  function withTargetKeys(target, names) {
    const all = new Set(names);
    for (const k of Reflect.ownKeys(target)) if (!isInternal(k)) all.add(k);
    return [...all];
  }

  // A handler's getOwnPropertyDescriptor: the target's own properties, then
  // what the handler's has/get report, as configurable data properties.
  function describe(handler) {
    return (target, prop) => {
      if (isInternal(prop)) return undefined;
      const own = Reflect.getOwnPropertyDescriptor(target, prop);
      if (own) return own;
      if (typeof prop === "symbol" || !handler.has(target, prop)) return undefined;
      const value = handler.get(target, prop, target);
      return { value, writable: true, enumerable: true, configurable: true };
    };
  }

  const baseHandler = {
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || jsHas(target, prop, true))
        return Reflect.get(target, prop, receiver);
      // Only an awaitable is a thenable (its then is JS's).
      if (prop === "then") return undefined;
      const s = check(target[STATE]);
      const value = slotCall(Module._pyproxy_getattr, s.ptr, [attrName(prop)], VALUE);
      return bridge.isPyProxy(value) ? borrowFrom(s, value) : value;
    },
    set(target, prop, value) {
      if (isInternal(prop)) return false;
      const own = Reflect.getOwnPropertyDescriptor(target, prop);
      if (own && !own.writable && !own.set) return false;
      if (typeof prop === "symbol" || jsHas(target, prop, true))
        return Reflect.set(target, prop, value);
      const s = check(target[STATE]);
      slotCall(Module._pyproxy_setattr, s.ptr, [attrName(prop), value], false, 0);
      return true;
    },
    deleteProperty(target, prop) {
      if (isInternal(prop)) return false;
      const own = Reflect.getOwnPropertyDescriptor(target, prop);
      if (own && !own.configurable) return false;
      if (typeof prop === "symbol" || jsHas(target, prop, true))
        return Reflect.deleteProperty(target, prop);
      const s = check(target[STATE]);
      slotCall(Module._pyproxy_setattr, s.ptr, [attrName(prop)], false, 1);
      return true;
    },
    has(target, prop) {
      if (jsHas(target, prop, false)) return true;
      if (typeof prop === "symbol") return false;
      const s = check(target[STATE]);
      return slotCall(Module._pyproxy_hasattr, s.ptr, [attrName(prop)]) === 1;
    },
    ownKeys(target) {
      const s = check(target[STATE]);
      return withTargetKeys(target, callRef(Module._pyproxy_dir, s.ptr));
    },
    defineProperty(target, prop, descriptor) {
      return !isInternal(prop) && Reflect.defineProperty(target, prop, descriptor);
    },
    apply(target, thisArg, args) {
      const s = check(target[STATE]);
      return callSlots(s.ptr, adjustArgs(target[PROPS], thisArg, args));
    },
  };
  baseHandler.getOwnPropertyDescriptor = describe(baseHandler);

  // A sequence: p[i] (i a canonical array index) is obj[i], undefined out of
  // range, and the indices below length are its own keys, as for an Array.
  const isIndex = (prop) =>
    typeof prop === "string" &&
    /^(?:0|[1-9][0-9]*)$/.test(prop) &&
    Number(prop) <= Number.MAX_SAFE_INTEGER;
  const lengthOf = (s) => callNum(Module._pyproxy_length, s.ptr);
  // A store or delete at an index: false (refused) when out of range.
  function atIndex(f) {
    try {
      f();
      return true;
    } catch (e) {
      if (isPythonError(e, "IndexError")) return false;
      throw e;
    }
  }
  const sequenceHandler = {
    ...baseHandler,
    get(target, prop, receiver) {
      if (!isIndex(prop)) return baseHandler.get(target, prop, receiver);
      const s = check(target[STATE]);
      return asJson(target, slotCall(Module._pyproxy_getindex, s.ptr, [Number(prop)], VALUE));
    },
    set(target, prop, value, receiver) {
      if (!isIndex(prop)) return baseHandler.set(target, prop, value, receiver);
      const s = check(target[STATE]);
      return atIndex(() =>
        slotCall(Module._pyproxy_setitem, s.ptr, [Number(prop), value], false, 0),
      );
    },
    deleteProperty(target, prop) {
      if (!isIndex(prop)) return baseHandler.deleteProperty(target, prop);
      const s = check(target[STATE]);
      return atIndex(() => slotCall(Module._pyproxy_setitem, s.ptr, [Number(prop)], false, 1));
    },
    has(target, prop) {
      const s = target[STATE];
      if (!isIndex(prop) || !(s.flags & F.LENGTH)) return baseHandler.has(target, prop);
      return Number(prop) < lengthOf(check(s));
    },
    ownKeys(target) {
      const s = check(target[STATE]);
      const keys = baseHandler.ownKeys(target);
      const n = s.flags & F.LENGTH ? lengthOf(s) : 0;
      for (let i = 0; i < n; i++) keys.push(String(i));
      if (!keys.includes("length")) keys.push("length");
      return keys;
    },
  };
  sequenceHandler.getOwnPropertyDescriptor = describe(sequenceHandler);

  // A JSON view of a mapping (asJsJson()): every property is an item;
  // "$$flags", copy, constructor, destroy, toString and symbols stay the
  // proxy's, and so does any name that is not a key. A name that looks like an
  // integer is that int key when the str key is absent.
  const JSON_OWN = new Set(["$$flags", "copy", "constructor", "destroy", "toString"]);
  const intKey = (prop) =>
    typeof prop === "string" && /^-?[0-9]+$/.test(prop) && Number.isSafeInteger(Number(prop));
  function itemOf(s, prop) {
    let v = slotCall(Module._pyproxy_getitem, s.ptr, [prop], FOUND, 1);
    if (v === MISSING && intKey(prop))
      v = slotCall(Module._pyproxy_getitem, s.ptr, [Number(prop)], FOUND, 1);
    return v;
  }
  const contains = (s, key) => slotCall(Module._pyproxy_contains, s.ptr, [key]) === 1;
  const itemKey = (s, prop) => (intKey(prop) && !contains(s, prop) ? Number(prop) : prop);
  // A store or delete of an item: false (refused) for a missing key.
  function atKey(f) {
    try {
      f();
      return true;
    } catch (e) {
      if (isPythonError(e, "KeyError")) return false;
      throw e;
    }
  }
  const jsonDictHandler = {
    ...baseHandler,
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || JSON_OWN.has(prop))
        return Reflect.get(target, prop, receiver);
      const v = itemOf(check(target[STATE]), prop);
      return v === MISSING ? Reflect.get(target, prop, receiver) : asJson(target, v);
    },
    has(target, prop) {
      if (typeof prop === "symbol") return prop in target;
      const s = check(target[STATE]);
      return contains(s, prop) || (intKey(prop) && contains(s, Number(prop)));
    },
    set(target, prop, value) {
      if (typeof prop === "symbol") return false;
      const s = check(target[STATE]);
      return atKey(() =>
        slotCall(Module._pyproxy_setitem, s.ptr, [itemKey(s, prop), value], false, 0),
      );
    },
    deleteProperty(target, prop) {
      if (typeof prop === "symbol") return false;
      const s = check(target[STATE]);
      return atKey(() => slotCall(Module._pyproxy_setitem, s.ptr, [itemKey(s, prop)], false, 1));
    },
    ownKeys(target) {
      const s = check(target[STATE]);
      // A callable target's non-configurable own keys must be listed.
      const fixed = Reflect.ownKeys(target).filter(
        (k) => !isInternal(k) && !Reflect.getOwnPropertyDescriptor(target, k).configurable,
      );
      return [...new Set([...callRef(Module._pyproxy_json_keys, s.ptr), ...fixed])];
    },
  };
  jsonDictHandler.getOwnPropertyDescriptor = describe(jsonDictHandler);

  // A dict: attributes first (d.items, d.$get), then its items as in a JSON
  // view (d.key, d[1]).
  const dictHandler = {
    ...baseHandler,
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || jsHas(target, prop, true))
        return Reflect.get(target, prop, receiver);
      if (prop === "then") return undefined;
      const s = check(target[STATE]);
      let v = slotCall(Module._pyproxy_getattr, s.ptr, [attrName(prop)], FOUND, 1);
      if (v === MISSING) v = itemOf(s, prop);
      else if (bridge.isPyProxy(v)) v = borrowFrom(s, v);
      return v === MISSING ? undefined : v;
    },
    has(target, prop) {
      return baseHandler.has(target, prop) || jsonDictHandler.has(target, prop);
    },
    set(target, prop, value, receiver) {
      return baseHandler.has(target, prop)
        ? baseHandler.set(target, prop, value, receiver)
        : jsonDictHandler.set(target, prop, value, receiver);
    },
    deleteProperty(target, prop) {
      return baseHandler.has(target, prop)
        ? baseHandler.deleteProperty(target, prop)
        : jsonDictHandler.deleteProperty(target, prop);
    },
    getOwnPropertyDescriptor(target, prop) {
      if (isInternal(prop)) return undefined;
      return (
        Reflect.getOwnPropertyDescriptor(target, prop) ??
        jsonDictHandler.getOwnPropertyDescriptor(target, prop)
      );
    },
    ownKeys(target) {
      return [...new Set([...baseHandler.ownKeys(target), ...jsonDictHandler.ownKeys(target)])];
    },
  };

  // [Symbol.iterator]() of an iterable: iter(obj) now (its error is thrown
  // here), then a JS iterator over it. The Python iterator is released when
  // the JS one ends, or, if it is dropped before, when it is collected.
  const iterators = new FinalizationRegistry((it) => {
    if (!bridge.dead) bridge.wasmCall(Module._pyproxy_decref, it);
  });
  function iterate(proxy) {
    const s = stateOf(proxy);
    const it = Module._pyproxy_iter(s.ptr);
    if (!it) throw h.pop_value(Module._pyxis_take_error());
    const token = {};
    const steps = iterSteps(proxy, it, token);
    iterators.register(steps, it, token);
    return steps;
  }
  function* iterSteps(proxy, it, token) {
    try {
      for (;;) {
        const r = slotCall(Module._pyproxy_iter_next, it, [], STEP);
        if (!r) return;
        yield asJson(proxy, r.value);
      }
    } finally {
      iterators.unregister(token);
      Module._pyproxy_decref(it);
    }
  }

  // A new proxy; takes one reference to ptr when `incref` (else the caller
  // has taken it, as pyproxy_new in C does).
  bridge.newPyProxy = (ptr, borrowed, incref = false, props = NO_PROPS) => {
    if (incref) Module._pyproxy_incref(ptr);
    const state = {
      ptr,
      flags: Module._pyproxy_flags(ptr),
      borrowed,
      destroyed: false,
      type: UTF8ToString(Module._pyproxy_type_name(ptr)),
    };
    const proxy = createProxy(state, props);
    // The registry holds `state`, so state must not hold the proxy.
    live++;
    registry.register(proxy, state, state);
    if (borrowed) bridge.borrowed.push(proxy);
    return proxy;
  };

  // A JS generator keeps what Python passed it alive until it finishes, as
  // in Pyodide: the generator function's borrowed arguments and each value
  // sent in by a step from Python (generatorStep) move to a list kept weakly
  // by the generator, and are destroyed when a step from Python reports done
  // or throws. (A generator never finished from Python lets them go with it,
  // through the finalizers.)
  const generatorKept = new WeakMap();
  const isGenerator = (v) => {
    if (v === null || typeof v !== "object" || bridge.isPyProxy(v)) return false;
    try {
      const tag = Object.prototype.toString.call(v);
      return tag === "[object Generator]" || tag === "[object AsyncGenerator]";
    } catch {
      return false;
    }
  };
  function adoptForGenerator(gen, proxies) {
    let kept = generatorKept.get(gen);
    if (kept === undefined) generatorKept.set(gen, (kept = []));
    for (const p of proxies) {
      p[STATE].borrowed = false;
      kept.push(p);
    }
  }
  // (The value a generator returns, if it is one of them, is left to the
  // finalizers: Python has yet to read it.)
  function generatorFinished(gen, returned) {
    const kept = generatorKept.get(gen);
    if (kept === undefined) return;
    generatorKept.delete(gen);
    for (const p of kept) if (p !== returned) destroyState(p[STATE], BORROWED);
  }
  bridge.generatorFinished = generatorFinished;
  // One step of a JS iterator or generator from Python: gen[method](value).
  // A synchronous step gives [problem, done, value], problem "" or why the
  // result is not an iterator result; an asynchronous one gives the
  // promise.
  bridge.generatorStep = (gen, method, value, isAsync) => {
    const kept = isGenerator(gen);
    if (kept && bridge.isPyProxy(value) && value[STATE].borrowed) adoptForGenerator(gen, [value]);
    let r;
    try {
      r = gen[method](value);
    } catch (e) {
      if (kept) generatorFinished(gen);
      throw e;
    }
    if (isAsync) {
      if (kept) {
        // (A native async generator's promise: its step is a plain object.)
        const settle = (step) => {
          if (!step || step.done) generatorFinished(gen, step?.value);
        };
        r.then(settle, () => generatorFinished(gen));
      }
      return r;
    }
    if (typeof r !== "object" || r === null)
      return [`Result should have type "object" not "${r === null ? "null" : typeof r}"`];
    if (typeof r.then === "function")
      return ["Result was a promise, use anext() / asend() / athrow() instead."];
    if (!("done" in r)) return ['Result has no "done" field.'];
    if (kept && r.done) generatorFinished(gen, r.value);
    return ["", !!r.done, r.value];
  };

  // Borrowed proxies, in creation order; C keeps their count (see pyproxy.h).
  bridge.borrowed = [];
  bridge.borrowEnd = (mark, result) => {
    // (Proxies a generator has adopted meanwhile are no longer borrowed.)
    const proxies = bridge.borrowed.splice(mark).filter((p) => p[STATE].borrowed);
    if (proxies.length && isGenerator(result)) {
      adoptForGenerator(result, proxies);
      return;
    }
    const destroyAll = () => {
      for (const p of proxies) destroyState(p[STATE], BORROWED);
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
      // The proxies go one microtask after the promise settles, after the
      // callbacks registered on it later (an `await` of the result in
      // Python), which may still convert them.
      const later = () => queueMicrotask(destroyAll);
      if (typeof then === "function") Reflect.apply(then, result, [later, later]);
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
  // What a PyProxy is when it comes to Python: the object it proxies, unless
  // it was made by create_proxy(roundtrip=True) (then 0: Python sees the
  // PyProxy itself, a JsDoubleProxy).
  // A destroyed proxy is 0 too: Python sees an opaque JsProxy of it (as in
  // Pyodide), equal to nothing but itself.
  bridge.pyproxyPointerForPython = (v) => {
    if (!bridge.isPyProxy(v)) return 0;
    const state = v[STATE];
    if (state.destroyed) return 0;
    return check(state).roundtrip ? 0 : state.ptr;
  };
  // Throws the destroyed-proxy error for a destroyed PyProxy.
  bridge.checkLivePyProxy = (v) => {
    if (bridge.isPyProxy(v)) check(v[STATE]);
  };
  bridge.markRoundtrip = (proxy) => {
    stateOf(proxy).roundtrip = true;
  };
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
  // setDebug(true): destroyed proxies remember their repr for error messages.
  bridge.debug = false;
})();

// create_once_callable: a function that calls the Python callable once and
// then releases it; a second call throws. It takes over `proxy` (a new,
// owned PyProxy) and destroys it after the call.
Module.bridge.onceCallable = (own) => {
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
