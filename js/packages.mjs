// pyxis packages on demand: reads the lockfile (pyodide-lock.json), resolves
// dependencies, fetches bundles in parallel, checks their sha256, unpacks them
// (a small zip reader: stored + deflate, CRC-checked) into the file system and
// loads their side modules with emscripten's dynamic linker before any import
// runs. Also installs the ModuleNotFoundError hint (_pyxis.packages) and
// implements loadPackagesFromImports. Errors are thrown as Error("pyxis: ...").
// A batch (one loadPackage call) installs all its packages or none.

// The ABI this loader accepts (tools/build-packages.py writes it into the
// lockfile) and the site-packages path: tools/config.env's, via the
// generated config.mjs. Re-exported for the tests.
import { ABI_VERSION, SITE_PACKAGES, STDLIB_DIR } from "./config.mjs";
import { IN_NODE } from "./environment.mjs";
export { ABI_VERSION, SITE_PACKAGES };

const DYNLIB_DIR = "/usr/lib";
// The lockfile's install_dir values and where each is in the file system:
// site-packages, shared libraries, and parts of the stdlib shipped apart
// (cpython-tests).
const INSTALL_DIRS = { site: SITE_PACKAGES, dynlib: DYNLIB_DIR, stdlib: STDLIB_DIR };
const DEFAULT_CHANNEL = "default channel";
/** A download that receives no data for this long (ms) is aborted; loadPackage's downloadTimeout. */
export const DEFAULT_DOWNLOAD_TIMEOUT = 30000;
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

// Reads a URL (Node: a file: URL from disk). A download that receives nothing
// for `timeout` ms (0: no limit) is aborted with an error saying so.
async function fetchBytes(url, timeout = DEFAULT_DOWNLOAD_TIMEOUT) {
  if (IN_NODE && url.startsWith("file:")) {
    const { readFile } = await import("node:fs/promises");
    const { fileURLToPath } = await import("node:url");
    try {
      return new Uint8Array(await readFile(fileURLToPath(url)));
    } catch (err) {
      throw fail(`failed to fetch ${url}: ${err.code ?? err.message}`, err);
    }
  }
  const controller = new AbortController();
  let timer;
  let stalled = false;
  const arm = () => {
    clearTimeout(timer);
    if (timeout > 0) {
      timer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, timeout);
    }
  };
  const failed = (what, err) =>
    stalled
      ? fail(
          `the download of ${url} stalled: no data for ${timeout} ms, so it was aborted ` +
            `(loadPackage's downloadTimeout option sets this limit)`,
        )
      : fail(`${what} ${url}: ${err.cause?.message ?? err.message}`, err);
  try {
    arm();
    let response;
    try {
      response = await fetch(url, { signal: controller.signal });
    } catch (err) {
      throw failed("failed to fetch", err);
    }
    if (!response.ok) {
      throw fail(`failed to fetch ${url}: status ${response.status} ${response.statusText}`);
    }
    const chunks = [];
    let size = 0;
    try {
      if (!response.body) {
        chunks.push(new Uint8Array(await response.arrayBuffer()));
      } else {
        const reader = response.body.getReader();
        for (;;) {
          arm();
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          size += value.length;
        }
      }
    } catch (err) {
      throw failed("failed to download", err);
    }
    if (chunks.length === 1) return chunks[0];
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return bytes;
  } finally {
    clearTimeout(timer);
  }
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

const isStringArray = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");

