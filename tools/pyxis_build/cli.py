"""The command: build every recipe in dependency order (one build at a time
per cache), then write dist/'s bundles and lockfile; --check only validates
the recipes; --only builds some recipes (and what they need) into the cache
and prints their folders, leaving dist/ alone."""

import argparse
import fcntl
import sys
from pathlib import Path

from .builder import Context
from .bundle import write_dist
from .common import CACHE, RECIPES, BuildError, RecipeError, common_sh, cpython_install, log
from .graph import build_order
from .recipe import load_recipes

DESCRIPTION = "Builds the package recipes into bundles and writes the lockfile."


def main() -> int:
    ap = argparse.ArgumentParser(description=DESCRIPTION)
    ap.add_argument("--dist", default=str(RECIPES.parent / "dist"), help="where the bundles and lockfile go")
    ap.add_argument("--check", action="store_true", help="only validate the recipes")
    ap.add_argument("--list", action="store_true",
                    help="validate the recipes and print them in build order, one a line")
    ap.add_argument("--recipes", default=str(RECIPES), help="the recipes folder (for --check, --list)")
    ap.add_argument("--only", nargs="+", metavar="NAME",
                    help="build only these recipes and their requirements (into the cache; dist/ untouched)")
    args = ap.parse_args()
    if Path(args.recipes).resolve() != RECIPES and not (args.check or args.list):
        ap.error("--recipes is for --check and --list only (built packages always come from packages/)")
    try:
        recipes = load_recipes(Path(args.recipes).resolve())
        order = build_order(recipes)
        if args.only:
            unknown = [n for n in args.only if n not in recipes]
            if unknown:
                raise RecipeError(f"--only: no recipe named {', '.join(unknown)}")
            needed = set()
            todo = list(args.only)
            while todo:
                name = todo.pop()
                if name not in needed:
                    needed.add(name)
                    todo.extend(recipes[name].run + recipes[name].host)
            order = [r for r in order if r.name in needed]
        if args.list:
            print("\n".join(r.name for r in order))
            return 0
        if args.check:
            log(f"{len(recipes)} recipes are valid")
            return 0
        inst = cpython_install()
        ctx = Context(recipes, inst, common_sh("toolchain_id"))
        # One build at a time per cache (as tools/common.sh's stage_lock):
        # another build waits, then finds the packages complete.
        (CACHE / "locks").mkdir(parents=True, exist_ok=True)
        with open(CACHE / "locks" / "packages.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            for r in order:
                ctx.build(r)
        if args.only:
            for name in args.only:
                print(ctx.outputs[name])
            return 0
        write_dist(ctx, order, Path(args.dist), inst)
    except (RecipeError, BuildError) as e:
        print(f"[pyxis] error: {e}", file=sys.stderr)
        return 1
    return 0
