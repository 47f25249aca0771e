// matplotlib in headless Chromium: a plain page with a script tag plots
// with plt.show() into the element it names (the plotted colours at known
// pixels of the canvas), fig.canvas.draw() redraws, the toolbar zooms; in a
// module worker plt.show() hands PNG bytes to a handler; the console page
// shows a plot under the statement that made it (a screenshot of it is
// docs/console-plot.png when PYXIS_SCREENSHOTS=1).
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../helpers.mjs";
import { startBrowser, waitForResult } from "./helpers.mjs";

let browser;
beforeAll(async () => {
  browser = await startBrowser();
}, 60000);
afterAll(() => browser?.close());

// The canvas's RGBA at (x, y) from the top left, in canvas pixels.
const pixelsAt = (page, points) =>
  page.evaluate((points) => {
    const canvas = document.querySelector("#plots canvas");
    const ctx = canvas.getContext("2d");
    return points.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data));
  }, points);

test("a script-tag page draws plt.show() into document.pyodideMplTarget", async () => {
  const page = await browser.newPage("tests/matplotlib.html");
  const result = await waitForResult(page, "pyxisResult", 120000);
  expect(result.backend).toBe("module://matplotlib_pyxis.backend");
  const figure = await page.evaluate(() => {
    const fig = document.querySelector("#plots .pyxis-mpl-figure");
    const canvas = fig?.querySelector("canvas");
    return fig && { id: fig.id, width: canvas.width, height: canvas.height };
  });
  expect(figure).toEqual({ id: "matplotlib_1", width: 400, height: 300 });
  const [middle, topLeft, bottomRight] = await pixelsAt(page, [
    [200, 150],
    [30, 30],
    [390, 290],
  ]);
  expect(middle).toEqual([0x1f, 0x77, 0xb4, 255]); // the line
  expect(topLeft).toEqual([0xd6, 0x27, 0x28, 255]); // the filled area
  expect(bottomRight).toEqual([255, 255, 255, 255]); // the background
  // Not blank: more than one colour across the canvas.
  const colours = await page.evaluate(() => {
    const c = document.querySelector("#plots canvas");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  expect(colours).toBeGreaterThanOrEqual(3);

  // fig.canvas.draw() redraws the same canvas.
  await page.evaluate(() =>
    pyodide.runPython(`
ax.lines[0].set_color("#2ca02c")
fig.canvas.draw()
`),
  );
  expect((await pixelsAt(page, [[200, 150]]))[0]).toEqual([0x2c, 0xa0, 0x2c, 255]);
  expect(await page.locator("#plots canvas").count()).toBe(1);

  // Zoom with the toolbar: drag a rectangle over the middle of the axes.
  const limits = await page.evaluate(async () => {
    pyodide.runPython("ax.set_axis_on()");
    document.querySelector("#plots .pyxis-mpl-zoom").click();
    const canvas = document.querySelector("#plots canvas");
    const fire = (type, x, y, buttons) =>
      canvas.dispatchEvent(
        new MouseEvent(type, {
          clientX: canvas.getBoundingClientRect().left + x,
          clientY: canvas.getBoundingClientRect().top + y,
          button: 0,
          buttons,
          bubbles: true,
        }),
      );
    fire("mousedown", 100, 100, 1);
    fire("mousemove", 200, 150, 1);
    fire("mouseup", 300, 200, 0);
    await new Promise((r) => setTimeout(r, 50));
    return pyodide.runPython("[*ax.get_xlim(), *ax.get_ylim()]").toJs();
  });
  expect(limits[0]).toBeCloseTo(0.25, 1);
  expect(limits[1]).toBeCloseTo(0.75, 1);
  expect(limits[2]).toBeCloseTo(1 / 3, 1);
  expect(limits[3]).toBeCloseTo(2 / 3, 1);

  // Resizing the figure's div (its corner sets its style) resizes the figure.
  const resized = await page.evaluate(async () => {
    const div = document.querySelector("#plots .pyxis-mpl-figure");
    const canvas = div.querySelector("canvas");
    div.style.width = "300px";
    div.style.height = `${canvas.offsetTop + 200}px`;
    await new Promise((r) => setTimeout(r, 200)); // the observer, then the idle redraw
    return [canvas.width, canvas.height, pyodide.runPython("list(fig.get_size_inches())").toJs()];
  });
  expect(resized).toEqual([300, 200, [3, 2]]);
  // And the canvas follows a size set from Python.
  const followed = await page.evaluate(async () => {
    pyodide.runPython("fig.set_size_inches(2, 1)");
    await new Promise((r) => setTimeout(r, 100));
    const canvas = document.querySelector("#plots canvas");
    return [canvas.width, canvas.height];
  });
  expect(followed).toEqual([200, 100]);

  // The toolbar's download saves the figure as PNG.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click("#plots .pyxis-mpl-save_figure"),
  ]);
  expect(download.suggestedFilename()).toBe("Figure 1.png");
  const saved = fs.readFileSync(await download.path());
  expect(Array.from(saved.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);

  // A closed figure leaves the page.
  await page.evaluate(() => pyodide.runPython("plt.close(fig)"));
  expect(await page.locator("#plots .pyxis-mpl-figure").count()).toBe(0);
  await page.close();
}, 180000);

test("setPlotTarget names the element by id; without a target figures go to the body", async () => {
  const page = await browser.newPage("tests/matplotlib.html");
  await waitForResult(page, "pyxisResult", 120000);
  const where = await page.evaluate(() => {
    const other = document.createElement("section");
    other.id = "elsewhere";
    document.body.appendChild(other);
    pyodide.setPlotTarget("elsewhere");
    pyodide.runPython("plt.figure(); plt.plot([1, 2]); plt.show()");
    const inTarget = other.querySelectorAll("canvas").length;
    pyodide.setPlotTarget(null);
    delete document.pyodideMplTarget;
    pyodide.runPython("plt.figure(); plt.plot([2, 1]); plt.show()");
    const last = document.body.lastElementChild;
    let missing;
    pyodide.setPlotTarget("no-such-element");
    try {
      pyodide.runPython("plt.figure(); plt.show()");
    } catch (err) {
      missing = err.message;
    }
    return { inTarget, lastIsFigure: last.classList.contains("pyxis-mpl-figure"), missing };
  });
  expect(where.inTarget).toBe(1);
  expect(where.lastIsFigure).toBe(true);
  expect(where.missing).toMatch(
    /ValueError: matplotlib_pyxis: no element with id 'no-such-element'/,
  );
  await page.close();
}, 180000);

test("in a module worker, plt.show() hands PNG bytes to the registered handler", async () => {
  const page = await browser.newPage("tests/worker.html");
  await waitForResult(page);
  const reply = await page.evaluate(() =>
    runIn(
      "module",
      `
import pyodide_js
await pyodide_js.loadPackage("matplotlib")
from pyodide.ffi import create_proxy
shown = []
handler = create_proxy(lambda png, info: shown.append((bytes(png.to_py()[:4]), info.width, info.height)))
pyodide_js.setPlotHandler(handler)
import matplotlib
import matplotlib.pyplot as plt
plt.figure(figsize=(2, 1), dpi=100)
plt.plot([1, 2])
plt.show()
pyodide_js.setPlotHandler(None)
handler.destroy()
[matplotlib.get_backend(), [[list(s[0]), s[1], s[2]] for s in shown]]
`,
    ),
  );
  expect(reply.error).toBeUndefined();
  expect(reply.result).toEqual([
    "module://matplotlib_pyxis.backend",
    [[[0x89, 0x50, 0x4e, 0x47], 200, 100]],
  ]);
  await page.close();
}, 180000);

test("the console page shows a plot under the statement that made it", async () => {
  const page = await browser.newPage("console.html");
  await page.waitForSelector("body[data-ready]", { timeout: 45000 });
  const lines = [
    "import matplotlib.pyplot as plt, numpy as np",
    "x = np.linspace(0, 6.3, 100)",
    "plt.plot(x, np.sin(x), label='sin'); plt.plot(x, np.cos(x), label='cos'); plt.legend(); plt.title('Inline')",
    "print('after')",
  ];
  for (const line of lines) {
    await page.evaluate(() => delete document.body.dataset.idle);
    await page.fill("#input", line);
    await page.press("#input", "Enter");
    await page.waitForSelector("body[data-idle]", { timeout: 120000 });
  }
  const order = await page.$$eval("#output > *", (els) =>
    els.map((e) => (e.tagName === "IMG" ? "IMG" : e.textContent)).filter((t) => t.trim()),
  );
  // The image comes after the plotting statement's echo and before 'after'.
  const img = order.indexOf("IMG");
  expect(img).toBeGreaterThan(0);
  expect(order.slice(0, img).join("")).toMatch(/plt\.title\('Inline'\)/);
  expect(order.slice(img + 1).join("")).toMatch(/after/);
  expect(order.filter((t) => t === "IMG")).toHaveLength(1); // shown once, then closed
  const size = await page.$eval("#output img.plot", async (img) => {
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  });
  expect(size).toEqual([640, 480]);
  if (process.env.PYXIS_SCREENSHOTS === "1") {
    await page.screenshot({ path: path.join(ROOT, "docs", "console-plot.png") });
  }
  await page.close();
}, 240000);
