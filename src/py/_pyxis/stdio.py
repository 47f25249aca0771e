"""sys.stdin, sys.stdout and sys.stderr over file descriptors 0, 1 and 2 whose
I/O errors say what went wrong.

The JS handlers behind the descriptors (setStdin/setStdout/setStderr,
js/streams.mjs) turn an exception into EIO; the raw file here then asks JS
for that exception's text and raises ``OSError(EIO, "I/O error (stdout
handler raised: Error: boom)")`` instead of a bare "Input/output error"
(Pyodide's text, "[Errno 29] I/O error", comes first). Otherwise the streams
are what CPython makes (same encoding, errors, newline handling), except that
stdout and stderr are line-buffered (unbuffered with PYTHONUNBUFFERED).
"""

import errno
import io
import sys

_LABELS = {0: "stdin", 1: "stdout", 2: "stderr"}


class StdFileIO(io.FileIO):
    """A FileIO over a standard descriptor that explains EIO errors."""

    def __init__(self, fd, mode, take_error):
        super().__init__(fd, mode, closefd=False)
        self._take_error = take_error
        self.name = f"<{_LABELS[fd]}>"

    def _explain(self, exc):
        if exc.errno != errno.EIO:
            return exc
        try:
            text = self._take_error(self.fileno())
        except Exception:  # the explanation must never hide the error
            text = None
        if not text:
            return exc
        return OSError(errno.EIO, f"I/O error ({_LABELS[self.fileno()]} handler raised: {text})")

    def write(self, b):
        try:
            return super().write(b)
        except OSError as exc:
            raise self._explain(exc) from None

    def readinto(self, b):
        try:
            return super().readinto(b)
        except OSError as exc:
            raise self._explain(exc) from None

    def read(self, size=-1):
        try:
            return super().read(size)
        except OSError as exc:
            raise self._explain(exc) from None

    def readall(self):
        try:
            return super().readall()
        except OSError as exc:
            raise self._explain(exc) from None


def _rebuild(old, fd, take_error):
    """A new text stream like ``old`` (CPython's) over a StdFileIO."""
    reading = fd == 0
    raw = StdFileIO(fd, "rb" if reading else "wb", take_error)
    unbuffered = not reading and isinstance(old.buffer, io.FileIO)
    if reading:
        buffer = io.BufferedReader(raw)
    elif unbuffered:
        buffer = raw  # PYTHONUNBUFFERED / -u: CPython's buffered_stdio = 0
    else:
        buffer = io.BufferedWriter(raw)
    text = io.TextIOWrapper(
        buffer,
        encoding=old.encoding,
        errors=old.errors,
        newline="\n",
        # Output is line-buffered, whatever the handler (as in Pyodide): a
        # partial line waits for its newline or a flush.
        line_buffering=not reading and not unbuffered,
        write_through=unbuffered,
    )
    text.mode = "r" if reading else "w"
    return text


def install(take_error):
    """Replace sys.std* (and sys.__std*__); ``take_error(fd)`` returns the
    text of the last JS handler error of fd (then forgets it), or None."""
    for fd, name in _LABELS.items():
        old = getattr(sys, name)
        if old is None:
            continue
        try:
            old.flush()
        except (OSError, ValueError):
            pass
        new = _rebuild(old, fd, take_error)
        if getattr(sys, f"__{name}__") is old:
            setattr(sys, f"__{name}__", new)
        setattr(sys, name, new)


def flush():
    """Flush sys.stdout and sys.stderr (errors are left to the next write)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
