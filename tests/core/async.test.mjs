// async across the boundary: top-level await, Python awaiting JS promises, JS
// awaiting Python coroutines, rejections, and asyncio timers on JS timers.
import { loadCaptured } from "../helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
});
beforeEach(() => (out.length = 0));

describe("async", () => {
  test("start-up does not import asyncio; its first import, however made, runs on the WebLoop", async () => {
    for (const first of [
      "import asyncio",
      "import asyncio.events",
      "from asyncio import sleep",
      "import concurrent.futures, asyncio.tasks",
    ]) {
      const { pyodide: py } = await loadCaptured();
      expect(py.runPython("import sys; 'asyncio' in sys.modules")).toBe(false);
      expect(
        py
          .runPython(
            `
${first}
import asyncio
loop = asyncio.get_event_loop()
[type(loop).__name__, asyncio.get_running_loop() is loop,
 type(asyncio.get_event_loop_policy()).__name__, type(asyncio.__spec__.loader).__name__]`,
          )
          .toJs(),
      ).toEqual(["WebLoop", true, "WebLoopPolicy", "zipimporter"]); // asyncio's own loader again
      expect(await py.runPythonAsync("await asyncio.sleep(0.001); 7")).toBe(7);
    }
    // runPythonAsync before any import: _pyxis.asyncio_js imports asyncio itself.
    const { pyodide: py } = await loadCaptured();
    expect(
      await py.runPythonAsync(
        "import asyncio\nawait asyncio.sleep(0.001)\ntype(asyncio.get_running_loop()).__name__",
      ),
    ).toBe("WebLoop");
  });

  test("runPythonAsync with top-level await, asyncio.sleep, gather, wait_for", async () => {
    const r = await pyodide.runPythonAsync(`
import asyncio
async def work(n):
    await asyncio.sleep(0.01)
    return n * 2
results = await asyncio.gather(work(1), work(2), asyncio.create_task(work(3)))
try:
    await asyncio.wait_for(asyncio.sleep(10), 0.01)
except TimeoutError:
    results.append('timeout')
str(results)`);
    expect(r).toBe("[2, 4, 6, 'timeout']");
  });

  test("Python awaits JS promises; rejections raise", async () => {
    globalThis.pyxisTest = {
      later: (v) => new Promise((res) => setTimeout(() => res(v), 5)),
      fail: () => Promise.reject(new Error("nope")),
    };
    expect(
      await pyodide.runPythonAsync("from js import pyxisTest\nawait pyxisTest.later(41) + 1"),
    ).toBe(42);
    await expect(pyodide.runPythonAsync("await pyxisTest.fail()")).rejects.toThrow(/nope/);
  });

  test("a Python coroutine is awaitable in JS", async () => {
    const coro = pyodide.runPython(
      "import asyncio\nasync def f():\n    await asyncio.sleep(0)\n    return 'done'\nf()",
    );
    expect(await coro).toBe("done");
  });

  test("a Python exception rejects the promise with a PythonError", async () => {
    await expect(pyodide.runPythonAsync("raise ValueError('async bad')")).rejects.toThrow(
      /ValueError: async bad/,
    );
  });
});

test("a cancelled asyncio timer stops its JS timer and keeps no proxy", async () => {
  const { pyodide: py } = await (await import("../helpers.mjs")).loadCaptured();
  const cleared = [];
  const clear = globalThis.clearTimeout;
  globalThis.clearTimeout = (id) => (cleared.push(id), clear(id));
  try {
    const r = await py.runPythonAsync(`
import asyncio
try:
    await asyncio.wait_for(asyncio.sleep(3600), 0.01)
except TimeoutError:
    r = 'timeout'
r`);
    expect(r).toBe("timeout");
  } finally {
    globalThis.clearTimeout = clear;
  }
  expect(cleared.length).toBe(1); // the hour-long sleep's timer
  expect(py.runPython("len(asyncio.get_event_loop()._timers)")).toBe(0);
});
