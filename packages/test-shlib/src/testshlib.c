// test-shlib: a tiny C shared library (a side module loaded globally before
// the extension that links to it, test-shlib-user).
#include "testshlib.h"

int testshlib_calls = 0;

int testshlib_add(int a, int b) {
  testshlib_calls++;
  return a + b;
}

int testshlib_iterate(int (*f)(int), int x, int n) {
  for (int i = 0; i < n; i++) {
    x = f(x);
  }
  return x;
}

const char *testshlib_version(void) { return "testshlib 1.0.0"; }
