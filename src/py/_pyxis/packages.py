"""The Python side of packages on demand (js/packages.mjs calls these).

- ``install_hint``: when ``import x`` fails and the lockfile has a package
  providing ``x``, the ModuleNotFoundError says to call ``loadPackage``.
- ``find_imports``: the top-level modules a code string imports (for
  ``loadPackagesFromImports``), found with ``ast``.

Values cross to JS as JSON text (runPython returns only str/int/float/bool/None).
"""

import ast
import json
import sys

__all__ = ["install_hint", "find_imports", "PackageHintFinder"]


class PackageHintFinder:
    """The last finder on ``sys.meta_path``: reached only when no other finder
    has the module. For a top-level name a lockfile package provides, it raises
    ModuleNotFoundError with a hint instead of the plain "No module named".

    As with Pyodide's equivalent, ``importlib.util.find_spec(name)`` raises
    that error too (instead of returning None) for such names.
    """

    def __init__(self, provided: dict[str, str]):
        self.provided = provided

    def find_spec(self, fullname, path=None, target=None):
        if path is not None or "." in fullname:
            return None
        package = self.provided.get(fullname)
        if package is None:
            return None
        raise ModuleNotFoundError(
            f"No module named {fullname!r}. It is in the package {package!r}, which is not "
            f'loaded yet: call `await pyodide.loadPackage("{package}")` first (or '
            f"`await pyodide.loadPackagesFromImports(code)`).",
            name=fullname,
        )

    def invalidate_caches(self):
        pass


def install_hint(provided_json: str) -> None:
    """Install (or replace) the hint finder; ``provided_json`` maps import
    names to package names."""
    provided = json.loads(provided_json)
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, PackageHintFinder)]
    sys.meta_path.append(PackageHintFinder(provided))


def find_imports(source: str) -> str:
    """The top-level module names ``source`` imports (absolute imports only),
    as a sorted JSON list. A syntax error propagates."""
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return json.dumps(sorted(names))
