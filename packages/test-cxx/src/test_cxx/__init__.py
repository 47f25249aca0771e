"""test-cxx: C++ exceptions across the runtime's modules (see recipe.toml)."""

from ._catcher import call_and_catch, rethrow_from_other_module
from ._thrower import (
    Boom,
    allocate,
    call_python,
    catch_inside,
    make_thrower,
    throw,
)

__all__ = [
    "Boom",
    "allocate",
    "call_and_catch",
    "call_python",
    "catch_inside",
    "make_thrower",
    "rethrow_from_other_module",
    "throw",
]