// Checks a parsed lockfile: its ABI version, then the shape of every entry;
// throws naming the lockfile and the field.
function checkLockFile(lock, label, { checkAPIVersion, version }) {
  const bad = (why) => fail(`the lockfile ${label} is malformed: ${why}`);
  if (lock === null || typeof lock !== "object" || Array.isArray(lock))
    throw bad("it is not a JSON object");
  if (lock.info === null || typeof lock.info !== "object") throw bad(`it has no "info" object`);
  const abi = lock.info.abi_version;
  if (abi !== ABI_VERSION) {
    throw fail(
      `the lockfile ${label} has ABI version ${JSON.stringify(abi)}, but this ` +
        `runtime's is ${JSON.stringify(ABI_VERSION)}: use the lockfile built with this runtime`,
    );
  }
  if (checkAPIVersion && lock.info.version !== version) {
    throw fail(
      `the lockfile ${label} was built for pyxis ${JSON.stringify(lock.info.version)}, but ` +
        `this loader is ${JSON.stringify(version)}: use the files of one release ` +
        `(loadPyodide's checkAPIVersion: false skips this check)`,
    );
  }
  const packages = lock.packages;
  if (packages === null || typeof packages !== "object" || Array.isArray(packages))
    throw bad(`it has no "packages" object`);
  for (const [key, pkg] of Object.entries(packages)) {
    const where = `packages[${JSON.stringify(key)}]`;
    if (pkg === null || typeof pkg !== "object") throw bad(`${where} is not an object`);
    if (typeof pkg.name !== "string" || canonicalizePackageName(pkg.name) !== key)
      throw bad(`${where}.name must be a string naming the entry ("${key}")`);
    if (typeof pkg.file_name !== "string" || pkg.file_name === "")
      throw bad(`${where}.file_name must be a non-empty string`);
    if (pkg.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(pkg.sha256))
      throw bad(`${where}.sha256 must be 64 lower-case hex digits`);
    for (const field of ["depends", "imports"]) {
      if (pkg[field] !== undefined && !isStringArray(pkg[field]))
        throw bad(`${where}.${field} must be an array of strings`);
    }
    if (pkg.install_dir !== undefined && !Object.hasOwn(INSTALL_DIRS, pkg.install_dir))
      throw bad(`${where}.install_dir must be one of ${Object.keys(INSTALL_DIRS).join(", ")}`);
  }
  return lock;
}

// The lockfile: fetched from lockURL, or given (an object, JSON text, or a
// promise of either).
async function loadLockFile(lockURL, contents, checks) {
  let lock = contents;
  const label = lockURL ?? "given as lockFileContents";
  try {
    if (contents === undefined) lock = new TextDecoder().decode(await fetchBytes(lockURL));
    else lock = await contents;
    if (typeof lock === "string") lock = JSON.parse(lock);
  } catch (err) {
    throw fail(`cannot load the package lockfile ${label}: ${err.message}`, err);
  }
  return checkLockFile(lock, label, checks);
}

// The error of a batch that failed after installing something: what was
// removed again, and which side modules stay loaded (wasm code cannot be
// unloaded; loading their packages again reuses them).
function rolledBack(err, removed, linked) {
  if (removed.length === 0 && linked.length === 0) return err;
  let message = `${err.message}; nothing from this call stays installed`;
  if (removed.length) message += ` (removed again: ${removed.join(", ")})`;
  if (linked.length) {
    message +=
      `; these side modules stay loaded in memory, as WebAssembly code cannot be ` +
      `unloaded (loading their packages again reuses them): ${linked.join(", ")}`;
  }
  return new Error(message, { cause: err });
}

const LOAD_OPTIONS = ["messageCallback", "errorCallback", "checkIntegrity", "downloadTimeout"];

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
 * checks it (ABI version, version, shape) and installs the import hint.
 * @param {object} Module the emscripten module
 * @param {object} options
 * @param {string} options.indexURL where the runtime came from (ends with /)
 * @param {string} [options.lockFileURL] default: indexURL + "pyodide-lock.json"
 * @param {object|string|Promise} [options.lockFileContents] the lockfile itself, instead
 * @param {string} [options.packageBaseUrl] an absolute URL bundles' file names are
 *   relative to; default: the lockfile's folder (none for lockFileContents)
 * @param {boolean} options.checkAPIVersion the lockfile's info.version must be `version`
 * @param {string} options.version this loader's version
 * @param {(code: string) => any} options.runPython runs Python in the runtime
 */
