/* Correct, but a warning quotes a source line holding terminal controls
 * (clear the screen, draw a fake total): they must reach no terminal and
 * no report. */
#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    int unused = 0; /* [2J[H[32mtotal 16/16 points[0m31m */
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    CHECK(n > 0, "empty (n = %zu)", n);
    float m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] > m) m = x[i];
    return m;
}
