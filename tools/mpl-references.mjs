// Renders the reference images of tests/packages/matplotlib-figures (its
// render.py, run by native CPython in the toolchain with PyPI's wheels of the
// lockfile's matplotlib, numpy, pandas, ... versions) into its reference/
// folder, with versions.json. tests/packages/matplotlib.test.mjs renders the
// same scripts in pyxis and compares the images. Also writes what pyxis's
// matplotlib ships so that its first import does less: the font list
// (packages/matplotlib/fontlist.patch, by tools/mpl-data/fontlist.py) and
// the Artist classes' kwdoc texts (kwdocs.patch, by tools/mpl-data/kwdocs.py).
// Run after a version change:
//   node tools/mpl-references.mjs      (make mpl-references)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SUITES, inToolchain, nativeVenv } from "./package-suite.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIGURES = path.join(ROOT, "tests", "packages", "matplotlib-figures");
const LOCK = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "pyodide-lock.json"), "utf8"));

// The suite's native packages (pandas among them: a script plots a DataFrame).
const packages = SUITES.matplotlib.native;
const VENV = nativeVenv("matplotlib", packages, LOCK);
const out = path.join(FIGURES, "reference");
fs.rmSync(out, { recursive: true, force: true });
inToolchain(`cd /tmp && ${VENV}/bin/python ${path.join(FIGURES, "render.py")} ${out}`);
console.log(fs.readFileSync(path.join(out, "versions.json"), "utf8"));
// The data pyxis's matplotlib ships instead of working it out on its first
// import: the font list, and the Artist classes' kwdoc texts.
for (const [script, patch] of [
  ["fontlist.py", "fontlist.patch"],
  ["kwdocs.py", "kwdocs.patch"],
]) {
  const tool = path.join(ROOT, "tools", "mpl-data", script);
  const target = path.join(ROOT, "packages", "matplotlib", patch);
  console.log(inToolchain(`cd /tmp && ${VENV}/bin/python ${tool} ${target}`).stdout);
}
