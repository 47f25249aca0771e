// Errors across the boundary: JsException in Python, PythonError in JS, and
// the original object when an error crosses back.
import { loadCaptured } from "../helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
});
beforeEach(() => (out.length = 0));

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
