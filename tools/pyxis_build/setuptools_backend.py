"""setuptools builds for wasm32-emscripten (PEP 517: setuptools.build_meta or
an in-tree backend over it, with the recipe's config settings),
in the cross environment (cross.py): the build Python runs the backend's
build_wheel with the target's sysconfig, the compiler wrappers as CC, CXX
and LDSHARED (extension links become side modules) and the pinned setuptools
of requirements.build; the wheel's files become the bundle. The full log is
build.log in the package's cache folder."""

import json
import os
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

from .buildenv import has_module
from .common import BuildError, emcc_version, log
from .cross import CrossEnv
from .recipe import Recipe

# The backend pyproject.toml names (default setuptools.build_meta, PEP 517),
# imported from its backend-path, with the recipe's config settings.
BUILD_WHEEL = """import importlib, json, sys
sys.path[:0] = json.loads(sys.argv[3])
backend = importlib.import_module(sys.argv[2])
print(backend.build_wheel(sys.argv[1], json.loads(sys.argv[4])))
"""


def backend_of(r: Recipe, src: Path) -> tuple[str, list[str]]:
    pyproject = src / "pyproject.toml"
    system = tomllib.loads(pyproject.read_text()).get("build-system", {}) if pyproject.is_file() else {}
    backend = system.get("build-backend", "setuptools.build_meta")
    if not (backend == "setuptools.build_meta" or system.get("backend-path")):
        raise BuildError(f"{r.name}: build-backend {backend!r} is not setuptools' (use another build type)")
    return backend, [str(src / p) for p in system.get("backend-path", [])]


def build_setuptools(ctx, r: Recipe, src: Path, work: Path, stage: Path, out: Path) -> None:
    env = CrossEnv(ctx, r, work)
    if not has_module(env.env, "setuptools"):
        raise BuildError(f'{r.name}: a setuptools build needs setuptools pinned in requirements.build '
                         f'("setuptools==<version> --hash=sha256:<...>"), not the toolchain\'s')
    cflags = " ".join(env.cflags)
    environ = {
        **os.environ,
        "CC": str(env.cc),
        "CXX": str(env.cxx),
        "LDSHARED": f"{env.cc} -shared",
        "LDCXXSHARED": f"{env.cxx} -shared",
        "AR": "emar",
        "CFLAGS": cflags,
        "CXXFLAGS": cflags,
        "LDFLAGS": "",
        **ctx.pkg_config_env(r),
        # The wheel's platform tag (sysconfig.get_platform() reads it).
        "_PYTHON_HOST_PLATFORM": f"emscripten_{emcc_version().replace('.', '_')}_wasm32",
    }
    wheels = work / "wheel"
    wheels.mkdir()
    logfile = out / "build.log"
    backend, backend_path = backend_of(r, src)
    log(f"{r.name}: setuptools build_wheel ({backend})")
    with open(logfile, "w") as log_f:
        p = subprocess.run([str(env.python), "-c", BUILD_WHEEL, str(wheels), backend, json.dumps(backend_path),
                            json.dumps(r.build.get("config_settings", {}))], cwd=src, env=environ,
                           stdout=log_f, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        tail = logfile.read_text(errors="replace")[-4000:]
        raise BuildError(f"{r.name}: setuptools build_wheel failed (exit {p.returncode}); "
                         f"full log: {logfile}\n{tail}")
    built = list(wheels.glob("*.whl"))
    if len(built) != 1:
        raise BuildError(f"{r.name}: build_wheel made {len(built)} wheels: {built}")
    with zipfile.ZipFile(built[0]) as zf:
        zf.extractall(stage)
    for imp in r.imports:
        if not (stage / imp).is_dir() and not (stage / f"{imp}.py").is_file():
            raise BuildError(f"{r.name}: the wheel has no {imp}/ or {imp}.py")
    # A package whose C extension failed may fall back to pure Python
    # (MarkupSafe does): build.extensions_built names the modules that must
    # have been compiled.
    missing = [m for m in r.build.get("extensions_built", [])
               if not list(stage.joinpath(*m.split(".")[:-1]).glob(m.split(".")[-1] + ctx.ext_suffix))]
    if missing:
        raise BuildError(f"{r.name}: extension modules not built: {missing} (see {logfile})")
    shutil.rmtree(wheels)
