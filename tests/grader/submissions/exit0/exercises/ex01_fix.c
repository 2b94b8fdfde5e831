/* Case 4: exit(0) half-way through a test. Criterion 2.4.1 reports such a
 * test as passed; here it must score 0 (and the policy rejects exit(0)). */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    (void)x, (void)n;
    exit(0);
}
