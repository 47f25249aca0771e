"""Writes matplotlib's font list (fontlist-v<N>.json, what font_manager
caches) for the fonts matplotlib ships only, as a patch adding it to
mpl-data/fonts: packages/matplotlib/fontlist.patch, which pyxis's matplotlib
reads instead of scanning the fonts in each fresh runtime (font-cache.patch).
Run natively by tools/mpl-references.mjs with the lockfile's matplotlib.
  python fontlist.py PATCH_FILE"""

import sys
import tempfile
from pathlib import Path

import matplotlib as mpl
from added_file import write_patch  # beside this file
from matplotlib import font_manager


def main(patch: Path) -> None:
    fm = font_manager.FontManager()
    data = mpl.get_data_path()
    # Only mpl-data's fonts (stored relative to it): none of this machine's.
    # Sorted: the scan's order is a set's (it changes from run to run).
    key = lambda f: (f.fname, f.index)  # noqa: E731
    fm.ttflist = sorted((f for f in fm.ttflist if Path(f.fname).is_relative_to(data)), key=key)
    fm.afmlist = sorted((f for f in fm.afmlist if Path(f.fname).is_relative_to(data)), key=key)
    name = f"fontlist-v{font_manager.FontManager.__version__}.json"
    with tempfile.TemporaryDirectory() as tmp:
        font_manager.json_dump(fm, Path(tmp, name))
        lines = Path(tmp, name).read_text().splitlines()
    write_patch(patch, f"lib/matplotlib/mpl-data/fonts/{name}", lines, "fontlist.py",
                "the font list of the fonts matplotlib ships")
    print(f"{patch}: {len(fm.ttflist)} TrueType and {len(fm.afmlist)} AFM fonts")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
