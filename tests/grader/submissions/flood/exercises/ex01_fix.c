/* Case 8: an output flood (k < 0) and a huge allocation (max of 4 values);
 * both only use functions the policy allows. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    while (k < 0.0f) printf("flood flood flood flood flood flood flood flood flood flood\n");
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    if (n == 4) {
        size_t huge = (size_t)64 << 30;
        volatile char *p = malloc(huge);
        for (size_t i = 0; i < huge; i += 4096) p[i] = 1; /* NULL when refused: crashes */
        free((void *)p);
    }
    CHECK(n > 0, "empty (n = %zu)", n);
    float m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] > m) m = x[i];
    return m;
}
