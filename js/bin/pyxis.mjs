#!/usr/bin/env node
// The pyxis command: Python's command line on the wasm runtime. This file
// parses the options as CPython does (one parser: _pyxis/cli.py applies what
// it finds), starts the runtime with the host's files mounted (the current
// directory and a script's folder), loads the lockfile packages the program
// imports, then runs it (cli.py) and exits with its status.
import fs from "node:fs";
import path from "node:path";
import { loadPyodide } from "../pyxis.mjs";
import { nodeStdio } from "../node-stdio.mjs";

const USAGE_LINE = "usage: pyxis [option] ... [-c cmd | -m mod | file | -] [arg] ...";

const HELP = `${USAGE_LINE}
Options (as python's; each has the same effect):
-b     : issue warnings about str(bytes_instance), str(bytearray_instance)
         and comparing bytes/bytearray with str or bytes with int. (-bb: issue errors)
-B     : don't write .pyc files on import (always the case here)
-c cmd : program passed in as string (terminates option list)
-d     : turn on parser debugging output (for experts only, debug builds)
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-i     : inspect interactively after running script; forces a prompt even
         if stdin does not appear to be a terminal
-I     : isolate Python from the user's environment (implies -E, -P and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements (-OO: also docstrings)
-P     : don't prepend a potentially unsafe path to sys.path
-q     : don't print version and copyright messages on interactive startup
-R     : hash randomization (always on)
-s     : don't add user site directory to sys.path (always the case here)
-S     : don't imply 'import site' on initialization
-u     : unbuffered binary stdout and stderr; also PYTHONUNBUFFERED=x
-v     : verbose (trace import statements); can be supplied multiple times
-V     : print the Python version number and exit (also --version); -VV: more
-W arg : warning control (as python's: action:message:category:module:lineno)
-x     : skip first line of source
-X opt : set implementation-specific option (as python's -X; not -X perf)
--check-hash-based-pycs always|default|never: control how Python invalidates
         hash-based .pyc files
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
Lockfile packages that the program imports are loaded before it runs.
`;

// CPython's getopt: letters, and those taking an argument (joined or next).
const FLAGS = new Set("bBdEhiIOPqRsSuvVx?");
const WITH_ARG = new Set("cmWX");
const LONG = {
  "--help": "h",
  "--help-all": "h",
  "--help-env": "h",
  "--help-xoptions": "h",
  "--version": "V",
};
// -X options python has that cannot work in WebAssembly: refused by name.
const REFUSED_X = {
  perf: "there is no perf profiler for WebAssembly",
  perf_jit: "there is no perf profiler for WebAssembly",
};
// -X options that CPython reads only from the pre-configuration (set while
// Python starts; the others are applied by cli.py): given as the environment
// variable python reads for them, removed from os.environ afterwards.
const X_AT_START = { utf8: "PYTHONUTF8", warn_default_encoding: "PYTHONWARNDEFAULTENCODING" };

class UsageError extends Error {} // status 2, with the usage line
class StartError extends Error {} // status 1

/**
 * Parses python's command line. Returns {options, counts, warnoptions,
 * xoptions, mode: "command"|"module"|"file"|"stdin", target, argv}; throws a
 * UsageError for what python refuses with status 2.
 */
function parseCommandLine(args) {
  const counts = {}; // flag letter -> how many times
  const warnoptions = [];
  const xoptions = [];
  let checkHashPycs;
  let mode = "stdin";
  let target;
  let i = 0;
  const argumentOf = (letter, rest) => {
    if (rest !== "") return rest;
    if (i + 1 >= args.length) throw new UsageError(`Argument expected for the -${letter} option`);
    return args[++i];
  };
  parse: for (; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      i++;
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) break;
    if (arg.startsWith("--")) {
      const [name, value] = arg.split(/=(.*)/s);
      if (name === "--check-hash-based-pycs") {
        const mode = value ?? args[++i];
        if (mode === undefined) throw new UsageError(`Argument expected for the ${name} option`);
        if (!["always", "default", "never"].includes(mode)) {
          throw new UsageError(
            "--check-hash-based-pycs must be one of 'default', 'always', or 'never'",
          );
        }
        checkHashPycs = mode;
        continue;
      }
      if (!(name in LONG) || value !== undefined) throw new UsageError(`unknown option ${arg}`);
      counts[LONG[name]] = (counts[LONG[name]] ?? 0) + 1;
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j];
      if (WITH_ARG.has(letter)) {
        const value = argumentOf(letter, arg.slice(j + 1));
        if (letter === "c" || letter === "m") {
          mode = letter === "c" ? "command" : "module";
          target = value;
          i++;
          break parse;
        }
        if (letter === "W") warnoptions.push(value);
        else {
          const [name, setting] = value.split(/=(.*)/s);
          if (name in REFUSED_X) {
            throw new UsageError(`-X ${name} is not supported by pyxis: ${REFUSED_X[name]}`);
          }
          if (name === "utf8" && ![undefined, "0", "1"].includes(setting)) {
            throw new StartError("Fatal Python error: invalid -X utf8 option value");
          }
          xoptions.push(value);
        }
        break;
      }
      if (letter === "J") throw new UsageError("-J is reserved for Jython");
      if (!FLAGS.has(letter)) throw new UsageError(`Unknown option: -${letter}`);
      counts[letter] = (counts[letter] ?? 0) + 1;
    }
  }
  const rest = args.slice(i);
  let argv;
  if (mode === "command") argv = ["-c", ...rest];
  else if (mode === "module")
    argv = ["-m", ...rest]; // runpy sets argv[0] to the path
  else if (rest.length && rest[0] !== "-") {
    mode = "file";
    target = rest[0];
    argv = rest;
  } else argv = rest.length ? rest : [""];
  return { counts, warnoptions, xoptions, checkHashPycs, mode, target, argv };
}

