// The bridge: conversions both ways, JsProxy, PyProxy, errors across the
// boundary, async, the js module and the JS API built on them.
import { loadCaptured } from "../helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
});
beforeEach(() => (out.length = 0));

describe("implicit conversions", () => {
  test("JS -> Python basic values", () => {
    globalThis.pyxisTest = {
      u: undefined,
      n: null,
      t: true,
      i: 42,
      f: 1.5,
      big: 2n ** 70n,
      s: "héllo 𝄞",
      neg: -7,
    };
    expect(
      pyodide
        .runPython(
          `
from js import pyxisTest as v
[v.u is None, v.n is None, v.t is True, type(v.i) is int and v.i == 42, v.f == 1.5,
 v.big == 2**70, v.s == 'héllo 𝄞', v.neg == -7, type(v.neg) is int]`,
        )
        .toJs(),
    ).toEqual(Array(9).fill(true));
  });

  test("lone surrogates survive both ways", () => {
    globalThis.pyxisTest = "a\ud800b";
    expect(
      pyodide.runPython("from js import pyxisTest; [len(pyxisTest), ord(pyxisTest[1])]").toJs(),
    ).toEqual([3, 0xd800]);
    expect(pyodide.runPython("'x\\udc00y'")).toBe("x\udc00y");
  });

  test("Python -> JS: other objects become PyProxies", () => {
    const d = pyodide.runPython("{'a': 1}");
    expect(d).toBeInstanceOf(pyodide.ffi.PyProxy);
    expect(d.type).toBe("dict");
    d.destroy();
  });

  test("a JsProxy going back to JS is the same object", () => {
    const obj = { x: 1 };
    globalThis.pyxisTest = obj;
    expect(pyodide.runPython("from js import pyxisTest; pyxisTest")).toBe(obj);
  });

  test("a PyProxy going back to Python is the same object", () => {
    const lst = pyodide.runPython("lst = [1, 2]; lst");
    pyodide.globals.set("back", lst);
    expect(pyodide.runPython("back is lst")).toBe(true);
    lst.destroy();
  });
});

