"""test-shlib-user's own tests: run inside the runtime by tests/packages."""

import test_shlib_user


def test_add_counts_calls_in_the_library():
    before = test_shlib_user.calls()
    assert test_shlib_user.add(2, 3) == 5
    assert test_shlib_user.add(-7, 7) == 0
    assert test_shlib_user.calls() == before + 2


def test_the_library_calls_back_into_the_extension():
    assert test_shlib_user.iterate_triple(2, 4) == 2 * 3**4


def test_version_string_from_the_library_data():
    assert test_shlib_user.version() == "testshlib 1.0.0"
