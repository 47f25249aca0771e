// The side modules (.so files) of dist/'s lockfile bundles, compiled, for
// the tools that read what they import from the runtime
// (tools/cxx-exports.mjs, bench/exports.mjs).
import fs from "node:fs";
import path from "node:path";
import { readEntry, zipEntries } from "./zipfile.mjs";

/** Each side module of the lockfile's bundles, as a WebAssembly.Module. */
export function* sideModules(dist, lock) {
  for (const pkg of Object.values(lock.packages)) {
    const buf = fs.readFileSync(path.join(dist, pkg.file_name));
    for (const e of zipEntries(buf).filter((x) => x.name.endsWith(".so")))
      yield new WebAssembly.Module(readEntry(buf, e));
  }
}

/** Whether an import of a side module is resolved by the dynamic linker. */
export const fromLinker = (imp) => imp.module === "env" || imp.module.startsWith("GOT.");
