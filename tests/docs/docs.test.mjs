// The docs against the tree: every file of this repository that README.md,
// docs/architecture.md and js/README.md name exists; every package recipe is
// named in the README; no registry's or mirror's address is written in a
// tracked file (they come from the machine's pip and apt configuration).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../helpers.mjs";

const DOCS = ["README.md", "docs/architecture.md", "js/README.md"];
const read = (f) => fs.readFileSync(path.join(ROOT, f), "utf8");
// Folders of the tree; dist/ and build/ are made by the build, not tracked.
const TREE = /^(?:\.ci|bench|cpython|docs|js|packages|src|tests|tools)\//;

/** Paths in backticks, e.g. `tools/serve.mjs` or `cpython/patches/0001-…`. */
function namedPaths(text) {
  const found = new Set();
  for (const [, code] of text.matchAll(/`([^`\n]+)`/g)) {
    for (const word of code.split(/[\s,()]+/)) {
      const p = word.replace(/[.:;]+$/, "");
      if (TREE.test(p) && !p.includes("<") && !p.includes("*")) found.add(p);
    }
  }
  return [...found];
}

function exists(p) {
  if (p.endsWith("…")) {
    // a name cut short: some file starts with it
    const dir = path.join(ROOT, path.dirname(p));
    const stem = path.basename(p).slice(0, -1);
    return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.startsWith(stem));
  }
  return fs.existsSync(path.join(ROOT, p));
}

test.each(DOCS)("every path of the tree that %s names exists", (doc) => {
  const paths = namedPaths(read(doc));
  if (doc !== "js/README.md") expect(paths.length).toBeGreaterThan(5);
  expect(paths.filter((p) => !exists(p))).toEqual([]);
});

test("the README names every package recipe", () => {
  const readme = read("README.md");
  const recipes = fs
    .readdirSync(path.join(ROOT, "packages"))
    .filter((d) => fs.existsSync(path.join(ROOT, "packages", d, "recipe.toml")));
  expect(recipes.length).toBeGreaterThan(0);
  expect(recipes.filter((name) => !readme.includes("`" + name + "`"))).toEqual([]);
});

test("no tracked file holds a package registry's or Debian mirror's address", () => {
  // The host names are assembled here so that this file does not hold them.
  const hosts = [
    ["pypi", "org"],
    ["pythonhosted", "org"],
    ["debian", "org"],
    ["registry", "npmjs", "org"],
    ["registry", "yarnpkg", "com"],
  ].map((parts) => parts.join("."));
  const files = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && !/\.(png|zip|wasm)$/.test(f) && fs.existsSync(path.join(ROOT, f)));
  expect(files.length).toBeGreaterThan(20);
  const hits = [];
  for (const f of files) {
    const lines = read(f).split("\n");
    lines.forEach((line, i) => {
      for (const h of hosts) if (line.includes(h)) hits.push(`${f}:${i + 1}: ${h}`);
    });
  }
  expect(hits).toEqual([]);
});
