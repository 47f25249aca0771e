"""pyodide.code and the rules runPython applies to code: dedenting,
find_imports, run_js; strings that start with a BOM."""

import pytest

from pyodide.code import eval_code, find_imports, run_js


def test_indented_code_runs_dedented():
    ns = {}
    assert eval_code("\n    x = 1\n    if x:\n        y = 2\n    x + y\n", ns) == 3
    assert ns["y"] == 2
    # Unevenly indented code is still a syntax error.
    with pytest.raises(IndentationError):
        eval_code("  a = 1\n b = 2\n", {})


def test_find_imports_dedents():
    src = """
        import numpy as np
        from a.b import c
        from . import local
        import os.path
    """
    assert find_imports(src) == ["a", "numpy", "os"]


def test_run_js_evaluates_and_checks_its_argument():
    assert run_js("1 + 2") == 3
    assert run_js("[1, 2]").to_py() == [1, 2]
    with pytest.raises(TypeError, match="argument should have type 'string' not type 'int'"):
        run_js(1)


def test_bom_survives_both_ways():
    s = "\ufeffhello"
    assert run_js("(s) => s.length")(s) == 6
    assert run_js("(s) => s.charCodeAt(0)")(s) == 0xFEFF
    assert run_js("'\\ufeffx'") == "\ufeffx"


def test_ffi_error_types():
    from pyodide.ffi import ConversionError, InternalError

    assert issubclass(ConversionError, Exception)
    assert issubclass(InternalError, Exception)



def test_sys_path_as_in_pyodide():
    import os
    import sys

    # (pytest puts its own folder first; runPython's sys.path[0] is "": api.test)
    v = sys.version_info
    zip_path = f"{sys.prefix}{sys.platlibdir}/python{v[0]}{v[1]}.zip".replace("//", "/")
    assert "" in sys.path and sys.path.index("") < sys.path.index(zip_path)
    for path in [f"{sys.prefix}{sys.platlibdir}/python{v[0]}{v[1]}.zip",
                 f"{sys.prefix}{sys.platlibdir}/python{v[0]}.{v[1]}/lib-dynload",
                 f"{sys.prefix}{sys.platlibdir}/python{v[0]}.{v[1]}/site-packages"]:
        assert path.replace("//", "/") in sys.path
    assert os.path.isdir([p for p in sys.path if p.endswith("lib-dynload")][0])


def test_relaxed_call_drops_what_the_function_cannot_take():
    import pytest

    from pyodide.code import relaxed_call, relaxed_wrap

    def f(x=2, y=3, *, z=0):
        return (x, y, z)

    assert relaxed_call(f, 1, 2, 3, 4, z=5, w=6) == (1, 2, 5)
    assert relaxed_wrap(f)(9, 8, 7) == (9, 8, 0) and relaxed_wrap(f).__name__ == "f"
    assert relaxed_call(lambda *a, **k: (a, k), 1, 2, q=3) == ((1, 2), {"q": 3})
    assert relaxed_call(max, 1, 5, 3) == 5  # no signature: everything is passed
    with pytest.raises(TypeError, match="missing 1 required"):
        relaxed_call(lambda a, b: a, 1)


def test_unpack_archive_from_js_and_formats(tmp_path):
    import io
    import zipfile

    import pytest

    from _pyxis.archives import normalize_format

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("pkg/hello.txt", "hi")
    buf = run_js("(b) => new Uint8Array(b)")(data.getvalue())
    import pyodide_js

    unpack = pyodide_js.unpackArchive
    unpack(buf, "zip", extractDir=str(tmp_path / "a"))
    assert (tmp_path / "a/pkg/hello.txt").read_text() == "hi"
    unpack(buf.buffer, ".whl", extractDir=str(tmp_path / "b"))
    assert (tmp_path / "b/pkg/hello.txt").read_text() == "hi"
    with pytest.raises(Exception, match="Expected argument 'buffer' to be an ArrayBuffer"):
        unpack(run_js("[1, 2, 3]"), "zip")
    with pytest.raises(Exception, match="unknown archive format 'rar'"):
        unpack(buf, "rar")
    assert [normalize_format(f) for f in (".tar.gz", "TGZ", "wheel", "tar", None)] == [
        "gztar", "gztar", "zip", "tar", None]
