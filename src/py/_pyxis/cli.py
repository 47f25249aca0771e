"""The command line, as ``python`` behaves: -c, -m, a script, or stdin.

js/bin/pyxis.mjs parses the options (CPython's grammar) and starts the
runtime, then calls:

- ``prepare(plan_json)``: applies the options with CPython's own configuration
  (``sys.flags``, ``sys.warnoptions``, ``sys._xoptions``, ``sys.argv`` as
  python shows them; see ``_apply_options``), switches asyncio to a blocking
  event loop (``asyncio.run`` as in python), reads the program and returns
  JSON: ``{"packages": [...]}``, the lockfile packages the program imports,
  which the JS side loads before the run, or ``{"status": n}`` to exit now.
- ``main()`` (through the C entry point ``pyxis_run_cli``): runs the program
  and returns the exit status: 0, the ``SystemExit`` code, or 1 after printing
  the traceback of an uncaught exception to stderr; with -i, the interactive
  prompt follows. A script (or -c code) may use ``await`` at its top level
  (as Pyodide's runPythonAsync allows: ``await micropip.install(...)``): then
  main() returns NEED_AWAIT, the JS side awaits ``run_pending()`` (the
  program's coroutine, driven by the JS event loop, so JS promises settle),
  and calls main() again.
"""

import json
import os
import sys
import traceback

# Frames of this module are left out of tracebacks. (__file__ names the .pyc
# in the stdlib zip; code objects carry the source path.)
_THIS_FILE = (lambda: None).__code__.co_filename

# What prepare() found, for main().
_plan: dict = {}


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF  # as a POSIX exit status
    print(code, file=sys.stderr)
    return 1


def _print_exception(exc: BaseException) -> None:
    # Drop the frames of this module so the traceback starts at user code.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == _THIS_FILE:
        tb = tb.tb_next
    sys.stderr.write("".join(traceback.format_exception(type(exc), exc, tb)))


# --- Options ----------------------------------------------------------------

# Room for a PyConfig (a few hundred bytes on wasm32; CPython's own size is
# not exported, so this is generous).
_CONFIG_BYTES = 4096


def _config_api():
    import ctypes

    api = ctypes.pythonapi
    api.PyConfig_InitPythonConfig.argtypes = [ctypes.c_void_p]
    api.PyConfig_InitPythonConfig.restype = None
    api.PyConfig_Clear.argtypes = [ctypes.c_void_p]
    api.PyConfig_Clear.restype = None
    api._PyInterpreterState_GetConfigCopy.argtypes = [ctypes.c_void_p]
    api._PyInterpreterState_GetConfigCopy.restype = ctypes.c_int
    api._PyConfig_AsDict.argtypes = [ctypes.c_void_p]
    api._PyConfig_AsDict.restype = ctypes.py_object
    api._PyConfig_FromDict.argtypes = [ctypes.c_void_p, ctypes.py_object]
    api._PyConfig_FromDict.restype = ctypes.c_int
    api._PyInterpreterState_SetConfig.argtypes = [ctypes.c_void_p]
    api._PyInterpreterState_SetConfig.restype = ctypes.c_int
    return ctypes, api


def _update_config(edit) -> dict:
    """Edit the running interpreter's PyConfig as a dict (what CPython's
    _testinternalcapi.set_config does): CPython re-reads it (the -X options
    become their fields, implied settings follow), copies it into the
    interpreter and updates sys.flags, sys.argv, sys.warnoptions, ...
    Returns the configuration now in force. sys.path is the config's again:
    the stdlib's on-demand groups are put back after the core archive."""
    from . import stdlib_groups

    ctypes, api = _config_api()
    buf = ctypes.create_string_buffer(_CONFIG_BYTES)
    api.PyConfig_InitPythonConfig(buf)
    try:
        api._PyInterpreterState_GetConfigCopy(buf)
        config = api._PyConfig_AsDict(buf)
        edit(config)
        api._PyConfig_FromDict(buf, config)
        api._PyInterpreterState_SetConfig(buf)
        stdlib_groups.add_paths()
        api._PyInterpreterState_GetConfigCopy(buf)
        return api._PyConfig_AsDict(buf)
    finally:
        api.PyConfig_Clear(buf)


