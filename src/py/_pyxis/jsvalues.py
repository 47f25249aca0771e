"""JS primitive values that Python has no type for: ``jsnull`` (JS ``null``)
and ``JsBigInt`` (a JS ``bigint``), as Pyodide 314 documents them.

The C core converts JS null to ``jsnull`` (unless loadPyodide's
``convertNullToNone``), a JS bigint to a ``JsBigInt``, and back: ``jsnull``
to null and a ``JsBigInt`` to a bigint whatever its size. (This module
imports nothing of _pyxis: the C core may need it while _pyxis is being
imported.)"""

import _pyxis_core


class JsNull:
    """The type of ``jsnull``, the Python value of JS ``null``: a falsy
    singleton, distinct from ``None`` (JS ``undefined``)."""

    __slots__ = ()
    __module__ = "pyodide.ffi"
    typeof = "object"

    def __new__(cls):
        return jsnull

    def __repr__(self):
        return "jsnull"

    def __bool__(self):
        return False

    def __reduce__(self):
        return (JsNull, ())

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


jsnull = object.__new__(JsNull)


def _as_bigint(result):
    # A float (true division, negative powers) or NotImplemented stays as is.
    return JsBigInt(result) if type(result) is int else result


def _both(op):
    """+, -, *, &, |, ^: a JsBigInt only when both operands are."""

    def method(self, other):
        result = op(self, other)
        return _as_bigint(result) if isinstance(other, JsBigInt) else result

    method.__name__ = op.__name__
    return method


def _left(op):
    """//, %, <<, >>: the left operand (a JsBigInt) decides."""

    def method(self, other):
        return _as_bigint(op(self, other))

    method.__name__ = op.__name__
    return method


def _unary(op):
    def method(self):
        return JsBigInt(op(self))

    method.__name__ = op.__name__
    return method


class JsBigInt(int):
    """A Python int that converts to a JS bigint, whatever its size (a plain
    int converts to a number when it is a safe integer). JS bigints arrive as
    JsBigInt. Arithmetic: with ``+ - * & | ^`` the result is a JsBigInt only
    if both operands are; with ``// % << >> **`` the left operand decides."""

    __slots__ = ()
    __module__ = "pyodide.ffi"

    __add__ = _both(int.__add__)
    __sub__ = _both(int.__sub__)
    __mul__ = _both(int.__mul__)
    __and__ = _both(int.__and__)
    __or__ = _both(int.__or__)
    __xor__ = _both(int.__xor__)
    __floordiv__ = _left(int.__floordiv__)
    __mod__ = _left(int.__mod__)
    __lshift__ = _left(int.__lshift__)
    __rshift__ = _left(int.__rshift__)
    __abs__ = _unary(int.__abs__)
    __neg__ = _unary(int.__neg__)
    __pos__ = _unary(int.__pos__)
    __invert__ = _unary(int.__invert__)

    def __pow__(self, other, modulus=None):
        return _as_bigint(int.__pow__(self, other, modulus))

    def __repr__(self):
        return int.__repr__(self)


# The Python values that cross to JS as a value (no new PyProxy): basic
# values, jsnull (and JsBigInt, an int), and JS values (JsProxy, JsException).
CONVERTS_IMPLICITLY = (type(None), bool, int, float, str, JsNull, _pyxis_core.JsProxy,
                       _pyxis_core.JsException)


# json writes jsnull as null: JSONEncoder.default (which json's C encoder
# calls for a value of a type it does not know, and which an encoder
# subclass's default() ends in) turns it into None. (As a dict key, jsnull is
# still refused: the C encoder checks keys itself.)
def _jsnull_as_null(default):
    def json_default(self, o):
        return None if o is jsnull else default(self, o)

    json_default.__doc__ = default.__doc__
    return json_default


def _register_with_json():
    from json import encoder

    encoder.JSONEncoder.default = _jsnull_as_null(encoder.JSONEncoder.default)


_register_with_json()
