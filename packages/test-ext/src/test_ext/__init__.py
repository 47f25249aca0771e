"""test_ext: a C-extension test package for pyxis (packages/test-ext).

The C parts live in two side modules: ``_core`` (functions, a type, an
exception, and a capsule of C function pointers) and ``_caller`` (calls
through that capsule, and passes its own C callback to ``_core``).
"""

from ._core import Accumulator, TestExtError, apply_twice, greet, weighted_sum
from ._caller import call_through_capsule, sort_with_callback

__all__ = [
    "Accumulator",
    "TestExtError",
    "apply_twice",
    "call_through_capsule",
    "greet",
    "sort_with_callback",
    "weighted_sum",
]
