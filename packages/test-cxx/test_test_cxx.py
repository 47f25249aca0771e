"""test-cxx's tests: the C++ exception ABI, run inside the runtime by
tests/packages (and natively nowhere: the package is wasm-only)."""

import gc

import pytest

import test_cxx
from test_cxx import _catcher, _thrower


@pytest.mark.parametrize(
    "kind, handler, what, value",
    [
        ("inline", "InlineBoom", "an InlineBoom", 42),
        ("key", "KeyBoom", "a KeyBoom", 0),
        ("runtime_error", "std::exception", "a runtime_error", 0),
        ("bad_alloc", "std::exception", "std::bad_alloc", 0),
        ("int", "int", "", 7),
        ("string", "...", "", 0),
    ],
)
def test_thrown_and_caught_in_one_module(kind, handler, what, value):
    assert _thrower.catch_inside(kind) == (handler, what, value)


@pytest.mark.parametrize(
    "kind, handler, what, value",
    [
        # A type both modules define inline (two weak type_infos made one).
        ("inline", "InlineBoom", "an InlineBoom", 42),
        # A type whose type_info only test-cxxlib defines (thrown there).
        ("key", "KeyBoom", "a KeyBoom", 0),
        # The C++ runtime's own types (type_info in the runtime).
        ("out_of_range", "std::out_of_range", "an out_of_range", 0),
        ("invalid_argument", "std::exception", "an invalid_argument", 0),
        ("string", "std::string", "a std::string", 0),
        ("int", "int", "", 7),
    ],
)
def test_thrown_in_one_module_caught_in_another(kind, handler, what, value):
    assert _catcher.call_and_catch(kind) == (handler, what, value)


@pytest.mark.parametrize(
    "kind, caught",
    [
        ("key", "KeyBoom: a KeyBoom"),
        ("out_of_range", "std::exception: an out_of_range"),
        ("inline", "std::exception: an InlineBoom"),
        ("boom", "std::exception: a Boom"),
    ],
)
def test_thrown_in_an_extension_caught_in_a_shared_library(kind, caught):
    assert _catcher.catch_in_library(kind) == caught


@pytest.mark.parametrize(
    "kind, exc, message",
    [
        ("runtime_error", RuntimeError, "a runtime_error"),
        ("invalid_argument", ValueError, "an invalid_argument"),
        ("out_of_range", IndexError, "an out_of_range"),
        ("length_error", ValueError, "a length_error"),
        ("overflow_error", OverflowError, "an overflow_error"),
        ("bad_alloc", MemoryError, "std::bad_alloc"),
        ("boom", test_cxx.Boom, "a Boom"),
        ("inline", RuntimeError, "an InlineBoom"),
        ("key", RuntimeError, "a KeyBoom"),
        ("stop_iteration", StopIteration, "a stop_iteration"),
        ("value_error", ValueError, "a py::value_error"),
        ("int", RuntimeError, "Caught an unknown exception!"),
    ],
)
def test_translated_at_the_module_boundary(kind, exc, message):
    with pytest.raises(exc) as info:
        _thrower.throw(kind)
    assert type(info.value) is exc
    assert str(info.value) == message


@pytest.mark.parametrize(
    "kind, exc",
    [("out_of_range", IndexError), ("runtime_error", RuntimeError), ("boom", test_cxx.Boom)],
)
def test_translated_at_the_other_module_boundary(kind, exc):
    # Thrown by _thrower's code, through _catcher's frames, translated by
    # _catcher's pybind11 (Boom: the translator _thrower registered, which
    # pybind11 shares between modules).
    with pytest.raises(exc):
        _catcher.rethrow_from_other_module(kind)


def test_boom_is_a_python_exception_class():
    assert issubclass(test_cxx.Boom, RuntimeError)
    assert test_cxx.Boom.__module__ == "test_cxx._thrower"


def test_bad_alloc_is_memory_error_and_the_runtime_goes_on():
    with pytest.raises(MemoryError):
        _thrower.allocate(2**32 - 256)  # more than a wasm32 heap can hold
    assert _thrower.allocate(1 << 20) == (1 << 20)  # 1 + n - 1
    gc.collect()
    with pytest.raises(MemoryError):
        _thrower.allocate(2**32 - 256)
    assert _thrower.allocate(0) == 0


def test_python_exception_through_cpp_frames():
    assert _thrower.call_python(lambda x: x * 2, 5) == 11

    def fail(x):
        raise KeyError(f"from Python {x}")

    with pytest.raises(KeyError, match="from Python 3") as info:
        _thrower.call_python(fail, 3)
    # The traceback still reaches the Python function that raised.
    assert info.traceback[-1].name == "fail"


def test_many_exceptions_leave_no_state_behind():
    for i in range(2000):
        with pytest.raises(IndexError):
            _catcher.rethrow_from_other_module("out_of_range")
        assert _catcher.call_and_catch("inline")[2] == 42
    assert _thrower.catch_inside("key") == ("KeyBoom", "a KeyBoom", 0)
