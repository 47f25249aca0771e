"""Deep conversions: to_js (Python -> JS) and to_py (JS -> Python).

Shared references map to one result, so cycles terminate. Used by
pyodide.ffi.to_js, PyProxy.toJs, JsProxy.to_py and pyodide.toPy.
"""

from collections.abc import Mapping, Sequence, Set

import _pyxis_core
from _pyxis_core import JsException, JsProxy

# A JS value in Python: a JsProxy, or a JsException (a JS Error's proxy, a
# Python exception too).
_JS_VALUE = (JsProxy, JsException)

js = _pyxis_core.js_global()
_reflect_set = js.Reflect.set

# What a dict becomes without a dict_converter: a JS Object (Pyodide 314), or
# with loadPyodide({toJsLiteralMap: true}) the loader's LiteralMap class (a
# Map whose string keys also read as properties).
_literal_map = None


def use_literal_map(cls) -> None:
    """Convert dicts to instances of cls (a JS Map subclass) instead of
    Objects: loadPyodide's toJsLiteralMap."""
    global _literal_map
    _literal_map = cls

# JsProxy capability flags (the C core's table), and tests of them.
from .jsproxy_types import _FLAG, has_flags  # noqa: E402,F401
from .jsvalues import CONVERTS_IMPLICITLY  # noqa: E402


class ConversionError(Exception):
    """A value could not be converted between Python and JS
    (pyodide.ffi.ConversionError)."""

    __module__ = "pyodide.ffi"


def _js_key(x, where: str):
    """x, if it can be a JS Map's or Set's key or an Object's property name
    (a basic value or a JsProxy)."""
    if isinstance(x, CONVERTS_IMPLICITLY):
        return x
    raise ConversionError(f"Cannot use {x!r} as a key for a Javascript {where}")


def _flags(obj) -> int:
    return obj._js_flags if isinstance(obj, _JS_VALUE) else 0



# Buffer format -> typed array name, from the C core's table (abi.h).
_TYPED_ARRAYS = _pyxis_core.BUFFER_FORMATS


