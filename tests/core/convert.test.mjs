// Explicit deep conversions: their options and edge cases.
import { loadCaptured } from "../helpers.mjs";

let pyodide;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
});

test("to_py: cycles and shared references map to one result", () => {
  const a = [1];
  a.push(a);
  const shared = { k: 1 };
  globalThis.pyxisTest = { a, pair: [shared, shared] };
  expect(
    pyodide
      .runPython(
        `
from js import pyxisTest
p = pyxisTest.to_py()
[p['a'][1] is p['a'], p['pair'][0] is p['pair'][1], p['pair'][0] == {'k': 1}]`,
      )
      .toJs(),
  ).toEqual([true, true, true]);
});

test("to_py: depth and default_converter", () => {
  class Point {
    constructor(x, y) {
      this.x = x;
      this.y = y;
    }
  }
  globalThis.pyxisTest = { deep: [[1]], point: new Point(1, 2) };
  expect(
    pyodide
      .runPython(
        `
from js import pyxisTest
from pyodide.ffi import JsProxy
shallow = pyxisTest.to_py(depth=1)
conv = pyxisTest.to_py(default_converter=lambda v, convert, cache: ('point', v.x, v.y))
[isinstance(shallow['deep'], JsProxy), conv['point'], isinstance(pyxisTest.to_py()['point'], JsProxy)]`,
      )
      .toJs(),
  ).toEqual([true, ["point", 1, 2], true]);
});

test("to_js: default_converter, create_pyproxies=False, pyproxies list", () => {
  expect(
    pyodide
      .runPython(
        `
from pyodide.ffi import to_js, destroy_proxies, ConversionError
class P:
    def __init__(self): self.v = 7
r1 = to_js([P()], default_converter=lambda o, convert, cache: o.v)
try:
    to_js([object()], create_pyproxies=False)
    r2 = 'no error'
except ConversionError as e:
    r2 = 'ConversionError'
made = []
r3 = to_js([object(), object()], pyproxies=made)
n = len(made)
destroy_proxies(made)
[r1[0], r2, n]`,
      )
      .toJs(),
  ).toEqual([7, "ConversionError", 2]);
});

test("toPy from JS: depth and cycles", () => {
  const obj = { list: [1, 2] };
  obj.self = obj;
  const p = pyodide.toPy(obj);
  expect(pyodide.runPython("lambda d: d['self'] is d and d['list'] == [1, 2]")(p)).toBe(true);
  const shallow = pyodide.toPy({ list: [1] }, { depth: 1 });
  expect(pyodide.runPython("lambda d: type(d['list']).__name__")(shallow)).toBe("JsProxy");
  p.destroy();
  shallow.destroy();
});

test("buffers convert to typed arrays of the element type", () => {
  const r = pyodide.runPython(`
import array
from pyodide.ffi import to_js
[to_js(array.array('i', [1, -2])), to_js(array.array('f', [0.5])), to_js(b'xy'), to_js(bytearray(b'z'))]`);
  const [i32, f32, b, ba] = r.toJs();
  expect(i32).toEqual(new Int32Array([1, -2]));
  expect(f32).toEqual(new Float32Array([0.5]));
  expect(b).toEqual(new Uint8Array([120, 121]));
  expect(ba).toEqual(new Uint8Array([122]));
  r.destroy();
});

test("big and negative integers in both directions", () => {
  // As Pyodide: only safe integers are ints; other numbers are floats.
  globalThis.pyxisTest = { big: -(2n ** 100n), maxSafe: 2 ** 53 - 1, notSafe: 2 ** 60 };
  expect(
    pyodide
      .runPython(
        `
from js import pyxisTest as t
[t.big == -2**100, t.maxSafe == 2**53 - 1, type(t.maxSafe).__name__, t.notSafe == 2**60,
 type(t.notSafe).__name__]`,
      )
      .toJs(),
  ).toEqual([true, true, "int", true, "float"]);
  // As Pyodide: ±(2^53 - 1) itself is a BigInt.
  expect(pyodide.runPython("2**53 - 2")).toBe(2 ** 53 - 2);
  expect(pyodide.runPython("2**53 - 1")).toBe(2n ** 53n - 1n);
  expect(pyodide.runPython("-(2**53 - 1)")).toBe(-(2n ** 53n - 1n));
  expect(pyodide.runPython("2**53")).toBe(2n ** 53n);
  expect(pyodide.runPython("2**53 + 1")).toBe(2n ** 53n + 1n);
  expect(pyodide.runPython("-(2**63)")).toBe(-(2n ** 63n));
});

test("create_proxy returns a JsDoubleProxy that is truthy and not probed", () => {
  expect(
    pyodide
      .runPython(
        `
from pyodide.ffi import create_proxy, JsDoubleProxy, JsArray
p = create_proxy(object())
r = [isinstance(p, JsDoubleProxy), isinstance(p, JsArray), bool(p)]
p.destroy()
r`,
      )
      .toJs(),
  ).toEqual([true, false, true]);
});

test("the JS glue and Python get abi.h's tables from C (no copies in JS or Python)", async () => {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const { ROOT } = await import("../helpers.mjs");
  const c = JSON.parse(
    pyodide.runPython("import _pyxis_core, json; json.dumps(vars(_pyxis_core), default=str)"),
  );
  const fromC = (prefix) =>
    Object.fromEntries(
      Object.entries(c)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
  // Both sides hold what abi.c generated from the same lists.
  const abi = pyodide._module.abi;
  expect(fromC("FLAG_")).toEqual(abi.JSPROXY);
  expect(fromC("PYFLAG_")).toEqual(abi.PYPROXY);
  expect(fromC("SLOT_")).toEqual(abi.SLOT);
  expect(pyodide._module.jsproxy.F).toBe(abi.JSPROXY);
  expect(pyodide._module.jsproxy.SLOT).toBe(abi.SLOT);
  expect(abi.SLOT_SIZE).toBe(16);
  expect(Object.keys(abi.BUFINFO)).toHaveLength(abi.BUFINFO_COUNT);
  expect(Object.keys(abi.JSPROXY)).toContain("DOUBLE_PROXY");
  expect(c.BUFFER_FORMATS).toEqual(abi.BUFFER_FORMATS);
  expect(abi.BUFFER_FORMATS.d).toBe("Float64Array");
  expect(Object.keys(abi.HOOK)).toEqual(
    expect.arrayContaining(["EXCEPTION_FOR_JS", "TO_JS_FROM_JS", "TO_PROMISE"]),
  );
  // The glue spells no table of its own: no flag or kind is assigned a
  // number in the JS files or in Python.
  const glue = ["jsproxy.js", "pyproxy.js", "error.js", "hiwire.js"]
    .map((f) => fs.readFileSync(path.join(ROOT, "src", "core", f), "utf8"))
    .join("\n");
  for (const name of [...Object.keys(abi.JSPROXY), ...Object.keys(abi.SLOT), "AWAITABLE"]) {
    expect(glue).not.toMatch(new RegExp(`\\b${name}: *(\\d|1 <<)`));
  }
  expect(glue).not.toMatch(/const SLOT = 16/);
  // Nor do the EM_JS bodies in C: slots are stepped by Module.abi.SLOT_SIZE.
  const cGlue = fs
    .readdirSync(path.join(ROOT, "src", "core"))
    .filter((f) => f.endsWith(".c"))
    .map((f) => fs.readFileSync(path.join(ROOT, "src", "core", f), "utf8"))
    .join("\n");
  expect(cGlue).not.toMatch(/\b16 \* i\b|\* 16\b/);
  expect(cGlue).toMatch(/Module\.abi\.SLOT_SIZE/);
});
