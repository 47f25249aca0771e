"""The recipe schema: reading packages/<name>/recipe.toml, checking it
(unknown sections or keys, wrong types and inconsistent combinations are
errors naming the recipe and the key) and the Recipe it describes."""

import keyword
import os
import re
import tomllib
from pathlib import Path

from .common import RECIPES, ROOT, RecipeError

def _str(v):
    return isinstance(v, str) and v != ""


def _str_list(v):
    return isinstance(v, list) and all(_str(x) for x in v)


def _extension_list(v):
    return (
        isinstance(v, list)
        and v != []
        and all(
            isinstance(e, dict)
            and set(e) == {"module", "sources"}
            and _str(e["module"])
            and _str_list(e["sources"])
            and e["sources"] != []
            for e in v
        )
    )


# A build-only requirement: one pinned wheel, installed for the build Python.
BUILD_REQUIREMENT = re.compile(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!_-]+ --hash=sha256:[0-9a-f]{64}")
BUILD_TYPES = ("python", "pure", "meson", "setuptools", "shared_library", "static_library", "meson_library",
               "runtime_library", "headers", "stdlib")
# Types that make no bundle of their own: only other packages' builds use them.
HOST_ONLY_TYPES = ("static_library", "meson_library", "runtime_library", "headers")
# The runtime's own C libraries (cpython/build-libs.sh) a runtime_library
# recipe can stand for: linked into the runtime, their symbols exported.
RUNTIME_LIBRARIES = ("zlib",)


def _config_settings(v):
    return isinstance(v, dict) and all(_str(k) and (_str(x) or _str_list(x)) for k, x in v.items())

# section -> key -> (check, description, required)
SCHEMA = {
    "package": {
        "name": (_str, "a string", True),
        "version": (_str, "a string", True),
        "imports": (_str_list, "a list of strings", True),
    },
    "source": {
        "path": (_str, "a path relative to the recipe folder", False),
        "pypi": (_str, "a pinned requirement (name==version)", False),
        "format": (lambda v: v in ("wheel", "sdist"), '"wheel" or "sdist"', False),
        "debian": (_str, "a source package (name=version)", False),
        "file": (_str, "the file name to take from the Debian source package", False),
        "sha256": (lambda v: isinstance(v, str) and re.fullmatch("[0-9a-f]{64}", v), "64 hex digits", False),
        "patches": (_str_list, "a list of patch files relative to the recipe folder", False),
    },
    "build": {
        "type": (lambda v: v in BUILD_TYPES, " | ".join(BUILD_TYPES), True),
        "extensions": (_extension_list, "a list of {module, sources} tables", False),
        "sources": (_str_list, "a list of C and C++ files", False),
        "library": (_str, "the library's file name", False),
        "include": (_str_list, "a list of folders", False),
        "python_root": (_str, "a folder in the source", False),
        "cflags": (_str_list, "a list of strings", False),
        "cxxflags": (_str_list, "a list of strings (C++ sources only, after cflags)", False),
        "ldflags": (_str_list, "a list of strings", False),
        "exports": (_str_list, "a list of symbol names", False),
        "meson": (_str, "the meson.py to run, a path in the source (default: the toolchain's meson)", False),
        "options": (lambda v: _str_list(v) and all(x.startswith("-D") for x in v),
                    "a list of -Dname=value meson options", False),
        "install_tags": (_str_list, "a list of meson install tags", False),
        "keep_source": (_str_list, "a list of glob patterns of .py files shipped as source (e.g. tests)", False),
        "tests": (_str_list, "a list of glob patterns of installed files (relative to site-packages; * also "
                             "matches /) that go into the <name>-tests bundle instead", False),
        "exclude": (_str_list, "a list of glob patterns of installed files (as for tests) left out of the "
                               "bundles: not used at run time (type stubs, C headers, examples)", False),
        "extensions_built": (_str_list, "a list of extension modules the build must have compiled "
                                        "(a setup.py may fall back to pure Python)", False),
        "host_include": (_str, "a folder of the installed package holding the headers that builds against "
                               "it use (what the bundle has there plus meson's devel tag)", False),
        "pkgconfig": (lambda v: _str(v) and re.fullmatch(r"[A-Za-z0-9_.+-]+", v),
                      "the pkg-config name the library is found by (a .pc file is written)", False),
        "runtime": (lambda v: v in RUNTIME_LIBRARIES, " | ".join(RUNTIME_LIBRARIES), False),
        "config_settings": (_config_settings, "a table of PEP 517 config settings (strings or lists)", False),
    },
    "requirements": {
        "run": (_str_list, "a list of package names", False),
        "host": (_str_list, "a list of package names", False),
        "build": (lambda v: _str_list(v) and all(BUILD_REQUIREMENT.fullmatch(x) for x in v),
                  'a list of "name==version --hash=sha256:<64 hex>" (wheels for the build Python)', False),
    },
    "test": {
        "imports": (_str_list, "a list of module names", False),
        "files": (_str_list, "a list of test files relative to the recipe folder", False),
    },
}
REQUIRED_SECTIONS = ("package", "build")
C_KEYS = ("extensions", "sources", "library", "include", "cflags", "cxxflags", "ldflags", "exports")
ALLOWED_BY_TYPE = {
    "pure": {"type", "python_root", "keep_source", "tests", "exclude"},
    "python": {"type", "extensions", "python_root", "cflags", "cxxflags", "ldflags", "keep_source", "tests",
               "exclude"},
    "meson": {"type", "meson", "options", "install_tags", "cflags", "ldflags", "keep_source", "tests", "exclude",
              "host_include"},
    "setuptools": {"type", "cflags", "ldflags", "keep_source", "tests", "exclude", "extensions_built",
                   "config_settings"},
    "shared_library": {"type", "sources", "library", "include", "cflags", "cxxflags", "ldflags", "exports"},
    "static_library": {"type", "sources", "library", "include", "cflags", "cxxflags", "pkgconfig"},
    "meson_library": {"type", "options", "cflags"},
    "runtime_library": {"type", "runtime", "library", "pkgconfig"},
    "headers": {"type", "include", "pkgconfig"},
    "stdlib": {"type", "exclude", "extensions", "cflags"},
}
# Types whose files come from the runtime itself, not from a [source]: the
# runtime's C library (runtime_library) or the Lib/ folder of its CPython
# source tarball (stdlib). Their package.version is "runtime".
RUNTIME_TYPES = ("runtime_library", "stdlib")


