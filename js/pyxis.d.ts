// Types for the pyxis loader and API (Pyodide-compatible names).

export declare const version: string;

export declare class PythonError extends Error {
  /** The Python exception's type name, e.g. "ZeroDivisionError". */
  type: string;
}

/**
 * Output handler (setStdout/setStderr): at most one of batched, raw or write;
 * none of them restores the default (in Node the process's own stdout or
 * stderr, a terminal when it is one; in a browser console.log / console.warn). Handlers are called with this object as
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
  /** With isatty: the terminal's size, as os.get_terminal_size() reports it (0x0 without it). */
  getTerminalSize?: () => { rows: number; columns: number };
}

/**
 * Input handler (setStdin): at most one of stdin, read or error; none of them
 * restores the default (in Node the process's own stdin; in a page prompt()). Handlers are called with this object as `this`.
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
      install_dir?: "site" | "dynlib" | "stdlib";
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
  /**
   * The core stdlib archive. Default: indexURL + "python3XY.zip" (the runtime's Python version).
   * The stdlib's on-demand groups ("python3XY-NAME.zip") are read from beside it.
   */
  stdLibURL?: string;
  /**
   * true: fetches the stdlib's on-demand groups (rarely used modules: pydoc, unittest, email,
   * xml, ...) during start-up. Default false: each group is fetched when one of its modules is
   * first imported (or by loadPackagesFromImports). Either way every stdlib module imports:
   * nothing is unvendored.
   */
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
  /** The old conversion of JS null to None (default false: null is `pyodide.ffi.jsnull`). */
  convertNullToNone?: boolean;
  /** The old conversion of dicts (toJs, to_js) to a LiteralMap, a Map whose string keys
   * read as properties (default false: a dict becomes an Object). */
  toJsLiteralMap?: boolean;
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
 * A Python buffer seen from JS without copying (getBuffer()), with the fields
 * of Pyodide's PyBufferView. Element [i, j, ...] is
 * data[offset + i * strides[0] + j * strides[1] + ...].
 */
export declare class PyBufferView {
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
  /** Releases the Python buffer; a second call does nothing. */
  release(): void;
  /** release() (for `using`). */
  [Symbol.dispose](): void;
}

/** toJs()'s options. */
export interface ToJsOptions {
  depth?: number;
  dict_converter?: (entries: Iterable<[any, any]>) => any;
  default_converter?: (
    obj: PyProxy,
    convert: (x: any) => any,
    cache: (x: any, v: any) => void,
  ) => any;
  create_pyproxies?: boolean;
}

/**
 * A Python object seen from JS. Properties not listed here are the Python
 * object's attributes (p.x reads obj.x; p.$x reads obj.x even where JS has
 * an x, e.g. d.$get for dict.get). Which of the pyodide.ffi types below a
 * proxy is an instance of (and so which methods it has) depends on what its
 * object supports: `p instanceof ffi.PyDict`, `"length" in p`.
 */
