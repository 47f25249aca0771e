// What a shorter export list would save: the runtime exports every C symbol
// of libpython, libc, compiler-rt, zlib and the C++ runtime, and the C++
// runtime's C++ symbols that the lockfile's side modules import
// (tools/link-runtime.sh), which keeps their code in the wasm and a wrapper
// each in the JS glue. This links a variant (PYXIS_EXPORT_KEEP, cached like
// the runtime) and measures it beside dist/'s: "lockfile" keeps only the
// Python C API, our entry points and what the lockfile's side modules
// import (no ABI for third-party builds beyond that). For dist/ and the
// variant it loads every lockfile package into a runtime built from it and
// imports what the package provides. Not a test: numbers (a few minutes).
//   node bench/exports.mjs
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fromLinker, sideModules } from "../tools/side-modules.mjs";
import { MB, brotliSize } from "./compressed-size.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const WORK = path.join(ROOT, "build", "exports");
const lock = JSON.parse(fs.readFileSync(path.join(DIST, "pyodide-lock.json"), "utf8"));

function link(keepFile) {
  const argv = keepFile
    ? ["env", `PYXIS_EXPORT_KEEP=${keepFile}`, "tools/link-runtime.sh"]
    : ["tools/link-runtime.sh"];
  const r = spawnSync(path.join(ROOT, "tools", "in-toolchain"), argv, {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`link-runtime.sh failed:\n${r.stderr.slice(-3000)}`);
  return r.stdout.trim().split("\n").pop();
}

// Every symbol the lockfile's side modules import from the runtime.
const imported = new Set();
for (const mod of sideModules(DIST, lock)) {
  for (const imp of WebAssembly.Module.imports(mod)) if (fromLinker(imp)) imported.add(imp.name);
}
const full = fs.readFileSync(path.join(link(), "exports.txt"), "utf8").trim().split("\n");
const ours = (n) => /^_?Py|^pyxis_|^(malloc|free|calloc|realloc)$/.test(n);
const variants = {
  lockfile: full.filter((n) => ours(n) || imported.has(n)),
};
fs.mkdirSync(WORK, { recursive: true });

const br = brotliSize;
function measure(dir) {
  const wasm = fs.readFileSync(path.join(dir, "pyxis.asm.wasm"));
  const js = fs.readFileSync(path.join(dir, "pyxis.asm.js"));
  return `wasm ${MB(wasm.length)} raw / ${MB(br(wasm))} br, JS glue ${MB(js.length)} / ${MB(br(js))} br, both ${MB(br(wasm) + br(js))} br`;
}

// Loads every lockfile package (but the -tests ones) into a runtime made
// from `dir`, in one loadPackage call, then imports what each provides;
// returns the failures.
function loadAll(dir) {
  const script = `
const { loadPyodide } = await import(${JSON.stringify(pathToFileURL(path.join(dir, "pyxis.mjs")).href)});
const py = await loadPyodide();
const failed = {};
const names = Object.keys(py.lockfile.packages).filter((n) => !n.endsWith("-tests"));
try {
  await py.loadPackage(names, { messageCallback: () => {} });
} catch (err) {
  failed.loadPackage = String(err.message).slice(0, 300);
}
for (const name of names) {
  for (const m of py.lockfile.packages[name].imports) {
    try {
      py.runPython("import " + m);
    } catch (err) {
      failed[name] = String(err.message).split("\\n").slice(-2).join(" ").slice(0, 200);
    }
  }
}
console.log(JSON.stringify(failed));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, MPLBACKEND: "Agg" },
  });
  if (r.status !== 0) throw new Error(`loading packages failed:\n${r.stderr.slice(-3000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

console.log(`${new Date().toISOString().slice(0, 10)}: export lists (\`node bench/exports.mjs\`)`);
console.log(`  dist/ (${full.length} symbols): ${measure(DIST)}`);
const baseline = loadAll(DIST);
console.log(
  `    lockfile packages that fail to load or import: ${
    Object.keys(baseline).length ? JSON.stringify(baseline) : "none"
  }`,
);
console.log(`  the lockfile's side modules import ${imported.size} symbols (env and GOT)`);
for (const [label, keep] of Object.entries(variants)) {
  const file = path.join(WORK, `${label.replace(/\W+/g, "-")}.txt`);
  fs.writeFileSync(file, keep.join("\n") + "\n");
  const out = link(file);
  const dir = path.join(WORK, label.replace(/\W+/g, "-"));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(DIST, dir, { recursive: true });
  for (const f of ["pyxis.asm.js", "pyxis.asm.wasm"])
    fs.copyFileSync(path.join(out, f), path.join(dir, f));
  const failed = loadAll(dir);
  console.log(`  ${label} (${keep.length} symbols): ${measure(dir)}`);
  console.log(
    `    lockfile packages that fail to load or import: ${
      Object.keys(failed).length ? JSON.stringify(failed) : "none"
    }`,
  );
}
