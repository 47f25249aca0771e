// syscalls, JS side: fixes to emscripten's system call layer (the version
// tools/config.env names), where it fails in ways the runtime cannot recover
// from or that break the stdlib.
//
// Sockets: emscripten's socket emulation (SOCKFS) tunnels a socket's
// traffic over a WebSocket (in Node through the `ws` package, which pyxis
// does not ship). An operation that fails with anything but an errno
// (Node's "Cannot find module 'ws'", a browser's SecurityError for an
// insecure WebSocket) threw that JS error through the wasm syscall and
// killed the runtime. Here each socket operation turns such an error into
// EOPNOTSUPP, so Python raises OSError and the runtime goes on.
function socketErrorsAreErrnos() {
  if (typeof SOCKFS === "undefined") return; // no socket syscalls linked
  const ops = SOCKFS.websocket_sock_ops;
  for (const [name, op] of Object.entries(ops)) {
    if (typeof op !== "function") continue;
    ops[name] = function (...args) {
      try {
        return op.apply(this, args);
      } catch (e) {
        if (e?.name === "ErrnoError") throw e;
        throw new FS.ErrnoError(ERRNO_CODES.EOPNOTSUPP);
      }
    };
  }
}

// chmod and chown: they change a file's ctime, but emscripten's file
// systems keep one timestamp (the mtime) and these set it to now, so
// shutil.copystat/copy2 (utime, then chmod) lost the mtime they copied.
// Here they leave the timestamp alone (emscripten ignores uid and gid, so
// chown only checks the file).
function chmodKeepsMtime() {
  const nodeOf = (path, dontFollow) => {
    const node =
      typeof path === "string" ? FS.lookupPath(path, { follow: !dontFollow }).node : path;
    if (!node.node_ops.setattr) throw new FS.ErrnoError(ERRNO_CODES.EPERM);
    return node;
  };
  FS.chmod = (path, mode, dontFollow) => {
    const node = nodeOf(path, dontFollow);
    node.node_ops.setattr(node, { mode: (mode & 0o7777) | (node.mode & ~0o7777) });
  };
  FS.chown = (path, uid, gid, dontFollow) => void nodeOf(path, dontFollow);
}

// readlink: POSIX gives a link's target as it was stored; emscripten
// resolved it against the link's folder, so os.readlink of a relative link
// gave an absolute path (pathlib's readlink, tarfile's link filters). Here
// it gives the stored target (path lookups resolve it as before).
function readlinkAsStored() {
  FS.readlink = (path) => {
    const link = FS.lookupPath(path).node;
    if (!link) throw new FS.ErrnoError(ERRNO_CODES.ENOENT);
    if (!link.node_ops.readlink) throw new FS.ErrnoError(ERRNO_CODES.EINVAL);
    return link.node_ops.readlink(link);
  };
}

// Creating a file in a path whose folder is a regular file: POSIX says
// ENOTDIR; emscripten checked the file's permissions as a folder's and said
// EACCES (a PermissionError where Python code expects NotADirectoryError).
function createUnderFileIsEnotdir() {
  const mayCreate = FS.mayCreate;
  FS.mayCreate = (dir, name) => (FS.isDir(dir.mode) ? mayCreate(dir, name) : ERRNO_CODES.ENOTDIR);
}

// The fixes above change emscripten's FS and SOCKFS objects, which exist by
// preRun.
Module.preRun = [].concat(Module.preRun || [], () => {
  socketErrorsAreErrnos();
  chmodKeepsMtime();
  readlinkAsStored();
  createUnderFileIsEnotdir();
});

// fstat: emscripten looks the stream's path up, and a pipe's or a socket's
// end has none in the file tree, so fstat failed with ENOENT (which broke
// signal.set_wakeup_fd on a pipe, and with it asyncio's signal handlers).
// Here a stream whose path does not resolve is described from its node (a
// FIFO or socket: its mode, inode number and creation time). This replaces
// the import before the wasm module is instantiated (the function is
// declared in the same scope, below this file).
const fstatByPath = ___syscall_fstat64;
// eslint-disable-next-line no-global-assign
___syscall_fstat64 = function (fd, buf) {
  const r = fstatByPath(fd, buf);
  if (r !== -ERRNO_CODES.ENOENT) return r;
  let stream;
  try {
    stream = SYSCALLS.getStreamFromFD(fd);
  } catch {
    return r;
  }
  const { node } = stream;
  if (!node || (!FS.isFIFO(node.mode) && !FS.isSocket(node.mode))) return r;
  const time = new Date(node.timestamp ?? Date.now());
  return SYSCALLS.doStat(
    () => ({
      dev: 0,
      ino: node.id,
      mode: node.mode,
      nlink: 1,
      uid: 0,
      gid: 0,
      rdev: 0,
      size: 0,
      blocks: 0,
      atime: time,
      mtime: time,
      ctime: time,
    }),
    null,
    buf,
  );
};
