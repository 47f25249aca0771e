#!/usr/bin/env python3
"""Builds the package recipes (packages/<name>/recipe.toml) into bundles and
writes the lockfile (pyodide-lock.json, Pyodide's field names).

Run inside the toolchain with the build Python (the runtime's version,
so .pyc files match):
    tools/in-toolchain python$PYTHON_VERSION tools/build-packages.py [--dist DIR] [--list]

A recipe is data, checked against SCHEMA below (unknown keys are errors). Each
recipe is built in dependency order into $PYXIS_CACHE/packages/<name>-<key>,
where the key hashes everything that goes in (the recipe folder, its source,
this tool, the CPython install, the toolchain, the keys of its host
requirements), so an unchanged recipe is never rebuilt. The bundles (one zip
per package, Python files precompiled to .pyc, C extensions as emscripten
side modules) are then copied to DIST with the lockfile, and
build/package-tests.json lists each package's own tests for the Jest suite.
"""

import argparse
import base64
import fcntl
import fnmatch
import hashlib
import importlib.util
import json
import keyword
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECIPES = ROOT / "packages"
CACHE = Path(os.environ.get("PYXIS_CACHE", Path.home() / ".cache" / "pyxis"))
sys.path.insert(0, str(ROOT / "tools"))
from config import CONFIG  # noqa: E402 - tools/config.env, the shared facts

SITE = CONFIG["SITE_PACKAGES"]
PY_DIR = f"python{CONFIG['PYTHON_VERSION']}"  # lib/ and include/ folder names
# Added to meson-built side modules: i64 as BigInt, as the runtime is linked.
SIDE_MODULE_LDFLAGS = ["-sWASM_BIGINT=1"]
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


class RecipeError(Exception):
    """A recipe (or the set of recipes) is invalid; the message says where."""


class BuildError(Exception):
    """Building a package failed; the message says which and why."""


def log(msg: str) -> None:
    print(f"[pyxis] {msg}", file=sys.stderr, flush=True)


# The stdlib packer's .pyc writer, shared (not copied).
_spec = importlib.util.spec_from_file_location("pack_stdlib", ROOT / "tools" / "pack-stdlib.py")
pack_stdlib = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pack_stdlib)


# ---------------------------------------------------------------------------
# The recipe schema

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


