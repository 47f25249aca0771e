// The suite's runtimes in headless Chromium (bench/suite.mjs): pyxis (dist/)
// and the pyodide npm package (bench/node_modules), each in its own page of
// one browser (Debian's Chromium, playwright-core, as tests/browser/ does),
// served by tools/serve.mjs on one origin, behind bench/runtimes.mjs's
// interface. A page has no host folders: driver.py and shim/ are copied into
// its file system at their host paths up front, a benchmark's folder
// (recursively) when it is first loaded.
//   const [pyxis, pyodide, close] = await chromiumRuntimes([folder, ...]);
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../tools/serve.mjs";
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from "../tools/chromium.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, "..");
// tools/chromium.mjs's flags, and no lower priority for the page that is not
// in front (two pages, one timed at a time).
const ARGS = [
  ...CHROMIUM_ARGS,
  "--disable-renderer-backgrounding",
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
];
const SKIP = new Set(["__pycache__", "node_modules"]);

// The regular files under `dir` (recursively, symlinks followed), absolute.
function listFiles(dir, recursive = true) {
  const files = [];
  for (const entry of fs.readdirSync(dir)) {
    if (SKIP.has(entry)) continue;
    const file = path.join(dir, entry);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st?.isFile()) files.push(file);
    else if (st?.isDirectory() && recursive) files.push(...listFiles(file));
  }
  return files;
}

// One page's runtime: `module` is the URL of the module exporting
// loadPyodide, `options` its options; `mounts` the server's URL prefix ->
// host folder of the files the page may copy.
async function pageRuntime(context, origin, mounts, { label, title, module, options, chromium }) {
  const page = await context.newPage();
  const log = [];
  page.on("pageerror", (err) => log.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") log.push(`console.error: ${msg.text()}`);
  });
  await page.goto(origin);

  // Runs `python` (its value) in the page; a Python error rejects with its
  // traceback.
  async function run(python) {
    const { ok, error } = await page.evaluate((code) => {
      try {
        const value = window.py.runPython(code, { globals: window.ns });
        if (value && typeof value.toJs === "function") {
          const js = value.toJs();
          value.destroy();
          return { ok: js };
        }
        return { ok: value };
      } catch (e) {
        return { error: String(e?.message ?? e) };
      }
    }, python);
    if (error !== undefined) throw new Error(`${label}: ${error}`);
    return ok;
  }

  // Copies host files into the page's file system at the same paths.
  const copied = new Set();
  async function copy(files) {
    const todo = files
      .filter((f) => !copied.has(f))
      .map((f) => {
        const prefix = Object.keys(mounts)
          .filter((p) => f.startsWith(mounts[p] + path.sep))
          .sort((a, b) => mounts[b].length - mounts[a].length)[0];
        if (!prefix) throw new Error(`${label}: ${f} is in none of the benchmark folders`);
        const rel = path.relative(mounts[prefix], f).split(path.sep);
        return [f, prefix + rel.map(encodeURIComponent).join("/")];
      });
    const failed = await page.evaluate(async (pairs) => {
      const errors = [];
      await Promise.all(
        pairs.map(async ([file, url]) => {
          const res = await fetch(url);
          if (!res.ok) return errors.push(`${url}: ${res.status}`);
          const data = new Uint8Array(await res.arrayBuffer());
          window.py.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")) || "/");
          window.py.FS.writeFile(file, data);
        }),
      );
      return errors;
    }, todo);
    if (failed.length) throw new Error(`${label}: copying files failed:\n${failed.join("\n")}`);
    for (const [f] of todo) copied.add(f);
  }

  try {
    await page.evaluate(
      async ([url, opts]) => {
        const { loadPyodide } = await import(url);
        window.py = await loadPyodide(opts);
        window.ns = window.py.toPy({});
      },
      [module, options],
    );
  } catch (err) {
    throw new Error(`${label}: loadPyodide failed: ${err.message}\n${log.join("\n")}`);
  }
  await copy([path.join(BENCH, "driver.py"), ...listFiles(path.join(BENCH, "shim"))]);
  const { version, python } = await page.evaluate(() => ({
    version: window.py.version,
    python: window.py.runPython("import platform; platform.python_version()"),
  }));
  await run(`import sys\nsys.path.insert(0, ${JSON.stringify(BENCH)})\nimport driver`);
  const folders = new Set(); // copied recursively
  return {
    name: `${label} (chromium)`,
    version: `${title} ${version} (Python ${python}), Chromium ${chromium}`,
    load: async (file) => {
      const dir = path.dirname(path.resolve(file));
      if (!folders.has(dir) && fs.existsSync(dir)) {
        await copy(listFiles(dir));
        folders.add(dir);
      }
      return run(`driver.load(${JSON.stringify(file)})`);
    },
    sample: (file, loops) => run(`driver.sample(${JSON.stringify(file)}, ${loops})`),
    close: () => page.close().catch(() => {}),
  };
}

/**
 * pyxis and Pyodide in one headless Chromium: `folders` are the host folders
 * holding the benchmark files (bench/ is always there). Resolves to
 * [pyxis runtime, pyodide runtime, close()], close() shutting the browser
 * and the server.
 */
export async function chromiumRuntimes(folders) {
  requireChromium();
  const { chromium } = await import("playwright-core");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-bench-"));
  fs.writeFileSync(path.join(tmp, "index.html"), "<!doctype html><title>bench</title>\n");
  const files = {}; // URL prefix -> host folder (real path)
  [BENCH, ...folders].forEach((f, i) => (files[`/files/${i}/`] = path.resolve(f)));
  const server = await startServer({
    mounts: {
      "/": tmp,
      "/dist/": path.join(ROOT, "dist"),
      "/pyodide/": path.join(BENCH, "node_modules", "pyodide"),
      ...files,
    },
  });
  let browser;
  const close = async () => {
    await browser?.close().catch(() => {});
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const context = await browser.newContext();
    const chromiumVersion = browser.version();
    const origin = server.url;
    const pyxis = await pageRuntime(context, origin, files, {
      label: "pyxis",
      title: "pyxis",
      module: "/dist/pyxis.mjs",
      options: {},
      chromium: chromiumVersion,
    });
    // Told where its files are: it cannot always tell from its own URL.
    const pyodide = await pageRuntime(context, origin, files, {
      label: "pyodide",
      title: "Pyodide",
      module: "/pyodide/pyodide.mjs",
      options: { indexURL: `${origin}pyodide/` },
      chromium: chromiumVersion,
    });
    return [pyxis, pyodide, close];
  } catch (err) {
    await close();
    throw err;
  }
}
