// The three ways into pyxis from a web page, in headless Chromium: a classic
// <script src="pyxis.js"> (global loadPyodide), an ES module importing
// pyxis.mjs, and Web Workers (classic with importScripts, and module) talked
// to with postMessage. indexURL is never given: it defaults to the script's
// own location.
import { startBrowser, waitForResult } from "./helpers.mjs";

let browser;
beforeAll(async () => {
  browser = await startBrowser();
}, 60000);
afterAll(() => browser?.close());

test("a classic script tag defines loadPyodide", async () => {
  const page = await browser.newPage("tests/script-tag.html");
  const result = await waitForResult(page);
  expect(result).toEqual({ typeofLoad: "function", sum: 5050, platform: "emscripten" });
  expect(page.pyxisLog.filter((l) => l.startsWith("pageerror"))).toEqual([]);
  await page.close();
});

test("a module script imports loadPyodide from pyxis.mjs", async () => {
  const page = await browser.newPage("tests/module.html");
  const result = await waitForResult(page);
  expect(result.value).toBe("0-1-2");
  expect(result.version).toMatch(/^\d+\.\d+\.\d+/);
  // A module of a stdlib on-demand group: its archive is fetched with a
  // synchronous request from the page's main thread.
  const tag = await page.evaluate(() =>
    pyodide.runPython(
      "import xml.dom.minidom\nxml.dom.minidom.parseString('<é/>').documentElement.tagName",
    ),
  );
  expect(tag).toBe("é");
  await page.close();
});

test("the runtime compiles while it downloads (instantiateStreaming over application/wasm)", async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const calls = (window.streamingCalls = []);
    const original = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async (source, imports) => {
      const response = await source;
      calls.push([response.url.split("/").pop(), response.headers.get("Content-Type")]);
      return original(response, imports);
    };
  });
  await page.goto(`${browser.url}tests/module.html`);
  expect((await waitForResult(page)).value).toBe("0-1-2");
  expect(await page.evaluate(() => window.streamingCalls)).toEqual([
    ["pyxis.asm.wasm", "application/wasm"],
  ]);
  await page.close();
});

test.each(["classic", "module"])("Python runs in a %s worker via postMessage", async (kind) => {
  const page = await browser.newPage("tests/worker.html");
  await waitForResult(page);
  const reply = await page.evaluate(
    (k) => runIn(k, "import sys\nprint('in a worker')\n[sys.platform, 6 * 7]"),
    kind,
  );
  expect(reply.result).toEqual(["emscripten", 42]);
  expect(reply.stdout).toEqual(["in a worker"]);
  // A stdlib on-demand group, fetched synchronously in the worker.
  const msg = await page.evaluate(
    (k) =>
      runIn(k, "import email.message\nm = email.message.EmailMessage()\nm['To'] = 'a@b'\nm['To']"),
    kind,
  );
  expect(msg.result).toBe("a@b");
  // A Python error comes back as a message too.
  await expect(page.evaluate((k) => runIn(k, "1/0"), kind)).rejects.toThrow(/ZeroDivisionError/);
  // The worker's Python has no DOM: js is the worker's global scope.
  const scope = await page.evaluate(
    (k) => runIn(k, "import js; [hasattr(js, 'document'), js.self.constructor.name]"),
    kind,
  );
  expect(scope.result).toEqual([false, "DedicatedWorkerGlobalScope"]);
  await page.close();
});
