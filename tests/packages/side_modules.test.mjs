// Every side module of every bundle links against what exists: each
// function it imports from "env" is exported by the runtime (pyxis.asm.wasm's
// exports: the C API, libc, libc++, zlib, ...), provided by the JS glue (the
// runtime's own "env" imports), or defined by a side module of a package it
// depends on (a shared library). emscripten resolves imports lazily, so a
// missing one would only fail when first called ("resolved is not a
// function"), in the middle of a user's program.
import fs from "node:fs";
import path from "node:path";
import { DIST } from "../helpers.mjs";
import { readEntry, zipEntries } from "../../tools/zipfile.mjs";
import { LOCK } from "./helpers.mjs";

const runtime = new WebAssembly.Module(fs.readFileSync(path.join(DIST, "pyxis.asm.wasm")));
const available = new Set([
  ...WebAssembly.Module.exports(runtime).map((e) => e.name),
  ...WebAssembly.Module.imports(runtime)
    .filter((i) => i.module === "env")
    .map((i) => i.name),
]);

// name -> [{ file, imports, exports }] of its bundle's side modules
const modules = {};
for (const [name, pkg] of Object.entries(LOCK.packages)) {
  const buf = fs.readFileSync(path.join(DIST, pkg.file_name));
  modules[name] = zipEntries(buf)
    .filter((e) => e.name.endsWith(".so"))
    .map((e) => {
      const mod = new WebAssembly.Module(readEntry(buf, e));
      return {
        file: e.name,
        imports: WebAssembly.Module.imports(mod)
          .filter((i) => i.module === "env" && i.kind === "function")
          .map((i) => i.name),
        exports: WebAssembly.Module.exports(mod).map((x) => x.name),
      };
    });
}
const closure = (name, seen = new Set()) => {
  if (!seen.has(name)) {
    seen.add(name);
    for (const dep of LOCK.packages[name].depends) closure(dep, seen);
  }
  return seen;
};
const withModules = Object.keys(modules).filter((n) => modules[n].length);

test("the lockfile has packages with side modules to check", () => {
  expect(withModules).toEqual(expect.arrayContaining(["matplotlib", "numpy", "pillow"]));
});

test.each(withModules)("%s: every imported function is defined somewhere", (name) => {
  const defined = new Set(available);
  for (const dep of closure(name))
    for (const m of modules[dep]) m.exports.forEach((x) => defined.add(x));
  const missing = modules[name].flatMap((m) =>
    m.imports.filter((i) => !defined.has(i)).map((i) => `${m.file}: ${i}`),
  );
  expect(missing).toEqual([]);
});
