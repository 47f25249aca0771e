// pyxis: the loader and public JS API. loadPyodide() fetches the runtime
// (pyxis.asm.js + pyxis.asm.wasm) and the stdlib archive, starts CPython and
// returns the API object (Pyodide's names: runPython, setStdout, FS, ...).
import { PythonError } from "./python-error.mjs";
import { ffi } from "./ffi.mjs";
import { LiteralMap } from "./literal-map.mjs";
import { checkStreamOptions, installStreams } from "./streams.mjs";
import { nodeStdio } from "./node-stdio.mjs";
import { makeWheelAPI } from "./wheels.mjs";
import { makePackageAPI, SITE_PACKAGES } from "./packages.mjs"; // packages (issue 4)
import { installStdlibGroups } from "./stdlib-groups.mjs";
import { IN_NODE } from "./environment.mjs";
import { STDLIB_ZIP, STDLIB_ZIP_NAME } from "./config.mjs"; // tools/config.env, generated

export const version = "0.1.0";
export { PythonError, ffi };

// The matplotlib backend browsers and workers get (packages/matplotlib-pyxis).
const MPL_BROWSER_BACKEND = "module://matplotlib_pyxis.backend";

function defaultIndexURL() {
  return new URL(".", import.meta.url).href;
}

async function readBytes(url) {
  if (IN_NODE && url.startsWith("file:")) {
    const { readFile } = await import("node:fs/promises");
    const { fileURLToPath } = await import("node:url");
    return new Uint8Array(await readFile(fileURLToPath(url)));
  }
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`pyxis: failed to fetch ${url}: ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

// The runtime's wasm: in Node its bytes; in browsers the fetch Response,
// compiled while it downloads (instantiateStreaming, which also lets the
// browser cache the compiled code) when the server sends application/wasm,
// from its bytes otherwise.
async function fetchWasm(url) {
  if (IN_NODE) return readBytes(url);
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`pyxis: failed to fetch ${url}: ${response.status} ${response.statusText}`);
  return response;
}

async function instantiateRuntime(source, imports) {
  if (source instanceof Uint8Array) return WebAssembly.instantiate(source, imports);
  const type = (source.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/wasm" && typeof WebAssembly.instantiateStreaming === "function")
    return WebAssembly.instantiateStreaming(source, imports);
  return WebAssembly.instantiate(await source.arrayBuffer(), imports);
}

async function loadFactory(indexURL) {
  const url = new URL("pyxis.asm.js", indexURL).href;
  if (IN_NODE) {
    const { createRequire } = await import("node:module");
    const { fileURLToPath } = await import("node:url");
    const require = createRequire(import.meta.url);
    return require(url.startsWith("file:") ? fileURLToPath(url) : url);
  }
  if (globalThis.createPyxisModule) return globalThis.createPyxisModule;
  if (typeof importScripts === "function") {
    try {
      importScripts(url); // classic worker
    } catch (err) {
      // A module worker refuses importScripts (TypeError): evaluate the
      // factory script's text instead (a CSP must then allow 'unsafe-eval').
      if (!(err instanceof TypeError)) throw err;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`pyxis: failed to fetch ${url}: ${response.status}`);
      const text = await response.text();
      return new Function(`${text}\nreturn createPyxisModule;\n//# sourceURL=${url}`)();
    }
  } else {
    await new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`pyxis: failed to load ${url}`));
      document.head.appendChild(script);
    });
  }
  return globalThis.createPyxisModule;
}

// In Node, output still in Python's buffers (a partial line) is written when
// the process exits, as a native process's is: for each runtime not yet
// garbage-collected, through one listener.
const liveRuntimes = new Set(); // WeakRefs to APIs
let exitListener = false;
function flushAtExit(api) {
  if (!IN_NODE) return;
  if (!exitListener) {
    exitListener = true;
    process.on("exit", () => {
      for (const ref of liveRuntimes) {
        try {
          ref.deref()?._flushStreams();
        } catch {
          // a handler that fails at exit has nowhere left to report to
        }
      }
    });
  }
  for (const ref of liveRuntimes) if (!ref.deref()) liveRuntimes.delete(ref);
  liveRuntimes.add(new WeakRef(api));
}

// The handlers setStdin()/setStdout()/setStderr() restore, as Pyodide
// documents them: Node's own fds in Node; in a page prompt() for input,
// console.log and console.warn for output (a worker has no prompt: end of file).
async function defaultStreams() {
  if (IN_NODE) return nodeStdio();
  const prompt = globalThis.prompt;
  return {
    stdin: { stdin: typeof prompt === "function" ? () => prompt() : () => null },
    stdout: { batched: (line) => console.log(line) },
    stderr: { batched: (line) => console.warn(line) },
  };
}

