// A bundler: a Vite-built page importing `pyxis` from node_modules loads the
// runtime, configured as the README says (the runtime files copied to a
// public folder, indexURL "/pyxis/"), in headless Chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { DIST, ROOT } from "../helpers.mjs";
import { startServer } from "../../tools/serve.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "../../tools/chromium.mjs";

let project;
beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-vite-"));
  // The package as npm installs it, and the same files as public assets.
  fs.cpSync(DIST, path.join(project, "node_modules", "pyxis"), { recursive: true });
  fs.cpSync(DIST, path.join(project, "public", "pyxis"), { recursive: true });
  fs.mkdirSync(path.join(project, "src"));
  fs.writeFileSync(
    path.join(project, "index.html"),
    '<!doctype html><div id="out">loading</div><script type="module" src="/src/main.js"></script>',
  );
  fs.writeFileSync(
    path.join(project, "src", "main.js"),
    'import { loadPyodide } from "pyxis";\n' +
      'const py = await loadPyodide({ indexURL: "/pyxis/" });\n' +
      'document.getElementById("out").textContent = "result: " + py.runPython("import sys; sys.platform + str(6 * 7)");\n',
  );
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

test("a Vite production build loads the runtime", async () => {
  // Vite's CLI (its JS API does not run inside Jest's module sandbox).
  const vite = path.join(ROOT, "node_modules", "vite", "bin", "vite.js");
  const r = spawnSync(process.execPath, [vite, "build", "--logLevel", "error", project], {
    cwd: project,
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const bundled = fs.readdirSync(path.join(project, "dist", "assets"));
  expect(bundled.some((f) => f.endsWith(".js"))).toBe(true);

  const server = await startServer({ mounts: { "/": path.join(project, "dist") } });
  const { chromium } = await import("playwright-core");
  const context = await chromium.launchPersistentContext(
    fs.mkdtempSync(path.join(project, "chrome-")),
    {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    },
  );
  try {
    const page = await context.newPage();
    const log = [];
    page.on("pageerror", (e) => log.push(e.message));
    await page.goto(server.url);
    await page
      .waitForFunction(() => document.getElementById("out").textContent !== "loading", null, {
        timeout: 60000,
      })
      .catch(() => {});
    expect({ text: await page.textContent("#out"), log }).toEqual({
      text: "result: emscripten42",
      log: [],
    });
  } finally {
    await context.close();
    await server.close();
  }
}, 120000);
