// Every failure of loadPackage is refused with a clear error, leaves nothing
// half-installed and the runtime usable; nothing is fetched before it is
// asked for, and concurrent calls fetch a bundle once. The bundles and a
// modified lockfile are served over HTTP from a temporary copy of dist/.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DIST, CONFIG } from "../helpers.mjs";
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

const sha256 = (file) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const EXT = LOCK.packages["test-ext"];

let dir, server, pyodide;
beforeAll(async () => {
  dir = copyBundles();
  // Broken variants of test-ext's bundle, each under its own lockfile entry.
  const good = fs.readFileSync(path.join(dir, EXT.file_name));
  fs.writeFileSync(path.join(dir, "truncated-1.0.zip"), good.subarray(0, good.length - 200));
  const corrupt = Buffer.from(good);
  corrupt[Math.floor(corrupt.length / 3)] ^= 0xff; // inside some deflated data
  fs.writeFileSync(path.join(dir, "corrupt-1.0.zip"), corrupt);
  makeZip(path.join(dir, "badwasm-1.0.zip"), {
    "badwasm/__init__.py": "",
    [`badwasm/_x${CONFIG.EXT_SUFFIX}`]: "\0asm this is not wasm",
  });
  makeZip(path.join(dir, "escape-1.0.zip"), { "../../etc/evil.py": "x = 1" });
  editLock(dir, (lock) => {
    const entry = (name, file, extra = {}) => {
      lock.packages[name] = {
        ...EXT,
        name,
        file_name: file,
        sha256: fs.existsSync(path.join(dir, file)) ? sha256(path.join(dir, file)) : "0".repeat(64),
        imports: [name.replace(/-/g, "_")],
        depends: [],
        ...extra,
      };
    };
    entry("wrong-sha", LOCK.packages.packaging.file_name, { sha256: "ab".repeat(32) });
    entry("missing-file", "missing-file-1.0.zip");
    entry("truncated", "truncated-1.0.zip");
    entry("corrupt", "corrupt-1.0.zip");
    entry("badwasm", "badwasm-1.0.zip");
    entry("escape", "escape-1.0.zip");
  });
  server = await serve(dir);
  ({ pyodide } = await loadWithLock(server.url));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// The runtime after a failure: nothing installed, still usable, and a good
// package still loads.
function expectClean(before) {
  expect(listTree(pyodide.FS, SITE)).toEqual(before);
  expect(pyodide.runPython("1 + 1")).toBe(2);
}

test("nothing is fetched before it is asked for, then only what is needed", async () => {
  expect(server.requests).toEqual(["pyodide-lock.json"]);
  expect(() => pyodide.runPython("import test_shlib_user")).toThrow(/loadPackage/);
  expect(server.requests).toEqual(["pyodide-lock.json"]);
  await pyodide.loadPackage("test-shlib-user", recorder().options);
  expect(server.requests.slice(1).sort()).toEqual(
    [LOCK.packages["test-shlib"].file_name, LOCK.packages["test-shlib-user"].file_name].sort(),
  );
});

test("two concurrent calls for one package fetch it once", async () => {
  const before = server.requests.length;
  const [a, b] = await Promise.all([
    pyodide.loadPackage("iniconfig", recorder().options),
    pyodide.loadPackage(["iniconfig"], recorder().options),
  ]);
  expect(a).toEqual(["iniconfig"]);
  expect(b).toEqual([]); // the second call waited for the first one's load
  expect(server.requests.slice(before)).toEqual([LOCK.packages.iniconfig.file_name]);
  expect(pyodide.runPython("import iniconfig; 'IniConfig' in dir(iniconfig)")).toBe(true);
});

test("an unknown name throws with the closest known names", async () => {
  const rec = recorder();
  await expect(pyodide.loadPackage("test-exd", rec.options)).rejects.toThrow(
    /no package named "test-exd" in the lockfile .*; the closest known names are: test-ext/,
  );
  expect(rec.errors[0]).toMatch(/no package named "test-exd"/);
  await expect(pyodide.loadPackage("pytset", rec.options)).rejects.toThrow(
    /closest known names are: pytest/,
  );
  await expect(pyodide.loadPackage("zzzzzzzzzzzz", rec.options)).rejects.toThrow(
    /known packages: .*test-ext/,
  );
});

test("a missing file rejects with the URL and the status", async () => {
  const before = listTree(pyodide.FS, SITE);
  await expect(pyodide.loadPackage("missing-file", recorder().options)).rejects.toThrow(
    `pyxis: failed to fetch ${server.url}missing-file-1.0.zip: status 404 Not Found`,
  );
  expectClean(before);
  expect(pyodide.loadedPackages["missing-file"]).toBeUndefined();
});

test("a missing local file rejects with its URL", async () => {
  const tmp = copyBundles();
  fs.rmSync(path.join(tmp, LOCK.packages.pluggy.file_name));
  try {
    const { pyodide: py } = await loadWithLock(pathToFileURL(tmp + "/").href);
    const url = pathToFileURL(path.join(tmp, LOCK.packages.pluggy.file_name)).href;
    await expect(py.loadPackage("pytest", recorder().options)).rejects.toThrow(
      `pyxis: failed to fetch ${url}: ENOENT`,
    );
    // All bundles are verified before any is written: not even pytest's other
    // dependencies were installed.
    expect(py.loadedPackages).toEqual({});
    expect(listTree(py.FS, SITE)).toEqual([]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("a sha256 mismatch is refused with both hashes", async () => {
  const before = listTree(pyodide.FS, SITE);
  await expect(pyodide.loadPackage("wrong-sha", recorder().options)).rejects.toThrow(
    `fails its integrity check: expected sha256 ${"ab".repeat(32)}, ` +
      `got ${LOCK.packages.packaging.sha256}`,
  );
  expectClean(before);
  // checkIntegrity: false skips the comparison (the bundle itself is fine).
  await pyodide.loadPackage("wrong-sha", { ...recorder().options, checkIntegrity: false });
  expect(pyodide.loadedPackages["wrong-sha"]).toBe("default channel");
});

test("a package whose dependency fails is not installed either", async () => {
  const tmp = copyBundles();
  try {
    editLock(tmp, (lock) => {
      lock.packages.pluggy.sha256 = "cd".repeat(32);
    });
    const { pyodide: py } = await loadWithLock(pathToFileURL(tmp + "/").href);
    await expect(py.loadPackage("pytest", recorder().options)).rejects.toThrow(
      /the bundle of pluggy .* fails its integrity check/,
    );
    expect(py.loadedPackages).toEqual({});
    expect(listTree(py.FS, SITE)).toEqual([]);
    expect(() => py.runPython("import iniconfig")).toThrow(/loadPackage\("iniconfig"\)/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("a truncated bundle is refused (even without the integrity check)", async () => {
  const before = listTree(pyodide.FS, SITE);
  for (const checkIntegrity of [true, false]) {
    await expect(
      pyodide.loadPackage("truncated", { ...recorder().options, checkIntegrity }),
    ).rejects.toThrow(/the bundle of truncated .* is not a valid bundle \(truncated or corrupt\)/);
    expectClean(before);
  }
});

test("a corrupt bundle is refused", async () => {
  const before = listTree(pyodide.FS, SITE);
  await expect(pyodide.loadPackage("corrupt", recorder().options)).rejects.toThrow(
    /the bundle of corrupt .* is not a valid bundle \(truncated or corrupt\): .*(CRC-32|inflate|bytes)/,
  );
  expectClean(before);
});

test("a bundle with unsafe paths is refused", async () => {
  const before = listTree(pyodide.FS, SITE);
  await expect(pyodide.loadPackage("escape", recorder().options)).rejects.toThrow(
    /unsafe path "..\/..\/etc\/evil.py"/,
  );
  expectClean(before);
  expect(pyodide.FS.analyzePath("/lib/etc/evil.py").exists).toBe(false);
});

test("a side module that is not wasm is refused before anything is written", async () => {
  const before = listTree(pyodide.FS, SITE);
  await expect(pyodide.loadPackage("badwasm", recorder().options)).rejects.toThrow(
    `${SITE}/badwasm/_x${CONFIG.EXT_SUFFIX} of badwasm (${server.url}badwasm-1.0.zip) ` +
      "is not a valid WebAssembly module",
  );
  expectClean(before);
  expect(pyodide.loadedPackages.badwasm).toBeUndefined();
  // ... and the dynamic linker still works for the next package.
  await pyodide.loadPackage("test-ext", recorder().options);
  expect(pyodide.runPython("import test_ext; test_ext.greet('again')")).toBe("hello, again");
});

test("a lockfile with another ABI version is refused, naming both", async () => {
  const tmp = copyBundles();
  try {
    editLock(tmp, (lock) => {
      lock.info.abi_version = "1999_0";
    });
    const { ABI_VERSION } = await import(path.join(DIST, "packages.mjs"));
    await expect(loadWithLock(pathToFileURL(tmp + "/").href)).rejects.toThrow(
      `has ABI version "1999_0", but this runtime's is "${ABI_VERSION}"`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("a missing lockfile is an error at start-up, naming its URL", async () => {
  const url = pathToFileURL(path.join(DIST, "no-such-dir/")).href;
  await expect(loadWithLock(url)).rejects.toThrow(
    `cannot load the package lockfile ${url}pyodide-lock.json`,
  );
});

test("the runtime is still usable after all this", async () => {
  expect(pyodide.runPython("import test_shlib_user as u; u.add(1, 1)")).toBe(2);
  await expect(pyodide.loadPackage(["nope"], recorder().options)).rejects.toThrow(/nope/);
  await expect(pyodide.loadPackage(42)).rejects.toThrow(TypeError);
  await expect(pyodide.loadPackage("x", { bogus: 1 })).rejects.toThrow(/unsupported option/);
});
