// matplotlib's first import in a fresh Node process, after the bundles are
// loaded: loadPackage("matplotlib") timed apart from `import
// matplotlib.pyplot` (the first import: font list, rcParams, the
// extensions' side modules), beside native CPython (the toolchain's, in
// the venv `make matplotlib-tests` uses: PyPI's wheels at the lockfile's
// versions) importing the same, interleaved. Best and median of N runs (ms); not a test.
//   node bench/mpl-import.mjs [--runs N]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SUITES, nativeVenv } from "../tools/package-suite.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const i = args.indexOf("--runs");
const runs = i >= 0 ? Number(args[i + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs: expected a count, got ${args[i + 1]}`);

const LOCK = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "pyodide-lock.json"), "utf8"));
const VENV = nativeVenv("matplotlib", SUITES.matplotlib.native, LOCK);
const loader = pathToFileURL(path.join(ROOT, "dist", "pyxis.mjs")).href;
const inProcess = `const { loadPyodide } = await import(${JSON.stringify(loader)});
const pyodide = await loadPyodide();
let t = performance.now();
await pyodide.loadPackage("matplotlib", { messageCallback: () => {} });
const load = performance.now() - t;
t = performance.now();
pyodide.runPython("import matplotlib.pyplot");
console.log(JSON.stringify({ load, imp: performance.now() - t }));`;
const nativeCode =
  "import time; t = time.perf_counter(); import matplotlib.pyplot; print((time.perf_counter() - t) * 1000)";

const rows = { load: [], imp: [], native: [] };
for (let n = 0; n < runs; n++) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", inProcess], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`pyxis run failed:\n${r.stderr}`);
  const { load, imp } = JSON.parse(r.stdout.trim().split("\n").at(-1));
  rows.load.push(load);
  rows.imp.push(imp);
  const nat = spawnSync(
    path.join(ROOT, "tools", "in-toolchain"),
    [`${VENV}/bin/python`, "-c", nativeCode],
    { encoding: "utf8", cwd: "/tmp" },
  );
  if (nat.status !== 0) throw new Error(`native run failed:\n${nat.stderr}`);
  rows.native.push(Number(nat.stdout.trim()));
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const stats = (xs) => `best ${sorted(xs)[0].toFixed(0)}, median ${median(xs).toFixed(0)}`;
console.log(
  `${new Date().toISOString().slice(0, 10)}, ${runs} fresh processes each, interleaved (ms):`,
);
console.log(`  pyxis loadPackage("matplotlib"): ${stats(rows.load)}`);
console.log(`  pyxis import matplotlib.pyplot (first): ${stats(rows.imp)}`);
console.log(`  native import matplotlib.pyplot: ${stats(rows.native)}`);
console.log(
  `  first import, pyxis / native: ${(median(rows.imp) / median(rows.native)).toFixed(1)}x`,
);
