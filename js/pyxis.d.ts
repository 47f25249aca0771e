// Types for the pyxis loader and API (Pyodide-compatible names).

export declare const version: string;

export declare class PythonError extends Error {
  /** The Python exception's type name, e.g. "ZeroDivisionError". */
  type: string;
}

/**
 * Output handler (setStdout/setStderr): at most one of batched, raw or write;
 * none of them restores the default. Handlers are called with this object as
 * `this`, so a class instance works.
 */
export interface OutputOptions {
  /** Called once per line, without the trailing newline (a partial line when flushed). */
  batched?: (line: string) => void;
  /** Called once per byte. */
  raw?: (byte: number) => void;
  /** Called with bytes; returns how many it consumed. */
  write?: (bytes: Uint8Array) => number;
  /** With write: called when Python syncs the descriptor (os.fsync). */
  fsync?: () => void;
  /** The stream is a terminal for Python; only with raw or write. */
  isatty?: boolean;
}

/**
 * Input handler (setStdin): at most one of stdin, read or error; none of them
 * restores the default. Handlers are called with this object as `this`.
 */
export interface InputOptions {
  /**
   * Returns the next chunk: a line (a newline is appended if missing), bytes
   * (a Uint8Array or other one-byte typed array, an ArrayBuffer), one byte (a
   * number), or null/undefined at end of file.
   */
  stdin?: () => string | ArrayBuffer | ArrayBufferView | number | null | undefined;
  /** Fills buffer and returns the byte count; 0 means end of file. */
  read?: (buffer: Uint8Array) => number;
  /** With read: called when Python syncs stdin. */
  fsync?: () => void;
  /** true: every read from stdin fails with an I/O error (OSError). */
  error?: boolean;
  /**
   * With stdin (default true): each read returns at most one chunk, and a
   * chunk that does not end in a newline is followed by an end of file.
   * false: reads go on calling stdin() until the buffer is full or it returns null.
   */
  autoEOF?: boolean;
  /** The stream is a terminal for Python (default false). */
  isatty?: boolean;
}

/** A lockfile (pyodide-lock.json): what lockFileContents takes. */
export interface Lockfile {
  info: { abi_version: string; version: string; [key: string]: string };
  packages: Record<
    string,
    {
      name: string;
      version?: string;
      file_name: string;
      install_dir?: "site" | "dynlib";
      sha256?: string;
      package_type?: string;
      imports?: string[];
      depends?: string[];
    }
  >;
}

/**
 * loadPyodide's options: Pyodide's documented list. An option pyxis cannot
 * honour is refused by name (loadPyodide rejects), and so is an unknown one.
 */
export interface LoadOptions {
  /** Where pyxis.asm.js, pyxis.asm.wasm and the stdlib archive are. Default: beside this module. */
  indexURL?: string;
  /** The stdlib archive. Default: indexURL + "python3XY.zip" (the runtime's Python version). */
  stdLibURL?: string;
  /** Accepted and a no-op either way: the stdlib archive is always complete (nothing is unvendored). */
  fullStdLib?: boolean;
  /** sys.argv[1:]. */
  args?: string[];
  /** Environment variables for os.environ (HOME defaults to /home/pyodide). */
  env?: Record<string, string>;
  /** A function returning lines (Pyodide's form), or setStdin's options. */
  stdin?: (() => string | null | undefined) | InputOptions;
  /** A function called with each line (Pyodide's form), or setStdout's options. */
  stdout?: ((line: string) => void) | OutputOptions;
  /** A function called with each line (Pyodide's form), or setStderr's options. */
  stderr?: ((line: string) => void) | OutputOptions;
  /** The object `import js` / `from js import x` reads. Default: globalThis. */
  jsglobals?: object;
  /** Packages to load before loadPyodide resolves (names from the lockfile). */
  packages?: string[];
  /** The package lockfile. Default: indexURL + "pyodide-lock.json". */
  lockFileURL?: string;
  /** The lockfile itself (or its JSON text, or a promise of either), instead of lockFileURL. */
  lockFileContents?: Lockfile | string | Promise<Lockfile | string>;
  /** What bundles' relative file names are relative to. Default: the lockfile's folder. */
  packageBaseUrl?: string;
  /** Refuse a lockfile whose info.version is not this loader's version (default true). */
  checkAPIVersion?: boolean;
  /** Called with the FS before Python starts (site-packages exists and is empty). */
  fsInit?: (FS: any, info: { sitePackages: string }) => Promise<void> | void;
  /** Accepted only as true: JS null always becomes None (there is no jsnull). */
  convertNullToNone?: true;
  /** Accepted only as false: a PyProxy's toString() is str() of the object. */
  pyproxyToStringRepr?: false;
  /** Accepted only as false: loop.run_until_complete() cannot block (no stack switching). */
  enableRunUntilComplete?: false;
  /** sys.executable. */
  _sysExecutable?: string;
  /** Refused: bundles are read next to the lockfile and not cached. */
  packageCacheDir?: never;
  /** Refused: no memory snapshots. */
  _makeSnapshot?: never;
  /** Refused: no memory snapshots. */
  _loadSnapshot?: never;
  /** Refused: no memory snapshots. */
  _snapshotDeserializer?: never;
}

/** Options of loadPackage and loadPackagesFromImports. */
export interface LoadPackageOptions {
  /** Progress: "Loading a, b", "Loaded a, b". Default: console.log. */
  messageCallback?: (message: string) => void;
  /** Called with the error's message before the promise rejects. */
  errorCallback?: (message: string) => void;
  /**
   * Compare each bundle's sha256 with the lockfile's (default true); then a
   * lockfile entry without sha256 is an error. A URL not in the lockfile has
   * no hash to check.
   */
  checkIntegrity?: boolean;
  /** Abort a download that receives no data for this many ms (default 30000; 0: never). */
  downloadTimeout?: number;
}

/** What a Python value becomes in JS: basic values convert, the rest is a PyProxy. */
export type PyValue = undefined | boolean | number | bigint | string | PyProxy;

/**
 * A Python buffer seen from JS without copying (PyProxy.getBuffer()), with
 * the fields of Pyodide's PyBufferView. Element [i, j, ...] is
 * data[offset + i * strides[0] + j * strides[1] + ...].
 */
export interface PyBuffer {
  /**
   * A typed array (or DataView) over exactly the bytes the buffer spans, on
   * the wasm heap; derived again on each access (memory may grow).
   */
  readonly data: ArrayBufferView;
  /** Where element [0, ..., 0] is in data, in elements of data. */
  offset: number;
  shape: number[];
  /** In elements of data (negative for reversed dimensions). */
  strides: number[];
  ndim: number;
  readonly: boolean;
  format: string;
  itemsize: number;
  /** data.byteLength. */
  nbytes: number;
  c_contiguous: boolean;
  f_contiguous: boolean;
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
  /**
   * The object's buffer, as a typed-array view on the wasm heap (no copy).
   * type: "i8", "u8", "u8clamped", "i16", "u16", "i32", "u32", "i64", "u64",
   * "f32", "f64" or "dataview" (or a typed array constructor's name);
   * default: from the buffer's format.
   */
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
   * dependencies; resolves to the names this call loaded. All or nothing: if
   * one fails, none of this call's packages stays installed (side modules
   * already linked stay in memory; the error lists them).
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
