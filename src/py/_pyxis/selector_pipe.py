"""asyncio's selector event loop (``asyncio.EventLoop``,
``SelectorEventLoop``, what ``asyncio.Runner(loop_factory=...)`` and
``IsolatedAsyncioTestCase`` often ask for) without sockets: its self-pipe,
which wakes the loop from a signal handler or ``call_soon_threadsafe``, is a
``socket.socketpair()``, and Emscripten has none (the fallback needs a
listening socket). Here it is an ``os.pipe()``, which the selectors poll as
they would a socket, so the loop runs timers, callbacks, futures and tasks;
network transports still need sockets. Installed when asyncio is imported
(``asyncio_hook``)."""

import os
import sys

__all__ = ["install"]


class PipeEnd:
    """One end of an ``os.pipe()`` with the socket methods the self-pipe
    uses (``fileno``, ``setblocking``, ``recv``, ``send``, ``close``)."""

    def __init__(self, fd):
        self._fd = fd

    def fileno(self):
        return self._fd

    def setblocking(self, flag):
        os.set_blocking(self._fd, flag)

    def recv(self, size):
        return os.read(self._fd, size)

    def send(self, data):
        return os.write(self._fd, data)

    def close(self):
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)

    def __repr__(self):
        return f"<pyxis self-pipe end fd={self._fd}>"


def _make_self_pipe(self):
    # As BaseSelectorEventLoop._make_self_pipe, over a pipe.
    r, w = os.pipe()
    self._ssock, self._csock = PipeEnd(r), PipeEnd(w)
    self._ssock.setblocking(False)
    self._csock.setblocking(False)
    self._internal_fds += 1
    self._add_reader(self._ssock.fileno(), self._read_from_self)


def install():
    """Give the selector loop a pipe for a self-pipe where the socket module
    has no native socketpair (Emscripten)."""
    import _socket

    if sys.platform != "emscripten" or hasattr(_socket, "socketpair"):
        return
    from asyncio import selector_events

    selector_events.BaseSelectorEventLoop._make_self_pipe = _make_self_pipe
