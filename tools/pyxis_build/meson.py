"""meson-python builds for wasm32-emscripten, in the cross environment
(cross.py): meson setup, ninja and meson install of the site-packages files."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .common import BuildError, log
from .cross import CrossEnv
from .recipe import Recipe


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
    steps = [
        ("meson setup", [*meson, "setup", str(build), str(src), f"--cross-file={cross}",
                         f"--native-file={native}", "--prefix=/",
                         # Every source is a pinned recipe source: no wrap downloads.
                         "--wrap-mode=nodownload",
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
