"""matplotlib in pyxis (run inside the runtime by tests/packages): the Agg
backend draws, savefig writes PNG, SVG and PDF, text goes through FreeType
and libraqm, and the C++ extensions (_path, _image, _qhull, _tri) work."""

import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from PIL import Image  # noqa: E402


@pytest.fixture(autouse=True)
def close_all():
    yield
    plt.close("all")


def png_of(fig, **kw):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", **kw)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def test_line_colour_at_known_pixels():
    fig = plt.figure(figsize=(2, 2), dpi=50)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_axis_off()
    ax.plot([0, 1], [0.5, 0.5], color="#ff0000", linewidth=10)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    px = png_of(fig)
    assert px.shape == (100, 100, 3)
    assert tuple(px[50, 50]) == (255, 0, 0)
    assert tuple(px[5, 50]) == (255, 255, 255)


def test_savefig_formats():
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], label="line")
    ax.set_title("Title: $\\alpha^2$")
    ax.legend()
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF"), ("jpg", b"\xff\xd8"),
                       ("eps", b"%!PS")):
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)
        assert buf.getvalue().startswith(magic), fmt
    svg = io.BytesIO()
    fig.savefig(svg, format="svg")
    assert b"<svg" in svg.getvalue()


def test_text_is_rendered():
    fig = plt.figure(figsize=(2, 1), dpi=100)
    fig.text(0.5, 0.5, "Hello", ha="center", va="center", fontsize=20)
    px = png_of(fig)
    assert (px.min(axis=2) < 100).sum() > 50  # dark pixels: glyphs
    from matplotlib import ft2font

    assert ft2font.__freetype_version__.startswith("2.13")


def test_font_cache_finds_dejavu():
    from matplotlib import font_manager

    path = font_manager.findfont("DejaVu Sans")
    assert path.endswith("DejaVuSans.ttf")


def test_triangulation_and_contour():
    import matplotlib.tri as mtri

    rng = np.random.default_rng(0)
    x, y = rng.random(30), rng.random(30)
    tri = mtri.Triangulation(x, y)  # Delaunay through _qhull
    assert tri.triangles.shape[1] == 3 and len(tri.triangles) > 20
    fig, ax = plt.subplots()
    ax.tricontourf(tri, x + y)
    xx, yy = np.meshgrid(np.linspace(-1, 1, 20), np.linspace(-1, 1, 20))
    cs = ax.contour(xx, yy, xx**2 + yy**2, levels=[0.25, 0.5])
    assert len(cs.allsegs) == 2 and len(cs.allsegs[0][0]) > 4
    png_of(fig)


def test_imshow_round_trip():
    a = np.zeros((4, 4))
    a[1, 2] = 1
    buf = io.BytesIO()
    plt.imsave(buf, a, cmap="gray", format="png")
    back = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("L"))
    assert back[1, 2] == 255 and back[0, 0] == 0


def test_bad_input_raises():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError):
        ax.plot([1, 2, 3], [1, 2])
    with pytest.raises(ValueError):
        fig.savefig(io.BytesIO(), format="nope")
