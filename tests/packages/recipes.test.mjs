// The lockfile is generated from the recipes with Pyodide's field names, and
// the build tool validates recipes against its schema (unknown keys, missing
// hashes, bad dependencies are errors naming the recipe and the key).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DIST, ROOT, CONFIG } from "../helpers.mjs";
import { LOCK } from "./helpers.mjs";
import { readEntry, zipEntries } from "../../tools/zipfile.mjs";

const RECIPES = path.join(ROOT, "packages");

test("the lockfile has Pyodide's fields and matches the bundles", async () => {
  const { ABI_VERSION } = await import(path.join(DIST, "packages.mjs"));
  const pkg = JSON.parse(fs.readFileSync(path.join(DIST, "package.json"), "utf8"));
  expect(LOCK.info).toEqual({
    arch: "wasm32",
    abi_version: ABI_VERSION,
    platform: "emscripten_3_1_69",
    version: pkg.version,
    python: CONFIG.PYTHON_PATCH_VERSION,
  });
  for (const [name, entry] of Object.entries(LOCK.packages)) {
    const { unvendored_tests: unvendored, ...fields } = entry;
    expect(Object.keys(fields).sort()).toEqual([
      "depends",
      "file_name",
      "imports",
      "install_dir",
      "name",
      "package_type",
      "sha256",
      "version",
    ]);
    // A package whose tests ship apart (build.tests): Pyodide's marker and
    // the <name>-tests entry, which depends on it and imports nothing.
    expect([undefined, true]).toContain(unvendored);
    if (unvendored) {
      expect(LOCK.packages[`${name}-tests`]).toMatchObject({
        version: entry.version,
        depends: [name],
        imports: [],
        install_dir: "site",
      });
    }
    expect(entry.name).toBe(name);
    const bytes = fs.readFileSync(path.join(DIST, entry.file_name));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(entry.sha256);
    expect(entry.package_type === "shared_library").toBe(entry.install_dir === "dynlib");
    for (const dep of entry.depends) expect(LOCK.packages[dep]).toBeDefined();
  }
  expect(LOCK.packages["test-shlib-user"].depends).toEqual(["test-shlib"]);
  expect(LOCK.packages["test-shlib"]).toMatchObject({
    package_type: "shared_library",
    install_dir: "dynlib",
  });
  expect(LOCK.packages.pytest.depends).toEqual(["iniconfig", "packaging", "pluggy"]);
  expect(LOCK.packages.numpy.unvendored_tests).toBe(true);
});

test("a package's tests are in its -tests bundle, not in the package's", () => {
  const names = (pkg) => {
    const zip = path.join(DIST, LOCK.packages[pkg].file_name);
    const r = spawnSync("python3", ["-m", "zipfile", "-l", zip], { encoding: "utf8" });
    expect(r.status).toBe(0);
    return r.stdout
      .split("\n")
      .slice(1)
      .map((l) => l.split(/\s+/)[0])
      .filter(Boolean);
  };
  const main = names("numpy");
  const tests = names("numpy-tests");
  expect(main.filter((n) => /(^|\/)tests\/|conftest/.test(n))).toEqual([]);
  expect(main).toContain("numpy/__init__.py");
  expect(tests).toContain("numpy/conftest.py");
  expect(tests).toContain("numpy/_core/tests/test_multiarray.py");
  expect(tests.every((n) => n.startsWith("numpy/"))).toBe(true);
});

