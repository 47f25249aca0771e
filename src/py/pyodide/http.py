"""pyodide.http: HTTP from Python through the JS host (Pyodide's names).

``await pyfetch(url, **options)`` calls the Fetch API (``options`` are fetch's:
method, headers, body, ...) and returns a :class:`FetchResponse`;
``open_url(url)`` fetches synchronously with an XMLHttpRequest (browsers and
workers) and returns an ``io.StringIO``. A network failure raises ``OSError``
saying so; a status outside 200-299 raises :class:`HttpStatusError` from
``open_url`` and from ``FetchResponse.raise_for_status()``.
"""

import io
import json as _json

from .ffi import JsException, to_js

__all__ = [
    "pyfetch", "open_url", "FetchResponse", "HttpStatusError", "BodyUsedError", "AbortError",
]


class HttpStatusError(OSError):
    """A response whose status is not 2xx (raise_for_status, open_url)."""

    def __init__(self, status: int, status_text: str, url: str) -> None:
        self.status = status
        self.status_text = status_text
        self.url = url
        kind = "Client" if 400 <= status < 500 else "Server" if status >= 500 else "Unexpected"
        super().__init__(f"{status} {kind} Error: {status_text} for url: {url}")


class BodyUsedError(OSError):
    """The response body was already read (use clone() to read it twice)."""

    def __init__(self, *args) -> None:
        super().__init__(*(args or ("Response body is already used",)))


class AbortError(OSError):
    """The request was aborted (an AbortSignal fired)."""


def _js_message(exc: JsException) -> str:
    err = getattr(exc, "js_error", None)
    try:
        return f"{err.name}: {err.message}"
    except Exception:
        return str(exc)


def _network_error(url: str, exc: JsException) -> OSError:
    err = getattr(exc, "js_error", None)
    if getattr(err, "name", None) == "AbortError":
        return AbortError(f"request to {url} was aborted: {_js_message(exc)}")
    return OSError(
        f"network error fetching {url}: {_js_message(exc)} (the server is unreachable, or "
        "the browser blocked the request: CORS, mixed content, or cross-origin isolation)"
    )


class FetchResponse:
    """A fetch() Response: status, ok, headers, and the body as text(), json(),
    bytes(), buffer() or memoryview() (each awaitable, readable once)."""

    def __init__(self, url: str, js_response) -> None:
        self._url = url
        self.js_response = js_response

    def __repr__(self) -> str:
        return f"<FetchResponse [{self.status}] {self.url}>"

    @property
    def body_used(self) -> bool:
        return bool(self.js_response.bodyUsed)

    @property
    def headers(self) -> dict[str, str]:
        return {k: v for k, v in self.js_response.headers.entries()}

    @property
    def ok(self) -> bool:
        return bool(self.js_response.ok)

    @property
    def redirected(self) -> bool:
        return bool(self.js_response.redirected)

    @property
    def status(self) -> int:
        return int(self.js_response.status)

    @property
    def status_text(self) -> str:
        return str(self.js_response.statusText)

    @property
    def type(self) -> str:
        return str(self.js_response.type)

    @property
    def url(self) -> str:
        return str(self.js_response.url) or self._url

    def raise_for_status(self) -> None:
        """Raises HttpStatusError unless the status is 2xx."""
        if not self.ok:
            raise HttpStatusError(self.status, self.status_text, self.url)

    def clone(self) -> "FetchResponse":
        if self.body_used:
            raise BodyUsedError()
        return FetchResponse(self._url, self.js_response.clone())

    async def _read(self, method: str):
        if self.body_used:
            raise BodyUsedError()
        try:
            return await getattr(self.js_response, method)()
        except JsException as exc:
            raise _network_error(self.url, exc) from None

    async def buffer(self):
        """The body as a JS ArrayBuffer (a JsProxy)."""
        return await self._read("arrayBuffer")

    async def bytes(self) -> bytes:
        return (await self._read("arrayBuffer")).to_bytes()

    async def memoryview(self) -> memoryview:
        return memoryview(await self.bytes())

    async def text(self) -> str:
        return str(await self._read("text"))

    async def string(self) -> str:
        return await self.text()

    async def json(self, **kwargs):
        """The body parsed with json.loads (kwargs are json.loads's)."""
        return _json.loads(await self.text(), **kwargs)

    async def unpack_archive(self, *, extract_dir=None, format=None) -> None:
        """Unpacks the body (an archive) into extract_dir (default: the
        current folder). format: as shutil.unpack_archive's, or an extension
        ('.tar.gz', 'whl'); by default the URL's file name says."""
        from _pyxis.archives import unpack_bytes

        name = self.url.rsplit("/", 1)[-1] or "archive"
        unpack_bytes(await self.bytes(), format, extract_dir, name)


async def pyfetch(url: str, **kwargs) -> FetchResponse:
    """fetch(url, options) from Python; kwargs are fetch's options
    (method="POST", headers={...}, body=..., ...)."""
    from js import Object, fetch

    url = str(url)
    try:
        if kwargs:
            js_response = await fetch(url, to_js(kwargs, dict_converter=Object.fromEntries))
        else:
            js_response = await fetch(url)
    except JsException as exc:
        raise _network_error(url, exc) from None
    return FetchResponse(url, js_response)


def open_url(url: str) -> io.StringIO:
    """Fetches url synchronously (XMLHttpRequest) and returns its text as a
    StringIO. Works in browsers and workers, for URLs the page may read."""
    import js

    xhr_class = getattr(js, "XMLHttpRequest", None)
    if xhr_class is None:
        raise OSError("open_url needs XMLHttpRequest (a browser or a worker); use pyfetch here")
    url = str(url)
    req = xhr_class.new()
    try:
        req.open("GET", url, False)
        req.send(None)
    except JsException as exc:
        raise _network_error(url, exc) from None
    if not 200 <= req.status < 300:
        if req.status == 0:
            raise OSError(f"network error fetching {url} (the request was blocked or failed)")
        raise HttpStatusError(int(req.status), str(req.statusText), url)
    return io.StringIO(str(req.responseText))
