"""pyodide.ffi: the bridge between Python and JavaScript.

JsProxy is the type of every JS value seen from Python; JsArray, JsMap,
JsCallable, ... are its capabilities, usable with isinstance().
"""

import functools
import operator
import sys

import _pyxis_core
from _pyxis.conversions import ConversionError, to_js as _to_js
from _pyxis.jsproxy_types import has_flags
from _pyxis.jsvalues import JsBigInt, JsNull, jsnull
from _pyxis_core import JsException, JsProxy

IN_BROWSER = True  # this runtime always runs in a JS host (browser, worker or Node)

__all__ = [
    "IN_BROWSER", "JsProxy", "JsException", "JsArray", "JsMap", "JsCallable", "JsBuffer",
    "JsPromise", "JsIterator", "JsIterable", "JsGenerator", "JsDoubleProxy", "JsFetchResponse",
    "to_js", "create_proxy", "create_once_callable", "destroy_proxies",
    "ConversionError", "InternalError", "JsMutableMap", "JsAsyncIterable", "JsAsyncIterator",
    "JsAsyncGenerator", "JsTypedArray", "JsNull", "jsnull", "JsBigInt",
]


class InternalError(Exception):
    """An error inside the runtime's own machinery (a bug in pyxis, not in
    the code it runs)."""


class _CapabilityMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, (JsProxy, JsException)) and cls._test(obj._js_flags)

    def __subclasscheck__(cls, sub):
        if sub is cls:
            return True
        return isinstance(sub, type) and issubclass(sub, (JsProxy, JsException)) and cls._test(
            getattr(sub, "_js_type_mask", 0))


def _capability(name, doc, test):
    """A class for isinstance()/issubclass() tests of a JsProxy's
    capabilities: test(flags) says whether a proxy with these flags has it."""

    def __new__(cls, *args, **kwargs):
        raise TypeError(f"cannot create '{cls.__name__}' instances: it is a capability of JsProxy")

    # A subclass of JsProxy (issubclass(JsArray, JsProxy)), never instantiated.
    return _CapabilityMeta(name, (JsProxy,), {"_test": staticmethod(test), "__new__": __new__,
                                              "_js_implied_mask": getattr(test, "mask", 0),
                                              "__slots__": (), "__doc__": doc,
                                              "__module__": __name__})


def _either(*tests):
    def test(flags):
        return any(t(flags) for t in tests)

    test.mask = functools.reduce(operator.and_, (getattr(t, "mask", 0) for t in tests))
    return test


JsCallable = _capability("JsCallable", "A JS function.", has_flags("callable"))
JsArray = _capability("JsArray", "A JS Array.", has_flags("array"))
JsTypedArray = _capability("JsTypedArray", "A JS ArrayBuffer or typed array.", has_flags("buffer"))
JsMap = _capability("JsMap", "A JS object with get and has (a Map, ...), or an as_object_map().",
                    _either(has_flags("map"), has_flags("as_object_map")))
JsMutableMap = _capability("JsMutableMap", "A JsMap that also has set, or an as_object_map().",
                           _either(has_flags("map", "has_set"), has_flags("as_object_map")))
JsIterable = _capability("JsIterable", "A JS iterable.",
                         _either(has_flags("iterable"), has_flags("as_object_map")))
JsIterator = _capability("JsIterator", "A JS iterator.", has_flags("iterator"))
JsAsyncIterable = _capability("JsAsyncIterable", "A JS async iterable.", has_flags("async_iterable"))
JsAsyncIterator = _capability("JsAsyncIterator", "A JS async iterator.", has_flags("async_iterator"))
JsGenerator = _capability("JsGenerator", "A JS generator object.", has_flags("generator"))
JsAsyncGenerator = _capability("JsAsyncGenerator", "A JS async generator object.",
                               has_flags("async_generator"))
JsPromise = _capability("JsPromise", "A JS thenable (a Promise, ...).", has_flags("thenable"))
JsBuffer = _capability("JsBuffer", "A JS ArrayBuffer or typed array.", has_flags("buffer"))
JsDoubleProxy = _capability("JsDoubleProxy", "A JsProxy of a PyProxy (what create_proxy returns).",
                            has_flags("double_proxy"))
JsFetchResponse = _capability("JsFetchResponse", "Reserved for pyodide.http.",
                              lambda flags: False)


def to_js(obj, *, depth=-1, pyproxies=None, create_pyproxies=True, dict_converter=None,
          default_converter=None, eager_converter=None):
    """Convert a Python object to JS, deeply (see PyProxy.toJs).
    eager_converter(value, convert, cache_conversion), if given, is asked
    first about every value that is not a basic one: convert(value) is the
    default conversion (its items go through eager_converter too), and what
    it returns is the result (a Python object is proxied)."""
    return _to_js(obj, depth=depth, pyproxies=pyproxies, create_pyproxies=create_pyproxies,
                  dict_converter=dict_converter, default_converter=default_converter,
                  eager_converter=eager_converter)


def create_proxy(obj, *, capture_this=False, roundtrip=True):
    """A PyProxy of obj that lives until destroy() is called on it. With
    capture_this, a call from JS passes its `this` as the first argument.
    With roundtrip (the default), the PyProxy coming back from JS is a
    JsDoubleProxy (unwrap() gives obj); without, it is obj itself."""
    return _pyxis_core.create_proxy(obj, capture_this, roundtrip)


def create_once_callable(obj, *, _may_syncify=False):
    """A JS function that calls obj once, then releases it."""
    return _pyxis_core.create_once_callable(obj)


def destroy_proxies(pyproxies):
    """Destroy every PyProxy in the list: a JS array (e.g. filled by
    to_js(pyproxies=...)), whose items are destroyed on the JS side, or a
    Python list of JsDoubleProxies."""
    if isinstance(pyproxies, JsProxy):
        from _pyxis.jsproxy_types import _js_function

        _js_function("a", "for (const p of a) p.destroy();")(pyproxies)
        return
    for proxy in pyproxies:
        proxy.destroy()


def _jsproxy_to_py(self, *, depth=-1, default_converter=None):
    from _pyxis.conversions import to_py

    return to_py(self, depth=depth, default_converter=default_converter)


sys.modules.setdefault("pyodide.ffi", sys.modules[__name__])