// The custom sections of a wasm module, by name.
function customSections(wasm) {
  const names = [];
  let p = 8;
  const leb = () => {
    let r = 0;
    let shift = 0;
    let byte;
    do {
      byte = wasm[p++];
      r += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return r;
  };
  while (p < wasm.length) {
    const id = wasm[p++];
    const size = leb();
    const end = p + size;
    if (id === 0) {
      const n = leb();
      names.push(wasm.subarray(p, p + n).toString());
    }
    p = end;
  }
  return names;
}

test("bundles leave out what build.exclude names, and side modules are optimised", () => {
  const buf = fs.readFileSync(path.join(DIST, LOCK.packages.numpy.file_name));
  const entries = zipEntries(buf);
  const names = entries.map((e) => e.name);
  expect(names.filter((n) => n.endsWith(".pyi"))).toEqual([]);
  expect(names.filter((n) => n.startsWith("numpy/_core/include/"))).toEqual([]);
  expect(names.filter((n) => n.startsWith("numpy/random/_examples/"))).toEqual([]);
  expect(names).toContain("numpy/__init__.pxd"); // Cython builds against numpy cimport it
  // Linked at -O2 (tools/pyxis_build/common.py): binaryen ran, so no
  // function-name or DWARF sections are left.
  const so = entries.filter((e) => e.name.endsWith(".so"));
  expect(so.length).toBeGreaterThan(5);
  for (const e of so) {
    const sections = customSections(readEntry(buf, e));
    expect(sections).toContain("dylink.0");
    expect(sections.filter((s) => s === "name" || s.startsWith(".debug"))).toEqual([]);
  }
});

test("every recipe with a bundle is in the lockfile, at its version", () => {
  const names = fs
    .readdirSync(RECIPES)
    .filter((n) => fs.existsSync(path.join(RECIPES, n, "recipe.toml")));
  expect(names.length).toBeGreaterThanOrEqual(8);
  for (const name of names) {
    const text = fs.readFileSync(path.join(RECIPES, name, "recipe.toml"), "utf8");
    const version = text.match(/^version = "([^"]+)"/m)[1];
    if (/^type = "(static_library|meson_library|runtime_library|headers)"/m.test(text)) {
      expect(LOCK.packages[name]).toBeUndefined(); // used at build time only
    } else {
      // "runtime": the runtime's CPython version (a stdlib part).
      const want = version === "runtime" ? CONFIG.PYTHON_PATCH_VERSION : version;
      expect(LOCK.packages[name]?.version).toBe(want);
    }
  }
});

