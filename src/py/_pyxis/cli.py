"""The command line, as ``python`` behaves: -c, -m, a script, or stdin.

The JS CLI (dist/bin/pyxis.mjs) starts the runtime with ``sys.argv`` set to
the arguments after the program name and calls ``main()``, which returns the
exit status: 0, the ``SystemExit`` code, or 1 after printing the traceback of
an uncaught exception to stderr.
"""

import os
import sys
import traceback

# Frames of this module are left out of tracebacks. (__file__ names the .pyc
# in the stdlib zip; code objects carry the source path.)
_THIS_FILE = (lambda: None).__code__.co_filename

USAGE = """\
usage: pyxis [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options:
-c cmd : program passed in as string (terminates option list)
-m mod : run library module as a script (terminates option list)
-h     : print this help message and exit (also -? or --help)
-q     : don't print version and copyright messages on interactive startup
-u     : unbuffered binary stdout and stderr (always the case here)
-V     : print the Python version number and exit (also --version)
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
"""


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF  # as a POSIX exit status
    print(code, file=sys.stderr)
    return 1


def _print_exception(exc: BaseException) -> None:
    # Drop the frames of this module so the traceback starts at user code.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == _THIS_FILE:
        tb = tb.tb_next
    sys.stderr.write("".join(traceback.format_exception(type(exc), exc, tb)))


def _run_source(source: str, filename: str) -> None:
    import __main__

    code = compile(source, filename, "exec")
    main_dict = __main__.__dict__
    main_dict["__file__"] = filename if not filename.startswith("<") else main_dict.get("__file__")
    if main_dict["__file__"] is None:
        del main_dict["__file__"]
    exec(code, main_dict)


def _interactive(quiet: bool) -> None:
    import code

    banner = "" if quiet else f"Python {sys.version} on {sys.platform}\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information."
    code.interact(banner=banner, local=sys.modules["__main__"].__dict__, exitmsg="")


def _dispatch(args: list[str]) -> None:
    quiet = False
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args.pop(0)
        if opt == "-c":
            if not args:
                raise _Usage("Argument expected for the -c option")
            command = args.pop(0)
            sys.argv[:] = ["-c", *args]
            sys.path.insert(0, "")
            _run_source(command, "<string>")
            return
        if opt == "-m":
            if not args:
                raise _Usage("Argument expected for the -m option")
            import runpy

            module = args.pop(0)
            sys.argv[:] = [module, *args]  # runpy replaces argv[0] with the path
            sys.path.insert(0, os.getcwd())
            runpy._run_module_as_main(module, alter_argv=True)
            return
        if opt in ("-h", "-?", "--help"):
            sys.stdout.write(USAGE)
            return
        if opt in ("-V", "--version"):
            print(f"Python {sys.version.split()[0]}")
            return
        if opt == "-q":
            quiet = True
            continue
        if opt == "-u":
            continue
        if opt == "--":
            break
        raise _Usage(f"Unknown option: {opt}")
    if args and args[0] != "-":
        path = args[0]
        sys.argv[:] = args
        try:
            with open(path, "rb") as f:
                source = f.read()
        except OSError as e:
            sys.stderr.write(f"pyxis: can't open file {path!r}: [Errno {e.errno}] {e.strerror}\n")
            raise SystemExit(2) from None
        sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
        _run_source(source, path)
        return
    sys.argv[:] = args or [""]
    sys.path.insert(0, "")
    if sys.stdin.isatty():
        _interactive(quiet)
    else:
        _run_source(sys.stdin.read(), "<stdin>")


class _Usage(Exception):
    pass


def main() -> int:
    args = list(sys.argv[1:])
    status = 0
    try:
        _dispatch(args)
    except SystemExit as exc:
        status = _exit_code(exc)
    except _Usage as exc:
        sys.stderr.write(f"{exc}\n{USAGE}")
        status = 2
    except KeyboardInterrupt as exc:
        _print_exception(exc)
        status = 130
    except BaseException as exc:  # noqa: B036 - the top level, as CPython's
        _print_exception(exc)
        status = 1
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    return status
