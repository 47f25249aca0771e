// pyxis: the loader and public JS API. loadPyodide() fetches the runtime
// (pyxis.asm.js + pyxis.asm.wasm) and the stdlib archive, starts CPython and
// returns the API object (Pyodide's names: runPython, setStdout, FS, ...).
import { PythonError } from "./python-error.mjs";
import { installStreams } from "./streams.mjs";
import { makePackageAPI } from "./packages.mjs"; // packages (issue 4)

export const version = "0.1.0";
export { PythonError };

const IN_NODE =
  typeof process === "object" && !!process.versions?.node && typeof window === "undefined";

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

function nodeDefaultStreams() {
  return {
    stdin: { stdin: () => null },
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
  };
}

function toIndexURL(indexURL) {
  if (!indexURL) return defaultIndexURL();
  let url = indexURL;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    // A relative indexURL: against the current directory in Node, against
    // the page (or worker) address in browsers ("/pyxis/", "./runtime/").
    const base = IN_NODE ? `file://${process.cwd()}/` : globalThis.location?.href;
    url = new URL(url, base).href;
  }
  return url.endsWith("/") ? url : url + "/";
}

/**
 * Starts a Python runtime.
 * @param {object} [options]
 * @param {string} [options.indexURL] where pyxis.asm.js/.wasm and the stdlib are
 * @param {string[]} [options.args] sys.argv[1:]
 * @param {Record<string,string>} [options.env] environment variables (os.environ)
 * @param {object} [options.stdin] / stdout / stderr: see setStdin / setStdout
 */
export async function loadPyodide(options = {}) {
  const indexURL = toIndexURL(options.indexURL);
  let factory, wasmBytes, stdlib;
  try {
    [factory, wasmBytes, stdlib] = await Promise.all([
      loadFactory(indexURL),
      readBytes(new URL("pyxis.asm.wasm", indexURL).href),
      readBytes(new URL("python313.zip", indexURL).href),
    ]);
  } catch (err) {
    throw new Error(`pyxis: cannot load the runtime from ${indexURL}: ${err.message}`, {
      cause: err,
    });
  }
  const defaults = nodeDefaultStreams();
  const Module = await factory({
    noInitialRun: true,
    thisProgram: "python",
    print: (line) => defaults.stdout(line),
    printErr: (line) => defaults.stderr(line),
    PythonError,
    instantiateWasm(imports, receiveInstance) {
      WebAssembly.instantiate(wasmBytes, imports).then(
        ({ instance, module }) => receiveInstance(instance, module),
        (err) => {
          throw new Error(`pyxis: failed to instantiate the runtime: ${err}`);
        },
      );
      return {};
    },
    preRun: [
      (M) => {
        M.FS.mkdirTree("/lib/python3.13/site-packages");
        M.FS.writeFile("/lib/python313.zip", stdlib);
        M.FS.mkdirTree("/home/pyodide");
        M.ENV.HOME = "/home/pyodide";
        Object.assign(M.ENV, options.env ?? {});
      },
    ],
  });
  const io = installStreams(Module, defaults);
  io.setStdin(options.stdin);
  io.setStdout(options.stdout);
  io.setStderr(options.stderr);
  if (options._beforeInit) await options._beforeInit(Module);

  const argv = ["python", ...(options.args ?? [])].map((s) => Module.stringToNewUTF8(String(s)));
  const argvPtr = Module._malloc(4 * argv.length);
  argv.forEach((p, i) => (Module.HEAPU32[(argvPtr >> 2) + i] = p));
  const rc = Module._pyxis_init(argv.length, argvPtr);
  argv.forEach((p) => Module._free(p));
  Module._free(argvPtr);
  io.flush();
  if (rc !== 0) throw new Error("pyxis: Python failed to start (see stderr)");
  const api = makeAPI(Module, io);
  // --- packages (issue 4, js/packages.mjs): loadPackage, loadedPackages,
  // loadPackagesFromImports; options.lockFileURL, options.packages preloads.
  Object.assign(
    api,
    await makePackageAPI(Module, {
      indexURL,
      lockFileURL: options.lockFileURL,
      runPython: api.runPython,
    }),
  );
  // --- end packages
  // Python reaches this API as the module pyodide_js (as in Pyodide):
  // `import pyodide_js; await pyodide_js.loadPackage("x")`.
  api.registerJsModule("pyodide_js", api);
  if (options.packages?.length)
    await api.loadPackage(options.packages, { messageCallback: () => {} });
  return api;
}

function makeAPI(Module, io) {
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
    "pyimport",
    "register_js_module",
    "unregister_js_module",
    "to_py",
    "live_counts",
  ]) {
    py[name] = pkg[name];
  }
  pkg.destroy();
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
  const globals = py.main_globals();
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
      if (buffer !== undefined && !(buffer instanceof Int32Array || buffer instanceof Uint8Array)) {
        throw new TypeError("setInterruptBuffer: expected an Int32Array or Uint8Array");
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
    setStdout: io.setStdout,
    setStderr: io.setStderr,
    FS: Module.FS,
    ffi: { PythonError, PyProxy: bridge.PyProxy },
    _module: Module,
    _debug: {
      liveHandles: () => Module._pyxis_debug_live_handles(),
      liveCounts: () => {
        const [handles, jsproxies, pyproxies] = py.live_counts().split(" ").map(Number);
        return { handles, jsproxies, pyproxies };
      },
    },
    _flushStreams: io.flush,
  };
  return api;
}
