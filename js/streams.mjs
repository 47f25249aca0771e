// Standard streams: emscripten devices behind file descriptors 0, 1 and 2,
// whose handlers can be replaced at any time (setStdin/setStdout/setStderr),
// with the option forms Pyodide documents. Handlers are called with the
// options object as `this` (so an instance of a class works).
//
// Output (setStdout/setStderr), at most one of:
//   {batched(line)}    called once per line, without the newline (a partial
//                      line when the stream is flushed);
//   {raw(byte)}        called once per byte;
//   {write(bytes)}     called with a Uint8Array, returns how many bytes it took
//                      (optionally with fsync(), called when Python syncs the fd).
//   {isatty: true}     only with raw or write: the stream is a terminal;
//   getTerminalSize()  with isatty: returns {rows, columns}, the size
//                      os.get_terminal_size() reports (0x0 without it).
//   None of them (or no argument): the default handler (in Node the
//   process's own fd, see node-stdio.mjs; in a browser console.log for stdout
//   and console.warn for stderr).
// Input (setStdin), at most one of:
//   {stdin()}          returns a string (a line: "\n" is appended if missing),
//                      a Uint8Array / ArrayBuffer / one-byte typed array, a
//                      number (one byte), or null/undefined for end of file;
//                      autoEOF (default true): each read returns at most one
//                      chunk, and a chunk not ending in "\n" is followed by an
//                      end of file;
//   {read(buffer)}     fills a Uint8Array, returns the byte count (0 = EOF),
//                      optionally with fsync();
//   {error: true}      every read fails with an I/O error;
//   isatty             with any of them.
//   None of them (or no argument): the default handler (in Node the
//   process's fd 0; in a page prompt(); in a worker end of file).
//
// A handler that throws becomes an OSError (EIO) in Python; the JS error is
// kept per fd and takeError(fd) hands its text to _pyxis.stdio, which puts it
// in the OSError's message.

const encoder = new TextEncoder();
// ignoreBOM: a U+FEFF the program writes is output, not a byte-order mark.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const EIO = 29;

const isPlainObject = (o) => {
  const proto = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
};

// Checks an options object; returns the name of the handler given (or null).
function checkOptions(fname, options, handlers, extras) {
  if (options === undefined || options === null) return null;
  if (typeof options !== "object") {
    const hint = typeof options === "function" ? ` (pass {${handlers[0]}: fn})` : "";
    throw new TypeError(
      `${fname}: expected an object with one of ${handlers.join(", ")}, not ${typeof options}${hint}`,
    );
  }
  const given = handlers.filter((k) => options[k] !== undefined && options[k] !== false);
  if (given.length > 1) {
    throw new TypeError(
      `${fname}: give at most one of ${handlers.join(", ")} (got ${given.join(", ")})`,
    );
  }
  // A plain object may hold only the documented keys (a typo is an error); a
  // class instance may have other members.
  if (isPlainObject(options)) {
    for (const key of Object.keys(options)) {
      if (!handlers.includes(key) && !extras.includes(key)) {
        throw new TypeError(
          `${fname}: unknown option '${key}' (expected ${[...handlers, ...extras].join(", ")})`,
        );
      }
    }
  }
  for (const k of [...handlers, "fsync", "getTerminalSize"]) {
    if (k === "error") continue;
    if (options[k] !== undefined && typeof options[k] !== "function")
      throw new TypeError(`${fname}: ${k} must be a function, not ${typeof options[k]}`);
  }
  if (options.isatty !== undefined && typeof options.isatty !== "boolean")
    throw new TypeError(`${fname}: isatty must be a boolean`);
  return given[0] ?? null;
}

class OutputStream {
  constructor(name, fallback) {
    this.name = name; // "stdout" | "stderr"
    this.fallback = fallback;
    this.pending = "";
    this.set(undefined);
  }

  set(options) {
    const fname = this.name === "stdout" ? "setStdout" : "setStderr";
    const kind = checkOptions(
      fname,
      options,
      ["batched", "raw", "write"],
      ["isatty", "fsync", "getTerminalSize"],
    );
    if (options?.isatty && kind !== "raw" && kind !== "write") {
      throw new TypeError(`${fname}: isatty: true needs a raw or write handler`);
    }
    if (options?.getTerminalSize !== undefined && !options.isatty) {
      throw new TypeError(`${fname}: getTerminalSize is only used with isatty: true`);
    }
    if (kind !== "write" && options?.fsync !== undefined) {
      throw new TypeError(`${fname}: fsync is only used with a write handler`);
    }
    try {
      this.flush();
    } catch {
      // the old handler fails: its partial line is dropped, the new one is set
    }
    if (kind) {
      this.options = options;
      this.kind = kind;
    } else {
      this.options = this.fallback;
      this.kind = ["batched", "raw", "write"].find((k) => this.fallback[k]);
    }
    this.isatty = !!this.options.isatty;
  }