export declare class PyProxy {
  /** The Python type's name, e.g. "dict". */
  readonly type: string;
  /** str(obj) */
  toString(): string;
  /** Deep conversion: list/tuple -> Array, dict -> Object (or dict_converter), set -> Set, buffers -> typed arrays. */
  toJs(options?: ToJsOptions): any;
  /** A new proxy of the same object with its own lifetime. */
  copy(): this;
  /**
   * Releases the Python object; using the proxy (or one derived from it by
   * asJsJson, bind or captureThis) afterwards throws, with options.message
   * as the error's first line. A second destroy() does nothing. Proxies of
   * attributes read from this one (`p.attr`: the same proxy for the same
   * object while it lives) are destroyed with it; copy() one to keep it.
   */
  destroy(options?: { message?: string; destroyRoundtrip?: boolean }): void;
  /** destroy() (for `using`). */
  [Symbol.dispose](): void;
  [name: string]: any;
}
/** __len__ */
export declare class PyProxyWithLength extends PyProxy {
  /** len(obj) */
  readonly length: number;
}
/** __getitem__ */
export declare class PyProxyWithGet extends PyProxy {
  /** obj[key]; undefined for a missing key. */
  get(key: any): any;
  /**
   * A view for JSON-like data, with this proxy's lifetime: a mapping's items
   * are its properties (o.key, Object.keys, JSON.stringify; an integer-like
   * name is the int key when the str key is absent), and items read through
   * it are such views too.
   */
  asJsJson(): any;
}
/** __setitem__ and __delitem__ */
export declare class PyProxyWithSet extends PyProxy {
  /** obj[key] = value */
  set(key: any, value: any): void;
  /** del obj[key] */
  delete(key: any): void;
}
/** __contains__ */
export declare class PyProxyWithHas extends PyProxy {
  /** key in obj */
  has(key: any): boolean;
}
/** __iter__ (an iterator is its own iterable). */
export declare class PyIterable extends PyProxy {
  [Symbol.iterator](): Iterator<any>;
}
/** __aiter__ */
export declare class PyAsyncIterable extends PyProxy {
  [Symbol.asyncIterator](): AsyncIterator<any>;
}
/** __next__ */
export declare class PyIterator extends PyProxy {
  [Symbol.iterator](): this;
  /** The next value; `value` is sent into a generator (gen.send). */
  next(value?: any): IteratorResult<any, any>;
}
/** __anext__ */
export declare class PyAsyncIterator extends PyProxy {
  [Symbol.asyncIterator](): this;
  /** __anext__ (an async generator's asend(value)), awaited. */
  next(value?: any): Promise<IteratorResult<any, any>>;
}
/** A collections.abc.Generator. */
export declare class PyGenerator extends PyIterator {
  /** Closes it (GeneratorExit); it may still yield, or return its own value. */
  return(value?: any): IteratorResult<any, any>;
  /** Raises error where the generator is paused (a JS error as a JsException). */
  throw(error: any): IteratorResult<any, any>;
}
/** A collections.abc.AsyncGenerator. */
export declare class PyAsyncGenerator extends PyAsyncIterator {
  return(value?: any): Promise<IteratorResult<any, any>>;
  throw(error: any): Promise<IteratorResult<any, any>>;
}
/** __await__: a thenable (asyncio runs it on the JS event loop). */
export declare class PyAwaitable extends PyProxy {
  then<T = any, U = never>(
    onFulfilled?: ((value: any) => T | PromiseLike<T>) | null,
    onRejected?: ((reason: any) => U | PromiseLike<U>) | null,
  ): Promise<T | U>;
  catch<U = never>(onRejected?: ((reason: any) => U | PromiseLike<U>) | null): Promise<any>;
  finally(onFinally?: (() => void) | null): Promise<any>;
}
/** __call__: a JS function (instanceof Function). */
export interface PyCallable {
  (...args: any[]): any;
}
export declare class PyCallable extends PyProxy {
  apply(thisArg: any, args?: ArrayLike<any>): any;
  call(thisArg: any, ...args: any[]): any;
  /** A proxy with `this` and leading arguments bound (same lifetime). */
  bind(thisArg: any, ...args: any[]): PyCallable;
  /** A proxy passing the JS `this` as the first argument (same lifetime). */
  captureThis(): PyCallable;
  /** Calls with keyword arguments: the last argument is an object of them. */
  callKwargs(...args: any[]): any;
  /** Calls dropping the extra arguments the function cannot take (pyodide.code.relaxed_call). */
  callRelaxed(...args: any[]): any;
  /** callKwargs and callRelaxed together. */
  callKwargsRelaxed(...args: any[]): any;
  /** callKwargs (kwargs: true) and/or callRelaxed (relaxed: true); promising is refused
   * (no stack switching). */
  callWithOptions(
    options: { kwargs?: boolean; relaxed?: boolean; promising?: false },
    ...args: any[]
  ): any;
}
/** The buffer protocol. */
export declare class PyBuffer extends PyProxy {
  /**
   * The object's buffer, as a typed-array view on the wasm heap (no copy).
   * type: "i8", "u8", "u8clamped", "i16", "u16", "i32", "u32", "i64", "u64",
   * "f32", "f64" or "dataview" (or a typed array constructor's name);
   * default: from the buffer's format.
   */
  getBuffer(type?: string): PyBufferView;
}
/** Exactly a dict: its items also read as properties, after its attributes (d.key, d[1]). */
export declare class PyDict extends PyProxy {
  readonly length: number;
  get(key: any): any;
  set(key: any, value: any): void;
  delete(key: any): void;
  has(key: any): boolean;
  asJsJson(): any;
  [Symbol.iterator](): Iterator<any>;
}
/**
 * A collections.abc.Sequence (list, tuple, range, bytes, ...): p[i], and
 * Array's methods that do not change it.
 */
export declare class PySequence extends PyProxy {
  readonly length: number;
  readonly [index: number]: any;
  get(key: any): any;
  has(key: any): boolean;
  asJsJson(): any;
  [Symbol.iterator](): Iterator<any>;
  /** Array.from(this), for JSON.stringify. */
  toJSON(): any[];
  join(separator?: string): string;
  slice(start?: number, end?: number): any[];
  indexOf(searchElement: any, fromIndex?: number): number;
  lastIndexOf(searchElement: any, fromIndex?: number): number;
  forEach(callbackfn: (value: any, index: number, array: any) => void, thisArg?: any): void;
  map<U>(callbackfn: (value: any, index: number, array: any) => U, thisArg?: any): U[];
  filter(predicate: (value: any, index: number, array: any) => unknown, thisArg?: any): any[];
  some(predicate: (value: any, index: number, array: any) => unknown, thisArg?: any): boolean;
  every(predicate: (value: any, index: number, array: any) => unknown, thisArg?: any): boolean;
  reduce(
    callbackfn: (previous: any, current: any, index: number, array: any) => any,
    initialValue?: any,
  ): any;
  reduceRight(
    callbackfn: (previous: any, current: any, index: number, array: any) => any,
    initialValue?: any,
  ): any;
  at(index: number): any;
  concat(...items: any[]): any[];
  includes(searchElement: any, fromIndex?: number): boolean;
  entries(): IterableIterator<[number, any]>;
  keys(): IterableIterator<number>;
  values(): IterableIterator<any>;
  find(predicate: (value: any, index: number, array: any) => unknown, thisArg?: any): any;
  findIndex(predicate: (value: any, index: number, array: any) => unknown, thisArg?: any): number;
}
/**
 * A collections.abc.MutableSequence (list, deque, array.array, ...): also
 * Array's methods that change it, in Python (p[i] = v; out of range refused).
 */
