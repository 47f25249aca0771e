"""kiwisolver in pyxis (run inside the runtime by tests/packages): a small
constraint system solved, and the C++ exceptions it turns into Python ones."""

import kiwisolver as kiwi
import pytest


def test_solve_and_update():
    left, width, right = kiwi.Variable("left"), kiwi.Variable("width"), kiwi.Variable("right")
    s = kiwi.Solver()
    s.addConstraint(right == left + width)
    s.addConstraint(left >= 10)
    s.addConstraint((width == 100) | "strong")
    s.addEditVariable(right, "medium")
    s.suggestValue(right, 300)
    s.updateVariables()
    assert (left.value(), width.value(), right.value()) == (200, 100, 300)


def test_unsatisfiable_and_duplicate_raise():
    x = kiwi.Variable("x")
    s = kiwi.Solver()
    c = x >= 5
    s.addConstraint(c)
    with pytest.raises(kiwi.DuplicateConstraint):
        s.addConstraint(c)
    with pytest.raises(kiwi.UnsatisfiableConstraint):
        s.addConstraint(x <= 1)
    with pytest.raises(kiwi.UnknownConstraint):
        s.removeConstraint(x == 3)
    with pytest.raises(kiwi.UnknownEditVariable):
        s.suggestValue(x, 3)
    # The errors came from C++ exceptions; the solver still works (after a
    # reset: a refused constraint leaves it as it does natively).
    s.reset()
    s.addConstraint(x == 7)
    s.updateVariables()
    assert x.value() == 7
