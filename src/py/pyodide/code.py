"""pyodide.code: running code strings, as runPython does."""

import ast

from _pyxis import eval_code, eval_code_async

__all__ = ["eval_code", "eval_code_async", "find_imports"]


def find_imports(source: str) -> list[str]:
    """The top-level module names a code string imports (by its syntax tree)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module.split(".")[0])
    return sorted(set(names))
