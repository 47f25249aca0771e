// Running pytest inside a runtime (pytest itself loaded as a package), for
// the Python-side tests (tests/py) and each package's own tests
// (tests/packages/own_tests.test.mjs); and what a passing run is.

/**
 * Runs pytest on one file in the runtime: { status, collected, passed,
 * failed, skipped, report } (collected: tests pytest collected; the outcomes
 * count tests).
 */
export function runPytest(pyodide, out, target) {
  out.length = 0;
  const result = JSON.parse(
    pyodide.runPython(`
import json, pytest

class _Count:
    def __init__(self):
        self.collected = 0
        self.counts = {"passed": 0, "failed": 0, "skipped": 0}

    def pytest_collection_finish(self, session):
        self.collected = len(session.items)

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            self.counts[report.outcome] += 1

_count = _Count()
_status = int(pytest.main(["-q", "-p", "no:cacheprovider", ${JSON.stringify(target)}], plugins=[_count]))
json.dumps({"status": _status, "collected": _count.collected, **_count.counts})
`),
  );
  return { ...result, report: out.join("\n") };
}

/**
 * Runs files of a package's own test suite (paths relative to the
 * package's folder; its <pkg>-tests package loaded) and checks that pytest
 * passed them: exit 0 and a "N passed" summary.
 */
export async function expectSuiteFilesPass(pyodide, out, pkg, files, extraArgs = []) {
  await pyodide.loadPackage([`${pkg}-tests`, "pytest", "hypothesis"]);
  out.length = 0;
  const status = pyodide.runPython(`
import os, pytest, ${pkg}
base = os.path.dirname(${pkg}.__file__)
int(pytest.main(["-q", "-p", "no:cacheprovider", "-m", "not slow", "--rootdir", base,
                 *${JSON.stringify(extraArgs)}, *(os.path.join(base, f) for f in ${JSON.stringify(files)})]))
`);
  const report = out.join("\n");
  expect({ status, summary: report.split("\n").slice(-3).join("\n") }).toEqual({
    status: 0,
    summary: expect.stringMatching(/\d+ passed/),
  });
}

/** What a passing run of a test file is: something collected, all of it passed. */
export function expectPasses(r) {
  expect(r).toEqual({
    status: 0,
    collected: r.collected > 0 ? r.collected : "at least one test",
    passed: r.collected > 0 ? r.collected : "at least one test",
    failed: 0,
    skipped: 0,
    report: expect.stringMatching(/\d+ passed/),
  });
}
