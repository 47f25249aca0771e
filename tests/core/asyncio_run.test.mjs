// asyncio.run inside runPython/runPythonAsync, where the WebLoop (on the JS
// event loop) is always running: as in Pyodide without stack switching, it
// schedules the coroutine and returns its task, which JS and Python can await.
import { loadCaptured } from "../helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
  pyodide.runPython(`
import asyncio
async def main(x):
    await asyncio.sleep(0.001)
    print("main ran", x)
    return x * 2
async def fails():
    await asyncio.sleep(0)
    raise KeyError("boom")
`);
});

test("runPython: asyncio.run returns the task; awaiting it in JS gives the result", async () => {
  out.length = 0;
  const task = pyodide.runPython("asyncio.run(main(1))");
  expect(task.type).toBe("Task");
  expect(await task).toBe(2);
  task.destroy();
  expect(out).toEqual(["main ran 1"]);
});

test("runPythonAsync: its promise settles with the result; await asyncio.run(...) works too", async () => {
  expect(await pyodide.runPythonAsync("asyncio.run(main(2))")).toBe(4);
  expect(await pyodide.runPythonAsync("r = await asyncio.run(main(3))\nr + 1")).toBe(7);
  expect(
    await pyodide.runPythonAsync("await asyncio.get_event_loop().run_until_complete(main(4))"),
  ).toBe(8);
});

test("errors: the task rejects with the coroutine's error; bad arguments raise at once", async () => {
  const task = pyodide.runPython("asyncio.run(fails())");
  await expect(task).rejects.toThrow(/KeyError: 'boom'/);
  task.destroy();
  expect(() => pyodide.runPython("asyncio.run(1)")).toThrow(
    /ValueError: a coroutine was expected, got 1/,
  );
  // A loop_factory asks for a new loop, which cannot block here: asyncio's own error.
  expect(() =>
    pyodide.runPython("asyncio.run(main(5), loop_factory=asyncio.new_event_loop)"),
  ).toThrow(/RuntimeError: .*cannot be called from a running event loop/);
  // The runtime goes on.
  expect(await pyodide.runPythonAsync("await main(6)")).toBe(12);
});
