// Every module in the stdlib archive imports, except the ones listed in
// cpython/stdlib.txt as `noimport`, each with a reason; the excluded paths
// are really out of the archive; the C modules that should be built in are.
import fs from "node:fs";
import path from "node:path";
import { ROOT, loadCaptured, CONFIG } from "../helpers.mjs";

function readList() {
  const exclude = new Map();
  const noimport = new Map();
  for (const raw of fs.readFileSync(path.join(ROOT, "cpython", "stdlib.txt"), "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [kind, name, ...reason] = line.split(/\s+/);
    expect(reason.length).toBeGreaterThan(0); // every entry says why
    (kind === "exclude" ? exclude : noimport).set(name, reason.join(" "));
  }
  return { exclude, noimport };
}

let pyodide;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
});

test("every module in the archive imports, but the listed ones", () => {
  const { noimport } = readList();
  const result = pyodide.runPython(`
import contextlib, importlib, io, json, zipfile
names = set()
for n in zipfile.ZipFile('${CONFIG.STDLIB_ZIP}').namelist():
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
json.dumps({"count": len(names), "failed": failed})
`);
  const { count, failed } = JSON.parse(result);
  expect(count).toBeGreaterThan(450);
  // A listed package covers its submodules.
  const listed = (m) =>
    m.split(".").some((_, i, parts) => noimport.has(parts.slice(0, i + 1).join(".")));
  const unexpected = Object.keys(failed).filter((m) => !listed(m));
  expect(unexpected.map((m) => `${m}: ${failed[m]}`)).toEqual([]);
  const nowWorking = [...noimport.keys()].filter((m) => !(m in failed));
  expect(nowWorking).toEqual([]);
});

test("excluded paths are not in the archive", () => {
  const { exclude } = readList();
  const names = JSON.parse(
    pyodide.runPython(
      `import zipfile, json; json.dumps(zipfile.ZipFile('${CONFIG.STDLIB_ZIP}').namelist())`,
    ),
  );
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
