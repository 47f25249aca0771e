// Types for the pyxis loader and API (Pyodide-compatible names).

export declare const version: string;

export declare class PythonError extends Error {
  /** The Python exception's type name, e.g. "ZeroDivisionError". */
  type: string;
}

/** Output handler: give exactly one of batched, raw or write. */
export interface OutputOptions {
  /** Called once per line, without the trailing newline. */
  batched?: (line: string) => void;
  /** Called once per byte. */
  raw?: (byte: number) => void;
  /** Called with bytes; returns how many it consumed. */
  write?: (bytes: Uint8Array) => number;
  isatty?: boolean;
}

/** Input handler: give one of stdin or read. */
export interface InputOptions {
  /** Returns the next chunk: a line, bytes, one byte, or null/undefined at EOF. */
  stdin?: () => string | Uint8Array | number | null | undefined;
  /** Fills buffer and returns the byte count; 0 means EOF. */
  read?: (buffer: Uint8Array) => number;
  isatty?: boolean;
}

export interface LoadOptions {
  /** Where pyxis.asm.js, pyxis.asm.wasm and python313.zip are. Default: beside this module. */
  indexURL?: string;
  /** sys.argv[1:]. */
  args?: string[];
  /** Environment variables for os.environ. */
  env?: Record<string, string>;
  stdin?: InputOptions;
  stdout?: OutputOptions;
  stderr?: OutputOptions;
  /** Packages to load before loadPyodide resolves (names from the lockfile). */
  packages?: string[];
  /** The package lockfile; bundles are fetched relative to it. Default: indexURL + "pyodide-lock.json". */
  lockFileURL?: string;
}

/** Options of loadPackage and loadPackagesFromImports. */
export interface LoadPackageOptions {
  /** Progress: "Loading a, b", "Loaded a, b". Default: console.log. */
  messageCallback?: (message: string) => void;
  /** Called with the error's message before the promise rejects. */
  errorCallback?: (message: string) => void;
  /** Compare each bundle's sha256 with the lockfile's (default true). */
  checkIntegrity?: boolean;
}

/** What a Python value becomes in JS: basic values convert, the rest is a PyProxy. */
export type PyValue = undefined | boolean | number | bigint | string | PyProxy;

/** A Python buffer seen from JS without copying (PyProxy.getBuffer()). */
export interface PyBuffer {
  /** A typed array over the wasm heap, re-derived on each access (memory may grow). */
  readonly data: ArrayBufferView;
  shape: number[];
  strides: number[];
  readonly: boolean;
  format: string;
  itemsize: number;
  nbytes: number;
  c_contiguous: boolean;
  release(): void;
}

/** A Python object seen from JS. Attribute reads/writes and calls go to Python. */
export declare class PyProxy {
  /** The Python type's name, e.g. "dict". */
  readonly type: string;
  /** len(obj) */
  readonly length: number;
  /** obj[key]; undefined for a missing key. */
  get(key: any): any;
  /** obj[key] = value */
  set(key: any, value: any): void;
  /** key in obj */
  has(key: any): boolean;
  /** del obj[key] */
  delete(key: any): void;
  /** Calls with keyword arguments: the last argument is an object of them. */
  callKwargs(...args: any[]): any;
  /** Deep conversion: list/tuple -> Array, dict -> Map (or dict_converter), set -> Set, buffers -> typed arrays. */
  toJs(options?: {
    depth?: number;
    dict_converter?: (entries: Iterable<[any, any]>) => any;
    default_converter?: (
      obj: PyProxy,
      convert: (x: any) => any,
      cache: (x: any, v: any) => void,
    ) => any;
    create_pyproxies?: boolean;
  }): any;
  /** A new proxy of the same object with its own lifetime. */
  copy(): PyProxy;
  /** Releases the Python object; using the proxy afterwards throws. */
  destroy(): void;
  /** The object's buffer, as a typed-array view on the wasm heap (no copy). */
  getBuffer(type?: string): PyBuffer;
  toString(): string;
  [Symbol.iterator](): Iterator<any>;
  [name: string]: any;
}

export interface RunOptions {
  /** A PyProxy of a dict to run in (default: __main__'s namespace). */
  globals?: PyProxy;
  locals?: PyProxy;
  /** The file name tracebacks show (default "<exec>"). */
  filename?: string;
}

export interface PyodideAPI {
  version: string;
  /** Runs code; returns the final expression's value (unless the code ends with ";"). Throws PythonError. */
  runPython(code: string, options?: RunOptions): PyValue;
  /** As runPython, with top-level await. */
  runPythonAsync(code: string, options?: RunOptions): Promise<PyValue>;
  /** __main__'s namespace. */
  globals: PyProxy;
  /** import name */
  pyimport(name: string): PyProxy;
  /** Makes a JS object importable from Python as `name`. */
  registerJsModule(name: string, module: object): void;
  unregisterJsModule(name: string): void;
  /** Deep conversion of a JS value to Python (Array -> list, Map/object -> dict, Set -> set). */
  toPy(obj: any, options?: { depth?: number; defaultConverter?: (...args: any[]) => any }): any;
  /** Where interrupt requests come from: write 2 (SIGINT) to raise KeyboardInterrupt. */
  setInterruptBuffer(buffer: Int32Array | Uint8Array | undefined): void;
  /** Raises KeyboardInterrupt now if the interrupt buffer asks for it. */
  checkInterrupt(): void;
  /** Node only: mount a host folder at a path of the emscripten FS. */
  mountNodeFS(emscriptenPath: string, hostPath: string): void;
  /**
   * Browsers and workers: mount an IndexedDB-backed folder at a path of the FS
   * and load what was saved there before. Save changes with syncfs().
   */
  mountIDBFS(emscriptenPath: string): Promise<void>;
  /** Saves the IndexedDB mounts (populate=true: reloads them from IndexedDB). */
  syncfs(populate?: boolean): Promise<void>;
  setStdin(options?: InputOptions): void;
  setStdout(options?: OutputOptions): void;
  setStderr(options?: OutputOptions): void;
  /** Emscripten's file system. */
  FS: any;
  ffi: { PythonError: typeof PythonError; PyProxy: typeof PyProxy };
  /**
   * Loads packages (lockfile names or URLs of bundles/wheels) and their
   * dependencies; resolves to the names this call loaded.
   */
  loadPackage(names: string | string[], options?: LoadPackageOptions): Promise<string[]>;
  /** Loads the lockfile packages providing the modules `code` imports. */
  loadPackagesFromImports(code: string, options?: LoadPackageOptions): Promise<string[]>;
  /** The parsed lockfile (pyodide-lock.json) packages are resolved from. */
  lockfile: { info: Record<string, string>; packages: Record<string, any> };
  /** Loaded packages: name -> "default channel" or the URL it came from. */
  loadedPackages: Record<string, string>;
}

export declare function loadPyodide(options?: LoadOptions): Promise<PyodideAPI>;
