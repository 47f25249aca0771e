// The default streams in Node (js/node-stdio.mjs), seen from a child process:
// Python reads the process's stdin and writes its stdout and stderr, each is a
// terminal exactly when the process's is, and a terminal's size is Node's.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { DIST } from "../helpers.mjs";

const loader = JSON.stringify(path.join(DIST, "pyxis.mjs"));

// Runs Python code in a fresh Node process with default streams.
function runNode(code, { input = "", shell } = {}) {
  const script =
    `const { loadPyodide } = await import(${loader});\n` +
    `const pyodide = await loadPyodide();\n` +
    `globalThis.pyodide = pyodide;\n` +
    `pyodide.runPython(${JSON.stringify(code)});\n`;
  if (shell) {
    // under script(1): fds 0, 1 and 2 are a pseudo-terminal of a known size
    const inner = `stty cols 123 rows 45; node --input-type=module -e ${shellQuote(script)}`;
    return spawnSync("script", ["-qec", inner, "/dev/null"], { input, encoding: "utf8" });
  }
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    input,
    encoding: "utf8",
  });
}

const shellQuote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

test("Python reads the process's stdin and writes its stdout and stderr", () => {
  const r = runNode(
    [
      "import sys",
      "print(input().upper())",
      "print(repr(sys.stdin.read()))",
      "print(sys.stdin.isatty(), sys.stdout.isatty(), sys.stderr.isatty())",
      "print('to stderr', file=sys.stderr)",
      "sys.stdout.write('no newline')",
    ].join("\n"),
    { input: "hello\nsecond line\nthird" },
  );
  expect(r.stderr).toBe("to stderr\n");
  expect(r.stdout).toBe("HELLO\n'second line\\nthird'\nFalse False False\nno newline");
  expect(r.status).toBe(0);
});

test("setStdout() with no handler writes to the process's stdout again", () => {
  const r = runNode(
    [
      "from pyodide.code import run_js",
      "run_js('globalThis.seen = []; pyodide.setStdout({ batched: (l) => seen.push(l) })')",
      "print('captured')",
      "run_js('pyodide.setStdout()')",
      "print('seen by JS:', list(run_js('seen')))",
    ].join("\n"),
  );
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("seen by JS: ['captured']\n");
});

test("end of input is an EOFError, and the runtime goes on", () => {
  const r = runNode(
    [
      "try:",
      "    input()",
      "except EOFError as e:",
      "    print('EOFError:', e)",
      "print('after')",
    ].join("\n"),
  );
  expect(r.stdout).toBe("EOFError: EOF when reading a line\nafter\n");
});

test("on a terminal, the streams are ttys and the size is the terminal's", () => {
  const r = runNode(
    [
      "import os, shutil, sys",
      "print(sys.stdin.isatty(), sys.stdout.isatty(), sys.stderr.isatty())",
      "print(shutil.get_terminal_size())",
      "print(os.get_terminal_size(2))",
    ].join("\n"),
    { shell: true },
  );
  expect(r.status).toBe(0);
  const lines = r.stdout.split(/\r?\n/).filter(Boolean);
  expect(lines).toEqual([
    "True True True",
    "os.terminal_size(columns=123, lines=45)",
    "os.terminal_size(columns=123, lines=45)",
  ]);
});
