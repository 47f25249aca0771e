"""The Python side of the pyxis runtime: what the C core and the JS API call.

Not a public module: the public names live in ``pyodide`` and ``js``.
"""

import ast
import sys
import textwrap
import traceback
import types

# Frames of this module are left out of tracebacks. (__file__ names the .pyc
# in the stdlib zip; code objects carry the source path.)
_THIS_FILE = (lambda: None).__code__.co_filename

__all__ = ["eval_code", "eval_code_async", "format_exception"]


def _split_last_expression(tree: ast.Module, source: str):
    """Split a module into (statements, final expression or None).

    As in Pyodide, the value of a final expression statement is returned,
    unless the source ends with a semicolon.
    """
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return tree, None
    if source.rstrip().endswith(";"):
        return tree, None
    last = tree.body.pop()
    return tree, ast.Expression(last.value)


def _dedent(source: str) -> str:
    """Code as runPython gets it. As in Pyodide, the source is dedented first,
    so indented code in a JS template string runs."""
    if not isinstance(source, str):
        raise TypeError(f"code must be a str, not {type(source).__name__}")
    return textwrap.dedent(source)


def eval_code(source: str, globals: dict | None = None, locals: dict | None = None, filename: str = "<exec>"):
    """Run ``source`` and return the value of its final expression, if any."""
    if globals is None:
        globals = sys.modules["__main__"].__dict__
    if locals is None:
        locals = globals
    source = _dedent(source)
    tree = ast.parse(source, filename, "exec")
    body, last = _split_last_expression(tree, source)
    # Register the source so tracebacks can show the lines of <exec> code.
    _register_source(filename, source)
    exec(compile(body, filename, "exec"), globals, locals)
    if last is None:
        return None
    return eval(compile(last, filename, "eval"), globals, locals)


async def eval_code_async(source: str, globals: dict | None = None, locals: dict | None = None,
                          filename: str = "<exec>"):
    """eval_code with top-level await."""
    import inspect

    if globals is None:
        globals = sys.modules["__main__"].__dict__
    if locals is None:
        locals = globals
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    source = _dedent(source)
    tree = ast.parse(source, filename, "exec")
    body, last = _split_last_expression(tree, source)
    _register_source(filename, source)
    result = eval(compile(body, filename, "exec", flags=flags), globals, locals)
    if inspect.iscoroutine(result):
        await result
    if last is None:
        return None
    result = eval(compile(last, filename, "eval", flags=flags), globals, locals)
    if inspect.iscoroutine(result):
        result = await result
    return result


def _register_source(filename: str, source: str) -> None:
    import linecache

    # For any filename, as Pyodide does: tracebacks show the lines that ran,
    # not those of a file of that name (if there is one).
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def _is_own_frame(filename: str) -> bool:
    """A frame of the runtime's own machinery (this package: runPython's
    evaluation, the asyncio bridge), left out of the head of tracebacks."""
    import os.path

    return os.path.dirname(filename) == os.path.dirname(_THIS_FILE)


