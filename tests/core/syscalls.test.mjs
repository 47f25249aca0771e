// The fixes to emscripten's system calls (src/core/syscalls.js). Sockets:
// emscripten tunnels them over WebSocket, which Node cannot do without the
// `ws` package; a socket operation that cannot work is an OSError in
// Python, never a fatal error, and the runtime goes on. fstat of a pipe's
// or socket's end describes it (emscripten failed with ENOENT). chmod and
// chown leave the one timestamp emscripten keeps (the mtime); readlink gives
// the stored target; a file cannot be made under a regular file (ENOTDIR).
import { loadCaptured } from "../helpers.mjs";

let pyodide;
beforeAll(async () => {
  ({ pyodide } = await loadCaptured());
  pyodide.runPython("import socket, errno");
});

// listen needs a WebSocket server (syscalls.js's EOPNOTSUPP); connect and
// sendto a WebSocket to the address (emscripten's own EHOSTUNREACH).
test.each([
  ["listen", "EOPNOTSUPP", "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()"],
  ["connect", "EHOSTUNREACH", "s = socket.socket(); s.connect(('127.0.0.1', 9))"],
  [
    "connect_ex",
    "EHOSTUNREACH",
    "s = socket.socket(); r = s.connect_ex(('127.0.0.1', 9)); raise OSError(r, 'connect_ex')",
  ],
  [
    "sendto",
    "EHOSTUNREACH",
    "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b'x', ('127.0.0.1', 9))",
  ],
])("%s raises OSError(%s) and the runtime goes on", (_, name, code) => {
  const got = pyodide.runPython(`
try:
    ${code}
except OSError as e:
    result = e.errno
else:
    result = None
result`);
  expect(got).toBe(pyodide.runPython(`errno.${name}`));
  expect(pyodide.runPython("1 + 1")).toBe(2);
});

test("the socket module's non-network parts work", () => {
  expect(pyodide.runPython("socket.gethostname() != '' and socket.htons(1) == 256")).toBe(true);
});

test("fstat of a pipe's ends and of a socket says what they are", () => {
  const got = pyodide.runPython(`
import os, stat, signal
r, w = os.pipe()
s = socket.socket()
try:
    os.set_blocking(w, False)
    previous = signal.set_wakeup_fd(w)  # fstat's the fd
    signal.set_wakeup_fd(previous)
    result = [stat.S_ISFIFO(os.fstat(r).st_mode), stat.S_ISFIFO(os.fstat(w).st_mode),
              stat.S_ISSOCK(os.fstat(s.fileno()).st_mode), os.fstat(r).st_size]
finally:
    os.close(r); os.close(w); s.close()
result`);
  expect(got.toJs()).toEqual([true, true, true, 0]);
  expect(() => pyodide.runPython("os.fstat(r)")).toThrow(
    /OSError: \[Errno 8\] Bad file descriptor/,
  );
});

test("chmod and chown leave the mtime (shutil.copy2 keeps it)", () => {
  const got = pyodide.runPython(`
import os, shutil
os.makedirs("/tmp/mtime", exist_ok=True)
with open("/tmp/mtime/a", "w") as f:
    f.write("a")
os.utime("/tmp/mtime/a", ns=(1_000_000_000, 2_000_000_000))
shutil.copy2("/tmp/mtime/a", "/tmp/mtime/b")
os.chmod("/tmp/mtime/a", 0o600)
os.chown("/tmp/mtime/a", 0, 0)
result = [os.stat("/tmp/mtime/a").st_mtime_ns, os.stat("/tmp/mtime/b").st_mtime_ns,
          oct(os.stat("/tmp/mtime/a").st_mode & 0o777)]
result`);
  expect(got.toJs()).toEqual([2_000_000_000, 2_000_000_000, "0o600"]);
  expect(() => pyodide.runPython("os.chmod('/tmp/mtime/missing', 0o600)")).toThrow(
    /FileNotFoundError/,
  );
});

test("readlink gives the target as stored; the link still resolves", () => {
  const got = pyodide.runPython(`
import os
os.makedirs("/tmp/links/dir", exist_ok=True)
with open("/tmp/links/dir/f", "w") as f:
    f.write("data")
os.symlink("dir/f", "/tmp/links/rel")
os.symlink("/tmp/links/dir", "/tmp/links/abs")
with open("/tmp/links/rel") as f:
    data = f.read()
result = [os.readlink("/tmp/links/rel"), os.readlink("/tmp/links/abs"), data,
          os.path.realpath("/tmp/links/rel"), os.listdir("/tmp/links/abs")]
result`);
  expect(got.toJs()).toEqual(["dir/f", "/tmp/links/dir", "data", "/tmp/links/dir/f", ["f"]]);
});

test("creating a file under a regular file is NotADirectoryError", () => {
  const got = pyodide.runPython(`
import os
with open("/tmp/plain", "w") as f:
    f.write("x")
errors = []
for make in (lambda: open("/tmp/plain/child", "w"), lambda: os.mkdir("/tmp/plain/sub")):
    try:
        make()
    except OSError as e:
        errors.append(type(e).__name__)
errors`);
  expect(got.toJs()).toEqual(["NotADirectoryError", "NotADirectoryError"]);
});