BUILD_TYPES = ("python", "pure", "meson", "shared_library", "static_library")

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
        "sources": (_str_list, "a list of C files", False),
        "library": (_str, "the library's file name", False),
        "include": (_str_list, "a list of folders", False),
        "python_root": (_str, "a folder in the source", False),
        "cflags": (_str_list, "a list of strings", False),
        "ldflags": (_str_list, "a list of strings", False),
        "exports": (_str_list, "a list of symbol names", False),
        "meson": (_str, "the meson.py to run, a path in the source (default: the toolchain's meson)", False),
        "options": (lambda v: _str_list(v) and all(x.startswith("-D") for x in v),
                    "a list of -Dname=value meson options", False),
        "install_tags": (_str_list, "a list of meson install tags", False),
        "keep_source": (_str_list, "a list of glob patterns of .py files shipped as source (e.g. tests)", False),
    },
    "requirements": {
        "run": (_str_list, "a list of package names", False),
        "host": (_str_list, "a list of package names", False),
    },
    "test": {
        "imports": (_str_list, "a list of module names", False),
        "files": (_str_list, "a list of test files relative to the recipe folder", False),
    },
}
REQUIRED_SECTIONS = ("package", "source", "build")
C_KEYS = ("extensions", "sources", "library", "include", "cflags", "ldflags", "exports")
ALLOWED_BY_TYPE = {
    "pure": {"type", "python_root", "keep_source"},
    "python": {"type", "extensions", "python_root", "cflags", "ldflags", "keep_source"},
    "meson": {"type", "meson", "options", "install_tags", "cflags", "ldflags", "keep_source"},
    "shared_library": {"type", "sources", "library", "include", "cflags", "ldflags", "exports"},
    "static_library": {"type", "sources", "library", "include", "cflags"},
}


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
        self.source = data["source"]
        self.build = build
        self.type = build["type"]
        req = data.get("requirements", {})
        self.run = req.get("run", [])
        self.host = req.get("host", [])
        self.test = data.get("test", {})

    @property
    def has_bundle(self) -> bool:
        return self.type != "static_library"

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

    pkg, src, build = data["package"], data["source"], data["build"]
    if pkg["name"] != folder.name:
        errors.append(f"package.name {pkg['name']!r} must equal the folder name {folder.name!r}")
    if canonical_name(pkg["name"]) != pkg["name"]:
        errors.append(f"package.name must be lower case with dashes ({canonical_name(pkg['name'])!r})")
    for imp in pkg["imports"]:
        if not imp.isidentifier() or keyword.iskeyword(imp):
            errors.append(f"package.imports: {imp!r} is not a top-level module name")
    kinds = [k for k in ("path", "pypi", "debian") if k in src]
    if len(kinds) != 1:
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
    if btype == "python" and "extensions" not in build:
        errors.append('build.extensions is required for type "python" (else use "pure")')
    if btype == "pure" and "pypi" not in src and not pkg["imports"]:
        errors.append("package.imports names the modules to take from the source; it is empty")
    if btype == "meson" and "debian" in src:
        errors.append("a meson build needs a pypi sdist or a path source")
    if "pypi" in src and src.get("format", "wheel") == "wheel" and btype != "pure":
        errors.append("a wheel can only be used as it is by a pure package")
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
                errors.append(f"{r.name}: requirements.run: {dep!r} is a static library (use host)")
        for dep in r.host:
            if dep not in recipes:
                errors.append(f"{r.name}: requirements.host names an unknown package {dep!r}")
            elif recipes[dep].type not in ("shared_library", "static_library"):
                errors.append(f"{r.name}: requirements.host: {dep!r} is not a library")
            elif recipes[dep].type == "shared_library" and dep not in r.run:
                errors.append(
                    f"{r.name}: links to the shared library {dep!r}, so it must be in requirements.run too"
                )
        if r.host and r.type not in ("python", "shared_library"):
            errors.append(f"{r.name}: requirements.host needs C code to link (type {r.type!r})")
        for imp in r.imports:
            if imp in providers:
                errors.append(f"import name {imp!r} is provided by both {providers[imp]} and {r.name}")
            providers[imp] = r.name
    if errors:
        raise RecipeError("\n".join(errors))
    return recipes


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


# ---------------------------------------------------------------------------
# Helpers

