"""meson builds for wasm32-emscripten, in the cross environment (cross.py):
meson-python packages (meson setup, ninja and meson install of the
site-packages files) and C libraries with a meson build (static, installed
with their headers and .pc files into the package's cache folder)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .common import BuildError, log
from .cross import CrossEnv
from .recipe import Recipe


# Every meson build: every source is a pinned recipe source (no wrap
# downloads); release; host libraries linked statically with what their
# .pc files' Requires.private name (pkg-config --static).
COMMON_OPTIONS = ["--wrap-mode=nodownload", "-Dbuildtype=release", "-Db_ndebug=if-release", "-Dprefer_static=true"]


def run_steps(r: Recipe, src: Path, logfile: Path, steps) -> None:
    """Each (what, command) in turn, output to logfile; a failure names the
    step and shows the log's tail."""
    with open(logfile, "w") as log_f:
        for what, cmd in steps:
            log(f"{r.name}: {what}")
            log_f.write(f"$ {' '.join(cmd)}\n")
            log_f.flush()
            p = subprocess.run(cmd, cwd=src, stdout=log_f, stderr=subprocess.STDOUT)
            if p.returncode != 0:
                tail = logfile.read_text(errors="replace")[-4000:]
                raise BuildError(f"{r.name}: {what} failed (exit {p.returncode}); full log: {logfile}\n{tail}")


def build_meson_library(ctx, r: Recipe, src: Path, work: Path, out: Path) -> None:
    """A C library's own meson build, static, installed into out (include/,
    lib/, lib/pkgconfig/); the log is out/meson.log."""
    env = CrossEnv(ctx, r, work)
    cross, native = env.meson_cross_file(), env.meson_native_file()
    build = work / "meson-build"
    run_steps(r, src, out / "meson.log", [
        ("meson setup", ["meson", "setup", str(build), str(src), f"--cross-file={cross}", f"--native-file={native}",
                         f"--prefix={out}", "--libdir=lib", "-Ddefault_library=static", *COMMON_OPTIONS,
                         *r.build.get("options", [])]),
        ("ninja", ["ninja", "-C", str(build), f"-j{os.cpu_count() or 2}"]),
        ("meson install", ["meson", "install", "-C", str(build), "--no-rebuild", "--quiet"]),
    ])
    if not list((out / "lib" / "pkgconfig").glob("*.pc")):
        raise BuildError(f"{r.name}: meson installed no .pc file (dependants find libraries by pkg-config)")
    for lib in (out / "lib").glob("*.so*"):
        raise BuildError(f"{r.name}: meson installed a shared library {lib.name} (default_library=static?)")


def build_meson(ctx, r: Recipe, src: Path, work: Path, stage: Path, out: Path) -> None:
    """meson setup + ninja + meson install of the site-packages files;
    the full logs are kept in the cache folder (meson.log)."""
    env = CrossEnv(ctx, r, work)
    cross, native = env.meson_cross_file(), env.meson_native_file()
    build = work / "meson-build"
    meson = [sys.executable, str(src / r.build["meson"])] if "meson" in r.build else ["meson"]
    if "meson" in r.build and not (src / r.build["meson"]).is_file():
        raise BuildError(f"{r.name}: build.meson {r.build['meson']!r} is not a file in the source")
    logfile = out / "meson.log"
    run_steps(r, src, logfile, [
        ("meson setup", [*meson, "setup", str(build), str(src), f"--cross-file={cross}",
                         f"--native-file={native}", "--prefix=/", *COMMON_OPTIONS,
                         "-Dpython.purelibdir=/site-packages", "-Dpython.platlibdir=/site-packages",
                         *r.build.get("options", [])]),
        ("ninja", ["ninja", "-C", str(build), f"-j{os.cpu_count() or 2}"]),
        ("meson install", [*meson, "install", "-C", str(build), "--no-rebuild", "--quiet",
                           "--destdir", str(work / "install"),
                           *(["--tags", ",".join(r.build["install_tags"])] if "install_tags" in r.build else [])]),
    ])
    if "host_include" in r.build:
        # The headers dependants build against, copied to out/include: those
        # the bundle ships there and those of meson's devel tag (generated
        # ones, e.g. numpy's _numpyconfig.h), installed apart.
        devel = work / "install-devel"
        with open(logfile, "a") as log_f:
            p = subprocess.run([*meson, "install", "-C", str(build), "--no-rebuild", "--quiet", "--destdir",
                                str(devel), "--tags", "devel"], cwd=src, stdout=log_f, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            raise BuildError(f"{r.name}: meson install --tags devel failed; full log: {logfile}")
        found = False
        for root in (work / "install", devel):
            headers = root / "site-packages" / r.build["host_include"]
            if headers.is_dir():
                shutil.copytree(headers, out / "include", dirs_exist_ok=True)
                found = True
        if not found:
            raise BuildError(f"{r.name}: build.host_include {r.build['host_include']!r} is not a folder "
                             f"meson installed; full log: {logfile}")
    site = work / "install" / "site-packages"
    if not site.is_dir():
        raise BuildError(f"{r.name}: meson install put nothing in site-packages")
    shutil.copytree(site, stage, dirs_exist_ok=True)
    for imp in r.imports:
        if not (stage / imp).is_dir() and not (stage / f"{imp}.py").is_file():
            raise BuildError(f"{r.name}: meson installed no {imp}/ or {imp}.py")
