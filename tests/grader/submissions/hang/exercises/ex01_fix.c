/* Case 2: an endless loop (k < 0), a sleep (max) and a read from stdin
 * that never gets an answer (sum of nothing, in ex02): those tests time out. */
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    for (volatile int spin = 1; k < 0.0f && spin;) {
    }
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    if (n == 4) sleep(1000);
    CHECK(n > 0, "empty");
    float m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] > m) m = x[i];
    return m;
}
