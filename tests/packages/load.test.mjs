// Packages load on demand from the local dist/ (file: URLs): C extensions,
// a shared library before the extension that links to it, pure-Python
// packages with their dependencies; loadedPackages, progress messages, the
// ModuleNotFoundError hint, loadPackagesFromImports and preloading.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DIST, loadCaptured, CONFIG } from "../helpers.mjs";
import { LOCK, SITE, recorder } from "./helpers.mjs";

let pyodide;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
});

test("nothing is loaded at start, and the hint names the package", () => {
  expect(pyodide.loadedPackages).toEqual({});
  expect(() => pyodide.runPython("import test_ext")).toThrow(
    /ModuleNotFoundError: No module named 'test_ext'\. It is in the package 'test-ext'.*loadPackage\("test-ext"\)/,
  );
  // Only names the lockfile provides get the hint; submodules of unknown
  // packages and other names keep CPython's message.
  expect(() => pyodide.runPython("import no_such_module_xyz")).toThrow(
    /ModuleNotFoundError: No module named 'no_such_module_xyz'\n?$/m,
  );
  expect(pyodide.runPython("import sys; type(sys.meta_path[-1]).__name__")).toBe(
    "PackageHintFinder",
  );
});

test('await loadPackage("test-ext") then import test_ext works', async () => {
  const rec = recorder();
  const loaded = await pyodide.loadPackage("test-ext", rec.options);
  expect(loaded).toEqual(["test-ext"]);
  expect(rec.messages).toEqual(["Loading test-ext", "Loaded test-ext"]);
  expect(pyodide.loadedPackages).toEqual({ "test-ext": "default channel" });
  pyodide.runPython("import test_ext");
  expect(pyodide.runPython("test_ext.greet('pyxis')")).toBe("hello, pyxis");
  expect(pyodide.runPython("test_ext.Accumulator(1).add(2)")).toBe(3);
  expect(pyodide.runPython("test_ext.call_through_capsule(4)[0]")).toBe(40);
  expect(() => pyodide.runPython("test_ext.greet('')")).toThrow(/TestExtError: empty name/);
  // The side modules were loaded by the JS loader before the import: dlopen
  // found them in emscripten's table of loaded libraries.
  const names = Object.keys(pyodide._module.LDSO.loadedLibsByName);
  expect(names).toContain(`${SITE}/test_ext/_core${CONFIG.EXT_SUFFIX}`);
  expect(names).toContain(`${SITE}/test_ext/_caller${CONFIG.EXT_SUFFIX}`);
  // importlib.metadata sees it, and .py files were shipped as .pyc.
  expect(pyodide.runPython("import importlib.metadata as m; m.version('test-ext')")).toBe("1.0.0");
  expect(pyodide.FS.analyzePath(`${SITE}/test_ext/__init__.pyc`).exists).toBe(true);
  expect(pyodide.FS.analyzePath(`${SITE}/test_ext/__init__.py`).exists).toBe(false);
});

test("loading a loaded package again is a no-op", async () => {
  const rec = recorder();
  expect(await pyodide.loadPackage(["test-ext", "test_ext"], rec.options)).toEqual([]);
  expect(rec.messages).toEqual([]);
  expect(Object.keys(pyodide.loadedPackages)).toEqual(["test-ext"]);
});