# python's on/off options and the PyConfig fields each sets.
_FLAG_FIELDS = {
    "i": {"inspect": 1, "interactive": 1},
    "q": {"quiet": 1},
    "B": {"write_bytecode": 0},
    "s": {"user_site_directory": 0},
    "S": {"site_import": 0},
    "E": {"use_environment": 0},
    "P": {"safe_path": 1},
    "I": {"isolated": 1, "use_environment": 0, "user_site_directory": 0, "safe_path": 1},
    "x": {"skip_source_first_line": 1},
}


def _apply_options(plan: dict) -> None:
    counts = plan["counts"]
    n = counts.get
    before = list(sys.warnoptions)  # from start-up: PYTHONWARNINGS

    def edit(config):
        config["argv"] = plan["argv"]
        config["orig_argv"] = ["pyxis", *plan["args"]]
        config["xoptions"] = plan["xoptions"]
        _x_fields(config, dict(x.partition("=")[::2] for x in plan["xoptions"]))
        if n("O"):
            config["optimization_level"] = max(config["optimization_level"], n("O"))
        if n("v"):
            config["verbose"] = max(config["verbose"], n("v"))
        if n("b"):
            config["bytes_warning"] = n("b")
        if n("d"):
            config["parser_debug"] = n("d")
        for flag, fields in _FLAG_FIELDS.items():
            if n(flag):
                config.update(fields)
        if plan.get("checkHashPycs"):
            config["check_hash_pycs_mode"] = plan["checkHashPycs"]
        # python's order: -X dev's "default" (CPython adds it), PYTHONWARNINGS,
        # -W, then -b's.
        options = list(config["warnoptions"]) + plan["warnoptions"]
        if n("b"):
            options.append("error::BytesWarning" if n("b") > 1 else "default::BytesWarning")
        config["warnoptions"] = options

    config = _update_config(edit)
    if sys.warnoptions != before:
        import warnings

        # All again, in python's order (a filter already there moves to its
        # new place); an invalid one from start-up was reported then.
        for option in sys.warnoptions:
            try:
                warnings._setoption(option)
            except warnings._OptionError as msg:
                if option not in before:
                    print("Invalid -W option ignored:", msg, file=sys.stderr)
    # What python does while starting, for options that came after.
    if config["dev_mode"] or config["faulthandler"]:
        import faulthandler

        faulthandler.enable()
    if config["tracemalloc"]:
        import tracemalloc

        if not tracemalloc.is_tracing():
            tracemalloc.start(config["tracemalloc"])
    if config["int_max_str_digits"] >= 0:
        sys.set_int_max_str_digits(config["int_max_str_digits"])
    if n("S"):
        _undo_site()
    # -E/-I hid PYTHON* variables from start-up only; start-up -X options
    # were given as variables python never set.
    for name in plan["injectedEnvironment"]:
        os.environ.pop(name, None)
    os.environ.update(plan["heldEnvironment"])


def _x_fields(config: dict, x: dict) -> None:
    """The fields CPython derives from -X options while starting (it does
    not derive them again once set), with its checks."""
    if "dev" in x:
        config["dev_mode"] = config["faulthandler"] = True
    if "faulthandler" in x:
        config["faulthandler"] = True
    if "tracemalloc" in x:
        frames = x["tracemalloc"] or "1"
        if not frames.isdigit() or not 1 <= int(frames) <= 65535:
            raise ValueError("-X tracemalloc=NFRAME: invalid number of frames")
        config["tracemalloc"] = int(frames)
    if "int_max_str_digits" in x:
        digits = x["int_max_str_digits"]
        if not digits.isdigit() or 0 < int(digits) < 640:
            raise ValueError("-X int_max_str_digits: invalid limit; must be >= 640 or 0 for unlimited.")
        config["int_max_str_digits"] = int(digits)
    if "cpu_count" in x:
        count = x["cpu_count"]
        if count != "default" and (not count.isdigit() or int(count) < 1):
            raise ValueError("-X cpu_count=n option: n is missing or an invalid number, n must be greater than 0")
        config["cpu_count"] = -1 if count == "default" else int(count)