// Runs the build tool's validation on a temporary recipes folder (inside the
// checkout, which the toolchain sees).
function check(recipes, mode = "--check") {
  const dir = fs.mkdtempSync(path.join(ROOT, "build", "recipe-check-"));
  try {
    for (const [name, files] of Object.entries(recipes)) {
      fs.mkdirSync(path.join(dir, name, "src"), { recursive: true });
      for (const [file, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name, file), text);
      }
    }
    const r = spawnSync(
      path.join(ROOT, "tools", "in-toolchain"),
      [`python${CONFIG.PYTHON_VERSION}`, "tools/build-packages.py", mode, "--recipes", dir],
      { cwd: ROOT, encoding: "utf8" },
    );
    return { status: r.status, stderr: r.stderr, stdout: r.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The recipes are refused, and stderr names each message.
function expectRefused(recipes, messages) {
  const r = check(recipes);
  expect(r.status).toBe(1);
  for (const message of messages) expect(r.stderr).toContain(message);
  return r;
}

const pure = (name, extra = "") =>
  `[package]\nname = "${name}"\nversion = "1.0"\nimports = ["${name.replace(/-/g, "_")}"]\n` +
  `[source]\npath = "src"\n[build]\ntype = "pure"\n${extra}`;

test("valid recipes pass", () => {
  expect(check({ good: { "recipe.toml": pure("good") } })).toEqual({
    status: 0,
    stderr: "[pyxis] 1 recipes are valid\n",
    stdout: "",
  });
});

test("each recipe's schema errors are reported together", () => {
  expectRefused(
    {
      unknown: { "recipe.toml": pure("unknown", "colour = 'red'\n[extra]\nx = 1\n") },
      nohash: {
        "recipe.toml":
          '[package]\nname = "nohash"\nversion = "1"\nimports = []\n' +
          '[source]\npypi = "nohash>=1"\n[build]\ntype = "pure"\n',
      },
      badtype: {
        "recipe.toml":
          '[package]\nname = "badtype"\nversion = 1\nimports = ["badtype"]\n' +
          '[source]\npath = "src"\n[build]\ntype = "rust"\n',
      },
      wrongkeys: {
        "recipe.toml":
          '[package]\nname = "wrongkeys"\nversion = "1"\nimports = ["wrongkeys"]\n' +
          '[source]\npath = "src"\n[build]\ntype = "pure"\ncflags = ["-O2"]\n' +
          '[test]\nfiles = ["test_missing.py"]\n',
      },
      broken: { "recipe.toml": "[package\n" },
    },
    [
      "unknown key build.colour",
      "unknown section [extra]",
      "source.sha256 is required for a pypi source",
      "source.pypi must be pinned as name==version, not 'nohash>=1'",
      "package.version must be a string, not 1",
      "build.type must be python | pure | meson | setuptools | shared_library | static_library | " +
        "meson_library | runtime_library | headers | stdlib, not 'rust'",
      "build.cflags does not apply to type 'pure'",
      "test.files: 'test_missing.py' does not exist",
      "broken/recipe.toml: not valid TOML",
    ],
  );
});

test("build requirements, headers and test bundles are checked", () => {
  const hash = "0".repeat(64);
  expectRefused(
    {
      loose: { "recipe.toml": pure("loose", '[requirements]\nbuild = ["cython>=3"]\n') },
      hdr: {
        "recipe.toml":
          '[package]\nname = "hdr"\nversion = "1"\nimports = ["hdr"]\n[source]\npath = "src"\n' +
          '[build]\ntype = "headers"\n',
      },
      deb: {
        "recipe.toml":
          '[package]\nname = "deb"\nversion = "1"\nimports = ["deb"]\n' +
          `[source]\ndebian = "deb=1-1"\nfile = "deb_1.orig.tar.gz"\nsha256 = "${hash}"\n` +
          '[build]\ntype = "setuptools"\n',
      },
      wheelc: {
        "recipe.toml":
          '[package]\nname = "wheelc"\nversion = "1"\nimports = ["wheelc"]\n' +
          `[source]\npypi = "wheelc==1"\nsha256 = "${hash}"\n` +
          '[build]\ntype = "python"\nextensions = [{ module = "wheelc.x", sources = ["x.c"] }]\n',
      },
    },
    [
      'requirements.build must be a list of "name==version --hash=sha256:<64 hex>"',
      'build.include is required for type "headers"',
      "package.imports must be empty for a headers package",
      "a wheel can only be used as it is by a pure or headers package",
      "a setuptools build needs a pypi sdist or a path source",
    ],
  );
  // Rules between recipes (checked once each recipe is valid).
  const host = check({
    plain: { "recipe.toml": pure("plain") },
    inc: { "recipe.toml": pure("inc", '[requirements]\nhost = ["plain"]\n') },
  });
  expect(host.status).toBe(1);
  expect(host.stderr).toContain(
    "inc: requirements.host: 'plain' is not a library, headers or a package with build.host_include",
  );
  const split = check({
    a: {
      "recipe.toml": pure("a").replace('type = "pure"', 'type = "pure"\ntests = ["a/tests/*"]'),
    },
    "a-tests": { "recipe.toml": pure("a-tests") },
  });
  expect(split.status).toBe(1);
  expect(split.stderr).toContain(
    "a: build.tests makes a a-tests bundle, but that is a recipe's name",
  );
  const good = check({
    h: {
      "recipe.toml":
        '[package]\nname = "h"\nversion = "1"\nimports = []\n' +
        `[source]\npypi = "h==1"\nsha256 = "${hash}"\n[build]\ntype = "headers"\ninclude = ["inc"]\n`,
    },
    user: {
      "recipe.toml":
        '[package]\nname = "user"\nversion = "1"\nimports = ["user"]\n[source]\npath = "src"\n' +
        '[build]\ntype = "python"\nextensions = [{ module = "user._x", sources = ["x.cpp"] }]\n' +
        'cxxflags = ["-std=c++17"]\n[requirements]\nhost = ["h"]\n' +
        `build = ["cython==3.3.1 --hash=sha256:${hash}"]\n`,
    },
  });
  expect(good).toMatchObject({ status: 0, stderr: "[pyxis] 2 recipes are valid\n" });
});

test("stdlib parts (CPython's Lib/ shipped apart) are checked", () => {
  expectRefused(
    {
      withsource: {
        "recipe.toml":
          '[package]\nname = "withsource"\nversion = "runtime"\nimports = ["test"]\n' +
          '[source]\npath = "src"\n[build]\ntype = "stdlib"\n',
      },
      versioned: {
        "recipe.toml":
          '[package]\nname = "versioned"\nversion = "3.0"\nimports = ["test"]\n' +
          '[build]\ntype = "stdlib"\nexclude = ["x"]\n',
      },
      empty: {
        "recipe.toml":
          '[package]\nname = "empty"\nversion = "runtime"\nimports = []\n' +
          '[source]\npatches = ["missing.patch"]\n[build]\ntype = "stdlib"\nkeep_source = ["*"]\n',
      },
    },
    [
      "withsource/recipe.toml:\n  source.path does not apply to a stdlib",
      'versioned/recipe.toml:\n  package.version must be "runtime" for a stdlib',
      "package.imports names the folders and modules to take from CPython's Lib/; it is empty",
      "source.patches: 'missing.patch' does not exist",
      "build.keep_source does not apply to type 'stdlib'",
    ],
  );
  const good = check({
    tests: {
      "recipe.toml":
        '[package]\nname = "tests"\nversion = "runtime"\nimports = ["test"]\n' +
        '[source]\npatches = ["a.patch"]\n[build]\ntype = "stdlib"\n',
      "a.patch": "",
    },
  });
  expect(good).toMatchObject({ status: 0 });
});

test("C library recipes (meson, runtime, pkg-config names, config settings) are checked", () => {
  const hash = "0".repeat(64);
  const r = check({
    rt: {
      "recipe.toml":
        '[package]\nname = "rt"\nversion = "1.2"\nimports = []\n[source]\npath = "src"\n' +
        '[build]\ntype = "runtime_library"\nruntime = "zlib"\n',
    },
    mlib: {
      "recipe.toml":
        '[package]\nname = "mlib"\nversion = "1"\nimports = []\n' +
        `[source]\ndebian = "mlib=1-1"\nfile = "mlib_1.orig.tar.xz"\nsha256 = "${hash}"\n` +
        '[build]\ntype = "meson_library"\nsources = ["a.c"]\n',
    },
    pc: {
      "recipe.toml":
        '[package]\nname = "pc"\nversion = "1"\nimports = []\n[source]\npath = "src"\n' +
        '[build]\ntype = "static_library"\nlibrary = "libpc.a"\nsources = ["a.c"]\npkgconfig = "a b"\n',
    },
    cs: {
      "recipe.toml":
        '[package]\nname = "cs"\nversion = "1"\nimports = ["cs"]\n[source]\npath = "src"\n' +
        '[build]\ntype = "setuptools"\nconfig_settings = { jpeg = 1 }\n',
    },
  });
  expect(r.status).toBe(1);
  // Each value's type first (the rules between keys need valid values).
  const types = check({
    rt: {
      "recipe.toml":
        '[package]\nname = "rt"\nversion = "runtime"\nimports = []\n' +
        '[build]\ntype = "runtime_library"\nruntime = "openssl"\n',
    },
    mlib: {
      "recipe.toml":
        '[package]\nname = "mlib"\nversion = "1"\nimports = []\n[source]\npath = "src"\n' +
        '[build]\ntype = "meson_library"\noptions = ["tests=false"]\n',
    },
  });
  expect(types.status).toBe(1);
  r.stderr += types.stderr;
  for (const message of [
    "build.runtime must be zlib, not 'openssl'",
    "source.path does not apply to a runtime_library",
    "build.library is required for type 'runtime_library'",
    'package.version must be "runtime" for a runtime_library',
    "build.options must be a list of -Dname=value meson options",
    "build.sources does not apply to type 'meson_library'",
    "build.pkgconfig must be the pkg-config name the library is found by",
    "build.config_settings must be a table of PEP 517 config settings",
  ]) {
    expect(r.stderr).toContain(message);
  }
  const good = check({
    z: {
      "recipe.toml":
        '[package]\nname = "z"\nversion = "runtime"\nimports = []\n' +
        '[build]\ntype = "runtime_library"\nruntime = "zlib"\nlibrary = "libz.a"\npkgconfig = "zlib"\n',
    },
    m: {
      "recipe.toml":
        '[package]\nname = "m"\nversion = "1"\nimports = []\n' +
        `[source]\ndebian = "m=1-1"\nfile = "m_1.orig.tar.xz"\nsha256 = "${hash}"\n` +
        '[build]\ntype = "meson_library"\noptions = ["-Dtests=false"]\n[requirements]\nhost = ["z"]\n',
    },
    user: {
      "recipe.toml":
        '[package]\nname = "user"\nversion = "1"\nimports = ["user"]\n[source]\npath = "src"\n' +
        '[build]\ntype = "setuptools"\n[build.config_settings]\njpeg = "enable"\nx = ["a", "b"]\n' +
        '[requirements]\nhost = ["m", "z"]\n',
    },
  });
  expect(good).toMatchObject({ status: 0, stderr: "[pyxis] 3 recipes are valid\n" });
});

test("dependencies between recipes are checked", () => {
  const lib = (name) =>
    `[package]\nname = "${name}"\nversion = "1"\nimports = []\n[source]\npath = "src"\n` +
    `[build]\ntype = "shared_library"\nlibrary = "lib${name}.so"\nsources = ["a.c"]\n`;
  const r = check({
    a: { "recipe.toml": pure("a", '[requirements]\nrun = ["nope"]\n') },
    b: {
      "recipe.toml":
        '[package]\nname = "b"\nversion = "1"\nimports = ["b"]\n[source]\npath = "src"\n' +
        '[build]\ntype = "python"\nextensions = [{ module = "b", sources = ["b.c"] }]\n' +
        '[requirements]\nhost = ["shlib"]\n',
    },
    shlib: { "recipe.toml": lib("shlib") },
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("a: requirements.run names an unknown package 'nope'");
  expect(r.stderr).toContain(
    "b: builds against the shared_library package 'shlib', so it must be in requirements.run too",
  );
  const cycle = check({
    x: { "recipe.toml": pure("x", '[requirements]\nrun = ["y"]\n') },
    y: { "recipe.toml": pure("y", '[requirements]\nrun = ["x"]\n') },
  });
  expect(cycle).toEqual({
    status: 1,
    stderr: "[pyxis] error: dependency cycle: x -> y -> x\n",
    stdout: "",
  });
});

test("the build order puts run and host requirements first", () => {
  const lib = (name) =>
    `[package]\nname = "${name}"\nversion = "1"\nimports = []\n[source]\npath = "src"\n` +
    `[build]\ntype = "static_library"\nlibrary = "lib${name}.a"\nsources = ["a.c"]\n`;
  const r = check(
    {
      app: { "recipe.toml": pure("app", '[requirements]\nrun = ["mid", "base"]\n') },
      mid: {
        "recipe.toml":
          '[package]\nname = "mid"\nversion = "1"\nimports = ["mid"]\n[source]\npath = "src"\n' +
          '[build]\ntype = "python"\nextensions = [{ module = "mid", sources = ["m.c"] }]\n' +
          '[requirements]\nhost = ["clib"]\nrun = ["base"]\n',
      },
      base: { "recipe.toml": pure("base") },
      clib: { "recipe.toml": lib("clib") },
    },
    "--list",
  );
  expect(r.status).toBe(0);
  const order = r.stdout.trim().split("\n");
  expect(order.sort()).toEqual(["app", "base", "clib", "mid"]);
  const at = (n) => r.stdout.trim().split("\n").indexOf(n);
  expect(at("base")).toBeLessThan(at("mid"));
  expect(at("clib")).toBeLessThan(at("mid"));
  expect(at("mid")).toBeLessThan(at("app"));
});
