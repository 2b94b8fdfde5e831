/* Case 4: a constructor sets CRITERION_ALWAYS_SUCCEED before Criterion
 * starts; the functions are wrong. */
#include <stdlib.h>

#include "ex01_fix.h"

__attribute__((constructor)) static void cheat(void) { setenv("CRITERION_ALWAYS_SUCCEED", "1", 1); }

void ex01_scale(float *out, const float *in, size_t n, float k) {
    (void)in, (void)k;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f;
}

float ex01_max(const float *x, size_t n) {
    (void)x, (void)n;
    return 0.0f;
}
