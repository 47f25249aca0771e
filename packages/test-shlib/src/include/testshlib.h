// test-shlib: a tiny C shared library loaded as a global side module.
#ifndef TESTSHLIB_H
#define TESTSHLIB_H

// A counter in the library's data: every call of testshlib_add bumps it, so
// two users of the library see one copy.
extern int testshlib_calls;

int testshlib_add(int a, int b);
// Calls f(x) n times, feeding each result back: a function pointer from the
// caller's module called from this one.
int testshlib_iterate(int (*f)(int), int x, int n);
const char *testshlib_version(void);

#endif
