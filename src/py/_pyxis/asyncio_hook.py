"""asyncio on the JS event loop from its first import, without importing it
at start-up (asyncio and what it imports are a fifth of start-up): a one-shot
meta-path finder wraps asyncio's loader, and once asyncio has run, gives its
selector loop a self-pipe without sockets (``selector_pipe``) and imports
``_pyxis.asyncio_js``, which installs the WebLoop as it loads."""

import sys

__all__ = ["install"]


def _asyncio_loaded():
    """What asyncio gets once it has loaded: the selector loop's self-pipe,
    then the WebLoop. (When _pyxis.asyncio_js is what imports asyncio, it
    installs itself once it has loaded.)"""
    from . import selector_pipe

    selector_pipe.install()
    if "_pyxis.asyncio_js" not in sys.modules:
        import _pyxis.asyncio_js  # noqa: F401 - installs the WebLoop


class _Loader:
    """asyncio's own loader, then the WebLoop."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        spec = module.__spec__
        spec.loader = module.__loader__ = self.loader  # asyncio's, from now on
        self.loader.exec_module(module)
        _asyncio_loaded()


class _Finder:
    def find_spec(self, fullname, path=None, target=None):
        if fullname != "asyncio":
            return None
        sys.meta_path.remove(self)
        # The finders after this one, as the import system would ask them.
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find else None
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Loader(spec.loader)
                return spec
        return None


def install():
    """The WebLoop is installed when asyncio is first imported (now, if it
    already is)."""
    if "asyncio" in sys.modules:
        _asyncio_loaded()
    elif not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