function toIndexURL(indexURL) {
  if (!indexURL) return defaultIndexURL();
  return withSlash(absoluteURL(indexURL));
}

const withSlash = (url) => (url.endsWith("/") ? url : url + "/");

// A relative URL: against the current directory in Node, against the page
// (or worker) address in browsers ("/pyxis/", "./runtime/").
function absoluteURL(url) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  const base = IN_NODE ? `file://${process.cwd()}/` : globalThis.location?.href;
  return new URL(url, base).href;
}

// loadPyodide's options: every option Pyodide documents either works or is
// refused here by name; an unknown option is an error.
const isObject = (v) => v !== null && typeof v === "object";
const OPTION_CHECKS = {
  indexURL: (v) => typeof v === "string" || "a string (URL)",
  lockFileURL: (v) => typeof v === "string" || "a string (URL)",
  lockFileContents: (v) =>
    typeof v === "string" || isObject(v) || "a lockfile object, its JSON text, or a promise of one",
  packageBaseUrl: (v) => typeof v === "string" || "a string (URL)",
  stdLibURL: (v) => typeof v === "string" || "a string (URL)",
  fullStdLib: (v) => typeof v === "boolean" || "a boolean",
  stdin: (v) => typeof v === "function" || isObject(v) || "a function or a setStdin options object",
  stdout: (v) =>
    typeof v === "function" || isObject(v) || "a function or a setStdout options object",
  stderr: (v) =>
    typeof v === "function" || isObject(v) || "a function or a setStderr options object",
  jsglobals: (v) => isObject(v) || typeof v === "function" || "an object",
  _sysExecutable: (v) => typeof v === "string" || "a string",
  args: (v) => (Array.isArray(v) && v.every((a) => typeof a === "string")) || "an array of strings",
  // (Numbers and booleans are written as JS writes them, as in Pyodide.)
  env: (v) =>
    (isObject(v) &&
      Object.values(v).every((a) => ["string", "number", "boolean"].includes(typeof a))) ||
    "an object of strings",
  packages: (v) =>
    (Array.isArray(v) && v.every((a) => typeof a === "string")) || "an array of strings",
  checkAPIVersion: (v) => typeof v === "boolean" || "a boolean",
  fsInit: (v) => typeof v === "function" || "a function",
  pyproxyToStringRepr: (v) =>
    v === false ||
    "supported only as false: a PyProxy's toString() is str() of the object in pyxis",
  convertNullToNone: (v) => typeof v === "boolean" || "a boolean",
  toJsLiteralMap: (v) => typeof v === "boolean" || "a boolean",
  enableRunUntilComplete: (v) =>
    v === false ||
    "supported only as false: loop.run_until_complete() cannot block in pyxis " +
      "(no stack switching); await the coroutine (runPythonAsync) instead",
  packageCacheDir: () =>
    "not supported: pyxis reads package bundles next to the lockfile (or packageBaseUrl) " +
    "and keeps no cache of them",
  _makeSnapshot: () => "not supported: pyxis has no memory snapshots",
  _loadSnapshot: () => "not supported: pyxis has no memory snapshots",
  _snapshotDeserializer: () => "not supported: pyxis has no memory snapshots",
  // pyxis's own (undocumented) hook, used by its CLI: runs before Python starts.
  _beforeInit: (v) => typeof v === "function" || "a function",
};

function checkLoadOptions(options) {
  if (!isObject(options)) throw new TypeError("loadPyodide: options must be an object");
  for (const [key, value] of Object.entries(options)) {
    const check = OPTION_CHECKS[key];
    if (!check) {
      throw new TypeError(
        `loadPyodide: unknown option '${key}' (known: ${Object.keys(OPTION_CHECKS)
          .filter((k) => !k.startsWith("_"))
          .join(", ")})`,
      );
    }
    if (value === undefined) continue;
    const ok = check(value);
    if (ok !== true) {
      const what =
        ok.startsWith("not supported") || ok.startsWith("supported only") ? "" : "must be ";
      throw new TypeError(`loadPyodide: option '${key}' ${what}${ok}`);
    }
  }
  if (options.lockFileURL !== undefined && options.lockFileContents !== undefined) {
    throw new TypeError("loadPyodide: give lockFileURL or lockFileContents, not both");
  }
}

