// test-staticlib: a static library (proves the static_library recipe type;
// test-ext links it in).
#include "teststatic.h"

long teststatic_weighted_sum(const long *values, int n) {
  long total = 0;
  for (int i = 0; i < n; i++) {
    total += values[i] * (i + 1);
  }
  return total;
}
