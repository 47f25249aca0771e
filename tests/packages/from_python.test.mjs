// Loading packages from Python: pyodide_js is the JS API, so Pyodide code
// like `await pyodide_js.loadPackage(...)` works, by name and by URL.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DIST, loadCaptured } from "../helpers.mjs";

test("await pyodide_js.loadPackage by name, then import", async () => {
  const { pyodide } = await loadCaptured();
  const r = await pyodide.runPythonAsync(`
import pyodide_js
await pyodide_js.loadPackage("test-ext")
import test_ext
[test_ext.greet("python"), "test-ext" in pyodide_js.loadedPackages.as_object_map()]
`);
  expect(r.toJs()).toEqual(["hello, python", true]);
  r.destroy();
  expect(pyodide.loadedPackages["test-ext"]).toBeDefined();
});

test("a pure-Python wheel from a URL installs from Python", async () => {
  const { pyodide } = await loadCaptured();
  const lock = JSON.parse(
    (await import("node:fs")).readFileSync(path.join(DIST, "pyodide-lock.json"), "utf8"),
  );
  const url = pathToFileURL(path.join(DIST, lock.packages.iniconfig.file_name)).href;
  pyodide.globals.set("url", url);
  await pyodide.runPythonAsync("import pyodide_js\nawait pyodide_js.loadPackage(url)");
  expect(pyodide.runPython("import iniconfig; iniconfig.__name__")).toBe("iniconfig");
});

test("a failed load raises in Python, and Python goes on", async () => {
  const { pyodide } = await loadCaptured();
  await expect(
    pyodide.runPythonAsync("import pyodide_js\nawait pyodide_js.loadPackage('no-such-package')"),
  ).rejects.toThrow(/no-such-package/);
  expect(
    await pyodide.runPythonAsync(`
from pyodide.ffi import JsException
try:
    await pyodide_js.loadPackage('no-such-package')
except JsException as e:
    msg = str(e)
'caught' if 'no-such-package' in msg else msg`),
  ).toBe("caught");
});
