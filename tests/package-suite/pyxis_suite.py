"""pytest plugin (loaded with -p pyxis_suite) for running a package's own
test suite (tools/package-suite.mjs), the same natively and in pyxis: prints a line
before and after each test (so a crash of the runtime names the test, or
shows that it happened outside any test), marks the expected failures of
<package>-expected-failures.txt as xfail (in pyxis only; ids relative to the
folder of the package $PYXIS_SUITE_PACKAGE names), and writes to the JSON file
named by $PYXIS_SUITE_RESULTS each test's outcome, the outcome of each
collector that collected nothing (a test file that fails to import: "error";
a module-level skip: "skipped"; keyed by the file's or class's node id), and
pytest's exit status: {"outcomes": {...}, "collectors": {...}, "exitstatus": N}."""

import json
import os
import sys

import pytest

_outcomes = {}
_collectors = {}


def _load_expected(path):
    """nodeid-prefix -> reason, from lines 'nodeid-prefix  # reason'."""
    expected = {}
    if not path or not os.path.exists(path):
        return expected
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            node, _, reason = line.partition("#")
            if not reason.strip():
                raise ValueError(f"expected-failures entry without a reason: {line!r}")
            expected[node.strip()] = reason.strip()
    return expected


def pytest_collection_modifyitems(config, items):
    expected = _load_expected(os.environ.get("PYXIS_SUITE_EXPECTED"))
    for item in items:
        # Ids as in the expected failures: relative to the package's folder.
        top = os.environ.get("PYXIS_SUITE_PACKAGE", "") + "/"
        node = item.nodeid.split(top, 1)[-1] if top in item.nodeid else item.nodeid
        for prefix, reason in expected.items():
            if node == prefix or node.startswith(prefix + "::") or node.startswith(prefix + "["):
                item.add_marker(pytest.mark.xfail(reason=f"pyxis: {reason}", strict=False, run=True))
                break


def pytest_runtest_logstart(nodeid, location):
    sys.stdout.write(f"PYXIS-START {nodeid}\n")
    sys.stdout.flush()


def pytest_runtest_logfinish(nodeid, location):
    sys.stdout.write(f"PYXIS-END {nodeid}\n")
    sys.stdout.flush()


def pytest_runtest_logreport(report):
    node = report.nodeid
    if report.when == "call" or (report.when == "setup" and not report.passed):
        if hasattr(report, "wasxfail"):
            outcome = "xpassed" if report.passed else "xfailed"
        elif report.failed:
            outcome = "failed" if report.when == "call" else "error"
        else:
            outcome = report.outcome
        _outcomes[node] = outcome
    elif report.when == "teardown" and report.failed and _outcomes.get(node) == "passed":
        _outcomes[node] = "error"


def pytest_collectreport(report):
    # A collector (a file, a class) that failed or was skipped yields no
    # tests, so no test reports: record it, or it vanishes from the figures.
    if report.failed:
        _collectors[report.nodeid] = "error"
    elif report.skipped:
        _collectors[report.nodeid] = "skipped"


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("PYXIS_SUITE_RESULTS")
    if path:
        with open(path, "w") as f:
            json.dump({"outcomes": _outcomes, "collectors": _collectors, "exitstatus": int(exitstatus)}, f)
