// dist/console.html in headless Chromium, served with COOP/COEP: a result,
// a traceback (styled apart), a multi-line statement, history, a lockfile
// package imported on demand (numpy if the lockfile has it, else test-ext),
// and `while True: pass` stopped by the Interrupt button. Saves a screenshot
// to build/browser/console.png.
import fs from "node:fs";
import path from "node:path";
import { DIST } from "../helpers.mjs";
import { ARTIFACTS, startBrowser } from "./helpers.mjs";
import { startServer } from "../../tools/serve.mjs";

const lock = JSON.parse(fs.readFileSync(path.join(DIST, "pyodide-lock.json"), "utf8"));
const HAS_NUMPY = "numpy" in lock.packages;

let browser, page;
beforeAll(async () => {
  browser = await startBrowser();
  page = await browser.newPage("console.html");
  await page.waitForSelector("body[data-ready]", { timeout: 45000 }).catch((err) => {
    throw new Error(`${err.message}\n${page.pyxisLog.join("\n")}`);
  });
}, 60000);
afterAll(() => browser?.close());

// Types lines into the console, each followed by Enter, waiting after each
// until the console is idle again.
async function type(...lines) {
  for (const line of lines) {
    await page.evaluate(() => delete document.body.dataset.idle);
    await page.fill("#input", line);
    await page.press("#input", "Enter");
    await page.waitForSelector("body[data-idle]", { timeout: 45000 });
  }
}

const outputOf = (cls) =>
  page.$$eval(`#output .${cls}`, (spans) => spans.map((s) => s.textContent).join(""));

test("the page is cross-origin isolated and says so", async () => {
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.textContent("#isolation")).toMatch(/Interrupt works/);
  expect(await page.isEnabled("#interrupt")).toBe(true);
  expect(await outputOf("banner")).toMatch(/^Python 3\.13\.5 .* on pyxis \d/);
});

test("1+1 prints 2", async () => {
  await type("1+1");
  expect(await outputOf("echo")).toMatch(/>>> 1\+1\n$/);
  expect(await outputOf("stdout")).toMatch(/^2\n$/);
});

test("a traceback goes to stderr, styled apart from output", async () => {
  await type("def f(x):", "    return 1 / x", "", "f(0)");
  expect(await outputOf("echo")).toMatch(/\.\.\. {5}return 1 \/ x\n/);
  const err = await outputOf("stderr");
  expect(err).toMatch(/Traceback \(most recent call last\):/);
  expect(err).toMatch(/File "<console>", line 2, in f/);
  expect(err).toMatch(/ZeroDivisionError: division by zero\n$/);
  expect(err).not.toMatch(/_pyxis/);
  expect(await page.textContent("#prompt")).toBe(">>> ");
});

test("history: ArrowUp brings back earlier lines", async () => {
  await page.fill("#input", "");
  await page.press("#input", "ArrowUp");
  expect(await page.inputValue("#input")).toBe("f(0)");
  await page.press("#input", "ArrowUp");
  expect(await page.inputValue("#input")).toBe("    return 1 / x");
  await page.press("#input", "ArrowDown");
  await page.press("#input", "ArrowDown");
  expect(await page.inputValue("#input")).toBe("");
});

test(`importing a lockfile package loads it on demand (${HAS_NUMPY ? "numpy" : "test-ext"})`, async () => {
  const before = (await outputOf("stdout")).length;
  if (HAS_NUMPY) {
    await type(
      "import numpy as np",
      "a = np.arange(12).reshape(3, 4)",
      "a @ a.T",
      "print(a.sum(axis=0).tolist(), a.T.shape)",
    );
    expect((await outputOf("stdout")).slice(before)).toBe(
      "array([[ 14,  38,  62],\n       [ 38, 126, 214],\n       [ 62, 214, 366]])\n" +
        "[12, 15, 18, 21] (4, 3)\n",
    );
  } else {
    await type("import test_ext", "print(test_ext.__name__)");
    expect((await outputOf("stdout")).slice(before)).toBe("test_ext\n");
  }
  const info = await outputOf("info");
  expect(info).toMatch(HAS_NUMPY ? /Loading numpy/ : /Loading test-ext/);
  expect(info).toMatch(HAS_NUMPY ? /Loaded numpy/ : /Loaded test-ext/);
  await page.screenshot({ path: path.join(ARTIFACTS, "console.png") });
});

test("the Interrupt button stops `while True: pass` with KeyboardInterrupt", async () => {
  await page.evaluate(() => delete document.body.dataset.idle);
  await page.fill("#input", "while True: pass");
  await page.press("#input", "Enter");
  // The first line is done (the console asks for more) before the block is
  // closed: an interrupt sent while that line was still being handled would
  // be spent on it, and the loop would then run on.
  await page.waitForFunction(() => document.getElementById("prompt").textContent === "... ");
  await page.waitForSelector("body[data-idle]");
  await page.evaluate(() => delete document.body.dataset.idle);
  await page.press("#input", "Enter");
  // It is running (the status says so) until the button is pressed.
  await page.waitForSelector("#status.busy");
  await page.click("#interrupt");
  await page.waitForSelector("body[data-idle]", { timeout: 30000 });
  expect(await outputOf("stderr")).toMatch(/KeyboardInterrupt\n$/);
  // The console still works afterwards.
  const before = (await outputOf("stdout")).length;
  await type("print('still alive')");
  expect((await outputOf("stdout")).slice(before)).toBe("still alive\n");
});

test("without COOP/COEP the page says Interrupt cannot work, and still runs Python", async () => {
  const plain = await startServer({ mounts: { "/": DIST }, isolation: false });
  const other = await browser.newPage();
  try {
    await other.goto(`${plain.url}console.html`);
    await other.waitForSelector("body[data-ready]", { timeout: 45000 });
    expect(await other.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(await other.textContent("#isolation")).toMatch(
      /not cross-origin isolated .* cannot be interrupted/,
    );
    expect(await other.isDisabled("#interrupt")).toBe(true);
    await other.fill("#input", "print(6 * 7)");
    await other.press("#input", "Enter");
    await other.waitForSelector("body[data-idle]");
    expect(await other.textContent("#output .stdout")).toBe("42\n");
  } finally {
    await other.close();
    await plain.close();
  }
});
