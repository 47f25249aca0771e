"""Renders the figure scripts beside this file (each draws one figure) to
PNG files with Agg, and writes versions.json (matplotlib, FreeType, numpy):
natively for the reference images (tools/mpl-references.mjs), in pyxis by
tests/packages/matplotlib.test.mjs, which compares the two.
  python render.py OUT_DIR"""

import json
import runpy
import sys
from pathlib import Path

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import ft2font  # noqa: E402

HERE = Path(__file__).resolve().parent
NOT_FIGURES = {"render.py"}


def scripts():
    return sorted(p for p in HERE.glob("*.py") if p.name not in NOT_FIGURES)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for script in scripts():
        plt.close("all")
        matplotlib.rcdefaults()
        runpy.run_path(str(script), run_name="__main__")
        plt.gcf().savefig(out / f"{script.stem}.png")
    plt.close("all")
    versions = {"matplotlib": matplotlib.__version__, "freetype": ft2font.__freetype_version__,
                "numpy": np.__version__}
    (out / "versions.json").write_text(json.dumps(versions, indent=2) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