def run(cmd: list, cwd=None, what: str = "") -> None:
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        command = " ".join(map(str, cmd))
        raise BuildError(f"{what or cmd[0]} failed (exit {r.returncode}): {command}\n{r.stdout[-4000:]}")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def hash_tree(h, base: Path) -> None:
    for p in sorted(base.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            h.update(f"file:{p.relative_to(base).as_posix()}\n".encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())


def common_sh(fn: str) -> str:
    """The value of a tools/common.sh (or build script) helper: one definition."""
    script = f'. "{ROOT}/tools/common.sh" && {fn}'
    r = subprocess.run(["bash", "-c", script], stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise BuildError(f"{fn} failed (exit {r.returncode})")
    return r.stdout.strip()


def cpython_install() -> Path:
    r = subprocess.run([str(ROOT / "cpython" / "build-python.sh")], stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise BuildError("cpython/build-python.sh failed")
    return Path(r.stdout.strip().splitlines()[-1])


def abi_version() -> str:
    """The ABI version (tools/config.env; the loader gets it from js/config.mjs)."""
    return CONFIG["ABI_VERSION"]


# ---------------------------------------------------------------------------
# Sources

def fetch_pypi(r: Recipe) -> Path:
    """The sdist or wheel, content-addressed in $PYXIS_CACHE/sources/<sha256>/."""
    sha = r.source["sha256"]
    folder = CACHE / "sources" / sha
    found = [p for p in folder.glob("*") if p.is_file()] if folder.is_dir() else []
    if found:
        return found[0]
    fmt = r.source.get("format", "wheel")
    if fmt == "sdist":
        return fetch_pypi_sdist(r)
    log(f"{r.name}: pip download {r.source['pypi']} ({fmt})")
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "requirements.txt"
        req.write_text(f"{r.source['pypi']} --hash=sha256:{sha}\n")
        binary = ["--only-binary=:all:"] if fmt == "wheel" else ["--no-binary=:all:"]
        out = Path(tmp) / "out"
        run([sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes", *binary,
             "-r", str(req), "-d", str(out)], what=f"{r.name}: pip download")
        files = list(out.iterdir())
        if len(files) != 1:
            raise BuildError(f"{r.name}: pip download gave {len(files)} files: {files}")
        return store_source(r, files[0])


def pip_index_url() -> str:
    """The index `pip download` would use, asked of pip at run time (no index
    address is written in this tree): PIP_INDEX_URL, else index-url from pip's
    config files ([download] before [global]), else pip's built-in default."""
    r = subprocess.run([sys.executable, "-m", "pip", "config", "list"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    found = {}
    for line in r.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.endswith(".index-url"):
            found[key[: -len(".index-url")]] = value.strip().strip("'\"")
    for scope in (":env:", "download", "global"):
        if found.get(scope):
            return found[scope]
    r = subprocess.run([sys.executable, "-c", "from pip._internal.models.index import PyPI; print(PyPI.simple_url)"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0 or not r.stdout.strip():
        raise BuildError(f"cannot ask pip for its package index: {r.stderr.strip()[-500:]}")
    return r.stdout.strip()


def fetch_pypi_sdist(r: Recipe) -> Path:
    """An sdist, found in PyPI's simple index (PEP 691 JSON, what pip reads)
    by its pinned sha256. Not `pip download`: for an sdist pip runs the
    package's build backend to read its metadata, which for a compiled package
    (meson, numpy) means configuring a native build."""
    import ssl
    import urllib.request

    name, version = r.source["pypi"].split("==")
    sha = r.source["sha256"]
    index = pip_index_url().rstrip("/")
    cafile = os.environ.get("PIP_CERT")
    ctx = ssl.create_default_context(cafile=cafile) if cafile else ssl.create_default_context()
    url = f"{index}/{canonical_name(name)}/"
    log(f"{r.name}: looking up the sdist of {name} {version} in {url}")
    req = urllib.request.Request(url, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=60) as f:
            files = json.load(f)["files"]
    except (OSError, ValueError, KeyError) as e:
        raise BuildError(f"{r.name}: cannot read the package index {url}: {e}")
    stem = f"{name.replace('-', '_')}-{version}".lower()
    sdists = [f for f in files if f["filename"].lower() in (stem + ".tar.gz", stem + ".zip")]
    match = [f for f in sdists if f.get("hashes", {}).get("sha256") == sha]
    if not match:
        got = ", ".join(f"{f['filename']} sha256={f.get('hashes', {}).get('sha256')}" for f in sdists)
        raise BuildError(f"{r.name}: no sdist of {name} {version} with sha256 {sha} (index has: {got or 'none'})")
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / match[0]["filename"]
        try:
            with urllib.request.urlopen(match[0]["url"], context=ctx, timeout=300) as f, open(dest, "wb") as out:
                shutil.copyfileobj(f, out)
        except OSError as e:
            raise BuildError(f"{r.name}: downloading {match[0]['url']} failed: {e}")
        return store_source(r, dest)


def fetch_debian(r: Recipe) -> Path:
    sha = r.source["sha256"]
    folder = CACHE / "sources" / sha
    if (folder / r.source["file"]).is_file():
        return folder / r.source["file"]
    log(f"{r.name}: apt-get source --download-only {r.source['debian']}")
    with tempfile.TemporaryDirectory() as tmp:
        run(["apt-get", "update", "-qq"], what="apt-get update")
        run(["apt-get", "source", "--download-only", "-qq", r.source["debian"]], cwd=tmp,
            what=f"{r.name}: apt-get source")
        path = Path(tmp) / r.source["file"]
        if not path.is_file():
            raise BuildError(f"{r.name}: the source package has no {r.source['file']} "
                             f"(it has: {', '.join(sorted(os.listdir(tmp)))})")
        return store_source(r, path)


def store_source(r: Recipe, path: Path) -> Path:
    got, want = sha256_file(path), r.source["sha256"]
    if got != want:
        raise BuildError(f"{r.name}: sha256 mismatch for {path.name}: expected {want}, got {got}")
    folder = CACHE / "sources" / want
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / path.name
    shutil.copyfile(path, dest.with_suffix(dest.suffix + ".tmp"))
    os.replace(dest.with_suffix(dest.suffix + ".tmp"), dest)
    return dest


def unpack_archive(archive: Path, dest: Path) -> Path:
    """Unpack a tarball or sdist; return its single top folder (or dest)."""
    dest.mkdir(parents=True)
    shutil.unpack_archive(str(archive), str(dest), filter="data")
    entries = list(dest.iterdir())
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else dest


def prepare_source(r: Recipe, work: Path) -> Path:
    """A fresh, patched copy of the recipe's source tree in work/src."""
    src = work / "src"
    if "path" in r.source:
        shutil.copytree(r.path_source(), src, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    elif "pypi" in r.source:
        archive = fetch_pypi(r)
        if archive.suffix == ".whl":
            src.mkdir()
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(src)
        else:
            src = unpack_archive(archive, src)
    else:
        src = unpack_archive(fetch_debian(r), src)
    for patch in r.source.get("patches", []):
        log(f"{r.name}: applying {patch}")
        with open(r.folder / patch, "rb") as f:
            p = subprocess.run(["patch", "-p1", "--forward", "--quiet"], cwd=src, stdin=f,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            raise BuildError(f"{r.name}: patch {patch} does not apply:\n{p.stdout.decode()[-2000:]}")
    return src


# ---------------------------------------------------------------------------
# Building

class Context:
    def __init__(self, recipes, inst: Path, toolchain: str):
        self.recipes = recipes
        self.inst = inst
        self.toolchain = toolchain
        self.outputs: dict[str, Path] = {}  # name -> cache folder (complete)
        self.keys: dict[str, str] = {}
        sysconfig = next((inst / "lib" / PY_DIR).glob("_sysconfigdata_*.py"))
        m = re.search(r"'EXT_SUFFIX': '([^']+)'", sysconfig.read_text())
        if not m:
            raise BuildError(f"no EXT_SUFFIX in {sysconfig}")
        self.ext_suffix = m.group(1)

    def key(self, r: Recipe) -> str:
        h = hashlib.sha256()
        h.update(b"recipe\n")
        hash_tree(h, r.folder)
        if r.path_source() and not r.path_source().is_relative_to(r.folder):
            h.update(b"path source\n")
            hash_tree(h, r.path_source())
        h.update(f"source sha256:{r.source.get('sha256', '')}\n".encode())
        for tool in ("tools/build-packages.py", "tools/pack-stdlib.py"):
            h.update(f"{tool}\n".encode() + (ROOT / tool).read_bytes())
        h.update(f"cpython:{self.inst}\ntoolchain:{self.toolchain}\n".encode())
        for dep in sorted(r.host):
            h.update(f"host {dep}:{self.keys[dep]}\n".encode())
        return h.hexdigest()[:16]

    def host_flags(self, r: Recipe):
        cflags, libs = [], []
        for dep in r.host:
            out, d = self.outputs[dep], self.recipes[dep]
            cflags.append(f"-I{out / 'include'}")
            libs.append(str(out / "lib" / d.build["library"]))
        return cflags, libs

    def compile(self, r: Recipe, src: Path, sources: list[str], objdir: Path, extra: list[str]) -> list[str]:
        objdir.mkdir(parents=True, exist_ok=True)
        host_cflags, _ = self.host_flags(r)
        own_includes = [f"-I{src / d}" for d in r.build.get("include", [])]
        objs = []
        for i, c in enumerate(sources):
            path = src / c
            if not path.is_file():
                raise BuildError(f"{r.name}: source file {c!r} is not in the source tree")
            obj = objdir / f"{i}-{Path(c).stem}.o"
            run(["emcc", "-fPIC", *r.build.get("cflags", []), *extra, *own_includes, *host_cflags,
                 f"-I{path.parent}", f"-I{src}", "-c", str(path), "-o", str(obj)],
                what=f"{r.name}: compiling {c}")
            objs.append(str(obj))
        return objs

    def build(self, r: Recipe) -> Path:
        key = self.key(r)
        self.keys[r.name] = key
        out = CACHE / "packages" / f"{r.name}-{key}"
        if (out / ".complete").is_file():
            self.outputs[r.name] = out
            return out
        log(f"building {r.name} {r.version} ({r.type}, cache key {key})")
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        with tempfile.TemporaryDirectory(prefix=f"pyxis-{r.name}-") as tmp:
            work = Path(tmp)
            src = prepare_source(r, work)
            stage = work / "stage"  # the bundle's contents
            stage.mkdir()
            if r.type in ("pure", "python"):
                self.stage_python(r, src, stage)
            if r.type == "python":
                self.build_extensions(r, src, work, stage)
            if r.type == "meson":
                self.build_meson(r, src, work, stage, out)
            if r.type in ("shared_library", "static_library"):
                self.build_library(r, src, work, stage, out)
            if r.has_bundle:
                self.write_bundle(r, stage, out)
        (out / ".complete").touch()
        self.outputs[r.name] = out
        return out

    def stage_python(self, r: Recipe, src: Path, stage: Path) -> None:
        root = src / r.build.get("python_root", ".")
        if "pypi" in r.source and r.source.get("format", "wheel") == "wheel":
            shutil.copytree(root, stage, dirs_exist_ok=True)
            return
        extension_tops = {e["module"] for e in r.build.get("extensions", []) if "." not in e["module"]}
        for imp in r.imports:
            if (root / imp).is_dir():
                shutil.copytree(root / imp, stage / imp, ignore=shutil.ignore_patterns("*.c", "*.h"))
            elif (root / f"{imp}.py").is_file():
                shutil.copy(root / f"{imp}.py", stage / f"{imp}.py")
            elif imp not in extension_tops:
                raise BuildError(f"{r.name}: import {imp!r} is neither {imp}/ nor {imp}.py in the source")

    def build_extensions(self, r: Recipe, src: Path, work: Path, stage: Path) -> None:
        inc = self.inst / "include" / PY_DIR
        _, host_libs = self.host_flags(r)
        for ext in r.build["extensions"]:
            objs = self.compile(r, src, ext["sources"], work / "obj" / ext["module"], [f"-I{inc}"])
            parts = ext["module"].split(".")
            dest = stage.joinpath(*parts[:-1]) / (parts[-1] + self.ext_suffix)
            dest.parent.mkdir(parents=True, exist_ok=True)
            run(["emcc", "-sSIDE_MODULE=1", *r.build.get("ldflags", []), *objs, *host_libs,
                 "-o", str(dest)], what=f"{r.name}: linking {ext['module']}")

    def meson_cross(self, r: Recipe, work: Path) -> Path:
        """An emscripten cross file for meson, with what it points at: a
        sysconfig that describes the wasm target (EXT_SUFFIX, our CPython's
        headers), the build Python reading it, and compiler wrappers that
        make `-shared` links (Python extensions) side modules."""
        tools = work / "meson-tools"
        tools.mkdir()
        inc = self.inst / "include" / PY_DIR
        sysconfig = next((self.inst / "lib" / PY_DIR).glob("_sysconfigdata_*.py"))
        (tools / sysconfig.name).write_text(
            sysconfig.read_text() + f"\nbuild_time_vars['INCLUDEPY'] = {str(inc)!r}\n")
        python = tools / "python-wasm"
        python.write_text(
            "#!/bin/sh\n# The build Python, describing the wasm target to meson (its sysconfig).\n"
            f"_PYTHON_SYSCONFIGDATA_NAME={sysconfig.stem} PYTHONPATH={tools} exec {sys.executable} \"$@\"\n")
        pic = Path(common_sh("em-config CACHE")) / "sysroot" / "lib" / "wasm32-emscripten" / "pic"
        side = ["-sSIDE_MODULE=1", *SIDE_MODULE_LDFLAGS, *r.build.get("ldflags", [])]
        # C++ extensions get libc++/libc++abi (no exceptions, PIC) linked in:
        # the runtime (a C main module) does not export them.
        cxx_side = side + [str(pic / "libc++-noexcept.a"), str(pic / "libc++abi-noexcept.a")]
        for name, compiler, extra in (("cc", "emcc", side), ("cxx", "em++", cxx_side)):
            flags = " ".join(f"'{a}'" for a in extra)
            # emcc links side modules' archives whole (--whole-archive): the
            # leading --no-whole-archive makes archives (the package's own
            # static libraries, libc++) contribute only the members used.
            (tools / name).write_text(
                "#!/bin/sh\n# meson links Python extension modules with -shared: make those\n"
                "# emscripten side modules; anything else (meson's checks, which must\n"
                "# see what really links) links as a normal program.\n"
                f'for a in "$@"; do [ "$a" = -shared ] && exec {compiler} -Wl,--no-whole-archive "$@" {flags}; done\n'
                f'exec {compiler} "$@"\n')
        for f in (python, tools / "cc", tools / "cxx"):
            f.chmod(0o755)
        cflags = ["-fPIC", f"-I{inc}", *r.build.get("cflags", [])]
        lst = lambda xs: "[" + ", ".join(repr(x) for x in xs) + "]"
        cross = tools / "emscripten.cross"
        cross.write_text(f"""# Generated by tools/build-packages.py for {r.name}.
[binaries]
c = '{tools / "cc"}'
cpp = '{tools / "cxx"}'
ar = 'emar'
ranlib = 'emranlib'
nm = 'emnm'
strip = 'emstrip'
python = '{python}'
cython = 'cython3'

[properties]
needs_exe_wrapper = true
skip_sanity_check = true
longdouble_format = 'IEEE_QUAD_LE'

[built-in options]
c_args = {lst(cflags)}
cpp_args = {lst(cflags)}
c_thread_count = 0
cpp_thread_count = 0

[host_machine]
system = 'emscripten'
cpu_family = 'wasm32'
cpu = 'wasm32'
endian = 'little'
""")
        return cross

    def build_meson(self, r: Recipe, src: Path, work: Path, stage: Path, out: Path) -> None:
        """meson setup + ninja + meson install of the site-packages files;
        the full logs are kept in the cache folder (meson.log)."""
        cross = self.meson_cross(r, work)
        build = work / "meson-build"
        meson = [sys.executable, str(src / r.build["meson"])] if "meson" in r.build else ["meson"]
        if "meson" in r.build and not (src / r.build["meson"]).is_file():
            raise BuildError(f"{r.name}: build.meson {r.build['meson']!r} is not a file in the source")
        logfile = out / "meson.log"
        steps = [
            ("meson setup", [*meson, "setup", str(build), str(src), f"--cross-file={cross}", "--prefix=/",
                             "-Dbuildtype=release", "-Db_ndebug=if-release",
                             "-Dpython.purelibdir=/site-packages", "-Dpython.platlibdir=/site-packages",
                             *r.build.get("options", [])]),
            ("ninja", ["ninja", "-C", str(build), f"-j{os.cpu_count() or 2}"]),
            ("meson install", [*meson, "install", "-C", str(build), "--no-rebuild", "--quiet",
                               "--destdir", str(work / "install"),
                               *(["--tags", ",".join(r.build["install_tags"])] if "install_tags" in r.build else [])]),
        ]
        with open(logfile, "w") as log_f:
            for what, cmd in steps:
                log(f"{r.name}: {what}")
                log_f.write(f"$ {' '.join(cmd)}\n")
                log_f.flush()
                p = subprocess.run(cmd, cwd=src, stdout=log_f, stderr=subprocess.STDOUT)
                if p.returncode != 0:
                    tail = logfile.read_text(errors="replace")[-4000:]
                    raise BuildError(f"{r.name}: {what} failed (exit {p.returncode}); full log: {logfile}\n{tail}")
        site = work / "install" / "site-packages"
        if not site.is_dir():
            raise BuildError(f"{r.name}: meson install put nothing in site-packages")
        shutil.copytree(site, stage, dirs_exist_ok=True)
        for imp in r.imports:
            if not (stage / imp).is_dir() and not (stage / f"{imp}.py").is_file():
                raise BuildError(f"{r.name}: meson installed no {imp}/ or {imp}.py")

    def build_library(self, r: Recipe, src: Path, work: Path, stage: Path, out: Path) -> None:
        objs = self.compile(r, src, r.build["sources"], work / "obj", [])
        lib = r.build["library"]
        (out / "lib").mkdir()
        if r.type == "static_library":
            run(["emar", "rcs", str(out / "lib" / lib), *objs], what=f"{r.name}: emar")
        else:
            _, host_libs = self.host_flags(r)
            exports = r.build.get("exports")
            # SIDE_MODULE=2 exports only the listed symbols; =1 exports all.
            side = ["-sSIDE_MODULE=2", "-sEXPORTED_FUNCTIONS=" + ",".join("_" + s for s in exports)] \
                if exports else ["-sSIDE_MODULE=1"]
            run(["emcc", *side, *r.build.get("ldflags", []), *objs, *host_libs,
                 "-o", str(out / "lib" / lib)], what=f"{r.name}: linking {lib}")
            shutil.copy(out / "lib" / lib, stage / lib)
        (out / "include").mkdir()
        for d in r.build.get("include", []):
            if not (src / d).is_dir():
                raise BuildError(f"{r.name}: build.include {d!r} is not a folder in the source")
            shutil.copytree(src / d, out / "include", dirs_exist_ok=True)

    def write_bundle(self, r: Recipe, stage: Path, out: Path) -> None:
        site = r.type != "shared_library"
        files: dict[str, bytes] = {}
        for path in sorted(p for p in stage.rglob("*") if p.is_file()):
            rel = path.relative_to(stage).as_posix()
            if "__pycache__" in path.parts or rel.endswith((".pyc", ".pyo")):
                continue
            if site and rel.endswith(".py"):
                pyc = pack_stdlib.pyc_bytes(path.read_bytes(), f"{SITE}/{rel}")
                if any(fnmatch.fnmatchcase(rel, pat) for pat in r.build.get("keep_source", [])):
                    # Source (pytest collects .py files and looks for
                    # __init__.py) + its cached bytecode (unchecked hash-based,
                    # used without reading the source), so imports stay fast.
                    files[rel] = path.read_bytes()
                    files[importlib.util.cache_from_source(rel)] = pyc
                else:
                    files[rel[:-3] + ".pyc"] = pyc
            else:
                files[rel] = path.read_bytes()
        if site:
            add_dist_info(r, files)
        file_name = f"{r.name}-{r.version}.zip"
        with zipfile.ZipFile(out / file_name, "w", compresslevel=9) as zf:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, files[name])
        meta = {
            "file_name": file_name,
            "sha256": sha256_file(out / file_name),
            "install_dir": "site" if site else "dynlib",
            "package_type": "package" if site else "shared_library",
        }
        (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


def add_dist_info(r: Recipe, files: dict[str, bytes]) -> None:
    """Give the bundle a .dist-info (importlib.metadata sees the package) and
    make its RECORD list the files actually shipped (.pyc, not .py)."""
    infos = {n.split("/")[0] for n in files if n.split("/")[0].endswith(".dist-info")}
    if len(infos) > 1:
        raise BuildError(f"{r.name}: more than one .dist-info: {sorted(infos)}")
    info = infos.pop() if infos else f"{r.name.replace('-', '_')}-{r.version}.dist-info"
    if f"{info}/METADATA" not in files:
        files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {r.name}\nVersion: {r.version}\n".encode()
    files[f"{info}/INSTALLER"] = b"pyxis\n"
    lines = []
    for name in sorted(files):
        if name == f"{info}/RECORD":
            continue
        digest = hashlib.sha256(files[name]).digest()
        b64 = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        lines.append(f"{name},sha256={b64},{len(files[name])}")
    lines.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(lines) + "\n").encode()


# ---------------------------------------------------------------------------

def emcc_version() -> str:
    r = subprocess.run(["emcc", "--version"], stdout=subprocess.PIPE, text=True)
    m = re.search(r"\b(\d+\.\d+\.\d+)\b", r.stdout)
    if r.returncode != 0 or not m:
        raise BuildError(f"cannot read the emcc version from {r.stdout[:200]!r}")
    return m.group(1)


def python_version(inst: Path) -> str:
    header = (inst / "include" / PY_DIR / "patchlevel.h").read_text()
    m = re.search(r'#define PY_VERSION\s+"([^"]+)"', header)
    if not m:
        raise BuildError("no PY_VERSION in patchlevel.h")
    return m.group(1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dist", default=str(ROOT / "dist"), help="where the bundles and lockfile go")
    ap.add_argument("--check", action="store_true", help="only validate the recipes")
    ap.add_argument("--recipes", default=str(RECIPES), help="the recipes folder (for --check)")
    args = ap.parse_args()
    if Path(args.recipes).resolve() != RECIPES and not args.check:
        ap.error("--recipes is for --check only (built packages always come from packages/)")
    try:
        recipes = load_recipes(Path(args.recipes).resolve())
        order = build_order(recipes)
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
        write_dist(ctx, order, Path(args.dist), inst)
    except (RecipeError, BuildError) as e:
        print(f"[pyxis] error: {e}", file=sys.stderr)
        return 1
    return 0


def write_dist(ctx: Context, order: list[Recipe], dist: Path, inst: Path) -> None:
    if not (dist / "pyxis.mjs").is_file():
        raise BuildError(f"{dist} has no runtime (run tools/build-dist.sh first)")
    version = json.loads((ROOT / "js" / "package.json").read_text())["version"]
    packages = {}
    for r in order:
        if not r.has_bundle:
            continue
        meta = json.loads((ctx.outputs[r.name] / "meta.json").read_text())
        shutil.copyfile(ctx.outputs[r.name] / meta["file_name"], dist / meta["file_name"])
        packages[r.name] = {
            "name": r.name,
            "version": r.version,
            "file_name": meta["file_name"],
            "install_dir": meta["install_dir"],
            "sha256": meta["sha256"],
            "package_type": meta["package_type"],
            "imports": r.imports,
            "depends": sorted(r.run),
        }
    lock = {
        "info": {
            "arch": "wasm32",
            "abi_version": abi_version(),
            "platform": "emscripten_" + emcc_version().replace(".", "_"),
            "version": version,
            "python": python_version(inst),
        },
        "packages": dict(sorted(packages.items())),
    }
    (dist / "pyodide-lock.json").write_text(json.dumps(lock, indent=2) + "\n")
    tests = {
        r.name: {
            "imports": r.test.get("imports", []),
            "files": [str(r.folder / f) for f in r.test.get("files", [])],
        }
        for r in order
        if r.has_bundle
    }
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "package-tests.json").write_text(json.dumps(tests, indent=2) + "\n")
    log(f"{len(packages)} packages and pyodide-lock.json in {dist}")


if __name__ == "__main__":
    sys.exit(main())
