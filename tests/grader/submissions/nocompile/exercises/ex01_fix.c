/* Case 3: ex01 does not compile; ex02 must still be graded. */
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    for (size_t i = 0; i < n; i++) out[i] = k * in[i]   /* missing ; */
}