def _undo_site() -> None:
    """-S: the runtime imported site while starting; remove what it added
    (site-packages stays on sys.path: the runtime puts it there itself)."""
    import builtins

    for name in ("exit", "quit", "copyright", "credits", "license", "help"):
        builtins.__dict__.pop(name, None)
    if hasattr(sys, "__interactivehook__"):
        del sys.__interactivehook__
    for name in ("site", "_sitebuiltins", "sitecustomize", "usercustomize"):
        sys.modules.pop(name, None)


# --- Reading the program, finding its packages -------------------------------


def _read_program(plan: dict):
    """(source, filename) of the program, or (None, None) for -m and the
    interactive prompt. Raises SystemExit(2) for a script that cannot be read."""
    mode = plan["mode"]
    if mode == "command":
        return plan["target"], "<string>"
    if mode == "file":
        path = plan["target"]
        if os.path.isdir(path) or _is_zip(path):
            # A folder or zip file with a __main__.py, as python runs it.
            plan["main_importer"] = os.path.abspath(path)
            return _main_source(path), path
        try:
            with open(path, "rb") as f:
                source = f.read()
        except OSError as e:
            sys.stderr.write(f"pyxis: can't open file {path!r}: [Errno {e.errno}] {e.strerror}\n")
            raise SystemExit(2) from None
        if plan["counts"].get("x"):
            source = source.partition(b"\n")[2]  # -x: skip the first line
        return source, path
    if mode == "stdin" and not sys.stdin.isatty() and not sys.flags.interactive:
        return sys.stdin.read(), "<stdin>"  # (-i: the prompt reads it)
    return None, None


def _main_source(path: str):
    """The __main__.py of a folder or zip file (None if it has none)."""
    import zipfile

    try:
        if os.path.isdir(path):
            with open(os.path.join(path, "__main__.py"), "rb") as f:
                return f.read()
        with zipfile.ZipFile(path) as z:
            return z.read("__main__.py")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


def _is_zip(path: str) -> bool:
    import zipfile

    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def _program_folders() -> list:
    """sys.path entries of the program's own (not the runtime's)."""
    stdlib = "/lib/python{}.{}".format(*sys.version_info[:2])  # and .../pythonXY.zip
    return [p for p in sys.path if not p.startswith((stdlib, stdlib.replace(".", "", 1)))]


def _program_packages(plan: dict, source) -> list:
    from . import packages

    sources = [source] if source is not None else []
    modules = [plan["target"].partition(".")[0]] if plan["mode"] == "module" else []
    return packages.packages_for_program(sources, modules, _program_folders())


def prepare(plan_json: str) -> str:
    """Applies the options and reads the program (see the module's doc)."""
    global _plan
    plan = json.loads(plan_json)
    try:
        _apply_options(plan)
    except Exception as exc:  # noqa: BLE001 - an option CPython refuses (bad -X value)
        sys.stderr.write(f"pyxis: {exc}\n")
        return json.dumps({"status": 1})
    if plan["counts"].get("V"):
        version = sys.version if plan["counts"]["V"] > 1 else sys.version.split()[0]
        print(f"Python {version}")
        return json.dumps({"status": 0})
    import _pyxis

    from . import asyncio_js, packages

    # The CLI is a process: os._exit ends it at once, as in python (runPython
    # makes it raise SystemExit instead; see _pyxis._os_exit).
    os._exit = _pyxis.REAL_OS_EXIT
    asyncio_js.use_blocking_loop()
    packages.set_advice(packages.CLI_ADVICE)
    try:
        source, filename = _read_program(plan)
    except SystemExit as exc:
        return json.dumps({"status": _exit_code(exc)})
    plan["source"], plan["filename"] = source, filename
    _plan = plan
    if sys.path and sys.path[0] == "":
        del sys.path[0]  # the runtime's, for runPython; python's own follows
    pythonpath = os.environ.get("PYTHONPATH") if not sys.flags.ignore_environment else None
    if pythonpath:
        # The runtime's own search path is fixed; python puts these first.
        sys.path[0:0] = [os.path.abspath(p) for p in pythonpath.split(os.pathsep) if p]
    if plan.get("main_importer"):
        sys.path.insert(0, plan["main_importer"])
    elif not sys.flags.safe_path:
        sys.path.insert(0, _path0(plan))
    needed = _program_packages(plan, source)
    plan["loaded"] = set(needed)
    return json.dumps({"packages": needed})


