"""The Python side of the pyxis runtime: what the C core and the JS API call.

Not a public module: the public names live in ``pyodide`` and ``js``.
"""

import ast
import sys
import traceback
import types

# Frames of this module are left out of tracebacks. (__file__ names the .pyc
# in the stdlib zip; code objects carry the source path.)
_THIS_FILE = (lambda: None).__code__.co_filename

__all__ = ["eval_code", "run_main", "format_exception"]


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


def eval_code(source: str, globals: dict, locals: dict | None = None, filename: str = "<exec>"):
    """Run ``source`` and return the value of its final expression, if any."""
    if locals is None:
        locals = globals
    tree = ast.parse(source, filename, "exec")
    body, last = _split_last_expression(tree, source)
    # Register the source so tracebacks can show the lines of <exec> code.
    _register_source(filename, source)
    exec(compile(body, filename, "exec"), globals, locals)
    if last is None:
        return None
    return eval(compile(last, filename, "eval"), globals, locals)


def _register_source(filename: str, source: str) -> None:
    import linecache

    if filename.startswith("<"):
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def run_main(source: str, filename: str = "<exec>"):
    """``runPython``: run in the namespace of ``__main__``."""
    return eval_code(source, sys.modules["__main__"].__dict__, None, filename)


def format_exception(exc: BaseException) -> str:
    """The traceback text a JS PythonError carries, without our own frames."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == _THIS_FILE:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


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
