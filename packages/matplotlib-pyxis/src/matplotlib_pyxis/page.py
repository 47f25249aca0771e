"""A figure in the page: a <div class="pyxis-mpl-figure"> holding a title, a
toolbar (home, back, forward, pan, zoom, download) and a <canvas> that shows
Agg's buffer (at the screen's device pixel ratio); the canvas's mouse and
wheel events become matplotlib's events, so pan, zoom and widgets work.
The div can be resized (its corner, or its style from JS): the figure is
resized to fill it and redrawn. Every JS callback made here is destroyed
when the figure closes."""

from js import ImageData, ResizeObserver, Uint8ClampedArray, document, setTimeout, window
from matplotlib.backend_bases import LocationEvent, MouseButton, MouseEvent, NavigationToolbar2
from pyodide.ffi import create_once_callable, create_proxy, to_js

BUTTONS = {0: MouseButton.LEFT, 1: MouseButton.MIDDLE, 2: MouseButton.RIGHT}
TOOLS = ("home", "back", "forward", "pan", "zoom", "save_figure")
STYLE = "display:inline-block;position:relative;margin:4px;font:12px sans-serif;resize:both;overflow:hidden"


def _target(settings):
    """Where figures go: pyodide.setPlotTarget()'s element (or id), else
    document.pyodideMplTarget, else document.body."""
    target = settings.target if settings is not None else None
    if isinstance(target, str):
        element = document.getElementById(target)
        if not element:
            raise ValueError(f"matplotlib_pyxis: no element with id {target!r} (pyodide.setPlotTarget)")
        return element
    if target:
        return target
    target = getattr(document, "pyodideMplTarget", None)
    return target if target else document.body


class Toolbar(NavigationToolbar2):
    toolitems = [t for t in NavigationToolbar2.toolitems if t[0] and t[3] in TOOLS]

    def __init__(self, canvas, element):
        self.element = element
        super().__init__(canvas)

    def set_message(self, s):
        self.element.message.textContent = s

    def draw_rubberband(self, event, x0, y0, x1, y1):
        dpr = self.canvas.device_pixel_ratio
        height = self.canvas.figure.bbox.height
        left, right = sorted((x0, x1))
        top, bottom = sorted((height - y0, height - y1))
        style = self.element.rubberband.style
        style.display = "block"
        style.left = f"{left / dpr}px"
        style.top = f"{top / dpr + self.element.canvas.offsetTop}px"
        style.width = f"{(right - left) / dpr}px"
        style.height = f"{(bottom - top) / dpr}px"

    def remove_rubberband(self):
        self.element.rubberband.style.display = "none"

    def pan(self, *args):
        super().pan(*args)
        self.element.mark_mode(self.mode.name)

    def zoom(self, *args):
        super().zoom(*args)
        self.element.mark_mode(self.mode.name)

    def save_figure(self, *args):
        self.element.download()


