"""pytest plugin (loaded with -p pyodide_suite_harness) for running Pyodide's
own test suite (../shared/pyodide-tests, unchanged) against pyxis and against
the pyodide npm package alike (tools/pyodide-tests.mjs). It changes only the
harness, the same way for both runtimes, never a test:

- Pyodide's conftest loads the runtime from `snapshot.bin` and touches
  `pyodide._api` internals (initialize script, `inTestHoist`, state
  save/restore, hiwire and PyProxy counters, `fail_test`,
  `_clear_method_call_singleton`): here the runtime starts with
  `loadPyodide({jsglobals: self})`, the globals of `__main__` and the
  recursion limit are saved and restored between tests with `runPython`, and
  the leak counters (which need internals) read 0.
- conftest.PYODIDE_ROOT and DIST_PATH (a Pyodide checkout, where conftest.py
  is, and its dist/) are the folder laid out as a checkout for the runtime
  under test ($PYXIS_SUITE_ROOT: `src` and `dist`) and its dist.
- Node runs in place of the runner's shell (`exec node ...`), so a runtime
  that dies ends the test at once (not after a 20 s timeout); the next test
  gets a fresh runtime (the upstream runner would keep talking to the dead
  one).
- Writes each test's outcome with a short reason, each collector that failed
  to collect (one "error" per file), and pytest's exit status, to the JSON
  file named by $PYXIS_SUITE_RESULTS:
  {"outcomes": {nodeid: {"outcome", "reason", "duration"}}, "collectors": {...},
   "exitstatus": N}.
"""

import json
import os
import re
import sys
import textwrap
from pathlib import Path

import pexpect
import pytest
from pytest_pyodide import get_global_config
from pytest_pyodide import runner as _runner

LOAD_SCRIPT = "let pyodide = await loadPyodide({ jsglobals: self });"
POST_LOAD_SCRIPT = "self.pyodide = pyodide; globalThis.pyodide = pyodide;"
INITIALIZE_SCRIPT = "pyodide.globals.get; pyodide.runPython('');"

# Makes a Python function that puts __main__'s globals and the recursion limit
# back as they were when it was made, and drops sys.modules entries added
# since that are not modules (JS modules a test registered).
SAVE_STATE_PY = """
def _save_state():
    import __main__, sys, types
    saved_globals = dict(__main__.__dict__)
    saved_limit = sys.getrecursionlimit()
    saved_modules = set(sys.modules)
    def restore():
        __main__.__dict__.clear()
        __main__.__dict__.update(saved_globals)
        sys.setrecursionlimit(saved_limit)
        for name in list(sys.modules):
            if name not in saved_modules and not isinstance(sys.modules[name], types.ModuleType):
                del sys.modules[name]
    return restore
_save_state()
"""

# Snippets the upstream conftest runs through run_js that need internals, and
# what runs instead.
HARNESS_SNIPPETS = {
    "pyodide._module._clear_method_call_singleton();": "",
}


def _configure_scripts():
    cfg = get_global_config()
    for rt in ("node", "chrome", "firefox", "safari"):
        cfg.set_load_pyodide_script(rt, LOAD_SCRIPT)
    cfg.set_initialize_script(INITIALIZE_SCRIPT)


class RuntimeExited(Exception):
    """The runtime's Node process ended while a command ran."""


def _init_node(self, jspi=False):
    # pytest_pyodide.runner.NodeRunner.init_node, with `exec node`.
    curdir = Path(_runner.__file__).parent
    globals_str = json.dumps(self._config.get_node_extra_globals())
    env = os.environ.copy() | {"PYTEST_PYODIDE_NODE_TEST_DRIVER_EXTRA_GLOBALS": globals_str}
    self._suite_jspi = jspi
    self._suite_broken = False
    self.p = pexpect.spawn("/bin/bash", timeout=60, env=env)
    self.p.setecho(False)
    self.p.delaybeforesend = None
    extra_args = self._config.get_flags("node")[:]
    if jspi:
        extra_args.append("--experimental-wasm-stack-switching")
    self.p.sendline(
        f"exec node --expose-gc {' '.join(extra_args)} {curdir}/node_test_driver.js "
        f"{self.base_url} {self.dist_dir}"
    )
    try:
        self.p.expect_exact("READY!!")
    except (pexpect.exceptions.EOF, pexpect.exceptions.TIMEOUT):
        raise _runner.JavascriptException("", self.p.before.decode()) from None


