/* Case 3: ex01 compiles but ex01_max is missing, so it does not link. */
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}
