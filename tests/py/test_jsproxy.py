"""JsProxy from Python: arrays, maps and sets, capability types, typed arrays,
keyword attribute names. (JS values come from run_js.)"""

import array

import pytest

from pyodide.code import run_js
from pyodide.ffi import (JsArray, JsBuffer, JsCallable, JsIterable, JsMap, JsPromise,
                         JsProxy)


def test_arrays_len_index_set_delete_in_iteration():
    a = run_js("[10, 20, 30]")
    assert [len(a), a[0], a[-1], 20 in a, 99 in a, list(a)] == [3, 10, 30, True, False, [10, 20, 30]]
    a[1] = 21
    del a[0]
    assert run_js("(a) => JSON.stringify(a)")(a) == "[21,30]"
    with pytest.raises(IndexError):
        a[5]
    with pytest.raises(TypeError):
        a["x"]


def test_maps_and_iteration_over_js_iterables():
    m = run_js("new Map([['k', 1]])")
    m["j"] = 2
    assert [m["k"], "j" in m, len(m), sorted(m.keys())] == [1, True, 2, ["j", "k"]]
    assert sorted(run_js("new Set([3, 1, 2])")) == [1, 2, 3]
    with pytest.raises(KeyError, match="'nope'"):
        m["nope"]


def test_capability_types_with_isinstance():
    t = run_js("({arr: [], fn() {}, map: new Map(), buf: new Uint8Array(2), p: Promise.resolve(1)})")
    assert isinstance(t.arr, JsArray)
    assert isinstance(t.fn, JsCallable)
    assert isinstance(t.map, JsMap)
    assert isinstance(t.buf, JsBuffer)
    assert isinstance(t.p, JsPromise)
    assert isinstance(t.arr, JsIterable)
    assert not isinstance(t.arr, JsCallable)
    assert isinstance(t, JsProxy)
    assert not isinstance(1, JsArray)


def test_typed_arrays_copies_both_ways():
    t = run_js("new Int16Array([1, -2, 300])")
    mv = t.to_memoryview()
    b = bytearray(6)
    t.assign_to(b)
    assert t.to_bytes() == bytes(b)
    assert (mv.format, mv.tolist(), list(memoryview(t))) == ("h", [1, -2, 300], [1, -2, 300])
    t.assign(array.array("h", [7, 8, 9]))
    assert list(t) == [7, 8, 9]
    with pytest.raises(ValueError, match="cannot assign to TypedArray"):
        t.assign(b"12")
    with pytest.raises(ValueError, match="incompatible formats"):
        t.assign(array.array("b", range(6)))
    with pytest.raises(ValueError, match="cannot assign from TypedArray"):
        t.assign_to(bytearray(2))
    copy = t.to_py()  # a writable copy
    copy[0] = 5
    t.assign(copy)
    assert t[0] == 5


def test_buffers_and_files(tmp_path):
    from js import Uint8Array

    a = Uint8Array.new(range(10))
    with open(tmp_path / "f", "w+b") as f:
        a.to_file(f)
        f.seek(0)
        assert f.read() == a.to_bytes()
        f.write(b"abcdef")
        f.seek(-6, 1)
        a.from_file(f)
    assert a.subarray(0, 6).to_bytes() == b"abcdef" and a[6] == 6
    assert run_js("new Uint8Array([207, 240, 232])").to_string("windows-1251") == "При"
    with pytest.raises(ValueError):
        run_js("new Uint8Array([207, 240])").to_string()


def test_keyword_attribute_names_end_with_underscore():
    assert run_js("({from: 1})").from_ == 1


def test_len_of_objects_without_a_length_is_a_type_error():
    with pytest.raises(TypeError, match="has no len"):
        len(run_js("({})"))
    # so list() of an iterator falls back to iterating
    assert list(run_js("[1, 2][Symbol.iterator]()")) == [1, 2]
