"""pyodide.code: running code strings (as runPython does) and JS code."""

from _pyxis import eval_code, eval_code_async
from _pyxis.packages import _imports

__all__ = ["eval_code", "eval_code_async", "find_imports", "run_js"]


def find_imports(source: str) -> list[str]:
    """The top-level module names a code string imports (by its syntax tree;
    the code is dedented first, as runPython does)."""
    return sorted(_imports(source))


def run_js(code: str, /):
    """Evaluate a JS code string with the JS global ``eval`` (of the
    ``jsglobals`` the runtime was loaded with) and return its value."""
    if not isinstance(code, str):
        raise TypeError(f"argument should have type 'string' not type '{type(code).__name__}'")
    import js

    return js.eval(code)
