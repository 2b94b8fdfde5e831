/* Case 1: a segfault (k < 0), a stack overflow (max of 4 values) and an
 * abort (max of 1 value): those tests score 0, the rest full marks. */
#include <stdlib.h>

#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    if (k < 0.0f) *(volatile float *)NULL = k;
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

static float deep(const float *x, size_t n, volatile float *sink) {
    volatile float big[256];
    big[0] = x[0] + *sink;
    return deep(x, n, big) + big[1];
}

float ex01_max(const float *x, size_t n) {
    float zero = 0.0f;
    if (n == 4) return deep(x, n, &zero);
    if (n == 1) abort();
    CHECK(n > 0, "empty");
    return x[0];
}
