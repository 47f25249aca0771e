"""Unpacking archives held in memory: pyodide.unpackArchive (JS) and
FetchResponse.unpack_archive (pyodide.http) share this."""

import shutil
import tempfile

# Names a format goes by (Pyodide's synonyms) -> shutil's format name.
_SYNONYMS = {
    "gztar": "gztar", "tar.gz": "gztar", "tgz": "gztar",
    "bztar": "bztar", "tar.bz2": "bztar", "tbz2": "bztar",
    "xztar": "xztar", "tar.xz": "xztar", "txz": "xztar",
    "tar": "tar",
    "zip": "zip", "wheel": "zip", "whl": "zip",
}


def normalize_format(fmt):
    """shutil's name for an archive format given as a name or extension
    ('.tar.gz', 'tgz', 'wheel', ...); None stays None (infer from a file
    name). An unknown format is a ValueError naming the known ones."""
    if fmt is None:
        return None
    key = str(fmt).lower().lstrip(".")
    if key not in _SYNONYMS:
        raise ValueError(f"unknown archive format {fmt!r} (known: {', '.join(sorted(_SYNONYMS))})")
    return _SYNONYMS[key]


def unpack_bytes(data, fmt=None, extract_dir=None, name="archive"):
    """Unpack the archive `data` (bytes-like) into extract_dir (default: the
    current folder). fmt: a format name or extension; without one, `name`'s
    extension says."""
    with tempfile.NamedTemporaryFile(suffix="-" + name) as f:
        f.write(data)
        f.flush()
        shutil.unpack_archive(f.name, extract_dir, normalize_format(fmt))


def unpack_from_js(buffer, fmt, extract_dir):
    """pyodide.unpackArchive: buffer is a JsProxy of an ArrayBuffer or a view."""
    unpack_bytes(buffer.to_bytes(), fmt, extract_dir)
