"""asyncio on the JS event loop: WebLoop schedules callbacks with the host's
timers, so asyncio.sleep, create_task, gather and wait_for work without
blocking; JS promises can be awaited, and Python awaitables become promises.
"""

import asyncio
import contextvars
import time

import _pyxis_core
from _pyxis_core import JsProxy, create_once_callable, create_proxy

js = _pyxis_core.js_global()
_IMPLICIT = (type(None), bool, int, float, str, JsProxy)


class WebLoop(asyncio.AbstractEventLoop):
    """An event loop that never blocks: the JS event loop runs it."""

    def __init__(self):
        self._closed = False
        self._debug = False
        self._exception_handler = None
        self._task_factory = None
        self._timers = {}  # TimerHandle -> (JS timer id, its callback proxy)
        # A macrotask, so a busy Python loop still lets JS I/O run between
        # steps: setImmediate in Node; in browsers a MessageChannel message
        # (setTimeout(0) is clamped to 4 ms when nested).
        self._soon = getattr(js, "setImmediate", None) or _message_channel_scheduler()

    # Scheduling
    def time(self):
        return time.monotonic()

    def call_soon(self, callback, *args, context=None):
        handle = asyncio.Handle(callback, args, self, context=context)
        self._soon(create_once_callable(lambda: None if handle.cancelled() else handle._run()))
        return handle

    call_soon_threadsafe = call_soon

    def call_later(self, delay, callback, *args, context=None):
        if delay <= 0:
            return self.call_soon(callback, *args, context=context)
        handle = asyncio.TimerHandle(self.time() + delay, callback, args, self, context=context)

        def fire():
            self._timers.pop(handle, None)
            proxy.destroy()
            handle._run()

        proxy = create_proxy(fire)
        self._timers[handle] = (js.setTimeout(proxy, delay * 1000), proxy)
        return handle

    def call_at(self, when, callback, *args, context=None):
        return self.call_later(when - self.time(), callback, *args, context=context)

    def _timer_handle_cancelled(self, handle):
        # TimerHandle.cancel(): stop the JS timer and release its callback, so
        # a cancelled timeout (wait_for's, say) keeps nothing alive.
        timer = self._timers.pop(handle, None)
        if timer is not None:
            js.clearTimeout(timer[0])
            timer[1].destroy()

    # Futures and tasks
    def create_future(self):
        return asyncio.Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        if self._task_factory is not None:
            return self._task_factory(self, coro)
        return asyncio.Task(coro, loop=self, name=name, context=context)

    def set_task_factory(self, factory):
        self._task_factory = factory

    def get_task_factory(self):
        return self._task_factory

    # State
    def is_running(self):
        return True

    def is_closed(self):
        return self._closed

    def close(self):
        raise RuntimeError("the WebLoop cannot be closed: the JS event loop runs it")

    def run_until_complete(self, future):
        raise RuntimeError("the WebLoop cannot block: await the future instead (use runPythonAsync)")

    def run_forever(self):
        raise RuntimeError("the WebLoop runs by itself; run_forever is not needed")

    def stop(self):
        pass

    def get_debug(self):
        return self._debug

    def set_debug(self, enabled):
        self._debug = enabled

    async def shutdown_asyncgens(self):
        pass

    async def shutdown_default_executor(self, timeout=None):
        pass

    # Errors
    def default_exception_handler(self, context):
        message = context.get("message", "Unhandled exception in event loop")
        exc = context.get("exception")
        import sys
        import traceback

        print(message, file=sys.stderr)
        if exc is not None:
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)

    def set_exception_handler(self, handler):
        self._exception_handler = handler

    def get_exception_handler(self):
        return self._exception_handler

    def call_exception_handler(self, context):
        if self._exception_handler is None:
            self.default_exception_handler(context)
        else:
            self._exception_handler(self, context)


def _message_channel_scheduler():
    channel = getattr(js, "MessageChannel", None)
    if channel is None:
        return lambda f: js.setTimeout(f, 0)
    channel = channel.new()
    queue = []

    def on_message(_event):
        if queue:
            queue.pop(0)()

    # Lives as long as the runtime: never destroyed.
    channel.port1.onmessage = create_proxy(on_message)

    def soon(f):
        queue.append(f)
        channel.port2.postMessage(None)

    return soon


_loop = WebLoop()


class WebLoopPolicy(asyncio.DefaultEventLoopPolicy):
    def get_event_loop(self):
        return _loop

    def new_event_loop(self):
        return _loop


def install():
    asyncio.set_event_loop_policy(WebLoopPolicy())
    asyncio.set_event_loop(_loop)
    asyncio.events._set_running_loop(_loop)


def await_js(promise):
    """An asyncio future settled by a JS thenable."""
    fut = _loop.create_future()
    callbacks = []

    def settle(setter):
        def callback(value=None):
            for c in callbacks:
                c.destroy()
            if not fut.done():
                setter(value)

        return callback

    def reject(value):
        fut.set_exception(_pyxis_core.exception_from_js(value))

    callbacks.append(create_proxy(settle(fut.set_result)))
    callbacks.append(create_proxy(settle(reject)))
    promise.then(*callbacks)
    return fut


def _owned(value):
    """A value handed to JS code that keeps it: not a borrowed proxy."""
    return value if isinstance(value, _IMPLICIT) else create_proxy(value)


def to_promise(awaitable):
    """A JS Promise settled by a Python awaitable."""
    fut = asyncio.ensure_future(awaitable)

    def executor(resolve, reject):
        def done(f):
            try:
                value = f.result()
            except BaseException as e:  # noqa: B036 - every outcome goes to JS
                reject(_pyxis_core.to_js_error(e))
            else:
                resolve(_owned(value))

        fut.add_done_callback(done)

    return js.Promise.new(create_once_callable(executor))