def _path0(plan: dict) -> str:
    """What python puts first on sys.path (unless -P or -I)."""
    if plan["mode"] == "file":
        return os.path.dirname(os.path.abspath(plan["target"]))
    if plan["mode"] == "module":
        return os.getcwd()
    return ""


# --- Running it --------------------------------------------------------------


def _run_source(source, filename: str, top_level_await: bool = True):
    """Runs a program's source in __main__; returns the coroutine of a program
    with top-level await (not yet run), else None."""
    import __main__
    import ast
    import inspect

    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT if top_level_await else 0
    code = compile(source, filename, "exec", flags=flags)
    if filename == "<string>":
        # As python 3.13: tracebacks show the lines of -c code.
        import linecache

        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    main_dict = __main__.__dict__
    if not filename.startswith("<"):
        main_dict["__file__"] = filename
    if code.co_flags & inspect.CO_COROUTINE:
        return eval(code, main_dict)
    exec(code, main_dict)
    return None


# main()'s answer when the prompt's next statement imports lockfile packages
# that are not loaded: the JS side loads pending_packages(), then calls main()
# again, which runs the statement (a statement never runs twice).
NEED_PACKAGES = -1
# main()'s answer when the program awaits at its top level: the JS side awaits
# run_pending(), then calls main() again.
NEED_AWAIT = -2


def _console():
    import code

    class Console(code.InteractiveConsole):
        def raw_input(self, prompt=""):
            # As python's prompt: on stderr, so stdout holds only output.
            sys.stderr.write(prompt)
            sys.stderr.flush()
            line = sys.stdin.readline()
            if not line:
                raise EOFError
            return line.removesuffix("\n")

        def read_statement(self):
            """(code, source) of the next complete statement; syntax errors
            are reported and reading goes on. EOFError at the end."""
            lines = []
            while True:
                try:
                    lines.append(self.raw_input(sys.ps2 if lines else sys.ps1))
                except KeyboardInterrupt:
                    self.write("\nKeyboardInterrupt\n")
                    lines = []
                    continue
                source = "\n".join(lines)
                try:
                    code = self.compile(source, self.filename, "single")
                except (OverflowError, SyntaxError, ValueError):
                    self.showsyntaxerror(self.filename, source=source)
                    lines = []
                    continue
                if code is not None:
                    return code, source

    for name, value in (("ps1", ">>> "), ("ps2", "... ")):
        if not hasattr(sys, name):
            setattr(sys, name, value)
    return Console(locals=sys.modules["__main__"].__dict__, filename="<stdin>")


def _banner() -> None:
    if not sys.flags.quiet:
        sys.stderr.write(
            f"Python {sys.version} on {sys.platform}\n"
            'Type "help", "copyright", "credits" or "license" for more information.\n'
        )


def _run_startup_file() -> None:
    """PYTHONSTARTUP, read before the first prompt of an interactive session."""
    path = os.environ.get("PYTHONSTARTUP") if not sys.flags.ignore_environment else None
    if path:
        try:
            with open(path, "rb") as f:
                _run_source(f.read(), path, top_level_await=False)
        except OSError as e:
            sys.stderr.write(f"Could not open PYTHONSTARTUP\nOSError: [Errno {e.errno}] {e.strerror}\n")
        except Exception as exc:  # noqa: BLE001 - as python: reported, then the prompt
            _print_exception(exc)


