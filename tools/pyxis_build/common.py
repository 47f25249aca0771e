"""Shared facts and helpers of the package build tool: paths, the cache,
errors, logging, running commands, hashing, and what the toolchain and the
CPython install say (ABI, emcc and Python versions)."""

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
RECIPES = ROOT / "packages"
CACHE = Path(os.environ.get("PYXIS_CACHE", Path.home() / ".cache" / "pyxis"))
sys.path.insert(0, str(ROOT / "tools"))
from config import CONFIG  # noqa: E402 - tools/config.env, the shared facts

SITE = CONFIG["SITE_PACKAGES"]
STDLIB = CONFIG["STDLIB_DIR"]
PY_DIR = f"python{CONFIG['PYTHON_VERSION']}"  # lib/ and include/ folder names
# The C++ exception ABI (tools/config.env): on every compile and every link.
EH_FLAGS = CONFIG["WASM_EH_FLAGS"].split()
# Every side-module link: i64 as BigInt, as the runtime is linked, and the ABI;
# -O2 runs binaryen's optimiser on the linked module
# (a build system's link line usually has no -O: emcc then skips it, and the
# module keeps its function-name section): a quarter smaller (numpy's
# _multiarray_umath: 4.07 -> 2.99 MB).
SIDE_MODULE_LDFLAGS = ["-O2", "-sWASM_BIGINT=1", *EH_FLAGS]
CXX_SUFFIXES = (".cpp", ".cc", ".cxx", ".C")
# Dropped from every compile and link (the runtime is built without threads).
THREAD_FLAGS = ("-pthread", "-pthreads")
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
# This package's files and the .pyc writer: part of every package's cache key.
TOOL_FILES = sorted(Path(__file__).parent.glob("*.py")) + [ROOT / "tools" / "pyc.py",
                                                            ROOT / "tools" / "build-packages.py"]


class RecipeError(Exception):
    """A recipe (or the set of recipes) is invalid; the message says where."""


class BuildError(Exception):
    """Building a package failed; the message says which and why."""


def log(msg: str) -> None:
    print(f"[pyxis] {msg}", file=sys.stderr, flush=True)


# The .pyc writer the stdlib packer uses too (tools/pyc.py), shared.
_spec = importlib.util.spec_from_file_location("pyc", ROOT / "tools" / "pyc.py")
pyc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pyc)


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