_orig_run_js_inner = _runner.NodeRunner.run_js_inner


def _run_js_inner(self, code, check_code):
    if not self.p.isalive():
        self._suite_broken = True
        raise RuntimeExited("the runtime's Node process had already exited")
    try:
        return _orig_run_js_inner(self, code, check_code)
    except pexpect.exceptions.EOF:
        self._suite_broken = True
        out = (self.p.before or b"").decode(errors="replace").replace("\r", "").strip()
        raise RuntimeExited(f"the runtime's Node process exited: {out[-2000:]}") from None
    except _runner.JavascriptException:
        raise
    except BaseException:
        # A timeout (pexpect's or pytest-timeout's) leaves the driver mid-command.
        self._suite_broken = True
        raise


def _quit(self):
    try:
        self.p.sendeof()
        self.p.close(force=True)
    except Exception:
        pass


def _run_js(self, code, pyodide_checks=True):
    if isinstance(code, str):
        key = textwrap.dedent(code).strip()
        if key in HARNESS_SNIPPETS:
            code = HARNESS_SNIPPETS[key]
    return _orig_run_js(self, code, pyodide_checks)


def _save_state(self):
    self.run_js(
        f"""
        if (self.__suiteRestore) self.__suiteRestore.destroy();
        const ns = pyodide.runPython("dict()");
        self.__suiteRestore = pyodide.runPython({json.dumps(SAVE_STATE_PY)}, {{ globals: ns }});
        ns.destroy();
        """
    )


def _restore_state(self):
    self.run_js("if (self.__suiteRestore) self.__suiteRestore();")


_orig_run_js = _runner._BrowserBaseRunner.run_js
_runner._BrowserBaseRunner.POST_LOAD_PYODIDE_SCRIPT = POST_LOAD_SCRIPT
_runner._BrowserBaseRunner.run_js = _run_js
_runner._BrowserBaseRunner.save_state = _save_state
_runner._BrowserBaseRunner.restore_state = _restore_state
_runner._BrowserBaseRunner.get_num_hiwire_keys = lambda self: 0
_runner._BrowserBaseRunner.get_num_proxies = lambda self: 0
_runner._BrowserBaseRunner.enable_pyproxy_tracing = lambda self: None
_runner._BrowserBaseRunner.disable_pyproxy_tracing = lambda self: None
_runner._BrowserBaseRunner.force_test_fail = property(lambda self: False)
_runner._BrowserBaseRunner.clear_force_test_fail = lambda self: None
_runner.NodeRunner.init_node = _init_node
_runner.NodeRunner.run_js_inner = _run_js_inner
_runner.NodeRunner.quit = _quit


def _restart(runner):
    _quit(runner)
    runner._logs = []
    runner.init_node(getattr(runner, "_suite_jspi", False))
    runner.javascript_setup()
    runner.load_pyodide()
    runner.initialize_pyodide()
    runner.save_state()
    runner.restore_state()


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    # After the upstream conftest's set_configs() (run when it was imported).
    _configure_scripts()
    # conftest.PYODIDE_ROOT is the Pyodide checkout (conftest.py's folder)
    # and DIST_PATH its dist/; tests use them to find the runtime's files:
    # here they are the folder laid out as a checkout for the runtime under
    # test ($PYXIS_SUITE_ROOT) and its dist (--dist-dir).
    conftest = sys.modules.get("conftest")
    if conftest is not None and hasattr(conftest, "DIST_PATH"):
        conftest.DIST_PATH = Path(config.option.dist_dir)
        if os.environ.get("PYXIS_SUITE_ROOT"):
            conftest.PYODIDE_ROOT = Path(os.environ["PYXIS_SUITE_ROOT"])


