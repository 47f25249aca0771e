"""JsProxy types follow the JS value's capabilities (Pyodide's mixins): which
protocols exist, len() errors, list methods on JS arrays (checked against a
Python list on many seeded random cases), as_object_map(), generators, and
the capability classes of pyodide.ffi."""

import random

import _pyxis_core
import pytest

from pyodide.code import run_js
from pyodide.ffi import (JsArray, JsAsyncGenerator, JsAsyncIterator, JsGenerator, JsIterator,
                         JsMap, JsMutableMap, JsPromise, JsProxy)

FIELDS = [("({ [Symbol.iterator](){} })", ["__iter__"]),
          ("({ next(){} })", ["__next__", "__iter__"]),
          ("({ length: 1 })", ["__len__"]),
          ("({ get(){} })", ["__getitem__"]),
          ("({ set(){} })", ["__setitem__", "__delitem__"]),
          ("({ has(){} })", ["__contains__"]),
          ("({ then(){} })", ["__await__"])]


def test_protocols_exist_only_where_the_js_object_has_them():
    assign = run_js("(o, p) => Object.assign(o, p)")
    for mask in range(1 << len(FIELDS)):
        o = run_js("({})")
        expected = {k: False for _, keys in FIELDS for k in keys}
        for i, (src, keys) in enumerate(FIELDS):
            if mask & (1 << i):
                assign(o, run_js(src))
                expected.update(dict.fromkeys(keys, True))
        if expected["__len__"] and expected["__iter__"] and not expected["__next__"]:
            expected["__getitem__"] = True
        o = run_js("(o) => o")(o)  # a new proxy: capabilities are read when it is made
        assert {k: hasattr(o, k) for k in expected} == expected, mask


def test_plain_objects_are_not_subscriptable_but_object_maps_are():
    o = run_js("({a: 2, 1: 9})")
    with pytest.raises(TypeError, match="not subscriptable"):
        o["a"]
    m = o.as_object_map()
    assert isinstance(m, JsMutableMap) and not isinstance(o, JsMutableMap)
    assert (len(m), set(m), m["a"], m["1"], "a" in m, 1 not in m) == (2, {"a", "1"}, 2, 9, True, True)
    assert "constructor" not in m
    m["d"] = 4
    del m["a"]
    assert m.to_py() == {"1": 9, "d": 4}
    with pytest.raises(TypeError, match="keys of type string"):
        m[1] = 2
    with pytest.raises(KeyError):
        del m["zz"]
    assert m.pop("d") == 4 and m.setdefault("x", 5) == 5 and dict(m.items()) == {"1": 9, "x": 5}
    h = run_js("({a: {b: 1}})").as_object_map(hereditary=True)
    assert isinstance(h["a"], JsMutableMap) and h["a"]["b"] == 1


def test_len_errors():
    assert len(run_js("({length: 7, size: 10})")) == 10
    for value, exc, match in [(-1, ValueError, "negative"), (2**31, OverflowError, "INT_MAX"),
                              (2**70, OverflowError, "INT_MAX")]:
        with pytest.raises(exc, match=match):
            len(run_js(f"({{length: {value}}})"))
    o = run_js("({length: 1})")
    run_js("(o) => { delete o.length; }")(o)
    with pytest.raises(TypeError, match="valid length"):
        len(o)


def test_array_indexing_and_holes():
    a = run_js("const l = [0, false, NaN, undefined, null]; l[6] = 7; l")
    assert len(a) == 7
    with pytest.raises(IndexError):
        a[5]  # an empty slot
    assert a[3] is None and a[6] == 7
    with pytest.raises(TypeError, match="indices must be integers"):
        a["x"]


