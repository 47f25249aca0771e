// The package test-suite figures (tools/package-suite.mjs with the pytest
// plugin tests/package-suite/pyxis_suite.py): a test file that fails to import or skips
// itself at module level is recorded, pytest's exit status is kept, and the
// headline counts every natively passing test. The plugin runs in pyxis on
// small test files made here; the figures come from summarize().
import fs from "node:fs";
import path from "node:path";
import { ROOT, loadCaptured } from "../helpers.mjs";
import { recorder } from "../packages/helpers.mjs";
import { SUITES, summarize, tally } from "../../tools/package-suite.mjs";

const FILES = {
  "test_ok.py": "def test_a(): pass\ndef test_b(): pass\n",
  "test_broken.py": "import no_such_module_here\ndef test_c(): pass\n",
  "test_modskip.py":
    "import pytest\npytest.skip('not here', allow_module_level=True)\ndef test_d(): pass\n",
  "test_mixed.py": [
    "import pytest",
    "def test_fails(): assert False",
    "@pytest.fixture",
    "def broken(): raise RuntimeError('setup')",
    "def test_setup_error(broken): pass",
    "@pytest.mark.skip",
    "def test_skipped(): pass",
    "@pytest.mark.xfail",
    "def test_xfail(): assert False",
    "",
  ].join("\n"),
};

describe("pyxis_suite.py in pyxis", () => {
  let pyodide, out, results, status;
  beforeAll(async () => {
    ({ pyodide, out } = await loadCaptured());
    await pyodide.loadPackage("pytest", recorder().options);
    pyodide.FS.mkdirTree("/tmp/suite/t");
    pyodide.FS.writeFile(
      "/tmp/suite/pyxis_suite.py",
      fs.readFileSync(path.join(ROOT, "tests", "package-suite", "pyxis_suite.py")),
    );
    for (const [name, text] of Object.entries(FILES))
      pyodide.FS.writeFile(`/tmp/suite/t/${name}`, text);
    status = pyodide.runPython(`
import os, sys, pytest
sys.path.insert(0, "/tmp/suite")
os.environ["PYXIS_SUITE_RESULTS"] = "/tmp/suite/results.json"
int(pytest.main(["-q", "-p", "no:cacheprovider", "-p", "pyxis_suite",
                 "--continue-on-collection-errors", "--rootdir=/tmp/suite", "/tmp/suite/t"]))`);
    results = JSON.parse(pyodide.FS.readFile("/tmp/suite/results.json", { encoding: "utf8" }));
  });

  test("records each test's outcome", () => {
    expect(results.outcomes).toEqual({
      "t/test_ok.py::test_a": "passed",
      "t/test_ok.py::test_b": "passed",
      "t/test_mixed.py::test_fails": "failed",
      "t/test_mixed.py::test_setup_error": "error",
      "t/test_mixed.py::test_skipped": "skipped",
      "t/test_mixed.py::test_xfail": "xfailed",
    });
  });

  test("records a file that fails to import as an error and a module-level skip as skipped", () => {
    expect(results.collectors).toEqual({
      "t/test_broken.py": "error",
      "t/test_modskip.py": "skipped",
    });
  });

  test("records pytest's exit status", () => {
    expect(results.exitstatus).toBe(1);
    expect(status).toBe(1);
  });

  test("prints a line before and after each test (to name the test a crash happens in)", () => {
    // (pytest's progress letter may precede a mark on its line)
    const marks = out
      .map((l) => l.match(/PYXIS-(?:START|END) t\/test_ok\S+$/)?.[0])
      .filter(Boolean);
    expect(marks).toEqual([
      "PYXIS-START t/test_ok.py::test_a",
      "PYXIS-END t/test_ok.py::test_a",
      "PYXIS-START t/test_ok.py::test_b",
      "PYXIS-END t/test_ok.py::test_b",
    ]);
  });
});

describe("summarize()", () => {
  const native = {
    outcomes: {
      "a.py::t1": "passed",
      "a.py::t2": "passed",
      "a.py::t3": "failed",
      "a.py::t4": "error", // an error on both sides: not unexpected
      "b.py::t1": "passed", // b.py fails to import in pyxis
      "b.py::t2": "passed",
      "simd.py::x86": "passed", // not collected in pyxis
    },
    collectors: { "skipped.py": "skipped" },
    exitstatus: 1,
  };
  const wasm = {
    outcomes: {
      "a.py::t1": "passed",
      "a.py::t2": "crashed",
      "a.py::t3": "xfailed",
      "a.py::t4": "failed",
      "a.py::wasm_only": "skipped",
    },
    collectors: { "b.py": "error", "skipped.py": "skipped", "c.py": "crashed" },
    exitstatus: { "a.py": 1, "b.py": 1, "skipped.py": 5, "c.py": "crashed" },
  };
  const s = summarize(native, wasm);

  test("the headline is over every natively passing test", () => {
    expect(s).toMatchObject({
      nativePassing: 5,
      nativePassingAlsoPassInPyxis: 1,
      ratio: 1 / 5,
      nativePassingCollectedInPyxis: 2,
    });
    expect(s.nativePassingNotCollectedInPyxis.sort()).toEqual([
      "b.py::t1",
      "b.py::t2",
      "simd.py::x86",
    ]);
  });

  test("each side's row counts collectors and what the other side ran that it did not", () => {
    expect(s.native).toEqual({
      ...tally({ outcomes: {}, collectors: {} }),
      passed: 5,
      failed: 1,
      error: 1,
      skipped: 1,
      notCollected: 1,
      pytestExit: 1,
    });
    expect(s.pyxis).toEqual({
      ...tally({ outcomes: {}, collectors: {} }),
      passed: 1,
      failed: 1,
      error: 1,
      skipped: 2,
      xfailed: 1,
      crashed: 2,
      notCollected: 3,
      pytestExit: wasm.exitstatus,
    });
  });

  test("failures, crashes and broken runs are listed", () => {
    expect(s.unexpectedFailures.sort()).toEqual(["a.py::t2", "b.py", "c.py"]);
    expect(s.failingOnBothSides).toBe(1);
    expect(s.brokenRuns).toEqual(["pyxis c.py: crashed"]);
  });

  test("an unknown outcome is an error, not a silent zero", () => {
    expect(() => tally({ outcomes: { x: "weird" }, collectors: {} })).toThrow(
      /unknown outcome weird/,
    );
  });
});

test("each suite's packages are in the lockfile and its expected failures give reasons", async () => {
  const { LOCK } = await import("../packages/helpers.mjs");
  for (const [pkg, suite] of Object.entries(SUITES)) {
    for (const name of [...suite.load, ...suite.native]) expect(LOCK.packages[name]).toBeDefined();
    expect(suite.load).toContain(`${pkg}-tests`);
    expect(LOCK.packages[pkg].unvendored_tests).toBe(true);
    const lines = fs
      .readFileSync(
        path.join(ROOT, "tests", "package-suite", `${pkg}-expected-failures.txt`),
        "utf8",
      )
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"));
    for (const line of lines) expect(line).toMatch(/^\S+\s+# \S/);
  }
});