def pytest_sessionstart(session):
    _configure_scripts()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    yield
    # A module-scoped runtime that died or was left mid-command by the last
    # test: start a fresh one for this test.
    seen = set()
    for value in getattr(item, "funcargs", {}).values():
        if isinstance(value, _runner.NodeRunner) and id(value) not in seen:
            seen.add(id(value))
            if getattr(value, "_suite_broken", False) or not value.p.isalive():
                _restart(value)


# --- results ---------------------------------------------------------------
_outcomes = {}
_collectors = {}


_EXC_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Failed)(: |$)")
_JS_FRAME = re.compile(r"^(at |\^+$|evalmachine\.<anonymous>:\d+$)")


def _short(text):
    """The gist of an error text: with a Python traceback inside (a
    PythonError, or run_in_pyodide's), its first exception line, plus the last
    one if another exception followed; without JS stack frames."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if any("Traceback (most recent call last)" in line for line in lines):
        exc = [i for i, ln in enumerate(lines) if _EXC_LINE.match(ln) and "Traceback (most" not in ln]
        if exc:
            # The first exception's message, with its continuation lines.
            end = exc[0] + 1
            while end < len(lines) and lines[end] and not lines[end].startswith(("File ", "During ", "Traceback ")):
                end += 1
            first = " | ".join(lines[exc[0] : end])
            exc = [lines[i] for i in exc]
            if len(exc) > 1 and "During handling of the above exception" in text:
                return f"{first[:300]} [then {exc[-1][:100]}]"
            return first[:400]
    lines = [ln for ln in lines if ln and not _JS_FRAME.match(ln)]
    return " | ".join(lines)[:400]


def _reason(report):
    """A short reason: what was raised, without tracebacks."""
    if report.outcome == "skipped" and isinstance(report.longrepr, tuple):
        text = str(report.longrepr[2])
    elif hasattr(report, "wasxfail") and report.wasxfail:
        text = report.wasxfail
    else:
        crash = getattr(report.longrepr, "reprcrash", None)
        text = crash.message if crash is not None else str(report.longrepr)
    text = text.replace("pytest_pyodide.runner.JavascriptException: ", "JS: ")
    return _short(text)


def pytest_runtest_logreport(report):
    prev = _outcomes.get(report.nodeid)
    if report.when == "call":
        if hasattr(report, "wasxfail"):
            outcome = "xfailed" if report.skipped else "xpassed"
        else:
            outcome = report.outcome
        entry = {"outcome": outcome, "reason": _reason(report) if outcome != "passed" else ""}
        if prev and prev["outcome"] == "error":  # a setup error cannot be followed by a call
            return
        _outcomes[report.nodeid] = {**entry, "duration": round(report.duration, 2)}
    elif report.failed:
        # Setup or teardown error: an error unless the call already failed.
        if not (prev and prev["outcome"] == "failed"):
            _outcomes[report.nodeid] = {
                "outcome": "error",
                "reason": f"{report.when}: {_reason(report)}",
                "duration": round(report.duration, 2),
            }
    elif report.when == "setup" and report.skipped:
        outcome = "xfailed" if hasattr(report, "wasxfail") else "skipped"
        _outcomes[report.nodeid] = {"outcome": outcome, "reason": _reason(report), "duration": 0}


def pytest_collectreport(report):
    if report.failed:
        _collectors[report.nodeid] = {"outcome": "error", "reason": _reason(report)}


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("PYXIS_SUITE_RESULTS")
    if path:
        with open(path, "w") as f:
            json.dump(
                {"outcomes": _outcomes, "collectors": _collectors, "exitstatus": int(exitstatus)},
                f,
                indent=1,
            )
