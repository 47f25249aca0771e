// The package build tool's compiler wrappers (tools/pyxis_build/cross.py):
// every call gets the C++ exception ABI's flags, -fexceptions (another ABI)
// and -pthread (no threads in the runtime) are dropped, a -shared link becomes a side-module link, and arguments
// (spaces included) pass through unchanged. The wrapper is rendered with a
// stand-in compiler that prints its arguments.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../helpers.mjs";

let wrapper, tmp;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-wrapper-"));
  const script = [
    "import sys",
    "sys.path.insert(0, sys.argv[1])",
    "from pyxis_build.cross import render_wrapper",
    "from pyxis_build.common import EH_FLAGS",
    "print(render_wrapper('printf \"%s\\\\n\"', ['-sSIDE_MODULE=1', *EH_FLAGS]))",
  ].join("\n");
  const r = spawnSync("python3", ["-c", script, path.join(ROOT, "tools")], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  wrapper = path.join(tmp, "cc");
  fs.writeFileSync(wrapper, r.stdout);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const call = (...args) => {
  const r = spawnSync("sh", [wrapper, ...args], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout.split("\n").slice(0, -1);
};

test("a compile gets the exception ABI and loses -fexceptions", () => {
  expect(call("-O2", "-fexceptions", "-c", "a file.cpp", "-o", "a.o")).toEqual([
    "-fwasm-exceptions",
    "-O2",
    "-c",
    "a file.cpp",
    "-o",
    "a.o",
  ]);
});

test("thread flags are dropped from compiles and links (the runtime has no threads)", () => {
  expect(call("-pthread", "-c", "a.c", "-o", "a.o")).toEqual([
    "-fwasm-exceptions",
    "-c",
    "a.c",
    "-o",
    "a.o",
  ]);
  expect(call("-shared", "a.o", "-pthreads", "-o", "m.so")).toEqual([
    "-Wl,--no-whole-archive",
    "-shared",
    "a.o",
    "-o",
    "m.so",
    "-sSIDE_MODULE=1",
    "-fwasm-exceptions",
  ]);
});

test("a -shared link becomes a side module, archives linked by need", () => {
  expect(call("-shared", "x.o", "-fexceptions", "libfoo.a", "-o", "m.so")).toEqual([
    "-Wl,--no-whole-archive",
    "-shared",
    "x.o",
    "libfoo.a",
    "-o",
    "m.so",
    "-sSIDE_MODULE=1",
    "-fwasm-exceptions",
  ]);
});

test("other flags, -fno-exceptions included, pass through", () => {
  expect(call("-fno-exceptions", "-std=c++20", "t.c")).toEqual([
    "-fwasm-exceptions",
    "-fno-exceptions",
    "-std=c++20",
    "t.c",
  ]);
});
