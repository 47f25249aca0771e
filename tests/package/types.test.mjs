// The TypeScript declarations describe the API the runtime really has: every
// member of PyodideAPI in pyxis.d.ts exists on a loaded runtime, and the
// reverse (public members only).
import fs from "node:fs";
import path from "node:path";
import { DIST, loadCaptured } from "../helpers.mjs";

test("pyxis.d.ts and the runtime agree on PyodideAPI's members", async () => {
  const dts = fs.readFileSync(path.join(DIST, "pyxis.d.ts"), "utf8");
  const body = dts.slice(dts.indexOf("export interface PyodideAPI {"));
  const block = body.slice(0, body.indexOf("\n}\n"));
  const declared = [...block.matchAll(/^  (\w+)[?(:]/gm)].map((m) => m[1]).sort();
  const { pyodide } = await loadCaptured();
  const actual = Object.keys(pyodide)
    .filter((k) => !k.startsWith("_"))
    .sort();
  expect(declared).toEqual(actual);
});

test("pyxis.d.ts's LoadOptions names exactly the options loadPyodide knows", async () => {
  const dts = fs.readFileSync(path.join(DIST, "pyxis.d.ts"), "utf8");
  const body = dts.slice(dts.indexOf("export interface LoadOptions {"));
  const block = body.slice(0, body.indexOf("\n}\n"));
  const declared = [...block.matchAll(/^  (\w+)\?:/gm)]
    .map((m) => m[1])
    .filter((k) => !k.startsWith("_"))
    .sort();
  const { loadPyodide } = await import(path.join(DIST, "pyxis.mjs"));
  // An unknown option is refused before anything loads, listing the known ones.
  const error = await loadPyodide({ notAnOption: 1 }).catch((e) => e);
  const known = /\(known: (.*)\)$/.exec(error.message)[1].split(", ").sort();
  expect(declared).toEqual(known);
});

test("pyxis.d.ts's FFI names exactly pyodide.ffi's types, each declared as a class", async () => {
  const dts = fs.readFileSync(path.join(DIST, "pyxis.d.ts"), "utf8");
  const body = dts.slice(dts.indexOf("export interface FFI {"));
  const block = body.slice(0, body.indexOf("\n}\n"));
  const declared = [...block.matchAll(/^  (\w+): typeof (\w+);$/gm)];
  expect(declared.every(([, name, type]) => name === type)).toBe(true);
  const { pyodide } = await loadCaptured();
  const { ffi } = await import(path.join(DIST, "pyxis.mjs"));
  expect(pyodide.ffi).toBe(ffi);
  expect(declared.map(([, name]) => name).sort()).toEqual(Object.keys(ffi).sort());
  for (const name of Object.keys(ffi))
    expect([name, new RegExp(`^export declare class ${name}\\b`, "m").test(dts)]).toEqual([
      name,
      true,
    ]);
});
