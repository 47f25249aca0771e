// Python <-> JS recursion in Chromium (the Node side is in
// tests/core/recursion.test.mjs): a few hundred alternations work, unbounded
// alternation raises RecursionError, and the runtime goes on afterwards.
import { startBrowser, waitForResult } from "./helpers.mjs";

let browser;
beforeAll(async () => {
  browser = await startBrowser();
}, 60000);
afterAll(() => browser?.close());

test("alternating recursion in the page: 150 levels work, unbounded is a RecursionError", async () => {
  const page = await browser.newPage("tests/module.html");
  await waitForResult(page);
  const result = await page.evaluate(() => {
    const py = window.pyodide;
    py.runPython(`
import js
def down(n, limit):
    return n if n >= limit else js.pyxisUp(n + 1, limit)
`);
    const down = py.globals.get("down");
    window.pyxisUp = (n, limit) => down(n, limit);
    const out = {};
    out.deep = py.runPython("down(0, 150)");
    try {
      py.runPython("down(0, 10**9)");
      out.unbounded = "no error";
    } catch (err) {
      out.unbounded = err.type;
    }
    out.after = py.runPython("6 * 7");
    out.deepAgain = py.runPython("down(0, 150)");
    down.destroy();
    return out;
  });
  expect(result).toEqual({ deep: 150, unbounded: "RecursionError", after: 42, deepAgain: 150 });
  await page.close();
});

// A worker's stack is smaller than the page's (in Chromium about half).
// Unbounded Python -> JS -> Python recursion is left out here: the C
// recursion budget is sized for the page's stack, and in a worker the JS
// stack can overflow first, sometimes where the runtime cannot recover (a
// known issue, README "Known limitations"; the page test above covers it).
test("alternating recursion and deep nesting in a worker end in RecursionError", async () => {
  const page = await browser.newPage("tests/worker.html");
  await waitForResult(page);
  const code = `
import js, sys, json
from pyodide.ffi import create_proxy
def down(n, limit):
    return n if n >= limit else js.pyxisUp(n + 1, limit)
js.pyxisUp = create_proxy(lambda n, limit: down(n, limit))
out = {"deep": down(0, 100)}
nested = []
for _ in range(50000):
    nested = [nested]
class N:
    def __init__(self, c): self.c = c
    def __repr__(self): return f"N({self.c!r})"
chain = None
for _ in range(5000):
    chain = N(chain)
for name, f in [("json", lambda: json.dumps(nested)),
                ("repr", lambda: repr(nested)),
                ("__repr__", lambda: repr(chain))]:
    sys.setrecursionlimit(10**6)
    try:
        f()
        out[name] = "no error"
    except RecursionError as e:
        out[name] = type(e).__name__
    sys.setrecursionlimit(1000)
out["after"] = 6 * 7
json.dumps(out)`;
  const reply = await page.evaluate((c) => window.runIn("classic", c), code);
  expect(JSON.parse(reply.result)).toEqual({
    deep: 100,
    json: "RecursionError",
    repr: "RecursionError",
    __repr__: "RecursionError",
    after: 42,
  });
  await page.close();
});
