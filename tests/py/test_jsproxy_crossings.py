"""JsProxy operations whose keys, values and results cross in slots
(jsproxy.c): every kind of value both ways, through item access, attribute
writes, membership, iteration and keyword arguments."""

import pytest

from pyodide.code import run_js
from pyodide.ffi import JsBigInt, jsnull

# One value of each slot kind, and what it is after a round trip through JS.
VALUES = [None, jsnull, True, False, 0, -7, 2**53 - 2, 2**70, -(2**70), JsBigInt(5), 1.5,
          float("inf"), "", "text", "\ud800 lone", (1, 2)]


def same(a, b):
    """a is b after a round trip: an int beyond 2**53 went as a bigint and
    comes back a JsBigInt."""
    if type(b) is int and abs(b) > 2**53:
        return a == b and type(a) is JsBigInt
    return a == b and type(a) is type(b)


def test_map_items_of_every_kind():
    m = run_js("new Map()")
    for i, v in enumerate(VALUES):
        m[i] = v
        if isinstance(v, tuple):
            assert m[i] is v  # a PyProxy in the Map: the same object comes back
        else:
            assert same(m[i], v), (i, v, m[i])
    assert len(m) == len(VALUES)
    # Keys of every basic kind, too.
    for k in [None, True, 3, 2.5, "k", 2**60]:
        m[k] = "v"
        assert k in m and m[k] == "v"
        del m[k]
        assert k not in m
    with pytest.raises(KeyError):
        m["missing"]
    with pytest.raises(KeyError):
        del m["missing"]


def test_array_items_and_iteration():
    a = run_js("[]")
    a.push(*[v for v in VALUES if not isinstance(v, tuple)])
    got = list(a)
    assert all(same(x, y) for x, y in zip(got, [v for v in VALUES if not isinstance(v, tuple)]))
    a[0] = 2**70
    assert a[0] == 2**70 and run_js("(a) => typeof a[0]")(a) == "bigint"
    assert a[-1] == "\ud800 lone"
    assert "text" in a and "absent" not in a
    del a[0]
    assert a[0] is jsnull
    with pytest.raises(IndexError):
        a[100]
    with pytest.raises(IndexError):
        a[100] = 1


def test_attribute_writes_of_every_kind():
    o = run_js("({})")
    for v in VALUES:
        o.x = v
        if not isinstance(v, tuple):
            assert same(o.x, v)
    o.x = o
    assert run_js("(o) => o.x === o")(o)
    del o.x
    assert not hasattr(o, "x")
    with pytest.raises(AttributeError):
        del o.x


def test_iterator_values_and_return_value():
    it = run_js("(function* () { yield 1; yield 'a'; yield null; yield 2n ** 70n; return 9; })()")
    assert list(it) == [1, "a", jsnull, 2**70]
    gen_of_objects = run_js("[{a: 1}, [2]][Symbol.iterator]()")
    objs = list(gen_of_objects)
    assert objs[0].a == 1 and list(objs[1]) == [2]


def test_keyword_arguments_one_object():
    f = run_js("(...args) => args")
    r = f(1, a=None, b=2.5, c="s", d=2**70, from_=1, cls=f)
    *positional, kw = r
    assert positional == [1]
    assert sorted(run_js("Object.keys")(kw)) == ["a", "b", "c", "cls", "d", "from_"]
    assert kw.a is None and kw.b == 2.5 and kw.c == "s" and kw.d == 2**70
    assert run_js("(f, kw) => kw.cls === f")(f, kw)
    # More arguments than the call's stack buffer holds.
    r = f(*range(10), **{f"k{i}": i for i in range(10)})
    assert list(r)[:10] == list(range(10))
    assert r[10].k9 == 9


def test_many_keyword_names_in_one_call_all_arrive():
    # More names than the name cache keeps without collisions: every one
    # must still be a live handle when the call crosses.
    import sys

    f = run_js("(kw) => Object.keys(kw).length")
    for n in (64, 300, 2000):
        kwargs = {sys.intern(f"name_{i}"): i for i in range(n)}  # interned: cached names
        assert f(**kwargs) == n