test("a shared library loads first, globally, then the extension linked to it", async () => {
  const rec = recorder();
  expect(await pyodide.loadPackage("test-shlib-user", rec.options)).toEqual([
    "test-shlib",
    "test-shlib-user",
  ]);
  expect(rec.messages).toEqual([
    "Loading test-shlib, test-shlib-user",
    "Loaded test-shlib, test-shlib-user",
  ]);
  expect(pyodide.loadedPackages["test-shlib"]).toBe("default channel");
  expect(pyodide.FS.analyzePath("/usr/lib/libtestshlib.so").exists).toBe(true);
  pyodide.runPython("import test_shlib_user as u");
  expect(pyodide.runPython("u.add(20, 22)")).toBe(42);
  expect(pyodide.runPython("u.iterate_triple(1, 3)")).toBe(27);
  expect(pyodide.runPython("u.version()")).toBe("testshlib 1.0.0");
  // ctypes opens the same copy of the library (its call counter is shared).
  pyodide.runPython(
    "import ctypes; lib = ctypes.CDLL('/usr/lib/libtestshlib.so'); before = u.calls()",
  );
  expect(pyodide.runPython("lib.testshlib_add(1, 2)")).toBe(3);
  expect(pyodide.runPython("u.calls() - before")).toBe(1);
});

test("pure-Python packages load with their dependencies (pytest)", async () => {
  const rec = recorder();
  const loaded = await pyodide.loadPackage("pytest", rec.options);
  expect(loaded.sort()).toEqual(["iniconfig", "packaging", "pluggy", "pytest"]);
  expect(rec.messages[0]).toMatch(/^Loading (.*, )?pytest/);
  for (const name of ["iniconfig", "packaging", "pluggy", "pytest"]) {
    expect(pyodide.loadedPackages[name]).toBe("default channel");
  }
  expect(pyodide.runPython("import pytest; pytest.__version__")).toBe(LOCK.packages.pytest.version);
  expect(pyodide.runPython("import packaging.version as v; str(v.Version('1.0rc1'))")).toBe(
    "1.0rc1",
  );
});

test("dependencies are installed before their dependents", async () => {
  // The order loadPackage reports is the install order: every package comes
  // after everything it depends on.
  const { pyodide: py } = await loadCaptured();
  const order = await py.loadPackage(["pytest", "test-shlib-user"], recorder().options);
  for (const name of order) {
    for (const dep of LOCK.packages[name].depends) {
      expect(order.indexOf(dep)).toBeLessThan(order.indexOf(name));
    }
  }
  expect(order.indexOf("test-shlib")).toBeLessThan(order.indexOf("test-shlib-user"));
  expect(order.indexOf("pluggy")).toBeLessThan(order.indexOf("pytest"));
});

test("loadPackagesFromImports finds imports with ast and loads what the lockfile provides", async () => {
  const { pyodide: py } = await loadCaptured();
  const rec = recorder();
  const code = [
    "import os, test_shlib_user",
    "from iniconfig import IniConfig",
    "from . import relative_is_ignored",
    "'''import pytest'''  # in a string: not an import",
    "def f():",
    "    import packaging.version",
  ].join("\n");
  const loaded = await py.loadPackagesFromImports(code, rec.options);
  expect(loaded.sort()).toEqual(["iniconfig", "packaging", "test-shlib", "test-shlib-user"]);
  expect(py.loadedPackages.pytest).toBeUndefined();
  await expect(py.loadPackagesFromImports("import (", rec.options)).rejects.toThrow(/SyntaxError/);
  expect(await py.loadPackagesFromImports("import json", rec.options)).toEqual([]);
});

test("loadPyodide({packages}) preloads", async () => {
  const { pyodide: py } = await loadCaptured({ packages: ["test-ext"] });
  expect(Object.keys(py.loadedPackages)).toEqual(["test-ext"]);
  expect(py.runPython("import test_ext; test_ext.weighted_sum([1, 1])")).toBe(3);
});

test("a bundle can be loaded by URL", async () => {
  const { pyodide: py } = await loadCaptured();
  const url = pathToFileURL(path.join(DIST, LOCK.packages.iniconfig.file_name)).href;
  expect(await py.loadPackage(url, recorder().options)).toEqual(["iniconfig"]);
  expect(py.loadedPackages.iniconfig).toBe(url);
  expect(
    py.runPython("import iniconfig; iniconfig.IniConfig('x', data='[a]\\nb = 1')['a']['b']"),
  ).toBe("1");
});
