// The download sizes the README quotes, measured from dist/: the core
// download (what loadPyodide fetches) beside Pyodide's, raw, gzip -9 and
// brotli 11 (a minute of compressing); each runtime file; each package bundle (the zip as downloaded, what
// it unpacks to, its extension modules, the largest of them when there are
// many; a package's tests are their own <name>-tests bundle), and what
// loadPackage(name) downloads with its run dependencies. Not a test: numbers.
//   node bench/sizes.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { zipEntries } from "../tools/zipfile.mjs";
import { MB, brotliSize, gzipSize } from "./compressed-size.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");

const sum = (list, key) => list.reduce((n, e) => n + e[key], 0);

const date = new Date().toISOString().slice(0, 10);
const { STDLIB_ZIP_NAME } = await import(path.join(DIST, "config.mjs"));
const PYODIDE = path.join(ROOT, "bench", "node_modules", "pyodide");

// What a page downloads before its first line of Python, pyxis beside
// Pyodide, each file raw, gzip -9 and brotli 11 (what a static host serves
// precompressed; a CDN compressing on the fly gets a little less).
const gzip = gzipSize;
const brotli = brotliSize;
const CORE = [
  ["wasm", "pyxis.asm.wasm", "pyodide.asm.wasm"],
  ["JS glue", "pyxis.asm.js", "pyodide.asm.mjs"],
  ["stdlib", STDLIB_ZIP_NAME, "python_stdlib.zip"],
  ["loader (one script)", "pyxis.js", "pyodide.js"],
  ["lockfile", "pyodide-lock.json", "pyodide-lock.json"],
];
const measure = (file) => {
  if (!fs.existsSync(file)) return undefined;
  const buf = fs.readFileSync(file);
  return { raw: buf.length, gz: gzip(buf), br: brotli(buf) };
};
const cell = (m) => (m ? `${MB(m.raw)} / ${MB(m.gz)} / ${MB(m.br)}` : "—");
const total = { pyxis: { raw: 0, gz: 0, br: 0 }, pyodide: { raw: 0, gz: 0, br: 0 } };
const pyodideVersion = fs.existsSync(PYODIDE)
  ? JSON.parse(fs.readFileSync(path.join(PYODIDE, "package.json"), "utf8")).version
  : "(not installed: make bench/node_modules)";
console.log(
  `Core download, ${date} (\`node bench/sizes.mjs\`; pyxis dist/, Pyodide ${pyodideVersion} npm package): ` +
    "raw / gzip -9 / brotli 11.\n",
);
console.log("| file | pyxis | Pyodide |\n| --- | --- | --- |");
for (const [what, mine, theirs] of CORE) {
  const a = measure(path.join(DIST, mine));
  const b = measure(path.join(PYODIDE, theirs));
  for (const [t, m] of [
    [total.pyxis, a],
    [total.pyodide, b],
  ])
    for (const k of ["raw", "gz", "br"]) t[k] += m?.[k] ?? 0;
  console.log(`| ${what} (${mine}; ${theirs}) | ${cell(a)} | ${cell(b)} |`);
}
console.log(`| **total** | **${cell(total.pyxis)}** | **${cell(total.pyodide)}** |`);
const stem = STDLIB_ZIP_NAME.replace(/\.zip$/, "");
const groups = fs.readdirSync(DIST).filter((f) => f.startsWith(`${stem}-`) && f.endsWith(".zip"));
console.log("\npyxis's stdlib on-demand groups (fetched when first imported):");
for (const f of groups.sort())
  console.log(`  ${f.padEnd(28)} ${cell(measure(path.join(DIST, f)))}`);

console.log(`\ndist/ of ${date}, runtime files (raw / gzip -9):`);
for (const f of ["pyxis.asm.wasm", "pyxis.asm.js", STDLIB_ZIP_NAME, "pyxis.mjs", "pyxis.js"]) {
  const buf = fs.readFileSync(path.join(DIST, f));
  console.log(`  ${f.padEnd(16)} ${MB(buf.length).padStart(10)} / ${MB(gzip(buf)).padStart(10)}`);
}

const lock = JSON.parse(fs.readFileSync(path.join(DIST, "pyodide-lock.json"), "utf8"));
console.log("\npackage bundles (zip as downloaded; unpacked; extension modules):");
for (const pkg of Object.values(lock.packages).sort((a, b) => a.name.localeCompare(b.name))) {
  const buf = fs.readFileSync(path.join(DIST, pkg.file_name));
  const entries = zipEntries(buf);
  const so = entries.filter((e) => e.name.endsWith(".so"));
  console.log(
    `  ${pkg.file_name.padEnd(28)} ${MB(buf.length).padStart(10)}; ${MB(sum(entries, "size")).padStart(10)}` +
      (so.length ? `; ${so.length} .so ${MB(sum(so, "size"))}` : ""),
  );
  if (so.length > 5) {
    const big = so.sort((a, b) => b.size - a.size)[0];
    console.log(`    largest extension module: ${big.name} ${MB(big.size)}`);
  }
}

// What loadPackage(name) downloads: the bundle and its run dependencies'.
console.log("\nloadPackage(name) downloads (with its run dependencies):");
const closure = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of lock.packages[name].depends) closure(dep, seen);
  return seen;
};
const sizeOf = (name) => fs.statSync(path.join(DIST, lock.packages[name].file_name)).size;
for (const name of Object.keys(lock.packages).sort()) {
  const all = [...closure(name)];
  if (all.length < 3) continue;
  const total = all.reduce((n, p) => n + sizeOf(p), 0);
  console.log(`  ${name.padEnd(28)} ${MB(total).padStart(10)} (${all.length} bundles)`);
}