def format_exception(exc: BaseException) -> str:
    """The traceback text a JS PythonError carries, without our own frames."""
    tb = exc.__traceback__
    while tb is not None and _is_own_frame(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def exception_for_js(exc: BaseException) -> str:
    """An exception becoming a JS PythonError (error.c): its traceback text.

    The PythonError keeps the exception, so that it is the same object if the
    error crosses back into Python, for as long as JS keeps the error. The
    finished frames of its traceback (and of its context and cause) are
    cleared first, so a kept error does not keep their local variables alive;
    the text has been made, and the traceback itself stays."""
    text = format_exception(exc)
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__
    return text


def _warm_up() -> None:
    """Run some Python at start-up, in a fresh activation of the eval loop.

    Node and browsers first run wasm on a baseline compiler; code started
    afterwards (each runPython) runs on the optimised one.
    """
    total = 0
    for i in range(20000):
        total += len(str(i)) * (i % 7)
    d = {str(i): [i] for i in range(200)}
    sorted(d.items(), key=lambda kv: kv[1])
    types.SimpleNamespace(total=total)


# --- What the JS API calls (through a PyProxy of this module) -------------


def _namespace(d):
    """A JS-given globals/locals: a PyProxy of a dict arrives as the dict."""
    if d is None or isinstance(d, dict):
        return d
    raise TypeError(f"globals and locals must be dicts (PyProxies of dicts), not {type(d).__name__}")


def _record_last(exc: BaseException) -> None:
    """As the REPL does, and Pyodide's runPython: the error that ended a run
    stays in sys.last_exc (and last_type, last_value, last_traceback)."""
    sys.last_exc = sys.last_value = exc
    sys.last_type = type(exc)
    sys.last_traceback = exc.__traceback__


def _current(name, own):
    """runPython and runPythonAsync call pyodide.code's eval_code and
    eval_code_async as they are at the time of the call, so that Python code
    that replaces them (as Pyodide allows) sees every run."""
    module = sys.modules.get("pyodide.code")
    return getattr(module, name, own) if module is not None else own


def _call_eval(func, source, globals, locals, filename):
    # As Pyodide's runPython: globals default to __main__'s namespace (the
    # one pyodide.globals shows). A replacement written as
    # eval_code(code, globals, locals) works: filename is passed only when
    # the caller gave one.
    if globals is None:
        globals = main_globals()
    if filename == "<exec>":
        return func(source, globals, locals)
    return func(source, globals, locals, filename=filename)


def run(source, globals=None, locals=None, filename="<exec>"):
    try:
        return _call_eval(_current("eval_code", eval_code), source, _namespace(globals),
                          _namespace(locals), filename)
    except BaseException as exc:
        _record_last(exc)
        raise


async def _run_async(source, globals, locals, filename):
    try:
        return await _call_eval(_current("eval_code_async", eval_code_async), source, globals,
                                locals, filename)
    except BaseException as exc:
        _record_last(exc)
        raise


def run_async(source, globals=None, locals=None, filename="<exec>"):
    from .asyncio_js import to_promise

    return to_promise(_run_async(source, _namespace(globals), _namespace(locals), filename))


def main_globals():
    return sys.modules["__main__"].__dict__


def builtins_namespace():
    import builtins

    return builtins.__dict__


def pyimport(name):
    import importlib

    return importlib.import_module(name)


def register_js_module(name, module):
    from .jsmodules import register

    register(name, module)


def unregister_js_module(name):
    from .jsmodules import unregister

    unregister(name)


def to_py(obj, depth=-1, default_converter=None):
    from .conversions import to_py as convert

    return convert(obj, depth=depth, default_converter=default_converter)


def to_js_from_js(obj, options):
    from .conversions import to_js
    from .jsvalues import jsnull

    # An option given as undefined or null is not given.
    opts = {k: v for k, v in options.object_entries() if v is not None and v is not jsnull}
    return to_js(obj, **opts)


def unpack_archive(buffer, fmt, extract_dir):
    """pyodide.unpackArchive(buffer, format, {extractDir})."""
    from .archives import unpack_from_js

    unpack_from_js(buffer, fmt, extract_dir)


def relaxed_call_from_js(func, call):
    """PyProxy.callRelaxed and friends: call = {args, kwargs} (a JS Array and
    an object or undefined)."""
    from pyodide.code import relaxed_call

    kwargs = {} if call.kwargs is None else dict(call.kwargs.object_entries())
    return relaxed_call(func, *call.args, **kwargs)


def to_promise(obj, options=None):
    from .asyncio_js import to_promise as convert

    return convert(obj)


def live_counts():
    import _pyxis_core

    return "{handles} {jsproxies} {pyproxies}".format(**_pyxis_core.live_counts())


def _os_exit(status):
    """os._exit in an embedded runtime: it cannot end the JS host's process,
    and ending the runtime under running C frames would leave it dead. It
    raises SystemExit(status) instead, which runPython reports as a
    PythonError (type SystemExit). The CLI (pyxis script.py) puts the real
    os._exit back (``REAL_OS_EXIT``): there it ends the process at once."""
    raise SystemExit(status)


def _start():
    """Start-up, once the C core is ready: asyncio (on its first import), the
    js module, signals."""
    import os
    import signal

    global REAL_OS_EXIT
    REAL_OS_EXIT = os._exit
    os._exit = _os_exit

    from . import asyncio_hook, jsmodules, windows_paths

    # As in Pyodide: the working directory first on sys.path (the CLI puts
    # python's own first entry there instead), and lib-dynload exists.
    sys.path.insert(0, "")
    for path in sys.path:
        if path.endswith("/lib-dynload"):
            os.makedirs(path, exist_ok=True)

    asyncio_hook.install()  # the WebLoop, when asyncio is first imported
    jsmodules.install()
    windows_paths.install()
    # Packages that ask whether they run in Pyodide look for its core module
    # (micropip: "_pyodide_core" in sys.modules); pyxis is meant to answer yes.
    import _pyxis_core

    sys.modules.setdefault("_pyodide_core", _pyxis_core)
    # KeyboardInterrupt for the interrupt buffer (setInterruptBuffer).
    signal.signal(signal.SIGINT, signal.default_int_handler)
