/* Case 7: the submission also edits the tests, the header, the Makefile
 * and the library (all ignored); its max is wrong. */
#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    (void)n;
    return x[0];
}
