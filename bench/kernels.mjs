// A package's kernels (bench/<package>/*.py, each defining run()) timed in
// pyxis (Node, the package from the local dist/) and natively (the
// toolchain's python3.X with the same versions from pip, in a venv) in the
// same run; best of N calls each, after one warm-up call. Prints the date,
// the versions and each kernel's times and ratio. Numbers, not pass/fail.
//   node bench/kernels.mjs numpy|pandas [--runs N]      (make bench-numpy, make bench-pandas)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { harness } from "./harness.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, "..");
// What each package's native venv installs (lockfile versions).
const NATIVE = { numpy: ["numpy"], pandas: ["pandas", "numpy", "python-dateutil", "tzdata"] };
// tools/config.env's Python version, as the build wrote it for the loader.
const { PYTHON_VERSION } = await import(path.join(ROOT, "dist", "config.mjs"));
const args = process.argv.slice(2);
const pkg = args[0];
if (!NATIVE[pkg])
  throw new Error(`usage: node bench/kernels.mjs ${Object.keys(NATIVE).join("|")} [--runs N]`);
const HERE = path.join(BENCH, pkg);
const runs = Number(args[args.indexOf("--runs") + 1] || 5) || 5;
const LOCK = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "pyodide-lock.json"), "utf8"));
const VERSION = LOCK.packages[pkg].version;
const PINS = NATIVE[pkg].map((p) => `${p}==${LOCK.packages[p].version}`);
// Inside the toolchain chroot (shared with tools/package-suite.mjs).
const VENV = `/tmp/pyxis-${pkg}-native`;

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
  `[ -x ${VENV}/bin/python ] || python${PYTHON_VERSION} -m venv ${VENV}; ${VENV}/bin/pip install -q ${PINS.join(" ")}`,
]);
if (setup.status !== 0) throw new Error(`native ${pkg} setup failed:\n${setup.stderr}`);

const { loadPyodide } = await import(path.join(ROOT, "dist", "pyxis.mjs"));
const pyodide = await loadPyodide();
await pyodide.loadPackage(pkg);
pyodide.FS.mkdirTree(HERE);
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: HERE }, HERE);

console.log(
  `${pkg} ${VERSION}, ${new Date().toISOString().slice(0, 10)}: pyxis (Node ${process.version}) ` +
    `and native python${PYTHON_VERSION} (${PINS.join(", ")}) in this run; best of ${runs} runs each ` +
    `(after one warm-up)\n`,
);
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
