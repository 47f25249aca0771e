// loadPyodide's options: each option Pyodide documents works or is refused
// by name; an unknown option is an error; a runtime that cannot be
// instantiated makes loadPyodide reject (no unhandled rejection, no hang).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DIST, loadCaptured, CONFIG } from "../helpers.mjs";

const loader = () => import(path.join(DIST, "pyxis.mjs"));
const quiet = { stdout: () => {}, stderr: () => {} };

test("an unknown option is an error naming it", async () => {
  const { loadPyodide } = await loader();
  await expect(loadPyodide({ indexUrl: "x" })).rejects.toThrow(
    /loadPyodide: unknown option 'indexUrl' \(known: indexURL, /,
  );
  await expect(loadPyodide("x")).rejects.toThrow(/options must be an object/);
});

test.each([
  ["packageCacheDir", "/tmp/cache", /option 'packageCacheDir' not supported/],
  ["_makeSnapshot", true, /option '_makeSnapshot' not supported: pyxis has no memory snapshots/],
  ["_loadSnapshot", new Uint8Array(1), /option '_loadSnapshot' not supported/],
  ["enableRunUntilComplete", true, /'enableRunUntilComplete' supported only as false/],
  ["pyproxyToStringRepr", true, /'pyproxyToStringRepr' supported only as false/],
  ["convertNullToNone", "yes", /option 'convertNullToNone' must be a boolean/],
  ["toJsLiteralMap", 1, /option 'toJsLiteralMap' must be a boolean/],
  ["args", "-c", /option 'args' must be an array of strings/],
  ["env", { A: {} }, /option 'env' must be an object of strings/],
  ["packages", "numpy", /option 'packages' must be an array of strings/],
  ["fullStdLib", "yes", /option 'fullStdLib' must be a boolean/],
  ["jsglobals", 5, /option 'jsglobals' must be an object/],
  ["fsInit", {}, /option 'fsInit' must be a function/],
])("option %s = %p is refused by name", async (key, value, message) => {
  const { loadPyodide } = await loader();
  await expect(loadPyodide({ ...quiet, [key]: value })).rejects.toThrow(message);
});

test("lockFileURL and lockFileContents together are refused", async () => {
  const { loadPyodide } = await loader();
  await expect(loadPyodide({ lockFileURL: "a", lockFileContents: "{}" })).rejects.toThrow(
    /give lockFileURL or lockFileContents, not both/,
  );
});

test("the options that work: args, env, fullStdLib, jsglobals, _sysExecutable, fsInit, stdLibURL", async () => {
  const seen = [];
  const { pyodide } = await loadCaptured({
    args: ["a", "b"],
    env: { PYXIS_TEST: "yes", PYXIS_NUMBER: 1 },
    fullStdLib: true, // the stdlib archive is always complete
    jsglobals: { answer: 42, nested: { x: "y" } },
    _sysExecutable: "/usr/bin/pyxis-test",
    convertNullToNone: true,
    enableRunUntilComplete: false,
    pyproxyToStringRepr: false,
    checkAPIVersion: true,
    stdLibURL: pathToFileURL(path.join(DIST, CONFIG.STDLIB_ZIP_NAME)).href,
    async fsInit(FS, { sitePackages }) {
      seen.push(sitePackages);
      FS.writeFile(`${sitePackages}/from_fs_init.py`, "value = 'written by fsInit'");
    },
  });
  expect(seen).toEqual([CONFIG.SITE_PACKAGES]);
  expect(pyodide.runPython("import sys; sys.argv[1:]").toJs()).toEqual(["a", "b"]);
  expect(pyodide.runPython("import os; os.environ['PYXIS_TEST']")).toBe("yes");
  expect(pyodide.runPython("os.environ['PYXIS_NUMBER']")).toBe("1");
  expect(pyodide.runPython("from js import answer, nested; answer, nested.x").toJs()).toEqual([
    42,
    "y",
  ]);
  expect(pyodide.runPython("sys.executable")).toBe("/usr/bin/pyxis-test");
  expect(pyodide.runPython("import from_fs_init; from_fs_init.value")).toBe("written by fsInit");
  // asyncio still runs on the real globalThis's timers with another jsglobals
  await expect(pyodide.runPythonAsync("import asyncio; await asyncio.sleep(0); 7")).resolves.toBe(
    7,
  );
  // convertNullToNone: true, the old behaviour
  pyodide.globals.set("js_null", () => null);
  expect(pyodide.runPython("js_null() is None")).toBe(true);
});

test("the conversion defaults of Pyodide 314, and toJsLiteralMap/convertNullToNone", async () => {
  const { pyodide } = await loadCaptured();
  // JS null is jsnull (not None); a dict becomes an Object
  expect(
    pyodide.runPython(`
from pyodide.code import run_js
from pyodide.ffi import jsnull, to_js
run_js("null") is jsnull and run_js("[null]")[0] is jsnull and repr(jsnull) == "jsnull"`),
  ).toBe(true);
  expect(pyodide.runPython("to_js({'a': 1, 2: None})")).toStrictEqual({ a: 1, 2: undefined });
  const old = (await loadCaptured({ toJsLiteralMap: true, convertNullToNone: false })).pyodide;
  const m = old.runPython("from pyodide.ffi import to_js; to_js({'a': 6, 'get': 7, 6: 9})");
  expect(m.constructor.name).toBe("LiteralMap");
  expect([m.a, m.get("get"), m.get(6), "a" in m, 6 in m, typeof m.get]).toEqual([
    6,
    7,
    9,
    true,
    false,
    "function",
  ]);
  m.b = 1;
  delete m.a;
  expect([...m.keys()]).toEqual(["get", 6, "b"]);
  expect(old.runPython("from pyodide.code import run_js; run_js('null')")).toBe(null);
});

test("lockFileContents (object or text) with packageBaseUrl", async () => {
  const lock = JSON.parse(fs.readFileSync(path.join(DIST, "pyodide-lock.json"), "utf8"));
  const { pyodide } = await loadCaptured({
    lockFileContents: JSON.stringify(lock),
    packageBaseUrl: pathToFileURL(DIST).href,
  });
  await pyodide.loadPackage("iniconfig", { messageCallback: () => {} });
  expect(pyodide.runPython("import iniconfig; iniconfig.__name__")).toBe("iniconfig");
  // Without packageBaseUrl, a relative file name has no base: a clear error.
  const { pyodide: other } = await loadCaptured({ lockFileContents: Promise.resolve(lock) });
  await expect(other.loadPackage("iniconfig", { messageCallback: () => {} })).rejects.toThrow(
    /lockFileContents without packageBaseUrl/,
  );
});

test("checkAPIVersion: a lockfile of another version is refused unless it is false", async () => {
  const lock = JSON.parse(fs.readFileSync(path.join(DIST, "pyodide-lock.json"), "utf8"));
  lock.info.version = "0.0.0-other";
  const options = { lockFileContents: lock, packageBaseUrl: pathToFileURL(DIST).href };
  await expect(loadCaptured(options)).rejects.toThrow(
    /was built for pyxis "0.0.0-other", but this loader is .*checkAPIVersion: false skips/,
  );
  const { pyodide } = await loadCaptured({ ...options, checkAPIVersion: false });
  expect(pyodide.runPython("1 + 1")).toBe(2);
});

test("a wasm that does not instantiate makes loadPyodide reject with a clear error", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-badwasm-"));
  try {
    for (const f of ["pyxis.asm.js", CONFIG.STDLIB_ZIP_NAME, "pyodide-lock.json"]) {
      fs.copyFileSync(path.join(DIST, f), path.join(dir, f));
    }
    const wasm = fs.readFileSync(path.join(DIST, "pyxis.asm.wasm"));
    fs.writeFileSync(path.join(dir, "pyxis.asm.wasm"), wasm.subarray(0, wasm.length >> 1));
    const { loadPyodide } = await loader();
    const url = pathToFileURL(dir + "/").href;
    await expect(loadPyodide({ ...quiet, indexURL: url })).rejects.toThrow(
      `pyxis: failed to instantiate the runtime ${url}pyxis.asm.wasm: CompileError`,
    );
    // ... and a good runtime still loads afterwards.
    const { pyodide } = await loadCaptured();
    expect(pyodide.runPython("6 * 7")).toBe(42);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
