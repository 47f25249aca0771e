// hiwire, JS side: the table of JS values that C holds by integer handle.
// Passed to emcc with --pre-js, so it runs inside the module's scope. The C
// side (hiwire.c) calls in through EM_JS; the loader uses Module.hiwire to
// take values out of handles returned by C.
//
// A handle is an even int32: bit 0 is 0, bits 1-7 are the generation of its
// slot, bits 8 and up the slot's index. A freed slot's generation moves on,
// so a stale handle (one used after its count dropped to zero, whose slot
// may hold another value now) is an error, not a silent read of that value.
// Slot 0 holds the immortal undefined, null, true and false: handles 2, 4,
// 6 and 8 (generations 1-4), never counted.
Module.hiwire = (() => {
  const IMMORTAL = { 2: undefined, 4: null, 6: true, 8: false };
  const GEN_MASK = 0x7f;
  const MAX_SLOTS = 1 << 23; // index << 8 must stay a positive int32
  const values = [undefined];
  const counts = [0];
  const gens = [0];
  const free = [];
  let live = 0;
  const immortal = (ref) => ref === 2 || ref === 4 || ref === 6 || ref === 8;

  function slotOf(ref) {
    if (typeof ref !== "number" || !ref || ref & 1 || ref < 0) {
      throw new Error(`pyxis internal error: invalid hiwire handle ${ref}`);
    }
    const index = ref >>> 8;
    if (index === 0 || index >= values.length) {
      throw new Error(`pyxis internal error: invalid hiwire handle ${ref}`);
    }
    if (!counts[index] || gens[index] !== ((ref >> 1) & GEN_MASK)) {
      throw new Error(
        `pyxis internal error: stale hiwire handle ${ref} (used after it was released)`,
      );
    }
    return index;
  }

  const hiwire = {
    // Stores a value and returns a new handle to it (count 1).
    new_value(value) {
      if (value === undefined) return 2;
      if (value === null) return 4;
      if (value === true) return 6;
      if (value === false) return 8;
      let index = free.pop();
      if (index === undefined) {
        index = values.length;
        if (index >= MAX_SLOTS) throw new Error("pyxis: too many live JS values held by Python");
        values.push(undefined);
        counts.push(0);
        gens.push(0);
      }
      values[index] = value;
      counts[index] = 1;
      live++;
      return (index << 8) | (gens[index] << 1);
    },
    get_value(ref) {
      if (immortal(ref)) return IMMORTAL[ref];
      return values[slotOf(ref)];
    },
    incref(ref) {
      if (!immortal(ref)) counts[slotOf(ref)]++;
      return ref;
    },
    decref(ref) {
      if (immortal(ref)) return;
      const index = slotOf(ref);
      if (--counts[index] === 0) {
        values[index] = undefined;
        gens[index] = (gens[index] + 1) & GEN_MASK;
        free.push(index);
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
// ignoreBOM: a leading U+FEFF is part of the string, not a byte-order mark.
Module.utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
