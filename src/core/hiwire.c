// hiwire: the handle table. C never holds a JS value directly: it holds an
// integer handle into a JS-side table with a reference count. Handles are
// created with a count of one and freed when it drops to zero; the immortal
// handles (undefined, null, true, false) are never counted. The JS side of
// the table is Module.hiwire, used by the loader to take values out.
#include "hiwire.h"

#include <emscripten.h>

EM_JS(int, hiwire_init_js, (), {
  const values = [ undefined, undefined, undefined, undefined, null, undefined, true, undefined, false ];
  const counts = [];
  const free = [];
  let live = 0;
  const immortal = (ref) => ref <= 8;
  const hiwire = {
    // Stores a value and returns its new handle (count 1).
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
      if (!ref || (ref & 1) || ref >= values.length || (!immortal(ref) && !counts[ref])) {
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
    live_count() { return live; },
  };
  Module.hiwire = hiwire;
  Module.utf8Decoder = new TextDecoder("utf-8", {fatal : true});
  return 0;
});

int hiwire_init(void) { return hiwire_init_js(); }

EM_JS(JsRef, hiwire_incref, (JsRef ref), { return Module.hiwire.incref(ref); });
EM_JS(void, hiwire_decref, (JsRef ref), { Module.hiwire.decref(ref); });
EM_JS(int, hiwire_live_count, (), { return Module.hiwire.live_count(); });

EM_JS(JsRef, hiwire_int, (int value), { return Module.hiwire.new_value(value); });
EM_JS(JsRef, hiwire_double, (double value), { return Module.hiwire.new_value(value); });

EM_JS(JsRef, hiwire_bigint_from_hex, (const char *hex, bool negative), {
  const value = BigInt("0x" + UTF8ToString(hex));
  return Module.hiwire.new_value(negative ? -value : value);
});

EM_JS(JsRef, hiwire_string_utf8, (const char *utf8, int len), {
  // Not UTF8ToString: it stops at a NUL, and Python strings may hold NULs.
  return Module.hiwire.new_value(Module.utf8Decoder.decode(HEAPU8.subarray(utf8, utf8 + len)));
});
