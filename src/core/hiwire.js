// hiwire, JS side: the table of JS values that C holds by integer handle.
// Passed to emcc with --pre-js, so it runs inside the module's scope. The C
// side (hiwire.c) calls in through EM_JS; the loader uses Module.hiwire to
// take values out of handles returned by C.
//
// Handles are even numbers. 2, 4, 6 and 8 are the immortal undefined, null,
// true and false (never counted); allocated handles start at 10 and are
// freed when their count drops to zero.
Module.hiwire = (() => {
  const IMMORTAL = { 2: undefined, 4: null, 6: true, 8: false };
  const values = new Array(10).fill(undefined);
  values[4] = null;
  values[6] = true;
  values[8] = false;
  const counts = [];
  const free = [];
  let live = 0;
  const immortal = (ref) => ref in IMMORTAL;

  const hiwire = {
    // Stores a value and returns a new handle to it (count 1).
    new_value(value) {
      if (value === undefined) return 2;
      if (value === null) return 4;
      if (value === true) return 6;
      if (value === false) return 8;
      let ref = free.pop();
      if (ref === undefined) {
        ref = values.length;
        values.push(undefined, undefined);
      }
      values[ref] = value;
      counts[ref] = 1;
      live++;
      return ref;
    },
    get_value(ref) {
      if (!ref || ref & 1 || ref >= values.length || (!immortal(ref) && !counts[ref])) {
        throw new Error(`pyxis internal error: invalid hiwire handle ${ref}`);
      }
      return values[ref];
    },
    incref(ref) {
      hiwire.get_value(ref);
      if (!immortal(ref)) counts[ref]++;
      return ref;
    },
    decref(ref) {
      hiwire.get_value(ref);
      if (immortal(ref)) return;
      if (--counts[ref] === 0) {
        values[ref] = undefined;
        free.push(ref);
        live--;
      }
    },
    // Takes the value out of a handle the caller owns, releasing the handle.
    pop_value(ref) {
      const value = hiwire.get_value(ref);
      hiwire.decref(ref);
      return value;
    },
    live_count() {
      return live;
    },
  };
  return hiwire;
})();

// Strings from C carry their length (Python strings may hold NULs, where
// UTF8ToString would stop).
Module.utf8Decoder = new TextDecoder("utf-8", { fatal: true });
