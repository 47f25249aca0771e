// numpy kernels (bench/numpy/*.py, each defining run()) timed in pyxis (Node,
// numpy from the local dist/) and natively (the toolchain's python3.X with
// the same numpy version from pip, in a venv) in the same run; best of N
// calls each, after one warm-up call. Numbers, not pass/fail.
//   node bench/numpy/run.mjs [--runs N]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { harness } from "../harness.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
// tools/config.env's Python version, as the build wrote it for the loader.
const { PYTHON_VERSION } = await import(path.join(ROOT, "dist", "config.mjs"));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] || 5) || 5;
const LOCK = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "pyodide-lock.json"), "utf8"));
const VERSION = LOCK.packages.numpy.version;
const VENV = "/tmp/pyxis-numpy-native"; // inside the toolchain chroot (shared with tools/numpy-tests.mjs)

const kernels = fs
  .readdirSync(HERE)
  .filter((f) => f.endsWith(".py"))
  .sort();

function inToolchain(argv) {
  return spawnSync(path.join(ROOT, "tools", "in-toolchain"), argv, { encoding: "utf8", cwd: ROOT });
}
const setup = inToolchain([
  "bash",
  "-c",
  `[ -x ${VENV}/bin/python ] || python${PYTHON_VERSION} -m venv ${VENV}; ${VENV}/bin/pip install -q numpy==${VERSION}`,
]);
if (setup.status !== 0) throw new Error(`native numpy setup failed:\n${setup.stderr}`);

const { loadPyodide } = await import(path.join(ROOT, "dist", "pyxis.mjs"));
const pyodide = await loadPyodide();
await pyodide.loadPackage("numpy");
pyodide.FS.mkdirTree(HERE);
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: HERE }, HERE);

console.log(`numpy ${VERSION}; best of ${runs} runs each (after one warm-up)\n`);
console.log(
  "kernel".padEnd(16) +
    "pyxis (ms)".padStart(12) +
    "native (ms)".padStart(13) +
    "ratio".padStart(8),
);
for (const k of kernels) {
  const file = path.join(HERE, k);
  const wasm = pyodide.runPython(harness(file, runs));
  const r = inToolchain([
    `${VENV}/bin/python`,
    "-c",
    harness(file, runs).replace(/\nbest$/, "\nprint(best)"),
  ]);
  const nat = Number(r.stdout.trim());
  const ratio = nat ? (wasm / nat).toFixed(2) + "x" : "n/a";
  console.log(
    k.replace(/\.py$/, "").padEnd(16) +
      (wasm * 1000).toFixed(1).padStart(12) +
      (nat ? (nat * 1000).toFixed(1) : "n/a").padStart(13) +
      ratio.padStart(8),
  );
}