describe("JsProxy", () => {
  test("attributes: get, set, delete, missing", () => {
    globalThis.pyxisTest = { a: 1, nested: { b: 2 } };
    pyodide.runPython(`
from js import pyxisTest as o
o.c = 3
o.nested.b += 1
del o.a
`);
    expect(globalThis.pyxisTest).toEqual({ nested: { b: 3 }, c: 3 });
    expect(() => pyodide.runPython("pyxisTest.missing")).toThrow(/AttributeError: missing/);
  });

  test("calls: positional, keyword arguments as a trailing object, this", () => {
    globalThis.pyxisTest = {
      base: 10,
      add(a, b) {
        return this.base + a + b;
      },
      kw(...args) {
        return JSON.stringify(args);
      },
    };
    expect(pyodide.runPython("from js import pyxisTest as o; o.add(1, 2)")).toBe(13);
    expect(pyodide.runPython("o.kw(1, x=2, y='z')")).toBe('[1,{"x":2,"y":"z"}]');
    expect(pyodide.runPython("from js import Math; Math.max(1, 5, 3)")).toBe(5);
  });

  test("new(), typeof, js_id, equality, bool, repr", () => {
    expect(
      pyodide
        .runPython(
          `
from js import Date, Array, Object, Map
d = Date.new(0)
a = Array.new()
[d.getTime(), d.typeof, Array.typeof, Object.new() == Object.new(), a == a,
 bool(Array.new()), bool(Array.of(1)), repr(Array.of(1, 2)), isinstance(a.js_id, int)]`,
        )
        .toJs(),
    ).toEqual([0, "object", "function", false, true, false, true, "1,2", true]);
  });

  test("arrays: len, index, negative index, set, delete, in, iteration", () => {
    globalThis.pyxisTest = [10, 20, 30];
    expect(
      pyodide
        .runPython(
          `
from js import pyxisTest as a
r = [len(a), a[0], a[-1], 20 in a, 99 in a, list(a)]
a[1] = 21
del a[0]
r`,
        )
        .toJs(),
    ).toEqual([3, 10, 30, true, false, [10, 20, 30]]);
    expect(globalThis.pyxisTest).toEqual([21, 30]);
    expect(() => pyodide.runPython("a[5]")).toThrow(/IndexError/);
    expect(() => pyodide.runPython("a['x']")).toThrow(/TypeError/);
  });

  test("Maps and objects with get/has; iteration over JS iterables", () => {
    globalThis.pyxisTest = new Map([["k", 1]]);
    expect(
      pyodide
        .runPython(
          `
from js import pyxisTest as m, Set
m["j"] = 2
[m["k"], "j" in m, len(m), sorted(k for k in m.keys()), sorted(Set.new([3, 1, 2]))]`,
        )
        .toJs(),
    ).toEqual([1, true, 2, ["j", "k"], [1, 2, 3]]);
    expect(() => pyodide.runPython("m['nope']")).toThrow(/KeyError: 'nope'/);
  });

  test("capability types work with isinstance", () => {
    globalThis.pyxisTest = {
      arr: [],
      fn() {},
      map: new Map(),
      buf: new Uint8Array(2),
      p: Promise.resolve(1),
    };
    expect(
      pyodide
        .runPython(
          `
from pyodide.ffi import JsProxy, JsArray, JsCallable, JsMap, JsBuffer, JsPromise, JsIterable
from js import pyxisTest as t
[isinstance(t.arr, JsArray), isinstance(t.fn, JsCallable), isinstance(t.map, JsMap),
 isinstance(t.buf, JsBuffer), isinstance(t.p, JsPromise), isinstance(t.arr, JsIterable),
 isinstance(t.arr, JsCallable), isinstance(t, JsProxy), isinstance(1, JsArray)]`,
        )
        .toJs(),
    ).toEqual([true, true, true, true, true, true, false, true, false]);
  });

  test("typed arrays: to_bytes, to_memoryview, assign, assign_to, buffer protocol", () => {
    globalThis.pyxisTest = new Int16Array([1, -2, 300]);
    expect(
      pyodide
        .runPython(
          `
from js import pyxisTest as t
mv = t.to_memoryview()
b = bytearray(6)
t.assign_to(b)
r = [t.to_bytes() == bytes(b), mv.format, mv.tolist(), list(memoryview(t))]
import array
t.assign(array.array('h', [7, 8, 9]))
r`,
        )
        .toJs(),
    ).toEqual([true, "h", [1, -2, 300], [1, -2, 300]]);
    expect(Array.from(globalThis.pyxisTest)).toEqual([7, 8, 9]);
    expect(() => pyodide.runPython("t.assign(b'12')")).toThrow(/sizes differ/);
  });

  test("keyword attribute names end with _", () => {
    globalThis.pyxisTest = { from: 1 };
    expect(pyodide.runPython("from js import pyxisTest; pyxisTest.from_")).toBe(1);
  });
});

