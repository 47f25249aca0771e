// The runtimes the suite (bench/suite.mjs) compares, behind one interface:
// { name, version, load(path) -> [benchmark name, inner loops], sample(path, loops) ->
// seconds per loop, close() }. Each runs bench/driver.py: native CPython (the
// toolchain's, in a venv with the lockfile's versions when a package is
// needed) as a child process answering JSON lines; pyxis (dist/) and the
// pyodide npm package (bench/node_modules) in this Node process.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, "..");
const DRIVER = path.join(BENCH, "driver.py");
const IN_TOOLCHAIN = path.join(ROOT, "tools", "in-toolchain");

function inToolchain(argv) {
  const r = spawnSync(IN_TOOLCHAIN, argv, { encoding: "utf8", cwd: ROOT });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

// Native CPython; with `packages` (lockfile names), a venv in the toolchain
// with those packages at the lockfile's versions.
export async function nativeRuntime(packages = []) {
  const { PYTHON_VERSION } = await import(path.join(ROOT, "dist", "config.mjs"));
  let python = `python${PYTHON_VERSION}`;
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "pyodide-lock.json"), "utf8"));
  const pins = packages.map((p) => `${p}==${lock.packages[p].version}`);
  if (pins.length) {
    // Inside the toolchain chroot (shared with tools/package-suite.mjs).
    const venv = `/tmp/pyxis-${packages[0]}-native`;
    inToolchain([
      "bash",
      "-c",
      `[ -x ${venv}/bin/python ] || ${python} -m venv ${venv}; ${venv}/bin/pip install -q ${pins.join(" ")}`,
    ]);
    python = `${venv}/bin/python`;
  }
  const version = inToolchain([python, "-c", "import platform; print(platform.python_version())"]);
  const child = spawn(IN_TOOLCHAIN, [python, DRIVER], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  async function call(...request) {
    child.stdin.write(JSON.stringify(request) + "\n");
    const { value, done } = await lines.next();
    if (done) throw new Error(`native CPython exited (request ${JSON.stringify(request)})`);
    const answer = JSON.parse(value);
    if ("error" in answer) throw new Error(`native CPython: ${answer.error}`);
    return answer.ok;
  }
  return {
    name: "native",
    version: `CPython ${version.trim()}${pins.length ? ` (${pins.join(", ")})` : ""}`,
    load: (file) => call("load", file),
    sample: (file, loops) => call("sample", file, loops),
    close: () => child.stdin.end(),
  };
}

// A runtime with Pyodide's JS API (pyxis or Pyodide itself), the folders the
// benchmarks read mounted at their own paths.
async function pyodideLike(name, version, py, folders, packages) {
  if (packages.length) await py.loadPackage(packages);
  for (const folder of new Set([BENCH, ...folders])) {
    py.FS.mkdirTree(folder);
    py.FS.mount(py.FS.filesystems.NODEFS, { root: folder }, folder);
  }
  const ns = py.toPy({});
  py.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(BENCH)})\nimport driver`, {
    globals: ns,
  });
  return {
    name,
    version,
    load: async (file) =>
      py.runPython(`driver.load(${JSON.stringify(file)})`, { globals: ns }).toJs(),
    sample: async (file, loops) =>
      py.runPython(`driver.sample(${JSON.stringify(file)}, ${loops})`, { globals: ns }),
    close: () => ns.destroy(),
  };
}

// pyxis from dist/, or from another build's dist folder, or started with
// environment variables (`name` then tells them apart: bench/suite.mjs
// --pyxis DIR and --pyxis-env NAME=VALUE compare builds in one run).
export async function pyxisRuntime(
  folders,
  packages = [],
  dist = path.join(ROOT, "dist"),
  name = "pyxis",
  env = {},
) {
  const { loadPyodide } = await import(path.join(dist, "pyxis.mjs"));
  const py = await loadPyodide({ env });
  const version = `${name} ${py.version} (Python ${py.runPython("import platform; platform.python_version()")})`;
  return pyodideLike(name, version, py, folders, packages);
}

// The pyodide npm package pinned in bench/package.json (`make bench` installs it).
export async function pyodideRuntime(folders, packages = []) {
  const mod = await import(path.join(BENCH, "node_modules", "pyodide", "pyodide.mjs"));
  const py = await mod.loadPyodide();
  const version = `Pyodide ${py.version} (Python ${py.runPython("import platform; platform.python_version()")})`;
  return pyodideLike("pyodide", version, py, folders, packages);
}