  // [rows, columns] for the TIOCGWINSZ ioctl.
  terminalSize() {
    if (!this.options.getTerminalSize) return [0, 0];
    const size = this.options.getTerminalSize();
    const ok = (n) => Number.isInteger(n) && n >= 0 && n < 0x8000;
    if (!size || !ok(size.rows) || !ok(size.columns)) {
      throw new TypeError(
        `the ${this.name} getTerminalSize handler must return {rows, columns} ` +
          `(integers from 0 to 32767), not ${JSON.stringify(size) ?? String(size)}`,
      );
    }
    return [size.rows, size.columns];
  }

  write(bytes) {
    const options = this.options;
    if (this.kind === "write") {
      let done = 0;
      while (done < bytes.length) {
        const n = options.write(bytes.subarray(done));
        if (typeof n !== "number") warnNotANumber("write", n);
        if (typeof n !== "number" || !(n > 0) || n > bytes.length - done) {
          throw new TypeError(
            `the ${this.name} write handler must return the number of bytes it took ` +
              `(1 to ${bytes.length - done}), not ${String(n)}`,
          );
        }
        done += n;
      }
    } else if (this.kind === "raw") {
      for (const byte of bytes) options.raw(byte);
    } else {
      const text = this.pending + decoder.decode(bytes, { stream: true });
      const lines = text.split("\n");
      this.pending = lines.pop();
      for (const line of lines) options.batched(line);
    }
    return bytes.length;
  }

  // Emits a partial line still held by a batched handler: nothing is lost.
  flush() {
    if (this.pending && this.kind === "batched") {
      const line = this.pending;
      this.pending = "";
      this.options.batched(line);
    }
  }

  fsync() {
    this.flush();
    if (this.kind === "write" && this.options.fsync) this.options.fsync();
  }
}

class InputStream {
  constructor(fallback) {
    this.fallback = fallback;
    this.set(undefined);
  }

  set(options) {
    const kind = checkOptions(
      "setStdin",
      options,
      ["stdin", "read", "error"],
      ["isatty", "autoEOF", "fsync"],
    );
    if (options?.error !== undefined && typeof options.error !== "boolean")
      throw new TypeError("setStdin: error must be a boolean");
    if (options?.autoEOF !== undefined) {
      if (kind !== "stdin")
        throw new TypeError("setStdin: autoEOF can only be used with a stdin handler");
      if (typeof options.autoEOF !== "boolean")
        throw new TypeError("setStdin: autoEOF must be a boolean");
    }
    if (kind !== "read" && options?.fsync !== undefined)
      throw new TypeError("setStdin: fsync is only used with a read handler");
    if (kind) {
      this.options = options;
      this.kind = kind;
    } else {
      this.options = this.fallback;
      this.kind = this.fallback.read ? "read" : "stdin";
    }
    this.autoEOF = this.options.autoEOF ?? true;
    this.isatty = !!this.options.isatty;
    this.pending = new Uint8Array(0);
    this.insertEOF = false;
  }

  // The next chunk of a stdin handler: a Uint8Array, a number (one byte), or
  // null at end of file.
  next() {
    const chunk = this.options.stdin();
    if (chunk === null || chunk === undefined) return null;
    if (typeof chunk === "number") {
      if (!Number.isInteger(chunk) || chunk < 0 || chunk > 255)
        throw new TypeError(`the stdin handler returned ${chunk}: a number must be a byte (0-255)`);
      return chunk;
    }
    if (typeof chunk === "string")
      return encoder.encode(chunk.endsWith("\n") ? chunk : chunk + "\n");
    if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
    if (ArrayBuffer.isView(chunk) && chunk.BYTES_PER_ELEMENT === 1)
      return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    throw new TypeError(
      "the stdin handler must return a string, a Uint8Array (or another one-byte typed " +
        `array), an ArrayBuffer, a number or null, not ${Object.prototype.toString.call(chunk)}`,
    );
  }

  read(target) {
    if (this.kind === "error") {
      throw new Error("stdin is set to fail (setStdin({error: true}))");
    }
    if (this.kind === "read") {
      const n = this.options.read(target);
      if (typeof n !== "number") warnNotANumber("read", n);
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > target.length) {
        throw new TypeError(
          `the stdin read handler must return the number of bytes it put in the buffer ` +
            `(0 to ${target.length}), not ${String(n)}`,
        );
      }
      return n;
    }
    if (this.insertEOF) {
      this.insertEOF = false;
      return 0;
    }
    let n = 0;
    let last = -1;
    while (n < target.length) {
      if (this.pending.length === 0) {
        const chunk = this.next();
        if (chunk === null) break;
        if (typeof chunk === "number") {
          target[n++] = last = chunk;
          continue;
        }
        if (chunk.length === 0) break; // an empty buffer: end of file
        this.pending = chunk;
      }
      const k = Math.min(target.length - n, this.pending.length);
      target.set(this.pending.subarray(0, k), n);
      n += k;
      last = this.pending[k - 1];
      this.pending = this.pending.subarray(k);
      if (this.autoEOF) break; // one chunk per read
    }
    if (this.autoEOF && n > 0 && this.pending.length === 0 && last !== 10) this.insertEOF = true;
    return n;
  }

  fsync() {
    if (this.kind === "read" && this.options.fsync) this.options.fsync();
  }
}