def _buffer_to_js(obj):
    """A buffer as new JS typed arrays (one copy of the data): 1-D -> a typed
    array of the format's type; n-D -> nested Arrays whose innermost level is
    typed arrays (views into one copy); 0-D -> its element. A format no typed
    array matches (structs, big-endian, float16) -> a flat Uint8Array of the
    bytes in C order."""
    mv = memoryview(obj)
    fmt = mv.format[1:] if mv.format[:1] in "@=<" else mv.format
    name = _TYPED_ARRAYS.get(fmt) if mv.format[:1] not in ">!" else None
    if mv.ndim == 0 and name is not None:
        return mv[()]
    # One copy in C order, seen as bytes (cast needs a contiguous, non-empty view).
    raw = mv.cast("B") if mv.c_contiguous and mv.nbytes else memoryview(mv.tobytes())
    ctor = getattr(js, name or "Uint8Array")
    flat = ctor.new(len(raw) // ctor.BYTES_PER_ELEMENT)
    flat.assign(raw)
    if name is None or mv.ndim <= 1:
        return flat
    shape = mv.shape

    def nest(dim, start):
        if dim == len(shape) - 1:
            return flat.subarray(start, start + shape[dim])
        step = 1
        for n in shape[dim + 1:]:
            step *= n
        level = js.Array.new()
        for i in range(shape[dim]):
            level.push(nest(dim + 1, start + i * step))
        return level

    return nest(0, 0)


def to_js(obj, *, depth=-1, pyproxies=None, create_pyproxies=True, dict_converter=None,
          default_converter=None, eager_converter=None):
    """Convert obj to JS, deeply: list/tuple -> Array, dict -> Object (its
    keys as property names; or what dict_converter makes of an iterable of
    [key, value] arrays), set -> Set,
    bytes and buffers -> typed arrays (copies); anything else stays a proxy.
    """
    memo = {}

    def convert(x, d):
        if isinstance(x, CONVERTS_IMPLICITLY):
            return x
        if d == 0:
            return _proxy(x)
        key = id(x)
        if key in memo:
            return memo[key]
        if eager_converter is None:
            return default(x, d)
        result = eager_converter(x, lambda y: default(y, d),
                                 lambda y, v: memo.__setitem__(id(y), v))
        if not isinstance(result, CONVERTS_IMPLICITLY + (_JS_VALUE,)):
            result = _proxy(result)
        memo[key] = result
        return result

    def default(x, d):
        key = id(x)
        if isinstance(x, (list, tuple)):
            result = js.Array.new()
            memo[key] = result
            for item in x:
                result.push(convert(item, d - 1))
            return result
        if isinstance(x, dict):
            # As in Pyodide: keys that would be the same JS property name
            # (1 and "1") are an error, whatever the result's type.
            seen = set()
            for k in x:
                if isinstance(k, (int, float, str)) and not isinstance(k, bool):
                    name = str(k)
                    if name in seen:
                        raise ConversionError("Key collision when converting Python dictionary to "
                                              f"JavaScript. Key: {k!r}")
                    seen.add(name)
            if dict_converter is None and _literal_map is not None:
                result = _literal_map.new()
                memo[key] = result
                for k, v in x.items():
                    result.set(convert(_js_key(k, "Map"), d - 1), convert(v, d - 1))
                return result
            if dict_converter is None:
                result = js.Object.new()
                memo[key] = result
                for k, v in x.items():
                    _reflect_set(result, convert(_js_key(k, "Object"), d - 1), convert(v, d - 1))
                return result
            entries = js.Array.new()
            for k, v in x.items():
                pair = js.Array.new()
                pair.push(convert(k, d - 1))
                pair.push(convert(v, d - 1))
                entries.push(pair)
            result = dict_converter(entries)
            memo[key] = result
            return result
        if isinstance(x, (set, frozenset)):
            result = js.Set.new()
            memo[key] = result
            for item in x:
                result.add(convert(_js_key(item, "Set"), d - 1))
            return result
        if isinstance(x, (bytes, bytearray, memoryview)) or _has_buffer(x):
            result = _buffer_to_js(x)
            memo[key] = result
            return result
        if default_converter is not None:
            result = default_converter(x, lambda y: convert(y, d - 1), lambda y, v: memo.__setitem__(id(y), v))
            memo[key] = result
            return result
        return _proxy(x)

    def _proxy(x):
        if not create_pyproxies:
            raise ConversionError(f"to_js: cannot convert a '{type(x).__name__}' object and "
                                  "create_pyproxies is false")
        p = _pyxis_core.create_proxy(x)
        if pyproxies is not None:
            pyproxies.append(p)
        return p

    return convert(obj, depth)


def _py_key(js_key, k, where: str):
    """k (js_key converted), if Python can use it as a dict or set key."""
    try:
        hash(k)
    except TypeError:
        kind = js_key.constructor.name if isinstance(js_key, _JS_VALUE) else type(k).__name__
        raise ConversionError(f"Cannot use key of type {kind} as a key to a Python {where}") from None
    return k


def _check_bool_collision(existing, k, what: str) -> None:
    """JS keeps 0 and false (1 and true) apart; Python cannot."""
    if isinstance(k, (bool, int)) and k in (0, 1) and k in existing:
        other = next(e for e in existing if e == k)
        if type(other) is not type(k):
            n = int(k)
            raise ConversionError(f"JavaScript {what} contains both {n} and {str(bool(n)).lower()}")


def _has_buffer(x) -> bool:
    try:
        memoryview(x)
    except TypeError:
        return False
    return True


def to_py(obj, *, depth=-1, default_converter=None):
    """Convert a JS value to Python, deeply: Array -> list, Map and plain
    objects -> dict, Set -> set, buffers -> memoryview (a copy); other JS
    objects stay JsProxies (or what default_converter makes of them)."""
    memo = {}

    def convert(x, d):
        if not isinstance(x, _JS_VALUE) or d == 0:
            return x
        key = x.js_id
        if key in memo:
            return memo[key]
        f = x._js_flags
        if f & _FLAG["array"]:
            result = []
            memo[key] = result
            result.extend(convert(item, d - 1) for item in x)
            return result
        if f & _FLAG["buffer"]:
            result = x.to_memoryview()
            memo[key] = result
            return result
        if f & _FLAG["set"]:
            result = set()
            memo[key] = result
            for item in x:
                k = _py_key(item, convert(item, d - 1), "set")
                _check_bool_collision(result, k, "Set")
                result.add(k)
            return result
        if f & _FLAG["map"] and f & _FLAG["iterable"]:
            result = {}
            memo[key] = result
            for pair in x.entries():
                k = _py_key(pair[0], convert(pair[0], d - 1), "dict")
                _check_bool_collision(result, k, "Map")
                result[k] = convert(pair[1], d - 1)
            return result
        if f & _FLAG["object_map"]:
            result = {}
            memo[key] = result
            for k, v in x.object_entries():
                result[k] = convert(v, d - 1)
            return result
        if default_converter is not None:
            result = default_converter(x, lambda y: convert(y, d - 1), lambda y, v: memo.__setitem__(y.js_id, v))
            memo[key] = result
            return result
        return x

    return convert(obj, depth)
