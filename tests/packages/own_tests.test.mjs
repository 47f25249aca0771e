// Each package's own tests (packages/<name>/test_*.py, listed with its test
// imports in build/package-tests.json by tools/build-packages.py) run inside
// the runtime with pytest, itself loaded as a package (with the lockfile
// packages a test file imports). A package without test
// files gets only the import test; a pytest run that collects or passes no
// test fails (the runner's own check is tested at the end on files made for it).
import fs from "node:fs";
import path from "node:path";
import { ROOT, loadCaptured } from "../helpers.mjs";
import { runPytest, expectPasses } from "../pytest.mjs";
import { LOCK, recorder } from "./helpers.mjs";

const TESTS = JSON.parse(fs.readFileSync(path.join(ROOT, "build", "package-tests.json"), "utf8"));

function copyIn(pyodide, name, file) {
  const dir = `/tmp/package-tests/${name}`;
  pyodide.FS.mkdirTree(dir);
  const target = `${dir}/${path.basename(file)}`;
  pyodide.FS.writeFile(target, fs.readFileSync(file));
  return target;
}

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

  // Only packages that have test files get this test (no empty rows).
  if (files.length) {
    test.each(files.map((f) => path.basename(f)))(
      "its tests pass under pytest: %s",
      async (base) => {
        const file = files.find((f) => path.basename(f) === base);
        // What the test file imports beyond the package (Pillow's tests: numpy).
        await pyodide.loadPackagesFromImports(fs.readFileSync(file, "utf8"), recorder().options);
        expectPasses(runPytest(pyodide, out, copyIn(pyodide, name, file)));
      },
      120000,
    );
  }
});

describe("the check of a package's pytest run", () => {
  let pyodide, out, dir;
  beforeAll(async () => {
    ({ pyodide, out } = await loadCaptured());
    await pyodide.loadPackage("pytest", recorder().options);
    dir = "/tmp/runner-check";
    pyodide.FS.mkdirTree(dir);
  });
  const run = (base, text) => {
    pyodide.FS.writeFile(`${dir}/${base}`, text);
    return runPytest(pyodide, out, `${dir}/${base}`);
  };

  test("accepts a file whose tests all pass", () => {
    const r = run("test_good.py", "def test_a(): pass\ndef test_b(): assert 1 + 1 == 2\n");
    expect(r).toMatchObject({ status: 0, collected: 2, passed: 2 });
    expectPasses(r);
  });

  test.each([
    ["no tests at all", "test_empty.py", "x = 1\n"],
    [
      "only a module-level skip",
      "test_modskip.py",
      "import pytest\npytest.skip('no', allow_module_level=True)\n",
    ],
    [
      "only skipped tests",
      "test_skips.py",
      "import pytest\n@pytest.mark.skip\ndef test_a(): pass\n",
    ],
    ["a failing test", "test_fail.py", "def test_a(): pass\ndef test_b(): assert False\n"],
    [
      "a file that fails to import",
      "test_broken.py",
      "import no_such_module_here\ndef test_a(): pass\n",
    ],
  ])("fails a file with %s", (what, base, text) => {
    expect(() => expectPasses(run(base, text))).toThrow();
  });
});
