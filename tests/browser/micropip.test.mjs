// micropip in a web page (headless Chromium): wheels from a PEP 691 index
// (the test wheels of `make test-wheels`, served beside dist/) installed
// with their dependencies and an extra; a foreign binary wheel refused.
import path from "node:path";
import { ROOT } from "../helpers.mjs";
import { startBrowser, waitForResult } from "./helpers.mjs";

let browser, page;
beforeAll(async () => {
  browser = await startBrowser({
    indexes: { "/simple/": path.join(ROOT, "build", "test-wheels") },
  });
  page = await browser.newPage("tests/module.html");
  await waitForResult(page);
}, 60000);
afterAll(() => browser?.close());

const runAsync = (code) => page.evaluate((c) => pyodide.runPythonAsync(c), code);

test("micropip installs a package with its dependencies and an extra", async () => {
  await page.evaluate(() => pyodide.loadPackage("micropip", { messageCallback: () => {} }));
  const index = `${browser.url}simple`;
  const html = await runAsync(`
    import micropip
    await micropip.install("markdown-it-py[linkify]", index_urls=${JSON.stringify(index)})
    import markdown_it
    markdown_it.MarkdownIt("commonmark", {"linkify": True}).enable("linkify").render("# Hi https://example.org")
  `);
  expect(html).toContain("<h1>Hi");
  expect(html).toContain('href="https://example.org"');
  expect(
    await runAsync(`",".join(sorted(n for n in micropip.list() if n in ("mdurl", "uc-micro-py")))`),
  ).toBe("mdurl,uc-micro-py");
  await expect(
    runAsync(`await micropip.install("pyyaml", index_urls=${JSON.stringify(index)})`),
  ).rejects.toThrow(/Can't find a pure Python 3 wheel for 'pyyaml'/);
});
