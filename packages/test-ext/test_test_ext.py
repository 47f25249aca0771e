"""test-ext's own tests: run inside the runtime by tests/packages."""

import pytest

import test_ext
from test_ext import _caller, _core


def test_functions():
    assert test_ext.greet("wasm") == "hello, wasm"
    assert test_ext.weighted_sum([1, 2, 3]) == 1 + 4 + 9
    assert test_ext.weighted_sum([]) == 0


def test_exception():
    assert issubclass(test_ext.TestExtError, ValueError)
    with pytest.raises(test_ext.TestExtError, match="empty name"):
        test_ext.greet("")
    with pytest.raises(TypeError, match="wants a str"):
        test_ext.greet(3)


def test_type():
    acc = test_ext.Accumulator(5)
    assert acc.add(2) == 7
    assert acc.add(-10) == -3
    assert acc.total == -3
    assert repr(acc) == "Accumulator(-3)"

    class Sub(test_ext.Accumulator):
        pass

    assert Sub().add(1) == 1


def test_python_callback_through_a_c_function_pointer():
    assert test_ext.apply_twice(lambda x: x * 3, 2) == 18
    with pytest.raises(ZeroDivisionError):
        test_ext.apply_twice(lambda x: 1 // 0, 2)


def test_function_pointers_across_side_modules():
    # _caller calls _core's C functions through the capsule, and _core calls
    # _caller's callback.
    assert test_ext.call_through_capsule(4) == (40, 18)
    assert test_ext.sort_with_callback([3, 1, 2, 5]) == [5, 3, 2, 1]


def test_modules_are_side_modules_in_site_packages():
    for mod in (_core, _caller):
        import sys
        import sysconfig

        site = "/lib/python{}.{}/site-packages".format(*sys.version_info[:2])
        assert mod.__file__.startswith(f"{site}/test_ext/"), (mod.__file__, site)
        assert mod.__file__.endswith(sysconfig.get_config_var("EXT_SUFFIX"))


def test_patch_was_applied():
    assert test_ext.PATCHED is True