def canonical_name(name: str) -> str:
    """PEP 503 normalisation, as Pyodide applies to package names."""
    return re.sub(r"[-_.]+", "-", name).lower()


class Recipe:
    def __init__(self, folder: Path, data: dict):
        self.folder = folder
        self.data = data
        pkg, build = data["package"], data["build"]
        self.name = pkg["name"]
        self.version = pkg["version"]
        self.imports = pkg["imports"]
        self.source = data.get("source", {})
        self.build = build
        self.type = build["type"]
        req = data.get("requirements", {})
        self.run = req.get("run", [])
        self.host = req.get("host", [])
        self.build_requirements = req.get("build", [])
        self.test = data.get("test", {})

    @property
    def has_bundle(self) -> bool:
        return self.type not in HOST_ONLY_TYPES

    def path_source(self) -> Path | None:
        if "path" not in self.source:
            return None
        return (self.folder / self.source["path"]).resolve()


def validate(folder: Path, data: dict) -> Recipe:
    """Check one recipe against SCHEMA and the rules between keys; collect
    every problem and raise them together."""
    where = os.path.relpath(folder / "recipe.toml", ROOT)
    errors = []
    for section, value in data.items():
        if section not in SCHEMA:
            errors.append(f"unknown section [{section}] (allowed: {', '.join(SCHEMA)})")
            continue
        if not isinstance(value, dict):
            errors.append(f"[{section}] must be a table")
            continue
        for key, v in value.items():
            if key not in SCHEMA[section]:
                errors.append(f"unknown key {section}.{key} (allowed: {', '.join(SCHEMA[section])})")
            elif not SCHEMA[section][key][0](v):
                errors.append(f"{section}.{key} must be {SCHEMA[section][key][1]}, not {v!r}")
        for key, (_, desc, required) in SCHEMA[section].items():
            if required and key not in value:
                errors.append(f"{section}.{key} is required ({desc})")
    for section in REQUIRED_SECTIONS:
        if section not in data:
            errors.append(f"section [{section}] is required")
    if errors:
        raise RecipeError(f"{where}:\n  " + "\n  ".join(errors))

    pkg, src, build = data["package"], data.get("source", {}), data["build"]
    if build["type"] in RUNTIME_TYPES:
        # A stdlib part may patch its files (patches relative to Lib/).
        allowed = {"patches"} if build["type"] == "stdlib" else set()
        if set(src) - allowed:
            errors.append(f"source.{sorted(set(src) - allowed)[0]} does not apply to a {build['type']} "
                          "(the runtime's own files are used)")
        if pkg["version"] != "runtime":
            errors.append(f'package.version must be "runtime" for a {build["type"]} (the runtime\'s version)')
    if build["type"] == "runtime_library":
        for key in ("runtime", "library", "pkgconfig"):
            if key not in build:
                errors.append(f"build.{key} is required for type 'runtime_library'")
    if build["type"] == "stdlib" and not pkg["imports"]:
        errors.append("package.imports names the folders and modules to take from CPython's Lib/; it is empty")
    if pkg["name"] != folder.name:
        errors.append(f"package.name {pkg['name']!r} must equal the folder name {folder.name!r}")
    if canonical_name(pkg["name"]) != pkg["name"]:
        errors.append(f"package.name must be lower case with dashes ({canonical_name(pkg['name'])!r})")
    for imp in pkg["imports"]:
        if not imp.isidentifier() or keyword.iskeyword(imp):
            errors.append(f"package.imports: {imp!r} is not a top-level module name")
    kinds = [k for k in ("path", "pypi", "debian") if k in src]
    if build["type"] in RUNTIME_TYPES:
        pass
    elif len(kinds) != 1:
        errors.append(f"[source] needs exactly one of path, pypi, debian (has {kinds or 'none'})")
    elif kinds[0] == "path":
        for k in ("sha256", "format", "file"):
            if k in src:
                errors.append(f"source.{k} does not apply to a path source (its files are hashed)")
        p = (folder / src["path"]).resolve()
        if not p.is_dir():
            errors.append(f"source.path {src['path']!r} is not a folder")
        elif not p.is_relative_to(ROOT):
            errors.append(f"source.path {src['path']!r} is outside the repository")
    else:
        if "sha256" not in src:
            errors.append(f"source.sha256 is required for a {kinds[0]} source")
        if kinds[0] == "pypi":
            if not re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!_-]+", src["pypi"]):
                errors.append(f"source.pypi must be pinned as name==version, not {src['pypi']!r}")
            if "file" in src:
                errors.append("source.file applies to a debian source only")
            if src.get("format", "wheel") == "wheel" and "patches" in src:
                errors.append("source.patches cannot apply to a wheel (use format = \"sdist\")")
        if kinds[0] == "debian":
            if not re.fullmatch(r"[a-z0-9.+-]+=[A-Za-z0-9.+:~-]+", src["debian"]):
                errors.append(f"source.debian must be name=version, not {src['debian']!r}")
            if "file" not in src:
                errors.append("source.file (which file of the source package) is required for debian")
            if "format" in src:
                errors.append("source.format applies to a pypi source only")
    for patch in src.get("patches", []):
        if not (folder / patch).is_file():
            errors.append(f"source.patches: {patch!r} does not exist")

    btype = build["type"]
    for key in build:
        if key not in ALLOWED_BY_TYPE[btype]:
            errors.append(f"build.{key} does not apply to type {btype!r}")
    if btype in ("shared_library", "static_library"):
        for key in ("sources", "library"):
            if key not in build:
                errors.append(f"build.{key} is required for type {btype!r}")
        suffix = ".so" if btype == "shared_library" else ".a"
        lib = build.get("library", "")
        if lib and not re.fullmatch(r"lib[A-Za-z0-9_+-]+" + re.escape(suffix), lib):
            errors.append(f"build.library must look like lib<name>{suffix}, not {lib!r}")
        if pkg["imports"]:
            errors.append(f"package.imports must be empty for a {btype} (nothing to import)")
    if btype == "headers":
        if "include" not in build:
            errors.append('build.include is required for type "headers"')
        if pkg["imports"]:
            errors.append('package.imports must be empty for a headers package (nothing to import)')
    if btype == "python" and "extensions" not in build:
        errors.append('build.extensions is required for type "python" (else use "pure")')
    if btype == "pure" and "pypi" not in src and not pkg["imports"]:
        errors.append("package.imports names the modules to take from the source; it is empty")
    if btype in ("meson", "setuptools") and "debian" in src:
        errors.append(f"a {btype} build needs a pypi sdist or a path source")
    if "pypi" in src and src.get("format", "wheel") == "wheel" and btype not in ("pure", "headers"):
        errors.append("a wheel can only be used as it is by a pure or headers package")
    for ext in build.get("extensions", []):
        if not all(part.isidentifier() for part in ext["module"].split(".")):
            errors.append(f"build.extensions: {ext['module']!r} is not a module name")
        elif ext["module"].split(".")[0] not in pkg["imports"]:
            errors.append(f"build.extensions: {ext['module']!r} is not under package.imports")

    test = data.get("test", {})
    for f in test.get("files", []):
        if not re.fullmatch(r"test_[A-Za-z0-9_]+\.py", Path(f).name):
            errors.append(f"test.files: {f!r} must be named test_*.py")
        elif not (folder / f).is_file():
            errors.append(f"test.files: {f!r} does not exist")
    if errors:
        raise RecipeError(f"{where}:\n  " + "\n  ".join(errors))
    return Recipe(folder, data)