def test_array_list_methods_agree_with_a_python_list():
    rng = random.Random(1234)
    for _ in range(300):
        values = [rng.randint(-5, 5) for _ in range(rng.randint(0, 8))]
        a = run_js("(v) => Array.from(v)")(values)  # a JS Array copy
        ref = list(values)
        s = slice(rng.choice([None, *range(-9, 9)]), rng.choice([None, *range(-9, 9)]),
                  rng.choice([None, 1, 2, -1, -2, 3]))
        assert list(a[s]) == ref[s]
        op = rng.choice(["append", "extend", "insert", "pop", "del", "set_slice", "reverse",
                         "remove", "index", "count"])
        x = rng.randint(-5, 5)
        try:
            if op == "append":
                expected = ref.append(x); got = a.append(x)  # noqa: E702
            elif op == "extend":
                expected = ref.extend([x, x]); got = a.extend([x, x])  # noqa: E702
            elif op == "insert":
                expected = ref.insert(x, 9); got = a.insert(x, 9)  # noqa: E702
            elif op == "pop":
                expected = ref.pop(x) if ref else None
                got = a.pop(x) if ref else None
            elif op == "del":
                del ref[s]
                del a[s]
                expected = got = None
            elif op == "set_slice" and (s.step in (None, 1)):
                ref[s] = [7, 8]
                a[s] = [7, 8]
                expected = got = None
            elif op == "reverse":
                expected = ref.reverse(); got = a.reverse()  # noqa: E702
            elif op == "remove" and x in ref:
                expected = ref.remove(x); got = a.remove(x)  # noqa: E702
            elif op == "index" and x in ref:
                expected, got = ref.index(x), a.index(x)
            else:
                expected, got = ref.count(x), a.count(x)
        except IndexError:
            with pytest.raises(IndexError):
                a.pop(x)
            continue
        assert got == expected, op
        assert list(a) == ref, (op, s, values)
    assert list(reversed(run_js("[1, 2, 3]"))) == [3, 2, 1]
    assert list(run_js("[1]") + [2]) == [1, 2] and list(run_js("[1]") * 2) == [1, 1]


def test_generators_and_async_iterators():
    g = run_js("(function* () { const x = yield 1; yield x * 2; return 5; })()")
    assert isinstance(g, JsGenerator) and isinstance(g, JsIterator)
    assert next(g) == 1 and g.send(4) == 8
    with pytest.raises(StopIteration) as info:
        next(g)
    assert info.value.value == 5
    ag = run_js("(async function* () { yield 1; })()")
    assert isinstance(ag, JsAsyncGenerator) and isinstance(ag, JsAsyncIterator)
    assert not isinstance(run_js("[1][Symbol.iterator]()"), JsAsyncIterator)


def test_types_and_capability_classes():
    a = run_js("[Promise.resolve()]")
    null_proto = run_js("Object.create(null)")
    assert type(null_proto) is JsProxy
    assert issubclass(type(a), JsProxy) and issubclass(type(a), JsArray)
    assert isinstance(a[0], JsPromise) and not isinstance(a, JsPromise)
    assert isinstance(run_js("new Map()"), JsMap) and isinstance(run_js("new Map()"), JsMutableMap)
    for cls in (JsProxy, JsArray):
        with pytest.raises(TypeError, match=cls.__name__):
            cls()
    assert hasattr(run_js("() => 1"), "new") and not hasattr(run_js("({})"), "new")


def test_object_keys_values_and_buffers_as_text():
    o = run_js("({a: 1, b: 'x'})")
    assert list(o.object_keys()) == ["a", "b"] and list(o.object_values()) == [1, "x"]
    assert run_js("new TextEncoder().encode('héllo')").to_string() == "héllo"


def test_js_errors_and_jsexceptions_pickle():
    import pickle

    from pyodide.ffi import JsException

    err = pickle.loads(pickle.dumps(run_js("new TypeError('hi')")))
    assert isinstance(err, JsException) and "TypeError: hi" in str(err)
    try:
        run_js("throw new Error('boom')")
    except JsException as e:
        back = pickle.loads(pickle.dumps(e))
    assert isinstance(back, JsException) and "Error: boom" in str(back)


def test_js_maps_are_python_mappings():
    m = run_js("new Map([[1, 2], [3, 4]])")
    assert set(m) == {1, 3} and 1 in m.keys() and m.keys() | {2} == {1, 2, 3}
    assert set(m.values()) == {2, 4} and set(m.items()) == {(1, 2), (3, 4)}
    assert m.get(1, 7) == 2 and m.get(2, 7) == 7
    assert m.pop(1) == 2 and m.pop(1, 7) == 7
    with pytest.raises(KeyError):
        m.pop(1)
    assert m.setdefault(3, 8) == 4 and m.setdefault(5) is None
    m.update({6: 7})
    assert dict(m) == {3: 4, 5: None, 6: 7}
    assert [list(e) for e in m.entries()] == [[3, 4], [5, None], [6, 7]]  # JS's own methods stay
    m.clear()
    assert len(m) == 0



def test_dir_names_keywords_as_python_reads_them():
    o = run_js("({async: 1, False: 3, match: 4, x: 5})")
    names = set(dir(o))
    assert {"async_", "False_", "match", "x", "typeof", "to_py"} <= names
    assert not names & {"async", "False", "new", "__call__"}
    assert o.async_ == 1 and o.False_ == 3
    assert {"new", "__call__"} <= set(dir(run_js("(function () {})")))


