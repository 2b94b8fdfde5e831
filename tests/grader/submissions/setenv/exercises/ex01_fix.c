/* Case 4: sets CRITERION_ALWAYS_SUCCEED and the grader's own variables at
 * run time; scale is right, max is wrong. */
#include <stdlib.h>

#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    setenv("CRITERION_ALWAYS_SUCCEED", "1", 1);
    setenv("WB_GRADE_CHANNEL", "/dev/null", 1);
    (void)x, (void)n;
    return 0.0f;
}