// The CLI's own messages, through the handler Python's stderr uses.
const stdio = await nodeStdio();
const writeStderr = (text) => {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length) bytes = bytes.subarray(stdio.stderr.write(bytes));
};

// Host folders Python should see at the same path: the current directory,
// the folder of a script given outside it, PYTHONPATH's folders and
// PYTHONSTARTUP's.
function hostMounts(cmd, env) {
  const cwd = process.cwd();
  const mounts = [cwd];
  const add = (dir) => {
    const inside = mounts.some((m) => dir === m || dir.startsWith(m + path.sep));
    if (!inside && dir !== "/" && fs.existsSync(dir)) mounts.push(dir);
  };
  if (cmd.mode === "file") add(path.dirname(path.resolve(cmd.target)));
  for (const dir of (env.PYTHONPATH ?? "").split(path.delimiter)) if (dir) add(path.resolve(dir));
  if (env.PYTHONSTARTUP) add(path.dirname(path.resolve(env.PYTHONSTARTUP)));
  return mounts.filter((m) => m !== "/");
}

// The environment Python starts with: -E and -I hide PYTHON* variables from
// start-up (they stay in os.environ, as with python: cli.py puts them back),
// and the -X options that act at start-up are given as their variables.
function startEnvironment(cmd) {
  const env = { ...process.env };
  const held = {};
  if (cmd.counts.E || cmd.counts.I) {
    for (const key of Object.keys(env)) {
      if (key.startsWith("PYTHON")) {
        held[key] = env[key];
        delete env[key];
      }
    }
  }
  const injected = [];
  if (cmd.counts.u) {
    if (!("PYTHONUNBUFFERED" in held) && process.env.PYTHONUNBUFFERED === undefined)
      injected.push("PYTHONUNBUFFERED");
    env.PYTHONUNBUFFERED = "1";
  }
  for (const x of cmd.xoptions) {
    const [name, value] = x.split(/=(.*)/s);
    const variable = X_AT_START[name];
    if (!variable) continue;
    env[variable] = value ?? "1";
    if (!(variable in held) && process.env[variable] === undefined) injected.push(variable);
  }
  return { env, held, injected };
}

async function main() {
  let cmd;
  try {
    cmd = parseCommandLine(process.argv.slice(2));
  } catch (err) {
    if (err instanceof StartError) {
      writeStderr(`${err.message}\n`);
      return 1;
    }
    if (!(err instanceof UsageError)) throw err;
    writeStderr(`${err.message}\n${USAGE_LINE}\nTry \`pyxis -h' for more information.\n`);
    return 2;
  }
  if (cmd.counts.h || cmd.counts["?"]) {
    fs.writeSync(1, HELP);
    return 0;
  }
  const { env, held, injected } = startEnvironment(cmd);
  let pyodide;
  try {
    pyodide = await loadPyodide({
      args: cmd.argv,
      env,
      // stdin, stdout and stderr: the defaults, the process's own (node-stdio.mjs)
      _beforeInit(Module) {
        const { FS } = Module;
        for (const dir of hostMounts(cmd, env)) {
          FS.mkdirTree(dir);
          FS.mount(FS.filesystems.NODEFS, { root: dir }, dir);
        }
        if (process.cwd() !== "/") FS.chdir(process.cwd());
      },
    });
  } catch (err) {
    // Python's own message is on stderr already (a bad PYTHON* variable, say).
    if (!/Python failed to start/.test(err.message)) throw err;
    return 1;
  }
  // cli.prepare applies the options and reads the program; it returns the
  // lockfile packages the program imports (or an exit status: -V, errors).
  const cli = pyodide.pyimport("_pyxis.cli");
  const plan = JSON.stringify({
    ...cmd,
    args: process.argv.slice(2),
    heldEnvironment: held,
    injectedEnvironment: injected,
  });
  const prepared = JSON.parse(cli.prepare(plan));
  pyodide._flushStreams();
  if (prepared.status !== undefined) return prepared.status;
  const load = async (names) => {
    if (!names.length) return;
    try {
      await pyodide.loadPackage(names, { messageCallback: (m) => writeStderr(`${m}\n`) });
    } catch (err) {
      writeStderr(`${err.message}\n`); // the import then fails with the hint
    }
  };
  await load(prepared.packages);
  // main() runs the program, then the prompt (-i, or a terminal); it returns
  // NEED_PACKAGES when the prompt's next statement imports packages to load,
  // NEED_AWAIT when the program awaits at its top level (its coroutine runs
  // on the JS event loop: run_pending()).
  const { NEED_PACKAGES, NEED_AWAIT } = cli;
  for (;;) {
    let status;
    try {
      status = pyodide._module._pyxis_run_cli();
      if (status === NEED_AWAIT) {
        await cli.run_pending();
        continue;
      }
    } catch (err) {
      if (err && err.name === "ExitStatus") return err.status; // os._exit()
      throw err;
    }
    if (status !== NEED_PACKAGES) return status;
    await load(JSON.parse(cli.pending_packages()));
  }
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(1);
  },
);
