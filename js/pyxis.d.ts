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

export type PyValue = undefined | boolean | number | bigint | string;

export interface PyodideAPI {
  version: string;
  /** Runs code in __main__; returns the final expression's value. Throws PythonError. */
  runPython(code: string, options?: { filename?: string }): PyValue;
  setStdin(options?: InputOptions): void;
  setStdout(options?: OutputOptions): void;
  setStderr(options?: OutputOptions): void;
  /** Emscripten's file system. */
  FS: any;
  ffi: { PythonError: typeof PythonError };
  /**
   * Loads packages (lockfile names or URLs of bundles/wheels) and their
   * dependencies; resolves to the names this call loaded.
   */
  loadPackage(names: string | string[], options?: LoadPackageOptions): Promise<string[]>;
  /** Loads the lockfile packages providing the modules `code` imports. */
  loadPackagesFromImports(code: string, options?: LoadPackageOptions): Promise<string[]>;
  /** Loaded packages: name -> "default channel" or the URL it came from. */
  loadedPackages: Record<string, string>;
}

export declare function loadPyodide(options?: LoadOptions): Promise<PyodideAPI>;
