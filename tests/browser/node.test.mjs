// The browser features seen from Node (no Chromium): pyfetch works against
// the test server (Node has fetch), open_url and mountIDBFS fail with errors
// that say why, and the classic-script generator refuses what it cannot
// transform and produces a script that defines loadPyodide.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { DIST, ROOT, loadCaptured } from "../helpers.mjs";
import { startServer } from "../../tools/serve.mjs";
import { PAGES } from "./helpers.mjs";

let pyodide, server;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
  server = await startServer({ mounts: { "/": PAGES } });
});
afterAll(() => server?.close());

test("pyfetch in Node", async () => {
  const value = await pyodide.runPythonAsync(`
from pyodide.http import pyfetch
r = await pyfetch("${server.url}data.json")
[r.status, (await r.json())["name"]]
`);
  expect(value.toJs()).toEqual([200, "pyxis"]);
  value.destroy();
});

test("pyfetch of an unreachable server raises OSError", async () => {
  await expect(
    pyodide.runPythonAsync(`
from pyodide.http import pyfetch
await pyfetch("http://127.0.0.1:9/x")
`),
  ).rejects.toThrow(/OSError: network error fetching http:\/\/127\.0\.0\.1:9\/x: TypeError/);
});

test("open_url needs XMLHttpRequest", () => {
  expect(() => pyodide.runPython("from pyodide.http import open_url; open_url('x')")).toThrow(
    /OSError: open_url needs XMLHttpRequest \(a browser or a worker\); use pyfetch here/,
  );
});

test("mountIDBFS needs IndexedDB", async () => {
  await expect(pyodide.mountIDBFS("/persist")).rejects.toThrow(
    /mountIDBFS needs IndexedDB \(a browser or a worker\); in Node use mountNodeFS/,
  );
});

test("the test server sends COOP/COEP and MIME types, and stays in its folder", async () => {
  const r = await fetch(`${server.url}data.json`);
  expect(r.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  expect(r.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
  expect(r.headers.get("content-type")).toMatch(/^application\/json/);
  expect((await fetch(`${server.url}missing`)).status).toBe(404);
  expect((await fetch(`${server.url}..%2fhelpers.mjs`)).status).toBe(403);
});

describe("tools/make-classic-script.mjs", () => {
  const tool = path.join(ROOT, "tools", "make-classic-script.mjs");
  let dir;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-classic-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("dist/pyxis.js defines loadPyodide and pyxis as globals", () => {
    const sandbox = {
      document: { currentScript: { src: "https://h/x/pyxis.js" } },
      TextEncoder,
      TextDecoder,
    };
    sandbox.globalThis = sandbox;
    vm.runInNewContext(fs.readFileSync(path.join(DIST, "pyxis.js"), "utf8"), sandbox);
    expect(typeof sandbox.loadPyodide).toBe("function");
    expect(sandbox.pyxis.version).toBe(
      JSON.parse(fs.readFileSync(path.join(DIST, "package.json"))).version,
    );
  });

  test("the output is the transformed modules, dependencies first", () => {
    fs.writeFileSync(path.join(dir, "a.mjs"), "export const A = 1;\nexport { B };\nconst B = 2;\n");
    fs.writeFileSync(
      path.join(dir, "main.mjs"),
      'import { A, B as C } from "./a.mjs";\nexport function f() { return [A, C, import.meta.url]; }\n',
    );
    execFileSync(process.execPath, [tool, path.join(dir, "main.mjs"), path.join(dir, "out.js")]);
    const sandbox = { document: { currentScript: { src: "https://h/out.js" } } };
    sandbox.globalThis = sandbox;
    vm.runInNewContext(fs.readFileSync(path.join(dir, "out.js"), "utf8"), sandbox);
    expect(sandbox.pyxis.f()).toEqual([1, 2, "https://h/out.js"]);
  });

  test("an import it cannot transform fails the build", () => {
    fs.writeFileSync(path.join(dir, "bad.mjs"), 'import x from "./a.mjs";\nexport default x;\n');
    const r = spawnSync(
      process.execPath,
      [tool, path.join(dir, "bad.mjs"), path.join(dir, "o.js")],
      {
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.mjs: cannot transform: import x from "\.\/a\.mjs";/);
  });
});