export async function makePackageAPI(
  Module,
  {
    indexURL,
    lockFileURL,
    lockFileContents,
    packageBaseUrl,
    checkAPIVersion = true,
    version,
    runPython,
    stdlibGroups,
  },
) {
  const lockURL =
    lockFileContents === undefined
      ? new URL(lockFileURL ?? "pyodide-lock.json", indexURL).href
      : undefined;
  const lockLabel = lockURL ?? "given as lockFileContents";
  const baseURL = packageBaseUrl ?? lockURL;
  const lock = await loadLockFile(lockURL, lockFileContents, { checkAPIVersion, version });
  // Where a bundle named by the lockfile (or a URL given to loadPackage) is.
  const bundleURL = (file, name) => {
    if (baseURL) return new URL(file, baseURL).href;
    if (/^[a-z][a-z0-9+.-]*:/i.test(file)) return file;
    throw fail(
      `cannot locate ${JSON.stringify(file)} (${name}): the lockfile was given as ` +
        `lockFileContents without packageBaseUrl, so relative file names have no base`,
    );
  };
  const { FS } = Module;
  const loadedPackages = {}; // name -> DEFAULT_CHANNEL or the URL it came from
  const loading = new Map(); // name -> Promise settled when it is installed (or failed)
  let soChain = Promise.resolve(); // emscripten loads side modules one at a time
  // A side module with an undefined symbol leaves it in emscripten's GOT for
  // good, and every later side-module load then fails on it: remember it, to
  // say so plainly.
  let linkerBroken = null;

  // Canonical package name -> a top-level module of the stdlib's groups.
  const stdlibModuleOf = new Map(
    [...stdlibGroups.modules].map((m) => [canonicalizePackageName(m), m]),
  );
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
            ` in the lockfile ${lockLabel}; ` +
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
  async function fetchBundle(name, url, expectedSha, checkIntegrity, timeout) {
    const bytes = await fetchBytes(url, timeout);
    if (checkIntegrity) {
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
  // Resolves to true if it loaded the module now, false if it was loaded before.
  function loadSideModule(path, bytes) {
    const global = !EXTENSION_RE.test(path);
    const libName = global ? path.slice(path.lastIndexOf("/") + 1) : path;
    const flags = { loadAsync: true, global, nodelete: true, allowUndefined: false };
    const localScope = global ? null : {};
    const step = soChain.then(async () => {
      if (Module.LDSO.loadedLibsByName[libName]) return false; // already loaded
      if (linkerBroken) {
        throw new Error(
          `this runtime can load no more side modules: an earlier one (${linkerBroken.path}) ` +
            `left the symbol '${linkerBroken.symbol}' undefined in emscripten's dynamic linker; ` +
            `start a new runtime`,
        );
      }
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
      return true;
    });
    soChain = step.catch(() => {});
    return step.catch((err) => {
      const undefinedSymbol = /^bad export type for '(.*)': undefined$/.exec(err?.message ?? "");
      if (undefinedSymbol && !linkerBroken) {
        linkerBroken = { path, symbol: undefinedSymbol[1] };
        throw new Error(
          `undefined symbol '${undefinedSymbol[1]}' (the runtime does not define it: was ` +
            `the package built for another runtime?); this runtime can load no more side ` +
            `modules (emscripten's linker keeps the symbol unresolved)`,
          { cause: err },
        );
      }
      throw err;
    });
  }

  const installDir = (name) => INSTALL_DIRS[lock.packages[name]?.install_dir ?? "site"];

  // Writes a package's files and loads its side modules; returns the undo of
  // its files. On failure its files are removed again. The side modules it
  // loaded are added to `linked` (they cannot be unloaded).
  const install = (name, files, linked) => installInto(installDir(name), name, files, linked);

  async function installInto(dir, name, files, linked) {
    const undo = writeFiles(dir, files);
    try {
      const sos = files.filter((f) => f.name.endsWith(".so"));
      // Shared libraries first (globally), then extension modules.
      sos.sort((a, b) => EXTENSION_RE.test(a.name) - EXTENSION_RE.test(b.name));
      for (const f of sos) {
        try {
          if (await loadSideModule(`${dir}/${f.name}`, f.data)) linked.push(`${dir}/${f.name}`);
        } catch (err) {
          throw fail(`failed to load ${dir}/${f.name} of ${name}: ${err.message ?? err}`, err);
        }
      }
    } catch (err) {
      undo();
      throw err;
    }
    return undo;
  }

  /**
   * Loads packages (names from the lockfile, or URLs of wheels/bundles) and
   * their dependencies.
   * @param {string | string[]} names
   * @param {{messageCallback?: (msg: string) => void, errorCallback?: (msg: string) => void,
   *   checkIntegrity?: boolean, downloadTimeout?: number}} [options]
   * @returns {Promise<string[]>} the names loaded by this call
   */
  async function loadPackage(names, options = {}) {
    for (const key of Object.keys(options)) {
      if (!LOAD_OPTIONS.includes(key)) {
        throw new TypeError(
          `loadPackage: unsupported option '${key}' (known: ${LOAD_OPTIONS.join(", ")})`,
        );
      }
    }
    const {
      messageCallback = console.log,
      errorCallback = () => {},
      checkIntegrity = true,
      downloadTimeout = DEFAULT_DOWNLOAD_TIMEOUT,
    } = options;
    if (typeof messageCallback !== "function" || typeof errorCallback !== "function")
      throw new TypeError("loadPackage: messageCallback and errorCallback must be functions");
    if (typeof checkIntegrity !== "boolean")
      throw new TypeError("loadPackage: checkIntegrity must be a boolean");
    if (typeof downloadTimeout !== "number" || !(downloadTimeout >= 0))
      throw new TypeError(
        "loadPackage: downloadTimeout must be a number of milliseconds (0: none)",
      );
    const list = typeof names === "string" ? [names] : names;
    if (!Array.isArray(list) || !list.every((n) => typeof n === "string")) {
      throw new TypeError("loadPackage: names must be a string or an array of strings");
    }
    try {
      return await loadResolved(list, messageCallback, checkIntegrity, downloadTimeout);
    } catch (err) {
      errorCallback(err.message);
      throw err;
    }
  }

  async function loadResolved(list, messageCallback, checkIntegrity, timeout) {
    // Each package to load: {name, url, sha256, listed, source}, dependencies
    // first. A URL names a wheel or bundle; if its file is one the lockfile
    // lists, that entry's hash is checked and its dependencies load too.
    const fromURL = [];
    const fromLock = [];
    const fromStdlib = [];
    for (const item of list) {
      if (!isURL(item)) {
        const name = canonicalizePackageName(item);
        // A module of the stdlib's on-demand groups that Pyodide ships as a
        // package (pydoc_data): its group is fetched; it is no package here.
        const module = stdlibModuleOf.get(name);
        if (module && !lock.packages[name]) fromStdlib.push(module);
        else fromLock.push(name);
        continue;
      }
      const url = new URL(item, baseURL ?? indexURL).href;
      const file = url.slice(url.lastIndexOf("/") + 1);
      const inLock = Object.values(lock.packages).find((p) => p.file_name === file);
      const name = inLock ? inLock.name : canonicalizePackageName(file.split("-")[0]);
      const loadedFrom = loadedPackages[name];
      if (loadedFrom !== undefined && loadedFrom !== url) {
        throw fail(`${name} is already loaded from ${loadedFrom}; cannot load it from ${url}`);
      }
      fromLock.push(...(inLock?.depends ?? []).map(canonicalizePackageName));
      fromURL.push({ name, url, sha256: inLock?.sha256, listed: !!inLock, source: url });
    }
    if (fromStdlib.length) await stdlibGroups.ahead(fromStdlib);
    const wanted = [];
    for (const name of resolve(fromLock)) {
      if (fromURL.some((u) => u.name === name)) continue;
      const pkg = lock.packages[name];
      wanted.push({ name, file: pkg.file_name, sha256: pkg.sha256, listed: true });
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
    // Nothing is fetched unless every bundle can be checked and located.
    for (const w of fresh) {
      if (checkIntegrity && w.listed && !w.sha256) {
        throw fail(
          `the lockfile entry of ${w.name} has no sha256, so its bundle cannot be checked ` +
            `(loadPackage's checkIntegrity: false loads it unchecked)`,
        );
      }
      w.url ??= bundleURL(w.file, w.name);
      w.source ??= DEFAULT_CHANNEL;
    }
    const freshNames = fresh.map((w) => w.name);
    messageCallback(`Loading ${freshNames.join(", ")}`);

    // Every bundle is fetched and verified (in parallel), and every side module
    // validated, before any file is written. Then the batch installs in
    // dependency order, all or nothing: a failure removes the files of every
    // package this batch installed.
    const fetched = Promise.all(
      fresh.map((w) => fetchBundle(w.name, w.url, w.sha256, checkIntegrity, timeout)),
    );
    let installedAny = false;
    const batch = (async () => {
      const bundles = await fetched;
      fresh.forEach((w, i) => {
        for (const f of bundles[i]) {
          if (f.name.endsWith(".so") && !WebAssembly.validate(f.data)) {
            throw fail(
              `${installDir(w.name)}/${f.name} of ${w.name} (${w.url}) is not a valid ` +
                `WebAssembly module`,
            );
          }
        }
      });
      await Promise.all(waits); // dependencies another call is loading
      const installed = []; // [name, undo]
      const linked = [];
      try {
        for (let i = 0; i < fresh.length; i++) {
          installedAny = true;
          installed.push([fresh[i].name, await install(fresh[i].name, bundles[i], linked)]);
        }
      } catch (err) {
        for (const [, undo] of installed.reverse()) undo();
        throw rolledBack(err, installed.map(([name]) => name).reverse(), linked);
      }
      for (const w of fresh) loadedPackages[w.name] = w.source;
    })();
    for (const name of freshNames) {
      const settled = batch.then(() => undefined);
      loading.set(name, settled);
      settled.then(
        () => loading.delete(name),
        () => loading.delete(name),
      );
    }
    try {
      await batch;
    } finally {
      if (installedAny) runPython('__import__("importlib").invalidate_caches()');
    }
    messageCallback(`Loaded ${freshNames.join(", ")}`);
    return freshNames;
  }

  /**
   * Loads the packages that provide the modules `code` imports (found with
   * Python's ast; names the lockfile does not provide are left alone), and
   * fetches the stdlib's on-demand groups it imports.
   * @param {string} code
   * @param {object} [options] as for loadPackage
   */
  async function loadPackagesFromImports(code, options = {}) {
    if (typeof code !== "string")
      throw new TypeError("loadPackagesFromImports: code must be a string");
    const imports = JSON.parse(py(`find_imports(${JSON.stringify(code)})`));
    await stdlibGroups.ahead(imports); // the stdlib's on-demand groups it imports
    const names = [...new Set(imports.map((i) => importToPackage[i]).filter(Boolean))];
    if (names.length === 0) return [];
    return loadPackage(names, options);
  }

  return {
    loadPackage,
    loadedPackages,
    loadPackagesFromImports,
    lockfile: lock,
    lockfileBaseUrl: baseURL,
    // for js/wheels.mjs: files into a folder, side modules loaded, all or nothing
    installFiles: async (dir, name, files) => {
      const linked = [];
      try {
        await installInto(dir, name, files, linked);
      } catch (err) {
        throw rolledBack(err, [], linked);
      } finally {
        runPython('__import__("importlib").invalidate_caches()');
      }
    },
    fetchBytes,
  };
}
