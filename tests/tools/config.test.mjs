// tools/config.env is the one place the versions and the runtime's paths are
// written: no other tracked file (docs aside) spells them, and the generated
// js/config.mjs (the loader's copy) says what the file says.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CONFIG, ROOT } from "../helpers.mjs";

test("no tracked file but tools/config.env spells a version, the ABI or a runtime path", () => {
  const facts = [
    `python${CONFIG.PYTHON_VERSION}`,
    `python${CONFIG.PYTHON_NODOT}`,
    CONFIG.EXT_SUFFIX,
    CONFIG.PYTHON_PATCH_VERSION,
    CONFIG.EMSCRIPTEN_VERSION,
    `"${CONFIG.ABI_VERSION}"`,
  ];
  // Allowed: the config itself; prose; the pinned source list and the license
  // members inside the pinned tarball (data about that tarball); the
  // CPython patches (diffs of CPython's own files); lockfiles of npm; the
  // benchmark results (records of a run, naming the runtimes measured).
  const allowed = (f) =>
    f === "tools/config.env" ||
    f.endsWith(".md") ||
    ["cpython/sources.txt", "cpython/licenses.txt"].includes(f) ||
    f.startsWith("cpython/patches/") ||
    f.endsWith("package-lock.json") ||
    f.startsWith("bench/results/");
  const files = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((f) => f && !allowed(f) && fs.existsSync(path.join(ROOT, f)));
  const offenders = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(ROOT, f), "latin1");
    for (const fact of facts) if (text.includes(fact)) offenders.push(`${f}: ${fact}`);
  }
  expect(offenders).toEqual([]);
});

test("js/config.mjs is generated from tools/config.env", () => {
  const env = fs.readFileSync(path.join(ROOT, "tools", "config.env"), "utf8");
  const names = [...env.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
  expect(Object.keys(CONFIG).sort()).toEqual([...names].sort());
  expect(CONFIG.SITE_PACKAGES).toBe(`${CONFIG.STDLIB_DIR}/site-packages`);
  expect(CONFIG.PYTHON_NODOT).toBe(CONFIG.PYTHON_VERSION.replace(".", ""));
  const generated = fs.readFileSync(path.join(ROOT, "js", "config.mjs"), "utf8");
  expect(generated).toMatch(/^\/\/ Generated from tools\/config\.env/);
});
