// pyxis packages on demand: reads the lockfile (pyodide-lock.json), resolves
// dependencies, fetches bundles in parallel, checks their sha256, unpacks them
// (a small zip reader: stored + deflate, CRC-checked) into the file system and
// loads their side modules with emscripten's dynamic linker before any import
// runs. Also installs the ModuleNotFoundError hint (_pyxis.packages) and
// implements loadPackagesFromImports. Errors are thrown as Error("pyxis: ...").

/** The ABI this loader accepts; tools/build-packages.py writes it into the lockfile. */
export const ABI_VERSION = "2026_0";

const IN_NODE =
  typeof process === "object" && !!process.versions?.node && typeof window === "undefined";
const SITE_PACKAGES = "/lib/python3.13/site-packages";
const DYNLIB_DIR = "/usr/lib";
const DEFAULT_CHANNEL = "default channel";
// Extension modules load locally (their PyInit_* must not clash); any other
// .so is a shared library, loaded globally before them.
const EXTENSION_RE = /\.(cpython-[^/]*|abi3)\.so$/;

/** Package names compare as PEP 503 normalises them (as in Pyodide). */
export function canonicalizePackageName(name) {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

function fail(message, cause) {
  return new Error(`pyxis: ${message}`, cause ? { cause } : undefined);
}

async function fetchBytes(url) {
  if (IN_NODE && url.startsWith("file:")) {
    const { readFile } = await import("node:fs/promises");
    const { fileURLToPath } = await import("node:url");
    try {
      return new Uint8Array(await readFile(fileURLToPath(url)));
    } catch (err) {
      throw fail(`failed to fetch ${url}: ${err.code ?? err.message}`, err);
    }
  }
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw fail(`failed to fetch ${url}: ${err.cause?.message ?? err.message}`, err);
  }
  if (!response.ok) {
    throw fail(`failed to fetch ${url}: status ${response.status} ${response.statusText}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function sha256HexNode(bytes) {
  const { createHash } = await import("node:crypto");
  return createHash("sha256").update(bytes).digest("hex");
}

async function sha256HexWeb(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

const sha256Hex = IN_NODE ? sha256HexNode : sha256HexWeb;

// ---------------------------------------------------------------------------
// A small zip reader: the central directory, stored and deflated entries, sizes
// and CRC-32 checked. Anything else (zip64, encryption, unsafe paths) is refused.

let crcTable;
function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

async function inflateRawNode(data) {
  const zlib = await import("node:zlib");
  return new Uint8Array(zlib.inflateRawSync(data));
}

async function inflateRawWeb(data) {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The browser implementations, exported so Node tests can check them too. */
export const _web = { inflateRaw: inflateRawWeb, sha256Hex: sha256HexWeb };

/**
 * Unpacks a zip archive held in memory. Returns [{name, data}] for its files
 * (folders are implied); throws if the archive is truncated or corrupt.
 * @param {Uint8Array} bytes
 * @param {string} label names the archive in errors
 * @param {(data: Uint8Array) => Promise<Uint8Array>} [inflateRaw] default: zlib in Node,
 *   DecompressionStream elsewhere
 */
export async function unzip(bytes, label, inflateRaw = IN_NODE ? inflateRawNode : inflateRawWeb) {
  const bad = (why) => fail(`${label} is not a valid bundle (truncated or corrupt): ${why}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad("no end of central directory record");
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bad("zip64 archives are not supported");
  if (cdOffset + cdSize > eocd) throw bad("the central directory lies outside the archive");
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const files = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) {
      throw bad(`central directory entry ${n} is damaged`);
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const csize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    let name;
    try {
      name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    } catch {
      throw bad(`entry ${n} has a name that is not UTF-8`);
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) throw bad(`${name} is encrypted`);
    if (name.startsWith("/") || name.includes("\\") || name.split("/").includes("..")) {
      throw bad(`unsafe path ${JSON.stringify(name)}`);
    }
    if (local + 30 > cdOffset || view.getUint32(local, true) !== 0x04034b50) {
      throw bad(`the local header of ${name} is damaged`);
    }
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + csize > cdOffset) throw bad(`the data of ${name} lies outside the archive`);
    if (name.endsWith("/")) continue;
    const raw = bytes.subarray(start, start + csize);
    let data;
    if (method === 0) {
      data = raw.slice();
    } else if (method === 8) {
      try {
        data = await inflateRaw(raw);
      } catch (err) {
        throw bad(`${name} does not inflate (${err.message})`);
      }
    } else {
      throw bad(`${name} uses compression method ${method} (only stored and deflate)`);
    }
    if (data.length !== size) throw bad(`${name} has ${data.length} bytes, expected ${size}`);
    if (crc32(data) !== crc) throw bad(`${name} fails its CRC-32 check`);
    files.push({ name, data });
  }
  if (p !== cdOffset + cdSize) throw bad("the central directory size does not match");
  return files;
}

