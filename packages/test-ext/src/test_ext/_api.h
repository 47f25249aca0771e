// test_ext's C API between its two extension modules: _core exports this
// table in a capsule ("test_ext._core._C_API"); _caller calls through it.
#ifndef TEST_EXT_API_H
#define TEST_EXT_API_H

typedef struct {
  long (*scale)(long value, long factor);
  // Calls f(ctx, value) twice: f(ctx, f(ctx, value)).
  long (*apply_twice)(long (*f)(void *ctx, long value), void *ctx, long value);
} TestExtAPI;

#define TEST_EXT_CAPSULE "test_ext._core._C_API"

#endif