describe("PyProxy", () => {
  test("get/set/has/delete, length, iteration, toString, type", () => {
    const d = pyodide.runPython("d = {'a': 1, 'b': [1, 2]}; d");
    expect(d.get("a")).toBe(1);
    d.set("c", 3);
    expect(d.has("c")).toBe(true);
    d.delete("a");
    expect(d.has("a")).toBe(false);
    expect(d.length).toBe(2);
    expect([...d].sort()).toEqual(["b", "c"]);
    expect(d.toString()).toBe("{'b': [1, 2], 'c': 3}");
    expect(d.type).toBe("dict");
    expect(d.get("zz")).toBeUndefined(); // a missing key, as in Pyodide
    d.destroy();
  });

  test("attributes and calls, with keyword arguments", () => {
    const f = pyodide.runPython("def f(a, b=2, *, c=3): return a * 100 + b * 10 + c\nf");
    expect(f(1)).toBe(123);
    expect(f(1, 5)).toBe(153);
    expect(f.callKwargs(1, { c: 9 })).toBe(129);
    expect(f.__name__).toBe("f");
    const ns = pyodide.runPython("import types; types.SimpleNamespace(x=1)");
    ns.y = 2;
    expect(pyodide.runPython("lambda o: o.y")(ns)).toBe(2); // the write reached Python
    expect("x" in ns).toBe(true);
    expect(ns.y).toBe(2);
    delete ns.x;
    expect("x" in ns).toBe(false);
    f.destroy();
    ns.destroy();
  });

  test("use after destroy throws an Error naming the type", () => {
    const l = pyodide.runPython("[1, 2, 3]");
    l.destroy();
    expect(() => l.length).toThrow(/PyProxy of a 'list' object can no longer be used/);
  });

  test("copy() has its own lifetime", () => {
    const l = pyodide.runPython("[1]");
    const c = l.copy();
    l.destroy();
    expect(c.length).toBe(1);
    c.destroy();
  });

  test("toJs: deep conversion, dict_converter, depth, cycles", () => {
    const p = pyodide.runPython("x = {'a': [1, (2, 3)], 'b': {1, 2}, 'c': b'ab'}; x");
    const js = p.toJs();
    expect(js).toBeInstanceOf(Map);
    expect(js.get("a")).toEqual([1, [2, 3]]);
    expect(js.get("b")).toEqual(new Set([1, 2]));
    expect(js.get("c")).toEqual(new Uint8Array([97, 98]));
    expect(p.toJs({ dict_converter: Object.fromEntries })).toEqual({
      a: [1, [2, 3]],
      b: new Set([1, 2]),
      c: new Uint8Array([97, 98]),
    });
    const cyc = pyodide.runPython("c = [1]; c.append(c); c");
    const arr = cyc.toJs();
    expect(arr[1]).toBe(arr);
    const shallow = pyodide.runPython("[[1]]").toJs({ depth: 1 });
    expect(shallow[0]).toBeInstanceOf(pyodide.ffi.PyProxy);
    p.destroy();
    cyc.destroy();
  });

  test("getBuffer is a zero-copy view of the heap", () => {
    const a = pyodide.runPython("import array; arr = array.array('d', [1.5, 2.5]); arr");
    const buf = a.getBuffer();
    expect(buf.data).toBeInstanceOf(Float64Array);
    expect(Array.from(buf.data)).toEqual([1.5, 2.5]);
    expect(buf.shape).toEqual([2]);
    buf.data[0] = 9;
    expect(pyodide.runPython("arr[0]")).toBe(9);
    buf.release();
    expect(() => buf.data).toThrow(/released/);
    const bytes = a.getBuffer("Uint8Array"); // the same memory, seen as bytes
    expect(bytes.data).toBeInstanceOf(Uint8Array);
    expect(bytes.data.length).toBe(16);
    bytes.release();
    a.destroy();
  });

  test("borrowed argument proxies are destroyed after the call", () => {
    globalThis.pyxisTest = {
      keep(p) {
        this.kept = p;
        return p.length;
      },
    };
    expect(pyodide.runPython("from js import pyxisTest; pyxisTest.keep([1, 2])")).toBe(2);
    expect(() => globalThis.pyxisTest.kept.length).toThrow(/borrowed for a function call/);
    pyodide.runPython(
      "from pyodide.ffi import create_proxy; p = create_proxy([1, 2, 3]); pyxisTest.keep(p)",
    );
    expect(globalThis.pyxisTest.kept.length).toBe(3);
    pyodide.runPython("p.destroy()");
  });

  test("create_once_callable", () => {
    pyodide.runPython(
      "from pyodide.ffi import create_once_callable; from js import pyxisTest; pyxisTest.f = create_once_callable(lambda x: x + 1)",
    );
    expect(globalThis.pyxisTest.f(1)).toBe(2);
    expect(() => globalThis.pyxisTest.f(1)).toThrow(/already been called/);
  });
});

