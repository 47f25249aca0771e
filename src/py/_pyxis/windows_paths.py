"""Windows-style folders on sys.path ("C:\\dir\\sub"), as Pyodide accepts
them: imported from the same path with the drive dropped and "/" for "\\"
(/dir/sub), since the runtime's file system is POSIX."""

import re
import sys
from importlib.machinery import FileFinder

_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def to_posix(path: str) -> str:
    """C:\\a\\b -> /a/b; any other path unchanged."""
    if not _DRIVE.match(path):
        return path
    return "/" + path[3:].replace("\\", "/")


def _hook(path):
    if not isinstance(path, str) or not _DRIVE.match(path):
        raise ImportError("not a Windows path", path=path)
    for hook in sys.path_hooks:
        if hook is _hook:
            continue
        try:
            finder = hook(to_posix(path))
        except ImportError:
            continue
        if isinstance(finder, FileFinder):
            return finder
    raise ImportError("no finder for this folder", path=path)


def install() -> None:
    if _hook not in sys.path_hooks:
        sys.path_hooks.insert(0, _hook)
        sys.path_importer_cache.clear()
