/* Issue 19: code that hangs before any call (a constructor): every test
 * of the exercise fails at once, after one wait, not one timeout each. */
#include "check.h"
#include "ex01_fix.h"

static volatile int forever = 1;

__attribute__((constructor)) static void before_main(void) {
    while (forever) {
    }
}

void ex01_scale(float *out, const float *in, size_t n, float k) {
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    CHECK(n > 0, "empty (n = %zu)", n);
    return x[0];
}