describe("errors across the boundary", () => {
  test("a JS error in Python is a JsException with the JS name and message", () => {
    globalThis.pyxisTest = () => {
      throw new RangeError("too far");
    };
    expect(
      pyodide
        .runPython(
          `
from js import pyxisTest
from pyodide.ffi import JsException
try:
    pyxisTest()
except JsException as e:
    r = [str(e), e.js_error.name, e.js_error.message, "too far" in e.js_error.stack]
r`,
        )
        .toJs(),
    ).toEqual(["RangeError: too far", "RangeError", "too far", true]);
  });

  test("a JS error that crosses back is the original object", () => {
    const original = new TypeError("mine");
    globalThis.pyxisTest = () => {
      throw original;
    };
    let caught;
    try {
      pyodide.runPython("from js import pyxisTest; pyxisTest()");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(original);
  });

  test("a Python error that crosses JS and comes back is the original exception", () => {
    const f = pyodide.runPython("class MyErr(Exception): pass\ndef boom(): raise MyErr('x')\nboom");
    globalThis.pyxisTest = () => f();
    expect(
      pyodide.runPython(`
from js import pyxisTest
try:
    pyxisTest()
except MyErr as e:
    r = 'same class'
r`),
    ).toBe("same class");
    f.destroy();
  });

  test("a PythonError from a PyProxy call carries the traceback", () => {
    const f = pyodide.runPython("def g(x): return 1 / x\ng");
    expect(() => f(0)).toThrow(/ZeroDivisionError: division by zero/);
    try {
      f(0);
    } catch (e) {
      expect(e.type).toBe("ZeroDivisionError");
      expect(e.message).toMatch(/line 1, in g/);
    }
    f.destroy();
  });
});

describe("async", () => {
  test("runPythonAsync with top-level await, asyncio.sleep, gather, wait_for", async () => {
    const r = await pyodide.runPythonAsync(`
import asyncio
async def work(n):
    await asyncio.sleep(0.01)
    return n * 2
results = await asyncio.gather(work(1), work(2), asyncio.create_task(work(3)))
try:
    await asyncio.wait_for(asyncio.sleep(10), 0.01)
except TimeoutError:
    results.append('timeout')
str(results)`);
    expect(r).toBe("[2, 4, 6, 'timeout']");
  });

  test("Python awaits JS promises; rejections raise", async () => {
    globalThis.pyxisTest = {
      later: (v) => new Promise((res) => setTimeout(() => res(v), 5)),
      fail: () => Promise.reject(new Error("nope")),
    };
    expect(
      await pyodide.runPythonAsync("from js import pyxisTest\nawait pyxisTest.later(41) + 1"),
    ).toBe(42);
    await expect(pyodide.runPythonAsync("await pyxisTest.fail()")).rejects.toThrow(/nope/);
  });

  test("a Python coroutine is awaitable in JS", async () => {
    const coro = pyodide.runPython(
      "import asyncio\nasync def f():\n    await asyncio.sleep(0)\n    return 'done'\nf()",
    );
    expect(await coro).toBe("done");
  });

  test("a Python exception rejects the promise with a PythonError", async () => {
    await expect(pyodide.runPythonAsync("raise ValueError('async bad')")).rejects.toThrow(
      /ValueError: async bad/,
    );
  });
});

describe("the JS API", () => {
  test("globals.get/set", () => {
    pyodide.globals.set("fromJs", 5);
    expect(pyodide.runPython("fromJs * 2")).toBe(10);
    pyodide.runPython("fromPy = 'hi'");
    expect(pyodide.globals.get("fromPy")).toBe("hi");
  });

  test("runPython with globals and locals", () => {
    const ns = pyodide.runPython("{}");
    pyodide.runPython("z = 1", { globals: ns });
    expect(ns.get("z")).toBe(1);
    expect(pyodide.runPython("'z' in globals()")).toBe(false);
    expect(() => pyodide.runPython("1", { globals: 5 })).toThrow(/must be dicts/);
    ns.destroy();
  });

  test("pyimport", () => {
    const json = pyodide.pyimport("json");
    expect(json.dumps(json.loads("[1, 2]"))).toBe("[1, 2]");
    json.destroy();
    expect(() => pyodide.pyimport("no_such_mod")).toThrow(/ModuleNotFoundError/);
  });

  test("registerJsModule / unregisterJsModule", () => {
    pyodide.registerJsModule("mymod", { answer: 42, sub: { deep: "yes" } });
    expect(
      pyodide.runPython("import mymod; from mymod.sub import deep; [mymod.answer, deep]").toJs(),
    ).toEqual([42, "yes"]);
    pyodide.unregisterJsModule("mymod");
    expect(() => pyodide.runPython("import mymod")).toThrow(/ModuleNotFoundError/);
    expect(() => pyodide.unregisterJsModule("mymod")).toThrow(/no JS module named 'mymod'/);
  });

  test("toPy", () => {
    const p = pyodide.toPy({ a: [1, 2, { b: new Map([["c", 3]]) }], s: new Set([1]) });
    expect(p.type).toBe("dict");
    expect(pyodide.runPython("lambda d: repr(d)")(p)).toBe(
      "{'a': [1, 2, {'b': {'c': 3}}], 's': {1}}",
    );
    expect(pyodide.toPy(5)).toBe(5);
    p.destroy();
  });

  test("the seed's examples: from js import ..., window.title, a Python global from JS", () => {
    globalThis.secret = "sesame";
    globalThis.window = globalThis;
    pyodide.runPython("from js import secret, window\nwindow.title = 'set from Python: ' + secret");
    expect(globalThis.title).toBe("set from Python: sesame");
    pyodide.runPython("answer = 42");
    expect(pyodide.globals.get("answer")).toBe(42);
    delete globalThis.window;
  });

  test("interrupts: writing 2 to the buffer raises KeyboardInterrupt", () => {
    const buf = new Int32Array(1);
    pyodide.setInterruptBuffer(buf);
    buf[0] = 2;
    expect(() => pyodide.checkInterrupt()).toThrow(/KeyboardInterrupt/);
    buf[0] = 2;
    expect(() => pyodide.runPython("while True: pass")).toThrow(/KeyboardInterrupt/);
    pyodide.setInterruptBuffer(undefined);
    expect(pyodide.runPython("1")).toBe(1);
  });
});

describe("no leaks", () => {
  const counts = () => pyodide._debug.liveCounts();

  test("100k JsProxies created and dropped", () => {
    globalThis.pyxisTest = { o: {} };
    const before = counts();
    pyodide.runPython("from js import pyxisTest\nfor _ in range(100_000): pyxisTest.o");
    expect(counts()).toEqual(before);
  });

  test("100k calls of a JS function from Python, with proxied arguments", () => {
    globalThis.pyxisTest = (x) => x;
    const before = counts();
    pyodide.runPython("from js import pyxisTest\nfor i in range(100_000): pyxisTest([i])");
    expect(counts()).toEqual(before);
  });

  test("100k PyProxies created and destroyed", () => {
    const f = pyodide.runPython("lambda: object()");
    const before = counts();
    for (let i = 0; i < 100_000; i++) f().destroy();
    expect(counts()).toEqual(before);
    f.destroy();
  });

  test("Python memory does not grow over 100k proxies", () => {
    const mem = () => pyodide.runPython("import sys; sys.getallocatedblocks()");
    globalThis.pyxisTest = (x) => x;
    pyodide.runPython("from js import pyxisTest\nfor i in range(1000): pyxisTest({'k': i})");
    const before = mem();
    pyodide.runPython("for i in range(100_000): pyxisTest({'k': i})");
    expect(mem() - before).toBeLessThan(100);
  });
});

test("a cancelled asyncio timer stops its JS timer and keeps no proxy", async () => {
  const { pyodide: py } = await (await import("../helpers.mjs")).loadCaptured();
  const cleared = [];
  const clear = globalThis.clearTimeout;
  globalThis.clearTimeout = (id) => (cleared.push(id), clear(id));
  try {
    const r = await py.runPythonAsync(`
import asyncio
try:
    await asyncio.wait_for(asyncio.sleep(3600), 0.01)
except TimeoutError:
    r = 'timeout'
r`);
    expect(r).toBe("timeout");
  } finally {
    globalThis.clearTimeout = clear;
  }
  expect(cleared.length).toBe(1); // the hour-long sleep's timer
  expect(py.runPython("len(asyncio.get_event_loop()._timers)")).toBe(0);
});
