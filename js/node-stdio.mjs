// Node's own standard streams as stream handlers (setStdin/setStdout/setStderr
// option objects): what Pyodide documents as the default in Node — stdin is
// read from the process's fd 0, stdout and stderr are written to fds 1 and 2,
// each is a terminal when the process's is, and a terminal's size is the one
// Node reports. Used as loadPyodide's defaults in Node and by the CLI.

// Blocks the thread for `ms` (a non-blocking fd said "try again").
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The three handlers over the process's fds 0, 1, 2.
 * @returns {Promise<{stdin: object, stdout: object, stderr: object}>}
 */
export async function nodeStdio() {
  const fs = await import("node:fs");
  const tty = await import("node:tty");

  const read = (buffer) => {
    for (;;) {
      try {
        return fs.readSync(0, buffer, 0, buffer.length, null);
      } catch (err) {
        if (err.code === "EAGAIN") {
          pause(10);
          continue;
        }
        if (err.code === "EOF") return 0; // Windows' end of a pipe
        throw err;
      }
    }
  };

  const writer = (fd) => (bytes) => {
    for (;;) {
      try {
        return fs.writeSync(fd, bytes);
      } catch (err) {
        if (err.code === "EAGAIN") {
          pause(5);
          continue;
        }
        if (err.code === "EPIPE") return bytes.length; // the reader went away
        throw err;
      }
    }
  };

  // Node's view of the terminal (process.stdout.columns follows resizes).
  const terminalSize = (fd) => () => {
    const stream = fd === 1 ? process.stdout : process.stderr;
    return { rows: stream.rows ?? 0, columns: stream.columns ?? 0 };
  };

  const output = (fd) => {
    const handler = { write: writer(fd), isatty: tty.isatty(fd) };
    if (handler.isatty) handler.getTerminalSize = terminalSize(fd);
    return handler;
  };

  return {
    stdin: { read, isatty: tty.isatty(0) },
    stdout: output(1),
    stderr: output(2),
  };
}
