"""JsCallable.bind_sig: a JS function called through a Python signature; the
checks and their messages are Python's own for that signature."""

import inspect

import pytest

from pyodide.code import run_js

SIGS = ["", "a, /", "a, b, /", "a=7, /", "a, b=7, /", "a, b=7, /, *, c", "a, b=7, /, *, c=None",
        "a, b=7, /, *, c=2", "a, b=7, /, **kwargs", "a, b=7, /, *, c=None, **kwargs",
        "a, b=7, /, *, c, **kwargs", "*args, d=1"]
CALLS = [((), {}), ((1,), {}), ((1, 2), {}), ((1, 2, 3), {}), ((), {"x": 1}), ((1,), {"x": 1}),
         ((), {"a": 1}), ((1,), {"b": 1}), ((1,), {"c": 2}), ((1, 2), {"c": 2, "y": None}),
         ((1, 2, 3), {"c": 2})]


def make(sig):
    d = {}
    exec(f"def func({sig}): ...", d)
    return d["func"]


def expected(func, args, kwargs):
    """What the JS function should receive: positional values, then, if there
    are named arguments at all, one object of those that are not None."""
    P = inspect.Parameter
    sig = inspect.signature(func)
    bound = sig.bind(*args, **kwargs)
    bound.apply_defaults()
    pos, named = [], {}
    for name, value in bound.arguments.items():
        kind = sig.parameters[name].kind
        if kind is P.POSITIONAL_ONLY:
            pos.append(value)
        elif kind is P.VAR_POSITIONAL:
            pos.extend(value)
        elif kind is P.VAR_KEYWORD:
            named.update(value)
        else:
            named[name] = value
    given = bool(named)
    named = {k: v for k, v in named.items() if v is not None}
    return pos + ([named] if given else [])


@pytest.mark.parametrize("sig", SIGS)
def test_calls_are_checked_and_passed_as_python_would(sig):
    func = make(sig)
    f = run_js("(...args) => args").bind_sig(func)
    for args, kwargs in CALLS:
        try:
            func(*args, **kwargs)
        except TypeError as err:
            with pytest.raises(TypeError) as info:
                f(*args, **kwargs)
            assert info.value.args[0] == err.args[0]
            continue
        assert f(*args, **kwargs).to_py() == expected(func, args, kwargs), (args, kwargs)


def test_signatures_it_cannot_take():
    jsfunc = run_js("(...args) => args")
    with pytest.raises(RuntimeError, match="POS_OR_KWD"):
        jsfunc.bind_sig(make("a"))(1)
    with pytest.raises(RuntimeError, match="more than 64 kwonly"):
        jsfunc.bind_sig(make("*, " + ", ".join(f"a{n}" for n in range(65))))()
    f = jsfunc.bind_sig(make("*, " + ", ".join(f"a{n}" for n in range(64))))
    kwargs = {f"a{n}": 0 for n in range(64)}
    assert f(**kwargs).to_py() == [kwargs]
    del kwargs["a63"]
    with pytest.raises(TypeError, match=r"func\(\) missing 1 required keyword-only argument: 'a63'"):
        f(**kwargs)