def _run_program(plan: dict) -> int:
    """Runs the script, -c code, -m module or stdin program: its status."""
    try:
        if plan["mode"] == "module" or plan.get("main_importer"):
            import runpy

            if plan.get("main_importer"):
                if plan["source"] is None:
                    sys.stderr.write(f"pyxis: can't find '__main__' module in {plan['main_importer']!r}\n")
                    return 1
                runpy._run_module_as_main("__main__", alter_argv=False)
            else:
                try:  # runpy's own message starts with sys.executable, "" here
                    runpy._get_module_details(plan["target"], runpy._Error)
                except runpy._Error as exc:
                    sys.stderr.write(f"pyxis: {exc}\n")
                    return 1
                runpy._run_module_as_main(plan["target"], alter_argv=True)
        else:
            coroutine = _run_source(plan["source"], plan["filename"])
            if coroutine is not None:
                plan["pending_coroutine"] = coroutine
                return NEED_AWAIT
    except BaseException as exc:  # noqa: B036 - the top level, as CPython's
        return _program_status(exc)
    return 0


def run_pending():
    """The program's top-level-await coroutine (main() returned NEED_AWAIT),
    for the JS side to await; main() then goes on with its status. While it
    runs, asyncio is the JS event loop's (as in runPythonAsync: JS promises
    settle), then the blocking loop again."""
    from . import asyncio_js

    asyncio_js.install()
    return _run_pending(_plan.pop("pending_coroutine"))


async def _run_pending(coroutine) -> None:
    from . import asyncio_js

    try:
        await coroutine
        status = 0
    except BaseException as exc:  # noqa: B036 - the top level, as CPython's
        status = _program_status(exc)
    finally:
        asyncio_js.use_blocking_loop()
    _plan["program_status"] = status


def _program_status(exc: BaseException) -> int:
    """The status of a program that raised ``exc`` (its traceback printed as
    python does): SystemExit's code, 130 for KeyboardInterrupt, else 1."""
    if isinstance(exc, SystemExit):
        if sys.flags.inspect:
            _print_exception(exc)  # as python -i: the traceback, then the prompt
            return 0
        return _exit_code(exc)
    _print_exception(exc)
    return 130 if isinstance(exc, KeyboardInterrupt) else 1


def _prompt(plan: dict) -> int:
    """The interactive prompt, until its end (the status) or a statement that
    needs packages loaded first (NEED_PACKAGES)."""
    from . import packages

    console = plan.setdefault("console", _console())
    while True:
        code = plan.pop("pending_code", None)
        if code is None:
            try:
                code, source = console.read_statement()
            except EOFError:
                console.write("\n")
                return 0
            needed = packages.packages_for_program([source], [], _program_folders())
            new = [p for p in needed if p not in plan["loaded"]]
            if new:
                plan["loaded"].update(new)
                plan["pending_code"], plan["pending_packages"] = code, new
                return NEED_PACKAGES
        try:
            console.runcode(code)  # prints tracebacks, except SystemExit's
        except SystemExit as exc:
            return _exit_code(exc)


def pending_packages() -> str:
    """The packages main() asked for by returning NEED_PACKAGES (JSON)."""
    return json.dumps(_plan.pop("pending_packages", []))


def main() -> int:
    plan = _plan
    program = plan["mode"] != "stdin" or plan["source"] is not None
    if plan.get("stage") is None:
        plan["stage"] = "program"
        status = _run_program(plan) if program else 0
        if status == NEED_AWAIT:
            return status  # main() comes back once run_pending() is done
        plan["program_status"] = status
    if plan["stage"] == "program":
        status = plan.pop("program_status")
        if program and not sys.flags.inspect:
            return _finish(status)
        plan["stage"] = "prompt"
        if not program:
            _banner()
            _run_startup_file()
    status = _prompt(plan)
    return status if status == NEED_PACKAGES else _finish(status)


def _finish(status: int) -> int:
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    return status
