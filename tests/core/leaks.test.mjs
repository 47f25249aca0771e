// No leaks: live handles, JsProxies, PyProxies and Python memory stay at
// their baseline over 100k crossings.
import { loadCaptured } from "../helpers.mjs";

let pyodide, out;
beforeAll(async () => {
  ({ pyodide, out } = await loadCaptured());
});
beforeEach(() => (out.length = 0));

describe("no leaks", () => {
  const counts = () => pyodide._debug.liveCounts();

  test("100k JsProxies created and dropped", () => {
    globalThis.pyxisTest = { o: {} };
    pyodide.runPython("from js import pyxisTest");
    const before = counts();
    pyodide.runPython("for _ in range(100_000): pyxisTest.o");
    expect(counts()).toEqual(before);
  });

  test("100k calls of a JS function from Python, with proxied arguments", () => {
    globalThis.pyxisTest = (x) => x;
    const before = counts();
    pyodide.runPython("from js import pyxisTest\nfor i in range(100_000): pyxisTest([i])");
    expect(counts()).toEqual(before);
  });

  test("100k PyProxies created and destroyed", () => {
    const f = pyodide.runPython("lambda: object()");
    const before = counts();
    for (let i = 0; i < 100_000; i++) f().destroy();
    expect(counts()).toEqual(before);
    f.destroy();
  });

  test("Python memory does not grow over 100k proxies", () => {
    const mem = () => pyodide.runPython("import sys; sys.getallocatedblocks()");
    globalThis.pyxisTest = (x) => x;
    pyodide.runPython("from js import pyxisTest\nfor i in range(1000): pyxisTest({'k': i})");
    const before = mem();
    pyodide.runPython("for i in range(100_000): pyxisTest({'k': i})");
    expect(mem() - before).toBeLessThan(100);
  });
});
