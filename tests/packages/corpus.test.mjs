// The bad-input corpus of the package loader (one case per row), integrity
// that is never skipped silently, and batches that install all or nothing.
// After each row the runtime that saw it still runs Python, with its earlier
// globals and files intact.
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  LOCK,
  SITE,
  copyBundles,
  editLock,
  listTree,
  loadWithLock,
  makeZip,
  recorder,
  serve,
} from "./helpers.mjs";
import { CONFIG } from "../helpers.mjs";

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const quiet = () => recorder().options;

// A side module that passes validation but fails while it is linked: its
// constructor (__wasm_call_ctors) traps.
function trappingSideModule() {
  const str = (t) => [t.length, ...[...t].map((c) => c.charCodeAt(0))];
  const ctors = str("__wasm_call_ctors");
  return String.fromCharCode(
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...[0x00, 15, ...str("dylink.0"), 0x01, 0x04, 0, 0, 0, 0], // dylink.0: no memory, no table
    ...[0x01, 0x04, 0x01, 0x60, 0x00, 0x00], // type () -> ()
    ...[0x03, 0x02, 0x01, 0x00], // one function
    ...[0x07, ctors.length + 3, 0x01, ...ctors, 0x00, 0x00], // export __wasm_call_ctors
    ...[0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b], // body: unreachable
  );
}

// A side module whose GOT import names a symbol nothing defines.
function undefinedSymbolSideModule() {
  const str = (t) => [t.length, ...[...t].map((c) => c.charCodeAt(0))];
  const mod = str("GOT.func");
  const sym = str("pyxis_no_such_symbol");
  return String.fromCharCode(
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...[0x00, 15, ...str("dylink.0"), 0x01, 0x04, 0, 0, 0, 0],
    ...[0x02, 1 + mod.length + sym.length + 3, 0x01, ...mod, ...sym, 0x03, 0x7f, 0x01],
  );
}

const INI = LOCK.packages.iniconfig;
const PACKAGING = LOCK.packages.packaging;
let dir, server, pyodide;

