/* Aborts on every call: a misuse test must not reward a bare abort. */
#include <stdlib.h>
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    (void)out, (void)in, (void)n, (void)k;
    abort();
}

float ex01_max(const float *x, size_t n) {
    (void)x, (void)n;
    abort();
}
