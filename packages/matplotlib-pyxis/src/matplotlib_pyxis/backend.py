"""The backend matplotlib loads (module://matplotlib_pyxis.backend): figures
render with Agg (so savefig works everywhere as with Agg), and
plt.show() / manager.show() shows each open figure —

1. to the plot handler the page registered (pyodide.setPlotHandler(fn)):
   fn(png: Uint8Array, info: {figure, width, height, dpi}); this is how a
   worker (no DOM) or the console page gets plots;
2. else, where there is a DOM, into the page (page.py): the element
   pyodide.setPlotTarget() named, else document.pyodideMplTarget (as in
   Pyodide), else a div appended to document.body; fig.canvas.draw()
   redraws it, the toolbar pans and zooms;
3. else (Node without a handler) a warning, as Agg gives.
"""

import warnings

from matplotlib._pylab_helpers import Gcf
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg


def _settings():
    """The page's settings (js/pyxis.mjs: setPlotTarget, setPlotHandler), or
    None outside pyxis's loader."""
    try:
        import pyodide_js
    except ImportError:
        return None
    return pyodide_js._plots


def _has_dom():
    try:
        from js import document
    except ImportError:
        return False
    return document is not None and hasattr(document, "createElement")


class FigureManagerPyxis(FigureManagerBase):
    def __init__(self, canvas, num):
        # (FigureManagerBase.__init__ sets the title: these first.)
        self.page = None  # page.FigureElement once shown in the page
        self.sent = False  # handed to a plot handler (the console page asks)
        self._title = f"Figure {num}"
        super().__init__(canvas, num)

    def show(self):
        settings = _settings()
        handler = settings.handler if settings is not None else None
        if handler is not None:
            self._send(handler)
        elif _has_dom():
            if self.page is None:
                from . import page

                self.page = page.FigureElement(self, settings)
            self.canvas.draw()
        else:
            warnings.warn(
                "matplotlib_pyxis: nowhere to show the figure (no DOM and no plot handler: "
                "call pyodide.setPlotHandler(fn) in JS, or use savefig)",
                UserWarning,
                stacklevel=2,
            )

    def png(self):
        """The figure as PNG bytes, a JS Uint8Array (the handler's, the
        page's download)."""
        import io

        from pyodide.ffi import to_js

        buf = io.BytesIO()
        self.canvas.figure.savefig(buf, format="png")
        return to_js(buf.getbuffer())

    def _send(self, handler):
        """The figure as PNG bytes to the page's handler."""
        from js import Object
        from pyodide.ffi import to_js

        w, h = self.canvas.get_width_height(physical=True)
        info = {"figure": self.num, "width": w, "height": h, "dpi": self.canvas.figure.dpi, "title": self._title}
        handler(self.png(), to_js(info, dict_converter=Object.fromEntries))
        self.sent = True

    def destroy(self):
        if self.page is not None:
            self.page.remove()
            self.page = None

    def set_window_title(self, title):
        self._title = title
        if self.page is not None:
            self.page.set_title(title)

    def get_window_title(self):
        return self._title

    def resize(self, w, h):
        """matplotlib's request when the figure's size is set
        (set_size_inches(forward=True)): the page's canvas follows the
        figure at the next draw."""
        self.canvas.draw_idle()

    @classmethod
    def pyplot_show(cls, *, block=None):
        for manager in Gcf.get_all_fig_managers():
            manager.show()


class FigureCanvasPyxis(FigureCanvasAgg):
    manager_class = FigureManagerPyxis

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._idle_pending = False

    def draw(self):
        super().draw()
        if self.manager is not None and getattr(self.manager, "page", None) is not None:
            self.manager.page.blit()

    def draw_idle(self, *args, **kwargs):
        """In the page: one redraw on the next turn of the event loop for any
        number of requests (pan and zoom ask on each mouse move)."""
        page = getattr(self.manager, "page", None) if self.manager is not None else None
        if page is None:
            return super().draw_idle(*args, **kwargs)
        if self._idle_pending:
            return
        self._idle_pending = True
        page.later(self._idle_draw)

    def _idle_draw(self):
        self._idle_pending = False
        if self.manager is not None and getattr(self.manager, "page", None) is not None:
            self.draw()


FigureCanvas = FigureCanvasPyxis
FigureManager = FigureManagerPyxis
show = FigureManagerPyxis.pyplot_show