class FigureElement:
    def __init__(self, manager, settings):
        self.manager = manager
        self.canvas = manager.canvas
        self.proxies = []
        self.canvas._set_device_pixel_ratio(window.devicePixelRatio or 1)

        root = document.createElement("div")
        root.id = f"matplotlib_{manager.num}"
        root.className = "pyxis-mpl-figure"
        root.setAttribute("style", STYLE)
        self.root = root
        self.title = self._child("div", "pyxis-mpl-title", "font-weight:bold")
        self.title.textContent = manager.get_window_title()
        bar = self._child("div", "pyxis-mpl-toolbar", "display:flex;gap:2px;align-items:center")
        self.buttons = {}
        for text, tooltip, _image, method in Toolbar.toolitems:
            b = document.createElement("button")
            b.textContent = "Download" if method == "save_figure" else text
            b.title = tooltip
            b.className = f"pyxis-mpl-{method}"
            self._listen(b, "click", lambda ev, m=method: getattr(self.toolbar, m)())
            bar.appendChild(b)
            self.buttons[method] = b
        self.message = document.createElement("span")
        self.message.setAttribute("style", "margin-left:8px;color:#444")
        bar.appendChild(self.message)
        self.canvas_el = self._child("canvas", "pyxis-mpl-canvas", "display:block")
        self.canvas_el.tabIndex = 0
        self.context = self.canvas_el.getContext("2d")
        self.rubberband = self._child(
            "div", "pyxis-mpl-rubberband", "position:absolute;display:none;border:1px dashed #000;pointer-events:none"
        )
        for js_name, handler in (
            ("mousedown", self._press),
            ("mouseup", self._release),
            ("mousemove", self._move),
            ("wheel", self._wheel),
            ("mouseenter", self._enter),
            ("mouseleave", self._leave),
            ("contextmenu", lambda ev: ev.preventDefault()),
            ("dblclick", self._dblclick),
        ):
            self._listen(self.canvas_el, js_name, handler)
        self.toolbar = Toolbar(self.canvas, self)
        manager.toolbar = self.toolbar
        _target(settings).appendChild(root)
        self._on_resize = create_proxy(self._resized)
        self.observer = ResizeObserver.new(self._on_resize)
        self.observer.observe(root)

    def _child(self, tag, cls, style):
        el = document.createElement(tag)
        el.className = cls
        el.setAttribute("style", style)
        self.root.appendChild(el)
        return el

    def _listen(self, el, name, fn):
        proxy = create_proxy(fn)
        el.addEventListener(name, proxy)
        self.proxies.append((el, name, proxy))

    # --- drawing
    def blit(self):
        """Agg's buffer into the <canvas> (its size follows the figure's)."""
        renderer = self.canvas.get_renderer()
        w, h = int(renderer.width), int(renderer.height)
        dpr = self.canvas.device_pixel_ratio
        if self.canvas_el.width != w or self.canvas_el.height != h:
            self.canvas_el.width, self.canvas_el.height = w, h
            self.canvas_el.style.width = f"{w / dpr}px"
            self.canvas_el.style.height = f"{h / dpr}px"
        pixels = to_js(memoryview(renderer.buffer_rgba()).cast("B"))
        clamped = Uint8ClampedArray.new(pixels.buffer, pixels.byteOffset, pixels.length)
        self.context.putImageData(ImageData.new(clamped, w, h), 0, 0)

    def later(self, fn):
        setTimeout(create_once_callable(fn), 0)

    def set_title(self, title):
        self.title.textContent = title

    def mark_mode(self, mode):
        for method in ("pan", "zoom"):
            self.buttons[method].style.fontWeight = "bold" if mode.lower() == method else ""

    def download(self):
        from js import URL, Blob, Object

        blob = Blob.new([self.manager.png()], to_js({"type": "image/png"}, dict_converter=Object.fromEntries))
        url = URL.createObjectURL(blob)
        a = document.createElement("a")
        a.href = url
        a.download = f"{self.manager.get_window_title() or 'figure'}.png"
        a.click()
        URL.revokeObjectURL(url)

    def _resized(self, entries, observer):
        """The div was given a size (its resize corner, or its style): the
        canvas takes the room the title and the toolbar leave (CSS pixels);
        the figure follows if that differs from its size by a pixel or more.
        Until then the div fits the figure (a toolbar wider than a small
        figure does not stretch it)."""
        if not self.root.style.width and not self.root.style.height:
            return
        width = self.root.clientWidth
        height = self.root.clientHeight - self.canvas_el.offsetTop
        dpr = self.canvas.device_pixel_ratio
        w, h = self.canvas.get_width_height(physical=True)
        if width > 10 and height > 10 and (abs(width - w / dpr) >= 1 or abs(height - h / dpr) >= 1):
            dpi = self.canvas.figure.dpi
            self.canvas.figure.set_size_inches(width * dpr / dpi, height * dpr / dpi, forward=False)
            self.canvas.draw_idle()

    def remove(self):
        self.observer.disconnect()
        self._on_resize.destroy()
        for el, name, proxy in self.proxies:
            el.removeEventListener(name, proxy)
            proxy.destroy()
        self.proxies = []
        self.root.remove()

    # --- events: CSS pixels from the top left -> physical pixels from the bottom left
    def _xy(self, ev):
        dpr = self.canvas.device_pixel_ratio
        return ev.offsetX * dpr, self.canvas.figure.bbox.height - ev.offsetY * dpr

    def _mouse(self, name, ev, **kw):
        x, y = self._xy(ev)
        MouseEvent(name, self.canvas, x, y, guiEvent=ev, **kw)._process()

    def _press(self, ev):
        self.canvas_el.focus()
        self._mouse("button_press_event", ev, button=BUTTONS.get(ev.button))

    def _dblclick(self, ev):
        self._mouse("button_press_event", ev, button=BUTTONS.get(ev.button), dblclick=True)

    def _release(self, ev):
        self._mouse("button_release_event", ev, button=BUTTONS.get(ev.button))

    def _move(self, ev):
        buttons = {b for bit, b in ((1, MouseButton.LEFT), (2, MouseButton.RIGHT), (4, MouseButton.MIDDLE))
                   if ev.buttons & bit}
        self._mouse("motion_notify_event", ev, buttons=buttons)

    def _wheel(self, ev):
        ev.preventDefault()
        self._mouse("scroll_event", ev, step=-1 if ev.deltaY > 0 else 1)

    def _enter(self, ev):
        x, y = self._xy(ev)
        LocationEvent("figure_enter_event", self.canvas, x, y, guiEvent=ev)._process()

    def _leave(self, ev):
        LocationEvent("figure_leave_event", self.canvas, None, None, guiEvent=ev)._process()

