"""The Python side of packages on demand (js/packages.mjs calls these).

- ``install_hint``: when ``import x`` fails and the lockfile has a package
  providing ``x``, the ModuleNotFoundError says to call ``loadPackage``.
- ``find_imports``: the top-level modules a code string imports (for
  ``loadPackagesFromImports``), found with ``ast``.
- ``packages_for_program``: the lockfile packages a program imports, with
  the local modules it imports (for the CLI, which loads them before a run).

Values cross to JS as JSON text (runPython returns only str/int/float/bool/None).
"""

import ast
import json
import sys
import textwrap

__all__ = ["install_hint", "find_imports", "packages_for_program", "PackageHintFinder"]

# What the hint tells to do, by where Python runs.
API_ADVICE = (
    'call `await pyodide.loadPackage("{package}")` first (or '
    "`await pyodide.loadPackagesFromImports(code)`)."
)
CLI_ADVICE = (
    "the pyxis command loads the packages that the program's source imports (the script, -c "
    "code or -m module, and the modules it imports from its own folder), and this import was "
    "not among them (an import made at run time?): add `import {module}` to the script."
)


class PackageHintFinder:
    """The last finder on ``sys.meta_path``: reached only when no other finder
    has the module. For a top-level name a lockfile package provides, it raises
    ModuleNotFoundError with a hint instead of the plain "No module named".

    As with Pyodide's equivalent, ``importlib.util.find_spec(name)`` raises
    that error too (instead of returning None) for such names.
    """

    advice = API_ADVICE

    def __init__(self, provided: dict[str, str]):
        self.provided = provided

    def find_spec(self, fullname, path=None, target=None):
        if path is not None or "." in fullname:
            return None
        package = self.provided.get(fullname)
        if package is None:
            return None
        advice = self.advice.format(package=package, module=fullname)
        raise ModuleNotFoundError(
            f"No module named {fullname!r}. It is in the package {package!r}, which is not "
            f"loaded yet: {advice}",
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


def set_advice(advice: str) -> None:
    """What the hint says to do (``API_ADVICE`` or ``CLI_ADVICE``)."""
    PackageHintFinder.advice = advice


def _imports(source) -> set[str]:
    """The top-level names ``source`` imports (dedented first, as runPython
    runs it; bytes are read as a source file is)."""
    if isinstance(source, str):
        source = textwrap.dedent(source)
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def find_imports(source: str) -> str:
    """The top-level module names ``source`` imports (absolute imports only),
    as a sorted JSON list. A syntax error propagates."""
    return json.dumps(sorted(_imports(source)))


# A bound on the local files read to find a program's imports.
_MAX_LOCAL_FILES = 1000


def _local_files(name: str, folders: list[str]) -> list[str]:
    """The source files of the local module or package ``name``: the first
    ``name.py`` or ``name/`` in ``folders`` (as the import would find it)."""
    import os

    for folder in folders:
        base = os.path.join(folder or ".", name)
        if os.path.isfile(base + ".py"):
            return [base + ".py"]
        if os.path.isdir(base):
            found = []
            for root, dirs, files in os.walk(base):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                found += [os.path.join(root, f) for f in sorted(files) if f.endswith(".py")]
            return found
    return []


def packages_for_program(sources: list, modules: list[str], folders: list[str]) -> list[str]:
    """The lockfile packages a program needs: those providing what its
    ``sources`` import and the ``modules`` it names (-m), following imports of
    local modules (found in ``folders``, the program's own sys.path entries).
    A source that does not parse is skipped (running it reports the error)."""
    finder = next((f for f in sys.meta_path if isinstance(f, PackageHintFinder)), None)
    provided = finder.provided if finder else {}
    needed = set()
    pending = set(modules)
    for source in sources:
        try:
            pending |= _imports(source)
        except (SyntaxError, ValueError):
            pass
    seen_modules, seen_files = set(), set()
    while pending:
        name = pending.pop()
        if name in seen_modules:
            continue
        seen_modules.add(name)
        if name in provided:
            needed.add(provided[name])
            continue
        if name in sys.builtin_module_names or name in sys.stdlib_module_names:
            continue
        for path in _local_files(name, folders):
            if path in seen_files or len(seen_files) >= _MAX_LOCAL_FILES:
                continue
            seen_files.add(path)
            try:
                with open(path, "rb") as f:
                    pending |= _imports(f.read()) - seen_modules
            except (OSError, SyntaxError, ValueError):
                pass
    return sorted(needed)
