#!/usr/bin/env node
// The pyxis command: Python's command line (-c, -m, a script, stdin) on the
// wasm runtime. The current directory (and a script's folder) are mounted
// from the host, so Python reads and writes real files there.
import fs from "node:fs";
import path from "node:path";
import { loadPyodide } from "../pyxis.mjs";

function writeAll(fd) {
  return (bytes) => {
    try {
      return fs.writeSync(fd, bytes);
    } catch (err) {
      if (err.code === "EAGAIN") return waitAndRetry(fd, bytes);
      if (err.code === "EPIPE") return bytes.length; // reader went away
      throw err;
    }
  };
}

function waitAndRetry(fd, bytes) {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(shared, 0, 0, 5);
  return fs.writeSync(fd, bytes);
}

function readStdin(buffer) {
  for (;;) {
    try {
      return fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (err) {
      if (err.code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (err.code === "EOF") return 0;
      throw err;
    }
  }
}

// Host folders Python should see at the same path: the current directory,
// and the folder of a script given outside it.
function hostMounts(args) {
  const cwd = process.cwd();
  const mounts = [cwd];
  // The script is the first argument that is not an option, unless -c or -m
  // came first (the rest are then the program's own arguments).
  const script = (() => {
    for (const arg of args) {
      if (arg === "-c" || arg === "-m" || arg === "-") return undefined;
      if (!arg.startsWith("-")) return arg;
    }
    return undefined;
  })();
  if (script) {
    const dir = path.dirname(path.resolve(script));
    if (dir !== cwd && !dir.startsWith(cwd + path.sep)) mounts.push(dir);
  }
  return mounts.filter((m) => m !== "/");
}

async function main() {
  const args = process.argv.slice(2);
  const pyodide = await loadPyodide({
    args,
    env: { ...process.env },
    stdin: { read: readStdin, isatty: !!process.stdin.isTTY },
    stdout: { write: writeAll(1), isatty: !!process.stdout.isTTY },
    stderr: { write: writeAll(2), isatty: !!process.stderr.isTTY },
    _beforeInit(Module) {
      const { FS } = Module;
      for (const dir of hostMounts(args)) {
        FS.mkdirTree(dir);
        FS.mount(FS.filesystems.NODEFS, { root: dir }, dir);
      }
      if (process.cwd() !== "/") FS.chdir(process.cwd());
    },
  });
  let status;
  try {
    status = pyodide._module._pyxis_run_cli();
  } catch (err) {
    if (err && err.name === "ExitStatus")
      status = err.status; // os._exit()
    else throw err;
  }
  process.exitCode = status;
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
