"""Runs one module of CPython's regression tests (test.<name>) in this
process as regrtest runs a test in a fresh process (its default settings:
no -u resources, not verbose, in a fresh working folder) and writes every
test's outcome as JSON. The same file runs natively (the toolchain's
python3.X) and in pyxis (the pyxis command), for tools/cpython-tests.mjs.

    cpython_suite.py NAME RESULTS.json [--exclude-from FILE]

Outcomes, by test id (unittest's): passed, failed (a failure, or any failing
subtest), error, skipped, xfailed, xpassed (unittest's expected failures),
and, for the module itself ("collectors"): error (it did not import or load)
or skipped (it raised SkipTest on import). Each test's start and end are
written to the original stderr ("PYXIS-START id" / "PYXIS-END id"), so the
runner knows the test that was running if the process dies. Tests named in
the --exclude-from file (one id a line) are not run: they killed the process
before.
"""

import importlib
import json
import os
import sys
import tempfile
import time
import traceback
import unittest

import test.support  # noqa: F401 - also makes the pyxis command load cpython-tests


def short(text, limit=400):
    """The last line of a traceback (its exception), cut to `limit`."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    return last if len(last) <= limit else last[: limit - 3] + "..."


class Result(unittest.TestResult):
    """Records each test's outcome by id; marks starts and ends on stderr."""

    def __init__(self, mark):
        super().__init__()
        self.outcomes = {}
        self.details = {}
        self.mark = mark

    def _set(self, test, outcome, detail=None):
        tid = test.id()
        # A failing subtest makes the test failed, whatever comes after.
        if self.outcomes.get(tid) in ("failed", "error") and outcome == "passed":
            return
        self.outcomes[tid] = outcome
        if detail:
            self.details[tid] = short(detail)

    def startTest(self, test):
        super().startTest(test)
        self.mark("START", test.id())

    def stopTest(self, test):
        super().stopTest(test)
        self.mark("END", test.id())

    def addSuccess(self, test):
        super().addSuccess(test)
        self._set(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._set(test, "failed", self.failures[-1][1])

    def addError(self, test, err):
        super().addError(test, err)
        # setUpClass/setUpModule failures come as an _ErrorHolder whose id
        # names the class or module.
        self._set(test, "error", self.errors[-1][1])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._set(test, "skipped", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._set(test, "xfailed")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._set(test, "xpassed")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            text = "".join(traceback.format_exception(*err))
            self._set(test, "failed" if failed else "error", text)


def remove_excluded(suite, excluded):
    """Drop the excluded tests from the suite (as regrtest's _filter_suite)."""
    kept = []
    for t in suite._tests:
        if isinstance(t, unittest.TestSuite):
            remove_excluded(t, excluded)
            kept.append(t)
        elif t.id() not in excluded:
            kept.append(t)
    suite._tests = kept


def configure_support():
    """test.support as regrtest leaves it by default (libregrtest/setup.py)."""
    from test import support

    support.verbose = 0
    support.use_resources = []
    support.failfast = False
    support.PGO = False
    support.junit_xml_list = None
    support.record_original_stdout(sys.stdout)
    try:
        from test.libregrtest.filter import set_match_tests

        set_match_tests(None)
    except ImportError:
        pass
    unittest.BaseTestSuite._cleanup = False


def main(argv):
    name, results_path = argv[0], os.path.abspath(argv[1])
    excluded = set()
    if "--exclude-from" in argv:
        with open(argv[argv.index("--exclude-from") + 1]) as f:
            excluded = {line.strip() for line in f if line.strip()}
    module = name if name.startswith("test.") else f"test.{name}"
    err = sys.__stderr__

    def mark(kind, tid):
        err.write(f"\nPYXIS-{kind} {tid}\n")
        err.flush()

    configure_support()
    result = Result(mark)
    collectors, details = {}, {}
    start = time.monotonic()
    home = os.getcwd()
    work = tempfile.mkdtemp(prefix="test_python_")
    os.chdir(work)
    try:
        mod = importlib.import_module(module)
        loader = unittest.TestLoader()
        suite = loader.loadTestsFromModule(mod)
        if loader.errors:
            collectors[module] = "error"
            details[module] = short(loader.errors[0])
        remove_excluded(suite, excluded)
        mark("START", module)
        suite.run(result)
        mark("END", module)
    except unittest.SkipTest as e:
        collectors[module] = "skipped"
        details[module] = str(e)
    except BaseException as e:  # noqa: B036 - a SystemExit in a module is its error too
        collectors[module] = "error"
        details[module] = short("".join(traceback.format_exception(e)))
    finally:
        os.chdir(home)
    details.update(result.details)
    with open(results_path, "w") as f:
        json.dump(
            {
                "module": name,
                "outcomes": result.outcomes,
                "collectors": collectors,
                "details": details,
                "seconds": round(time.monotonic() - start, 2),
            },
            f,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