export declare class PyMutableSequence extends PySequence {
  [index: number]: any;
  set(key: any, value: any): void;
  delete(key: any): void;
  reverse(): this;
  splice(start?: number, deleteCount?: number, ...items: any[]): any[];
  push(...items: any[]): number;
  pop(): any;
  shift(): any;
  unshift(...items: any[]): number;
  copyWithin(target: number, start?: number, end?: number): this;
  fill(value: any, start?: number, end?: number): this;
  /** JS's order (by String() unless compareFn is given; undefined last). */
  sort(compareFn?: (a: any, b: any) => number): this;
}

/** pyodide.ffi (also the loader's `ffi` export): the types, for instanceof. */
export interface FFI {
  PyProxy: typeof PyProxy;
  PyProxyWithLength: typeof PyProxyWithLength;
  PyProxyWithGet: typeof PyProxyWithGet;
  PyProxyWithSet: typeof PyProxyWithSet;
  PyProxyWithHas: typeof PyProxyWithHas;
  PyDict: typeof PyDict;
  PyIterable: typeof PyIterable;
  PyAsyncIterable: typeof PyAsyncIterable;
  PyIterator: typeof PyIterator;
  PyAsyncIterator: typeof PyAsyncIterator;
  PyGenerator: typeof PyGenerator;
  PyAsyncGenerator: typeof PyAsyncGenerator;
  PyAwaitable: typeof PyAwaitable;
  PyCallable: typeof PyCallable;
  PyBuffer: typeof PyBuffer;
  PyBufferView: typeof PyBufferView;
  PySequence: typeof PySequence;
  PyMutableSequence: typeof PyMutableSequence;
  PythonError: typeof PythonError;
}
export declare const ffi: FFI;

export interface RunOptions {
  /** A PyProxy of a dict to run in (default: __main__'s namespace). */
  globals?: PyProxy;
  locals?: PyProxy;
  /** The file name tracebacks show (default "<exec>"). */
  filename?: string;
}

/** What plt.show() gives a plot handler (pyodide.setPlotHandler). */
export type PlotHandler = (
  png: Uint8Array,
  info: { figure: number; width: number; height: number; dpi: number; title: string },
) => void;

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
  /** Unpacks an archive into options.extractDir (default: the working directory); format: a
   * shutil.unpack_archive format ("zip", "gztar", ...) or an extension (".tar.gz", "whl"). */
  unpackArchive(
    buffer: ArrayBuffer | ArrayBufferView,
    format: string,
    options?: { extractDir?: string },
  ): void;
  registerJsModule(name: string, module: object): void;
  unregisterJsModule(name: string): void;
  /** Deep conversion of a JS value to Python (Array -> list, Map/object -> dict, Set -> set). */
  toPy(obj: any, options?: { depth?: number; defaultConverter?: (...args: any[]) => any }): any;
  /** Where interrupt requests come from: write 2 (SIGINT) to raise KeyboardInterrupt. */
  setInterruptBuffer(buffer: Int32Array | Uint8Array | undefined): void;
  /**
   * pyxis: where matplotlib's plt.show() draws in the page (an element or its
   * id); null: document.pyodideMplTarget, else document.body.
   */
  setPlotTarget(target: HTMLElement | string | null): void;
  /**
   * pyxis: a function plt.show() hands each figure to as PNG bytes instead of
   * drawing it in the page (workers, custom output); null: draw in the page.
   */
  setPlotHandler(handler: PlotHandler | null): void;
  /** Raises KeyboardInterrupt now if the interrupt buffer asks for it. */
  checkInterrupt(): void;
  /**
   * Node only: mount a host folder at a path of the emscripten FS. Throws if
   * hostPath does not exist or is not a folder, or if the path is already a
   * mount point.
   */
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
  /** The types of Python objects in JS, for instanceof (the loader's `ffi`). */
  ffi: FFI;
  /**
   * Debug mode on or off; returns the previous setting. On, the error of a
   * destroyed PyProxy used again has the object's repr (taken when it went).
   */
  setDebug(debug: boolean): boolean;
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
  /**
   * What the lockfile's relative file names are relative to (packageBaseUrl,
   * else the lockfile's URL); undefined for lockFileContents without
   * packageBaseUrl. micropip.freeze() makes file names absolute with it.
   */
  lockfileBaseUrl: string | undefined;
}

export declare function loadPyodide(options?: LoadOptions): Promise<PyodideAPI>;
