// Every module in the stdlib archives imports, except the ones listed in
// cpython/stdlib.txt as `noimport`, each with a reason; the modules of the
// on-demand groups (`group:` lines) import through the on-demand path, their
// archive fetched on the first import; the excluded paths are really out of
// the archives; the C modules that should be built in are.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, DIST, loadCaptured, CONFIG } from "../helpers.mjs";
import { zipEntries } from "../../tools/zipfile.mjs";

function readList() {
  const exclude = new Map();
  const noimport = new Map();
  const groups = new Map(); // path -> group
  for (const raw of fs.readFileSync(path.join(ROOT, "cpython", "stdlib.txt"), "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [kind, name, ...reason] = line.split(/\s+/);
    expect(reason.length).toBeGreaterThan(0); // every entry says why
    if (kind.startsWith("group:")) groups.set(name, kind.slice("group:".length));
    else (kind === "exclude" ? exclude : noimport).set(name, reason.join(" "));
  }
  return { exclude, noimport, groups };
}

const STEM = CONFIG.STDLIB_ZIP_NAME.replace(/\.zip$/, "");
const LIB = path.posix.dirname(CONFIG.STDLIB_ZIP);
const groupFile = (group) => `${STEM}-${group}.zip`;
const groupNames = () => [...new Set(readList().groups.values())].sort();
const entryNames = (file) => zipEntries(fs.readFileSync(path.join(DIST, file))).map((e) => e.name);

let pyodide;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
});

test("start-up fetches no on-demand group and imports none of their modules", () => {
  const { groups } = readList();
  const state = JSON.parse(
    pyodide.runPython(`
import json, os, sys
json.dumps({
    "present": [f for f in os.listdir(${JSON.stringify(LIB)}) if f.startswith(${JSON.stringify(STEM + "-")})],
    "modules": sorted(sys.modules),
    "path": sys.path,
})`),
  );
  expect(state.present).toEqual([]);
  const tops = [...groups.keys()].map((p) => p.replace(/\.py$/, ""));
  expect(state.modules.filter((m) => tops.includes(m.split(".")[0]))).toEqual([]);
  // Group archives come right after the core one, so stdlib modules keep
  // their place in the search order.
  const at = state.path.indexOf(CONFIG.STDLIB_ZIP);
  expect(state.path.slice(at + 1, at + 1 + groupNames().length).sort()).toEqual(
    groupNames().map((g) => `${LIB}/${groupFile(g)}`),
  );
});

test("every module in the archives imports, but the listed ones", () => {
  const { noimport, groups } = readList();
  const groupModules = groupNames().flatMap((g) => entryNames(groupFile(g)));
  // Each group's archive holds exactly the paths stdlib.txt gives it.
  for (const g of groupNames()) {
    const tops = new Set(
      entryNames(groupFile(g)).map((n) => n.split("/")[0].replace(/\.pyc$/, "")),
    );
    const listed = [...groups].filter(([, v]) => v === g).map(([p]) => p.replace(/\.py$/, ""));
    expect([...tops].sort()).toEqual(listed.sort());
  }
  const result = pyodide.runPython(`
import contextlib, importlib, importlib.util, io, json, os, sys, zipfile
names = set()
for n in zipfile.ZipFile('${CONFIG.STDLIB_ZIP}').namelist() + json.loads(${JSON.stringify(JSON.stringify(groupModules))}):
    if not n.endswith('.pyc'):
        continue
    m = n[:-4].replace('/', '.').removesuffix('.__init__')
    # __main__ modules run programs; this and antigravity act on import.
    if m.split('.')[-1] == '__main__' or m in ('this', 'antigravity'):
        continue
    names.add(m)
failed = {}
for m in sorted(names):
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            importlib.import_module(m)
    except Exception as e:
        failed[m] = f"{type(e).__name__}: {e}"
origins = {
    m: importlib.util.find_spec(m).origin
    for m in ${JSON.stringify([...groups.keys()].map((p) => p.replace(/\.py$/, "")))}
}
json.dumps({"count": len(names), "failed": failed, "origins": origins,
            "present": sorted(f for f in os.listdir(${JSON.stringify(LIB)}) if f.startswith(${JSON.stringify(STEM + "-")}))})
`);
  const { count, failed, origins, present } = JSON.parse(result);
  expect(count).toBeGreaterThan(450);
  // A listed package covers its submodules.
  const listed = (m) =>
    m.split(".").some((_, i, parts) => noimport.has(parts.slice(0, i + 1).join(".")));
  const unexpected = Object.keys(failed).filter((m) => !listed(m));
  expect(unexpected.map((m) => `${m}: ${failed[m]}`)).toEqual([]);
  const nowWorking = [...noimport.keys()].filter((m) => !(m in failed));
  expect(nowWorking).toEqual([]);
  // The group modules came from their group's archive, fetched on demand.
  for (const [p, g] of groups) {
    expect(origins[p.replace(/\.py$/, "")]).toMatch(new RegExp(`^${LIB}/${groupFile(g)}/`));
  }
  expect(present).toEqual(groupNames().map(groupFile));
});