// loadPyodide's stream options: Pyodide's function forms (stdin() returns a
// line, stdout(line)/stderr(line) get lines) or setStdin/setStdout's objects.
const inputOption = (v) => (typeof v === "function" ? { stdin: v } : v);
const outputOption = (v) => (typeof v === "function" ? { batched: v } : v);

/**
 * Starts a Python runtime. The options are Pyodide's (see pyxis.d.ts,
 * LoadOptions); an option pyxis cannot honour is refused by name.
 * @param {import("./pyxis.d.ts").LoadOptions} [options]
 */
export async function loadPyodide(options = {}) {
  checkLoadOptions(options);
  const streamOptions = {
    stdin: inputOption(options.stdin),
    stdout: outputOption(options.stdout),
    stderr: outputOption(options.stderr),
  };
  checkStreamOptions(streamOptions); // before anything is fetched
  const indexURL = toIndexURL(options.indexURL);
  const stdLibURL = options.stdLibURL
    ? absoluteURL(options.stdLibURL)
    : new URL(STDLIB_ZIP_NAME, indexURL).href;
  let factory, wasmSource, stdlib;
  try {
    [factory, wasmSource, stdlib] = await Promise.all([
      loadFactory(indexURL),
      fetchWasm(new URL("pyxis.asm.wasm", indexURL).href),
      readBytes(stdLibURL),
    ]);
  } catch (err) {
    throw new Error(`pyxis: cannot load the runtime from ${indexURL}: ${err.message}`, {
      cause: err,
    });
  }
  const defaults = await defaultStreams();
  // A failure to compile or instantiate the wasm rejects loadPyodide (the
  // factory's own promise would never settle).
  let instantiateFailed;
  const failure = new Promise((_, reject) => (instantiateFailed = reject));
  const wasmURL = new URL("pyxis.asm.wasm", indexURL).href;
  const Module = await Promise.race([
    factory({
      noInitialRun: true,
      thisProgram: "python",
      // emscripten's own messages (Python's output goes through the streams)
      print: (line) => console.log(line),
      printErr: (line) => console.warn(line),
      PythonError,
      ffi,
      instantiateWasm(imports, receiveInstance) {
        instantiateRuntime(wasmSource, imports)
          .then(({ instance, module }) => receiveInstance(instance, module))
          .catch((err) =>
            instantiateFailed(
              new Error(`pyxis: failed to instantiate the runtime ${wasmURL}: ${err}`, {
                cause: err,
              }),
            ),
          );
        return {};
      },
      preRun: [
        (M) => {
          M.FS.mkdirTree(SITE_PACKAGES);
          M.FS.writeFile(STDLIB_ZIP, stdlib);
          M.FS.mkdirTree("/home/pyodide");
          M.ENV.HOME = "/home/pyodide";
          // In browsers and workers matplotlib shows figures with pyxis's
          // backend (packages/matplotlib-pyxis) unless env names another.
          if (!IN_NODE) M.ENV.MPLBACKEND = MPL_BROWSER_BACKEND;
          for (const [k, v] of Object.entries(options.env ?? {})) M.ENV[k] = String(v);
        },
      ],
    }),
    failure,
  ]);
  const io = installStreams(Module, defaults);
  io.setStdin(streamOptions.stdin);
  io.setStdout(streamOptions.stdout);
  io.setStderr(streamOptions.stderr);
  if (options.fsInit) await options.fsInit(Module.FS, { sitePackages: SITE_PACKAGES });
  if (options._beforeInit) await options._beforeInit(Module);
  // JS null is Python's jsnull unless the old behaviour (None) is asked for
  // (read by Module.jsproxy.writeSlot).
  Module.convertNullToNone = options.convertNullToNone === true;

  const argv = ["python", ...(options.args ?? [])].map((s) => Module.stringToNewUTF8(String(s)));
  const argvPtr = Module._malloc(4 * argv.length);
  argv.forEach((p, i) => (Module.HEAPU32[(argvPtr >>> 2) + i] = p));
  const rc = Module._pyxis_init(argv.length, argvPtr);
  argv.forEach((p) => Module._free(p));
  Module._free(argvPtr);
  io.flush();
  if (rc !== 0) throw new Error("pyxis: Python failed to start (see stderr)");
  // mountNodeFS checks host paths synchronously.
  const nodeFs = IN_NODE ? await import("node:fs") : undefined;
  // Flushes Python's own buffers (sys.stdout/stderr); set once they exist.
  let flushPython = () => {};
  const api = makeAPI(Module, io, nodeFs, () => flushPython());
  // sys.std* that carry a JS handler's error in their OSError (_pyxis.stdio).
  const stdio = api.pyimport("_pyxis.stdio");
  stdio.install((fd) => io.takeError(fd));
  flushPython = stdio.flush.copy(); // kept for the runtime's life (makeAPI's streams)
  stdio.destroy();
  flushAtExit(api);
  // The stdlib's on-demand groups: fetched when first imported, or all now.
  const stdlibGroups = await installStdlibGroups(Module, api, {
    stdLibURL,
    coreArchive: STDLIB_ZIP,
    readBytes,
  });
  if (options.fullStdLib === true) await stdlibGroups.ahead();
  if (options._sysExecutable !== undefined) {
    api.runPython(`import sys; sys.executable = ${JSON.stringify(options._sysExecutable)}`);
  }
  if (options.toJsLiteralMap === true) {
    const conversions = api.pyimport("_pyxis.conversions");
    conversions.use_literal_map(LiteralMap);
    conversions.destroy();
  }
  // `from js import x` reads jsglobals (default: globalThis).
  if (options.jsglobals !== undefined) api.registerJsModule("js", options.jsglobals);
  // --- packages (js/packages.mjs): loadPackage, loadedPackages,
  // loadPackagesFromImports; the lockfile options; options.packages preloads.
  const { installFiles, fetchBytes, ...packageAPI } = await makePackageAPI(Module, {
    indexURL,
    lockFileURL: options.lockFileURL,
    lockFileContents: options.lockFileContents,
    packageBaseUrl: options.packageBaseUrl && withSlash(absoluteURL(options.packageBaseUrl)),
    checkAPIVersion: options.checkAPIVersion ?? true,
    version,
    runPython: api.runPython,
    stdlibGroups,
  });
  Object.assign(api, packageAPI);
  // What micropip (run unchanged) reads from pyodide_js._api (js/wheels.mjs).
  const wheels = makeWheelAPI({
    installFiles,
    fetchBytes,
    indexURL,
    prefix: () => api.runPython("import sys; sys.prefix"),
  });
  api._api = {
    install: wheels.install,
    loadBinaryFile: wheels.loadBinaryFile,
    lockfile_packages: packageAPI.lockfile.packages,
    lockfile_info: packageAPI.lockfile.info,
  };
  // --- end packages
  // Python reaches this API as the module pyodide_js (as in Pyodide):
  // `import pyodide_js; await pyodide_js.loadPackage("x")`.
  api.registerJsModule("pyodide_js", api);
  if (options.packages?.length)
    await api.loadPackage(options.packages, { messageCallback: () => {} });
  return api;
}

