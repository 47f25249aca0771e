// test-staticlib: a static library linked into test-ext at build time.
#ifndef TESTSTATIC_H
#define TESTSTATIC_H

// The weighted sum of n longs: sum(values[i] * (i + 1)).
long teststatic_weighted_sum(const long *values, int n);

#endif