def test_more_pyodide_rules():
    from pyodide.ffi import JsArray, JsProxy

    # a negative index counts from a valid length
    with pytest.raises(OverflowError):
        run_js("({[Symbol.iterator](){}, length: 2**40})")[-1]
    # dict() of an array of pairs is not read as a mapping of indices
    assert dict(run_js("({foo: 'bar'})").object_entries()) == {"foo": "bar"}
    # dir() has no array indices; keywords with underscores
    assert "0" not in dir(run_js("[1]"))
    assert {"async_", "async__"} <= set(dir(run_js("({async: 1, async_: 2})")))
    assert run_js("({async_: 2})").async__ == 2
    # capability classes are JsProxy subclasses
    assert issubclass(JsArray, JsProxy)


def test_array_arithmetic_makes_js_arrays_and_async_iterables():
    from pyodide.ffi import JsArray, JsAsyncIterator, JsException, JsIterator

    a = run_js("[1, 2]")
    assert isinstance(a + [3], JsArray) and list(a + [3]) == [1, 2, 3]
    assert list(a * 2) == [1, 2, 1, 2] and list(a * 0) == []
    a *= 2
    assert list(a) == [1, 2, 1, 2]
    broken = run_js("({[Symbol.iterator](){}, length: 5})")
    with pytest.raises(JsException, match="(?i)iterator"):
        broken + [1]
    ag = run_js("(async function* () { yield 1; yield 2; })()")
    assert isinstance(ag, JsAsyncIterator) and not isinstance(ag, JsIterator)
    # (async for over them: tests/core/jsproxy.test.mjs)


def test_create_proxy_capture_this():
    from pyodide.ffi import create_proxy

    o = run_js("({name: 'o'})")
    seen = []

    def f(self, x):
        seen.append((self.name, x))
        return x + 1

    o.f = create_proxy(f, capture_this=True)
    assert run_js("(o) => { const r = o.f(41); o.f.destroy(); return r; }")(o) == 42
    assert seen == [("o", 41)]
    with pytest.raises(TypeError, match="not callable"):
        create_proxy(1, capture_this=True)


def test_array_methods_keep_the_objects_they_store():
    # append/extend/insert/slice assignment store PyProxies the array keeps,
    # not the borrowed ones of a plain call (which the call destroys).
    a = run_js("[5, 7]")
    a.append([1, 2])
    a.extend([{3}])
    a.insert(0, (4,))
    a[1:1] = [{"k": 1}]
    assert a.index([1, 2]) == 4 and a.count({3}) == 1
    assert run_js("(a) => a.filter((x) => typeof x === 'object').length")(a) == 4
    assert a[0] == (4,) and a[1] == {"k": 1}
    run_js("(a) => { for (const x of a) if (typeof x === 'object') x.destroy(); }")(a)
    a.push([9])  # a plain call: the argument is borrowed, and gone afterwards
    assert "destroyed at the end of a function call" in run_js(
        "(a) => { try { a.at(-1).length; } catch (e) { return e.message; } }")(a)


def test_create_proxy_roundtrip_and_unwrap():
    from pyodide.ffi import JsDoubleProxy, create_proxy

    f = {}
    o = run_js("({})")
    o.f = create_proxy(f)  # roundtrip=True: it comes back as the PyProxy
    assert isinstance(o.f, JsDoubleProxy) and o.f.unwrap() is f
    o.f.destroy()
    o.f = create_proxy(f, roundtrip=False)
    assert o.f is f
    run_js("(o) => o.f.destroy()")(o)
    with pytest.raises(TypeError, match="expected a JsDoubleProxy"):
        _pyxis_core.unwrap_double_proxy(5)


def test_destroy_message_says_who_destroyed_it():
    class Foo:
        def get(self, v):
            return v * 2

    msg = run_js("""(f) => {
        f.get(1); f.destroy();
        try { f.get(1); } catch (e) { return e.message; }
    }""")(Foo())
    assert msg.startswith("Object has already been destroyed")


