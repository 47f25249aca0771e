"""asyncio's selector event loop without sockets (_pyxis/selector_pipe.py):
it runs timers, callbacks, futures and tasks, wakes from
call_soon_threadsafe, and gives its pipe back when closed."""

import asyncio
import os
import selectors

import pytest


@pytest.mark.parametrize("factory", [asyncio.EventLoop, asyncio.SelectorEventLoop])
def test_selector_loop_runs_tasks(factory):
    async def main():
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        loop.call_later(0.01, fut.set_result, "timer")
        woken = loop.create_future()
        loop.call_soon_threadsafe(woken.set_result, "woken")
        results = await asyncio.gather(fut, woken, asyncio.sleep(0.01, "slept"))
        async with asyncio.TaskGroup() as tg:
            t = tg.create_task(asyncio.sleep(0, "task"))
        return results + [t.result(), type(loop).__name__]

    with asyncio.Runner(loop_factory=factory) as runner:
        got = runner.run(main())
    assert got == ["timer", "woken", "slept", "task", factory.__name__]


def test_self_pipe_is_a_pipe_and_closes():
    loop = asyncio.SelectorEventLoop()
    try:
        assert isinstance(loop._selector, selectors.BaseSelector)
        r, w = loop._ssock.fileno(), loop._csock.fileno()
        assert r >= 0 and w >= 0
        loop._write_to_self()
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        loop.close()
    for fd in (r, w):
        with pytest.raises(OSError):
            os.fstat(fd)


def test_network_still_needs_sockets():
    async def main():
        await asyncio.open_connection("127.0.0.1", 9)

    with pytest.raises(OSError):
        asyncio.run(main(), loop_factory=asyncio.EventLoop)
