"""JsProxy and Python's protocols: match statements, JS functions as
methods of Python classes, str(), JS iterators' send/close, issubclass
between proxy types and pyodide.ffi's capability classes, bind_class.
(JS values come from run_js.)"""

import pytest

from pyodide.code import run_js
from pyodide.ffi import JsArray, JsGenerator, JsIterator, JsMap, JsPromise, JsProxy


def test_match_sequence_and_mapping_patterns():
    match run_js("[1, 2, 3]"):
        case [x, y, 3]:
            got = (x, y)
        case _:
            got = None
    assert got == (1, 2)
    match run_js("new Uint8Array([7, 3, 9, 10])"):
        case [x, y, *rest]:
            got = (x, y, rest)
    assert got == (7, 3, [9, 10])
    match run_js("new Map([[1, 2], [3, 4]])"):
        case {1: x, 3: y}:
            got = (x, y)
    assert got == (2, 4)
    obj = run_js("({a: 2, b: 5})").as_object_map()
    match obj:
        case {"a": x, "b": y, "d": _}:
            got = "has d"
        case {"a": x, "b": y}:
            got = (x, y)
    assert got == (2, 5)
    # A plain object (not as_object_map) and a string match neither kind.
    match run_js("({a: 1})"):
        case {"a": _}:
            got = "mapping"
        case [*_]:
            got = "sequence"
        case _:
            got = "neither"
    assert got == "neither"


def test_js_function_on_a_class_is_a_method():
    class T:
        f = run_js("(function (x) { return this[x]; })")

    t = T()
    t.a = 7
    assert (t.f("a"), t.f("missing")) == (7, None)
    assert T.f is T.__dict__["f"]  # from the class: the function itself


def test_str_is_tostring_with_fallbacks():
    assert str(run_js("[1, 2, 3]")) == "1,2,3"
    assert str(run_js("Object.create(null)")) == "[object Object]"
    tagged = run_js("({ get toString() { throw new Error(); }, [Symbol.toStringTag]: 'Tag' })")
    assert str(tagged) == "[object Tag]"
    assert repr(run_js("({a: 1})")) == "[object Object]"
    from pyodide.ffi import JsException

    with pytest.raises(JsException, match="from toString"):
        str(run_js("({ toString() { throw new Error('from toString'); } })"))


def test_iterator_send_checks_the_result():
    g = run_js("({ next() { return 2; } })")
    assert isinstance(g, JsIterator) and not isinstance(g, JsGenerator)
    with pytest.raises(TypeError, match='Result should have type "object" not "number"'):
        g.send(None)
    with pytest.raises(TypeError, match=r"Result was a promise, use anext\(\)"):
        run_js("({ next() { return Promise.resolve(2); } })").send(None)
    with pytest.raises(TypeError, match='Result has no "done" field'):
        run_js("({ next() { return {}; } })").send(None)
    counter = run_js("(() => { let i = 0; return { next: (v) => ({ done: i > 1, value: [i++, v] }) }; })()")
    assert counter.send("a").to_py() == [0, "a"]


def test_generator_close_runs_finally_and_refuses_a_yield():
    from pyodide.ffi import create_proxy

    log = []
    proxy = create_proxy(log)  # the generator keeps it past the call
    f = run_js("(function* (log) { try { yield 1; yield 2; } finally { log.append('finally'); } })")
    g = f(proxy)
    assert next(g) == 1
    assert g.close() is None
    proxy.destroy()
    assert log == ["finally"]
    stubborn = run_js("(function* () { try { yield 1; } finally { yield 2; } })")()
    next(stubborn)
    with pytest.raises(RuntimeError, match="JavaScript generator ignored return"):
        stubborn.close()


def test_issubclass_between_proxy_types_and_capabilities():
    a = run_js("[Promise.resolve()]")
    plain = run_js("Object.create(null)")
    assert type(plain) is JsProxy
    assert issubclass(type(a), JsArray) and not issubclass(JsArray, type(a))
    assert isinstance(a[0], JsPromise)
    assert issubclass(JsPromise, type(a[0]))
    assert not issubclass(JsMap, type(a[0]))
    assert issubclass(type(a), type(plain)) and issubclass(type(a[0]), JsProxy)


def test_bind_class_constructs():
    A = run_js("(class { constructor(x = 7) { this.x = x; } })")

    class ASig:
        x: int

    assert A.bind_class(ASig)().x == 7

    class WithInit:
        def __init__(self, x, /): ...

    bound = A.bind_class(WithInit)
    assert bound(3).x == 3
    with pytest.raises(TypeError):
        bound()


def test_into_file_hands_the_buffer_over():
    from tempfile import TemporaryFile

    import pyodide_js
    from js import Uint8Array

    a = Uint8Array.new(range(10))
    with TemporaryFile() as f:
        f.write(b"old contents, longer than ten bytes")
        a._into_file(f)
        assert pyodide_js.FS.streams[f.fileno()].node.contents.buffer == a.buffer
        f.seek(0)
        assert f.read() == bytes(range(10))


def _live_pyproxies():
    import _pyxis_core

    return _pyxis_core.live_counts()["pyproxies"]


def test_generator_keeps_its_arguments_until_it_finishes():
    # As in Pyodide: what Python passes a JS generator (its arguments and
    # each value sent in) lives until the generator finishes, then goes.
    f = run_js(
        """
        (function *(x) {
            const l = [x];
            l.push(yield);
            l.push(yield);
            return l.map((v) => v.toString()).join(" ");
        })
        """
    )
    before = _live_pyproxies()
    g = f({1})
    g.send(None)
    g.send({2})
    assert _live_pyproxies() == before + 2
    with pytest.raises(StopIteration) as info:
        g.send({3})
    assert info.value.value == "{1} {2} {3}"
    assert _live_pyproxies() == before
    # A generator that throws lets go of them too; so does one driven by a
    # for loop to its end.
    h = run_js("(function *(x) { yield x.toString(); throw new Error('boom'); })")({4})
    assert next(h) == "{4}"
    with pytest.raises(Exception, match="boom"):
        next(h)
    assert _live_pyproxies() == before
    assert list(run_js("(function *(x) { yield x.length; })")({5, 6})) == [2]
    assert _live_pyproxies() == before


def test_plain_function_arguments_are_still_borrowed():
    holder = run_js("({})")
    run_js("(h, x) => { h.kept = x; }")(holder, {1})
    with pytest.raises(Exception, match="borrowed proxy was automatically destroyed"):
        run_js("(h) => h.kept.toString()")(holder)
