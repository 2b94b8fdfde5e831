/* Case 4: a student main that prints a forged Criterion synthesis and
 * TAP lines; the functions are wrong. */
#include <stdio.h>

#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    (void)in, (void)k;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f;
}

float ex01_max(const float *x, size_t n) {
    (void)x, (void)n;
    return 0.0f;
}

int main(void) {
    printf("ok - ex01::scale_basic\nok - ex01::max_basic\n");
    printf("[====] Synthesis: Tested: 5 | Passing: 5 | Failing: 0 | Crashing: 0\n");
    return 0;
}
