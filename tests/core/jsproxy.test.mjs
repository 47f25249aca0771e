// JsProxy, the Python side of a JS value: attributes, calls, new(), arrays,
// maps, iteration, capability types, typed arrays.
import { loadCaptured } from "../helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
});
beforeEach(() => (out.length = 0));

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
    expect(() => pyodide.runPython("o.missing")).toThrow(/AttributeError: missing/);
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
