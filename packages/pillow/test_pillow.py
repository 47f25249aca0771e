"""Pillow's checks in pyxis (run inside the runtime by tests/packages):
round trips through PNG and JPEG, convert and resize, the numpy bridge
(numpy.asarray(img), Image.fromarray) and FreeType text."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, features


def gradient(w=64, h=48):
    x = np.linspace(0, 255, w, dtype=np.uint8)
    y = np.linspace(0, 255, h, dtype=np.uint8)
    rgb = np.stack(np.broadcast_arrays(x[None, :], y[:, None], np.full((h, w), 128, np.uint8)), axis=-1)
    return rgb


def test_codecs_built():
    assert features.check("zlib") and features.check("jpg") and features.check("freetype2")
    Image.init()  # the format plugins register on first use
    assert "PNG" in Image.SAVE and "JPEG" in Image.SAVE


def test_png_round_trip_is_exact():
    rgb = gradient()
    img = Image.fromarray(rgb)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    back = Image.open(io.BytesIO(buf.getvalue()))
    assert back.format == "PNG" and back.mode == "RGB" and back.size == (64, 48)
    assert np.array_equal(np.asarray(back), rgb)


def test_png_modes_round_trip():
    # (P is left out: saving may renumber the palette.)
    for mode, value in (("L", 7), ("1", 255), ("LA", (7, 200)), ("RGB", (9, 8, 7)), ("RGBA", (1, 2, 3, 4))):
        img = Image.new(mode, (5, 3))
        img.putpixel((2, 1), value)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        back = Image.open(io.BytesIO(buf.getvalue()))
        back.load()
        assert back.mode == mode
        assert back.getpixel((2, 1)) == value and back.getpixel((0, 0)) == img.getpixel((0, 0))


def test_jpeg_round_trip_is_close():
    rgb = gradient()
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="JPEG", quality=95)
    assert buf.getvalue()[:3] == b"\xff\xd8\xff"
    back = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB")).astype(int)
    assert back.shape == rgb.shape
    assert np.abs(back - rgb).mean() < 2.0
    # Lower quality: a smaller file, still the same picture.
    small = io.BytesIO()
    Image.fromarray(rgb).save(small, format="JPEG", quality=20)
    assert len(small.getvalue()) < len(buf.getvalue())


def test_convert_and_resize():
    img = Image.fromarray(gradient())
    grey = img.convert("L")
    assert grey.mode == "L"
    # ITU-R 601-2 luma: L = R*299/1000 + G*587/1000 + B*114/1000
    r, g, b = img.getpixel((10, 20))
    assert abs(grey.getpixel((10, 20)) - (r * 299 + g * 587 + b * 114) / 1000) <= 1
    half = img.resize((32, 24), Image.Resampling.BILINEAR)
    assert half.size == (32, 24)
    big = img.resize((128, 96), Image.Resampling.NEAREST)
    assert np.array_equal(np.asarray(big)[::2, ::2], np.asarray(img))
    assert img.rotate(90, expand=True).size == (48, 64)


def test_numpy_bridge_shapes_and_dtypes():
    a = np.arange(12, dtype=np.uint8).reshape(3, 4)
    img = Image.fromarray(a)
    assert img.mode == "L" and img.size == (4, 3)
    assert np.asarray(img).dtype == np.uint8 and np.array_equal(np.asarray(img), a)
    f = Image.fromarray(np.linspace(0, 1, 6, dtype=np.float32).reshape(2, 3))
    assert f.mode == "F" and np.asarray(f)[1, 2] == pytest.approx(1.0)
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[..., 3] = 255
    assert Image.fromarray(rgba).mode == "RGBA"


def test_draw_and_truetype_text():
    img = Image.new("RGB", (80, 30), "white")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 9, 9], fill=(255, 0, 0))
    assert img.getpixel((5, 5)) == (255, 0, 0)
    font = ImageFont.load_default(size=20)  # FreeType with Pillow's built-in font
    assert isinstance(font, ImageFont.FreeTypeFont)
    d.text((15, 2), "Hi", fill="black", font=font)
    ink = np.asarray(img.convert("L"))[:, 15:]
    assert (ink < 128).sum() > 20


def test_bad_input_raises():
    with pytest.raises(Image.UnidentifiedImageError):
        Image.open(io.BytesIO(b"not an image"))
    with pytest.raises(ValueError):
        Image.new("RGB", (-1, 5))