// A read or write handler that returned no number is a bug in it: besides the
// OSError Python sees, say so on the console, as Pyodide does (same words).
function warnNotANumber(what, value) {
  let shown;
  try {
    shown = typeof value === "object" && value !== null ? typeof value : String(value);
  } catch {
    shown = typeof value;
  }
  console.warn(`${what} returned ${shown}; a correct implementation must return a number`);
}

// The text of a thrown JS value, for a Python error message; never throws.
function describe(err) {
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
    return String(err);
  } catch {
    return "<an unprintable JS value>";
  }
}

/** Checks stream options (as setStdin/setStdout/setStderr would) without installing them. */
export function checkStreamOptions({ stdin, stdout, stderr }) {
  new InputStream({ stdin: () => null }).set(stdin);
  new OutputStream("stdout", { batched: () => {} }).set(stdout);
  new OutputStream("stderr", { batched: () => {} }).set(stderr);
}

const fail = (message) => {
  throw new Error(message);
};

// Installs the three devices on fds 0, 1, 2 of an emscripten FS.
export function installStreams(Module, defaults) {
  const FS = Module.FS;
  const streams = {
    stdin: new InputStream(defaults.stdin),
    stdout: new OutputStream("stdout", defaults.stdout),
    stderr: new OutputStream("stderr", defaults.stderr),
  };
  const names = ["stdin", "stdout", "stderr"];
  const lastError = [null, null, null]; // per fd: the text of the handler's error
  const call = (which, f) => {
    try {
      return f();
    } catch (err) {
      // Only an ErrnoError may leave a device operation (anything else would
      // unwind through C frames), and this test must not throw either (a
      // revoked Proxy throws on instanceof).
      let chosen = false;
      try {
        chosen = err instanceof FS.ErrnoError; // the handler chose an errno
      } catch {}
      if (chosen) throw err;
      // Python sees EIO; keep the JS error's text for its message.
      lastError[names.indexOf(which)] = describe(err);
      throw new FS.ErrnoError(EIO);
    }
  };
  // The FS hands the device HEAP8 (signed); handlers see bytes as
  // Uint8Array, as in Pyodide (raw gets 0-255, read fills a Uint8Array).
  const bytesOf = (buffer, offset, length) =>
    new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
  // A terminal's tty record (emscripten's ioctl reads it), or undefined.
  const ttyOf = (which) =>
    streams[which].isatty
      ? {
          ops: {
            ioctl_tiocgwinsz: () =>
              which === "stdin" ? [0, 0] : call(which, () => streams[which].terminalSize()),
          },
        }
      : undefined;
  const makeOps = (which) => ({
    open(stream) {
      stream.seekable = false;
      stream.tty = ttyOf(which);
    },
    close() {
      if (which !== "stdin") call(which, () => streams[which].flush());
    },
    fsync() {
      call(which, () => streams[which].fsync());
      return 0;
    },
    read(stream, buffer, offset, length) {
      if (which !== "stdin") return call(which, () => fail(`${which} cannot be read`));
      const n = call(which, () => streams.stdin.read(bytesOf(buffer, offset, length)));
      if (n > 0) stream.node.timestamp = Date.now();
      return n;
    },
    write(stream, buffer, offset, length) {
      if (which === "stdin") return call(which, () => fail("stdin cannot be written"));
      return call(which, () => streams[which].write(bytesOf(buffer, offset, length)));
    },
  });
  names.forEach((which, i) => {
    const dev = FS.makedev(64, i);
    FS.registerDevice(dev, makeOps(which));
    FS.mkdev(`/dev/pyxis_${which}`, dev);
  });
  names.forEach((_, fd) => {
    const old = FS.getStream(fd);
    if (old) FS.close(old);
  });
  names.forEach((which, fd) => {
    const stream = FS.open(`/dev/pyxis_${which}`, fd === 0 ? "r" : "w");
    if (stream.fd !== fd)
      throw new Error(`pyxis internal error: ${which} opened as fd ${stream.fd}`);
  });
  // isatty is read at open(): reopening is not wanted, so refresh in place.
  const refreshTty = (fd, which) => {
    const s = FS.getStream(fd);
    if (s) s.tty = ttyOf(which);
  };
  return {
    streams,
    setStdin(options) {
      streams.stdin.set(options);
      refreshTty(0, "stdin");
    },
    setStdout(options) {
      streams.stdout.set(options);
      refreshTty(1, "stdout");
    },
    setStderr(options) {
      streams.stderr.set(options);
      refreshTty(2, "stderr");
    },
    /** The text of the last error a handler of fd threw (then forgotten), or null. */
    takeError(fd) {
      const text = lastError[fd] ?? null;
      lastError[fd] = null;
      return text;
    },
    flush() {
      streams.stdout.flush();
      streams.stderr.flush();
    },
  };
}
