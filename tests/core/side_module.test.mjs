// A C extension built as a side module loads against the main module: the
// generated export list covers the C API (functions and data) and libc.
import fs from "node:fs";
import path from "node:path";
import { ROOT, loadCaptured, CONFIG } from "../helpers.mjs";

const SO = `pyxis_sidetest${CONFIG.EXT_SUFFIX}`;

let pyodide;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
  const bytes = fs.readFileSync(path.join(ROOT, "build", "test", SO));
  pyodide.FS.writeFile(`${CONFIG.SITE_PACKAGES}/${SO}`, bytes);
});

test("the extension imports and its functions work", () => {
  pyodide.runPython("import pyxis_sidetest as t");
  expect(pyodide.runPython("t.sorted_sum([3, 1, 2])[1]")).toBe("sum=6");
  expect(pyodide.runPython("t.sorted_sum([3, 1, 2])[0] == (1, 2, 3)")).toBe(true);
  expect(pyodide.runPython("t.none() is None")).toBe(true);
});

test("its type and exception work", () => {
  expect(pyodide.runPython("c = t.Counter(); c.bump(); c.bump()")).toBe(2);
  expect(pyodide.runPython("issubclass(t.SideError, ValueError)")).toBe(true);
  expect(() => pyodide.runPython("t.sorted_sum([])")).toThrow(/SideError: empty list/);
  expect(() => pyodide.runPython("t.sorted_sum('x')")).toThrow(/TypeError/);
});

test("the export list was generated, not written by hand", () => {
  // The main module exports the C API and libc to side modules; a symbol
  // the test module never uses must be there too.
  expect(typeof pyodide._module._PyList_New).toBe("function");
  expect(typeof pyodide._module._PyUnicode_FromFormat).toBe("function");
  expect(typeof pyodide._module._qsort).toBe("function");
});
