#!/usr/bin/env python3
"""Builds the package recipes (packages/<name>/recipe.toml) into bundles and
writes the lockfile (pyodide-lock.json, Pyodide's field names).

Run inside the toolchain with the build Python (the runtime's version,
so .pyc files match):
    tools/in-toolchain python$PYTHON_VERSION tools/build-packages.py [--dist DIR] [--list]

A recipe is data, checked against the schema (tools/pyxis_build/recipe.py;
unknown keys are errors). Each
recipe is built in dependency order into $PYXIS_CACHE/packages/<name>-<key>,
where the key hashes everything that goes in (the recipe folder, its source,
this tool (tools/pyxis_build/), the CPython install, the toolchain, the keys of its host
requirements), so an unchanged recipe is never rebuilt. The bundles (one zip
per package, Python files precompiled to .pyc, C extensions as emscripten
side modules) are then copied to DIST with the lockfile, and
build/package-tests.json lists each package's own tests for the Jest suite.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pyxis_build.cli import main  # noqa: E402 - the tool is the package beside this file

if __name__ == "__main__":
    sys.exit(main())
