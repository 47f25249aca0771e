"""Building one recipe: its cache key (everything that goes in), then by
build type — pure and python (Python files, C and C++ extensions compiled
and linked as side modules), meson (meson.py), setuptools
(setuptools_backend.py), shared and static libraries, C libraries with a
meson build (meson.py), the runtime's own libraries, headers, parts of
CPython's Lib/ the stdlib archive leaves out (stdlib) —
into $PYXIS_CACHE/packages/<name>-<key>, bundled by bundle.py. Libraries
other builds use are found through pkg-config (out/lib/pkgconfig)."""

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import bundle, meson, setuptools_backend
from .common import (CACHE, CXX_SUFFIXES, EH_FLAGS, PY_DIR, ROOT, SIDE_MODULE_LDFLAGS, THREAD_FLAGS,
                     TOOL_FILES, BuildError, common_sh, hash_tree, log, python_version, run)
from .recipe import RUNTIME_TYPES, Recipe
from .sources import apply_patches, prepare_source


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
        for tool in TOOL_FILES:
            h.update(f"{tool.relative_to(ROOT)}\n".encode() + tool.read_bytes())
        h.update(f"cpython:{self.inst}\ntoolchain:{self.toolchain}\n".encode())
        for dep in sorted(r.host):
            h.update(f"host {dep}:{self.keys[dep]}\n".encode())
        if r.type == "runtime_library":
            h.update(f"runtime library:{self.runtime_library_prefix(r)}\n".encode())
        return h.hexdigest()[:16]

    def runtime_library_prefix(self, r: Recipe) -> Path:
        """Where the runtime's own build of the library is (its headers)."""
        return Path(common_sh(f'. "{ROOT}/cpython/build-libs.sh" && lib_prefix {r.build["runtime"]}'))

    def host_closure(self, r: Recipe) -> list[str]:
        """r's host requirements and theirs (pkg-config follows Requires)."""
        seen = []
        for dep in r.host:
            for d in [*self.host_closure(self.recipes[dep]), dep]:
                if d not in seen:
                    seen.append(d)
        return seen

    def pkg_config_dirs(self, r: Recipe) -> list[Path]:
        dirs = [self.outputs[d] / "lib" / "pkgconfig" for d in self.host_closure(r)]
        return [d for d in dirs if d.is_dir()]

    def pkg_config_env(self, r: Recipe) -> dict:
        """pkg-config sees the host requirements' .pc files and nothing of
        the build machine."""
        return {"PKG_CONFIG_LIBDIR": ":".join(map(str, self.pkg_config_dirs(r))), "PKG_CONFIG_PATH": "",
                "PKG_CONFIG_SYSROOT_DIR": ""}

    def pkg_config(self, r: Recipe, names: list[str], what: str) -> list[str]:
        p = subprocess.run(["pkg-config", "--static", what, *names], env={**os.environ, **self.pkg_config_env(r)},
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            raise BuildError(f"{r.name}: pkg-config {what} {' '.join(names)} failed: {p.stdout.strip()}")
        # No thread flags (the runtime has no threads; cross.py's wrappers
        # drop them too).
        return [f for f in p.stdout.split() if f not in THREAD_FLAGS]

    def host_flags(self, r: Recipe):
        """Compile and link flags for r's host requirements: pkg-config's
        for those with .pc files, else -I out/include and the library."""
        cflags, libs, pcs = [], [], []
        for dep in r.host:
            out, d = self.outputs[dep], self.recipes[dep]
            found = sorted(p.stem for p in (out / "lib" / "pkgconfig").glob("*.pc"))
            if found:
                pcs += found
                continue
            cflags.append(f"-I{out / 'include'}")
            if "library" in d.build:
                libs.append(str(out / "lib" / d.build["library"]))
        if pcs:
            cflags += self.pkg_config(r, pcs, "--cflags")
            libs += self.pkg_config(r, pcs, "--libs")
        return cflags, libs

    def write_pc(self, r: Recipe, out: Path, lib: str | None) -> None:
        """out/lib/pkgconfig/<build.pkgconfig>.pc: how dependants find r."""
        if "pkgconfig" not in r.build:
            return
        requires = sorted({p.stem for d in r.host for p in (self.outputs[d] / "lib" / "pkgconfig").glob("*.pc")})
        version = self.runtime_version(r) if r.type == "runtime_library" else r.version
        pc = out / "lib" / "pkgconfig" / f"{r.build['pkgconfig']}.pc"
        pc.parent.mkdir(parents=True, exist_ok=True)
        pc.write_text(f"""# Written by tools/pyxis_build/builder.py for the {r.name} recipe.
prefix={out}
includedir=${{prefix}}/include
libdir=${{prefix}}/lib

Name: {r.build['pkgconfig']}
Description: {r.name} ({r.type}, built by pyxis)
Version: {version}
Requires.private: {' '.join(requires)}
Cflags: -I${{includedir}}
Libs: {f"-L${{libdir}} -l{lib}" if lib else ""}
""")

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
            cxx = path.suffix in CXX_SUFFIXES
            lang = ["em++", *r.build.get("cflags", []), *r.build.get("cxxflags", [])] if cxx \
                else ["emcc", *r.build.get("cflags", [])]
            run([*lang, "-fPIC", *EH_FLAGS, *extra, *own_includes, *host_cflags,
                 f"-I{path.parent}", f"-I{src}", "-c", str(path), "-o", str(obj)],
                what=f"{r.name}: compiling {c}")
            objs.append(str(obj))
        return objs

    def build(self, r: Recipe) -> Path:
        if r.type == "stdlib":
            r.version = python_version(self.inst)  # "runtime": the runtime's CPython
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
            src = prepare_source(r, work) if r.type not in RUNTIME_TYPES else work
            stage = work / "stage"  # the bundle's contents
            stage.mkdir()
            if r.type in ("pure", "python"):
                self.stage_python(r, src, stage)
            if r.type == "stdlib":
                self.stage_stdlib(r, stage)
                apply_patches(r, stage)
                if "extensions" in r.build:
                    # C modules of CPython's source tree (Modules/...), as
                    # lib-dynload's side modules.
                    self.build_extensions(r, self.cpython_source(), work, stage / "lib-dynload")
            if r.type == "python":
                self.build_extensions(r, src, work, stage)
            if r.type == "meson":
                meson.build_meson(self, r, src, work, stage, out)
            if r.type == "setuptools":
                setuptools_backend.build_setuptools(self, r, src, work, stage, out)
            if r.type in ("shared_library", "static_library"):
                self.build_library(r, src, work, stage, out)
            if r.type == "meson_library":
                meson.build_meson_library(self, r, src, work, out)
            if r.type == "runtime_library":
                self.runtime_library(r, out)
            if r.type == "headers":
                self.copy_includes(r, src, out)
                self.write_pc(r, out, None)
            if r.has_bundle:
                bundle.write_bundle(r, stage, out)
        (out / ".complete").touch()
        self.outputs[r.name] = out
        return out

    def stage_python(self, r: Recipe, src: Path, stage: Path) -> None:
        root = src / r.build.get("python_root", ".")
        if "pypi" in r.source and r.source.get("format", "wheel") == "wheel":
            shutil.copytree(root, stage, dirs_exist_ok=True)
            return
        self.copy_imports(r, root, stage, shutil.ignore_patterns("*.c", "*.h"))

    def copy_imports(self, r: Recipe, root: Path, stage: Path, ignore) -> None:
        """package.imports from root into stage: a folder (less what `ignore`
        matches) or a module each; those build.extensions makes are C."""
        extension_tops = {e["module"] for e in r.build.get("extensions", []) if "." not in e["module"]}
        for imp in r.imports:
            if (root / imp).is_dir():
                shutil.copytree(root / imp, stage / imp, ignore=ignore)
            elif (root / f"{imp}.py").is_file():
                shutil.copy(root / f"{imp}.py", stage / f"{imp}.py")
            elif imp not in extension_tops:
                raise BuildError(f"{r.name}: import {imp!r} is neither {imp}/ nor {imp}.py in {root}")

    def cpython_source(self) -> Path:
        """The runtime's CPython source tree (cpython/build-python.sh keeps
        it beside the install: the pinned tarball with cpython/patches)."""
        src = self.inst.parent / "src"
        if not (src / "Modules").is_dir():
            raise BuildError(f"the CPython source tree is not beside its install ({src})")
        return src

    def stage_stdlib(self, r: Recipe, stage: Path) -> None:
        """package.imports (folders or modules of Lib/) as the runtime's
        CPython install has them: its pinned source tarball
        (cpython/sources.txt) with cpython/patches applied."""
        self.copy_imports(r, self.inst / "lib" / PY_DIR, stage, shutil.ignore_patterns("__pycache__"))

    def build_extensions(self, r: Recipe, src: Path, work: Path, stage: Path) -> None:
        inc = self.inst / "include" / PY_DIR
        # CPython's own C modules (a stdlib part) may use its internal API.
        includes = [f"-I{inc}", *([f"-I{inc / 'internal'}"] if r.type == "stdlib" else [])]
        _, host_libs = self.host_flags(r)
        for ext in r.build["extensions"]:
            objs = self.compile(r, src, ext["sources"], work / "obj" / ext["module"], includes)
            parts = ext["module"].split(".")
            dest = stage.joinpath(*parts[:-1]) / (parts[-1] + self.ext_suffix)
            dest.parent.mkdir(parents=True, exist_ok=True)
            run(["emcc", "-sSIDE_MODULE=1", *SIDE_MODULE_LDFLAGS, *r.build.get("ldflags", []), *objs, *host_libs,
                 "-o", str(dest)], what=f"{r.name}: linking {ext['module']}")

    def build_library(self, r: Recipe, src: Path, work: Path, stage: Path, out: Path) -> None:
        objs = self.compile(r, src, r.build["sources"], work / "obj", [])
        lib = r.build["library"]
        (out / "lib").mkdir()
        if r.type == "static_library":
            run(["emar", "rcs", str(out / "lib" / lib), *objs], what=f"{r.name}: emar")
            self.write_pc(r, out, lib[3:-2])
        else:
            _, host_libs = self.host_flags(r)
            exports = r.build.get("exports")
            # SIDE_MODULE=2 exports only the listed symbols; =1 exports all.
            side = ["-sSIDE_MODULE=2", "-sEXPORTED_FUNCTIONS=" + ",".join("_" + s for s in exports)] \
                if exports else ["-sSIDE_MODULE=1"]
            run(["emcc", *side, *SIDE_MODULE_LDFLAGS, *r.build.get("ldflags", []), *objs, *host_libs,
                 "-o", str(out / "lib" / lib)], what=f"{r.name}: linking {lib}")
            shutil.copy(out / "lib" / lib, stage / lib)
        self.copy_includes(r, src, out)

    def runtime_version(self, r: Recipe) -> str:
        if r.build["runtime"] == "zlib":
            header = (self.runtime_library_prefix(r) / "include" / "zlib.h").read_text()
            m = re.search(r'#define ZLIB_VERSION "([^"]+)"', header)
            if m:
                return m.group(1)
        raise BuildError(f"{r.name}: cannot read the runtime's {r.build['runtime']} version")

    def runtime_library(self, r: Recipe, out: Path) -> None:
        """One of the runtime's own libraries (it links them and exports their
        symbols, tools/link-runtime.sh): its headers, and an empty archive in
        the library's place, so that builds which look for the library find
        it and their side modules leave its symbols to the runtime (no second
        copy)."""
        prefix = self.runtime_library_prefix(r)
        if not (prefix / "include").is_dir():
            raise BuildError(f"{r.name}: the runtime's {r.build['runtime']} is not built ({prefix})")
        shutil.copytree(prefix / "include", out / "include")
        (out / "lib").mkdir()
        lib = r.build["library"]
        run(["emar", "rcs", str(out / "lib" / lib)], what=f"{r.name}: emar (empty {lib})")
        self.write_pc(r, out, lib[3:-2])

    def copy_includes(self, r: Recipe, src: Path, out: Path) -> None:
        """build.include folders, merged into out/include (-I for dependants)."""
        (out / "include").mkdir()
        for d in r.build.get("include", []):
            if not (src / d).is_dir():
                raise BuildError(f"{r.name}: build.include {d!r} is not a folder in the source")
            shutil.copytree(src / d, out / "include", dirs_exist_ok=True)
