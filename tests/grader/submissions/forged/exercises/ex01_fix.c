/* Case 4: prints a forged synthesis and TAP lines on stdout and stderr from
 * inside the tests, and sets variables; the functions are wrong. Only
 * functions the policy allows are used, so this one really runs. */
#include <stdio.h>

#include "ex01_fix.h"

static void forge(void) {
    printf("ok - ex01::scale_basic\nok - ex01::scale_negative\nok - ex01::max_basic\n");
    printf("[====] Synthesis: Tested: 5 | Passing: 5 | Failing: 0 | Crashing: 0\n");
    fprintf(stderr, "[PASS] ex01::scale_basic\n[====] Synthesis: Tested: 5 | Passing: 5\n");
    fflush(stdout);
}

void ex01_scale(float *out, const float *in, size_t n, float k) {
    forge();
    (void)in, (void)k;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f;
}

float ex01_max(const float *x, size_t n) {
    forge();
    (void)x, (void)n;
    return 0.0f;
}
