// pyxis: the loader and public JS API. loadPyodide() fetches the runtime
// (pyxis.asm.js + pyxis.asm.wasm) and the stdlib archive, starts CPython and
// returns the API object (Pyodide's names: runPython, setStdout, FS, ...).
import { PythonError } from "./python-error.mjs";
import { installStreams } from "./streams.mjs";

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
    importScripts(url); // classic worker
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
  if (IN_NODE && !/^[a-z]+:/i.test(url)) {
    url = new URL(url, `file://${process.cwd()}/`).href;
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
  return makeAPI(Module, io);
}

function makeAPI(Module, io) {
  const { hiwire } = Module;
  const withCString = (s, f) => {
    const p = Module.stringToNewUTF8(s);
    try {
      return f(p);
    } finally {
      Module._free(p);
    }
  };
  // Calls a C entry point returning a handle; a 0 handle means a Python error.
  const callReturningRef = (f) => {
    let ref;
    try {
      ref = f();
    } finally {
      io.flush();
    }
    if (ref === 0) throw hiwire.pop_value(Module._pyxis_take_error());
    return hiwire.pop_value(ref);
  };

  return {
    version,
    /**
     * Runs Python code in __main__'s namespace; returns the value of the final
     * expression (None, bool, int, float and str convert to JS values).
     * @param {string} code
     * @param {{filename?: string}} [options]
     */
    runPython(code, options = {}) {
      if (typeof code !== "string") throw new TypeError("runPython: code must be a string");
      for (const key of Object.keys(options)) {
        if (key !== "filename") throw new TypeError(`runPython: unsupported option '${key}'`);
      }
      const filename = options.filename ?? "<exec>";
      return withCString(code, (c) =>
        withCString(filename, (f) => callReturningRef(() => Module._pyxis_run_python(c, f))),
      );
    },
    setStdin: io.setStdin,
    setStdout: io.setStdout,
    setStderr: io.setStderr,
    FS: Module.FS,
    ffi: { PythonError },
    _module: Module,
    _debug: { liveHandles: () => Module._pyxis_debug_live_handles() },
    _flushStreams: io.flush,
  };
}
