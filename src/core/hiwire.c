// hiwire: the handle table, C side. C never holds a JS value directly: it
// holds an integer handle into the JS-side table (hiwire.js) with a reference
// count. A new handle has a count of one and is freed when it drops to zero;
// the immortal handles (undefined, null, true, false) are never counted.
#include "hiwire.h"

#include <emscripten.h>

#include "error.h"

// clang-format off: EM_JS bodies are JavaScript.
EM_JS(JsRef, hiwire_incref, (JsRef ref), { return Module.hiwire.incref(ref); });
EM_JS(void, hiwire_decref, (JsRef ref), { Module.hiwire.decref(ref); });
EM_JS(int, hiwire_live_count, (), { return Module.hiwire.live_count(); });
EM_JS(JsRef, hiwire_double, (double value), { return Module.hiwire.new_value(value); });

// These two can throw (a string or BigInt too large for the JS engine): the
// throw becomes a Python exception and 0 is returned.
EM_JS_REF(JsRef, hiwire_bigint_from_hex, (const char *hex, bool negative), {
  const value = BigInt("0x" + UTF8ToString(hex));
  return Module.hiwire.new_value(negative ? -value : value);
});

EM_JS_REF(JsRef, hiwire_string_utf8, (const char *utf8, int len), {
  return Module.hiwire.new_value(Module.utf8Decoder.decode(HEAPU8.subarray(utf8 >>> 0, (utf8 >>> 0) + len)));
});
// clang-format on
