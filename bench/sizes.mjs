// The download sizes the README quotes, measured from dist/: each runtime
// file raw and gzip -9, and each package bundle (the zip as downloaded, what
// it unpacks to, its extension modules, the largest of them when there are
// many; a package's tests are their own <name>-tests bundle), and what
// loadPackage(name) downloads with its run dependencies. Not a test: numbers.
//   node bench/sizes.mjs
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { zipEntries } from "../tools/zipfile.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const MB = (n) => `${(n / 1e6).toFixed(2)} MB`;

const sum = (list, key) => list.reduce((n, e) => n + e[key], 0);

console.log(`dist/ of ${new Date().toISOString().slice(0, 10)}\n\nruntime (raw / gzip -9):`);
const { STDLIB_ZIP_NAME } = await import(path.join(DIST, "config.mjs"));
for (const f of ["pyxis.asm.wasm", "pyxis.asm.js", STDLIB_ZIP_NAME, "pyxis.mjs", "pyxis.js"]) {
  const buf = fs.readFileSync(path.join(DIST, f));
  const gz = zlib.gzipSync(buf, { level: 9 }).length;
  console.log(`  ${f.padEnd(16)} ${MB(buf.length).padStart(10)} / ${MB(gz).padStart(10)}`);
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
