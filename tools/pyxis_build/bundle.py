"""Bundles and the lockfile: a package's staged files zipped (Python
compiled to .pyc, a .dist-info whose RECORD lists what ships; the files
build.tests names in a second <name>-tests bundle), then every bundle copied
to dist/ with pyodide-lock.json (Pyodide's field names) and
build/package-tests.json."""

import base64
import fnmatch
import hashlib
import importlib.util
import json
import shutil
import zipfile
from pathlib import Path

from .common import (ROOT, SITE, STDLIB, ZIP_DATE, BuildError, abi_version, emcc_version, log,
                     pyc, python_version, sha256_file)
from .recipe import Recipe


# Where each build type's bundle is installed (the lockfile's install_dir)
# and the folder that is in the runtime's file system.
INSTALL_DIRS = {"shared_library": ("dynlib", None), "stdlib": ("stdlib", STDLIB)}


def install_dir(r: Recipe) -> tuple[str, str | None]:
    """(install_dir, the folder its .py files are compiled for, if any)."""
    return INSTALL_DIRS.get(r.type, ("site", SITE))


def bundle_files(r: Recipe, stage: Path) -> dict[str, bytes]:
    """The staged files as they ship: .py compiled to .pyc (keep_source
    globs ship both), other files as they are. A stdlib part ships every .py
    with its .pyc, as CPython installs Lib/ (tests read their own source),
    and only the source of files that do not compile (CPython's tests of
    bad syntax)."""
    files: dict[str, bytes] = {}
    folder = install_dir(r)[1]
    for path in sorted(p for p in stage.rglob("*") if p.is_file()):
        rel = path.relative_to(stage).as_posix()
        if "__pycache__" in path.parts or rel.endswith((".pyc", ".pyo")):
            continue
        if folder and rel.endswith(".py"):
            source = path.read_bytes()
            try:
                compiled = pyc.pyc_bytes(source, f"{folder}/{rel}")
            except (SyntaxError, ValueError):
                if r.type != "stdlib":
                    raise
                files[rel] = source  # CPython's tests of bad syntax: source only
                continue
            if r.type == "stdlib" or any(fnmatch.fnmatchcase(rel, pat) for pat in r.build.get("keep_source", [])):
                # Source (pytest collects .py files and looks for
                # __init__.py; CPython's tests read their own) + its cached
                # bytecode (unchecked hash-based, used without reading the
                # source), so imports stay fast.
                files[rel] = source
                files[importlib.util.cache_from_source(rel)] = compiled
            else:
                files[rel[:-3] + ".pyc"] = compiled
        else:
            files[rel] = path.read_bytes()
    return files


def matching(stage: Path, patterns: list[str], what: str, r: Recipe):
    """The staged files the patterns match (relative paths, * also matches
    /); every pattern must match something."""
    used, hits = set(), []
    for path in sorted(p for p in stage.rglob("*") if p.is_file()):
        rel = path.relative_to(stage).as_posix()
        hit = [pat for pat in patterns if fnmatch.fnmatchcase(rel, pat)]
        if hit:
            used.update(hit)
            hits.append(rel)
    unused = [pat for pat in patterns if pat not in used]
    if unused:
        raise BuildError(f"{r.name}: build.{what} patterns match no installed file: {unused}")
    return hits


def drop_excluded(r: Recipe, stage: Path) -> None:
    """Delete the files build.exclude names from stage."""
    for rel in matching(stage, r.build.get("exclude", []), "exclude", r):
        (stage / rel).unlink()


def split_tests(r: Recipe, stage: Path) -> Path | None:
    """Move the files build.tests names out of stage into a stage of their
    own (the <name>-tests bundle); every pattern must match something."""
    patterns = r.build.get("tests", [])
    if not patterns:
        return None
    tests = stage.parent / "stage-tests"
    for rel in matching(stage, patterns, "tests", r):
        (tests / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).rename(tests / rel)
    return tests


def zip_files(files: dict[str, bytes], dest: Path) -> None:
    with zipfile.ZipFile(dest, "w", compresslevel=9) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])


def write_bundle(r: Recipe, stage: Path, out: Path) -> None:
    where = install_dir(r)[0]
    drop_excluded(r, stage)
    tests = split_tests(r, stage)
    files = bundle_files(r, stage)
    if where == "site":
        add_dist_info(r, files)
    file_name = f"{r.name}-{r.version}.zip"
    zip_files(files, out / file_name)
    meta = {
        "file_name": file_name,
        "sha256": sha256_file(out / file_name),
        "install_dir": where,
        "package_type": "shared_library" if where == "dynlib" else "package",
    }
    if tests:
        tests_name = f"{r.name}-tests-{r.version}.zip"
        zip_files(bundle_files(r, tests), out / tests_name)
        meta["tests"] = {"file_name": tests_name, "sha256": sha256_file(out / tests_name)}
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


def write_dist(ctx, order: list[Recipe], dist: Path, inst: Path) -> None:
    """The built bundles (ctx: builder.Context) into dist/, with the lockfile."""
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
        if "tests" in meta:
            # Pyodide's convention: the package's tests as their own package.
            packages[r.name]["unvendored_tests"] = True
            shutil.copyfile(ctx.outputs[r.name] / meta["tests"]["file_name"], dist / meta["tests"]["file_name"])
            packages[f"{r.name}-tests"] = {
                "name": f"{r.name}-tests",
                "version": r.version,
                "file_name": meta["tests"]["file_name"],
                "install_dir": "site",
                "sha256": meta["tests"]["sha256"],
                "package_type": "package",
                "imports": [],
                "depends": [r.name],
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
