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
}

export declare function loadPyodide(options?: LoadOptions): Promise<PyodideAPI>;
