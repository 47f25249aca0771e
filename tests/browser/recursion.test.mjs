// Python <-> JS recursion in Chromium (the Node side is in
// tests/core/recursion.test.mjs): a few hundred alternations work, unbounded
// alternation raises RecursionError, and the runtime goes on afterwards.
import { startBrowser, waitForResult } from "./helpers.mjs";

let browser;
beforeAll(async () => {
  browser = await startBrowser();
}, 60000);
afterAll(() => browser?.close());

test("alternating recursion in the page: 190 levels work, unbounded is a RecursionError", async () => {
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
    out.deep = py.runPython("down(0, 190)");
    try {
      py.runPython("down(0, 10**9)");
      out.unbounded = "no error";
    } catch (err) {
      out.unbounded = err.type;
    }
    out.after = py.runPython("6 * 7");
    out.deepAgain = py.runPython("down(0, 190)");
    down.destroy();
    return out;
  });
  expect(result).toEqual({ deep: 190, unbounded: "RecursionError", after: 42, deepAgain: 190 });
  await page.close();
});
