"""The package build tool (tools/build-packages.py runs it): recipes
(packages/<name>/recipe.toml) into bundles and the lockfile.

One module a role:
  common   paths, the cache, errors, logging, commands, hashing, versions
  recipe   the recipe schema, its validation and the Recipe
  graph    the dependency graph: build order, cycles, missing dependencies
  sources  PyPI / Debian / path sources, sha256-pinned and cached, patched
  builder  one recipe: its cache key, then a builder per build type
  cross    the cross environment: target sysconfig, build Python, compiler
           wrappers, meson cross file
  buildenv pinned build-only wheels (requirements.build) for the build Python
  meson    the meson-python build
  setuptools_backend  setuptools builds (PEP 517 build_wheel)
  bundle   a package's bundle (.pyc, .dist-info) and dist/'s lockfile
  cli      the command
"""
