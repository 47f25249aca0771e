"""Deep conversions' errors, as Pyodide's: keys JS or Python cannot take."""

import pytest

from pyodide.code import run_js
from pyodide.ffi import ConversionError, to_js


@pytest.mark.parametrize("obj, msg", [
    ("new Map([[[1, 1], 2]])", "Cannot use key of type Array as a key to a Python dict"),
    ("new Set([[1, 1]])", "Cannot use key of type Array as a key to a Python set"),
    ("new Map([[0, 2], [false, 3]])", "contains both 0 and false"),
    ("new Set([0, false])", "contains both 0 and false"),
    ("new Map([[1, 2], [true, 3]])", "contains both 1 and true"),
    ("new Set([1, true])", "contains both 1 and true"),
])
def test_to_py_keys_python_cannot_take(obj, msg):
    with pytest.raises(ConversionError, match=msg):
        run_js(obj).to_py()


def test_to_py_keys_that_are_fine():
    assert run_js("new Map([[0, 'a'], [1, 'b'], ['x', 'c']])").to_py() == {0: "a", 1: "b", "x": "c"}
    assert run_js("new Set([true, 2])").to_py() == {True, 2}


def test_to_js_keys_js_cannot_take():
    with pytest.raises(ConversionError, match=r"Cannot use \(2, 2\) as a key for a Javascript Object"):
        to_js({(2, 2): 0})
    with pytest.raises(ConversionError, match=r"Cannot use \(2, 2\) as a key for a Javascript"):
        to_js({(2, 2)})
    with pytest.raises(ConversionError, match="Key collision .* Key: '1'"):
        to_js({1: 7, "1": 9})
    assert set(run_js("(x) => Array.from(x.values())")(to_js({1, "1"}))) == {1, "1"}
    with pytest.raises(ConversionError):
        to_js([object()], create_pyproxies=False)


def test_to_js_eager_converter():
    from js import Array
    from pyodide.ffi import ConversionError, destroy_proxies, to_js

    looped = []
    looped.append(looped)
    value = [{1: 2}, (2, 4, 6)]
    seen = []

    def normal(v, convert, cache):
        seen.append(type(v).__name__)
        return convert(v)

    result = to_js(looped, eager_converter=normal)
    assert run_js("(a) => a[0] === a")(result)
    assert to_js(value, eager_converter=normal)[1].to_py() == [2, 4, 6]
    assert sorted(seen) == ["dict", "list", "list", "tuple"]

    def reject_tuples(v, convert, cache):
        if isinstance(v, tuple):
            raise ConversionError("no tuples")
        return convert(v)

    with pytest.raises(ConversionError, match="no tuples"):
        to_js(value, eager_converter=reject_tuples)

    proxies = Array.new()
    res = to_js(value, eager_converter=lambda v, convert, cache: v if isinstance(v, tuple)
                else convert(v), pyproxies=proxies)
    assert res[-1] == (2, 4, 6) and len(proxies) == 1
    destroy_proxies(proxies)

    def cached(v, convert, cache):
        out = Array.new()
        cache(v, out)
        out.push(convert(v[0]) if v and v[0] is not v else out)
        return out

    again = to_js(looped, eager_converter=cached)
    assert run_js("(a) => a[0] === a")(again)


def test_a_destroyed_pyproxy_reads_as_an_opaque_jsproxy():
    from pyodide.ffi import JsDoubleProxy

    a = run_js("[]")
    a.push([])  # a borrowed proxy: destroyed when push returns
    item = a[0]
    assert isinstance(item, JsDoubleProxy)
    assert item != []
    with pytest.raises(ValueError, match="is not in list"):
        a.remove([])