beforeAll(async () => {
  dir = copyBundles();
  const good = fs.readFileSync(path.join(dir, LOCK.packages["test-ext"].file_name));
  fs.writeFileSync(path.join(dir, "truncated-1.0.zip"), good.subarray(0, good.length >> 1));
  fs.mkdirSync(path.join(dir, "other"));
  // A file named like iniconfig's bundle, but with other bytes.
  fs.copyFileSync(path.join(dir, PACKAGING.file_name), path.join(dir, "other", INI.file_name));
  fs.mkdirSync(path.join(dir, "same"));
  fs.copyFileSync(path.join(dir, INI.file_name), path.join(dir, "same", INI.file_name));
  makeZip(path.join(dir, "nohash-1.0.zip"), { "nohash/__init__.py": "x = 'nohash'" });
  makeZip(path.join(dir, "trapctor-1.0.zip"), {
    "trapctor/__init__.py": "",
    [`trapctor/_x${CONFIG.EXT_SUFFIX}`]: trappingSideModule(),
  });
  makeZip(path.join(dir, "nosymbol-1.0.zip"), {
    "nosymbol/__init__.py": "",
    [`nosymbol/_x${CONFIG.EXT_SUFFIX}`]: undefinedSymbolSideModule(),
  });
  makeZip(path.join(dir, "clash-1.0.zip"), { iniconfig: "a file where a folder is" });
  editLock(dir, (lock) => {
    const entry = (name, file, extra = {}) => {
      const p = path.join(dir, file);
      lock.packages[name] = {
        name,
        version: "1.0",
        file_name: file,
        install_dir: "site",
        sha256: fs.existsSync(p) ? sha256(fs.readFileSync(p)) : "0".repeat(64),
        package_type: "package",
        imports: [name],
        depends: [],
        ...extra,
      };
    };
    entry("truncated", "truncated-1.0.zip");
    entry("wrong-sha", INI.file_name, { sha256: "ab".repeat(32) });
    entry("missing-file", "missing-file-1.0.zip");
    entry("nohash", "nohash-1.0.zip");
    delete lock.packages.nohash.sha256;
    entry("trapctor", "trapctor-1.0.zip", { depends: ["iniconfig", "test-shlib"] });
    entry("nosymbol", "nosymbol-1.0.zip");
    entry("clash", "clash-1.0.zip", { depends: ["iniconfig"] });
  });
  server = await serve(dir);
  ({ pyodide } = await loadWithLock(server.url));
  pyodide.runPython("kept = {'a': [1, 2, 3]}");
  pyodide.FS.writeFile("/home/pyodide/kept.txt", "still here");
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// After each row: Python runs, earlier globals and files are intact, and no
// package file was left behind by a failed load.
let siteBefore;
beforeEach(() => {
  siteBefore = listTree(pyodide.FS, SITE);
});
function expectIntact({ site = true } = {}) {
  expect(pyodide.runPython("sum(kept['a'])")).toBe(6);
  expect(pyodide.FS.readFile("/home/pyodide/kept.txt", { encoding: "utf8" })).toBe("still here");
  expect(pyodide.runPython("import json; json.dumps([1, 'x'])")).toBe('[1, "x"]');
  if (site) expect(listTree(pyodide.FS, SITE)).toEqual(siteBefore);
}

describe("the lockfile", () => {
  test("a malformed lockfile (not JSON) is refused at start-up, naming it", async () => {
    const tmp = copyBundles();
    try {
      fs.writeFileSync(path.join(tmp, "pyodide-lock.json"), '{"info": {');
      const url = pathToFileURL(tmp + "/").href;
      await expect(loadWithLock(url)).rejects.toThrow(
        `pyxis: cannot load the package lockfile ${url}pyodide-lock.json: `,
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    expectIntact();
  });

  test.each([
    [
      "depends is not a list",
      (l) => (l.packages.pytest.depends = "pluggy"),
      /\["pytest"\]\.depends must be an array of strings/,
    ],
    [
      "a bad sha256",
      (l) => (l.packages.pytest.sha256 = "xyz"),
      /\["pytest"\]\.sha256 must be 64 lower-case hex digits/,
    ],
    [
      "no file_name",
      (l) => delete l.packages.pytest.file_name,
      /\["pytest"\]\.file_name must be a non-empty string/,
    ],
    ["packages is a list", (l) => (l.packages = []), /has no "packages" object/],
    ["no info", (l) => delete l.info, /has no "info" object/],
  ])(
    "a malformed lockfile (%s) is refused at start-up, naming the field",
    async (_, edit, message) => {
      const tmp = copyBundles();
      try {
        editLock(tmp, edit);
        await expect(loadWithLock(pathToFileURL(tmp + "/").href)).rejects.toThrow(message);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
      expectIntact();
    },
  );

  test("a lockfile for another ABI is refused at start-up, naming both versions", async () => {
    const tmp = copyBundles();
    try {
      editLock(tmp, (lock) => (lock.info.abi_version = "1999_0"));
      await expect(loadWithLock(pathToFileURL(tmp + "/").href)).rejects.toThrow(
        /has ABI version "1999_0", but this runtime's is "\d+_\d+"/,
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    expectIntact();
  });
});

describe("bundles and downloads", () => {
  test("a truncated bundle is refused", async () => {
    await expect(pyodide.loadPackage("truncated", quiet())).rejects.toThrow(
      /the bundle of truncated .* is not a valid bundle \(truncated or corrupt\)/,
    );
    expect(pyodide.loadedPackages.truncated).toBeUndefined();
    expectIntact();
  });

  test("a bundle with the wrong hash is refused with both hashes", async () => {
    await expect(pyodide.loadPackage("wrong-sha", quiet())).rejects.toThrow(
      `fails its integrity check: expected sha256 ${"ab".repeat(32)}, got ${INI.sha256}`,
    );
    expectIntact();
  });

  test("a download that fails (404) is refused with the URL and status", async () => {
    await expect(pyodide.loadPackage("missing-file", quiet())).rejects.toThrow(
      `failed to fetch ${server.url}missing-file-1.0.zip: status 404 Not Found`,
    );
    expectIntact();
  });

  test("a download that fails (connection refused) is refused with the reason", async () => {
    const closed = http.createServer();
    await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${closed.address().port}/gone-1.0.zip`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(pyodide.loadPackage(url, quiet())).rejects.toThrow(
      new RegExp(`failed to fetch ${url}: .*ECONNREFUSED`),
    );
    expectIntact();
  });

  test("a download that stalls before answering is aborted after downloadTimeout", async () => {
    const url = `${server.url}stall/late-1.0.zip`;
    await expect(pyodide.loadPackage(url, { ...quiet(), downloadTimeout: 300 })).rejects.toThrow(
      `the download of ${url} stalled: no data for 300 ms, so it was aborted`,
    );
    expectIntact();
  });

  test("a download that stalls in the middle of the body is aborted too", async () => {
    const url = `${server.url}trickle/half-1.0.zip`;
    await expect(pyodide.loadPackage(url, { ...quiet(), downloadTimeout: 300 })).rejects.toThrow(
      /stalled: no data for 300 ms/,
    );
    expectIntact();
  });

  test("downloadTimeout must be a number of milliseconds", async () => {
    await expect(pyodide.loadPackage("iniconfig", { downloadTimeout: "1s" })).rejects.toThrow(
      /downloadTimeout must be a number of milliseconds/,
    );
    expectIntact();
  });
});

describe("integrity is never skipped silently", () => {
  test("a lockfile entry without sha256 is refused before anything is fetched", async () => {
    const before = server.requests.length;
    await expect(pyodide.loadPackage("nohash", quiet())).rejects.toThrow(
      /the lockfile entry of nohash has no sha256, so its bundle cannot be checked/,
    );
    expect(server.requests.length).toBe(before);
    expectIntact();
    // checkIntegrity: false loads it, knowingly unchecked.
    await pyodide.loadPackage("nohash", { ...quiet(), checkIntegrity: false });
    expect(pyodide.runPython("import nohash; nohash.x")).toBe("nohash");
    expectIntact({ site: false });
  });

  test("a URL load of a file the lockfile lists is checked against its sha256", async () => {
    const url = `${server.url}other/${INI.file_name}`;
    await expect(pyodide.loadPackage(url, quiet())).rejects.toThrow(
      `the bundle of iniconfig (${url}) fails its integrity check: expected sha256 ${INI.sha256}, got ${PACKAGING.sha256}`,
    );
    expect(pyodide.loadedPackages.iniconfig).toBeUndefined();
    expectIntact();
    // The right bytes under that name pass the check.
    const good = `${server.url}same/${INI.file_name}`;
    await pyodide.loadPackage(good, quiet());
    expect(pyodide.loadedPackages.iniconfig).toBe(good);
    expectIntact({ site: false });
  });
});

describe("a failed batch installs nothing", () => {
  test("package k fails to link: the packages before it are removed again", async () => {
    const { pyodide: py } = await loadWithLock(server.url);
    py.runPython("kept = 1");
    let error;
    await py.loadPackage("trapctor", quiet()).catch((e) => (error = e));
    expect(error.message).toMatch(
      /failed to load .*trapctor\/_x\.cpython-\d+-wasm32-emscripten\.so of trapctor: .*unreachable/,
    );
    expect(error.message).toMatch(
      /nothing from this call stays installed \(removed again: iniconfig, test-shlib\)/,
    );
    // test-shlib's library was linked: wasm code cannot be unloaded, and the
    // message says so.
    expect(error.message).toMatch(
      /these side modules stay loaded in memory, .*: \/usr\/lib\/libtestshlib.so$/,
    );
    expect(py.loadedPackages).toEqual({});
    expect(listTree(py.FS, SITE)).toEqual([]);
    expect(listTree(py.FS, "/usr/lib")).toEqual([]);
    expect(() => py.runPython("import iniconfig")).toThrow(/loadPackage\("iniconfig"\)/);
    expect(py.runPython("kept + 1")).toBe(2);
    // Loading the packages again works, reusing the linked library.
    await py.loadPackage("test-shlib-user", quiet());
    expect(py.runPython("import test_shlib_user as u; u.add(2, 3)")).toBe(5);
    expect(Object.keys(py.loadedPackages).sort()).toEqual(["test-shlib", "test-shlib-user"]);
  });

  test("package k's files cannot be written: the packages before it are removed again", async () => {
    const { pyodide: py } = await loadWithLock(server.url);
    await expect(py.loadPackage("clash", quiet())).rejects.toThrow(
      /failed to write the files of a bundle .*; nothing from this call stays installed \(removed again: iniconfig\)$/,
    );
    expect(py.loadedPackages).toEqual({});
    expect(listTree(py.FS, SITE)).toEqual([]);
    await py.loadPackage("iniconfig", quiet());
    expect(py.runPython("import iniconfig; iniconfig.__name__")).toBe("iniconfig");
  });

  test("a concurrent call waiting for a package of a failed batch fails too", async () => {
    const { pyodide: py } = await loadWithLock(server.url);
    const first = py.loadPackage("clash", quiet());
    const second = py.loadPackage("iniconfig", quiet()); // waits for the first call's iniconfig
    await expect(first).rejects.toThrow(/removed again: iniconfig/);
    await expect(second).rejects.toThrow(/failed to write/);
    expect(py.loadedPackages).toEqual({});
  });

  test("an undefined symbol is named, and later side-module loads say why they fail", async () => {
    const { pyodide: py } = await loadWithLock(server.url);
    await expect(py.loadPackage("nosymbol", quiet())).rejects.toThrow(
      /undefined symbol 'pyxis_no_such_symbol' \(the runtime does not define it/,
    );
    expect(listTree(py.FS, SITE)).toEqual([]);
    await expect(py.loadPackage("test-ext", quiet())).rejects.toThrow(
      /this runtime can load no more side modules: an earlier one \(.*nosymbol.*\) left the symbol 'pyxis_no_such_symbol' undefined/,
    );
    // Pure-Python packages still load, and Python runs.
    await py.loadPackage("iniconfig", quiet());
    expect(py.runPython("import iniconfig; 1 + 1")).toBe(2);
  });
});
