// Benchmarks: each program in bench/programs runs in pyxis (Node) and in
// native CPython (the toolchain's, the runtime's version), best of N runs each; prints a table
// with the slowdown. Not a test: numbers, not pass/fail.
//   node bench/run.mjs [--runs N] [--native PYTHON]   (default PYTHON: the toolchain's)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { harness } from "./harness.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] || 5) || 5;
const nativeIdx = args.indexOf("--native");
const native =
  nativeIdx >= 0
    ? [args[nativeIdx + 1]]
    : [
        path.join(ROOT, "tools", "in-toolchain"),
        `python${(await import(path.join(ROOT, "dist", "config.mjs"))).PYTHON_VERSION}`,
      ];

const programs = fs
  .readdirSync(path.join(HERE, "programs"))
  .filter((f) => f.endsWith(".py"))
  .sort();

const { loadPyodide } = await import(path.join(ROOT, "dist", "pyxis.mjs"));
const t0 = performance.now();
const pyodide = await loadPyodide();
const loadMs = performance.now() - t0;
pyodide.FS.mkdirTree(path.join(HERE, "programs"));
pyodide.FS.mount(
  pyodide.FS.filesystems.NODEFS,
  { root: path.join(HERE, "programs") },
  path.join(HERE, "programs"),
);

console.log(`pyxis load: ${loadMs.toFixed(0)} ms; best of ${runs} runs each\n`);
console.log(
  "program".padEnd(20) + "pyxis (s)".padStart(12) + "native (s)".padStart(12) + "ratio".padStart(8),
);
for (const prog of programs) {
  const file = path.join(HERE, "programs", prog);
  const wasm = pyodide.runPython(harness(file, runs));
  const r = spawnSync(
    native[0],
    [...native.slice(1), "-c", harness(file, runs).replace(/\nbest$/, "\nprint(best)")],
    {
      encoding: "utf8",
    },
  );
  const nat = Number(r.stdout.trim());
  const ratio = nat ? (wasm / nat).toFixed(2) + "x" : "n/a";
  console.log(
    prog.padEnd(20) +
      wasm.toFixed(3).padStart(12) +
      (nat ? nat.toFixed(3) : "n/a").padStart(12) +
      ratio.padStart(8),
  );
}
