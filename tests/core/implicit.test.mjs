// Implicit conversions at the boundary: basic values both ways, proxies for
// the rest, and identity when a proxy goes back where it came from.
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
from pyodide.ffi import jsnull, JsBigInt
[v.u is None, v.n is jsnull, v.t is True, type(v.i) is int and v.i == 42, v.f == 1.5,
 v.big == 2**70 and type(v.big) is JsBigInt, v.s == 'héllo 𝄞', v.neg == -7, type(v.neg) is int]`,
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
