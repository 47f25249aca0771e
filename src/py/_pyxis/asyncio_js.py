"""asyncio on the JS event loop: WebLoop schedules callbacks with the host's
timers, so asyncio.sleep, create_task, gather and wait_for work without
blocking; JS promises can be awaited, and Python awaitables become promises.

``asyncio.run(main())`` while the WebLoop runs (runPython, runPythonAsync)
behaves as in Pyodide without stack switching: it schedules ``main()`` as a
task and returns the task (await it, or let runPythonAsync's promise settle
with it). The CLI instead calls ``use_blocking_loop()``: there is no running
loop at a script's top level and ``asyncio.run`` runs a real blocking event
loop (``BlockingLoop``, asyncio's own ``BaseEventLoop``), as ``python`` does.

Importing this module installs the WebLoop (``install``); the runtime
imports it when asyncio is first imported (``_pyxis.asyncio_hook``).
"""

import asyncio
import functools
import time

import _pyxis_core
from _pyxis_core import create_once_callable, create_proxy

from .jsvalues import CONVERTS_IMPLICITLY

js = _pyxis_core.js_global()


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
        self._soon(create_once_callable(functools.partial(_run_handle, handle)))
        return handle

    call_soon_threadsafe = call_soon

    def call_later(self, delay, callback, *args, context=None):
        if delay <= 0:
            return self.call_soon(callback, *args, context=context)
        handle = asyncio.TimerHandle(self.time() + delay, callback, args, self, context=context)
        proxy = create_proxy(functools.partial(_fire_timer, self, handle))
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
        """As in Pyodide (without stack switching): the WebLoop cannot block,
        so this schedules ``future`` (a coroutine becomes a task) and returns
        it; await it, or return it to JS, where it is a thenable."""
        return asyncio.ensure_future(future, loop=self)

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
        # As Pyodide's WebLoop reports it (first line), then what asyncio
        # said and about which future or handle.
        exc = context.get("exception")
        import sys
        import traceback

        lines = ["Unhandled exception in event loop"]
        if context.get("message"):
            lines[0] += f": {context['message']}"
        for key in ("future", "task", "handle"):
            if context.get(key) is not None:
                lines.append(f"{key}: {context[key]!r}")
        print("\n".join(lines), file=sys.stderr)
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


# A callback's frames must not keep its handle: an exception's traceback
# keeps the frames it passed (and their callers), and a task whose exception
# nobody retrieved would then sit in a reference cycle until the next garbage
# collection instead of being reported (and freed) when its last reference
# goes. (asyncio's Handle._run clears its own `self` for the same reason.)
def _run_handle(handle):
    if not handle.cancelled():
        handle._run()
    handle = None  # noqa: F841


def _fire_timer(loop, handle):
    timer = loop._timers.pop(handle, None)
    if timer is not None:
        timer[1].destroy()
    handle._run()
    loop = handle = timer = None  # noqa: F841


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
    asyncio.run = asyncio.runners.run = _run


_native_run = asyncio.run


@functools.wraps(_native_run)
def _run(main, *, debug=None, loop_factory=None):
    """asyncio.run: on the WebLoop (always running in a JS host) it schedules
    ``main`` and returns its task, as Pyodide does; with no running loop (the
    CLI) or a loop_factory, it is asyncio's own."""
    if loop_factory is None and asyncio.events._get_running_loop() is _loop:
        if not asyncio.iscoroutine(main):
            raise ValueError(f"a coroutine was expected, got {main!r}")
        if debug is not None:
            _loop.set_debug(debug)
        return _loop.run_until_complete(main)
    return _native_run(main, debug=debug, loop_factory=loop_factory)


# --- The CLI: a blocking event loop, as in python ---------------------------


class _IdleSelector:
    """What BaseEventLoop waits on between steps: there is no I/O to watch
    here, so waiting is sleeping until the next timer (without busy-waiting:
    Atomics.wait, which Node allows on its main thread)."""

    def __init__(self):
        self._cell = None

    def select(self, timeout):
        if timeout is None:
            raise RuntimeError(
                "the event loop has nothing left to run and no timer set: every task waits for "
                "something that cannot happen while Python blocks the JS event loop (python "
                "would wait forever here)"
            )
        if timeout > 0:
            self._sleep(timeout)
        return []

    def _sleep(self, seconds):
        try:
            if self._cell is None:
                self._cell = js.Int32Array.new(js.SharedArrayBuffer.new(4))
            js.Atomics.wait(self._cell, 0, 0, seconds * 1000)
        except Exception:  # noqa: BLE001 - no SharedArrayBuffer / Atomics.wait here
            time.sleep(seconds)

    def close(self):
        pass


class BlockingLoop(asyncio.BaseEventLoop):
    """asyncio's own event loop (BaseEventLoop: same scheduling, same order
    of callbacks as python's), blocking the JS event loop while it runs: for
    the CLI, where ``asyncio.run`` must return only when its coroutine is done.
    No sockets or subprocesses; JS promises cannot be awaited inside it."""

    def __init__(self):
        super().__init__()
        self._selector = _IdleSelector()

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


class BlockingLoopPolicy(asyncio.events.BaseDefaultEventLoopPolicy):
    _loop_factory = BlockingLoop


def use_blocking_loop():
    """The CLI's asyncio: no running loop at a script's top level, and event
    loops (asyncio.run, new_event_loop, get_event_loop) are BlockingLoops."""
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop_policy(BlockingLoopPolicy())
    asyncio.run = asyncio.runners.run = _native_run


def await_js(promise):
    """An asyncio future settled by a JS thenable."""
    if not callable(getattr(promise, "then", None)):
        # It had a then() when its proxy was made (JsProxy's capabilities are
        # read then), but not any more: as Python says of a non-awaitable.
        raise TypeError(f"object {promise!r} can't be used in 'await' expression")
    if isinstance(asyncio.events._get_running_loop(), BlockingLoop):
        raise RuntimeError(
            "cannot await a JS promise inside asyncio.run in the pyxis CLI: its event loop blocks "
            "the JS event loop, so the promise could never settle"
        )
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


def start_coroutine(coro):
    """A coroutine made by a call from JS of a coroutine function, as
    Pyodide does: running at once (a Task on the JS event loop), and the JS
    caller gets a Promise of its result, which it can await or drop. (A
    result that is itself awaitable is adopted by the Promise, as JS does.)"""
    return to_promise(coro)


def _owned(value):
    """A value handed to JS code that keeps it: not a borrowed proxy."""
    return value if isinstance(value, CONVERTS_IMPLICITLY) else create_proxy(value)


def to_promise(awaitable):
    """A JS Promise settled by a Python awaitable."""
    fut = asyncio.ensure_future(awaitable, loop=_loop)

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


install()  # the WebLoop, as this module loads (_pyxis.asyncio_hook)