describe("the on-demand path", () => {
  test("pkgutil lists group modules without fetching them", async () => {
    const { pyodide: fresh } = await loadCaptured();
    const r = JSON.parse(
      fresh.runPython(`
import json, os, pkgutil
names = {m.name: m.ispkg for m in pkgutil.iter_modules()}
json.dumps([names.get("xml"), names.get("pydoc"), os.path.exists(${JSON.stringify(`${LIB}/${groupFile("xml")}`)})])`),
    );
    expect(r).toEqual([true, false, false]);
  });

  test("loadPackagesFromImports, loadPackage of Pyodide's pydoc_data and fullStdLib fetch groups ahead", async () => {
    const exists = (py, g) =>
      py.runPython(`import os; os.path.exists(${JSON.stringify(`${LIB}/${groupFile(g)}`)})`);
    const { pyodide: a } = await loadCaptured();
    expect(await a.loadPackagesFromImports("import xml.dom.minidom\nimport json")).toEqual([]);
    expect(exists(a, "xml")).toBe(true);
    expect(exists(a, "net")).toBe(false);
    // Pyodide's pydoc_data package is pyxis's pydoc group: loading it by
    // that name (or its canonical one) fetches the group and loads no package.
    const messages = [];
    expect(
      await a.loadPackage(["pydoc_data"], { messageCallback: (m) => messages.push(m) }),
    ).toEqual([]);
    expect(exists(a, "pydoc")).toBe(true);
    expect(await a.loadPackage("pydoc-data")).toEqual([]);
    expect(messages).toEqual([]);
    expect(a.runPython("import pydoc_data.topics; 'if' in pydoc_data.topics.topics")).toBe(true);
    const { pyodide: b } = await loadCaptured({ fullStdLib: true });
    for (const g of groupNames()) expect(exists(b, g)).toBe(true);
  });

  test("a group archive that cannot be fetched is an ImportError; the runtime goes on", async () => {
    // A copy of the core archive alone: its groups are missing beside it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyxis-stdlib-"));
    fs.copyFileSync(
      path.join(DIST, CONFIG.STDLIB_ZIP_NAME),
      path.join(dir, CONFIG.STDLIB_ZIP_NAME),
    );
    try {
      const { pyodide: py } = await loadCaptured({
        stdLibURL: path.join(dir, CONFIG.STDLIB_ZIP_NAME),
      });
      const message = py.runPython(`
try:
    import xml.dom
except ImportError as e:
    msg = f"{type(e).__name__} {e.name}: {e}"
msg`);
      expect(message).toMatch(
        new RegExp(
          `^ImportError xml: cannot import 'xml': fetching the stdlib archive ${groupFile("xml")} failed: .*ENOENT`,
        ),
      );
      expect(py.runPython("import json; json.dumps([1])")).toBe("[1]");
      // Once the archive is there, the same import works.
      fs.copyFileSync(path.join(DIST, groupFile("xml")), path.join(dir, groupFile("xml")));
      expect(
        py.runPython(
          "import xml.dom.minidom; xml.dom.minidom.parseString('<a/>').documentElement.tagName",
        ),
      ).toBe("a");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test("excluded paths are not in the archives; all are stored, not deflated", () => {
  const { exclude } = readList();
  const files = [CONFIG.STDLIB_ZIP_NAME, ...groupNames().map(groupFile)];
  const entries = files.flatMap((f) => zipEntries(fs.readFileSync(path.join(DIST, f))));
  expect(entries.filter((e) => e.method !== 0).map((e) => e.name)).toEqual([]);
  const names = entries.map((e) => e.name);
  for (const excluded of exclude.keys()) {
    const stem = excluded.replace(/\.py$/, "");
    expect(names.filter((n) => n === `${stem}.pyc` || n.startsWith(`${stem}/`))).toEqual([]);
  }
  expect(names).toContain("os.pyc");
  expect(names.some((n) => n.endsWith(".py"))).toBe(false); // precompiled only
});

test("the stdlib C modules are built in", () => {
  const builtin = pyodide.runPython("import sys; ' '.join(sys.builtin_module_names)").split(" ");
  for (const mod of [
    "zlib",
    "_bz2",
    "_lzma",
    "_sqlite3",
    "_ctypes",
    "_decimal",
    "_json",
    "_pickle",
    "_datetime",
    "math",
    "cmath",
    "array",
    "_struct",
    "binascii",
    "unicodedata",
    "pyexpat",
    "_elementtree",
    "_asyncio",
    "_socket",
    "select",
    "_sha2",
    "_md5",
    "_sha1",
    "_sha3",
    "_blake2",
    "_random",
    "_bisect",
    "_heapq",
    "_csv",
    "_zoneinfo",
    "_statistics",
  ]) {
    expect(builtin).toContain(mod);
  }
});

test("the stdlib works, not just imports", () => {
  expect(
    pyodide.runPython(
      `
import sqlite3, zlib, bz2, lzma, json, decimal, hashlib, ctypes, datetime, zoneinfo
c = sqlite3.connect(':memory:')
c.execute('create table t (x)')
c.executemany('insert into t values (?)', [(i,) for i in range(10)])
data = b'pyxis' * 1000
ok = [
    c.execute('select sum(x) from t').fetchone()[0] == 45,
    zlib.decompress(zlib.compress(data)) == data,
    bz2.decompress(bz2.compress(data)) == data,
    lzma.decompress(lzma.compress(data)) == data,
    json.loads(json.dumps({'a': [1, 2]})) == {'a': [1, 2]},
    str(decimal.Decimal(1) / decimal.Decimal(8)) == '0.125',
    hashlib.sha256(b'abc').hexdigest().startswith('ba7816bf'),
    ctypes.c_int(7).value == 7,
    ctypes.sizeof(ctypes.c_void_p) == 4,
]
ok`.trim() + "\nall(ok)",
    ),
  ).toBe(true);
});

test("ctypes calls C functions through libffi", () => {
  expect(
    pyodide.runPython(`
import ctypes
libc = ctypes.CDLL(None)
libc.strlen.restype = ctypes.c_size_t
CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
arr = (ctypes.c_int * 5)(5, 1, 4, 2, 3)
libc.qsort(arr, 5, ctypes.sizeof(ctypes.c_int), CMP(lambda a, b: a[0] - b[0]))
result = (libc.strlen(b'hello'), list(arr))
str(result)`),
  ).toBe("(5, [1, 2, 3, 4, 5])");
});
