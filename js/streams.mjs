// Standard streams: emscripten devices behind file descriptors 0, 1 and 2,
// whose handlers can be replaced at any time (setStdin/setStdout/setStderr).
//
// Output handlers, as Pyodide's:
//   {batched(line)}    called once per line, without the newline;
//   {raw(byte)}        called once per byte;
//   {write(bytes)}     called with a Uint8Array, returns how many bytes it took.
// Input handlers:
//   {stdin()}          returns a string, a Uint8Array, a number (one byte),
//                      or null/undefined for end of file;
//   {read(buffer)}     fills a Uint8Array, returns the byte count (0 = EOF).
// {isatty: true} makes the stream a terminal for Python.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const EIO = 29;

function checkOptions(name, options, kinds) {
  if (options === undefined || options === null) return;
  if (typeof options !== "object") {
    throw new TypeError(`${name}: expected an object with one of ${kinds.join(", ")}`);
  }
  const given = kinds.filter((k) => options[k] !== undefined);
  if (given.length > 1) {
    throw new TypeError(`${name}: give only one of ${kinds.join(", ")} (got ${given.join(", ")})`);
  }
  for (const k of given) {
    if (typeof options[k] !== "function") throw new TypeError(`${name}: ${k} must be a function`);
  }
}

class OutputStream {
  constructor(name, fallback) {
    this.name = name;
    this.fallback = fallback;
    this.pending = "";
    this.set(undefined);
  }

  set(options) {
    checkOptions(`set${this.name}`, options, ["batched", "raw", "write"]);
    this.flush();
    this.options = options ?? { batched: this.fallback };
    if (!this.options.batched && !this.options.raw && !this.options.write) {
      this.options = { ...this.options, batched: this.fallback };
    }
    this.isatty = !!this.options.isatty;
  }

  write(bytes) {
    const { batched, raw, write } = this.options;
    if (write) {
      let done = 0;
      while (done < bytes.length) {
        const n = write(bytes.subarray(done));
        if (typeof n !== "number" || n <= 0) {
          throw new Error(`${this.name} write handler must return the number of bytes written`);
        }
        done += n;
      }
    } else if (raw) {
      for (const byte of bytes) raw(byte);
    } else {
      const text = this.pending + decoder.decode(bytes, { stream: true });
      const lines = text.split("\n");
      this.pending = lines.pop();
      for (const line of lines) batched(line);
    }
    return bytes.length;
  }

  // Emits a partial line still held by a batched handler: nothing is lost.
  flush() {
    if (this.pending && this.options?.batched) {
      const line = this.pending;
      this.pending = "";
      this.options.batched(line);
    }
  }
}

class InputStream {
  constructor(fallback) {
    this.fallback = fallback;
    this.buffer = new Uint8Array(0);
    this.set(undefined);
  }

  set(options) {
    checkOptions("setStdin", options, ["stdin", "read"]);
    this.options = options ?? this.fallback;
    this.isatty = !!this.options.isatty;
    this.buffer = new Uint8Array(0);
  }

  read(target) {
    const { stdin, read } = this.options;
    if (read) return read(target);
    if (!stdin) return 0;
    if (this.buffer.length === 0) {
      let chunk = stdin();
      if (chunk === null || chunk === undefined) return 0;
      if (typeof chunk === "number") chunk = new Uint8Array([chunk]);
      else if (typeof chunk === "string") {
        // A line-oriented source gives lines: end each with a newline.
        chunk = encoder.encode(chunk.endsWith("\n") ? chunk : chunk + "\n");
      } else if (ArrayBuffer.isView(chunk)) {
        chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      } else {
        throw new TypeError("stdin handler must return a string, a Uint8Array, a number or null");
      }
      this.buffer = chunk;
    }
    const n = Math.min(target.length, this.buffer.length);
    target.set(this.buffer.subarray(0, n));
    this.buffer = this.buffer.subarray(n);
    return n;
  }
}

// Installs the three devices on fds 0, 1, 2 of an emscripten FS.
export function installStreams(Module, defaults) {
  const FS = Module.FS;
  const streams = {
    stdin: new InputStream(defaults.stdin),
    stdout: new OutputStream("Stdout", defaults.stdout),
    stderr: new OutputStream("Stderr", defaults.stderr),
  };
  const fail = (stream, err) => {
    // A handler that throws becomes an OSError (EIO) in Python; keep the
    // JS error for the message.
    streams.lastError = err;
    throw new FS.ErrnoError(EIO);
  };
  const makeOps = (which) => ({
    open(stream) {
      stream.seekable = false;
      if (streams[which].isatty) stream.tty = { ops: {} };
    },
    close() {},
    read(stream, buffer, offset, length) {
      try {
        const n = streams[which].read(buffer.subarray(offset, offset + length));
        if (n > 0) stream.node.timestamp = Date.now();
        return n;
      } catch (err) {
        return fail(stream, err);
      }
    },
    write(stream, buffer, offset, length) {
      try {
        return streams[which].write(buffer.subarray(offset, offset + length));
      } catch (err) {
        return fail(stream, err);
      }
    },
  });
  const names = ["stdin", "stdout", "stderr"];
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
    s.tty = streams[which].isatty ? { ops: {} } : undefined;
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
    flush() {
      streams.stdout.flush();
      streams.stderr.flush();
    },
  };
}
