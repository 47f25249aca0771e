"""The REPL behind dist/console.html (driven by console-worker.mjs): lines
are pushed one at a time; a complete statement runs in __main__ like the
interactive interpreter ("single" mode: expression values are echoed), with
top-level await. Errors print as tracebacks on stderr without this module's
frames. micropip's progress (Collecting, Downloading, Successfully installed)
shows in the page. A value with an HTML representation (`_repr_html_`, as
IPython shows a pandas DataFrame) is handed to `display_html` as that HTML
and its plain repr. matplotlib figures a statement leaves open are shown
after it (pyxis's backend hands them to the page's plot handler) and closed,
as IPython's inline plots are."""

import ast
import codeop
import inspect
import logging
import sys
import traceback

_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


class Console:
    def __init__(self, filename: str = "<console>", display_html=None) -> None:
        self.filename = filename
        self.display_html = display_html
        self.buffer: list[str] = []
        self.globals = sys.modules["__main__"].__dict__
        self._compile = codeop.CommandCompiler()
        self._compile.compiler.flags |= _FLAGS
        self._code = None
        self.source = ""
        # micropip logs its progress at INFO on stdout (its own handler)
        logging.getLogger("micropip").setLevel(logging.INFO)

    def push(self, line: str) -> str:
        """Adds a line: "incomplete" (more lines needed), "error" (a syntax
        error, printed; the buffer is reset) or "complete" (run() runs it)."""
        self.buffer.append(line)
        source = "\n".join(self.buffer)
        try:
            code = self._compile(source, self.filename, "single")
        except (SyntaxError, OverflowError, ValueError) as exc:
            self.buffer = []
            traceback.print_exception(type(exc), exc, None, file=sys.stderr)
            return "error"
        if code is None:
            return "incomplete"
        self.buffer = []
        self._code = code
        self.source = source
        self._register(source)
        return "complete"

    def reset(self) -> None:
        self.buffer = []
        self._code = None

    def _register(self, source: str) -> None:
        import linecache

        linecache.cache[self.filename] = (len(source), None, source.splitlines(True), self.filename)

    def _report(self, exc: BaseException) -> None:
        tb = exc.__traceback__
        # Drop this module's frames (run / _finish).
        while tb is not None and tb.tb_frame.f_globals.get("__name__") == __name__:
            tb = tb.tb_next
        traceback.print_exception(type(exc), exc, tb, file=sys.stderr)

    def displayhook(self, value) -> None:
        """sys.displayhook while a statement runs: an expression's value as
        HTML when it has an HTML representation, else as its repr."""
        if value is None:
            return
        html = None
        method = getattr(value, "_repr_html_", None)
        if self.display_html is not None and callable(method) and not isinstance(value, type):
            try:
                html = method()
            except Exception:
                html = None  # as IPython: a failing rich repr falls back to the plain one
        if not isinstance(html, str):
            sys.__displayhook__(value)
            return
        self.globals["_"] = value
        sys.stdout.flush()
        self.display_html(html, repr(value))

    def run(self):
        """Runs the complete statement: returns None, or a coroutine to await
        when it used top-level await."""
        code, self._code = self._code, None
        if code is None:
            return None
        sys.displayhook = self.displayhook
        try:
            result = eval(code, self.globals)
        except BaseException as exc:  # KeyboardInterrupt and SystemExit too
            self._report(exc)
            return None
        if inspect.iscoroutine(result):
            return self._finish(result)
        self._show_figures()
        return None

    def _show_figures(self) -> None:
        """Figures the statement drew and did not show yet, shown (with
        pyxis's backend: to the plot handler), then all closed."""
        plt = sys.modules.get("matplotlib.pyplot")
        backend = sys.modules.get("matplotlib_pyxis.backend")
        if plt is None or backend is None or not plt.get_fignums():
            return
        sys.stdout.flush()
        try:
            from matplotlib._pylab_helpers import Gcf

            for manager in Gcf.get_all_fig_managers():
                if isinstance(manager, backend.FigureManagerPyxis) and (
                    not manager.sent or manager.canvas.figure.stale
                ):
                    manager.show()
        except Exception as exc:
            self._report(exc)
        finally:
            plt.close("all")

    async def _finish(self, coro) -> None:
        try:
            await coro
        except BaseException as exc:
            self._report(exc)
        else:
            self._show_figures()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
