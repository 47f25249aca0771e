"""The cross environment every PEP 517 backend builds in: a sysconfig
describing the wasm32-emscripten target (EXT_SUFFIX, our CPython's headers),
the build Python that reads it, and the compiler wrappers that turn a host
build's compiler and linker calls into emcc ones — `-shared` links (Python
extensions) become side modules, every compile and link gets the C++
exception ABI — the build requirements (buildenv.py) for the tools a
backend runs natively (Cython), pkg-config limited to the host
requirements' .pc files, a stand-in for each Python package the
build compiles against (numpy: get_include() gives the wasm build's headers,
since the package itself cannot be imported natively, and its Cython .pxd
declarations for `cimport`), plus, for meson, a cross file pointing at all
of it."""

import json
import sys
import zipfile
from pathlib import Path

from .buildenv import build_env, has_module
from .common import EH_FLAGS, PY_DIR, SIDE_MODULE_LDFLAGS, THREAD_FLAGS
from .recipe import Recipe

# A Python package a build compiles against, as the build Python sees it.
HOST_STAND_IN = '''"""Build-time stand-in for {name} {version} (written by pyxis's
tools/pyxis_build/cross.py): its wasm build's headers; the package itself
cannot be imported by the build Python."""
__version__ = {version!r}


def get_include():
    return {include!r}
'''

# What a wrapper does with each argument it is given: flags that select
# another exception ABI are dropped (EH_FLAGS is the only one; mixing
# -fexceptions objects into a wasm-exceptions build breaks the link), and
# so are thread flags (THREAD_FLAGS): the runtime has no threads, and one
# -pthread object (a library's .pc file asks for it: HarfBuzz's) makes a
# side module's link ask for shared memory the other objects cannot have.
WRAPPER = """#!/bin/sh
# pyxis compiler wrapper ({compiler}): the C++ exception ABI on every call;
# -fexceptions (JS-based exceptions, another ABI) and -pthread (the runtime
# has no threads) dropped; links with -shared
# (Python extension modules) become emscripten side modules; anything else
# (a build system's checks, which must see what really links) links as a
# normal program.
shared=0
for a in "$@"; do
  shift
  case "$a" in
    {dropped}) ;;
    -shared) shared=1; set -- "$@" "$a" ;;
    *) set -- "$@" "$a" ;;
  esac
done
# emcc links side modules' archives whole (--whole-archive): the leading
# --no-whole-archive makes archives contribute only the members used.
[ $shared = 1 ] && exec {compiler} -Wl,--no-whole-archive "$@" {side}
exec {compiler} {eh} "$@"
"""


def render_wrapper(compiler: str, side: list[str]) -> str:
    """The wrapper script for compiler; side: the flags a -shared link gets."""
    quote = lambda args: " ".join(f"'{a}'" for a in args)
    return WRAPPER.format(compiler=compiler, side=quote(side), eh=quote(EH_FLAGS),
                          dropped="|".join(["-fexceptions", *THREAD_FLAGS]))


