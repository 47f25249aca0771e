// Wheels installed at run time: the part of Pyodide's internal API that
// micropip (a lockfile package, run unchanged) calls through pyodide_js._api —
// install(buffer, filename, installDir, metadata) unpacks a wheel into the
// file system (its .data folders where the wheel spec puts them, the
// metadata entries micropip passes written into its .dist-info, side modules
// loaded), all or nothing; loadBinaryFile(path) reads a file micropip names
// by a file: URL or a path relative to the index.
import { PYTHON_VERSION } from "./config.mjs"; // tools/config.env, generated
import { unzip } from "./packages.mjs";

// name-version(-build)?-python-abi-platform.whl (PEP 427)
const WHEEL_RE = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-([^-]+)-([^-]+)-([^-]+)\.whl$/;

const fail = (message, cause) => new Error(`pyxis: ${message}`, cause ? { cause } : undefined);

// A Python dict (a PyProxy), a Map or a plain object, as [key, value] pairs.
function entriesOf(metadata) {
  if (metadata === undefined || metadata === null) return [];
  if (typeof metadata.toJs === "function") {
    const converted = metadata.toJs();
    return converted instanceof Map ? [...converted] : Object.entries(converted);
  }
  if (metadata instanceof Map) return [...metadata];
  if (typeof metadata === "object") return Object.entries(metadata);
  throw new TypeError(`install: metadata must be a dict or an object, not ${typeof metadata}`);
}

/**
 * @param {object} deps
 * @param {(dir: string, name: string, files: {name: string, data: Uint8Array}[]) => Promise<void>} deps.installFiles
 * @param {(url: string) => Promise<Uint8Array>} deps.fetchBytes
 * @param {string} deps.indexURL
 * @param {() => string} deps.prefix sys.prefix
 */
export function makeWheelAPI({ installFiles, fetchBytes, indexURL, prefix }) {
  /**
   * Installs a wheel held in memory.
   * @param {Uint8Array} buffer the wheel's bytes
   * @param {string} filename its file name (name-version-tags.whl)
   * @param {string} installDir site-packages (purelib and platlib go here)
   * @param {object} [metadata] entries written as files into its .dist-info
   */
  async function install(buffer, filename, installDir, metadata) {
    // Read everything the arguments hold before the first await (a PyProxy
    // argument lives only for the call).
    if (!(buffer instanceof Uint8Array))
      throw new TypeError(`install: the wheel must be a Uint8Array, not ${typeof buffer}`);
    if (typeof filename !== "string" || typeof installDir !== "string")
      throw new TypeError("install: filename and installDir must be strings");
    const extra = entriesOf(metadata).map(([k, v]) => [String(k), String(v)]);
    const parsed = WHEEL_RE.exec(filename);
    if (!parsed) throw fail(`${JSON.stringify(filename)} is not a wheel's file name`);
    const [, dist, version] = parsed;
    const bytes = buffer.slice(); // ours, whatever happens to the caller's
    const label = `the wheel ${filename}`;
    const files = await unzip(bytes, label);
    const top = (f) => f.name.split("/")[0];
    const infoDirs = [...new Set(files.map(top).filter((d) => d.endsWith(".dist-info")))];
    if (infoDirs.length !== 1)
      throw fail(`${label} has ${infoDirs.length} .dist-info folders (a wheel has one)`);
    const [infoDir] = infoDirs;
    for (const needed of ["METADATA", "WHEEL"]) {
      if (!files.some((f) => f.name === `${infoDir}/${needed}`))
        throw fail(`${label} has no ${infoDir}/${needed}`);
    }
    const site = installDir.replace(/\/+$/, "");
    const base = prefix().replace(/\/+$/, "");
    const dataDir = `${dist}-${version}.data`;
    const where = {
      purelib: site,
      platlib: site,
      scripts: `${base}/bin`,
      data: base,
      headers: `${base}/include/python${PYTHON_VERSION}/${dist}`,
    };
    const placed = [];
    for (const f of files) {
      let path = `${site}/${f.name}`;
      if (top(f) === dataDir) {
        const [, scheme, ...rest] = f.name.split("/");
        if (!where[scheme] || rest.length === 0)
          throw fail(`${label}: ${f.name} is in no scheme of the wheel spec`);
        path = `${where[scheme]}/${rest.join("/")}`;
      } else if (top(f).endsWith(".data")) {
        throw fail(`${label}: ${top(f)} does not match the wheel's name (${dataDir})`);
      }
      placed.push({ name: path.replace(/^\/+/, ""), data: f.data });
    }
    const encoder = new TextEncoder();
    for (const [key, value] of extra) {
      if (!/^[A-Za-z0-9_.-]+$/.test(key))
        throw fail(`install: metadata key ${JSON.stringify(key)} is not a file name`);
      const name = `${site}/${infoDir}/${key}`.replace(/^\/+/, "");
      const data = encoder.encode(value);
      const same = placed.findIndex((p) => p.name === name);
      if (same >= 0) placed[same].data = data;
      else placed.push({ name, data });
    }
    await installFiles("", dist, placed);
  }

  /**
   * Reads a file: an absolute path or file: URL (Node), or a URL relative to
   * the index.
   * @param {string} path
   * @returns {Promise<Uint8Array>}
   */
  async function loadBinaryFile(path) {
    if (typeof path !== "string") throw new TypeError("loadBinaryFile: path must be a string");
    return fetchBytes(new URL(path, indexURL).href);
  }

  return { install, loadBinaryFile };
}
