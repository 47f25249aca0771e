"""pyodide.code: running code strings (as runPython does) and JS code."""

from _pyxis import eval_code, eval_code_async
from _pyxis.packages import _imports

__all__ = ["eval_code", "eval_code_async", "find_imports", "run_js", "relaxed_call",
           "relaxed_wrap"]


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


def _fitting_arguments(func, args, kwargs):
    """args and kwargs without the ones func cannot take: positional
    arguments beyond its positional parameters (unless it has *args),
    keywords it has no parameter for (unless it has **kwargs). A callable
    without a signature gets them all."""
    import inspect

    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return args, kwargs
    kinds = {p.kind for p in params}
    if inspect.Parameter.VAR_POSITIONAL not in kinds:
        positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        args = args[:sum(1 for p in params if p.kind in positional)]
    if inspect.Parameter.VAR_KEYWORD not in kinds:
        named = {p.name for p in params
                 if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)}
        kwargs = {k: v for k, v in kwargs.items() if k in named}
    return args, kwargs


def relaxed_call(func, *args, **kwargs):
    """Call func, dropping the extra positional and keyword arguments it
    cannot take (as a JS function ignores extra arguments). Missing
    arguments are not filled in: too few still raise TypeError."""
    args, kwargs = _fitting_arguments(func, args, kwargs)
    return func(*args, **kwargs)


def relaxed_wrap(func):
    """func as a function that drops the extra arguments it cannot take."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return relaxed_call(func, *args, **kwargs)

    return wrapper
