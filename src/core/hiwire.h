// hiwire: the handle table through which C holds JS values.
#ifndef PYXIS_HIWIRE_H
#define PYXIS_HIWIRE_H

#include <stdbool.h>
#include <stdint.h>

// A handle to a JS value held in the table (an even number carrying its
// slot's generation: a handle used after its release is an error, see
// hiwire.js). 0 is never a value: functions that return a JsRef return 0 on
// error (with a Python exception set).
typedef int JsRef;

// Immortal handles: never counted, never freed.
#define Js_undefined ((JsRef)2)
#define Js_null ((JsRef)4)
#define Js_true ((JsRef)6)
#define Js_false ((JsRef)8)

JsRef hiwire_incref(JsRef ref);
void hiwire_decref(JsRef ref);
// Debug counter: live (non-immortal) handles.
int hiwire_live_count(void);

JsRef hiwire_double(double value);
// hex: the magnitude in hexadecimal digits, without a prefix.
JsRef hiwire_bigint_from_hex(const char *hex, bool negative);
JsRef hiwire_string_utf8(const char *utf8, int len);
static inline JsRef hiwire_bool(bool value) { return value ? Js_true : Js_false; }

#endif
