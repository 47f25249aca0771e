// JsProxy, the Python side of a JS value, seen from JS: attributes, calls,
// new(). (Arrays, maps, capability types and typed arrays from Python:
// tests/py/test_jsproxy.py.)
import vm from "node:vm";
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

  test("values from another realm (a vm context) get their capabilities", () => {
    const other = vm.runInNewContext(
      "({ ab: new ArrayBuffer(0), set: new Set([1]), err: new TypeError('x'), arr: [1], " +
        "gen: (function* () {})(), agen: (async function* () {})() })",
    );
    globalThis.pyxisTest = other;
    expect(
      pyodide
        .runPython(
          `
from js import pyxisTest as o
from pyodide.ffi import JsArray, JsBuffer, JsGenerator, JsAsyncGenerator
[bool(o.ab), len(o.ab), isinstance(o.ab, JsBuffer), o.set.to_py(), repr(o.err),
 isinstance(o.arr, JsArray), isinstance(o.gen, JsGenerator), isinstance(o.agen, JsAsyncGenerator)]`,
        )
        .toJs(),
    ).toEqual([false, 0, true, new Set([1]), "TypeError: x", true, true, true]);
  });

  test("async for over JS async generators and async iterables", async () => {
    expect(
      (
        await pyodide.runPythonAsync(`
          from pyodide.code import run_js
          ag = run_js("(async function* () { yield 1; yield 2; })()")
          it = run_js("({ async *[Symbol.asyncIterator]() { yield 'x'; } })")
          [[x async for x in ag], [x async for x in it]]`)
      ).toJs(),
    ).toEqual([[1, 2], ["x"]]);
  });
});
