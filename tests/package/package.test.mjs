// dist/ is a working npm package: packed and installed into a fresh project,
// it loads through `import`, `require` and the `pyxis` bin; it ships types
// and the third-party license notices.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DIST, ROOT, CONFIG } from "../helpers.mjs";

const pkg = JSON.parse(fs.readFileSync(path.join(DIST, "package.json"), "utf8"));
let project;

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-install-"));
  const tarball = execFileSync("npm", ["pack", DIST, "--pack-destination", project, "--silent"], {
    encoding: "utf8",
  }).trim();
  fs.writeFileSync(path.join(project, "package.json"), '{"name": "consumer", "private": true}');
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", `./${tarball}`], {
    cwd: project,
    stdio: "pipe",
  });
}, 120000);
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

function node(args) {
  const r = spawnSync(process.execPath, args, { cwd: project, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("package.json names the entry points", () => {
  expect(pkg.name).toBe("pyxis");
  expect(pkg.exports["."]).toEqual({
    types: "./pyxis.d.ts",
    import: "./pyxis.mjs",
    require: "./index.cjs",
  });
  expect(pkg.bin.pyxis).toBe("./bin/pyxis.mjs");
  for (const file of [
    "pyxis.mjs",
    "index.cjs",
    "pyxis.d.ts",
    "pyxis.asm.js",
    "pyxis.asm.wasm",
    CONFIG.STDLIB_ZIP_NAME,
  ]) {
    expect(fs.existsSync(path.join(DIST, file))).toBe(true);
  }
});

test("the ESM and the CommonJS version agree with package.json", async () => {
  const esm = await import(path.join(DIST, "pyxis.mjs"));
  expect(esm.version).toBe(pkg.version);
  const { createRequire } = await import("node:module");
  const cjs = createRequire(import.meta.url)(path.join(DIST, "index.cjs"));
  expect(cjs.version).toBe(pkg.version);
});

test("import works from an installed package", () => {
  const r = node([
    "--input-type=module",
    "-e",
    "import { loadPyodide } from 'pyxis'; const py = await loadPyodide(); console.log(py.runPython('2 ** 10'));",
  ]);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("1024\n");
});

test("require works from an installed package", () => {
  const r = node([
    "-e",
    "const { loadPyodide, version } = require('pyxis'); loadPyodide().then(py => console.log(version, py.runPython('\"ok\"')));",
  ]);
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe(`${pkg.version} ok\n`);
});

test("the bin runs through npx", () => {
  const r = spawnSync("npx", ["--offline", "pyxis", "-c", "print('from npx')"], {
    cwd: project,
    encoding: "utf8",
  });
  expect(r.stdout).toBe("from npx\n");
  expect(r.status).toBe(0);
});

test("types and license notices ship", () => {
  const installed = path.join(project, "node_modules", "pyxis");
  expect(fs.readFileSync(path.join(installed, "pyxis.d.ts"), "utf8")).toMatch(
    /export declare function loadPyodide/,
  );
  const notices = fs.readFileSync(path.join(installed, "THIRD_PARTY_LICENSES.md"), "utf8");
  for (const name of [
    "PYTHON SOFTWARE FOUNDATION LICENSE",
    "zlib",
    "bzip2",
    "XZ Utils",
    "SQLite",
    "libffi",
  ]) {
    expect(notices).toContain(name);
  }
  expect(fs.existsSync(path.join(installed, "LICENSE"))).toBe(true);
});

test("the loader reports a missing runtime file clearly", async () => {
  const { loadPyodide } = await import(path.join(DIST, "pyxis.mjs"));
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-empty-"));
  try {
    await expect(loadPyodide({ indexURL: empty })).rejects.toThrow(
      /cannot load the runtime from file:.*pyxis-empty/,
    );
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test("the root LICENSE is the package's", () => {
  expect(fs.readFileSync(path.join(DIST, "LICENSE"), "utf8")).toBe(
    fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8"),
  );
});
