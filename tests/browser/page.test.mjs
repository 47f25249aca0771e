// Python in a web page (headless Chromium): DOM changes and a click handler
// that is a Python function (create_proxy), canvas drawing, pyodide.http
// (pyfetch and open_url against the test server, with their errors), and an
// IndexedDB mount (mountIDBFS + syncfs) whose file survives a reload.
import { startBrowser, waitForResult } from "./helpers.mjs";

let browser;
beforeAll(async () => {
  browser = await startBrowser();
}, 60000);
afterAll(() => browser?.close());

async function modulePage() {
  const page = await browser.newPage("tests/module.html");
  await waitForResult(page);
  return page;
}

const runAsync = (page, code) => page.evaluate((c) => pyodide.runPythonAsync(c), code);

describe("the DOM from Python", () => {
  let page;
  beforeAll(async () => {
    page = await browser.newPage("tests/dom.html");
    await waitForResult(page);
  });
  afterAll(() => page.close());

  test("Python changes the page", async () => {
    expect(await page.textContent("#title")).toBe("Hello from Python");
  });

  test("a button's click handler is a Python function", async () => {
    await page.click("#button");
    await page.click("#button");
    expect(await page.$$eval(".clicked", (ps) => ps.map((p) => p.textContent))).toEqual([
      "clicked 1 time(s) on button",
      "clicked 2 time(s) on button",
    ]);
    expect(await page.evaluate(() => pyodide.globals.get("clicks"))).toBe(2);
  });

  test("Python draws on a canvas", async () => {
    const pixels = await page.evaluate(() => {
      const ctx = document.getElementById("canvas").getContext("2d");
      return [
        Array.from(ctx.getImageData(5, 5, 1, 1).data),
        Array.from(ctx.getImageData(30, 5, 1, 1).data),
      ];
    });
    expect(pixels).toEqual([
      [255, 0, 0, 255],
      [0, 0, 255, 255],
    ]);
  });
});

describe("pyodide.http", () => {
  let page;
  beforeAll(async () => {
    page = await modulePage();
  });
  afterAll(() => page.close());

  test("pyfetch a JSON file: status, ok, headers, json()", async () => {
    const value = await page.evaluate(() =>
      pyodide
        .runPythonAsync(
          `
from pyodide.http import pyfetch
r = await pyfetch("/tests/data.json")
data = await r.json()
[r.status, r.ok, r.headers["content-type"].split(";")[0], data["numbers"], data["nested"]["ok"]]
`,
        )
        .then((v) => v.toJs()),
    );
    expect(value).toEqual([200, true, "application/json", [1, 2, 3], true]);
  });

  test("text(), bytes(), and a body read twice", async () => {
    const value = await page.evaluate(() =>
      pyodide
        .runPythonAsync(
          `
from pyodide.http import pyfetch, BodyUsedError
r = await pyfetch("/tests/data.json")
copy = r.clone()
text = await r.text()
raw = await copy.bytes()
try:
    await r.text()
    again = "read twice"
except BodyUsedError as e:
    again = type(e).__name__
[text.startswith("{"), raw == text.encode(), again]
`,
        )
        .then((v) => v.toJs()),
    );
    expect(value).toEqual([true, true, "BodyUsedError"]);
  });

  test("a 404 is a response; raise_for_status() raises HttpStatusError", async () => {
    const value = await page.evaluate(() =>
      pyodide
        .runPythonAsync(
          `
from pyodide.http import pyfetch, HttpStatusError
r = await pyfetch("/tests/missing.json")
try:
    r.raise_for_status()
    err = None
except HttpStatusError as e:
    err = str(e)
[r.status, r.ok, err, isinstance(HttpStatusError(404, "", ""), OSError)]
`,
        )
        .then((v) => v.toJs()),
    );
    expect(value[0]).toBe(404);
    expect(value[1]).toBe(false);
    expect(value[2]).toMatch(
      /^404 Client Error: Not Found for url: http:\/\/127\.0\.0\.1:\d+\/tests\/missing\.json$/,
    );
    expect(value[3]).toBe(true);
  });

  test("a network failure raises OSError saying so", async () => {
    await expect(
      page.evaluate(() =>
        pyodide.runPythonAsync(`
from pyodide.http import pyfetch
await pyfetch("http://127.0.0.1:9/nothing-listens-here")
`),
      ),
    ).rejects.toThrow(
      /OSError: network error fetching http:\/\/127\.0\.0\.1:9\/nothing-listens-here: TypeError: Failed to fetch/,
    );
  });

  test("open_url fetches synchronously into a StringIO", async () => {
    const value = await page.evaluate(() =>
      pyodide
        .runPython(
          `
import json
from pyodide.http import open_url, HttpStatusError
f = open_url("/tests/data.json")
try:
    open_url("/tests/missing.json")
    err = None
except HttpStatusError as e:
    err = e.status
[type(f).__name__, json.load(f)["name"], err]
`,
        )
        .toJs(),
    );
    expect(value).toEqual(["StringIO", "pyxis", 404]);
  });
});

test("a file in an IndexedDB mount survives a reload", async () => {
  const page = await modulePage();
  // Written and synced from Python (pyodide_js is the JS API)...
  await runAsync(
    page,
    `
import pyodide_js
await pyodide_js.mountIDBFS("/home/pyodide/persist")
with open("/home/pyodide/persist/note.txt", "w") as f:
    f.write("written before the reload")
await pyodide_js.syncfs()
open("/home/pyodide/persist/unsynced.txt", "w").write("never synced")
`,
  );
  await page.reload();
  await waitForResult(page);
  // ...read back after the reload, mounted and synced from JS.
  const text = await page.evaluate(async () => {
    await pyodide.mountIDBFS("/home/pyodide/persist");
    return pyodide.runPython("open('/home/pyodide/persist/note.txt').read()");
  });
  expect(text).toBe("written before the reload");
  // A file written after the last syncfs is gone: the reload really started afresh.
  expect(
    await page.evaluate(() => pyodide.FS.analyzePath("/home/pyodide/persist/unsynced.txt").exists),
  ).toBe(false);
  // syncfs from JS saves a change made from Python.
  await page.evaluate(async () => {
    pyodide.runPython("open('/home/pyodide/persist/note.txt', 'a').write(', and after')");
    await pyodide.syncfs();
  });
  await page.reload();
  await waitForResult(page);
  expect(
    await page.evaluate(async () => {
      await pyodide.mountIDBFS("/home/pyodide/persist");
      return pyodide.FS.readFile("/home/pyodide/persist/note.txt", { encoding: "utf8" });
    }),
  ).toBe("written before the reload, and after");
  await page.close();
});
