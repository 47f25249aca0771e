// The download sizes the README quotes, measured from dist/: each runtime
// file raw and gzip -9, and each package bundle (the zip as downloaded, what
// it unpacks to, its extension modules, the largest of them when there are
// many; a package's tests are their own <name>-tests bundle). Not a test: numbers.
//   node bench/sizes.mjs
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
const MB = (n) => `${(n / 1e6).toFixed(2)} MB`;

/** The entries of a zip's central directory: { name, compressed, size }. */
function zipEntries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory");
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      name: buf.toString("utf8", p + 46, p + 46 + nameLen),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

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
