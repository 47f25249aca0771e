// Each package's own tests (packages/<name>/test_*.py, listed with its test
// imports in build/package-tests.json by tools/build-packages.py) run inside
// the runtime with pytest, itself loaded as a package.
import fs from "node:fs";
import path from "node:path";
import { ROOT, loadCaptured } from "../helpers.mjs";
import { LOCK, recorder } from "./helpers.mjs";

const TESTS = JSON.parse(fs.readFileSync(path.join(ROOT, "build", "package-tests.json"), "utf8"));

describe.each(Object.entries(TESTS))("package %s", (name, { imports, files }) => {
  let pyodide, out;
  beforeAll(async () => {
    ({ pyodide, out } = await loadCaptured());
    await pyodide.loadPackage([name, "pytest"], recorder().options);
  });

  test("its test imports work", () => {
    // A package that provides modules must test at least one of them.
    if (LOCK.packages[name].imports.length) expect(imports.length).toBeGreaterThan(0);
    for (const mod of imports) {
      expect(
        pyodide.runPython(
          `import importlib; importlib.import_module(${JSON.stringify(mod)}).__name__`,
        ),
      ).toBe(mod);
    }
  });

  const testFiles = files.length ? files : [null];
  test.each(testFiles)("its tests pass under pytest: %s", (file) => {
    if (file === null) return; // a package without test files: imports only
    const dir = `/tmp/package-tests/${name}`;
    pyodide.FS.mkdirTree(dir);
    const target = `${dir}/${path.basename(file)}`;
    pyodide.FS.writeFile(target, fs.readFileSync(file));
    out.length = 0;
    const status = pyodide.runPython(
      `import pytest; int(pytest.main(["-q", "-p", "no:cacheprovider", ${JSON.stringify(target)}]))`,
    );
    const report = out.join("\n");
    expect({ status, report }).toEqual({ status: 0, report: expect.stringMatching(/\d+ passed/) });
    expect(report).not.toMatch(/failed|error/i);
  });
});
