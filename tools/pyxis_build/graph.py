"""The dependency graph of the recipes: build order (run and host
requirements first); cycles and missing dependencies are errors."""

from .common import RecipeError
from .recipe import Recipe

def build_order(recipes: dict[str, Recipe]) -> list[Recipe]:
    order, state = [], {}

    def visit(name, chain):
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise RecipeError(f"dependency cycle: {' -> '.join(chain + [name])}")
        state[name] = "visiting"
        for dep in sorted(set(recipes[name].run) | set(recipes[name].host)):
            visit(dep, chain + [name])
        state[name] = "done"
        order.append(recipes[name])

    for name in sorted(recipes):
        visit(name, [])
    return order

