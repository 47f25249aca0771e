"""Sources: PyPI wheels and sdists, Debian source packages and folders of
this repository, each pinned by sha256 and cached by it in
$PYXIS_CACHE/sources/<sha256>/, unpacked and patched for a build."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .common import CACHE, BuildError, log, run, sha256_file
from .recipe import Recipe, canonical_name

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
        # Only source.file is used (checked by its sha256): the mirror may
        # lack the package's other files (.dsc, Debian's patches), which
        # makes apt-get fail after fetching the one we need.
        p = subprocess.run(["apt-get", "source", "--download-only", "-qq", r.source["debian"]], cwd=tmp,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        path = Path(tmp) / r.source["file"]
        if not path.is_file():
            raise BuildError(f"{r.name}: apt-get source {r.source['debian']} gave no {r.source['file']} "
                             f"(it gave: {', '.join(sorted(os.listdir(tmp))) or 'nothing'}):\n{p.stdout[-2000:]}")
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
    apply_patches(r, src)
    return src


def apply_patches(r: Recipe, src: Path) -> None:
    """source.patches (relative to the recipe folder), in order, -p1 in src."""
    for patch in r.source.get("patches", []):
        log(f"{r.name}: applying {patch}")
        with open(r.folder / patch, "rb") as f:
            p = subprocess.run(["patch", "-p1", "--forward", "--quiet"], cwd=src, stdin=f,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            raise BuildError(f"{r.name}: patch {patch} does not apply:\n{p.stdout.decode()[-2000:]}")

