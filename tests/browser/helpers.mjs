// Browser test helpers: a static server (tools/serve.mjs, COOP/COEP on) with
// dist/ at / and tests/browser/pages/ at /tests/, and one headless Debian
// Chromium (playwright-core) per test file with its own user-data-dir.
// tools/browser-setup.sh installs Chromium; `make test` runs it first.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DIST, ROOT } from "../helpers.mjs";
import { startServer } from "../../tools/serve.mjs";
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from "../../tools/chromium.mjs";

export const PAGES = path.join(ROOT, "tests", "browser", "pages");
export const ARTIFACTS = path.join(ROOT, "build", "browser");

/**
 * Starts the server and the browser. Returns {url, context, newPage, close}.
 * `indexes` adds package indexes to the server (tools/serve.mjs).
 * newPage(path) opens url+path and records the page's errors and console
 * messages (page.pyxisLog) so a failing test can show them.
 */
export async function startBrowser({ indexes } = {}) {
  requireChromium();
  const { chromium } = await import("playwright-core");
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer({ mounts: { "/": DIST, "/tests/": PAGES }, indexes });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  } catch (err) {
    await server.close();
    throw err;
  }
  const newPage = async (where) => {
    const page = await context.newPage();
    page.pyxisLog = [];
    page.on("pageerror", (err) => page.pyxisLog.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => page.pyxisLog.push(`console.${msg.type()}: ${msg.text()}`));
    page.on("worker", (w) =>
      w.on("console", (msg) => page.pyxisLog.push(`worker console: ${msg.text()}`)),
    );
    if (where !== undefined) await page.goto(server.url + where.replace(/^\//, ""));
    return page;
  };
  const close = async () => {
    await context.close();
    await server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { url: server.url, context, newPage, close };
}

/**
 * Waits until window[name] is set (by a test page) and returns it; a page
 * that sets window.pyxisError instead makes this throw with that error and
 * the page's log.
 */
export async function waitForResult(page, name = "pyxisResult", timeout = 45000) {
  await page
    .waitForFunction((n) => n in window || "pyxisError" in window, name, { timeout })
    .catch((err) => {
      throw new Error(`${err.message}\npage log:\n${page.pyxisLog.join("\n")}`);
    });
  const { value, error } = await page.evaluate(
    (n) => ({
      value: window[n],
      error: window.pyxisError,
    }),
    name,
  );
  if (error !== undefined) throw new Error(`page error: ${error}\n${page.pyxisLog.join("\n")}`);
  return value;
}
