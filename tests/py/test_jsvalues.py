"""jsnull and JsBigInt (_pyxis.jsvalues): JS null and bigint as Python
values, their conversions both ways and JsBigInt's arithmetic rules."""

import copy
import json
import operator
import pickle
import random

import pytest

from pyodide.code import run_js
from pyodide.ffi import JsBigInt, JsNull, jsnull, to_js


def test_jsnull_is_a_falsy_singleton():
    assert JsNull() is jsnull
    assert not jsnull and repr(jsnull) == "jsnull" and jsnull is not None
    assert copy.copy(jsnull) is jsnull and copy.deepcopy([jsnull])[0] is jsnull
    assert pickle.loads(pickle.dumps(jsnull)) is jsnull
    assert jsnull.typeof == "object"


def test_null_crossings():
    assert run_js("null") is jsnull
    assert run_js("[null]")[0] is jsnull
    assert run_js("({a: null})").a is jsnull
    assert run_js("new Map([['a', null]])").to_py() == {"a": jsnull}
    assert run_js("(x) => x === null")(jsnull)
    assert run_js("(x) => x === undefined")(None)
    assert run_js("(x) => x[0] === null && x[1] === undefined")(to_js([jsnull, None]))


def test_json_writes_jsnull_as_null():
    assert json.dumps(jsnull) == "null"
    assert json.dumps([jsnull, {"a": jsnull}], indent=1) == '[\n null,\n {\n  "a": null\n }\n]'

    class Custom(json.JSONEncoder):
        def default(self, o):
            if isinstance(o, set):
                return sorted(o)
            return super().default(o)

    assert json.dumps([{2, 1}, jsnull], cls=Custom) == "[[1, 2], null]"
    with pytest.raises(TypeError, match="not JSON serializable"):
        json.dumps(object())


def test_bigint_crossings():
    assert type(run_js("5n")) is JsBigInt and run_js("5n") == 5
    assert run_js("(x) => typeof x")(JsBigInt(5)) == "bigint"
    assert run_js("(x) => typeof x")(5) == "number"
    assert run_js("(x) => typeof x")(2**60) == "bigint"
    big = run_js("(x) => x")(2**60)
    assert type(big) is JsBigInt and big == 2**60
    arr = run_js("BigInt64Array").new([JsBigInt(x) for x in (1, -3, 2**62)])
    assert list(arr) == [1, -3, 2**62]


BOTH = [operator.add, operator.sub, operator.mul, operator.and_, operator.or_, operator.xor]
LEFT = [operator.floordiv, operator.mod, operator.lshift, operator.rshift, operator.pow]


def _operands(rng, n):
    for _ in range(n):
        a = rng.choice([rng.randrange(-50, 50), rng.randrange(-(2**80), 2**80)])
        b = rng.choice([rng.randrange(1, 20), rng.randrange(-5, 60)])
        yield a, b


def test_jsbigint_arithmetic_rules():
    rng = random.Random(20261204)
    for a, b in _operands(rng, 300):
        for op in BOTH + LEFT:
            if op in (operator.lshift, operator.rshift) and b < 0 or op in (
                    operator.floordiv, operator.mod) and b == 0 or op is operator.pow and b > 20:
                continue
            want = op(a, b)
            for x, y in ((JsBigInt(a), JsBigInt(b)), (JsBigInt(a), b), (a, JsBigInt(b))):
                got = op(x, y)
                assert got == want, (op, x, y)
                if isinstance(want, float):
                    assert type(got) is float
                elif op in BOTH:
                    both = type(x) is JsBigInt and type(y) is JsBigInt
                    assert type(got) is (JsBigInt if both else int), (op, x, y)
                else:
                    assert type(got) is (JsBigInt if type(x) is JsBigInt else int), (op, x, y)
    for u in (abs, operator.neg, operator.pos, operator.invert):
        assert type(u(JsBigInt(-7))) is JsBigInt and u(JsBigInt(-7)) == u(-7)
    assert type(pow(JsBigInt(21), -1, 31)) is JsBigInt and pow(JsBigInt(21), -1, 31) == pow(21, -1, 31)
    with pytest.raises(TypeError, match="'JsBigInt' and 'float'"):
        JsBigInt(3) & 0.5
    with pytest.raises(TypeError, match="3rd argument not allowed"):
        pow(JsBigInt(21), 0.5, JsBigInt(31))
    assert type(JsBigInt(21) / 2) is float and type(JsBigInt(21) // 1.5) is float
    assert repr(JsBigInt(5)) == "5"