// pyodide.globals: __main__'s namespace (a PyProxy of the dict itself), whose
// get() and has() also see the builtins, as a name in Python code does
// (globals.get("dict") is the dict type; `del open` in Python cannot remove
// it). Everything else is the dict's.
function withBuiltins(namespace, builtins) {
  const get = (key) => (namespace.has(key) ? namespace.get(key) : builtins.get(key));
  const has = (key) => namespace.has(key) || builtins.has(key);
  return new Proxy(namespace, {
    get: (target, prop) =>
      prop === "get" ? get : prop === "has" ? has : Reflect.get(target, prop),
  });
}

function makeAPI(Module, io, nodeFs, flushPython) {
  const { hiwire, bridge } = Module;
  // Every API call: refuse once the runtime is dead; flush partial output
  // lines afterwards, so nothing printed is held back.
  const guard =
    (f) =>
    (...args) => {
      if (bridge.dead) throw bridge.deadError();
      try {
        return f(...args);
      } catch (err) {
        if (bridge.isFatal(err)) bridge.markDead(err);
        throw err;
      } finally {
        io.flush();
      }
    };
  // The _pyxis package's API functions, as PyProxies (taken once: each
  // attribute access would make a new proxy): the API's work is in Python.
  const pkg = bridge.callRef(Module._pyxis_api_module);
  const py = {};
  for (const name of [
    "run",
    "run_async",
    "main_globals",
    "unpack_archive",
    "builtins_namespace",
    "pyimport",
    "register_js_module",
    "unregister_js_module",
    "to_py",
    "live_counts",
  ]) {
    py[name] = pkg[name];
  }
  // (Attribute proxies are borrowed from pkg: it stays alive with them.)
  const checkOptions = (name, options, allowed) => {
    if (options === null || typeof options !== "object")
      throw new TypeError(`${name}: options must be an object`);
    for (const key of Object.keys(options)) {
      if (!allowed.includes(key)) throw new TypeError(`${name}: unsupported option '${key}'`);
    }
  };
  const codeArgs = (name, code, options) => {
    if (typeof code !== "string") throw new TypeError(`${name}: code must be a string`);
    checkOptions(name, options, ["globals", "locals", "filename"]);
    return [code, options.globals, options.locals, options.filename ?? "<exec>"];
  };
  const globals = withBuiltins(py.main_globals(), py.builtins_namespace());
  const syncfs = (populate) =>
    new Promise((resolve, reject) =>
      Module.FS.syncfs(populate, (err) =>
        err
          ? reject(
              new Error(`pyxis: syncfs failed: ${err.message ?? err.name ?? err}`, { cause: err }),
            )
          : resolve(),
      ),
    );

  // setPlotTarget/setPlotHandler's settings (pyxis's matplotlib backend).
  const plots = { target: undefined, handler: undefined };
  const api = {
    version,
    /**
     * Runs Python code (in __main__'s namespace, or options.globals); returns
     * the value of the final expression, converted (basic values) or proxied.
     */
    runPython: guard((code, options = {}) => py.run(...codeArgs("runPython", code, options))),
    /** As runPython, with top-level await; returns a Promise. */
    runPythonAsync: async (code, options = {}) => {
      const promise = guard(() => py.run_async(...codeArgs("runPythonAsync", code, options)))();
      try {
        return await promise;
      } finally {
        io.flush();
      }
    },
    /** __main__'s namespace, a PyProxy of a dict: globals.get("x"), globals.set("x", 1). */
    globals,
    /** import name, as a PyProxy of the module. */
    pyimport: guard((name) => {
      if (typeof name !== "string") throw new TypeError("pyimport: name must be a string");
      return py.pyimport(name);
    }),
    /**
     * Unpacks an archive (an ArrayBuffer or a view of one) into
     * options.extractDir (default: the working directory). format: a
     * shutil.unpack_archive format or an extension (".tar.gz", "whl", ...).
     */
    unpackArchive: guard((buffer, format, options = {}) => {
      const tag = Object.prototype.toString.call(buffer);
      if (!(tag === "[object ArrayBuffer]" || ArrayBuffer.isView(buffer)))
        throw new TypeError(
          "Expected argument 'buffer' to be an ArrayBuffer or an ArrayBuffer view",
        );
      if (typeof format !== "string")
        throw new TypeError("unpackArchive: format must be a string (e.g. 'zip', '.tar.gz')");
      checkOptions("unpackArchive", options ?? {}, ["extractDir"]);
      const extractDir = options?.extractDir;
      if (extractDir !== undefined && typeof extractDir !== "string")
        throw new TypeError("unpackArchive: options.extractDir must be a string");
      py.unpack_archive(buffer, format, extractDir);
    }),
    /**
     * Where matplotlib's plt.show() draws in the page (pyxis's backend): an
     * element or its id; null: document.pyodideMplTarget, else document.body.
     */
    setPlotTarget(target) {
      const ok =
        target === null ||
        target === undefined ||
        typeof target === "string" ||
        (typeof target === "object" && typeof target.appendChild === "function");
      if (!ok) throw new TypeError("setPlotTarget: expected an element, an element id or null");
      plots.target = target ?? undefined; // (undefined: None in Python, null: jsnull)
    },
    /**
     * A function plt.show() hands each figure to, as PNG bytes, instead of
     * drawing it in the page (workers, custom output): handler(png: Uint8Array,
     * info: { figure, width, height, dpi, title }); null: draw in the page.
     */
    setPlotHandler(handler) {
      if (handler !== null && handler !== undefined && typeof handler !== "function")
        throw new TypeError("setPlotHandler: expected a function or null");
      plots.handler = handler ?? undefined;
    },
    /** What pyxis's matplotlib backend reads (setPlotTarget, setPlotHandler). */
    _plots: plots,
    /** Makes a JS object importable from Python as `name`. */
    registerJsModule: guard((name, module) => py.register_js_module(name, module)),
    unregisterJsModule: guard((name) => py.unregister_js_module(name)),
    /** Deep conversion of a JS value to Python (Array -> list, Map/object -> dict, ...). */
    toPy: guard((obj, { depth = -1, defaultConverter } = {}) => {
      const t = typeof obj;
      if (obj === null || (t !== "object" && t !== "function")) return obj;
      return py.to_py(obj, depth, defaultConverter);
    }),
    /** Where KeyboardInterrupt requests come from: write 2 to raise it. */
    setInterruptBuffer(buffer) {
      // Any typed array of numbers (CPython reads element 0): Int32Array,
      // Uint8Array, Int8Array, ... (not a DataView or a BigInt64Array).
      const numeric =
        ArrayBuffer.isView(buffer) &&
        !(buffer instanceof DataView) &&
        typeof buffer[Symbol.iterator] === "function" &&
        !(buffer instanceof BigInt64Array || buffer instanceof BigUint64Array);
      if (buffer !== undefined && !numeric) {
        throw new TypeError(
          "setInterruptBuffer: expected a typed array of numbers (e.g. Int32Array)",
        );
      }
      Module.Py_EmscriptenSignalBuffer = buffer;
      Module._pyxis_set_signal_handling(buffer ? 1 : 0);
    },
    /** Raises KeyboardInterrupt now if the interrupt buffer asks for it. */
    checkInterrupt: guard(() => {
      if (Module._pyxis_check_interrupt() === -1)
        throw hiwire.pop_value(Module._pyxis_take_error());
    }),
    /** Mounts a host folder (Node only) at a path of the emscripten FS. */
    mountNodeFS(emscriptenPath, hostPath) {
      if (!IN_NODE) throw new Error("mountNodeFS works only in Node");
      if (typeof emscriptenPath !== "string" || typeof hostPath !== "string") {
        throw new TypeError("mountNodeFS(emscriptenPath, hostPath): both must be strings");
      }
      if (!nodeFs.existsSync(hostPath)) throw new Error(`hostPath '${hostPath}' does not exist`);
      if (!nodeFs.statSync(hostPath).isDirectory())
        throw new Error(`hostPath '${hostPath}' is not a directory`);
      let node = null;
      try {
        node = Module.FS.lookupPath(emscriptenPath, { follow_mount: false }).node;
      } catch {
        // not there yet: made below
      }
      if (node && Module.FS.isMountpoint(node))
        throw new Error(`path '${emscriptenPath}' is already a file system mount point`);
      Module.FS.mkdirTree(emscriptenPath);
      Module.FS.mount(Module.FS.filesystems.NODEFS, { root: hostPath }, emscriptenPath);
    },
    /**
     * Mounts an IndexedDB-backed folder (browsers and workers) at a path of the
     * emscripten FS and loads what an earlier session saved there. Changes
     * persist when syncfs() is called.
     */
    async mountIDBFS(emscriptenPath) {
      if (typeof emscriptenPath !== "string")
        throw new TypeError("mountIDBFS(path): path must be a string");
      if (typeof indexedDB === "undefined") {
        throw new Error(
          "mountIDBFS needs IndexedDB (a browser or a worker); in Node use mountNodeFS",
        );
      }
      Module.FS.mkdirTree(emscriptenPath);
      Module.FS.mount(Module.FS.filesystems.IDBFS, {}, emscriptenPath);
      await syncfs(true);
    },
    /**
     * Synchronises the IndexedDB mounts: saves the files to IndexedDB
     * (default), or with populate=true reloads them from it.
     */
    syncfs: (populate = false) => syncfs(!!populate),
    setStdin: io.setStdin,
    // A new output handler: what Python still buffers goes to the old one
    // first (or, if that one fails, stays buffered for the new one).
    setStdout(options) {
      flushPython();
      io.setStdout(options);
    },
    setStderr(options) {
      flushPython();
      io.setStderr(options);
    },
    FS: Module.FS,
    /** pyodide.ffi: PyProxy, PyDict, PySequence, ..., PythonError (for instanceof). */
    ffi,
    /**
     * Debug mode on or off; returns the previous setting. On, a destroyed
     * PyProxy's error says what the object was (its repr, taken when it was
     * destroyed).
     */
    setDebug(debug) {
      if (typeof debug !== "boolean")
        throw new TypeError(`setDebug(debug): debug must be a boolean, not ${typeof debug}`);
      const old = bridge.debug;
      bridge.debug = debug;
      return old;
    },
    _module: Module,
    _debug: {
      liveHandles: () => Module._pyxis_debug_live_handles(),
      liveCounts: () => {
        const [handles, jsproxies, pyproxies] = py.live_counts().split(" ").map(Number);
        return { handles, jsproxies, pyproxies };
      },
    },
    // Python's line buffers, then the handlers' partial lines.
    _flushStreams() {
      flushPython();
      io.flush();
    },
  };
  return api;
}