def load_recipes(recipes_dir: Path = RECIPES) -> dict[str, Recipe]:
    recipes = {}
    errors = []
    for folder in sorted(p for p in recipes_dir.iterdir() if p.is_dir()):
        path = folder / "recipe.toml"
        if not path.is_file():
            errors.append(f"{os.path.relpath(path, ROOT)}: missing (one recipe per folder)")
            continue
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
            recipes[folder.name] = validate(folder, data)
        except tomllib.TOMLDecodeError as e:
            errors.append(f"{os.path.relpath(path, ROOT)}: not valid TOML: {e}")
        except RecipeError as e:
            errors.append(str(e))
    if errors:
        raise RecipeError("\n".join(errors))

    # Rules between recipes.
    providers = {}
    for r in recipes.values():
        for dep in r.run:
            if dep not in recipes:
                errors.append(f"{r.name}: requirements.run names an unknown package {dep!r}")
            elif not recipes[dep].has_bundle:
                errors.append(f"{r.name}: requirements.run: {dep!r} is a {recipes[dep].type} (use host)")
        for dep in r.host:
            if dep not in recipes:
                errors.append(f"{r.name}: requirements.host names an unknown package {dep!r}")
            elif recipes[dep].type not in ("shared_library", *HOST_ONLY_TYPES) \
                    and "host_include" not in recipes[dep].build:
                errors.append(f"{r.name}: requirements.host: {dep!r} is not a library, headers "
                              "or a package with build.host_include")
            elif recipes[dep].has_bundle and dep not in r.run:
                errors.append(
                    f"{r.name}: builds against the {recipes[dep].type} package {dep!r}, so it must be in "
                    "requirements.run too"
                )
        if r.host and r.type not in ("python", "shared_library", "static_library", "meson_library", "meson",
                                     "setuptools"):
            errors.append(f"{r.name}: requirements.host needs C code to link (type {r.type!r})")
        if "tests" in r.build and f"{r.name}-tests" in recipes:
            errors.append(f"{r.name}: build.tests makes a {r.name}-tests bundle, but that is a recipe's name")
        for imp in r.imports:
            if imp in providers:
                errors.append(f"import name {imp!r} is provided by both {providers[imp]} and {r.name}")
            providers[imp] = r.name
    if errors:
        raise RecipeError("\n".join(errors))
    return recipes

