"""Writes the plain-text kwdoc() of matplotlib's own Artist classes (what
each class's set() docstring lists, built at import) as a patch adding
lib/matplotlib/_pyxis_kwdocs.py: packages/matplotlib/kwdocs.patch, which
pyxis's matplotlib returns instead of inspecting every setter of every class
on its first import (kwdoc-lookup.patch). Run natively by
tools/mpl-references.mjs with the lockfile's matplotlib.
  python kwdocs.py PATCH_FILE"""

import importlib
import sys
from pathlib import Path

import matplotlib as mpl

mpl.use("agg")
from added_file import write_patch  # noqa: E402 (beside this file)
from matplotlib import _api, artist  # noqa: E402

# The modules that define Artist classes (pyplot imports most of them).
MODULES = ["matplotlib.pyplot", "matplotlib.backends.backend_agg", "mpl_toolkits.mplot3d",
           "mpl_toolkits.axes_grid1", "mpl_toolkits.axisartist"]


def main(patch: Path) -> None:
    for name in MODULES:
        importlib.import_module(name)
    docs = {}
    for cls in _api.recursive_subclasses(artist.Artist):
        if cls.__module__.split(".")[0] in ("matplotlib", "mpl_toolkits"):
            docs[f"{cls.__module__}.{cls.__qualname__}"] = artist.kwdoc(cls)
    lines = [
        f'"""kwdoc() of matplotlib {mpl.__version__}\'s own Artist classes, made by native',
        'matplotlib (pyxis: tools/mpl-data/kwdocs.py)."""',
        "",
        f"VERSION = {mpl.__version__!r}",
        "KWDOCS = {",
        *(f"    {key!r}: {docs[key]!r}," for key in sorted(docs)),
        "}",
    ]
    write_patch(patch, "lib/matplotlib/_pyxis_kwdocs.py", lines, "kwdocs.py",
                "kwdoc() of matplotlib's own Artist classes")
    print(f"{patch}: {len(docs)} classes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