// ---------------------------------------------------------------------------
// The lockfile

async function loadLockFile(lockFileURL) {
  let lock;
  try {
    lock = JSON.parse(new TextDecoder().decode(await fetchBytes(lockFileURL)));
  } catch (err) {
    throw fail(`cannot load the package lockfile ${lockFileURL}: ${err.message}`, err);
  }
  const abi = lock?.info?.abi_version;
  if (abi !== ABI_VERSION) {
    throw fail(
      `the lockfile ${lockFileURL} has ABI version ${JSON.stringify(abi)}, but this ` +
        `runtime's is ${JSON.stringify(ABI_VERSION)}: use the lockfile built with this runtime`,
    );
  }
  if (typeof lock.packages !== "object" || lock.packages === null) {
    throw fail(`the lockfile ${lockFileURL} has no "packages" object`);
  }
  return lock;
}

// Levenshtein distance, for "did you mean" suggestions.
function distance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function closestNames(name, known) {
  const scored = known.map((k) => [
    k.includes(name) || name.includes(k) ? 0 : distance(name, k) / Math.max(name.length, k.length),
    k,
  ]);
  return scored
    .filter(([d]) => d <= 0.5)
    .sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1))
    .slice(0, 3)
    .map(([, k]) => k);
}

const isURL = (s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.includes("/");

// ---------------------------------------------------------------------------

/**
 * The package API for one runtime. Fetches the lockfile (so it is async),
 * checks its ABI version and installs the import hint.
 * @param {object} Module the emscripten module
 * @param {object} options
 * @param {string} options.indexURL where the runtime came from (ends with /)
 * @param {string} [options.lockFileURL] default: indexURL + "pyodide-lock.json";
 *   bundles are fetched relative to it
 * @param {(code: string) => any} options.runPython runs Python in the runtime
 */
export async function makePackageAPI(Module, { indexURL, lockFileURL, runPython }) {
  const lockURL = new URL(lockFileURL ?? "pyodide-lock.json", indexURL).href;
  const lock = await loadLockFile(lockURL);
  const { FS } = Module;
  const loadedPackages = {}; // name -> DEFAULT_CHANNEL or the URL it came from
  const loading = new Map(); // name -> Promise settled when it is installed (or failed)
  let soChain = Promise.resolve(); // emscripten loads side modules one at a time

  const importToPackage = {};
  for (const [name, pkg] of Object.entries(lock.packages)) {
    for (const imp of pkg.imports ?? []) importToPackage[imp] = name;
  }
  const py = (expr) => runPython(`__import__("_pyxis.packages", fromlist=["_"]).${expr}`);
  py(`install_hint(${JSON.stringify(JSON.stringify(importToPackage))})`);

  // Names (and their dependencies), in dependency order; unknown names throw.
  function resolve(names) {
    const order = [];
    const seen = new Set();
    const visit = (name, from) => {
      if (seen.has(name)) return;
      const pkg = lock.packages[name];
      if (!pkg) {
        const known = Object.keys(lock.packages);
        const close = closestNames(name, known);
        throw fail(
          `no package named ${JSON.stringify(name)}` +
            (from ? ` (a dependency of ${from})` : "") +
            ` in the lockfile ${lockURL}; ` +
            (close.length
              ? `the closest known names are: ${close.join(", ")}`
              : `known packages: ${known.join(", ")}`),
        );
      }
      seen.add(name);
      for (const dep of pkg.depends ?? []) visit(canonicalizePackageName(dep), name);
      order.push(name);
    };
    for (const name of names) visit(name);
    return order;
  }

  // Fetch and verify one bundle; returns its files. Writes nothing.
  async function fetchBundle(name, url, expectedSha, checkIntegrity) {
    const bytes = await fetchBytes(url);
    if (checkIntegrity && expectedSha) {
      const got = await sha256Hex(bytes);
      if (got !== expectedSha) {
        throw fail(
          `the bundle of ${name} (${url}) fails its integrity check: ` +
            `expected sha256 ${expectedSha}, got ${got}`,
        );
      }
    }
    return unzip(bytes, `the bundle of ${name} (${url})`);
  }

  // Writes files under dir; on any failure removes what it wrote (restoring
  // files it replaced) and rethrows. Returns an undo function.
  function writeFiles(dir, files) {
    const undo = [];
    const rollback = () => {
      for (const step of undo.reverse()) {
        try {
          step();
        } catch {
          // best effort: the original failure is what the caller reports
        }
      }
    };
    try {
      for (const { name, data } of files) {
        const path = `${dir}/${name}`;
        const parent = path.slice(0, path.lastIndexOf("/"));
        const parts = parent.split("/").filter(Boolean);
        for (let i = 1; i <= parts.length; i++) {
          const d = "/" + parts.slice(0, i).join("/");
          if (!FS.analyzePath(d).exists) {
            FS.mkdir(d);
            undo.push(() => FS.rmdir(d));
          }
        }
        const old = FS.analyzePath(path).exists ? FS.readFile(path) : null;
        FS.writeFile(path, data);
        undo.push(old ? () => FS.writeFile(path, old) : () => FS.unlink(path));
      }
    } catch (err) {
      rollback();
      throw fail(`failed to write the files of a bundle into ${dir}: ${err.message}`, err);
    }
    return rollback;
  }

  // Loads one side module with emscripten's dynamic linker (asynchronously, so
  // browsers compile it off the main thread), registered under the name dlopen
  // will ask for: an extension module by its full path (locally), a shared
  // library by its file name, the name other modules' "needed" lists use
  // (globally), with its full path as an alias.
  function loadSideModule(path, bytes) {
    const global = !EXTENSION_RE.test(path);
    const libName = global ? path.slice(path.lastIndexOf("/") + 1) : path;
    const flags = { loadAsync: true, global, nodelete: true, allowUndefined: false };
    const localScope = global ? null : {};
    const step = soChain.then(async () => {
      if (Module.LDSO.loadedLibsByName[libName]) return; // already loaded
      Module.preloadedWasm[libName] = await Module.loadWebAssemblyModule(
        bytes,
        flags,
        libName,
        localScope,
      );
      try {
        await Module.loadDynamicLibrary(libName, flags, localScope);
      } finally {
        delete Module.preloadedWasm[libName];
      }
      if (global) Module.LDSO.loadedLibsByName[path] = Module.LDSO.loadedLibsByName[libName];
    });
    soChain = step.catch(() => {});
    return step;
  }

  async function install(name, files, source) {
    const pkg = lock.packages[name];
    const dir = pkg?.install_dir === "dynlib" ? DYNLIB_DIR : SITE_PACKAGES;
    const undo = writeFiles(dir, files);
    try {
      const sos = files.filter((f) => f.name.endsWith(".so"));
      // Shared libraries first (globally), then extension modules.
      sos.sort((a, b) => EXTENSION_RE.test(a.name) - EXTENSION_RE.test(b.name));
      for (const f of sos) {
        try {
          await loadSideModule(`${dir}/${f.name}`, f.data);
        } catch (err) {
          throw fail(`failed to load ${dir}/${f.name} of ${name}: ${err.message ?? err}`, err);
        }
      }
    } catch (err) {
      undo();
      throw err;
    }
    loadedPackages[name] = source;
  }

  /**
   * Loads packages (names from the lockfile, or URLs of wheels/bundles) and
   * their dependencies.
   * @param {string | string[]} names
   * @param {{messageCallback?: (msg: string) => void, errorCallback?: (msg: string) => void, checkIntegrity?: boolean}} [options]
   * @returns {Promise<string[]>} the names loaded by this call
   */
  async function loadPackage(names, options = {}) {
    for (const key of Object.keys(options)) {
      if (!["messageCallback", "errorCallback", "checkIntegrity"].includes(key)) {
        throw new TypeError(`loadPackage: unsupported option '${key}'`);
      }
    }
    const {
      messageCallback = console.log,
      errorCallback = () => {},
      checkIntegrity = true,
    } = options;
    const list = typeof names === "string" ? [names] : names;
    if (!Array.isArray(list) || !list.every((n) => typeof n === "string")) {
      throw new TypeError("loadPackage: names must be a string or an array of strings");
    }
    try {
      return await loadResolved(list, messageCallback, checkIntegrity);
    } catch (err) {
      errorCallback(err.message);
      throw err;
    }
  }

  async function loadResolved(list, messageCallback, checkIntegrity) {
    // Each package to load: {name, url, sha256, source}, dependencies first.
    // A URL names a wheel or bundle; if its file is one the lockfile lists,
    // that entry's dependencies load too.
    const fromURL = [];
    const fromLock = [];
    for (const item of list) {
      if (!isURL(item)) {
        fromLock.push(canonicalizePackageName(item));
        continue;
      }
      const url = new URL(item, lockURL).href;
      const file = url.slice(url.lastIndexOf("/") + 1);
      const inLock = Object.values(lock.packages).find((p) => p.file_name === file);
      const name = inLock ? inLock.name : canonicalizePackageName(file.split("-")[0]);
      const loadedFrom = loadedPackages[name];
      if (loadedFrom !== undefined && loadedFrom !== url) {
        throw fail(`${name} is already loaded from ${loadedFrom}; cannot load it from ${url}`);
      }
      fromLock.push(...(inLock?.depends ?? []).map(canonicalizePackageName));
      fromURL.push({ name, url, sha256: null, source: url });
    }
    const wanted = [];
    for (const name of resolve(fromLock)) {
      if (fromURL.some((u) => u.name === name)) continue;
      const pkg = lock.packages[name];
      const url = new URL(pkg.file_name, lockURL).href;
      wanted.push({ name, url, sha256: pkg.sha256, source: DEFAULT_CHANNEL });
    }
    wanted.push(...fromURL);

    const waits = []; // loads of these names already under way (another call)
    const fresh = [];
    for (const w of wanted) {
      if (loadedPackages[w.name] !== undefined) continue;
      if (loading.has(w.name)) waits.push(loading.get(w.name));
      else if (!fresh.some((f) => f.name === w.name)) fresh.push(w);
    }
    if (fresh.length === 0) {
      await Promise.all(waits);
      return [];
    }
    const freshNames = fresh.map((w) => w.name);
    messageCallback(`Loading ${freshNames.join(", ")}`);

    // Every bundle is fetched and verified (in parallel) before any is written.
    const fetched = Promise.all(
      fresh.map((w) => fetchBundle(w.name, w.url, w.sha256, checkIntegrity)),
    );
    const done = new Map();
    const batch = (async () => {
      const bundles = await fetched;
      await Promise.all(waits);
      for (let i = 0; i < fresh.length; i++) {
        const { name, source } = fresh[i];
        const deps = (lock.packages[name]?.depends ?? []).map(canonicalizePackageName);
        await Promise.all(deps.map((d) => loading.get(d)).filter(Boolean));
        await install(name, bundles[i], source);
        done.get(name).resolve();
      }
    })();
    for (const name of freshNames) {
      let resolveIt;
      const p = new Promise((r) => (resolveIt = r));
      // Settles when this name is installed, or rejects with the batch's error.
      const settled = Promise.race([p, batch.then(() => p)]);
      done.set(name, { resolve: resolveIt });
      loading.set(name, settled);
      settled.then(
        () => loading.delete(name),
        () => loading.delete(name),
      );
    }
    try {
      await batch;
    } finally {
      if (freshNames.some((n) => loadedPackages[n] !== undefined)) {
        runPython('__import__("importlib").invalidate_caches()');
      }
    }
    messageCallback(`Loaded ${freshNames.join(", ")}`);
    return freshNames;
  }

  /**
   * Loads the packages that provide the modules `code` imports (found with
   * Python's ast; names the lockfile does not provide are left alone).
   * @param {string} code
   * @param {object} [options] as for loadPackage
   */
  async function loadPackagesFromImports(code, options = {}) {
    if (typeof code !== "string")
      throw new TypeError("loadPackagesFromImports: code must be a string");
    const imports = JSON.parse(py(`find_imports(${JSON.stringify(code)})`));
    const names = [...new Set(imports.map((i) => importToPackage[i]).filter(Boolean))];
    if (names.length === 0) return [];
    return loadPackage(names, options);
  }

  return { loadPackage, loadedPackages, loadPackagesFromImports, lockfile: lock };
}