class CrossEnv:
    """The tools folder of one build: python-wasm, cc, cxx (and the meson
    cross file, on demand)."""

    def __init__(self, ctx, r: Recipe, work: Path):
        self.recipe = r
        self.tools = work / "cross-tools"
        self.tools.mkdir()
        self.include = ctx.inst / "include" / PY_DIR
        sysconfig = next((ctx.inst / "lib" / PY_DIR).glob("_sysconfigdata_*.py"))
        (self.tools / sysconfig.name).write_text(
            sysconfig.read_text() + f"\nbuild_time_vars['INCLUDEPY'] = {str(self.include)!r}\n")
        self.sysconfig_name = sysconfig.stem
        self.env = build_env(r)
        path = ":".join(str(p) for p in (self.tools, self.env) if p)
        self.python = self.tools / "python-wasm"
        self.python.write_text(
            "#!/bin/sh\n# The build Python, describing the wasm target (its sysconfig).\n"
            f"_PYTHON_SYSCONFIGDATA_NAME={sysconfig.stem} PYTHONPATH={path} exec {sys.executable} \"$@\"\n")
        for dep in r.host:
            self.stand_in(ctx.recipes[dep], ctx.outputs[dep])
        side = ["-sSIDE_MODULE=1", *SIDE_MODULE_LDFLAGS, *r.build.get("ldflags", [])]
        self.cc, self.cxx = self.tools / "cc", self.tools / "cxx"
        for path, compiler in ((self.cc, "emcc"), (self.cxx, "em++")):
            path.write_text(render_wrapper(compiler, side))
        for f in (self.python, self.cc, self.cxx):
            f.chmod(0o755)
        self.cflags = ["-fPIC", f"-I{self.include}", *r.build.get("cflags", [])]
        # pkg-config sees the host requirements' .pc files only (an empty
        # folder first: never the build machine's).
        (self.tools / "pkgconfig").mkdir()
        self.pkg_config_dirs = [self.tools / "pkgconfig", *ctx.pkg_config_dirs(r)]

    def stand_in(self, d: Recipe, out: Path) -> None:
        """The build Python's and Cython's view of host package d (built in
        out): a module with get_include(), and the .pxd files of its bundle."""
        if not d.imports:
            return
        bundle = out / json.loads((out / "meta.json").read_text())["file_name"]
        with zipfile.ZipFile(bundle) as zf:
            for name in zf.namelist():
                if name.endswith(".pxd") and name.split("/")[0] in d.imports:
                    (self.tools / name).parent.mkdir(parents=True, exist_ok=True)
                    (self.tools / name).write_bytes(zf.read(name))
        for imp in d.imports:
            (self.tools / imp).mkdir(exist_ok=True)
            (self.tools / imp / "__init__.py").write_text(HOST_STAND_IN.format(
                name=d.name, version=d.version, include=str(out / "include")))

    def cython(self) -> Path:
        """A cython command running the pinned Cython of the build env; for a
        recipe that pins none, one that fails saying so (never the
        toolchain's own Cython in its place)."""
        cython = self.tools / "cython"
        if has_module(self.env, "Cython"):
            # The stand-ins' .pxd files are found on the path (cimport numpy).
            body = f"PYTHONPATH={self.env}:{self.tools} exec {sys.executable} -m cython \"$@\"\n"
        else:
            message = (f"pyxis: {self.recipe.name} runs Cython: pin it in requirements.build "
                       f"(\"cython==<version> --hash=sha256:<...>\")")
            body = f"echo '{message}' >&2\nexit 1\n"
        cython.write_text("#!/bin/sh\n# The recipe's pinned Cython (requirements.build).\n" + body)
        cython.chmod(0o755)
        return cython

    def meson_native_file(self) -> Path:
        """Tools meson runs on the build machine: Cython is one (meson looks
        it up in the native file or on PATH, never in the cross file)."""
        native = self.tools / "native.ini"
        native.write_text(f"# Generated by tools/pyxis_build/cross.py for {self.recipe.name}.\n"
                          f"[binaries]\ncython = '{self.cython()}'\n")
        return native

    def meson_cross_file(self) -> Path:
        lst = lambda xs: "[" + ", ".join(repr(x) for x in xs) + "]"
        cross = self.tools / "emscripten.cross"
        cross.write_text(f"""# Generated by tools/pyxis_build/cross.py for {self.recipe.name}.
[binaries]
c = '{self.cc}'
cpp = '{self.cxx}'
ar = 'emar'
ranlib = 'emranlib'
nm = 'emnm'
strip = 'emstrip'
python = '{self.python}'
python3 = '{self.python}'
pkg-config = 'pkg-config'

[properties]
pkg_config_libdir = {lst([str(d) for d in self.pkg_config_dirs])}
needs_exe_wrapper = true
skip_sanity_check = true
longdouble_format = 'IEEE_QUAD_LE'

[built-in options]
c_args = {lst(self.cflags)}
cpp_args = {lst(self.cflags)}
c_thread_count = 0
cpp_thread_count = 0

[host_machine]
system = 'emscripten'
cpu_family = 'wasm32'
cpu = 'wasm32'
endian = 'little'
""")
        return cross