def test_js_errors_are_python_exceptions():
    import gc
    import traceback

    from pyodide.ffi import JsException

    e = run_js("new TypeError('hi')")
    assert type(e).__name__ == "JsException" and isinstance(e, JsException)
    assert isinstance(e, Exception) and str(e) == "TypeError: hi" and e.message == "hi"
    assert run_js("(x) => x instanceof TypeError")(e)
    with pytest.raises(JsException) as info:
        raise e
    assert info.value is e and e.__traceback__ is not None
    assert run_js("(x, y) => x === y")(e, run_js("(x) => x")(e))
    # a value JS throws, Error or not
    with pytest.raises(JsException, match="RangeError: r") as info:
        run_js("throw new RangeError('r')")
    assert info.value.name == "RangeError" and info.value.js_error is info.value
    with pytest.raises(JsException, match="^A value of type number with tag .object Number.") as info:
        run_js("throw 5")
    assert info.value.args == (str(info.value),) and '"""5"""' in str(info.value)
    text = "".join(traceback.format_exception_only(info.value))
    assert "JsException: A value of type number" in text
    with pytest.raises(JsException, match="^Error: abc$"):
        run_js("throw 'abc'")
    with pytest.raises(JsException) as info:
        run_js("throw Object.create(null)")
    assert str(info.value).splitlines()[1:] == [
        "String interpolation of the thrown value fails.",
        "The thrown value's toString method fails."]
    # chaining, notes and the traceback cycle are a Python exception's
    try:
        try:
            run_js("throw new Error('inner')")
        except JsException as inner:
            raise ValueError("outer") from inner
    except ValueError as outer:
        assert isinstance(outer.__cause__, JsException)
        outer.__cause__.add_note("a note")
        assert outer.__cause__.__notes__ == ["a note"]
    # An exception whose traceback holds it (exc -> tb -> frame -> exc) is a
    # cycle only the GC frees: JsException's traverse and clear must see
    # BaseException's fields.
    def caught_in_a_cycle():
        try:
            run_js("throw new Error('cycle')")
        except JsException as e:
            kept = e  # noqa: F841 - the frame's local closes the cycle
            return e

    gc.collect()
    before = _pyxis_core.live_counts()["jsproxies"]
    for _ in range(20):
        caught_in_a_cycle()
    gc.collect()
    assert _pyxis_core.live_counts()["jsproxies"] == before
    # made from Python
    made = JsException("made here")
    assert str(made) == "Error: made here" and made.args == ("made here",)
    assert run_js("(x) => x instanceof Error && x.message")(made) == "made here"


def test_typed_array_items_and_slice_assignment_errors():
    a = run_js("new Uint8Array([1, 2, 3, 4])")
    a[-2] = 7
    a[0] = 9
    assert list(a) == [9, 2, 7, 4]
    with pytest.raises(TypeError, match="doesn't support item deletion"):
        del a[0]
    assert list(a) == [9, 2, 7, 4]
    arr = run_js("[1, 2, 3]")
    with pytest.raises(TypeError, match="^must assign iterable to extended slice$"):
        arr[:] = 1  # list's own message
    arr[:] = iter([4, 5])
    assert list(arr) == [4, 5]


def test_sequence_protocol_of_indexed_js_values():
    from ctypes import c_bool, c_ssize_t, py_object, pythonapi

    pythonapi.PySequence_Check.argtypes = [py_object]
    pythonapi.PySequence_Check.restype = c_bool
    pythonapi.PySequence_GetItem.argtypes = [py_object, c_ssize_t]
    pythonapi.PySequence_GetItem.restype = py_object
    pythonapi.PySequence_SetItem.argtypes = [py_object, c_ssize_t, py_object]
    for make in ["(x) => x", "(x) => new Uint8Array(x)",
                 "(x) => Object.create({[Symbol.iterator]: Array.prototype[Symbol.iterator]}, "
                 "Object.getOwnPropertyDescriptors(x))"]:
        seq = run_js(make)(run_js("[77, 65, 23]"))
        assert pythonapi.PySequence_Check(seq) and pythonapi.PySequence_GetItem(seq, -1) == 23
        if "Object.create" in make:  # an array-like is read-only
            with pytest.raises(TypeError, match="does ?n[o']t support item assignment"):
                pythonapi.PySequence_SetItem(seq, 1, 29)
        else:
            pythonapi.PySequence_SetItem(seq, 1, 29)
            assert seq[1] == 29
    assert not pythonapi.PySequence_Check(run_js("({})"))
    # typed arrays neither concatenate nor repeat; arrays and array-likes do
    t = run_js("new Uint8Array([1, 2])")
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \+"):
        t + [3]
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \*"):
        t * 2
    assert list(run_js("[1, 2]") + [3]) == [1, 2, 3]
