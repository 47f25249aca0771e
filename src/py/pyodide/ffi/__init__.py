"""pyodide.ffi: the bridge between Python and JavaScript.

JsProxy is the type of every JS value seen from Python; JsArray, JsMap,
JsCallable, ... are its capabilities, usable with isinstance().
"""

import sys

import _pyxis_core
from _pyxis.conversions import _FLAG, to_js as _to_js
from _pyxis_core import JsException, JsProxy

IN_BROWSER = True  # this runtime always runs in a JS host (browser, worker or Node)

__all__ = [
    "IN_BROWSER", "JsProxy", "JsException", "JsArray", "JsMap", "JsCallable", "JsBuffer",
    "JsPromise", "JsIterator", "JsIterable", "JsGenerator", "JsDoubleProxy", "JsFetchResponse",
    "to_js", "create_proxy", "create_once_callable", "destroy_proxies",
    "ConversionError", "InternalError",
]


class ConversionError(Exception):
    """A value could not be converted between Python and JS."""


class InternalError(Exception):
    """An error inside the runtime's own machinery (a bug in pyxis, not in
    the code it runs)."""


class _CapabilityMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, JsProxy) and (obj._js_flags & cls._flag) == cls._flag

    def __subclasscheck__(cls, sub):
        return sub is cls


def _capability(name, flag, doc):
    return _CapabilityMeta(name, (), {"_flag": flag, "__doc__": doc, "__module__": __name__})


JsCallable = _capability("JsCallable", _FLAG["callable"], "A JS function.")
JsArray = _capability("JsArray", _FLAG["array"], "A JS Array.")
JsMap = _capability("JsMap", _FLAG["map"], "A JS object with get/has (a Map, ...).")
JsIterable = _capability("JsIterable", _FLAG["iterable"], "A JS iterable.")
JsIterator = _capability("JsIterator", _FLAG["iterator"], "A JS iterator.")
JsPromise = _capability("JsPromise", _FLAG["thenable"], "A JS thenable (a Promise, ...).")
JsBuffer = _capability("JsBuffer", _FLAG["buffer"], "A JS ArrayBuffer or typed array.")
JsGenerator = _capability("JsGenerator", _FLAG["generator"], "A JS generator object.")
JsDoubleProxy = _capability("JsDoubleProxy", _FLAG["double_proxy"], "A JsProxy of a PyProxy (what create_proxy returns).")
JsFetchResponse = _capability("JsFetchResponse", 1 << 30, "Reserved for pyodide.http.")


def to_js(obj, *, depth=-1, pyproxies=None, create_pyproxies=True, dict_converter=None,
          default_converter=None):
    """Convert a Python object to JS, deeply (see PyProxy.toJs)."""
    return _to_js(obj, depth=depth, pyproxies=pyproxies, create_pyproxies=create_pyproxies,
                  dict_converter=dict_converter, default_converter=default_converter)


def create_proxy(obj, *, capture_this=False, roundtrip=True):
    """A PyProxy of obj that lives until destroy() is called on it."""
    if capture_this:
        raise NotImplementedError("create_proxy(capture_this=True) is not supported yet")
    return _pyxis_core.create_proxy(obj)


def create_once_callable(obj, *, _may_syncify=False):
    """A JS function that calls obj once, then releases it."""
    return _pyxis_core.create_once_callable(obj)


def destroy_proxies(pyproxies):
    """Destroy every PyProxy in the list (e.g. filled by to_js(pyproxies=...))."""
    for proxy in pyproxies:
        proxy.destroy()


def _jsproxy_to_py(self, *, depth=-1, default_converter=None):
    from _pyxis.conversions import to_py

    return to_py(self, depth=depth, default_converter=default_converter)


sys.modules.setdefault("pyodide.ffi", sys.modules[__name__])
